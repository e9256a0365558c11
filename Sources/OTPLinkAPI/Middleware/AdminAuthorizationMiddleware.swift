import Hummingbird

/// Lets an admin call through only with `Authorization: Bearer <admin key>`; 401 JSON otherwise.
///
/// The key is compared by ``AdminKey/accepts(_:)`` in constant time and never logged.
struct AdminAuthorizationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let adminKey: AdminKey

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = BearerCredential.token(in: request.headers), adminKey.accepts(presented) else {
            throw APIError.unauthorized("Admin calls need the header `Authorization: Bearer <admin key>` with the server's admin key.")
        }
        return try await next(request, context)
    }
}

/// Reads the token of an `Authorization: Bearer <token>` header.
enum BearerCredential {
    /// The token after `Bearer ` (scheme case-insensitive), or `nil` without one.
    static func token(in headers: HTTPFields) -> Substring? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].drop { $0 == " " }
        return token.isEmpty ? nil : token
    }
}
