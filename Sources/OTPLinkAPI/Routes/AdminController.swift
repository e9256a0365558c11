import Foundation
import Hummingbird
import NIOCore
import LinkVerification
import Yams

/// The admin calls: store a file, create, revoke and unlock links, read a link's audit trail,
/// load the directory. All of them sit behind ``AdminAuthorizationMiddleware``.
struct AdminController {
    let verifier: LinkVerifier
    let metrics: ServiceMetrics
    let siteURL: URL
    /// The largest JSON or YAML body (link requests, the directory).
    let bodyLimits: JSONBody.Limits
    /// The largest file `POST /admin/files` stores.
    let uploadLimit: Int

    /// Adds the admin calls to `group` (mounted at `/api/v1/admin`).
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post("files", use: storeFile)
        group.post("links", use: createLink)
        group.delete("links/:linkId", use: revokeLink)
        group.post("links/:linkId/unlock", use: unlockLink)
        group.get("links/:linkId/events", use: events)
        group.put("directory", use: loadDirectory)
    }

    /// `POST /admin/files?name=`: the raw body becomes a stored file.
    @Sendable func storeFile(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<FileStoredBody> {
        guard let name = request.uri.queryParameters["name"].map(String.init), !name.isEmpty else {
            throw APIError(.badRequest, code: "invalid_request", message: "Name the file with the query parameter `?name=`.", field: "name")
        }
        // The decoded parameter turns bytes that are not UTF-8 into U+FFFD; such a name is refused, not mangled.
        guard Self.isPercentEncodedUTF8(parameter: "name", in: request.uri.query ?? "") else {
            throw APIError(.badRequest, code: "invalid_request", message: "The file name `?name=` is not percent-encoded UTF-8.", field: "name")
        }
        let contentType = request.headers[.contentType].flatMap { $0.isEmpty ? nil : $0 }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > uploadLimit {
            throw Self.uploadTooLarge(limit: uploadLimit)
        }
        // Streamed to storage one chunk at a time; past the limit the upload stops and nothing is kept.
        let limit = uploadLimit
        let counter = UploadCounter()
        let file = try await verifier.storeFile(name: name, contentType: contentType, chunks: request.body.map { buffer in
            guard counter.add(buffer.readableBytes) <= limit else { throw Self.uploadTooLarge(limit: limit) }
            return Data(buffer: buffer)
        })
        return EditedResponse(
            status: .created,
            response: FileStoredBody(fileId: file.id, name: file.name, size: file.size, contentType: file.contentType, sha256: file.sha256)
        )
    }

    /// `POST /admin/links`: shares a stored file; 201 with the link's id, token and URL.
    @Sendable func createLink(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<LinkCreatedBody> {
        let body = try await JSONBody.decode(LinkRequest.self, from: request, limits: bodyLimits)
        let created = try await verifier.createLink(
            fileID: body.fileId,
            recipients: body.recipients,
            sender: body.sender,
            expiresAt: body.expiresAt,
            locale: body.locale ?? "en",
            notify: body.notify ?? false,
            siteURL: siteURL.absoluteString,
            client: ClientInfo(ipAddress: context.clientAddress)
        )
        return EditedResponse(
            status: .created,
            response: LinkCreatedBody(linkId: created.linkID, token: created.token, url: created.url, expiresAt: created.link.expiresAt)
        )
    }

    /// `DELETE /admin/links/{linkId}`: the link never opens again.
    @Sendable func revokeLink(_ request: Request, context: APIRequestContext) async throws -> HTTPResponse.Status {
        _ = try await verifier.revoke(linkID: context.parameters.require("linkId"), client: ClientInfo(ipAddress: context.clientAddress))
        return .noContent
    }

    /// `POST /admin/links/{linkId}/unlock`: a link locked by wrong codes opens again.
    @Sendable func unlockLink(_ request: Request, context: APIRequestContext) async throws -> HTTPResponse.Status {
        _ = try await verifier.unlock(linkID: context.parameters.require("linkId"), client: ClientInfo(ipAddress: context.clientAddress))
        return .noContent
    }

    /// `GET /admin/links/{linkId}/events`: the audit trail, oldest first.
    @Sendable func events(_ request: Request, context: APIRequestContext) async throws -> EventListBody {
        let events = try await verifier.events(linkID: context.parameters.require("linkId"))
        return EventListBody(events: events.map(EventBody.init))
    }

    /// `PUT /admin/directory`: replaces the directory with the JSON or YAML body.
    @Sendable func loadDirectory(_ request: Request, context: APIRequestContext) async throws -> DirectoryLoadedBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: bodyLimits.bytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "The directory is larger than \(bodyLimits.bytes) bytes.")
        }
        let format: DirectoryFile.Format = (request.headers[.contentType] ?? "").contains("yaml") ? .yaml : .json
        let directory = try DirectoryFile.decode(Data(buffer: buffer), format: format, source: "the body")
        try await verifier.loadDirectory(directory)
        return DirectoryLoadedBody(domains: directory.domains.count, members: directory.members.count, lists: directory.lists.count)
    }
}

extension AdminController {
    /// 413 `body_too_large` for an upload over the limit.
    static func uploadTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", message: "The file is larger than the upload limit of \(limit) bytes.")
    }

    /// Whether every value of `parameter` in the raw (still percent-encoded) `query` decodes to UTF-8.
    static func isPercentEncodedUTF8(parameter: String, in query: String) -> Bool {
        query.split(separator: "&").allSatisfy { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == parameter else { return true }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding != nil
        }
    }

    /// The body of `POST /admin/links`.
    struct LinkRequest: Decodable {
        let fileId: String
        let recipients: [String]
        let sender: String
        let expiresAt: Date?
        let locale: String?
        let notify: Bool?
    }

    /// The answer of `POST /admin/files`.
    struct FileStoredBody: ResponseEncodable {
        let fileId: String
        let name: String
        let size: Int
        let contentType: String
        let sha256: String
    }

    /// The answer of `POST /admin/links`.
    struct LinkCreatedBody: ResponseEncodable {
        let linkId: String
        let token: String
        let url: String
        let expiresAt: Date
    }

    /// The answer of `GET /admin/links/{linkId}/events`.
    struct EventListBody: ResponseEncodable {
        let events: [EventBody]
    }

    /// One audit event as the API shows it.
    struct EventBody: Encodable {
        let sequence: Int64
        let at: Date
        let kind: String
        let address: String?
        let clientIp: String?
        let mayOpen: Bool?
        let detail: String?

        init(_ event: AuditEvent) {
            self.sequence = event.sequence
            self.at = event.at
            self.kind = event.kind.rawValue
            self.address = event.address?.value
            self.clientIp = event.clientIP
            self.mayOpen = event.mayOpen
            self.detail = event.detail
        }
    }

    /// The answer of `PUT /admin/directory`: what was loaded.
    struct DirectoryLoadedBody: ResponseEncodable {
        let domains: Int
        let members: Int
        let lists: Int
    }
}

/// The bytes of an upload so far.
private final class UploadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    /// Adds `count` bytes and returns the new total.
    func add(_ count: Int) -> Int {
        lock.withLock {
            total += count
            return total
        }
    }
}
