import Hummingbird
import Logging

/// The application `otplink-api serve` runs and the tests drive.
public typealias OTPLinkApplication = Application<RouterResponder<APIRequestContext>>

/// Builds the whole service from its configuration: data folder, keys, storage, mail worker, router.
///
/// Tests call this too, so they exercise exactly what production runs.
/// - Parameters:
///   - configuration: where to listen, where the data lives, the HTTP layer's limits.
///   - onServerRunning: called with the bound port once the server listens (port 0 picks a free one).
public func buildApplication(
    configuration: APIConfiguration,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> OTPLinkApplication {
    var logger = Logger(label: "otplink-api")
    logger.logLevel = configuration.logLevel

    let folder = DataFolder(url: configuration.dataFolder)
    try folder.prepare()
    _ = try folder.loadOrCreateSecretKey()
    let adminKey: AdminKey
    if let file = configuration.adminKeyFile {
        adminKey = try AdminKey.load(from: file)
    } else {
        let (key, created) = try AdminKey.loadOrCreate(in: folder)
        adminKey = key
        logger.notice(
            "\(created ? "Generated the admin key" : "Using the admin key") in \(folder.generatedAdminKeyURL.path)"
        )
    }

    let dependencies = RouteDependencies(
        configuration: configuration,
        adminKey: adminKey,
        metrics: ServiceMetrics(),
        openAPIDocument: try OpenAPIDocument.bundled(),
        limiter: ClientRateLimiter(limit: configuration.rateLimit)
    )
    let router = buildRouter(dependencies)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger
    )
}
