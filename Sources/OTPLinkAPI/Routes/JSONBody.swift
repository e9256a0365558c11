import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON request body into a `Decodable` type, with errors a client can act on.
///
/// A body over its byte limit is 413 `body_too_large`, one that takes longer than its time limit to
/// arrive is 408 `body_timeout`; anything that is not the expected JSON (empty, not JSON, a missing
/// or mistyped field) is 400 `invalid_body` naming the field.
enum JSONBody {
    /// How large a body may be and how long it may take to arrive.
    struct Limits: Sendable {
        /// The largest body, in bytes.
        var bytes: Int
        /// The longest a client may take to send it, from the moment the handler starts reading it.
        var time: Duration
    }

    /// Decodes the body of `request` as `type`, within `limits`.
    static func decode<Body: Decodable>(_ type: Body.Type, from request: Request, limits: Limits) async throws -> Body {
        let buffer = try await collect(request.body, limits: limits)
        guard buffer.readableBytes > 0 else {
            throw APIError.invalidBody("The body is empty; this call takes a JSON object.")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(ISO8601Date.decode)
        do {
            return try decoder.decode(Body.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.invalidBody(describe(error))
        } catch {
            throw APIError.invalidBody("The body is not valid JSON.")
        }
    }

    /// The whole body, or 413 when it is over `limits.bytes`, or 408 when a part of it arrives after `limits.time`.
    ///
    /// The clock is read as each part arrives, which costs nothing per request (no timer task): a client
    /// that trickles its body is answered at its first byte past the deadline, and one that stops
    /// sending altogether is cut off by the server's idle timeout.
    private static func collect(_ body: RequestBody, limits: Limits) async throws -> ByteBuffer {
        let deadline = ContinuousClock.now.advanced(by: limits.time)
        var collected = ByteBuffer()
        for try await part in body {
            guard collected.readableBytes + part.readableBytes <= limits.bytes else {
                throw APIError(.contentTooLarge, code: "body_too_large", message: "The body is larger than \(limits.bytes) bytes.")
            }
            var part = part
            collected.writeBuffer(&part)
            guard ContinuousClock.now < deadline else {
                throw APIError(
                    .requestTimeout, code: "body_timeout",
                    message: "The body did not arrive within \(limits.time.components.seconds) seconds; send it whole and try again.")
            }
        }
        return collected
    }

    /// A sentence saying what is wrong with the body and which field.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "The field `\(path(context.codingPath + [key]))` is missing."
        case .valueNotFound(_, let context):
            return "The field `\(path(context.codingPath))` must not be null."
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "The body must be a JSON object." }
            return "The field `\(path(context.codingPath))` must be \(describe(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON." }
            return "The field `\(path(context.codingPath))` is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body is not the JSON this call takes."
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a \(name)"
        }
    }
}

/// ISO 8601 date-times as the API writes and reads them: `2026-11-27T05:30:00Z`, fractions allowed on input.
enum ISO8601Date {
    /// Formats `date` in UTC with seconds.
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Parses a date-time with or without fractional seconds; `nil` when it is not one.
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A `JSONDecoder` date strategy that names the field of a bad date.
    static func decode(_ decoder: any Decoder) throws -> Date {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "`\(text)` is not an ISO 8601 date-time such as 2026-12-01T12:00:00Z."
            )
        }
        return date
    }
}
