import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read back, closed).
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw LoopbackError("socket: \(errno)") }
    defer { close(descriptor) }
    var address = loopback(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw LoopbackError("bind: \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The whole answer (status line, headers and body) of `GET path` on 127.0.0.1:`port`, over a new connection.
func httpGet(port: Int, path: String, host: String = "127.0.0.1") async throws -> String {
    try await httpExchange(port: port, request: "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
}

/// Sends `request` as it is to 127.0.0.1:`port` and returns everything the server answers until it closes.
///
/// Runs on a thread of its own: its blocking socket calls must never hold one of the few threads the
/// servers' tasks (of every test running meanwhile) run on.
func httpExchange(port: Int, request text: String) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try blockingExchange(port: port, request: Array(text.utf8)) })
        }.start()
    }
}

private func blockingExchange(port: Int, request: [UInt8]) throws -> String {
    let descriptor = try connectedSocket(port: port)
    defer { close(descriptor) }
    guard send(descriptor, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { throw LoopbackError("send: \(errno)") }
    var answer = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count <= 0 { break }
        answer += buffer[0..<count]
    }
    return String(decoding: answer, as: UTF8.self)
}

/// Sends each of `requests` in turn on one connection to 127.0.0.1:`port`, `pause` after each answer,
/// and returns the answers read (each by its `Content-Length`); fewer when the server closed the
/// connection. On a thread of its own, as `httpExchange`.
func httpSession(port: Int, requests: [String], pause: Duration) async throws -> [String] {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try blockingSession(port: port, requests: requests.map { Array($0.utf8) }, pause: pause) })
        }.start()
    }
}

private func blockingSession(port: Int, requests: [[UInt8]], pause: Duration) throws -> [String] {
    let descriptor = try connectedSocket(port: port)
    defer { close(descriptor) }
    var answers: [String] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    for request in requests {
        guard send(descriptor, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return answers }
        var answer = [UInt8]()
        while !isWhole(answer) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return answers }
            answer += buffer[0..<count]
        }
        answers.append(String(decoding: answer, as: UTF8.self))
        Thread.sleep(forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
    }
    return answers
}

/// Whether `answer` holds a whole HTTP answer: its head and the `Content-Length` bytes after it.
private func isWhole(_ answer: [UInt8]) -> Bool {
    let text = String(decoding: answer, as: UTF8.self)
    guard let end = text.range(of: "\r\n\r\n") else { return false }
    let lengthLine = text[..<end.lowerBound].lowercased().components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
    let length = lengthLine.flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
    return text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) + length <= answer.count
}

/// A blocking socket connected to 127.0.0.1:`port`, whose reads give up after 30 s.
private func connectedSocket(port: Int) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw LoopbackError("socket: \(errno)") }
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = loopback(port: port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        let error = errno
        close(descriptor)
        throw LoopbackError("connect: \(error)")
    }
    return descriptor
}

private func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

struct LoopbackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
