import Foundation
import LinkVerification

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The API's data folder: `otplink.sqlite`, `files/`, `outbox/` and `secret.key`.
///
/// ``prepare()`` creates the folder and its subfolders (mode 0700); ``loadOrCreateSecret(random:)``
/// creates `secret.key` (32 random bytes, mode 0600) on first start and reads it afterwards.
public struct DataFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Names the folder at `path` (nothing is created until ``prepare()``).
    public init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// `<data>/otplink.sqlite`.
    public var databaseURL: URL { url.appendingPathComponent("otplink.sqlite") }
    /// `<data>/files/`, the shared files.
    public var filesURL: URL { url.appendingPathComponent("files", isDirectory: true) }
    /// `<data>/outbox/`, the `.eml` files of the outbox transport.
    public var outboxURL: URL { url.appendingPathComponent("outbox", isDirectory: true) }
    /// `<data>/secret.key`, the ``ServerSecret``.
    public var secretURL: URL { url.appendingPathComponent("secret.key") }

    /// Creates the folder, `files/` and `outbox/` (mode 0700) if missing.
    public func prepare() throws {
        for folder in [url, filesURL, outboxURL] {
            do {
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LinkStoreError("cannot create the data folder \(folder.path): \(error.localizedDescription)")
            }
        }
    }

    /// Reads `secret.key`, or creates it (mode 0600, 32 bytes from `random`) when it does not exist.
    ///
    /// Throws ``LinkStoreError`` naming the file when others may read it, when it has the wrong size, or
    /// when it cannot be read or written. A new secret makes every stored link, code and token unusable.
    public func loadOrCreateSecret(random: any RandomSource = SystemRandomSource()) throws -> ServerSecret {
        let path = secretURL.path
        if FileManager.default.fileExists(atPath: path) {
            return try Self.readSecret(at: secretURL)
        }
        // Written to a private temporary file, then linked into place: link(2) fails if another process
        // created the key first, and a reader never sees a half-written key.
        let secret = ServerSecret.generate(using: random)
        let temporary = url.appendingPathComponent(".secret.key-\(UUID().uuidString)").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LinkStoreError("cannot create the server secret in \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        let written = secret.bytes.withUnsafeBytes { posixWrite(descriptor, $0.baseAddress!, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == ServerSecret.byteCount, synced else {
            throw LinkStoreError("cannot write the server secret \(path): \(String(cString: strerror(errno)))")
        }
        if link(temporary, path) != 0 {
            guard errno == EEXIST else {
                throw LinkStoreError("cannot create the server secret \(path): \(String(cString: strerror(errno)))")
            }
            return try loadOrCreateSecret(random: random)  // another process was first: use its key
        }
        return secret
    }

    /// Reads a server secret file: 32 bytes that only its owner may read.
    ///
    /// Throws ``LinkStoreError`` naming the file when it is missing, others may read it, it has the wrong
    /// size, or it cannot be read.
    public static func readSecret(at url: URL) throws -> ServerSecret {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw LinkStoreError("the server secret \(path) does not exist")
        }
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        guard mode & 0o077 == 0 else {
            throw LinkStoreError(
                "the server secret \(path) may be read by others (mode \(String(mode, radix: 8))); run chmod 600 on it")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw LinkStoreError("cannot read the server secret \(path): \(error.localizedDescription)")
        }
        guard bytes.count == ServerSecret.byteCount else {
            throw LinkStoreError(
                "the server secret \(path) has \(bytes.count) bytes, expected \(ServerSecret.byteCount)")
        }
        return try ServerSecret(bytes: Array(bytes))
    }

    /// Opens (creating and migrating it if needed) the SQLite store in this folder.
    public func openStore() throws -> SQLiteLinkStore {
        try SQLiteLinkStore(path: databaseURL.path)
    }

    /// The file storage of `files/`.
    public func fileStorage() throws -> FolderFileStorage {
        try FolderFileStorage(folder: filesURL)
    }
}
