import Testing
@testable import OTPLinkAPI

@Suite("Client address from X-Forwarded-For")
struct ClientAddressTests {
    @Test("The last entry, the one the trusted proxy added, is the client", arguments: [
        (["203.0.113.5"], "203.0.113.5"),
        (["10.0.0.1, 203.0.113.5"], "203.0.113.5"),
        (["forged", "198.51.100.2 , 2001:db8::1"], "2001:db8::1"),
    ])
    func lastEntry(lines: [String], expected: String) {
        #expect(ClientAddressMiddleware.lastForwardedAddress(lines) == expected)
    }

    @Test("Garbage is not an address", arguments: [[], [""], ["<script>"], ["1.2.3.4, evil host"]])
    func garbage(lines: [String]) {
        #expect(ClientAddressMiddleware.lastForwardedAddress(lines) == nil)
    }
}
