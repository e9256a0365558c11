import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinkVerification
import Testing
@testable import OTPLinkAPI

@Suite("The server against openapi.yaml")
struct ContractTests {
    @Test("Every route the router has is documented, and every documented call is routed")
    func routesMatchTheDocument() async throws {
        let contract = try OpenAPIContract.load()
        let router = buildRouter(
            RouteDependencies(
                configuration: APIConfiguration(),
                verifier: try LinkVerifier(store: InMemoryLinkStore(), files: InMemoryFileStorage(), secret: .generate()),
                adminKey: AdminKey("unused-admin-key-0123456789abcdef"),
                metrics: ServiceMetrics(),
                openAPIDocument: try OpenAPIDocument.bundled(),
                limiter: ClientRateLimiter(limit: RateLimit())
            )
        )
        let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(routed == contract.operations, "routed, not documented: \(routed.subtracting(contract.operations)); documented, not routed: \(contract.operations.subtracting(routed))")
    }

    @Test("The contract check itself catches an undocumented status, a missing field and an extra one")
    func contractCheckCatchesDrift() throws {
        let contract = try OpenAPIContract.load()
        let json = "application/json"
        #expect(contract.problems(method: "GET", path: "/api/v1/links/abc", status: 500, contentType: json, body: Data()).count == 1)
        let missing = contract.problems(method: "GET", path: "/api/v1/links/abc", status: 200, contentType: json, body: Data(#"{"status":"active","codeLength":6}"#.utf8))
        #expect(missing == ["GET /api/v1/links/{token} 200 $.expiresAt is missing"])
        let extra = contract.problems(method: "GET", path: "/api/v1/links/abc", status: 404, contentType: json, body: Data(#"{"error":{"code":"x","message":"y"},"debug":1}"#.utf8))
        #expect(extra == ["GET /api/v1/links/{token} 404 $.debug is not documented"])
        #expect(contract.problems(method: "GET", path: "/api/v1/nowhere", status: 200, contentType: json, body: Data()).count == 1)
    }

    @Test("Every audit event kind the server can record is in the document's Event.kind enum")
    func eventKindsAreDocumented() throws {
        let contract = try OpenAPIContract.load()
        let schemas = (contract.document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let event = schemas?["Event"] as? [String: Any]
        let kind = (event?["properties"] as? [String: Any])?["kind"] as? [String: Any]
        let documented = Set(kind?["enum"] as? [String] ?? [])
        let recorded = Set(AuditEvent.Kind.allCases.map(\.rawValue))
        #expect(recorded.subtracting(documented).isEmpty, "recorded but not documented: \(recorded.subtracting(documented).sorted())")
        #expect(documented.subtracting(recorded).isEmpty, "documented but never recorded: \(documented.subtracting(recorded).sorted())")
    }

    @Test("The served document is the repository's openapi.yaml, byte for byte")
    func servedDocumentIsTheFile() async throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("openapi.yaml")
        #expect(try OpenAPIDocument.bundled().yaml == String(contentsOf: file, encoding: .utf8))
    }

    @Test("Answers of every call, successes and errors, have the documented status and shape")
    func answersMatchTheDocument() async throws {
        let contract = try OpenAPIContract.load()
        let service = try TestService { $0.policy.wrongCodesPerChallenge = 2 }
        let problems = try await service.test { client -> [String] in
            var problems: [String] = []
            func check(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
                let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
                problems += contract.problems(
                    method: method.rawValue, path: uri, status: Int(response.status.code),
                    contentType: response.headers[.contentType], body: Data(buffer: response.body)
                )
                return response
            }
            let admin = service.adminHeaders
            var fileHeaders = admin
            fileHeaders[.contentType] = "text/plain"
            let stored = try await check(.post, "/api/v1/admin/files?name=notes.txt", headers: fileHeaders, body: ByteBuffer(string: "hello"))
            let fileID = stored.json["fileId"] as? String ?? ""
            _ = try await check(.post, "/api/v1/admin/files", headers: admin, body: ByteBuffer(string: "x"))
            let created = try await check(.post, "/api/v1/admin/links", headers: admin, body: .json(["fileId": fileID, "recipients": ["alice@example.com"], "sender": "owner@example.com"]))
            let token = created.json["token"] as? String ?? ""
            let linkID = created.json["linkId"] as? String ?? ""
            _ = try await check(.post, "/api/v1/admin/links", headers: admin, body: .json(["fileId": fileID, "recipients": ["x"], "sender": "owner@example.com"]))
            _ = try await check(.post, "/api/v1/admin/links", headers: admin, body: .json(["fileId": "AAAAAAAAAAAAAAAAAAAAAA", "recipients": ["a@example.com"], "sender": "owner@example.com"]))
            _ = try await check(.post, "/api/v1/admin/links", body: .json([:]))
            _ = try await check(.put, "/api/v1/admin/directory", headers: admin, body: ByteBuffer(string: #"{"domains":["example.com"]}"#))
            _ = try await check(.put, "/api/v1/admin/directory", headers: admin, body: ByteBuffer(string: "{"))

            _ = try await check(.get, "/api/v1/links/\(token)")
            _ = try await check(.get, "/api/v1/links/AAAAAAAAAAAAAAAAAAAAAA")
            let started = try await check(.post, "/api/v1/links/\(token)/challenges", body: .json(["email": "alice@example.com"]))
            _ = try await check(.post, "/api/v1/links/\(token)/challenges", body: .json(["email": "nope"]))
            _ = try await check(.post, "/api/v1/links/\(token)/challenges", body: ByteBuffer(string: "garbage"))
            _ = try await check(.post, "/api/v1/links/\(token)/challenges", headers: [.origin: "https://evil.example"], body: .json(["email": "a@example.com"]))
            let challengeID = started.json["challengeId"] as? String ?? ""
            _ = try await check(.post, "/api/v1/challenges/\(challengeID)/resend")
            _ = try await check(.post, "/api/v1/challenges/AAAAAAAAAAAAAAAAAAAAAA/resend")
            let code = try await service.outbox.codes(to: "alice@example.com")[0]
            _ = try await check(.post, "/api/v1/challenges/\(challengeID)/verify", body: .json(["code": code == "000000" ? "111111" : "000000"]))
            let verified = try await check(.post, "/api/v1/challenges/\(challengeID)/verify", body: .json(["code": code]))
            _ = try await check(.post, "/api/v1/challenges/\(challengeID)/verify", body: .json(["code": code]))
            let accessToken = verified.json["accessToken"] as? String ?? ""
            _ = try await check(.get, "/api/v1/links/\(token)/content", headers: [.authorization: "Bearer \(accessToken)"])
            _ = try await check(.get, "/api/v1/links/\(token)/content")

            let (lockedID, _) = try await service.challenge(client, SharedLink(linkID: linkID, token: token, url: ""), email: "alice@example.com", codesBefore: 1)
            for _ in 0..<3 {
                _ = try await check(.post, "/api/v1/challenges/\(lockedID)/verify", body: .json(["code": "999999"]))
            }
            _ = try await check(.get, "/api/v1/admin/links/\(linkID)/events", headers: admin)
            _ = try await check(.post, "/api/v1/admin/links/\(linkID)/unlock", headers: admin)
            _ = try await check(.delete, "/api/v1/admin/links/\(linkID)", headers: admin)
            _ = try await check(.delete, "/api/v1/admin/links/nope", headers: admin)
            _ = try await check(.get, "/api/v1/links/\(token)")
            _ = try await check(.get, "/healthz")
            _ = try await check(.get, "/readyz")
            _ = try await check(.get, "/api/v1/admin/metrics", headers: admin)
            _ = try await check(.get, "/api/v1/openapi.yaml")
            return problems
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
