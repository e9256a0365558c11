import Foundation

/// The folder the service keeps its state in, and the names of what is inside.
///
/// ```
/// <data>/otplink.sqlite   links, challenges, grants, the mail queue, the audit trail
/// <data>/files/           the shared files
/// <data>/outbox/          mail delivered as .eml files
/// <data>/secret.key       32 random bytes: the HMAC key codes and tokens are hashed with
/// <data>/admin.key        the admin key, when no --admin-key-file is given
/// ```
public struct DataFolder: Sendable {
    /// The folder itself.
    public let url: URL

    /// Names the folder at `url`; nothing is created until ``prepare()``.
    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    /// The SQLite database.
    public var databaseURL: URL { url.appendingPathComponent("otplink.sqlite") }
    /// The folder of shared files.
    public var filesURL: URL { url.appendingPathComponent("files", isDirectory: true) }
    /// The outbox: one `.eml` file per delivered message.
    public var outboxURL: URL { url.appendingPathComponent("outbox", isDirectory: true) }
    /// The server's HMAC key.
    public var secretKeyURL: URL { url.appendingPathComponent("secret.key") }
    /// The admin key generated when no key file is configured.
    public var generatedAdminKeyURL: URL { url.appendingPathComponent("admin.key") }

    /// Creates the folder and its `files/` and `outbox/` folders (mode 0700) when missing.
    public func prepare() throws {
        for folder in [url, filesURL, outboxURL] {
            do {
                try FileManager.default.createDirectory(
                    at: folder,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw ConfigurationError("cannot create the data folder \(folder.path): \(error.localizedDescription)")
            }
        }
    }

    /// Reads `secret.key`, creating it with 32 bytes from the system CSPRNG (mode 0600) on first start.
    ///
    /// Refuses a key file that others may read, or one that is not exactly 32 bytes long.
    public func loadOrCreateSecretKey() throws -> [UInt8] {
        let path = secretKeyURL.path
        if !FileManager.default.fileExists(atPath: path) {
            try PrivateFile.create(at: path, contents: SecureRandom.bytes(32))
        }
        let bytes = try PrivateFile.read(at: path, purpose: "secret key")
        guard bytes.count == 32 else {
            throw ConfigurationError(
                "the secret key \(path) holds \(bytes.count) bytes, expected 32; restore it from a backup (a new key makes every stored code, token and link unusable)"
            )
        }
        return bytes
    }
}
