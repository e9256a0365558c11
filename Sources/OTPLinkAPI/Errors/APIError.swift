import Foundation
import Hummingbird

/// An error the API answers with: a 4xx status and the JSON body `{"error": {"code", "message", ...}}`.
///
/// Every failure a client can cause ends up as one of these, so a client always gets a
/// machine-readable `code` and a sentence a person can read. Extra members (such as
/// `attemptsLeft` for `invalid_code`) sit inside the error object beside `code` and `message`.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    /// The HTTP status of the answer.
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code (`link_not_found`, `invalid_body`, ...).
    public var code: String
    /// A sentence for people: what is wrong and, where it helps, where.
    public var message: String
    /// Whole-number members added to the error object, e.g. `["attemptsLeft": 3]`.
    public var details: [String: Int]
    /// The input that was rejected (`recipients[1]`, `name`), sent as `field` in the error object.
    public var field: String?
    /// Seconds the client should wait before trying again, sent as `Retry-After` (429 answers).
    public var retryAfterSeconds: Int?
    /// More headers of the answer (`Content-Range` of a 416).
    public var headers: HTTPFields

    /// Creates an error answer.
    public init(
        _ status: HTTPResponse.Status,
        code: String,
        message: String,
        details: [String: Int] = [:],
        field: String? = nil,
        retryAfterSeconds: Int? = nil,
        headers: HTTPFields = [:]
    ) {
        self.headers = headers
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Renders the JSON body and headers of the answer.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfterSeconds {
            headers[.retryAfter] = String(max(1, retryAfterSeconds))
        }
        if status == .unauthorized {
            headers[.wwwAuthenticate] = "Bearer"
        }
        if status == .requestTimeout {
            // The rest of the body may still be on its way: the connection cannot carry another request.
            headers[.connection] = "close"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: jsonBody())))
    }

    /// The body of the answer, `{"error": {...}}`, as UTF-8 JSON bytes.
    public func jsonBody() -> Data {
        var object: [String: Any] = ["code": code, "message": message]
        for (key, value) in details { object[key] = value }
        if let field { object["field"] = field }
        // Only strings and integers go in, so serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: ["error": object], options: [.sortedKeys])) ?? Data()
    }
}

extension APIError {
    /// 400 `invalid_body`: the body is not the JSON this call takes.
    static func invalidBody(_ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_body", message: message)
    }

    /// 404 `not_found`: no such call.
    static func routeNotFound(method: HTTPRequest.Method) -> APIError {
        APIError(.notFound, code: "not_found", message: "There is no \(method.rawValue) call at this address.")
    }

    /// 401 `unauthorized` with the scheme the call expects.
    static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, code: "unauthorized", message: message)
    }
}

extension HTTPResponse.Status {
    /// 423 Locked (RFC 4918): a link or challenge locked by too many wrong codes.
    public static var locked: Self { .init(code: 423, reasonPhrase: "Locked") }
}

extension APIError: CustomStringConvertible {
    /// The message, for the command line and logs.
    public var description: String { message }
}
