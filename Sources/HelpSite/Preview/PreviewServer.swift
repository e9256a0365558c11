import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `helpgen serve`'s small HTTP/1.1 server: the output folder's files on a loopback address, each
/// HTML page with the live-reload script (`LiveReload.script`) added before `</body>`, and the
/// server-sent events that script listens to at `/__helpgen/events`.
///
/// One thread accepts; each connection gets a thread, answers one request and closes (the event
/// stream stays open until the page goes). Connections are limited in number, requests in size
/// and time. Only GET and HEAD are answered; a path never leaves the output folder.
public final class PreviewServer: @unchecked Sendable {
    /// The port it listens on (the one the system chose when asked for port 0).
    public let port: Int
    private let listener: Int32
    private let root: String
    private let live: LiveReload
    private let lock = NSLock()
    private var open = 0
    private var stopped = false
    private static let maxConnections = 64
    private static let maxRequestBytes = 16 * 1024

    /// Listens on `host:port` (`port` 0: any free port) and serves `root` with `live`'s events.
    public init(host: String, port: Int, root: String, live: LiveReload) throws {
        self.root = root
        self.live = live
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw PreviewError("--host \(host) is not an IPv4 address such as 127.0.0.1")
        }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw PreviewError("cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw PreviewError("cannot listen on \(host):\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        listener = socket
    }

    /// Starts accepting connections on a thread of its own.
    public func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "helpgen serve"
        thread.start()
    }

    /// Stops accepting; open connections end on their own.
    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                lock.lock()
                let done = stopped
                lock.unlock()
                if done || (errno != EINTR && errno != ECONNABORTED && errno != EMFILE) { return }
                continue
            }
            lock.lock()
            let admitted = open < Self.maxConnections
            if admitted { open += 1 }
            lock.unlock()
            guard admitted else { close(connection); continue }
            let thread = Thread { [self] in
                handle(connection)
                close(connection)
                lock.lock()
                open -= 1
                lock.unlock()
            }
            thread.start()
        }
    }

    private func handle(_ connection: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequestHead(connection) else { return }
        let parts = request.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return respond(connection, status: "400 Bad Request", type: "text/plain; charset=utf-8", body: Array("bad request\n".utf8))
        }
        let method = String(parts[0]), target = String(parts[1])
        guard method == "GET" || method == "HEAD" else {
            return respond(connection, status: "405 Method Not Allowed", type: "text/plain; charset=utf-8", body: Array("only GET and HEAD\n".utf8), extra: "Allow: GET, HEAD\r\n")
        }
        let head = method == "HEAD"
        let rawPath = String(target.prefix { $0 != "?" && $0 != "#" })
        let query = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? ""
        switch rawPath {
        case "/__helpgen/live.js":
            return respond(connection, status: "200 OK", type: "text/javascript; charset=utf-8", body: Array(LiveReload.script.utf8), head: head)
        case "/__helpgen/events":
            let since = query.split(separator: "&").first { $0.hasPrefix("since=") }.flatMap { Int($0.dropFirst(6)) } ?? 0
            return streamEvents(connection, since: since)
        default:
            break
        }
        guard let path = rawPath.removingPercentEncoding, path.hasPrefix("/"),
              !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }), !path.contains("\0")
        else {
            return respond(connection, status: "400 Bad Request", type: "text/plain; charset=utf-8", body: Array("bad path\n".utf8), head: head)
        }
        var isFolder: ObjCBool = false
        let file = root + path
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue, !path.hasSuffix("/") {
            return respond(connection, status: "301 Moved Permanently", type: "text/plain; charset=utf-8", body: [], extra: "Location: \(rawPath)/\r\n", head: head)
        }
        let served = isFolder.boolValue ? file + "index.html" : file
        if let data = FileManager.default.contents(atPath: served) {
            let type = Self.contentType(of: served)
            let body = type.hasPrefix("text/html") ? withScript([UInt8](data)) : [UInt8](data)
            return respond(connection, status: "200 OK", type: type, body: body, head: head)
        }
        let notFound = FileManager.default.contents(atPath: root + "/404.html").map { [UInt8]($0) }
            ?? Array("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><p>Not built yet.</p></body></html>".utf8)
        respond(connection, status: "404 Not Found", type: "text/html; charset=utf-8", body: withScript(notFound), head: head)
    }

    /// The request line, once the whole head arrived (nil when it is too long, slow or cut).
    private func readRequestHead(_ connection: Int32) -> String? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < Self.maxRequestBytes {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
            if let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) {
                let text = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
                return text.split(separator: "\r\n", maxSplits: 1).first.map(String.init)
            }
        }
        return nil
    }

    /// The server-sent events of one open page: `reload` once a rebuild newer than `since`
    /// succeeded, `problems` while the last rebuild failed; a comment every 15 s notices a closed page.
    private func streamEvents(_ connection: Int32, since: Int) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n"
        guard send(connection, Array(head.utf8)) else { return }
        var shown = LiveReload.Status(generation: since, problems: nil)
        var status = live.current
        while true {
            if status.generation > since {
                _ = send(connection, Array("event: reload\ndata: \(status.generation)\n\n".utf8))
                return
            }
            if status.problems != shown.problems, let problems = status.problems {
                let data = problems.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }.joined(separator: "\n")
                guard send(connection, Array("event: problems\n\(data)\n\n".utf8)) else { return }
            }
            shown = status
            lock.lock()
            let done = stopped
            lock.unlock()
            if done { return }
            status = live.wait(after: status, seconds: 15)
            if status == shown, !send(connection, Array(": still here\n\n".utf8)) { return }
        }
    }

    private func respond(_ connection: Int32, status: String, type: String, body: [UInt8], extra: String = "", head: Bool = false) {
        let header = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nCache-Control: no-store\r\n"
            + "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\(extra)\r\n"
        if send(connection, Array(header.utf8)), !head { _ = send(connection, body) }
    }

    /// Writes all of `bytes`; false once the other side is gone.
    private func send(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// An HTML page with the live-reload script before its `</body>` (or at its end).
    private func withScript(_ html: [UInt8]) -> [UInt8] {
        let tag = Array("<script src=\"/__helpgen/live.js?since=\(live.current.generation)\" defer></script>\n".utf8)
        guard let end = html.lastRange(of: Array("</body>".utf8)) else { return html + tag }
        var result = html
        result.insert(contentsOf: tag, at: end.lowerBound)
        return result
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "xml": "application/xml"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }
}

/// Why the preview server cannot start.
public struct PreviewError: Error, CustomStringConvertible {
    /// What went wrong, for the terminal.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension Array where Element == UInt8 {
    /// The last occurrence of `needle`.
    fileprivate func lastRange(of needle: [UInt8]) -> Range<Int>? {
        guard needle.count <= count else { return nil }
        for start in stride(from: count - needle.count, through: 0, by: -1) where self[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }
}
