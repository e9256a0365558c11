import Foundation
import LinkVerification

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The API's data folder: `otplink.sqlite`, `files/`, `outbox/` and `secret.key`.
///
/// ``prepare()`` creates the folder and its subfolders (mode 0700) and makes every folder 0700 and the
/// database files 0600 however they were left; ``loadOrCreateSecret(random:)`` creates `secret.key`
/// (32 random bytes, mode 0600) on first start and reads it afterwards.
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
    /// `<data>/withheld-mail/`, the scratch folder of the withheld mail sink (emptied every second).
    public var withheldMailURL: URL { url.appendingPathComponent("withheld-mail", isDirectory: true) }
    /// `<data>/secret.key`, the ``ServerSecret``.
    public var secretURL: URL { url.appendingPathComponent("secret.key") }

    /// Creates the folder, `files/`, `outbox/` and `withheld-mail/` (mode 0700) if missing, and takes
    /// away every permission of others from the folders (0700) and the database files (0600, with its
    /// `-wal` and `-shm`), which hold codes' digests, addresses and the audit trail.
    ///
    /// Returns the paths whose mode it had to change (the caller logs them); throws ``LinkStoreError``
    /// naming a path it can neither create nor restrict.
    @discardableResult
    public func prepare() throws -> [String] {
        var restricted: [String] = []
        for folder in [url, filesURL, outboxURL, withheldMailURL] {
            do {
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LinkStoreError("cannot create the data folder \(folder.path): \(error.localizedDescription)")
            }
            if try restrict(folder.path, to: 0o700) { restricted.append(folder.path) }
        }
        for suffix in ["", "-wal", "-shm"] {
            let path = databaseURL.path + suffix
            if FileManager.default.fileExists(atPath: path), try restrict(path, to: 0o600) { restricted.append(path) }
        }
        return restricted
    }

    /// Sets `path`'s mode to `mode` when others or the group have any permission; whether it did.
    private func restrict(_ path: String, to mode: mode_t) throws -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw LinkStoreError("cannot read the mode of \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o077 != 0 else { return false }
        guard chmod(path, mode) == 0 else {
            throw LinkStoreError(
                "\(path) may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))) and cannot be changed: \(String(cString: strerror(errno))); run chmod \(String(mode, radix: 8)) on it")
        }
        return true
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
    ///
    /// A new database file is created with mode 0600 before SQLite opens it; SQLite gives its `-wal` and
    /// `-shm` files the database file's mode.
    public func openStore() throws -> SQLiteLinkStore {
        let path = databaseURL.path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LinkStoreError("cannot create the database \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        return try SQLiteLinkStore(path: path)
    }

    /// The file storage of `files/`.
    public func fileStorage() throws -> FolderFileStorage {
        try FolderFileStorage(folder: filesURL)
    }
}
