import Foundation

/// Where and how to hand mail to an SMTP server, read from one URL.
///
/// - `smtp://user:pass@relay.example.com:587`: STARTTLS, required (the default; port 587 unless given).
/// - `smtps://user:pass@relay.example.com:465`: TLS from the first byte (port 465 unless given).
/// - `smtp://127.0.0.1:25?starttls=off`: plain text, for a relay on the same machine or network only.
/// - `?ca_file=/etc/ssl/private-ca.pem`: trust the certificates in that PEM file instead of the system's.
/// - `?timeout=30`: seconds to wait for each reply of the server (and to connect).
/// - `?helo=mail-client.example.com`: the name given in `EHLO` (the machine's host name otherwise).
///
/// User and password are percent-decoded; the password may also come from a file (``password``).
/// The certificate check can be turned off only in code (``skipsCertificateVerification``), for tests.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// Plain connection upgraded with `STARTTLS`; a server that does not offer it is refused.
        case startTLS
        /// TLS from the first byte (`smtps`).
        case implicitTLS
        /// No TLS at all (`?starttls=off`).
        case none
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// How the connection is protected.
    public var security: Security
    /// The user for `AUTH`, if the server needs one.
    public var username: String?
    /// The password for `AUTH`; never printed.
    public var password: String?
    /// A PEM file of certificates to trust instead of the system's.
    public var trustedCertificatesFile: String?
    /// Accept any certificate: for tests against a throwaway server only.
    public var skipsCertificateVerification = false
    /// Seconds to wait to connect and for each reply.
    public var timeout: Double
    /// The name this client gives in `EHLO`.
    public var clientName: String

    /// Reads a configuration from `smtp://…` or `smtps://…`.
    ///
    /// - Throws: ``SMTPConfigurationError`` naming what is wrong (the password is never repeated).
    public init(url text: String) throws(SMTPConfigurationError) {
        guard let url = URLComponents(string: text.trimmingWhitespace) else { throw .malformed("not a URL") }
        switch url.scheme?.lowercased() {
        case "smtp": security = .startTLS; port = url.port ?? 587
        case "smtps": security = .implicitTLS; port = url.port ?? 465
        default: throw .malformed("the scheme must be smtp or smtps")
        }
        guard let host = url.host, !host.isEmpty else { throw .malformed("no host") }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard (1...65_535).contains(port) else { throw .malformed("the port must be between 1 and 65535") }
        // Decoded exactly once: a password may itself hold '%' (written %25 in the URL).
        username = url.percentEncodedUser.flatMap { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
        password = url.percentEncodedPassword.flatMap { $0.removingPercentEncoding ?? $0 }
        timeout = 30
        clientName = Self.defaultClientName
        for item in url.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name.lowercased() {
            case "starttls":
                switch value.lowercased() {
                case "off", "false", "no", "0":
                    guard security == .startTLS else { throw .malformed("starttls=off makes no sense with smtps") }
                    security = .none
                case "on", "true", "yes", "1", "required": break
                default: throw .malformed("starttls must be 'off' or 'required', not '\(value)'")
                }
            case "ca_file":
                guard FileManager.default.isReadableFile(atPath: value) else { throw .malformed("ca_file '\(value)' cannot be read") }
                trustedCertificatesFile = value
            case "timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 600 else {
                    throw .malformed("timeout must be a number of seconds between 0 and 600, not '\(value)'")
                }
                timeout = seconds
            case "helo":
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.[]:".contains($0)) }) else {
                    throw .malformed("helo must be a host name, not '\(value)'")
                }
                clientName = value
            default:
                throw .malformed("unknown option '\(item.name)' (known: starttls, ca_file, timeout, helo)")
            }
        }
        if password != nil, username == nil { throw .malformed("a password without a user name") }
    }

    /// Takes the password from `path` (the file's text without its final line break), for secrets
    /// mounted as files (`--smtp-password-file`); it replaces any password in the URL.
    ///
    /// - Throws: ``SMTPConfigurationError`` naming the file when it cannot be read or is empty.
    public mutating func readPassword(fromFile path: String) throws(SMTPConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .malformed("password file '\(path)' cannot be read")
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw .malformed("password file '\(path)' is empty") }
        guard username != nil else { throw .malformed("a password file but no user name in the URL") }
        password = text
    }

    /// The URL without the password, for logs and errors.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let user = username.map { "\($0)\(password == nil ? "" : ":***")@" } ?? ""
        let host = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(user)\(host):\(port)\(security == .none ? "?starttls=off" : "")"
    }

    private static var defaultClientName: String {
        let name = ProcessInfo.processInfo.hostName
        return !name.isEmpty && name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.".contains($0)) }) ? name : "localhost"
    }
}

/// Why an SMTP URL was refused.
public enum SMTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not usable; the value says why.
    case malformed(String)

    /// What is wrong with the SMTP URL.
    public var description: String {
        switch self {
        case .malformed(let reason): return "SMTP URL: \(reason)"
        }
    }
}
