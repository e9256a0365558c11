import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OTPLinkAPI

/// `serve --public`: the application `serve` builds answers both the site and the API.
@Suite("The built site served beside the API")
struct ServedSiteTests {
    /// A service whose configuration serves a small built site.
    static func service() throws -> TestService {
        let site = try TemporaryFolder.make()
        for (path, text) in [
            ("en/link/index.html", "<!doctype html><title>Open a shared file</title>"),
            ("assets/link.0a1b2c3d.js", "'use strict';"),
            ("404.html", "<!doctype html><title>Page not found</title>"),
        ] {
            let url = site.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try TestService { $0.publicFolder = site }
    }

    @Test("The authentication page comes with its security policy and no-cache, the API keeps no-store")
    func pageAndAPI() async throws {
        try await Self.service().test { client in
            let page = try await client.execute(uri: "/en/link/", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("Open a shared file"))
            #expect(page.headers[.cacheControl] == "no-cache")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")

            let script = try await client.execute(uri: "/assets/link.0a1b2c3d.js", method: .get)
            #expect(script.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")

            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.json["status"] as? String == "ok")
            #expect(health.headers[.cacheControl] == "no-store")

            let link = try await client.execute(uri: "/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA", method: .get)
            #expect(link.status == .notFound)
            #expect(link.errorCode == "link_not_found")
            #expect(link.headers[.cacheControl] == "no-store")
        }
    }

    @Test("Unknown pages get the site's 404 page; unknown API calls keep their JSON 404")
    func notFound() async throws {
        try await Self.service().test { client in
            let page = try await client.execute(uri: "/en/missing/", method: .get)
            #expect(page.status == .notFound)
            #expect(page.text.contains("Page not found"))
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")

            let call = try await client.execute(uri: "/api/v1/missing", method: .get)
            #expect(call.status == .notFound)
            #expect(call.errorCode == "not_found")

            let traversal = try await client.execute(uri: "/%2e%2e/%2e%2e/etc/passwd", method: .get)
            #expect(traversal.status == .notFound)
            #expect(!traversal.text.contains("root:"))
        }
    }

    @Test("serve --public rejects a folder that does not exist, naming the flag")
    func missingFolder() throws {
        let options = try StaticSiteOptions.parse(["--public", "/nonexistent/otplink-public"])
        #expect(throws: (any Error).self) { try options.folder(environment: [:]) }
        do {
            _ = try options.folder(environment: [:])
        } catch {
            #expect("\(error)".contains("--public"))
        }
        #expect(try StaticSiteOptions.parse([]).folder(environment: [:]) == nil)
    }
}
