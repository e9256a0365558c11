import Hummingbird

/// Answers 429 `rate_limited` with `Retry-After` when a client has used up its calls.
///
/// Sits in front of every public call; the client is ``APIRequestContext/clientAddress``.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let limiter: any ClientRateLimiting

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch try await limiter.admit(context.clientAddress) {
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
