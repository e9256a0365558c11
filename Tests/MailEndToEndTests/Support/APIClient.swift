import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// The calls the mail tests make to a running API over HTTP on 127.0.0.1.
struct APIClient {
    let port: Int
    let adminKey: String

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// One request on a connection of its own; the answer's status and JSON body.
    ///
    /// A connection closed before the request could be written (nothing reached the server) is tried
    /// once more on a new connection, as HTTP clients do.
    func call(_ method: HTTPRequest.Method, _ uri: String, admin: Bool = false, json: [String: Any]? = nil, body: [UInt8]? = nil,
              contentType: String? = nil) async throws -> (status: HTTPResponse.Status, json: [String: Any], text: String) {
        var headers: HTTPFields = [:]
        if admin { headers[.authorization] = "Bearer \(adminKey)" }
        var buffer: ByteBuffer?
        if let json {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        } else if let body {
            buffer = ByteBuffer(bytes: body)
            headers[.contentType] = contentType ?? "application/octet-stream"
        }
        let request = TestClient.Request(uri, method: method, authority: "127.0.0.1:\(port)", headers: headers, body: buffer)
        let response: TestClient.Response
        do {
            response = try await send(request)
        } catch ChannelError.ioOnClosedChannel {
            response = try await send(request)
        }
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (response.status, object, String(decoding: data, as: UTF8.self))
    }

    private func send(_ request: TestClient.Request) async throws -> TestClient.Response {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(20)))
        client.connect()
        do {
            let response = try await client.execute(request)
            try await client.shutdown()
            return response
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Stores a file and shares it with `recipients`; returns the link's id and token.
    func share(with recipients: [String], notify: Bool = false, locale: String = "en") async throws -> (linkID: String, token: String) {
        let stored = try await call(.post, "/api/v1/admin/files?name=report.pdf", admin: true, body: Array("%PDF-1.4 report".utf8), contentType: "application/pdf")
        guard stored.status == .created, let fileID = stored.json["fileId"] as? String else { throw Failure(description: "storing a file: \(stored.status) \(stored.text)") }
        let created = try await call(.post, "/api/v1/admin/links", admin: true, json: [
            "fileId": fileID, "recipients": recipients, "sender": "owner@example.com", "notify": notify, "locale": locale,
        ])
        guard created.status == .created, let linkID = created.json["linkId"] as? String, let token = created.json["token"] as? String else {
            throw Failure(description: "creating a link: \(created.status) \(created.text)")
        }
        return (linkID, token)
    }

    /// Starts a challenge for `email`; returns its id.
    func startChallenge(token: String, email: String) async throws -> String {
        let started = try await call(.post, "/api/v1/links/\(token)/challenges", json: ["email": email])
        guard started.status == .accepted, let id = started.json["challengeId"] as? String else {
            throw Failure(description: "starting a challenge: \(started.status) \(started.text)")
        }
        return id
    }

    /// Verifies `code`; returns the access token when the API grants one.
    func verify(challengeID: String, code: String) async throws -> String? {
        try await call(.post, "/api/v1/challenges/\(challengeID)/verify", json: ["code": code]).json["accessToken"] as? String
    }

    /// The link's audit events, oldest first.
    func events(linkID: String) async throws -> [[String: Any]] {
        try await call(.get, "/api/v1/admin/links/\(linkID)/events", admin: true).json["events"] as? [[String: Any]] ?? []
    }

    /// The value of `otplink_mails_total{outcome="…"}` at `/api/v1/admin/metrics` (0 when not counted yet).
    func mailCount(_ outcome: String) async throws -> Double {
        let text = try await call(.get, "/api/v1/admin/metrics", admin: true).text
        let prefix = "otplink_mails_total{outcome=\"\(outcome)\"} "
        return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
    }

    /// Asks `condition` every 100 ms until it holds or `seconds` passed; returns whether it held.
    static func eventually(seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        // Each call is a new connection: ten a second stay far below the server's connections per client
        // even when a loaded machine is slow to see the closed ones go.
        for _ in 0..<Int(seconds * 10) {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// The code in a code mail's text part: the line that holds only digits.
func oneTimeCode(in text: String?) -> String? {
    text?.split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .first { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
}
