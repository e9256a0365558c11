import Hummingbird
import LinkVerification

/// What the routes need, built once per application by ``buildApplication(configuration:onServerRunning:)``.
struct RouteDependencies: Sendable {
    let configuration: APIConfiguration
    let verifier: LinkVerifier
    let adminKey: AdminKey
    let metrics: ServiceMetrics
    let openAPIDocument: OpenAPIDocument
    let limiter: any ClientRateLimiting
    /// The site `--public` serves, and how its page hits are answered (nil without `--public`).
    var siteHits: SiteHits? = nil
}

/// Builds the router: the middleware every call passes, then the public, admin and operations calls.
///
/// Middleware order, outermost first: client address, pages of the site already known (with `--public`),
/// request log and metrics, host check, the site, response headers, CORS, JSON errors. Public calls add
/// the per-IP limit, admin calls the admin key.
func buildRouter(_ dependencies: RouteDependencies) -> Router<APIRequestContext> {
    let configuration = dependencies.configuration
    let router = Router(context: APIRequestContext.self)
    let hostCheck = HostCheckMiddleware(configuration)
    let site = dependencies.siteHits?.site
    router.add(middleware: ClientAddressMiddleware(proxies: configuration.trustedProxies))
    if let hits = dependencies.siteHits {
        router.add(middleware: StaticSiteHitMiddleware(hits: hits))
    }
    router.add(middleware: RequestLogMiddleware(metrics: dependencies.metrics))
    if let hostCheck {
        router.add(middleware: hostCheck)
    }
    if let site {
        router.add(middleware: StaticSiteMiddleware(site: site))
    }
    router.add(middleware: ResponseHeadersMiddleware())
    router.add(middleware: SiteOriginMiddleware(siteURL: dependencies.configuration.siteURL))
    let routeTable = RouteTable()
    router.add(middleware: ErrorResponseMiddleware(routes: routeTable))

    let operations = OperationsController(
        verifier: dependencies.verifier, metrics: dependencies.metrics, openAPIDocument: dependencies.openAPIDocument)
    operations.addRoutes(to: router)

    let recipient = router.group("api/v1")
        .add(middleware: RateLimitMiddleware(limiter: dependencies.limiter))
    RecipientController(
        verifier: dependencies.verifier,
        metrics: dependencies.metrics,
        bodyLimits: JSONBody.Limits(bytes: dependencies.configuration.publicBodyLimit, time: dependencies.configuration.bodyTimeout)
    ).addRoutes(to: recipient)

    let admin = router.group("api/v1/admin")
        .add(middleware: AdminAuthorizationMiddleware(adminKey: dependencies.adminKey))
    operations.addMetricsRoute(to: admin)
    AdminController(
        verifier: dependencies.verifier,
        metrics: dependencies.metrics,
        siteURL: dependencies.configuration.siteURL,
        bodyLimits: JSONBody.Limits(bytes: dependencies.configuration.adminBodyLimit, time: dependencies.configuration.bodyTimeout),
        uploadLimit: dependencies.configuration.uploadLimit
    ).addRoutes(to: admin)
    routeTable.fill(with: router.routes)
    return router
}
