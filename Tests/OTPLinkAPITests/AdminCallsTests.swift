import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import OTPLinkAPI

@Suite("Admin calls: the key, files, links, events, directory")
struct AdminCallsTests {
    static let adminCalls: [(String, HTTPRequest.Method)] = [
        ("/api/v1/admin/files?name=a.txt", .post),
        ("/api/v1/admin/links", .post),
        ("/api/v1/admin/links/some-link", .delete),
        ("/api/v1/admin/links/some-link/unlock", .post),
        ("/api/v1/admin/links/some-link/events", .get),
        ("/api/v1/admin/directory", .put),
    ]

    @Test("Every admin call is 401 JSON without the key, with a wrong key or another scheme")
    func adminNeedsTheKey() async throws {
        let service = try TestService()
        try await service.test { client in
            let attempts: [HTTPFields] = [
                [:],
                [.authorization: "Bearer wrong-key"],
                [.authorization: "Bearer \(service.adminKey)x"],
                [.authorization: "Bearer \(service.adminKey.dropLast())"],
                [.authorization: "Basic \(Data("admin:\(service.adminKey)".utf8).base64EncodedString())"],
                [.authorization: service.adminKey],
            ]
            for (uri, method) in Self.adminCalls {
                for headers in attempts {
                    let response = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: "{}"))
                    #expect(response.status == .unauthorized, "\(method) \(uri)")
                    #expect(response.errorCode == "unauthorized", "\(method) \(uri)")
                }
            }
            let withKey = try await client.linkEvents("some-link", headers: service.adminHeaders)
            #expect(withKey.status == .notFound)
            #expect(withKey.errorCode == "link_not_found")
        }
    }

    @Test("POST /admin/files stores the bytes; name required; over the upload cap is 413")
    func files() async throws {
        let service = try TestService { $0.uploadLimit = 1024 }
        try await service.test { client in
            let bytes = Array(repeating: UInt8(7), count: 1000)
            let stored = try await client.storeFile(name: "data.bin", bytes: bytes, contentType: "application/octet-stream", headers: service.adminHeaders)
            #expect(stored.status == .created)
            #expect(stored.json["size"] as? Int == 1000)
            #expect(stored.json["name"] as? String == "data.bin")
            #expect((stored.json["sha256"] as? String)?.count == 64)
            #expect(Set(stored.json.keys) == ["fileId", "name", "size", "contentType", "sha256"])

            let tooBig = try await client.storeFile(name: "big.bin", bytes: Array(repeating: 1, count: 1025), contentType: "application/octet-stream", headers: service.adminHeaders)
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.errorCode == "body_too_large")

            let unnamed = try await client.execute(uri: "/api/v1/admin/files", method: .post, headers: service.adminHeaders, body: ByteBuffer(string: "x"))
            #expect(unnamed.status == .badRequest)
            #expect(unnamed.error["field"] as? String == "name")

            let empty = try await client.storeFile(name: "empty.txt", bytes: [], contentType: "text/plain", headers: service.adminHeaders)
            #expect(empty.status == .badRequest)
            #expect(empty.error["field"] as? String == "body")

            let badName = try await client.storeFile(name: "../etc/passwd", bytes: [1], contentType: "text/plain", headers: service.adminHeaders)
            #expect(badName.status == .badRequest)
            #expect(badName.errorCode == "invalid_request")

            // Percent-encoded bytes that are not UTF-8 are refused, not stored as U+FFFD (found by make check).
            let notUTF8 = try await client.execute(uri: "/api/v1/admin/files?name=%FF%FE.pdf", method: .post, headers: service.adminHeaders, body: ByteBuffer(string: "x"))
            #expect(notUTF8.status == .badRequest)
            #expect(notUTF8.error["field"] as? String == "name")
            let korean = try await client.storeFile(name: "보고서.pdf", bytes: [1], contentType: "application/pdf", headers: service.adminHeaders)
            #expect(korean.json["name"] as? String == "보고서.pdf")
        }
    }

    @Test("POST /admin/links: 201 with id, token and URL; bad input names the field; unknown file is 404")
    func links() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client, recipients: ["team@example.com"], extra: ["locale": "ko", "expiresAt": "2027-01-20T00:00:00Z"])
            #expect(link.url == "https://help.example.com/ko/link/#\(link.token)")
            #expect(link.token.count == 22)

            let stored = try await client.storeFile(name: "a.txt", bytes: [65], contentType: "text/plain", headers: service.adminHeaders)
            let fileID = try #require(stored.json["fileId"] as? String)
            let cases: [([String: Any], Int, String, String?)] = [
                (["fileId": fileID, "recipients": ["not an address"], "sender": "s@example.com"], 400, "invalid_request", "recipients[0]"),
                (["fileId": fileID, "recipients": [], "sender": "s@example.com"], 400, "invalid_request", "recipients"),
                (["fileId": fileID, "recipients": ["a@example.com"], "sender": "nobody"], 400, "invalid_request", "sender"),
                (["fileId": fileID, "recipients": ["a@example.com"], "sender": "s@example.com", "expiresAt": "2020-01-01T00:00:00Z"], 400, "invalid_request", "expiresAt"),
                (["fileId": fileID, "recipients": ["a@example.com"], "sender": "s@example.com", "expiresAt": "next week"], 400, "invalid_body", nil),
                (["fileId": fileID, "recipients": "a@example.com", "sender": "s@example.com"], 400, "invalid_body", nil),
                (["recipients": ["a@example.com"], "sender": "s@example.com"], 400, "invalid_body", nil),
                (["fileId": "AAAAAAAAAAAAAAAAAAAAAA", "recipients": ["a@example.com"], "sender": "s@example.com"], 404, "file_not_found", nil),
            ]
            for (body, status, code, field) in cases {
                let response = try await client.createLink(body, headers: service.adminHeaders)
                #expect(Int(response.status.code) == status, "\(body)")
                #expect(response.errorCode == code, "\(body): \(response.text)")
                if let field { #expect(response.error["field"] as? String == field, "\(body)") }
            }
        }
    }

    @Test("--notify mails every recipient the link; the events tell the story without codes or tokens")
    func notifyAndEvents() async throws {
        let service = try TestService()
        try await service.test { client in
            let link = try await service.share(client, recipients: ["alice@example.com", "bob@example.com"], sender: "owner@example.com", extra: ["notify": true])
            for _ in 0..<250 where service.outbox.messages().count < 2 {
                try await Task.sleep(for: .milliseconds(20))
            }
            let notifications = service.outbox.messages(to: "bob@example.com")
            #expect(notifications.count == 1)
            #expect(notifications.first?.replacingOccurrences(of: "=\r\n", with: "").contains(link.token) == true)

            let (id, code) = try await service.challenge(client, link, email: "alice@example.com")
            _ = try await client.verifyCode(id, code: code == "000000" ? "111111" : "000000")
            _ = try await client.verifyCode(id, code: code)

            let events = try await client.linkEvents(link.linkID, headers: service.adminHeaders)
            #expect(events.status == .ok)
            let list = try #require(events.json["events"] as? [[String: Any]])
            let kinds = list.compactMap { $0["kind"] as? String }
            for kind in ["link_created", "notification_queued", "challenge_started", "wrong_code", "verified"] {
                #expect(kinds.contains(kind), "\(kind) in \(kinds)")
            }
            let started = list.first { $0["kind"] as? String == "challenge_started" }
            #expect(started?["mayOpen"] as? Bool == true)
            #expect(started?["address"] as? String == "alice@example.com")
            #expect(events.text.contains(code) == false)
            #expect(events.text.contains(link.token) == false)
        }
    }

    @Test("PUT /admin/directory takes JSON or YAML, and a list member with an internal sender may open the link")
    func directory() async throws {
        let service = try TestService()
        try await service.test { client in
            let yaml = """
                domains: [example.com]
                members: [carol@example.com]
                lists:
                  - address: team@example.com
                    members: [carol@example.com, dave@example.com]
                """
            let loaded = try await client.loadDirectory(yaml, contentType: "application/yaml", headers: service.adminHeaders)
            #expect(loaded.status == .ok)
            #expect(loaded.json["lists"] as? Int == 1)
            #expect(loaded.json["members"] as? Int == 1)

            let link = try await service.share(client, recipients: ["team@example.com"], sender: "owner@example.com")
            _ = try await service.challenge(client, link, email: "carol@example.com")

            let json = #"{"domains":["example.com"],"lists":[{"address":"team@example.com","members":["x@example.com"]}]}"#
            #expect(try await client.loadDirectory(json, contentType: "application/json", headers: service.adminHeaders).status == .ok)

            let badAddress = try await client.loadDirectory(#"{"members":["not-an-address"]}"#, contentType: "application/json", headers: service.adminHeaders)
            #expect(badAddress.status == .badRequest)
            #expect((badAddress.error["message"] as? String)?.contains("members") == true)
            let nullLists = try await client.loadDirectory(#"{"lists":null}"#, contentType: "application/json", headers: service.adminHeaders)
            #expect(nullLists.status == .badRequest)
            let typo = try await client.loadDirectory("member: [x@example.com]", contentType: "application/yaml", headers: service.adminHeaders)
            #expect(typo.status == .badRequest)
            #expect((typo.error["message"] as? String)?.contains("`member`") == true)
            let badYAML = try await client.loadDirectory("lists: [unclosed", contentType: "application/yaml", headers: service.adminHeaders)
            #expect(badYAML.status == .badRequest)
            #expect(badYAML.errorCode == "invalid_body")
        }
    }
}
