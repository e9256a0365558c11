import Hummingbird

/// Answers 429 `rate_limited` with `Retry-After` when a client has used up its calls.
///
/// Sits in front of every public call. The client is ``APIRequestContext/clientAddress``, counted by
/// ``IPAddress/clientKey``: an IPv4 address alone, an IPv6 address with the rest of its /64.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let limiter: any ClientRateLimiting

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = IPAddress(context.clientAddress)?.clientKey ?? context.clientAddress
        switch try await limiter.take(for: key) {
        case .allowed:
            return try await next(request, context)
        case .limited(let seconds):
            throw APIError(
                .tooManyRequests,
                code: "rate_limited",
                message: "Too many requests from this address; try again in \(seconds) seconds.",
                retryAfterSeconds: seconds
            )
        }
    }
}
