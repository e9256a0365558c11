import ArgumentParser

/// One setting of the command line: its flag, its `OTPLINK_*` environment variable, what it does and its
/// default as the help shows it. The help text, the parser's messages and the value read all come from here.
struct Setting: Sendable {
    /// The flag without its dashes (`port`); the option's property has the same name in camel case.
    let flag: String
    /// The environment variable read when the flag is not given.
    let variable: String
    /// What the setting does, one sentence or two.
    let summary: String
    /// The default as the help writes it; nil when there is none (the setting is off).
    let shownDefault: String?
    /// The value's name in the help (`port`, `file`).
    let valueName: String

    /// `--flag (or VARIABLE)`, as messages name the setting.
    var names: String { "--\(flag) (or \(variable))" }

    /// The help: the summary, the variable and the default.
    var help: ArgumentHelp {
        ArgumentHelp("\(summary) Env: \(variable).\(shownDefault.map { " Default: \($0)." } ?? "")", valueName: valueName)
    }
}

/// A whole-number setting: its ``Setting``, its default and the values it accepts.
struct IntegerSetting: Sendable {
    let setting: Setting
    let defaultValue: Int
    let range: ClosedRange<Int>

    init(_ flag: String, _ variable: String, _ summary: String, default defaultValue: Int, range: ClosedRange<Int>, valueName: String) {
        setting = Setting(flag: flag, variable: variable, summary: summary, shownDefault: "\(defaultValue)", valueName: valueName)
        self.defaultValue = defaultValue
        self.range = range
    }

    /// The help, as ``Setting/help``.
    var help: ArgumentHelp { setting.help }
}

extension Setting {
    private typealias Defaults = APIConfiguration.Defaults

    // MARK: Every command (ServiceOptions)

    static let data = Setting(
        flag: "data", variable: "OTPLINK_DATA", summary: "The data folder: otplink.sqlite, files/, outbox/, secret.key.",
        shownDefault: Defaults.dataFolder, valueName: "folder")
    static let database = Setting(
        flag: "database", variable: "OTPLINK_DATABASE_URL",
        summary: "Keep everything in this PostgreSQL database instead of SQLite, shared by every instance: postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require|verify-full].",
        shownDefault: nil, valueName: "url")
    static let databasePasswordFile = Setting(
        flag: "database-password-file", variable: "OTPLINK_DATABASE_PASSWORD_FILE",
        summary: "A file holding the database password (mode 0600; instead of one in the URL).", shownDefault: nil, valueName: "file")
    static let secretFile = Setting(
        flag: "secret-file", variable: "OTPLINK_SECRET_FILE",
        summary: "The server secret (32 bytes, mode 0600), the same for every instance on one database.",
        shownDefault: "<data>/secret.key, created on first start", valueName: "file")
    static let policyFile = Setting(
        flag: "policy-file", variable: "OTPLINK_POLICY_FILE",
        summary: "A YAML or JSON file of policy numbers (codeLength, codeLifetime, resendCooldown, wrongCodesPerChallenge, ...); missing keys keep their defaults, unknown keys are refused.",
        shownDefault: nil, valueName: "file")
    static let siteURL = Setting(
        flag: "site-url", variable: "OTPLINK_SITE_URL",
        summary: "The help center's base URL: links point there and only its origin may call from a browser.",
        shownDefault: Defaults.siteURL.absoluteString, valueName: "url")

    // MARK: serve

