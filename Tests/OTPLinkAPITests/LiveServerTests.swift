import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceLifecycle
import Testing
@testable import OTPLinkAPI

@Suite("The real server on 127.0.0.1, a real SQLite file, HTTP over a socket")
struct LiveServerTests {
    @Test("Admin creates file and link, a recipient gets the code from the outbox and downloads the file; after a restart the link, the grant and new challenges still work")
    func wholeFlowAndRestart() async throws {
        let service = try TestService()
        let bytes = Array("The shared file's bytes: \u{00e9}t\u{00e9} 2026.".utf8) + [0, 255, 10, 13]

        let (link, linkID, accessToken) = try await service.live { server in
            #expect(try await server.call(.get, "/healthz").status == .ok)
            let stored = try await server.call(
                .post, "/api/v1/admin/files?name=summer%20report.bin", headers: [.authorization: "Bearer \(service.adminKey)", .contentType: "application/octet-stream"], body: ByteBuffer(bytes: bytes)
            )
            #expect(stored.status == .created)
            let fileID = try #require(stored.json["fileId"] as? String)
            let created = try await server.call(
                .post, "/api/v1/admin/links", headers: [.authorization: "Bearer \(service.adminKey)"],
                body: .json(["fileId": fileID, "recipients": ["alice@example.com"], "sender": "owner@example.com"])
            )
            #expect(created.status == .created)
            let token = try #require(created.json["token"] as? String)
            let linkID = try #require(created.json["linkId"] as? String)

            #expect(try await server.call(.get, "/api/v1/links/\(token)").json["status"] as? String == "active")
            let started = try await server.call(.post, "/api/v1/links/\(token)/challenges", body: .json(["email": "alice@example.com"]))
            #expect(started.status == .accepted)
            let challengeID = try #require(started.json["challengeId"] as? String)
            let code = try #require(try await service.outbox.codes(to: "alice@example.com").first)

            let verified = try await server.call(.post, "/api/v1/challenges/\(challengeID)/verify", body: .json(["code": code]))
            #expect(verified.status == .ok)
            let accessToken = try #require(verified.json["accessToken"] as? String)
            let content = try await server.call(.get, "/api/v1/links/\(token)/content", headers: [.authorization: "Bearer \(accessToken)"])
            #expect(content.status == .ok)
            #expect(content.body.map { Array(buffer: $0) } == bytes)
            #expect(content.headers[.contentDisposition]?.contains("filename*=UTF-8''summer%20report.bin") == true)
            return (token, linkID, accessToken)
        }

        try await service.live { server async throws -> Void in
            #expect(try await server.call(.get, "/api/v1/links/\(link)").status == .ok)
            let content = try await server.call(.get, "/api/v1/links/\(link)/content", headers: [.authorization: "Bearer \(accessToken)"])
            #expect(content.status == .ok)
            #expect(content.body.map { Array(buffer: $0) } == bytes)
            let started = try await server.call(.post, "/api/v1/links/\(link)/challenges", body: .json(["email": "ALICE@example.com"]))
            #expect(started.status == .accepted)
            let codes = try await service.outbox.codes(to: "alice@example.com", count: 2)
            #expect(codes.count == 2)
            let events = try await server.call(.get, "/api/v1/admin/links/\(linkID)/events", headers: [.authorization: "Bearer \(service.adminKey)"])
            let kinds = (events.json["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            for kind in ["link_created", "challenge_started", "mail_sent", "verified", "content_fetched"] {
                #expect(kinds.contains(kind), "\(kind) kept across the restart: \(kinds)")
            }
        }
        #expect(FileManager.default.fileExists(atPath: service.dataFolder.databaseURL.path))
    }

    @Test("The server listens on 127.0.0.1 only")
    func loopbackOnly() async throws {
        let service = try TestService()
        try await service.live { server async throws -> Void in
            #expect(server.port > 0)
            #expect(try await server.call(.get, "/healthz").status == .ok)
        }
        #expect(service.configuration.host == "127.0.0.1")
    }
}

/// A running server and a client connected to it over 127.0.0.1.
struct LiveServer {
    let client: TestClient
    let port: Int

    /// Sends one request and waits for the answer.
    func call(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestClient.Response {
        var headers = headers
        headers[.connection] = "keep-alive"
        return try await client.execute(TestClient.Request(uri, method: method, authority: "127.0.0.1:\(port)", headers: headers, body: body))
    }
}

extension TestClient.Response {
    /// The body parsed as a JSON object (empty when it is not one).
    var json: [String: Any] {
        body.flatMap { try? JSONSerialization.jsonObject(with: Data(buffer: $0)) as? [String: Any] } ?? [:]
    }
}

extension TestService {
    /// Runs the application as `serve` does (a ServiceGroup with the HTTP server and the mail
    /// worker) on 127.0.0.1 and an ephemeral port, runs `body`, then shuts it down gracefully.
    func live<Value: Sendable>(_ body: @Sendable (LiveServer) async throws -> Value) async throws -> Value {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = try await application { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logs.logger())
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serviceGroup.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw Outbox.OutboxError(message: "the server did not start") }
            let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(20)))
            client.connect()
            do {
                let value = try await body(LiveServer(client: client, port: port))
                try await client.shutdown()
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                try? await client.shutdown()
                await serviceGroup.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
