import Crypto
import Foundation
import Hummingbird

/// One file of the site as it is answered: its bytes and, when smaller, their gzip, each with its
/// headers computed once (type, length, caching, security policy, `ETag`, `Vary`).
struct ServedFile: Sendable {
    /// One encoding of the file.
    struct Variant: Sendable {
        let body: ByteBuffer
        /// The headers of a `200` (and, without `Content-Length`, of a `304`).
        let headers: HTTPFields
        let notModifiedHeaders: HTTPFields
        let etag: String
    }

    let identity: Variant
    let gzip: Variant?

    /// Media types worth compressing.
    private static let compressible = ["text/", "application/javascript", "application/json", "application/xml", "image/svg+xml", "application/manifest+json"]

    /// Prepares `bytes`, the file at URL path `path`, answered with `policy`.
    init(bytes: [UInt8], path: String, policy: SiteResponseHeaders) {
        var common = HTTPFields()
        policy.apply(to: &common, path: path)
        if common[.contentType] == nil { common[.contentType] = "application/octet-stream" }
        let digest = SHA256.hash(data: bytes).prefix(12).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let type = common[.contentType] ?? ""
        let compressed = Self.compressible.contains { type.hasPrefix($0) } ? Gzip.compress(bytes) : nil
        if compressed != nil { common[.vary] = "Accept-Encoding" }
        identity = Self.variant(bytes, etag: "\"\(digest)\"", common: common, encoding: nil)
        gzip = compressed.flatMap { $0.count < bytes.count ? Self.variant($0, etag: "\"\(digest)-gz\"", common: common, encoding: "gzip") : nil }
    }

    private static func variant(_ bytes: [UInt8], etag: String, common: HTTPFields, encoding: String?) -> Variant {
        var notModified = common
        notModified[.eTag] = etag
        if let encoding { notModified[.contentEncoding] = encoding }
        var headers = notModified
        headers[.contentLength] = String(bytes.count)
        return Variant(body: ByteBuffer(bytes: bytes), headers: headers, notModifiedHeaders: notModified, etag: etag)
    }

    /// An answer, ready to send: its status, headers and body (nil for `HEAD` and `304`).
    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer?

        /// The answer as a Hummingbird response.
        var response: Response {
            Response(status: status, headers: headers, body: body.map { ResponseBody(byteBuffer: $0) } ?? ResponseBody())
        }
    }

    /// The answer to a request with `head` with `status`: gzip when the client accepts it, `304`
    /// when its `If-None-Match` names the variant's ETag (only for a `200`), no body for `HEAD`.
    func answer(to head: HTTPRequest, status: HTTPResponse.Status = .ok) -> Answer {
        let variant = gzip.flatMap { Self.acceptsGzip(head.headerFields[.acceptEncoding]) ? $0 : nil } ?? identity
        if status == .ok, let tags = head.headerFields[.ifNoneMatch], Self.matches(tags, variant.etag) {
            return Answer(status: .notModified, headers: variant.notModifiedHeaders, body: nil)
        }
        return Answer(status: status, headers: variant.headers, body: head.method == .head ? nil : variant.body)
    }

    /// The answer to `request` with `status`, as a Hummingbird response (see `answer(to:status:)`).
    func response(to request: Request, status: HTTPResponse.Status = .ok) -> Response {
        answer(to: request.head, status: status).response
    }

    /// Whether an `Accept-Encoding` value accepts gzip: `gzip` or `x-gzip` without `q=0`, or else `*`
    /// without `q=0` (a coding the client names outranks its `*`, as RFC 9110 says).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var anyCoding = false
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            switch parts.first {
            case "gzip", "x-gzip": return !Self.hasZeroQuality(parts.dropFirst())
            case "*": anyCoding = !Self.hasZeroQuality(parts.dropFirst())
            default: continue
            }
        }
        return anyCoding
    }

    /// Whether the parameters of an `Accept-Encoding` item say `q=0` (`q=0.000` too): "not acceptable".
    private static func hasZeroQuality(_ parameters: ArraySlice<String>) -> Bool {
        parameters.contains { $0.replacingOccurrences(of: " ", with: "").range(of: #"^q=0(\.0{0,3})?$"#, options: .regularExpression) != nil }
    }

    /// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for it) or is `*`.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { item in
            let tag = item.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
