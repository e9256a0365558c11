import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Yams
@testable import OTPLinkAPI

@Suite("Operations: health, metrics, the contract, unknown calls")
struct OperationsTests {
    @Test("GET /healthz answers ok")
    func health() async throws {
        try await TestService().test { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
        }
    }

    @Test("GET /readyz answers ok when the database answers")
    func readiness() async throws {
        try await TestService().test { client in
            let response = try await client.execute(uri: "/readyz", method: .get)
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
        }
    }

    @Test("GET /api/v1/openapi.yaml serves the repository's OpenAPI 3.1 document")
    func contract() async throws {
        try await TestService().test { client in
            let response = try await client.execute(uri: "/api/v1/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            let document = try Yams.load(yaml: response.text) as? [String: Any]
            #expect(document?["openapi"] as? String == "3.1.0")
        }
    }

    @Test("An unknown call is a JSON 404, not an empty answer")
    func unknownRoute() async throws {
        try await TestService().test { client in
            for (uri, method) in [("/nope", HTTPRequest.Method.get), ("/api/v1/links", .post), ("/api/v1/links/a/b/c", .get)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test("A known address called with another method is a JSON 405 naming the allowed ones")
    func wrongMethod() async throws {
        try await TestService().test { client in
            let healthz = try await client.execute(uri: "/healthz", method: .delete)
            #expect(healthz.status == .methodNotAllowed)
            #expect(healthz.errorCode == "method_not_allowed")
            #expect(healthz.headers[.allow] == "GET")
            let link = try await client.execute(uri: "/api/v1/admin/links/some-id", method: .get)
            #expect(link.status == .methodNotAllowed)
            #expect(link.headers[.allow] == "DELETE")
        }
    }

    @Test("Every answer says no-store, errors included")
    func noStore() async throws {
        try await TestService().test { client in
            for uri in ["/healthz", "/api/v1/admin/metrics", "/api/v1/openapi.yaml", "/missing"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(uri)")
            }
        }
    }

    @Test("The metrics count requests by route and status, for the admin key only; /metrics is not public")
    func metrics() async throws {
        let service = try TestService()
        try await service.test { client in
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/elsewhere", method: .get)
            let response = try await client.execute(uri: "/api/v1/admin/metrics", method: .get, headers: service.adminHeaders)
            #expect(response.status == .ok)
            #expect(response.text.contains(#"otplink_http_requests_total{route="/healthz",method="GET",status="200"} 2"#))
            #expect(response.text.contains(#"status="404""#))
            let stranger = try await client.execute(uri: "/api/v1/admin/metrics", method: .get)
            #expect(stranger.status == .unauthorized)
            #expect(!stranger.text.contains("otplink_"))
            let publicMetrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(publicMetrics.status == .notFound)
            #expect(!publicMetrics.text.contains("otplink_"))
        }
    }

    @Test("--metrics-listen serves /metrics on its own port, without a key; the public port still answers 404")
    func metricsListener() async throws {
        let port = try freeLoopbackPort()
        let service = try TestService { $0.metricsListen = MetricsListenAddress(host: "127.0.0.1", port: port) }
        try await service.testLive { client in
            _ = try await client.execute(uri: "/healthz", method: .get)
            var text = ""
            for _ in 0..<100 where !text.contains("otplink_http_requests_total") {
                text = (try? await httpGet(port: port, path: "/metrics")) ?? ""
                if text.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(text.contains(#"otplink_http_requests_total{route="/healthz",method="GET",status="200"}"#))
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .notFound)
        }
    }

    @Test("--metrics-listen takes HOST:PORT and refuses anything else")
    func metricsListenParsing() throws {
        #expect(MetricsListenAddress(parsing: "127.0.0.1:9464") == MetricsListenAddress(host: "127.0.0.1", port: 9464))
        #expect(MetricsListenAddress(parsing: "[::1]:9464") == MetricsListenAddress(host: "::1", port: 9464))
        for bad in ["9464", "127.0.0.1", "127.0.0.1:http", ":9464", "[::1]9464", "host:70000"] {
            #expect(MetricsListenAddress(parsing: bad) == nil, "\(bad)")
        }
    }
}
