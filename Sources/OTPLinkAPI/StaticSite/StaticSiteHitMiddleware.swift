import Hummingbird
import Logging

/// Answers a page hit (``SiteHits``) that ``SiteHitHandler`` passed on, from memory, before the rest
/// of the middleware runs: an info line per request, looking up its metrics and the route chain cost
/// more than the answer itself. A hit is logged at debug level only.
struct StaticSiteHitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let hits: SiteHits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        guard let answer = hits.answer(request.head) else {
            return try await next(request, context)
        }
        let response = answer.response
        let duration = start.duration(to: .now)
        hits.count(answer, to: request.head, duration: duration)
        context.logger.debug(
            "request", metadata: RequestLogMiddleware.metadata(request, route: ServedSite.route, status: response.status, duration: duration, context: context))
        return response
    }
}
