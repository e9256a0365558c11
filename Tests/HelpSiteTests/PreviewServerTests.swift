import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@testable import HelpSite

/// `helpgen serve`'s server over real HTTP on loopback: files, the injected reload script, the
/// event stream that reloads pages and shows problems, and paths that must not leave the folder.
@Suite struct PreviewServerTests {
    private func served(_ files: [String: String]) throws -> (PreviewServer, LiveReload, String) {
        let root = NSTemporaryDirectory() + "helpgen-preview-" + UUID().uuidString
        for (path, text) in files {
            let file = root + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }
        let live = LiveReload()
        let server = try PreviewServer(host: "127.0.0.1", port: 0, root: root, live: live)
        server.start()
        return (server, live, root)
    }

    @Test func pagesGetTheReloadScriptAndOtherFilesAreServedAsTheyAre() throws {
        let (server, live, root) = try served([
            "en/a/index.html": "<!DOCTYPE html><html><body><h1>A</h1></body></html>",
            "assets/app.css": "body{}",
            "404.html": "<!DOCTYPE html><html><body>missing</body></html>",
        ])
        defer { server.stop(); try? FileManager.default.removeItem(atPath: root) }
        live.rebuilt()
        let page = try request(server.port, "GET /en/a/ HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(page.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(page.contains("Content-Type: text/html; charset=utf-8\r\n"))
        #expect(page.contains("<h1>A</h1><script src=\"/__helpgen/live.js?since=1\" defer></script>\n</body>"))
        let css = try request(server.port, "GET /assets/app.css HTTP/1.1\r\n\r\n")
        #expect(css.contains("Content-Type: text/css; charset=utf-8\r\n") && css.hasSuffix("\r\n\r\nbody{}"))
        #expect(try request(server.port, "GET /en/a HTTP/1.1\r\n\r\n").contains("301 Moved Permanently\r\n"))
        #expect(try request(server.port, "GET /en/a HTTP/1.1\r\n\r\n").contains("Location: /en/a/\r\n"))
        let missing = try request(server.port, "GET /nowhere/ HTTP/1.1\r\n\r\n")
        #expect(missing.hasPrefix("HTTP/1.1 404 Not Found") && missing.contains("missing<script src=\"/__helpgen/live.js"))
        #expect(try request(server.port, "GET /__helpgen/live.js HTTP/1.1\r\n\r\n").contains("new EventSource(\"/__helpgen/events?since=\""))
        #expect(try request(server.port, "GET /../../etc/passwd HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 400"))
        #expect(try request(server.port, "GET /%2e%2e/etc/passwd HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 400"))
        #expect(try request(server.port, "POST /en/a/ HTTP/1.1\r\nContent-Length: 0\r\n\r\n").hasPrefix("HTTP/1.1 405"))
    }

    @Test func theEventStreamReloadsAfterARebuildAndShowsProblemsMeanwhile() throws {
        let (server, live, root) = try served(["index.html": "<html><body></body></html>"])
        defer { server.stop(); try? FileManager.default.removeItem(atPath: root) }
        live.rebuilt()
        // A page served before a rebuild that it missed reloads at once.
        #expect(try request(server.port, "GET /__helpgen/events?since=0 HTTP/1.1\r\n\r\n").contains("event: reload\ndata: 1\n\n"))
        let client = try Connection(port: server.port)
        try client.send("GET /__helpgen/events?since=1 HTTP/1.1\r\n\r\n")
        #expect(try client.read(until: "retry: 500\n\n").contains("Content-Type: text/event-stream\r\n"))
        live.failed("site/content/en/a.md:3: `order:` must be a whole number\nsite/content/en/b.md:1: no title")
        let problems = try client.read(until: "no title\n\n")
        #expect(problems.hasSuffix("event: problems\ndata: site/content/en/a.md:3: `order:` must be a whole number\ndata: site/content/en/b.md:1: no title\n\n"))
        live.rebuilt()
        #expect(try client.read(until: "data: 2\n\n").hasSuffix("event: reload\ndata: 2\n\n"))
    }

    @Test func aHostThatIsNoAddressIsRefused() {
        #expect(throws: PreviewError.self) { try PreviewServer(host: "localhost:80", port: 0, root: "/nonexistent", live: LiveReload()) }
    }

    /// Sends `text` and reads until the server closes (or `until` arrives).
    private func request(_ port: Int, _ text: String, until marker: String? = nil) throws -> String {
        let connection = try Connection(port: port)
        try connection.send(text)
        return try connection.read(until: marker)
    }
}

/// A loopback TCP connection with a 10 s read timeout.
private final class Connection {
    private let socket: Int32
    private var received: [UInt8] = []

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// Everything received so far once `marker` arrived, or once the server closed (or 10 s passed).
    func read(until marker: String? = nil) throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let text = String(decoding: received, as: UTF8.self)
            if let marker, text.contains(marker) { return text }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return text }
            received += buffer[0..<count]
        }
    }
}
