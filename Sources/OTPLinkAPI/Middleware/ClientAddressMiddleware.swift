import Foundation
import HTTPTypes
import Hummingbird

/// Decides which address a request comes from, for the per-IP limit and the audit trail.
///
/// By default the connection's peer. With `trustProxy` (one reverse proxy in front of the API),
/// the last `X-Forwarded-For` entry: the one that proxy appended, which a client cannot forge.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let trustProxy: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if trustProxy, let forwarded = Self.lastForwardedAddress(request.headers[values: .xForwardedFor]) {
            context.clientAddress = forwarded
        }
        return try await next(request, context)
    }

    /// The last non-empty entry of the `X-Forwarded-For` header lines, if it looks like an IP address.
    static func lastForwardedAddress(_ lines: [String]) -> String? {
        let entries = lines.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let last = entries.last, last.count <= 45,
              last.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        else { return nil }
        return last
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, set by reverse proxies.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
