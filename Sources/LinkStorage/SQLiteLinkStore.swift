import Foundation
import GRDB
import LinkVerification

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ``LinkStore`` on one SQLite file (system `libsqlite3` through GRDB), for a single API instance.
///
/// A WAL-mode `DatabasePool`: readers never wait for the writer, and writes are serialized, each
/// ``write(_:)`` acting as its own transaction. `synchronous = FULL` syncs each commit to disk, so
/// nothing acknowledged is lost on a crash or power cut; writes that arrive together share one commit
/// and one sync (``GroupCommit``). The file is created with mode 0600 and its schema is
/// migrated (versioned) on open. `secure_delete` overwrites deleted rows.
public final class SQLiteLinkStore: LinkStore {
    /// The database file.
    public let path: String
    private let pool: DatabasePool
    private let groupCommit: GroupCommit
    private let directories = DirectoryCache()

    /// Opens (creating it if needed, mode 0600) the database at `path` and migrates its schema.
    ///
    /// Throws ``LinkStoreError`` naming the path when the file cannot be created or opened.
    public init(path: String) throws {
        self.path = path
        try Self.createPrivateFile(at: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets NORMAL when it enables WAL (after prepareDatabase); NORMAL may lose the last
            // commits on power loss, so the writer connection is set back to FULL.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrator.migrate(pool)
            groupCommit = GroupCommit(pool: pool, directories: directories)
        } catch {
            throw LinkStoreError("cannot open the database \(path): \(error)")
        }
    }

    /// Runs `body` as its own transaction on the writer connection: a savepoint in the next group
    /// commit. Returns once the commit holding its changes is on disk.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        try await groupCommit.write(body)
    }

    /// How many write transactions this store has committed since it was opened (schema migration
    /// aside); fewer than the writes when concurrent writes shared commits.
    public var commitCount: Int { groupCommit.commits }

    /// Runs `body` on a read-only connection, against one snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        try await pool.read { db in try body(SQLiteTransaction(db, directories: directories)) }
    }

    /// Runs `body`, one indexed SELECT, on a read-only connection, on the calling thread, without a transaction.
    ///
    /// ``read(_:)`` hands its body to a reader connection's dispatch queue and resumes the caller when it is
    /// done: two thread switches, which cost more than a lookup of a few microseconds. GRDB's synchronous
    /// read runs the body on the caller's thread instead (`DispatchQueue.sync` on an idle reader's queue).
    /// Holding a Swift concurrency thread for it is safe here because every wait is bounded by short bodies:
    /// in WAL mode a reader never waits for the writer's transaction or its fsync; the bodies are a few index
    /// lookups, not scans; and when all readers are taken, the call waits for one, which its holder frees
    /// when its body ends. No read body waits on Swift concurrency, so this cannot deadlock.
    ///
    /// The body runs outside an explicit transaction (`unsafeRead`: no BEGIN, savepoint and COMMIT around
    /// it): a single SELECT is consistent on its own, as SQLite runs it in its own read transaction.
    public func lookUp<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        try readOnCallingThread(body)
    }

    /// GRDB's synchronous `unsafeRead`: a function that is not `async` cannot pick its async overload.
    private func readOnCallingThread<T>(_ body: (any LinkStoreTransaction) throws -> T) throws -> T {
        try pool.unsafeRead { db in try body(SQLiteTransaction(db, directories: directories)) }
    }

    /// The journal mode SQLite reports (`wal`), for checks.
    public func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The `synchronous` level SQLite reports on the writer (2 = FULL), for checks.
    public func synchronousLevel() async throws -> Int {
        try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The applied migrations' names, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Copies the WAL into the main file, so the file alone holds everything committed.
    public func checkpoint() async throws {
        try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// Creates an empty file with mode 0600 if none exists, so the database is never world-readable.
    private static func createPrivateFile(at path: String) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LinkStoreError("cannot create the database \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }
}
