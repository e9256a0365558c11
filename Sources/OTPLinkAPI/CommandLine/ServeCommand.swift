import ArgumentParser
import Foundation
import LinkMail
import LinkVerification
import Logging
import NIOCore

/// `otplink-api serve`: runs the API until SIGINT or SIGTERM, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the verification API.",
        discussion: "Prints where the admin key is kept when it generates one; never prints the key."
    )

    @Option(help: ArgumentHelp("The address to listen on. Env: OTPLINK_HOST. Default: 127.0.0.1.", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("The TCP port (0 picks a free one). Env: OTPLINK_PORT. Default: 8080.", valueName: "port"))
    var port: String?

    @OptionGroup var storageOptions: StorageOptions

    @OptionGroup var siteOptions: StaticSiteOptions

    @Option(help: ArgumentHelp(
        "The help center's base URL: links point there and only its origin may call from a browser. Env: OTPLINK_SITE_URL. Default: http://127.0.0.1:8080.",
        valueName: "url"
    ))
    var siteURL: String?

    @Option(help: ArgumentHelp(
        "Another host name the server answers to besides --site-url's (repeatable; comma-separated in the variable). Env: OTPLINK_ALLOWED_HOSTS.",
        valueName: "host[:port]"
    ))
    var allowedHost: [String] = []

    @Option(help: ArgumentHelp(
        "A file holding the admin key (mode 0600, at least 32 characters). Env: OTPLINK_ADMIN_KEY_FILE. Default: generate <data>/admin.key.",
        valueName: "file"
    ))
    var adminKeyFile: String?

    @Option(help: ArgumentHelp(
        "The reverse proxies in front of the API, as addresses or networks (127.0.0.1,10.0.0.0/8): only from them is X-Forwarded-For believed. Env: OTPLINK_TRUST_PROXY. Default: none.",
        valueName: "cidr,..."
    ))
    var trustProxy: String?

    @Option(help: ArgumentHelp(
        "Serve GET /metrics on this address of its own, e.g. 127.0.0.1:9464; the public listener never serves it. Env: OTPLINK_METRICS_LISTEN. Default: off (metrics only at GET /api/v1/admin/metrics, with the admin key).",
        valueName: "host:port"
    ))
    var metricsListen: String?

    @Option(help: ArgumentHelp("Public calls a client IP may make in a burst. Env: OTPLINK_RATE_BURST. Default: 30.", valueName: "calls"))
    var rateBurst: String?

    @Option(help: ArgumentHelp("Public calls a client IP regains per minute. Env: OTPLINK_RATE_PER_MINUTE. Default: 60.", valueName: "calls"))
    var ratePerMinute: String?

    @Option(help: ArgumentHelp(
        "Seconds a request may take to arrive whole (head and body) before its connection is closed. Env: OTPLINK_REQUEST_TIMEOUT. Default: 30.",
        valueName: "seconds"
    ))
    var requestTimeout: String?

    @Option(help: ArgumentHelp(
        "Connections one client address may hold at once (trusted proxies are exempt). Env: OTPLINK_CONNECTIONS_PER_CLIENT. Default: 64.",
        valueName: "count"
    ))
    var connectionsPerClient: String?

    @Option(help: ArgumentHelp("The largest file POST /admin/files accepts, in bytes. Env: OTPLINK_UPLOAD_LIMIT. Default: 104857600.", valueName: "bytes"))
    var uploadLimit: String?

    @Option(help: ArgumentHelp(
        "The email templates folder (<locale>/code.*, <locale>/link-shared.*). Env: OTPLINK_TEMPLATES. Default: <bindir>/../share/otplink/templates/email when installed, else templates/email.",
        valueName: "folder"
    ))
    var templates: String?

    @Option(help: ArgumentHelp("The From of every mail. Env: OTPLINK_MAIL_FROM. Default: Help Center <no-reply@example.com>.", valueName: "mailbox"))
    var mailFrom: String?

    @Option(help: ArgumentHelp(
        "Send mail through this SMTP server instead of the outbox folder: smtp://user@relay:587 (STARTTLS), smtps://relay:465, smtp://127.0.0.1:25?starttls=off. Env: OTPLINK_SMTP_URL.",
        valueName: "url"
    ))
    var smtpURL: String?

    @Option(help: ArgumentHelp("A file holding the SMTP password (instead of one in the URL). Env: OTPLINK_SMTP_PASSWORD_FILE.", valueName: "file"))
    var smtpPasswordFile: String?

    @Option(help: ArgumentHelp(
        "A YAML or JSON file of policy numbers (codeLength, codeLifetime, resendCooldown, wrongCodesPerChallenge, ...); missing keys keep their defaults. Env: OTPLINK_POLICY_FILE.",
        valueName: "file"
    ))
    var policyFile: String?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical. Env: OTPLINK_LOG_LEVEL. Default: info.", valueName: "level"))
    var logLevel: String?

    /// Checks every setting before anything starts.
    func validate() throws {
        _ = try apiConfiguration(environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration the flags and `environment` describe.
    func apiConfiguration(environment: [String: String]) throws -> APIConfiguration {
        let source = SettingSource(environment: environment)
        let host = source.text(host, variable: "OTPLINK_HOST") ?? "127.0.0.1"
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else {
            throw ValidationError("--host (or OTPLINK_HOST) must be an address such as 127.0.0.1, got `\(host)`.")
        }
        let levelText = source.text(logLevel, variable: "OTPLINK_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("--log-level (or OTPLINK_LOG_LEVEL) must be one of trace, debug, info, notice, warning, error, critical; got `\(levelText)`.")
        }
        let keyFile = source.text(adminKeyFile, variable: "OTPLINK_ADMIN_KEY_FILE").map { URL(fileURLWithPath: $0) }
        if let keyFile, !FileManager.default.fileExists(atPath: keyFile.path) {
            throw ValidationError("--admin-key-file (or OTPLINK_ADMIN_KEY_FILE): \(keyFile.path) does not exist.")
        }
        let storage = try storageOptions.settings(environment: environment)
        return APIConfiguration(
            host: host,
            port: try source.integer(port, flagName: "--port", variable: "OTPLINK_PORT", default: 8080, range: 0...65535),
            dataFolder: source.dataFolder(storageOptions.data),
            database: storage.database,
            secretFile: storage.secretFile,
            siteURL: try source.siteURL(siteURL),
            adminKeyFile: keyFile,
            trustedProxies: try trustedProxies(source),
            metricsListen: try metricsAddress(source),
            allowedHosts: try allowedHosts(source),
            uploadLimit: try source.integer(uploadLimit, flagName: "--upload-limit", variable: "OTPLINK_UPLOAD_LIMIT", default: 100 * 1024 * 1024, range: 1...(8 << 30)),
            rateLimit: RateLimit(
                burst: try source.integer(rateBurst, flagName: "--rate-burst", variable: "OTPLINK_RATE_BURST", default: 30, range: 1...1_000_000),
                perMinute: try source.integer(ratePerMinute, flagName: "--rate-per-minute", variable: "OTPLINK_RATE_PER_MINUTE", default: 60, range: 1...1_000_000)
            ),
            logLevel: level,
            policy: try source.text(policyFile, variable: "OTPLINK_POLICY_FILE").map { try PolicyFile.load(from: URL(fileURLWithPath: $0)) } ?? Policy(),
            templatesFolder: source.text(templates, variable: "OTPLINK_TEMPLATES").map { URL(fileURLWithPath: $0) } ?? InstalledTemplates.folder(),
            mailFrom: source.text(mailFrom, variable: "OTPLINK_MAIL_FROM") ?? "Help Center <no-reply@example.com>",
            mailTransport: try mailTransport(source),
            publicFolder: try siteOptions.folder(environment: environment),
            connectionLimits: ConnectionLimits(
                requestTimeout: .seconds(Int64(try source.integer(
                    requestTimeout, flagName: "--request-timeout", variable: "OTPLINK_REQUEST_TIMEOUT", default: 30, range: 1...3600))),
                connectionsPerClient: try source.integer(
                    connectionsPerClient, flagName: "--connections-per-client", variable: "OTPLINK_CONNECTIONS_PER_CLIENT",
                    default: 64, range: 1...100_000))
        )
    }

    /// The proxies `--trust-proxy` names, or a validation error naming the entry that is not an address.
    private func trustedProxies(_ source: SettingSource) throws -> TrustedProxies {
        guard let text = source.text(trustProxy, variable: "OTPLINK_TRUST_PROXY") else { return .none }
        do {
            return try TrustedProxies(parsing: text)
        } catch {
            throw ValidationError("--trust-proxy (or OTPLINK_TRUST_PROXY): \(error); give the proxies' addresses, comma-separated.")
        }
    }

    /// With `--site-url` given, the hosts requests may name: the site's and `--allowed-host`'s; else none (any host).
    private func allowedHosts(_ source: SettingSource) throws -> [String] {
        let extra = allowedHost.isEmpty
            ? (source.text(nil, variable: "OTPLINK_ALLOWED_HOSTS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            : allowedHost
        for host in extra where host.isEmpty || host.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw ValidationError("--allowed-host (or OTPLINK_ALLOWED_HOSTS) must be a host name such as help.example.com, got `\(host)`.")
        }
        guard source.text(siteURL, variable: "OTPLINK_SITE_URL") != nil else {
            if !extra.isEmpty { throw ValidationError("--allowed-host (or OTPLINK_ALLOWED_HOSTS) needs --site-url.") }
            return []
        }
        let site = try source.siteURL(siteURL)
        let authority = (site.host ?? "") + (site.port.map { ":\($0)" } ?? "")
        return [authority] + extra.filter { !$0.isEmpty }
    }

    /// The metrics listener's address, or a validation error naming the setting.
    private func metricsAddress(_ source: SettingSource) throws -> MetricsListenAddress? {
        guard let text = source.text(metricsListen, variable: "OTPLINK_METRICS_LISTEN") else { return nil }
        guard let address = MetricsListenAddress(parsing: text) else {
            throw ValidationError("--metrics-listen (or OTPLINK_METRICS_LISTEN) must be HOST:PORT such as 127.0.0.1:9464, got `\(text)`.")
        }
        return address
    }

    /// The outbox, or the SMTP server `--smtp-url` names (with the password from its file).
    private func mailTransport(_ source: SettingSource) throws -> MailTransport {
        let passwordFile = source.text(smtpPasswordFile, variable: "OTPLINK_SMTP_PASSWORD_FILE")
        guard let url = source.text(smtpURL, variable: "OTPLINK_SMTP_URL") else {
            if passwordFile != nil {
                throw ValidationError("--smtp-password-file (or OTPLINK_SMTP_PASSWORD_FILE) needs --smtp-url.")
            }
            return .outbox
        }
        do {
            var smtp = try SMTPConfiguration(url: url)
            if let passwordFile { try smtp.readPassword(fromFile: passwordFile) }
            return .smtp(smtp)
        } catch {
            throw ValidationError("--smtp-url (or OTPLINK_SMTP_URL): \(error)")
        }
    }

    func run() async throws {
        let configuration = try apiConfiguration(environment: ProcessInfo.processInfo.environment)
        let host = configuration.host
        let application = try await buildApplication(configuration: configuration) { port in
            let line = "otplink-api listening on http://\(host):\(port)/api/v1/ (data: \(configuration.storage.location))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        do {
            try await application.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ConfigurationError(
                "\(host):\(configuration.port) is already in use by another program: stop it, or choose another --port (or OTPLINK_PORT)")
        } catch let error as IOError where error.errnoCode == EACCES || error.errnoCode == EADDRNOTAVAIL {
            throw ConfigurationError(
                "cannot listen on \(host):\(configuration.port) (\(String(cString: strerror(error.errnoCode)))): check --host and --port (or OTPLINK_HOST, OTPLINK_PORT)")
        }
    }
}
