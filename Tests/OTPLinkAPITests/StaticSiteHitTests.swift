import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import OTPLinkAPI

/// Pages the routes are known to have nothing for are answered before the rest of the chain: still
/// counted, still for the site's host names only, no longer one info line each.
@Suite("Page hits answered first")
struct StaticSiteHitTests {
    @Test("A page hit is counted in the metrics like the first request for it, and logged at info only once")
    func hitsAreCountedNotLogged() async throws {
        let service = try ServedSiteTests.service()
        try await service.test { client in
            var etag: String?
            for _ in 1...3 {
                let page = try await client.execute(uri: "/en/link/", method: .get)
                #expect(page.status == .ok)
                #expect(page.text.contains("Open a shared file"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                etag = page.headers[.eTag]
            }
            let revalidated = try await client.execute(uri: "/en/link/", method: .get, headers: [.ifNoneMatch: try #require(etag)])
            #expect(revalidated.status == .notModified)
            #expect(revalidated.body.readableBytes == 0)
            let head = try await client.execute(uri: "/en/link/", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == "\(Data("<!doctype html><title>Open a shared file</title>".utf8).count)")

            let metrics = try await client.execute(uri: "/api/v1/admin/metrics", method: .get, headers: service.adminHeaders).text
            #expect(metrics.contains(#"otplink_http_requests_total{route="site",method="GET",status="200"} 3"#), "\(metrics)")
            #expect(metrics.contains(#"otplink_http_requests_total{route="site",method="GET",status="304"} 1"#))
            #expect(metrics.contains(#"otplink_http_requests_total{route="site",method="HEAD",status="200"} 1"#))
            #expect(metrics.contains(#"otplink_http_request_duration_seconds_count{route="site"} 5"#))
        }
        let requestLines = service.logs.text.split(separator: "\n").filter { $0.hasPrefix("info request") && $0.contains("http.route=site") }
        #expect(requestLines.count == 1, "\(requestLines)")
    }

    @Test("A page already served is still refused, 421, to a host name that is not the site's")
    func hitsKeepTheHostCheck() async throws {
        var service = try ServedSiteTests.service()
        service.configuration.allowedHosts = ["help.example.com"]
        try await service.testLive { client in
            let port = try #require(client.port)
            for _ in 1...2 {
                let page = try await httpGet(port: port, path: "/en/link/", host: "help.example.com")
                #expect(page.hasPrefix("HTTP/1.1 200"), "\(page)")
                #expect(page.contains("Open a shared file"))
            }
            let rebound = try await httpGet(port: port, path: "/en/link/", host: "rebind.attacker.example")
            #expect(rebound.hasPrefix("HTTP/1.1 421"), "\(rebound)")
            #expect(!rebound.contains("Open a shared file"))
        }
    }

    @Test("On a kept-alive connection, hits are answered in the order they were asked, between other calls, with every header")
    func hitsOnAConnectionKeepTheirOrder() async throws {
        var configured = try ServedSiteTests.service()
        configured.configuration.allowedHosts = ["help.example.com"]
        let service = configured
        try await service.testLive { client in
            let port = try #require(client.port)
            func get(_ path: String, host: String = "help.example.com", close: Bool = false) -> String {
                "GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\(close ? "Connection: close\r\n" : "")\r\n"
            }
            // The first request for the page goes through the routes, which have nothing for it.
            #expect(try await httpGet(port: port, path: "/en/link/", host: "help.example.com").hasPrefix("HTTP/1.1 200"))

            // Sent at once: a hit first, then a call, a hit that must wait for the call's answer, a hit
            // for another host, and the last hit.
            let answer = try await httpExchange(port: port, request: get("/en/link/") + get("/healthz") + get("/en/link/")
                + get("/en/link/", host: "rebind.attacker.example") + get("/en/link/", close: true))
            let answers = answer.components(separatedBy: "HTTP/1.1 ").dropFirst()
            let kinds = answers.map { $0.contains("Open a shared file") ? "page" : $0.contains(#"{"status":"ok"}"#) ? "health" : String($0.prefix(3)) }
            #expect(kinds == ["page", "health", "page", "421", "page"], "\(answer)")
            let first = try #require(answers.first).lowercased()
            #expect(first.hasPrefix("200 ok\r\n"))
            #expect(first.contains("\r\ndate: "))
            #expect(first.contains("\r\ncontent-security-policy: ") && first.contains("frame-ancestors 'none'"))
            #expect(first.contains("\r\netag: \""))

            // Every page counted: the first through the routes, and the three hits.
            let metrics = try await httpExchange(port: port, request: "GET /api/v1/admin/metrics HTTP/1.1\r\nHost: help.example.com\r\n"
                + "Authorization: Bearer \(service.adminKey)\r\nConnection: close\r\n\r\n")
            #expect(metrics.contains(#"otplink_http_requests_total{route="site",method="GET",status="200"} 4"#), "\(metrics)")
        }
    }

    @Test("A connection that keeps asking for pages is not idle: it outlives the idle timeout")
    func aConnectionBusyWithHitsIsNotIdle() async throws {
        var configured = try ServedSiteTests.service()
        configured.configuration.idleTimeout = .milliseconds(500)
        let service = configured
        try await service.testLive { client in
            let port = try #require(client.port)
            #expect(try await httpGet(port: port, path: "/en/link/").hasPrefix("HTTP/1.1 200"))
            // Eight hits, 150 ms apart: 1.2 s on one connection, every gap well under the idle timeout.
            let page = "GET /en/link/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let answers = try await httpSession(port: port, requests: Array(repeating: page, count: 8), pause: .milliseconds(150))
            #expect(answers.count == 8, "the connection was closed after \(answers.count) answers")
            #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 200") && $0.contains("Open a shared file") })
        }
    }

    @Test("A hit's Date header is now, in HTTP's date format")
    func dateHeaderIsNowInHTTPFormat() throws {
        var date = HTTPDate()
        let text = date.now()
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "GMT")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let read = try #require(format.date(from: text), "\(text)")
        #expect(abs(read.timeIntervalSinceNow) < 2)
        #expect(format.string(from: read) == text)
    }

    @Test("Request paths are decoded, checked and collapsed as the site reads them", arguments: [
        ("/en/link/", RequestedPath.path("/en/link/")),
        ("/en/%6Cink/", .path("/en/link/")),
        ("/a..b/c.d", .path("/a..b/c.d")),
        ("//en", .normalised("/en")),
        ("/%2Fen//link/", .normalised("/en/link/")),
        ("/%2e%2e/%2e%2e/etc/passwd", .refused),
        ("/en/../404.html", .refused),
        ("/en/./link/", .refused),
        ("/en/..", .refused),
        ("/en%5C..%5Csecret", .refused),
        ("/en/link%00.html", .refused),
        ("/%zz", .refused),
        ("en/link/", .refused),
    ])
    func paths(raw: String, reading: RequestedPath) {
        #expect(RequestedPath(raw) == reading)
    }

    @Test("The paths remembered as the site's are bounded: encodings beyond the limit go through the routes")
    func rememberedPathsAreBounded() throws {
        let site = try StaticSiteTests.BuiltSite()
        defer { site.remove() }
        let served = ServedSite(folder: site.folder, policy: SiteResponseHeaders())
        for n in 0..<ServedSite.sitePathLimit { served.noteSitePath("/p\(n)") }
        served.noteSitePath("/one-too-many")
        #expect(served.isSitePath("/p0"))
        #expect(served.isSitePath("/p\(ServedSite.sitePathLimit - 1)"))
        #expect(!served.isSitePath("/one-too-many"))
    }
}
