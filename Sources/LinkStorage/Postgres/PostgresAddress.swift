import Foundation
import LinkVerification
import NIOCore
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL database is: `postgres://USER[:PASS]@HOST[:PORT]/DB[?sslmode=…]`.
///
/// `sslmode` is `disable` (the default on a loopback host), `prefer`, `require` (the default elsewhere)
/// or `verify-full`; `require` encrypts without checking the certificate, `verify-full` checks it against
/// the system's trust store and the host name. Any other query parameter is refused, so a misspelt
/// setting never passes silently. The password never appears in ``description``.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// The host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// The role's password, if any.
    public var password: String?
    /// The database's name.
    public var database: String
    /// How the connection is encrypted.
    public var tlsMode: TLSMode

    /// Parses a `postgres://` (or `postgresql://`) URL; throws ``LinkStoreError`` saying what is wrong.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql"
        else {
            throw LinkStoreError("the database URL must look like postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, got `\(Self.redacted(text))`")
        }
        guard let host = components.host, !host.isEmpty else {
            throw LinkStoreError("the database URL names no host: `\(Self.redacted(text))`")
        }
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw LinkStoreError("the database URL names no user (postgres://USER@HOST/DATABASE): `\(Self.redacted(text))`")
        }
        let database = String(components.path.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw LinkStoreError("the database URL names no database (postgres://USER@HOST/DATABASE): `\(Self.redacted(text))`")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw LinkStoreError("the database URL's port \(port) is not between 1 and 65535")
        }
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        var tlsMode: TLSMode = loopback ? .disable : .require
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw LinkStoreError("the database URL has the unknown setting `\(item.name)` (only sslmode is understood)")
            }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw LinkStoreError("the database URL's sslmode must be disable, prefer, require or verify-full; got `\(item.value ?? "")`")
            }
            tlsMode = mode
        }
        self.host = host
        self.port = port
        self.user = user
        self.password = components.password.flatMap { $0.removingPercentEncoding }
        self.database = database
        self.tlsMode = tlsMode
    }

    /// Replaces the password with the first line of `path` (a file only its owner may read).
    public mutating func readPassword(fromFile path: String) throws {
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        guard FileManager.default.fileExists(atPath: path) else {
            throw LinkStoreError("the database password file \(path) does not exist")
        }
        guard mode & 0o077 == 0 else {
            throw LinkStoreError("the database password file \(path) may be read by others (mode \(String(mode, radix: 8))); run chmod 600 on it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let line = text.split(separator: "\n", omittingEmptySubsequences: false).first, !line.isEmpty
        else {
            throw LinkStoreError("the database password file \(path) is empty or not UTF-8 text")
        }
        password = String(line)
    }

    /// `postgres://user@host:port/database`, without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The connection settings postgres-nio takes.
    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch tlsMode {
        case .disable:
            tls = .disable
        case .prefer, .require:
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.certificateVerification = .none
            let context = try NIOSSLContext(configuration: settings)
            tls = tlsMode == .prefer ? .prefer(context) : .require(context)
        case .verifyFull:
            tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// `text` with any password between `:` and `@` replaced by `***`, for error messages.
    private static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://")?.upperBound,
              let colon = text[schemeEnd..<at].firstIndex(of: ":")
        else { return text }
        return text[..<text.index(after: colon)] + "***" + text[at...]
    }
}
