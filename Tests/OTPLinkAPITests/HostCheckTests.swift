import Testing
@testable import OTPLinkAPI

@Suite("Host names: with --site-url, other names get 421")
struct HostCheckTests {
    @Test("A request for another host name is answered 421; the site's name and IP addresses are served")
    func misdirected() async throws {
        let service = try TestService { $0.allowedHosts = ["help.example.com"] }
        try await service.testLive { client in
            let port = try #require(client.port)
            let rebound = try await httpGet(port: port, path: "/healthz", host: "rebind.attacker.example")
            #expect(rebound.hasPrefix("HTTP/1.1 421"), "\(rebound)")
            #expect(rebound.contains("misdirected_request"))
            let api = try await httpGet(port: port, path: "/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA", host: "evil.example:\(port)")
            #expect(api.hasPrefix("HTTP/1.1 421"))
            for host in ["help.example.com", "HELP.example.com:443", "127.0.0.1:\(port)", "[::1]:\(port)"] {
                let served = try await httpGet(port: port, path: "/healthz", host: host)
                #expect(served.hasPrefix("HTTP/1.1 200"), "\(host): \(served)")
            }
        }
    }

    @Test("--allowed-host adds names, and needs --site-url")
    func commandLine() throws {
        let configuration = try ServeCommand.parse(["--site-url", "https://help.example.com", "--allowed-host", "api.example.com"])
            .apiConfiguration(environment: [:])
        #expect(configuration.allowedHosts == ["help.example.com", "api.example.com"])
        #expect(try ServeCommand.parse([]).apiConfiguration(environment: [:]).allowedHosts.isEmpty)
        #expect(throws: (any Error).self) {
            try ServeCommand.parse(["--allowed-host", "api.example.com"]).apiConfiguration(environment: [:])
        }
    }

    @Test("Only IP literals count as addresses", arguments: [
        ("127.0.0.1", true), ("127.0.0.1:8080", true), ("[::1]:8080", true), ("[::1]", true),
        ("localhost:8080", false), ("1.2.3.4.nip.io", false), ("[evil]", false), ("::1", false),
    ])
    func addresses(host: String, isAddress: Bool) {
        #expect(HostCheckMiddleware.isAddress(host) == isAddress)
    }
}
