import Testing
@testable import OTPLinkAPI

@Suite("Client address through trusted proxies")
struct ClientAddressTests {
    let proxies = try! TrustedProxies(parsing: "10.0.0.0/8, 2001:db8:ffff::/48")

    private func client(peer: String, _ lines: [String]) -> String {
        proxies.clientAddress(peer: IPAddress(peer)!, forwardedFor: lines).description
    }

    @Test("Through a trusted proxy, the first untrusted address from the right is the client")
    func throughProxies() {
        #expect(client(peer: "10.0.0.2", ["203.0.113.5"]) == "203.0.113.5")
        #expect(client(peer: "10.0.0.2", ["198.51.100.9, 203.0.113.5, 10.1.2.3"]) == "203.0.113.5")
        #expect(client(peer: "2001:db8:ffff::1", ["2001:db8:1::7"]) == "2001:db8:1::7")
    }

    @Test("A peer that is not a trusted proxy is the client, whatever it forwards")
    func untrustedPeer() {
        #expect(client(peer: "198.51.100.2", ["203.0.113.5"]) == "198.51.100.2")
        #expect(client(peer: "2001:db8:1::1", ["10.0.0.1"]) == "2001:db8:1::1")
    }

    @Test("An entry that is not an IP address stops the walk at the last hop known for sure", arguments: [
        ["forged"], ["<script>"], ["1.2.3.4, evil host"], ["999.1.1.1"], ["203.0.113.5, 1.2.3.4.5"],
    ])
    func garbage(lines: [String]) {
        #expect(client(peer: "10.0.0.2", lines) == "10.0.0.2")
    }

    @Test("No header: the proxy itself")
    func noHeader() {
        #expect(client(peer: "10.0.0.2", []) == "10.0.0.2")
    }

    @Test("--trust-proxy takes addresses and networks and names the entry it refuses")
    func parsing() throws {
        #expect(try TrustedProxies(parsing: "127.0.0.1, ::1, 192.168.0.0/16").description == "127.0.0.1/32,::1/128,192.168.0.0/16")
        for bad in ["true", "10.0.0.0/33", "fe80::/129", "10.0.0.1/x", "proxy.example.com"] {
            #expect(throws: TrustedProxiesError.self) { try TrustedProxies(parsing: bad) }
            do { _ = try TrustedProxies(parsing: "127.0.0.1,\(bad)") } catch { #expect(error.entry == bad) }
        }
    }

    @Test("IPv6 clients count by /64; IPv4 clients by address")
    func clientKeys() {
        #expect(IPAddress("2001:db8:1:2:aaaa::1")!.clientKey == IPAddress("2001:db8:1:2:ffff:1:2:3")!.clientKey)
        #expect(IPAddress("2001:db8:1:2::1")!.clientKey != IPAddress("2001:db8:1:3::1")!.clientKey)
        #expect(IPAddress("203.0.113.5")!.clientKey == "203.0.113.5")
        #expect(IPAddress("::ffff:203.0.113.5")!.clientKey == "203.0.113.5")
        #expect(IPAddress("203.0.113.5")!.clientKey != IPAddress("203.0.113.6")!.clientKey)
    }
}
