import Foundation
import Testing
@testable import OTPLinkAPI

#if canImport(Glibc)
import Glibc
#endif

/// Clients that connect and stall are cut off by the idle timeout (found by `make check`: they used to
/// hold their connection for as long as they liked).
@Suite("Stalled clients on the real server")
struct StalledClientTests {
    @Test("A client that sends nothing, half a request line or headers without their end is disconnected", arguments: [
        "", "POST /api/v1/li", "POST /api/v1/links/x/challenges HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n",
    ])
    func stalledClientIsDisconnected(sent: String) async throws {
        let service = try TestService { $0.idleTimeout = .milliseconds(300) }
        try await service.live { server async throws -> Void in
            let outcome = try await RawConnection.onOwnThread(port: server.port, bytes: Array(sent.utf8), waitSeconds: 10)
            #expect(outcome == .closedByServer)
            // Other clients are served meanwhile.
            let health = try await RawConnection.onOwnThread(
                port: server.port, bytes: Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8), waitSeconds: 10)
            #expect(health == .answered)
        }
    }

    @Test("A client that trickles a JSON body a byte at a time is answered 408 body_timeout and disconnected; the body is never used")
    func trickledBodyIsCutOff() async throws {
        // The idle timeout alone never fires here: a byte arrives every 200 ms.
        let service = try TestService {
            $0.idleTimeout = .seconds(5)
            $0.bodyTimeout = .seconds(1)
        }
        try await service.live { server async throws -> Void in
            let body = Array(#"{"email": "alice@example.com"}"#.utf8)
            let head = "POST /api/v1/links/\(String(repeating: "A", count: 43))/challenges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
            let answer = try await RawConnection.trickle(port: server.port, head: Array(head.utf8), body: body, every: .milliseconds(200))
            #expect(answer.text.hasPrefix("HTTP/1.1 408"), "\(answer.text)")
            #expect(answer.text.contains(#""code":"body_timeout""#), "\(answer.text)")
            #expect(answer.bodyBytesSent < body.count, "the answer came before the whole body")
            #expect(answer.closedByServer)
            // Other clients are served meanwhile.
            let health = try await RawConnection.onOwnThread(
                port: server.port, bytes: Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8), waitSeconds: 10)
            #expect(health == .answered)
        }
    }
}

@Suite("Connections a client cannot hold")
struct ConnectionGuardTests {
    @Test("A body trickled to a call that does not read it: the answer comes, then the connection closes")
    func unreadBodyClosesAfterAnswer() async throws {
        let service = try TestService { $0.idleTimeout = .seconds(5) }
        try await service.live { server async throws -> Void in
            let head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n"
            let answer = try await RawConnection.trickle(
                port: server.port, head: Array(head.utf8), body: Array(repeating: 0x41, count: 100), every: .milliseconds(200))
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text)")
            #expect(answer.closedByServer)
            #expect(answer.bodyBytesSent < 100)
        }
    }

    @Test("A request still arriving at its deadline is cut off, even when each byte comes before the idle timeout")
    func requestDeadline() async throws {
        let service = try TestService {
            $0.idleTimeout = .seconds(5)
            $0.bodyTimeout = .seconds(60)
            $0.connectionLimits = ConnectionLimits(requestTimeout: .seconds(1))
        }
        try await service.live { server async throws -> Void in
            let body = Array(String(repeating: " ", count: 60).utf8)
            let head = "POST /api/v1/links/\(String(repeating: "A", count: 22))/challenges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
            let started = ContinuousClock.now
            let answer = try await RawConnection.trickle(port: server.port, head: Array(head.utf8), body: body, every: .milliseconds(100))
            #expect(answer.closedByServer || answer.text.isEmpty)
            #expect(!answer.text.hasPrefix("HTTP/1.1 2"))
            #expect(answer.bodyBytesSent < body.count, "cut off before the body was complete")
            #expect(started.duration(to: .now) < .seconds(8))
        }
    }

    @Test("A client address holds at most --connections-per-client connections; others are served meanwhile")
    func connectionsPerClient() async throws {
        let service = try TestService {
            $0.idleTimeout = .seconds(10)
            $0.connectionLimits = ConnectionLimits(connectionsPerClient: 3)
        }
        try await service.live { server async throws -> Void in
            var held = try (0..<3).map { _ in try RawConnection.connected(port: server.port) }
            defer { held.forEach { close($0) } }
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await RawConnection.onOwnThread(port: server.port, bytes: [], waitSeconds: 5) == .closedByServer)
            close(held.removeFirst())
            try await Task.sleep(for: .milliseconds(200))
            let health = try await RawConnection.onOwnThread(
                port: server.port, bytes: Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8), waitSeconds: 5)
            #expect(health == .answered)
        }
    }
}

