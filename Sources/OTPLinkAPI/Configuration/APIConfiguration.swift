import Foundation
import LinkStorage
import LinkVerification
import Logging

/// Everything `buildApplication(configuration:)` needs: where to listen, where the data lives,
/// which site the links point at, and the limits of the HTTP layer.
///
/// The command line fills it from flags and `OTPLINK_*` environment variables; tests fill it
/// directly. The defaults are the ones `otplink-api serve` documents.
public struct APIConfiguration: Sendable {
    /// The address to listen on; `127.0.0.1` keeps the API off other machines.
    public var host: String
    /// The TCP port; `0` asks the system for a free one (tests).
    public var port: Int
    /// The data folder: `otplink.sqlite`, `files/`, `outbox/`, `secret.key`, `admin.key`.
    public var dataFolder: URL
    /// The PostgreSQL database several instances share; nil keeps SQLite in ``dataFolder``.
    public var database: PostgresAddress?
    /// The server secret's file; nil uses (or creates) `<data>/secret.key`.
    public var secretFile: URL?
    /// The help center's base URL: links are `<siteURL>/<locale>/link/#<token>`, and its
    /// origin is the only cross-origin caller CORS lets in.
    public var siteURL: URL
    /// A file holding the admin key; `nil` generates one in `<data>/admin.key`.
    public var adminKeyFile: URL?
    /// The reverse proxies whose `X-Forwarded-For` is believed (``TrustedProxies``); none by default.
    public var trustedProxies: TrustedProxies
    /// Where `GET /metrics` is served on a listener of its own; `nil` (the default) serves metrics only to
    /// the admin key, at `GET /api/v1/admin/metrics`.
    public var metricsListen: MetricsListenAddress?
    /// The `Host` values requests must carry (`help.example.com`); others are answered 421. Empty (the
    /// default when `--site-url` is not given) accepts any host.
    public var allowedHosts: [String]
    /// The largest JSON body a public call accepts, in bytes.
    public var publicBodyLimit: Int
    /// The largest JSON body an admin call accepts (the directory), in bytes.
    public var adminBodyLimit: Int
    /// The largest file `POST /admin/files` accepts, in bytes.
    public var uploadLimit: Int
    /// The per-IP limit on public calls.
    public var rateLimit: RateLimit
    /// How much the server logs; request lines are `info`.
    public var logLevel: Logger.Level
    /// The built help center to serve beside the API (`serve --public`); `nil` serves the API only.
    public var publicFolder: URL?
    /// The policy numbers: code length and lifetime, cooldowns, lockouts, windows, token lifetimes.
    public var policy: Policy
    /// The email templates folder (`templates/email`): `<locale>/code.*`, `<locale>/link-shared.*`.
    public var templatesFolder: URL
    /// The `From` of every mail, `Name <address>`.
    public var mailFrom: String
    /// The pause of the mail worker between passes over the queue.
    public var mailPollInterval: Duration
    /// Where mail goes: the outbox folder or an SMTP server.
    public var mailTransport: MailTransport
    /// How often expired codes, grants, challenges and long-failed mail are deleted.
    public var retentionSweepInterval: Duration
    /// How long a connection may go without a complete request part (head or body chunk) or an
    /// answer before the server closes it, so stalled and slow clients cannot hold connections open.
    public var idleTimeout: Duration
    /// How long a request may take to arrive whole, and how many connections a client may hold.
    public var connectionLimits: ConnectionLimits
    /// How long a client may take to send a whole JSON body. One that trickles it (a byte at a time,
    /// which the idle timeout alone never cuts off) is answered 408 at its first byte past this and
    /// disconnected; one that stops sending is cut off by ``idleTimeout``.
    public var bodyTimeout: Duration

    /// Creates a configuration; every argument has the documented default.
    public init(
        host: String = Defaults.host,
        port: Int = Defaults.port,
        dataFolder: URL = URL(fileURLWithPath: Defaults.dataFolder),
        database: PostgresAddress? = nil,
        secretFile: URL? = nil,
        siteURL: URL = Defaults.siteURL,
        adminKeyFile: URL? = nil,
        trustedProxies: TrustedProxies = .none,
        metricsListen: MetricsListenAddress? = nil,
        allowedHosts: [String] = [],
        publicBodyLimit: Int = 16 * 1024,
        adminBodyLimit: Int = 4 * 1024 * 1024,
        uploadLimit: Int = Defaults.uploadLimit,
        rateLimit: RateLimit = RateLimit(),
        logLevel: Logger.Level = Defaults.logLevel,
        policy: Policy = Policy(),
        templatesFolder: URL = URL(fileURLWithPath: Defaults.templatesFolder),
        mailFrom: String = Defaults.mailFrom,
        mailPollInterval: Duration = .seconds(1),
        mailTransport: MailTransport = .outbox,
        publicFolder: URL? = nil,
        retentionSweepInterval: Duration = .seconds(3600),
        idleTimeout: Duration = .seconds(15),
        bodyTimeout: Duration = .seconds(10),
        connectionLimits: ConnectionLimits = ConnectionLimits()
    ) {
        self.connectionLimits = connectionLimits
        self.publicFolder = publicFolder
        self.host = host
        self.port = port
        self.dataFolder = dataFolder
        self.database = database
        self.secretFile = secretFile
        self.siteURL = siteURL
        self.adminKeyFile = adminKeyFile
        self.trustedProxies = trustedProxies
        self.metricsListen = metricsListen
        self.allowedHosts = allowedHosts
        self.publicBodyLimit = publicBodyLimit
        self.adminBodyLimit = adminBodyLimit
        self.uploadLimit = uploadLimit
        self.rateLimit = rateLimit
        self.logLevel = logLevel
        self.policy = policy
        self.templatesFolder = templatesFolder
        self.mailFrom = mailFrom
        self.mailPollInterval = mailPollInterval
        self.mailTransport = mailTransport
        self.retentionSweepInterval = retentionSweepInterval
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
    }

    /// The storage: the data folder, the database and the secret file.
    public var storage: StorageSettings {
        StorageSettings(dataFolder: DataFolder(path: dataFolder.path), database: database, secretFile: secretFile)
    }

    /// The site's origin (`scheme://host[:port]`), the value `Origin` headers are compared with.
    public var siteOrigin: String {
        SiteOrigin(url: siteURL).description
    }
}

/// A token bucket per client IP: `burst` calls at once, refilled at `perMinute` calls a minute.
public struct RateLimit: Sendable, Equatable {
    /// How many calls a client may make in a burst.
    public var burst: Int
    /// How many calls a minute a client regains.
    public var perMinute: Int

    /// Creates a limit; the defaults suit one person on the authentication page, with room for an office behind one NAT.
    public init(burst: Int = APIConfiguration.Defaults.rateBurst, perMinute: Int = APIConfiguration.Defaults.ratePerMinute) {
        self.burst = burst
        self.perMinute = perMinute
    }
}
