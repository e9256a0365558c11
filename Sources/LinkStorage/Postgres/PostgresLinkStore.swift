import Foundation
import LinkVerification
import Logging
import NIOPosix
import PostgresNIO

/// The ``LinkStore`` on PostgreSQL (postgres-nio), shared by any number of API instances.
///
/// Every guarantee the SQLite store gives holds across instances because the database is the only
/// place state lives. Write transactions take one transaction-scoped advisory lock first, so writes are
/// serialized across every instance exactly as the ``LinkStore`` contract says (the hourly counters,
/// the link lock and "one grant of simultaneous verifies" rest on that); the lock is released by COMMIT
/// or ROLLBACK, so an instance that dies mid-write releases it with its connection. Reads run in a
/// read-only REPEATABLE READ transaction (one snapshot) and never wait for the lock.
///
/// Bodies are synchronous: each runs on one of the store's sessions, each with its own thread and
/// connection (``PostgresSession``). A lost database answers ``LinkStoreUnavailable`` and the session
/// reconnects on its next use.
public final class PostgresLinkStore: LinkStore {
    /// The `NOTIFY` channel `enqueueMail` rings at commit.
    static let mailChannel = "otplink_mail"

    /// Where the database is.
    public let address: PostgresAddress
    let pool: SessionPool
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let directories = DirectoryCache()

    /// Connects to the database, migrates it (under the migration lock) and checks that it belongs to
    /// `secret`.
    ///
    /// Throws ``LinkStoreError`` for a database newer than this binary or used with another secret, and
    /// ``LinkStoreUnavailable`` when the database cannot be reached; both name the database, never its
    /// password.
    public init(address: PostgresAddress, secret: ServerSecret, connections: Int = 4) async throws {
        let configuration = try address.configuration()
        let logger = Logger(label: "otplink.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        self.address = address
        self.configuration = configuration
        self.logger = logger
        pool = SessionPool((0..<max(1, connections)).map { index in
            PostgresSession(address: address, configuration: configuration, name: "\(index)", logger: logger)
        })
        let database = address.description
        try await pool.withSession { session in
            try await session.perform { statements in
                try PostgresSchema.migrate(statements, database: database)
                try PostgresSchema.checkSecret(secret, statements, database: database)
            }
        }
    }

    /// Runs `body` as one transaction holding the write lock; nothing it changed is kept if it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        let directories = directories
        return try await pool.withSession { session in
            try await session.perform { statements in
                try statements.transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED") {
                    try statements.rows("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockClass), \(PostgresSchema.writeLock))")
                    return try body(PostgresTransaction(statements: statements, directories: directories))
                }
            }
        }
    }

    /// Runs `body` in a read-only transaction against one snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        let directories = directories
        return try await pool.withSession { session in
            try await session.perform { statements in
                try statements.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                    try body(PostgresTransaction(statements: statements, directories: directories))
                }
            }
        }
    }

    /// Runs `body`, one query, without a transaction around it (a single statement is consistent alone).
    public func lookUp<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        let directories = directories
        return try await pool.withSession { session in
            try await session.perform { statements in
                try body(PostgresTransaction(statements: statements, directories: directories))
            }
        }
    }

    /// The applied migrations' versions, oldest first.
    public func appliedVersions() async throws -> [Int] {
        try await pool.withSession { session in
            try await session.perform { statements in
                try statements.rows("SELECT version FROM otplink_schema ORDER BY version").map { try $0.value("version", as: Int.self) }
            }
        }
    }

    /// Calls `ring` whenever any instance queues mail (`LISTEN`), until the task is cancelled; after a
    /// lost connection it listens again (and rings once, since mail may have been queued meanwhile).
    public func listenForMail(ring: @escaping @Sendable () -> Void) async {
        var first = true
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0, logger: logger)
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: Self.mailChannel) { notifications in
                    if !first { ring() }
                    first = false
                    for try await _ in notifications { ring() }
                }
            } catch {
                // The database is away: listen again shortly; the worker's polling covers the gap.
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Closes every connection.
    public func close() async {
        await pool.closeAll()
    }
}
