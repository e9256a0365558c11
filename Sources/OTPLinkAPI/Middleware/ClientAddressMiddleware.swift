import Foundation
import HTTPTypes
import Hummingbird

/// Decides which address a request comes from, for the per-client limit and the audit trail.
///
/// The connection's peer, or, when the peer is one of the ``TrustedProxies``, the address they
/// forwarded (see there). Only addresses that parse as IP addresses are ever used.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let proxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !proxies.isEmpty, let peer = context.peerAddress.flatMap({ IPAddress($0) }) else {
            return try await next(request, context)
        }
        var context = context
        context.clientAddress = proxies.clientAddress(peer: peer, forwardedFor: request.headers[values: .xForwardedFor]).description
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, set by reverse proxies.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
