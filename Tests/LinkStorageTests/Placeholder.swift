import Testing
@testable import LinkStorage
