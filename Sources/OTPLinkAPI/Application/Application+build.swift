import Foundation
import Hummingbird
import LinkMail
import LinkStorage
import LinkVerification
import Logging
import NIOCore

/// The application `otplink-api serve` runs and the tests drive.
public typealias OTPLinkApplication = Application<RouterResponder<APIRequestContext>>

/// Builds the whole service from its configuration: data folder, keys, store (SQLite or PostgreSQL), mail
/// templates and worker, router.
///
/// Tests call this too, so they exercise exactly what production runs.
/// - Parameters:
///   - configuration: where to listen, where the data lives, the policy, the HTTP layer's limits.
///   - clock: the time source of the domain and the mail (tests move a ``ManualClock``).
///   - logger: where the server logs; by default swift-log's handler at `configuration.logLevel`.
///   - onServerRunning: called with the bound port once the server listens (port 0 picks a free one).
/// - Throws: ``ConfigurationError``, or the storage and template errors, each naming the file at fault.
public func buildApplication(
    configuration: APIConfiguration,
    clock: any WallClock = SystemClock(),
    logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> OTPLinkApplication {
    var logger = logger ?? Logger(label: "otplink-api")
    logger.logLevel = configuration.logLevel

    // Every input is checked before anything is created: a wrong templates folder, sender, relay or
    // admin key file fails here, leaving no data folder, secret or key behind.
    try configuration.policy.validate()
    let folder = DataFolder(path: configuration.dataFolder.path)
    let composer = MessageComposer(
        templates: try mailTemplates(configuration.templatesFolder),
        configuration: .init(from: try mailFrom(configuration.mailFrom)),
        now: { clock.now() }
    )
    let delivery: any MailDelivery
    switch configuration.mailTransport {
    case .outbox:
        delivery = OutboxDelivery(folder: folder.outboxURL, composer: composer, now: { clock.now() })
    case .smtp(let smtp):
        do {
            delivery = try SMTPDelivery(configuration: smtp, composer: composer)
        } catch {
            throw ConfigurationError("--smtp-url (or OTPLINK_SMTP_URL) \(smtp): \(error)")
        }
    }
    let configuredAdminKey = try configuration.adminKeyFile.map { try AdminKey.load(from: $0) }

    let metrics = ServiceMetrics()
    let mailDoorbell = MailDoorbell()
    let service = try await LinkService.open(
        storage: configuration.storage, policy: configuration.policy, clock: clock, logger: logger,
        mailObserver: MailQueueSignals(doorbell: mailDoorbell, metrics: metrics))
    let (storage, verifier) = (service.storage, service.verifier)
    let (store, secret) = (storage.store, storage.secret)
    let adminKey = try configuredAdminKey ?? generatedAdminKey(folder: folder, logger: logger)
    logger.notice("Mail goes to \(configuration.mailTransport == .outbox ? folder.outboxURL.path : configuration.mailTransport.description)")
    let withheldSink = WithheldMailSink(
        folder: folder.withheldMailURL, composer: composer, outbox: configuration.mailTransport == .outbox ? folder.outboxURL : nil)
    let dispatcher = MailDispatcher(
        store: store,
        delivery: delivery,
        withheldSink: withheldSink,
        secret: secret,
        policy: configuration.policy,
        clock: clock,
        onError: { [logger] error in
            logger.error("Mail queue error", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    )

    let siteHits = configuration.publicFolder.map {
        SiteHits(site: ServedSite(folder: $0, policy: SiteResponseHeaders()), hostCheck: HostCheckMiddleware(configuration), metrics: metrics)
    }
    let router = buildRouter(
        RouteDependencies(
            configuration: configuration,
            verifier: verifier,
            adminKey: adminKey,
            metrics: metrics,
            openAPIDocument: try OpenAPIDocument.bundled(),
            limiter: limiter(configuration: configuration, postgres: storage.postgres),
            siteHits: siteHits
        )
    )
    let limits = configuration.connectionLimits
    let proxies = configuration.trustedProxies
    let connections = ConnectionRegistry(limit: limits.connectionsPerClient) { address in
        IPAddress(address).map(proxies.trusts) ?? false
    }
    let siteLogger = logger
    var application = Application(
        router: router,
        server: ServerChannel.builder(
            idleTimeout: configuration.idleTimeout,
            guards: { [ConnectionGuard(limits: limits, registry: connections)] },
            inner: { siteHits.map { [SiteHitHandler(hits: $0, logger: siteLogger)] } ?? [] }),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    application.addServices(
        MailWorker(dispatcher: dispatcher, metrics: metrics, interval: configuration.mailPollInterval,
                   doorbell: mailDoorbell, logger: logger, onlyWorker: storage.postgres == nil),
        RetentionSweeper(verifier: verifier, interval: configuration.retentionSweepInterval, logger: logger),
        WithheldMailSweeper(sink: withheldSink, logger: logger)
    )
    if let postgres = storage.postgres {
        // Mail queued by any instance wakes this instance's worker at once.
        application.addServices(MailNotificationListener(store: postgres, doorbell: mailDoorbell))
        logger.notice("Storage: \(postgres.address) (shared by every instance)")
    }
    if let address = configuration.metricsListen {
        let operations = OperationsController(verifier: verifier, metrics: metrics, openAPIDocument: try OpenAPIDocument.bundled())
        application.addServices(buildMetricsApplication(address: address, operations: operations, logger: logger))
        logger.notice("Metrics at http://\(address)/metrics")
    }
    return application
}

/// The admin key of `<data>/admin.key`, generated on first start (when no `--admin-key-file` is given).
private func generatedAdminKey(folder: DataFolder, logger: Logger) throws -> AdminKey {
    let (key, created) = try AdminKey.loadOrCreate(in: folder)
    let path = AdminKey.generatedFile(in: folder).path
    logger.notice("\(created ? "Generated the admin key; it is" : "The admin key is") in \(path)")
    return key
}

/// The per-client limit: in the shared database on PostgreSQL (one budget across instances), else in memory.
private func limiter(configuration: APIConfiguration, postgres: PostgresLinkStore?) -> any ClientRateLimiting {
    let limit = configuration.rateLimit
    guard let postgres else { return ClientRateLimiter(limit: limit) }
    return SharedClientRateLimiter(buckets: postgres.rateBuckets(burst: limit.burst, perMinute: limit.perMinute))
}

/// The email templates, or an error naming the file at fault; a missing folder also names the setting.
private func mailTemplates(_ folder: URL) throws -> MailTemplates {
    do {
        return try MailTemplates(folder: folder)
    } catch .folderMissing(let path) {
        throw ConfigurationError(
            "\(Setting.templates.names): the email templates folder \(path) does not exist; `make install` puts the templates beside the binary, or give the folder")
    }
}

/// The `From` mailbox, or a configuration error naming the setting.
private func mailFrom(_ text: String) throws -> MailboxAddress {
    do {
        return try MailboxAddress(parsing: text)
    } catch {
        throw ConfigurationError("--mail-from (or OTPLINK_MAIL_FROM) `\(text)` is not a mailbox such as `Help Center <no-reply@example.com>`: \(error)")
    }
}