    static let host = Setting(
        flag: "host", variable: "OTPLINK_HOST", summary: "The address to listen on.", shownDefault: Defaults.host, valueName: "address")
    static let port = IntegerSetting(
        "port", "OTPLINK_PORT", "The TCP port (0 picks a free one).", default: Defaults.port, range: 0...65535, valueName: "port")
    static let allowedHost = Setting(
        flag: "allowed-host", variable: "OTPLINK_ALLOWED_HOSTS",
        summary: "Another host name the server answers to besides --site-url's (repeatable; comma-separated in the variable).",
        shownDefault: nil, valueName: "host[:port]")
    static let adminKeyFile = Setting(
        flag: "admin-key-file", variable: "OTPLINK_ADMIN_KEY_FILE",
        summary: "A file holding the admin key (mode 0600, at least 32 characters).", shownDefault: "generate <data>/admin.key",
        valueName: "file")
    static let trustProxy = Setting(
        flag: "trust-proxy", variable: "OTPLINK_TRUST_PROXY",
        summary: "The reverse proxies in front of the API, as addresses or networks (127.0.0.1,10.0.0.0/8): only from them is X-Forwarded-For believed.",
        shownDefault: "none", valueName: "cidr,...")
    static let metricsListen = Setting(
        flag: "metrics-listen", variable: "OTPLINK_METRICS_LISTEN",
        summary: "Serve GET /metrics on this address of its own, e.g. 127.0.0.1:9464; the public listener never serves it.",
        shownDefault: "off (metrics only at GET /api/v1/admin/metrics, with the admin key)", valueName: "host:port")
    static let rateBurst = IntegerSetting(
        "rate-burst", "OTPLINK_RATE_BURST", "Public calls a client IP may make in a burst.",
        default: Defaults.rateBurst, range: 1...1_000_000, valueName: "calls")
    static let ratePerMinute = IntegerSetting(
        "rate-per-minute", "OTPLINK_RATE_PER_MINUTE", "Public calls a client IP regains per minute.",
        default: Defaults.ratePerMinute, range: 1...1_000_000, valueName: "calls")
    static let requestTimeout = IntegerSetting(
        "request-timeout", "OTPLINK_REQUEST_TIMEOUT",
        "Seconds a request may take to arrive whole (head and body) before its connection is closed.",
        default: Defaults.requestTimeoutSeconds, range: 1...3600, valueName: "seconds")
    static let connectionsPerClient = IntegerSetting(
        "connections-per-client", "OTPLINK_CONNECTIONS_PER_CLIENT",
        "Connections one client address may hold at once (trusted proxies are exempt).",
        default: Defaults.connectionsPerClient, range: 1...100_000, valueName: "count")
    static let uploadLimit = IntegerSetting(
        "upload-limit", "OTPLINK_UPLOAD_LIMIT", "The largest file POST /admin/files accepts, in bytes.",
        default: Defaults.uploadLimit, range: 1...(8 << 30), valueName: "bytes")
    static let templates = Setting(
        flag: "templates", variable: "OTPLINK_TEMPLATES",
        summary: "The email templates folder (<locale>/code.*, <locale>/link-shared.*).",
        shownDefault: "<bindir>/\(InstalledTemplates.besideBinary) when installed, else \(InstalledTemplates.inCheckout)", valueName: "folder")
    static let mailFrom = Setting(
        flag: "mail-from", variable: "OTPLINK_MAIL_FROM", summary: "The From of every mail.", shownDefault: Defaults.mailFrom,
        valueName: "mailbox")
    static let smtpURL = Setting(
        flag: "smtp-url", variable: "OTPLINK_SMTP_URL",
        summary: "Send mail through this SMTP server instead of the outbox folder: smtp://user@relay:587 (STARTTLS), smtps://relay:465, smtp://127.0.0.1:25?starttls=off.",
        shownDefault: nil, valueName: "url")
    static let smtpPasswordFile = Setting(
        flag: "smtp-password-file", variable: "OTPLINK_SMTP_PASSWORD_FILE",
        summary: "A file holding the SMTP password (instead of one in the URL).", shownDefault: nil, valueName: "file")
    static let logLevel = Setting(
        flag: "log-level", variable: "OTPLINK_LOG_LEVEL", summary: "trace, debug, info, notice, warning, error or critical.",
        shownDefault: Defaults.logLevel.rawValue, valueName: "level")
}
