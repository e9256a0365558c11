import Testing
@testable import LinkMail
