import Hummingbird
import Logging

/// Answers a page of the site the routes are already known to have nothing for, from memory, before
/// the rest of the middleware runs: a page hit is the commonest request a help center gets, and what
/// it skips (an info line per request, looking up its metrics, the route chain) cost more than the
/// answer itself.
///
/// Only a `GET` or `HEAD` of a path ``ServedSite`` has noted as the site's, for the host the
/// ``HostCheckMiddleware`` accepts, that leads to a file (`200`, or `304` for a matching
/// `If-None-Match`) is answered here; everything else (the first request for a path, redirects,
/// the 404 page, another host) goes down the chain to ``StaticSiteMiddleware`` as before. A hit is
/// counted in the metrics as that middleware's answers are (route `site`) and logged at debug level only.
struct StaticSiteHitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let site: ServedSite
    let hostCheck: HostCheckMiddleware?
    /// The counts of the four answers given here, looked up once.
    private let counts: [HitKind: ServiceMetrics.RequestCount]

    private struct HitKind: Hashable {
        let head: Bool
        let notModified: Bool
    }

    /// Answers hits of `site` on the hosts `hostCheck` accepts (any host without it), counted in `metrics`.
    init(site: ServedSite, hostCheck: HostCheckMiddleware?, metrics: ServiceMetrics) {
        self.site = site
        self.hostCheck = hostCheck
        var counts: [HitKind: ServiceMetrics.RequestCount] = [:]
        for head in [false, true] {
            for notModified in [false, true] {
                counts[HitKind(head: head, notModified: notModified)] = metrics.requests(
                    route: ServedSite.route, method: head ? "HEAD" : "GET", status: notModified ? 304 : 200)
            }
        }
        self.counts = counts
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        guard request.method == .get || request.method == .head, site.isSitePath(path),
              hostCheck?.accepts(request) ?? true,
              case let .file(file) = site.snapshot.answer(forRequestPath: path)
        else {
            return try await next(request, context)
        }
        let response = file.response(to: request)
        let duration = start.duration(to: .now)
        counts[HitKind(head: request.method == .head, notModified: response.status == .notModified)]?.record(duration)
        context.logger.debug(
            "request", metadata: RequestLogMiddleware.metadata(request, route: ServedSite.route, status: response.status, duration: duration, context: context))
        return response
    }
}
