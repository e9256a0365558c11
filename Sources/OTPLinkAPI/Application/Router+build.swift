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
}

/// Builds the router: the middleware every call passes, then the public, admin and operations calls.
///
/// Middleware order, outermost first: client address, request log and metrics, response headers,
/// CORS, JSON errors. Public calls add the per-IP limit, admin calls the admin key.
func buildRouter(_ dependencies: RouteDependencies) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: ClientAddressMiddleware(proxies: dependencies.configuration.trustedProxies))
    router.add(middleware: RequestLogMiddleware(metrics: dependencies.metrics))
    if !dependencies.configuration.allowedHosts.isEmpty {
        let site = dependencies.configuration.siteURL
        router.add(middleware: HostCheckMiddleware(
            hosts: dependencies.configuration.allowedHosts, defaultPort: site.scheme == "https" ? 443 : 80))
    }
    if let folder = dependencies.configuration.publicFolder {
        router.add(middleware: StaticSiteMiddleware(folder: folder.path))
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
