import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OTPLinkAPI

@Suite("CORS: only the help center's origin")
struct SiteOriginTests {
    @Test("The site's origin is allowed and told so")
    func siteOriginAllowed() async throws {
        try await TestService().test { client in
            let response = try await client.execute(uri: "/healthz", method: .get, headers: [.origin: "https://help.example.com"])
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == "https://help.example.com")
            #expect(response.headers[values: .vary].contains("Origin"))
        }
    }

    @Test("A preflight from the site's origin gets 204 with the allowed methods and headers")
    func preflight() async throws {
        try await TestService().test { client in
            let response = try await client.execute(
                uri: "/api/v1/links/abc/challenges",
                method: .options,
                headers: [.origin: "https://help.example.com", .accessControlRequestMethod: "POST"]
            )
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowOrigin] == "https://help.example.com")
            #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(response.headers[.accessControlAllowHeaders]?.contains("Content-Type") == true)
        }
    }

    @Test("Another origin is refused with a JSON 403 and no CORS header", arguments: [
        "https://evil.example.net", "http://help.example.com", "https://help.example.com:8443", "null",
    ])
    func otherOriginRefused(origin: String) async throws {
        try await TestService().test { client in
            for method in [HTTPRequest.Method.get, .options] {
                let response = try await client.execute(uri: "/healthz", method: method, headers: [.origin: origin])
                #expect(response.status == .forbidden)
                #expect(response.errorCode == "origin_not_allowed")
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test("A same-origin call (the page served by the API's own host) is allowed without CORS headers")
    func sameOrigin() async throws {
        try await TestService().test { client in
            let response = try await client.execute(uri: "/healthz", method: .post, headers: [.origin: "http://localhost"])
            #expect(response.status == .methodNotAllowed)
            let get = try await client.execute(uri: "/healthz", method: .get, headers: [.origin: "http://localhost"])
            #expect(get.status == .ok)
            #expect(get.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test("No Origin header (curl, scripts) is not a browser call: allowed, no CORS header")
    func noOrigin() async throws {
        try await TestService().test { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
