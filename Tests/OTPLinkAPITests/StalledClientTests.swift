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
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EBADF) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
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
}
