import Glibc
import ArgumentParser
import Foundation
import Testing
@testable import OTPLinkAPI

@Suite("The command line: serve's settings from flags and OTPLINK_* variables")
struct CommandLineTests {
    @Test("Defaults: 127.0.0.1:8080, data in var, the local site")
    func defaults() throws {
        let configuration = try ServeCommand.parse([]).apiConfiguration(environment: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.dataFolder.lastPathComponent == "var")
        #expect(configuration.siteURL.absoluteString == "http://127.0.0.1:8080")
        #expect(configuration.adminKeyFile == nil)
        #expect(configuration.trustedProxies.isEmpty)
        #expect(configuration.publicBodyLimit == 16 * 1024)
    }

    @Test("Each setting comes from its environment variable")
    func environment() throws {
        let keyFile = try TemporaryFolder.make().appendingPathComponent("key")
        _ = FileManager.default.createFile(atPath: keyFile.path, contents: Data("k".utf8))
        let configuration = try ServeCommand.parse([]).apiConfiguration(environment: [
            "OTPLINK_HOST": "0.0.0.0", "OTPLINK_PORT": "9000", "OTPLINK_DATA": "/srv/otplink",
            "OTPLINK_SITE_URL": "https://help.example.com", "OTPLINK_ADMIN_KEY_FILE": keyFile.path,
            "OTPLINK_TRUST_PROXY": "10.0.0.0/8,::1", "OTPLINK_RATE_BURST": "5", "OTPLINK_RATE_PER_MINUTE": "10",
            "OTPLINK_UPLOAD_LIMIT": "2048", "OTPLINK_LOG_LEVEL": "debug",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.dataFolder.path == "/srv/otplink")
        #expect(configuration.siteOrigin == "https://help.example.com")
        #expect(configuration.adminKeyFile?.path == keyFile.path)
        #expect(configuration.trustedProxies.description == "10.0.0.0/8,::1/128")
        #expect(configuration.rateLimit == RateLimit(burst: 5, perMinute: 10))
        #expect(configuration.uploadLimit == 2048)
        #expect(configuration.logLevel == .debug)
    }

    @Test("Mail goes to the outbox unless --smtp-url names a server; the password never shows")
    func mailTransport() throws {
        #expect(try ServeCommand.parse([]).apiConfiguration(environment: [:]).mailTransport == .outbox)
        let passwordFile = try TemporaryFolder.make().appendingPathComponent("smtp-password")
        _ = FileManager.default.createFile(atPath: passwordFile.path, contents: Data("s3cret\n".utf8))
        let configuration = try ServeCommand.parse([]).apiConfiguration(environment: [
            "OTPLINK_SMTP_URL": "smtp://mailer@relay.example.com:587", "OTPLINK_SMTP_PASSWORD_FILE": passwordFile.path,
        ])
        guard case .smtp(let smtp) = configuration.mailTransport else {
            Issue.record("expected SMTP, got \(configuration.mailTransport)")
            return
        }
        #expect(smtp.host == "relay.example.com")
        #expect(smtp.password == "s3cret")
        #expect(!configuration.mailTransport.description.contains("s3cret"))
    }

    @Test("A flag wins over its variable")
    func flagWins() throws {
        let command = try ServeCommand.parse(["--port", "7000", "--data", "elsewhere", "--site-url", "https://docs.example.org"])
        let configuration = try command.apiConfiguration(environment: [
            "OTPLINK_PORT": "9000", "OTPLINK_DATA": "/srv/otplink", "OTPLINK_SITE_URL": "https://help.example.com",
        ])
        #expect(configuration.port == 7000)
        #expect(configuration.dataFolder.lastPathComponent == "elsewhere")
        #expect(configuration.siteOrigin == "https://docs.example.org")
    }

    @Test("Bad values are refused with a message naming the flag and the variable", arguments: [
        (["--port", "http"], [String: String](), "--port (or OTPLINK_PORT)"),
        ([], ["OTPLINK_PORT": "70000"], "--port (or OTPLINK_PORT)"),
        (["--site-url", "help.example.com"], [:], "--site-url (or OTPLINK_SITE_URL)"),
        ([], ["OTPLINK_SITE_URL": "ftp://example.com"], "--site-url (or OTPLINK_SITE_URL)"),
        (["--log-level", "loud"], [:], "--log-level (or OTPLINK_LOG_LEVEL)"),
        ([], ["OTPLINK_TRUST_PROXY": "maybe"], "OTPLINK_TRUST_PROXY"),
        (["--trust-proxy", "10.0.0.1,proxy.local"], [:], "`proxy.local` is not an IP address"),
        (["--admin-key-file", "/nonexistent/admin.key"], [:], "/nonexistent/admin.key"),
        (["--rate-burst", "0"], [:], "--rate-burst (or OTPLINK_RATE_BURST)"),
        (["--smtp-url", "http://relay.example.com"], [:], "--smtp-url (or OTPLINK_SMTP_URL)"),
        ([], ["OTPLINK_SMTP_PASSWORD_FILE": "/run/secrets/smtp"], "needs --smtp-url"),
        (["--database", "postgres://app@db.internal/otplink?sslmod=require"], [:], "unknown setting `sslmod`"),
        ([], ["OTPLINK_DATABASE_URL": "mysql://app:hunter2@db/otplink"], "--database (or OTPLINK_DATABASE_URL)"),
        (["--database-password-file", "/run/secrets/db"], [:], "needs --database"),
        (["--database", "postgres://app@db.internal/otplink", "--database-password-file", "/nonexistent/db"], [:], "/nonexistent/db does not exist"),
        (["--secret-file", "/nonexistent/secret.key"], [:], "--secret-file (or OTPLINK_SECRET_FILE): /nonexistent/secret.key"),
    ])
    func badValues(arguments: [String], environment: [String: String], mentions: String) throws {
        do {
            _ = try ServeCommand.parse(arguments).apiConfiguration(environment: environment)
            Issue.record("\(arguments) \(environment) was accepted")
        } catch {
            let message = ServeCommand.message(for: error)
            #expect(message.contains(mentions), "\(message)")
        }
    }

    @Test("--database, its password file and --secret-file, from flags or OTPLINK_* variables")
    func databaseSettings() throws {
        let folder = try TemporaryFolder.make()
        let passwordFile = folder.appendingPathComponent("db.password")
        _ = FileManager.default.createFile(atPath: passwordFile.path, contents: Data("s3cret pass\n".utf8), attributes: [.posixPermissions: 0o600])
        let secretFile = folder.appendingPathComponent("secret.key")
        _ = FileManager.default.createFile(atPath: secretFile.path, contents: Data(count: 32), attributes: [.posixPermissions: 0o600])
        let configuration = try ServeCommand.parse([
            "--database", "postgres://otplink@db.internal:6432/help?sslmode=verify-full",
            "--database-password-file", passwordFile.path,
        ]).apiConfiguration(environment: ["OTPLINK_SECRET_FILE": secretFile.path])
        let database = try #require(configuration.database)
        #expect(database.description == "postgres://otplink@db.internal:6432/help")
        #expect(database.password == "s3cret pass" && database.tlsMode == .verifyFull)
        #expect(configuration.secretFile == secretFile)
        let fromVariable = try ServeCommand.parse([]).apiConfiguration(environment: ["OTPLINK_DATABASE_URL": "postgres://app:pw@127.0.0.1/otplink"])
        #expect(fromVariable.database?.password == "pw" && fromVariable.database?.tlsMode == .disable)
        #expect(try ServeCommand.parse([]).apiConfiguration(environment: [:]).database == nil, "SQLite without --database")

        let readable = folder.appendingPathComponent("open.password")
        _ = FileManager.default.createFile(atPath: readable.path, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644])
        #expect(throws: (any Error).self) {
            try ServeCommand.parse(["--database", "postgres://a@db/b", "--database-password-file", readable.path]).apiConfiguration(environment: [:])
        }
    }

    @Test("link create checks its inputs before touching the data folder")
    func linkCreateValidation() throws {
        let file = try TemporaryFolder.make().appendingPathComponent("report.pdf")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data("%PDF".utf8))
        let valid = ["link", "create", "--file", file.path, "--to", "a@example.com", "b@example.com", "--sender", "s@example.com"]
        let command = try OTPLinkCommand.parseAsRoot(valid) as! LinkCommand.Create
        #expect(command.recipients == ["a@example.com", "b@example.com"])
        #expect(command.expires == nil, "no --expires: the policy's defaultLinkLifetime")
        #expect(command.locale == "en")
        #expect(!command.notify)

        for (arguments, mentions) in [
            (["link", "create", "--file", "/nonexistent.pdf", "--to", "a@example.com", "--sender", "s@example.com"], "/nonexistent.pdf"),
            (["link", "create", "--file", file.path, "--sender", "s@example.com"], "--to"),
            (valid + ["--expires", "soon"], "--expires"),
            (valid + ["--locale", "../etc"], "--locale"),
        ] {
            #expect(throws: (any Error).self) { try OTPLinkCommand.parseAsRoot(arguments) }
            do {
                _ = try OTPLinkCommand.parseAsRoot(arguments)
            } catch {
                #expect(OTPLinkCommand.message(for: error).contains(mentions), "\(OTPLinkCommand.message(for: error))")
            }
        }
    }

    @Test("serve on a port another program holds says so, naming the port and the flag")
    func portInUse() async throws {
        let scratch = try ScratchFolder()
        let holder = try PortHolder()
        defer { holder.close() }
        let command = try ServeCommand.parse([
            "--port", String(holder.port), "--data", scratch.url.appendingPathComponent("data").path,
            "--templates", TestService.templatesFolder.path, "--log-level", "warning",  // Its start-up notices are not news here.
        ])
        do {
            try await command.run()
            Issue.record("serve started on a port in use")
        } catch {
            let message = "\(error)"
            #expect(message.contains("127.0.0.1:\(holder.port) is already in use"), "\(message)")
            #expect(message.contains("--port"), "\(message)")
        }
    }
}

/// A TCP socket listening on a free port of 127.0.0.1, standing for another program on that port.
private struct PortHolder {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && listen(fd, 1) == 0
                    && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            _ = Glibc.close(fd)
            throw CocoaError(.fileWriteUnknown)
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
