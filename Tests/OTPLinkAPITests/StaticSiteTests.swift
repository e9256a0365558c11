import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import OTPLinkAPI

/// `serve --public DIR`: the built site from the API's origin, with its caching and security headers.
@Suite struct StaticSiteTests {
    /// A small built site on disk: two pages, a hashed asset, an unhashed file and the 404 page.
    struct BuiltSite {
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("otplink-site-\(UUID().uuidString)", isDirectory: true)
            try write("index.html", "<!doctype html><title>Help</title>")
            try write("en/link/index.html", "<!doctype html><title>Open a security link</title>")
            try write("assets/link.0a1b2c3d.js", "console.log('link')")
            try write("assets/app.3f9c1a2b.css", "body{margin:0}")
            try write("robots.txt", "User-agent: *\n")
            try write("404.html", "<!doctype html><title>Page not found</title>")
            // A file beside the site that traversal must never reach.
            try "top secret".write(
                to: folder.deletingLastPathComponent().appendingPathComponent("secret-\(folder.lastPathComponent).txt"),
                atomically: true, encoding: .utf8)
        }

        func write(_ path: String, _ text: String) throws {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        func remove() {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(
                at: folder.deletingLastPathComponent().appendingPathComponent("secret-\(folder.lastPathComponent).txt"))
        }

        /// The site behind a router that also has an API route and a health route.
        func application() -> some ApplicationProtocol {
            let router = Router()
            router.add(middleware: StaticSiteMiddleware(folder: folder.path))
            router.get("/healthz") { _, _ in "ok" }
            router.get("/api/v1/links/:token") { _, _ in "api" }
            return Application(router: router)
        }
    }

    @Test func folderURLsServeTheirIndexPageWithThePageHeaders() async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        try await site.application().test(.router) { client in
            try await client.execute(uri: "/en/link/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Open a security link"))
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<title>Help</title>"))
            }
        }
    }

    @Test func aFolderURLWithoutItsSlashRedirectsToTheSlashedOne() async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        try await site.application().test(.router) { client in
            try await client.execute(uri: "/en/link", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/en/link/")
            }
        }
    }

    @Test(arguments: [
        ("//en/link", "/en/link"), ("/%2Fen/link", "/en/link"), ("//en//link/", "/en/link/"), ("///en?x=1", "/en?x=1"),
    ])
    func aPathWithRepeatedSlashesRedirectsToItsOneSlashFormNeverToAnotherHost(path: String, location: String) async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        try await site.application().test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == location)
            }
            // Following it ends on the page, and no answer on the way names another host.
            try await client.execute(uri: location.components(separatedBy: "?")[0], method: .get) { response in
                let next = response.headers[.location]
                #expect(next == nil || next == "/en/link/")
            }
            try await client.execute(uri: "/%5Cen/link", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func hashedAssetsAreCachedForAYearAndOtherFilesRevalidated() async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        try await site.application().test(.router) { client in
            try await client.execute(uri: "/assets/link.0a1b2c3d.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[.contentSecurityPolicy] == nil)
            }
            try await client.execute(uri: "/assets/app.3f9c1a2b.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/robots.txt", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
            }
        }
    }

    @Test func unknownPathsGetTheSites404PageWithStatus404() async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        try await site.application().test(.router) { client in
            try await client.execute(uri: "/en/no-such-page/", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Page not found"))
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            try await client.execute(uri: "/en/no-such-page/", method: .head) { response in
                #expect(response.status == .notFound)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test(arguments: [
        "/../secret.txt", "/en/../../secret.txt", "/%2e%2e/secret.txt", "/en/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt", "/assets/%00.js",
    ])
    func pathsThatTryToLeaveTheSiteFolderGetThe404Page(path: String) async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        let secretName = "secret-\(site.folder.lastPathComponent).txt"
        let uri = path.replacingOccurrences(of: "secret.txt", with: secretName)
        try await site.application().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("top secret"))
            }
        }
    }

    @Test func routesAnswerBeforeTheSiteAndTheAPIIsNeverServedFromDisk() async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        try site.write("api/v1/openapi.yaml", "from disk")
        try site.write("healthz", "from disk")
        try await site.application().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(String(buffer: response.body) == "ok")
            }
            try await client.execute(uri: "/api/v1/links/abc", method: .get) { response in
                #expect(String(buffer: response.body) == "api")
                #expect(response.headers[.contentSecurityPolicy] == nil)
            }
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("from disk"))
            }
        }
    }

    @Test func writesToSitePathsAreNotServedFromDisk() async throws {
        let site = try BuiltSite()
        defer { site.remove() }
        try await site.application().test(.router) { client in
            try await client.execute(uri: "/en/link/", method: .post) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("Open a security link"))
            }
        }
    }

    @Test(arguments: [
        ("app.3f9c1a2b.css", true), ("assets/link.0123456789abcdef.js", true), ("link.js", false),
        ("app.3f9c1a2.css", false), ("app.nothexxx.css", false), (".3f9c1a2b.css", false), ("index.html", false),
    ])
    func fingerprintedNamesAreRecognised(name: String, fingerprinted: Bool) {
        #expect(SiteResponseHeaders.isFingerprinted(name) == fingerprinted)
    }
}
