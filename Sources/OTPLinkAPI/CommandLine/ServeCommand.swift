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

    @Option(help: Setting.host.help) var host: String?
    @Option(help: Setting.port.help) var port: String?

    @OptionGroup var serviceOptions: ServiceOptions

    @OptionGroup var siteOptions: StaticSiteOptions

    @Option(help: Setting.siteURL.help) var siteURL: String?
    @Option(help: Setting.allowedHost.help) var allowedHost: [String] = []
    @Option(help: Setting.adminKeyFile.help) var adminKeyFile: String?
    @Option(help: Setting.trustProxy.help) var trustProxy: String?
    @Option(help: Setting.metricsListen.help) var metricsListen: String?
    @Option(help: Setting.rateBurst.help) var rateBurst: String?
    @Option(help: Setting.ratePerMinute.help) var ratePerMinute: String?
    @Option(help: Setting.requestTimeout.help) var requestTimeout: String?
    @Option(help: Setting.connectionsPerClient.help) var connectionsPerClient: String?
    @Option(help: Setting.uploadLimit.help) var uploadLimit: String?
    @Option(help: Setting.templates.help) var templates: String?
    @Option(help: Setting.mailFrom.help) var mailFrom: String?
    @Option(help: Setting.smtpURL.help) var smtpURL: String?
    @Option(help: Setting.smtpPasswordFile.help) var smtpPasswordFile: String?
    @Option(help: Setting.logLevel.help) var logLevel: String?

    /// Checks every setting before anything starts.
    func validate() throws {
        _ = try apiConfiguration(environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration the flags and `environment` describe.
    func apiConfiguration(environment: [String: String]) throws -> APIConfiguration {
        let source = SettingSource(environment: environment)
        let host = source.text(host, .host) ?? APIConfiguration.Defaults.host
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else {
            throw ValidationError("\(Setting.host.names) must be an address such as 127.0.0.1, got `\(host)`.")
        }
        let levelText = source.text(logLevel, .logLevel) ?? APIConfiguration.Defaults.logLevel.rawValue
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("\(Setting.logLevel.names) must be one of trace, debug, info, notice, warning, error, critical; got `\(levelText)`.")
        }
        let keyFile = source.text(adminKeyFile, .adminKeyFile).map { URL(fileURLWithPath: $0) }
        if let keyFile, !FileManager.default.fileExists(atPath: keyFile.path) {
            throw ValidationError("\(Setting.adminKeyFile.names): \(keyFile.path) does not exist.")
        }
        let storage = try serviceOptions.settings(environment: environment)
        return APIConfiguration(
            host: host,
            port: try source.integer(port, Setting.port),
            dataFolder: source.dataFolder(serviceOptions.data),
            database: storage.database,
            secretFile: storage.secretFile,
            siteURL: try source.siteURL(siteURL),
            adminKeyFile: keyFile,
            trustedProxies: try trustedProxies(source),
            metricsListen: try metricsAddress(source),
            allowedHosts: try allowedHosts(source),
            uploadLimit: try source.integer(uploadLimit, Setting.uploadLimit),
            rateLimit: RateLimit(
                burst: try source.integer(rateBurst, Setting.rateBurst),
                perMinute: try source.integer(ratePerMinute, Setting.ratePerMinute)
            ),
            logLevel: level,
            policy: try serviceOptions.policy(environment: environment),
            templatesFolder: source.text(templates, .templates).map { URL(fileURLWithPath: $0) } ?? InstalledTemplates.folder(),
            mailFrom: source.text(mailFrom, .mailFrom) ?? APIConfiguration.Defaults.mailFrom,
            mailTransport: try mailTransport(source),
            publicFolder: try siteOptions.folder(environment: environment),
            connectionLimits: ConnectionLimits(
                requestTimeout: .seconds(Int64(try source.integer(requestTimeout, Setting.requestTimeout))),
                connectionsPerClient: try source.integer(connectionsPerClient, Setting.connectionsPerClient))
        )
    }

    /// The proxies `--trust-proxy` names, or a validation error naming the entry that is not an address.
    private func trustedProxies(_ source: SettingSource) throws -> TrustedProxies {
        guard let text = source.text(trustProxy, .trustProxy) else { return .none }
        do {
            return try TrustedProxies(parsing: text)
        } catch {
            throw ValidationError("\(Setting.trustProxy.names): \(error); give the proxies' addresses, comma-separated.")
        }
    }

    /// With `--site-url` given, the hosts requests may name: the site's and `--allowed-host`'s; else none (any host).
    private func allowedHosts(_ source: SettingSource) throws -> [String] {
        let extra = allowedHost.isEmpty
            ? (source.text(nil, .allowedHost) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            : allowedHost
        for host in extra where host.isEmpty || host.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw ValidationError("\(Setting.allowedHost.names) must be a host name such as help.example.com, got `\(host)`.")
        }
        guard source.text(siteURL, .siteURL) != nil else {
            if !extra.isEmpty { throw ValidationError("\(Setting.allowedHost.names) needs --site-url.") }
            return []
        }
        let site = try source.siteURL(siteURL)
        let authority = (site.host ?? "") + (site.port.map { ":\($0)" } ?? "")
        return [authority] + extra.filter { !$0.isEmpty }
    }

    /// The metrics listener's address, or a validation error naming the setting.
    private func metricsAddress(_ source: SettingSource) throws -> MetricsListenAddress? {
        guard let text = source.text(metricsListen, .metricsListen) else { return nil }
        guard let address = MetricsListenAddress(parsing: text) else {
            throw ValidationError("\(Setting.metricsListen.names) must be HOST:PORT such as 127.0.0.1:9464, got `\(text)`.")
        }
        return address
    }

    /// The outbox, or the SMTP server `--smtp-url` names (with the password from its file).
    private func mailTransport(_ source: SettingSource) throws -> MailTransport {
        let passwordFile = source.text(smtpPasswordFile, .smtpPasswordFile)
        guard let url = source.text(smtpURL, .smtpURL) else {
            if passwordFile != nil {
                throw ValidationError("\(Setting.smtpPasswordFile.names) needs --smtp-url.")
            }
            return .outbox
        }
        do {
            var smtp = try SMTPConfiguration(url: url)
            if let passwordFile { try smtp.readPassword(fromFile: passwordFile) }
            return .smtp(smtp)
        } catch {
            throw ValidationError("\(Setting.smtpURL.names): \(error)")
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
