import Testing
@testable import OTPLinkAPI
