import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OTPLinkAPI

@Suite("Hostile input: garbage bodies, oversized bodies, floods — never a 5xx")
struct HostileInputTests {
    static let garbage: [(String, ByteBuffer?)] = [
        ("no body", nil),
        ("empty", ByteBuffer()),
        ("not JSON", ByteBuffer(string: "email=alice@example.com")),
        ("truncated", ByteBuffer(string: #"{"email": "alice@"#)),
        ("array", ByteBuffer(string: #"["alice@example.com"]"#)),
        ("string", ByteBuffer(string: #""alice@example.com""#)),
        ("null", ByteBuffer(string: "null")),
        ("wrong type", ByteBuffer(string: #"{"email": 42, "code": 123456}"#)),
        ("null field", ByteBuffer(string: #"{"email": null, "code": null}"#)),
        ("nested", ByteBuffer(string: String(repeating: "[", count: 5000))),
        ("binary", ByteBuffer(bytes: [0xFF, 0xFE, 0x00, 0x01, 0xC3, 0x28])),
        ("huge number", ByteBuffer(string: #"{"email": 1e999999, "code": 1e999999}"#)),
    ]

    @Test("Garbage bodies are 400 invalid_body JSON on every call that takes a body")
    func garbageBodies() async throws {
        let service = try TestService { $0.rateLimit = RateLimit(burst: 1000, perMinute: 1000) }
        try await service.test { client in
            let link = try await service.share(client)
            let started = try await client.startChallenge(link.token, email: "alice@example.com")
            let challengeID = try #require(started.json["challengeId"] as? String)
            let calls: [(String, HTTPRequest.Method, HTTPFields)] = [
                ("/api/v1/links/\(link.token)/challenges", .post, [:]),
                ("/api/v1/challenges/\(challengeID)/verify", .post, [:]),
                ("/api/v1/admin/links", .post, service.adminHeaders),
                ("/api/v1/admin/directory", .put, service.adminHeaders),
            ]
            for (uri, method, headers) in calls {
                for (name, body) in Self.garbage {
                    let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
                    #expect(response.status == .badRequest, "\(name) → \(uri): \(response.status)")
                    #expect(response.errorCode == "invalid_body", "\(name) → \(uri): \(response.text)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                }
            }
        }
    }

    @Test("Public bodies over 16 KiB are 413 body_too_large")
    func publicBodyCap() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client)
            let padding = String(repeating: "a", count: 16 * 1024)
            let response = try await client.execute(
                uri: "/api/v1/links/\(link.token)/challenges",
                method: .post,
                body: .json(["email": "alice@example.com", "padding": padding])
            )
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "body_too_large")
            let small = try await client.execute(
                uri: "/api/v1/links/\(link.token)/challenges", method: .post,
                body: .json(["email": "alice@example.com", "padding": String(repeating: "a", count: 15 * 1024)])
            )
            #expect(small.status == .accepted)
        }
    }

    @Test("Odd paths and methods are 4xx JSON", arguments: [
        ("/api/v1/links/", HTTPRequest.Method.get),
        ("/api/v1/links/%00%ff/challenges", .post),
        ("/api/v1/links/\(String(repeating: "A", count: 5000))", .get),
        ("/api/v1/challenges//verify", .post),
        ("/api/v1/links/abc/content", .post),
        ("/api/v1/admin/links", .get),
        ("/../../etc/passwd", .get),
        ("/api/v1/links/abc", .patch),
    ])
    func oddRequests(uri: String, method: HTTPRequest.Method) async throws {
        try await TestService().test { client in
            let response = try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "{}"))
            #expect((400..<500).contains(response.status.code), "\(method) \(uri): \(response.status)")
            #expect(response.errorCode != nil, "\(method) \(uri): \(response.text)")
        }
    }

    @Test("Per-IP limit: 429 rate_limited with Retry-After once a client's burst is spent; others go on")
    func perClientLimit() async throws {
        let service = try TestService { configuration in
            configuration.rateLimit = RateLimit(burst: 3, perMinute: 1)
            configuration.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1")
        }
        try await service.testLive { client in
            let me: HTTPFields = [.init("X-Forwarded-For")!: "198.51.100.7"]
            for _ in 0..<3 {
                #expect(try await client.inspectLink("AAAAAAAAAAAAAAAAAAAAAA", headers: me).status == .notFound)
            }
            let limited = try await client.inspectLink("AAAAAAAAAAAAAAAAAAAAAA", headers: me)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            let someoneElse = try await client.inspectLink("AAAAAAAAAAAAAAAAAAAAAA", headers: [.init("X-Forwarded-For")!: "203.0.113.4"])
            #expect(someoneElse.status == .notFound)
            #expect(try await client.execute(uri: "/healthz", method: .get, headers: me).status == .ok)
        }
    }

    @Test("Without --trust-proxy, X-Forwarded-For does not buy a new bucket")
    func forwardedForIgnoredByDefault() async throws {
        let service = try TestService { $0.rateLimit = RateLimit(burst: 2, perMinute: 1) }
        try await service.testLive { client in
            for index in 0..<2 {
                let response = try await client.inspectLink("AAAAAAAAAAAAAAAAAAAAAA", headers: [.init("X-Forwarded-For")!: "10.0.0.\(index)"])
                #expect(response.status == .notFound)
            }
            let third = try await client.inspectLink("AAAAAAAAAAAAAAAAAAAAAA", headers: [.init("X-Forwarded-For")!: "10.0.0.9"])
            #expect(third.status == .tooManyRequests)
        }
    }

    @Test("Logs name route patterns; no token, code or admin key ever appears in them")
    func logsKeepSecrets() async throws {
        let service = try TestService()
        let secrets = try await service.test { client -> [String] in
            let link = try await service.share(client)
            let (id, code) = try await service.challenge(client, link, email: "alice@example.com")
            let accessToken = try #require(try await client.verifyCode(id, code: code).json["accessToken"] as? String)
            _ = try await client.content(link.token, accessToken: accessToken)
            _ = try await client.inspectLink(link.token)
            return [link.token, code, accessToken, service.adminKey, id]
        }
        let logs = service.logs.text
        #expect(logs.contains("http.route=/api/v1/links/{token}"), "\(logs.prefix(2000))")
        #expect(logs.contains("http.route=/api/v1/challenges/{challengeId}/verify"))
        for secret in secrets {
            #expect(!logs.contains(secret))
        }
    }
}
