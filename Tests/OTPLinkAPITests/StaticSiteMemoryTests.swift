import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import OTPLinkAPI

/// `serve --public` answers from memory: ETags and `304`, gzip for clients that accept it, and a new
/// build of the folder picked up while the server runs.
@Suite struct StaticSiteMemoryTests {
    /// A page long enough that gzip pays.
    static let page = "<!doctype html><title>Open a security link</title>\n" + String(repeating: "<p>Enter the address the link was shared with.</p>\n", count: 40)

    private func site() throws -> StaticSiteTests.BuiltSite {
        let site = try StaticSiteTests.BuiltSite()
        try site.write("en/link/index.html", Self.page)
        return site
    }

    private func application(_ site: StaticSiteTests.BuiltSite, checkInterval: Duration = .seconds(1)) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: StaticSiteMiddleware(folder: site.folder.path, checkInterval: checkInterval))
        router.get("/healthz") { _, _ in "ok" }
        return Application(router: router)
    }

    /// The bytes `gzip -dc` makes of `bytes`.
    private func gunzip(_ bytes: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("otplink-\(UUID().uuidString).gz")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func anETagAnswersTheNextRequestWith304AndNoBody() async throws {
        let site = try site()
        defer { site.remove() }
        try await application(site).test(.router) { client in
            let etag = try await client.execute(uri: "/en/link/", method: .get) { response in
                #expect(response.status == .ok)
                return try #require(response.headers[.eTag])
            }
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
            try await client.execute(uri: "/en/link/", method: .get, headers: [.ifNoneMatch: "\"other\", \(etag)"]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            try await client.execute(uri: "/en/link/", method: .get, headers: [.ifNoneMatch: "\"other\""]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == Self.page)
            }
        }
    }

    @Test func gzipGoesToClientsThatAcceptItWithEverySecurityHeader() async throws {
        let site = try site()
        defer { site.remove() }
        try await application(site).test(.router) { client in
            try await client.execute(uri: "/en/link/", method: .get, headers: [.acceptEncoding: "br;q=1, gzip;q=0.8"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.vary] == "Accept-Encoding")
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                #expect(response.body.readableBytes < Self.page.utf8.count / 4)
                let unzipped = try gunzip(Array(buffer: response.body))
                #expect(unzipped == Self.page)
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.cacheControl] == "no-cache")
            }
            for refusal in ["gzip;q=0", "identity", "deflate"] {
                try await client.execute(uri: "/en/link/", method: .get, headers: [.acceptEncoding: refusal]) { response in
                    #expect(response.headers[.contentEncoding] == nil, "\(refusal)")
                    #expect(String(buffer: response.body) == Self.page)
                }
            }
        }
    }

    @Test(arguments: [
        ("gzip, deflate, br, zstd", true), ("br;q=1, GZIP;q=0.8", true), ("x-gzip", true), ("*", true),
        ("gzip;q=0", false), ("gzip; q=0.000", false), ("*;q=0", false), ("identity", false), ("", false),
        // A coding the client names outranks its `*`, in either order.
        ("*, gzip;q=0", false), ("gzip;q=0, *", false), ("*;q=0, gzip", true),
    ])
    func gzipIsChosenByAcceptEncoding(header: String, gzip: Bool) {
        #expect(ServedFile.acceptsGzip(header) == gzip)
    }

    @Test func aNewBuildOfTheFolderIsServedWithoutARestart() async throws {
        let site = try site()
        defer { site.remove() }
        try await application(site, checkInterval: .milliseconds(50)).test(.router) { client in
            try await client.execute(uri: "/en/link/", method: .get) { response in
                #expect(String(buffer: response.body) == Self.page)
            }
            try site.write("en/link/index.html", "<!doctype html><title>Rebuilt</title>")
            try site.write("en/new/index.html", "<!doctype html><title>New page</title>")
            var served = ""
            for _ in 0..<200 where !served.contains("Rebuilt") {
                try await Task.sleep(for: .milliseconds(20))
                served = try await client.execute(uri: "/en/link/", method: .get) { String(buffer: $0.body) }
            }
            #expect(served.contains("Rebuilt"))
            try await client.execute(uri: "/en/new/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("New page"))
            }
        }
    }
}
