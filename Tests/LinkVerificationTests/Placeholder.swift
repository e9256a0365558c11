import Testing
@testable import LinkVerification
