import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// One helper per call of the API, so tests read as the page and the admin use it.
extension TestClientProtocol {
    /// `GET /api/v1/links/{token}`.
    func inspectLink(_ token: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: "/api/v1/links/\(token)", method: .get, headers: headers)
    }

    /// `POST /api/v1/links/{token}/challenges` `{"email"}`.
    func startChallenge(_ token: String, email: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: "/api/v1/links/\(token)/challenges", method: .post, headers: headers, body: .json(["email": email]))
    }

    /// `POST /api/v1/challenges/{id}/resend`.
    func resendCode(_ challengeID: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: "/api/v1/challenges/\(challengeID)/resend", method: .post, headers: headers)
    }

    /// `POST /api/v1/challenges/{id}/verify` `{"code"}`.
    func verifyCode(_ challengeID: String, code: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: "/api/v1/challenges/\(challengeID)/verify", method: .post, headers: headers, body: .json(["code": code]))
    }

    /// `GET /api/v1/links/{token}/content` with the access token, if any.
    func content(_ token: String, accessToken: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let accessToken { headers[.authorization] = "Bearer \(accessToken)" }
        return try await execute(uri: "/api/v1/links/\(token)/content", method: .get, headers: headers)
    }

    /// `POST /api/v1/admin/files?name=` with the raw bytes.
    func storeFile(name: String, bytes: [UInt8], contentType: String, headers: HTTPFields) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = contentType
        let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        return try await execute(uri: "/api/v1/admin/files?name=\(query)", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// `POST /api/v1/admin/links` with a JSON body.
    func createLink(_ body: [String: Any], headers: HTTPFields) async throws -> TestResponse {
        try await execute(uri: "/api/v1/admin/links", method: .post, headers: headers, body: .json(body))
    }

    /// `DELETE /api/v1/admin/links/{linkId}`.
    func revokeLink(_ linkID: String, headers: HTTPFields) async throws -> TestResponse {
        try await execute(uri: "/api/v1/admin/links/\(linkID)", method: .delete, headers: headers)
    }

    /// `POST /api/v1/admin/links/{linkId}/unlock`.
    func unlockLink(_ linkID: String, headers: HTTPFields) async throws -> TestResponse {
        try await execute(uri: "/api/v1/admin/links/\(linkID)/unlock", method: .post, headers: headers)
    }

    /// `GET /api/v1/admin/links/{linkId}/events`.
    func linkEvents(_ linkID: String, headers: HTTPFields) async throws -> TestResponse {
        try await execute(uri: "/api/v1/admin/links/\(linkID)/events", method: .get, headers: headers)
    }

    /// `PUT /api/v1/admin/directory`.
    func loadDirectory(_ body: String, contentType: String, headers: HTTPFields) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = contentType
        return try await execute(uri: "/api/v1/admin/directory", method: .put, headers: headers, body: ByteBuffer(string: body))
    }
}

/// A file shared through the admin calls: what a test needs to open it.
struct SharedLink {
    let linkID: String
    let token: String
    let url: String
}

extension TestService {
    /// Stores `bytes` and shares them with `recipients` through the admin calls.
    func share(
        _ client: any TestClientProtocol,
        name: String = "Quarterly report.pdf",
        bytes: [UInt8] = Array("%PDF-1.7 quarterly numbers".utf8),
        recipients: [String] = ["alice@example.com"],
        sender: String = "owner@example.com",
        extra: [String: Any] = [:]
    ) async throws -> SharedLink {
        let stored = try await client.storeFile(name: name, bytes: bytes, contentType: "application/pdf", headers: adminHeaders)
        guard stored.status == .created, let fileID = stored.json["fileId"] as? String else {
            throw Outbox.OutboxError(message: "storing the file failed: \(stored.status) \(stored.text)")
        }
        var body: [String: Any] = ["fileId": fileID, "recipients": recipients, "sender": sender]
        body.merge(extra) { $1 }
        let created = try await client.createLink(body, headers: adminHeaders)
        guard created.status == .created, let linkID = created.json["linkId"] as? String,
              let token = created.json["token"] as? String, let url = created.json["url"] as? String
        else {
            throw Outbox.OutboxError(message: "creating the link failed: \(created.status) \(created.text)")
        }
        return SharedLink(linkID: linkID, token: token, url: url)
    }

    /// Starts a challenge for `email` and returns its id and the code mailed to `mailbox` (`email` by default).
    func challenge(
        _ client: any TestClientProtocol, _ link: SharedLink, email: String, mailbox: String? = nil, codesBefore: Int = 0
    ) async throws -> (id: String, code: String) {
        let started = try await client.startChallenge(link.token, email: email)
        guard started.status == .accepted, let id = started.json["challengeId"] as? String else {
            throw Outbox.OutboxError(message: "starting the challenge failed: \(started.status) \(started.text)")
        }
        let codes = try await outbox.codes(to: mailbox ?? email, count: codesBefore + 1)
        return (id, codes[codesBefore])
    }
}
