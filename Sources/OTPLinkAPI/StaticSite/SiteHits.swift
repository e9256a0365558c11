import HTTPTypes

/// Decides whether a request is a page hit, and answers and counts it: a `GET` or `HEAD` of a path
/// ``ServedSite`` has noted as the site's (the routes have nothing for it), for a host the
/// ``HostCheckMiddleware`` accepts, that leads to a file (`200`, or `304` for a matching
/// `If-None-Match`).
///
/// Everything else (the first request for a path, redirects, the 404 page, another host) is not a
/// hit and goes down the middleware chain to ``StaticSiteMiddleware``. Hits are answered first by
/// ``SiteHitHandler`` on the connection's event loop, and else (a request it passes on, or one made
/// without a connection) by ``StaticSiteHitMiddleware``; both count them as that middleware's answers
/// are counted, under the route `site`.
struct SiteHits: Sendable {
    let site: ServedSite
    let hostCheck: HostCheckMiddleware?
    /// The counts of the four answers a hit can get, looked up once.
    private let counts: [Kind: ServiceMetrics.RequestCount]

    private struct Kind: Hashable {
        let head: Bool
        let notModified: Bool
    }

    /// Answers hits of `site` on the hosts `hostCheck` accepts (any host without it), counted in `metrics`.
    init(site: ServedSite, hostCheck: HostCheckMiddleware?, metrics: ServiceMetrics) {
        self.site = site
        self.hostCheck = hostCheck
        var counts: [Kind: ServiceMetrics.RequestCount] = [:]
        for head in [false, true] {
            for notModified in [false, true] {
                counts[Kind(head: head, notModified: notModified)] = metrics.requests(
                    route: ServedSite.route, method: head ? "HEAD" : "GET", status: notModified ? 304 : 200)
            }
        }
        self.counts = counts
    }

    /// The answer to the request with `head` when it is a hit, else nil.
    func answer(_ head: HTTPRequest) -> ServedFile.Answer? {
        guard head.method == .get || head.method == .head, let path = head.path, site.isSitePath(path),
              hostCheck?.accepts(head) ?? true,
              case let .file(file) = site.snapshot.answer(forRequestPath: path)
        else { return nil }
        return file.answer(to: head)
    }

    /// Counts a hit's answer, which took `duration`.
    func count(_ answer: ServedFile.Answer, to head: HTTPRequest, duration: Duration) {
        counts[Kind(head: head.method == .head, notModified: answer.status == .notModified)]?.record(duration)
    }
}