/// A plain TCP connection to 127.0.0.1, to behave as no HTTP client library would.
enum RawConnection {
    enum Outcome: Equatable {
        case closedByServer
        case answered
        case stillOpen
    }

    /// ``sendThenWaitForClose(port:bytes:waitSeconds:)`` on a thread of its own, so its blocking
    /// socket calls never hold one of the few threads the server's tasks run on.
    static func onOwnThread(port: Int, bytes: [UInt8], waitSeconds: Int) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try sendThenWaitForClose(port: port, bytes: bytes, waitSeconds: waitSeconds) })
            }.start()
        }
    }

    /// Connects, sends `bytes`, then waits at most `waitSeconds` for the server to close the connection.
    static func sendThenWaitForClose(port: Int, bytes: [UInt8], waitSeconds: Int) throws -> Outcome {
        let descriptor = try connected(port: port)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: waitSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if !bytes.isEmpty {
            _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if received == 0 { return .closedByServer }
        if received > 0 { return .answered }
        return errno == EAGAIN || errno == EWOULDBLOCK ? .stillOpen : .closedByServer
    }

    /// What a trickling client saw: the server's answer, how much of the body it had sent by then, and
    /// whether the server closed the connection after answering.
    struct TrickleOutcome {
        var text: String
        var bodyBytesSent: Int
        var closedByServer: Bool
    }

    /// Sends `head`, then `body` one byte every `every`, until the server answers (at most the whole body
    /// and 20 s); then reads until the server closes the connection (at most 5 s more). On its own thread.
    static func trickle(port: Int, head: [UInt8], body: [UInt8], every: Duration) async throws -> TrickleOutcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try trickleBlocking(port: port, head: head, body: body, every: every) })
            }.start()
        }
    }

    private static func trickleBlocking(port: Int, head: [UInt8], body: [UInt8], every: Duration) throws -> TrickleOutcome {
        let descriptor = try connected(port: port)
        defer { close(descriptor) }
        let pause = every.components
        var timeout = timeval(tv_sec: Int(pause.seconds), tv_usec: Int(pause.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = head.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var sent = 0
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let giveUp = ContinuousClock.now.advanced(by: .seconds(20))
        // One byte, then wait up to `every` for an answer.
        while received.isEmpty, ContinuousClock.now < giveUp {
            if sent < body.count {
                _ = body[sent...sent].withUnsafeBytes { send(descriptor, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
                sent += 1
            }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { received += buffer[0..<count] }
            if count == 0 { break }
        }
        // Then read the rest of the answer until the server closes.
        var closed = false
        let readUntil = ContinuousClock.now.advanced(by: .seconds(5))
        while ContinuousClock.now < readUntil {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count == 0 {
                closed = true
                break
            } else if errno != EAGAIN && errno != EWOULDBLOCK {
                closed = true
                break
            }
        }
        return TrickleOutcome(text: String(decoding: received, as: UTF8.self), bodyBytesSent: sent, closedByServer: closed)
    }

    static func connected(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EBADF) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
        return descriptor
    }
}
