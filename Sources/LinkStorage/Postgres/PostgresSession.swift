import Foundation
import LinkVerification
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One PostgreSQL connection and the thread its transactions run on.
///
/// ``LinkStore`` bodies are synchronous, so each runs on this session's own serial dispatch queue — never
/// on an event loop or a Swift concurrency thread — and each statement blocks that queue until the
/// server has answered (`EventLoopFuture.wait()`, which is safe off the event loop). The connection is
/// opened on first use and again after it broke; a broken connection turns into
/// ``LinkStoreUnavailable``, so callers answer "try again" instead of failing. State is touched only on
/// `queue` (hence `@unchecked Sendable`).
final class PostgresSession: @unchecked Sendable {
    private let address: PostgresAddress
    private let configuration: PostgresConnection.Configuration
    private let queue: DispatchQueue
    private let logger: Logger
    private var connection: PostgresConnection?
    private static let connectionIDs = NSLock()
    nonisolated(unsafe) private static var nextConnectionID = 0

    init(address: PostgresAddress, configuration: PostgresConnection.Configuration, name: String, logger: Logger) {
        self.address = address
        self.configuration = configuration
        self.queue = DispatchQueue(label: "otplink.postgres.\(name)")
        self.logger = logger
    }

    /// A session dropped with its connection open (a store that failed to open, or one never closed)
    /// closes it; the close's callback keeps the connection until its channel is closed.
    deinit {
        if let connection, !connection.isClosed {
            connection.close().whenComplete { _ in _ = connection }
        }
    }

    /// Runs `body` on the session's thread with a live connection and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable (PostgresStatements) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result(catching: { try body(PostgresStatements(session: self)) }))
            }
        }
    }

    /// Closes the connection (on the session's thread); the next ``perform(_:)`` opens a new one.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                try? self.connection?.close().wait()
                self.connection = nil
                continuation.resume()
            }
        }
    }

    /// Runs one statement and collects its rows; on the session's thread only.
    fileprivate func execute(_ query: PostgresQuery) throws -> PostgresQueryResult {
        dispatchPrecondition(condition: .onQueue(queue))
        let connection = try connected()
        do {
            return try connection.query(query, logger: logger).wait()
        } catch let error as PSQLError where error.code == .server && !error.endsConnection {
            throw LinkStoreError("the database \(address) refused a statement: \(error.serverMessage)")
        } catch {
            // The connection broke (server gone or shutting down, socket closed): drop it, the next call reconnects.
            try? connection.close().wait()
            self.connection = nil
            throw LinkStoreUnavailable("the database \(address) stopped answering: \((error as? PSQLError)?.serverMessage ?? "\(error)")")
        }
    }

    private func connected() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let id = Self.connectionIDs.withLock {
            Self.nextConnectionID += 1
            return Self.nextConnectionID
        }
        do {
            let opened = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
            ).wait()
            connection = opened
            return opened
        } catch let error as PSQLError where error.refusesLogin {
            throw LinkStoreError("the database \(address) refused the connection: \(error.serverMessage)")
        } catch let error as PSQLError where error.code == .server {
            throw LinkStoreUnavailable("the database \(address) does not take connections now: \(error.serverMessage)")
        } catch {
            throw LinkStoreUnavailable("cannot connect to the database \(address): \(error)")
        }
    }
}

/// The statements of one ``PostgresSession/perform(_:)`` body; valid only inside it.
struct PostgresStatements {
    fileprivate let session: PostgresSession

    /// Runs a statement and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
        try session.execute(query).rows.map { $0.makeRandomAccess() }
    }

    /// Runs an INSERT, UPDATE or DELETE and returns how many rows it touched.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> Int {
        try session.execute(query).metadata.rows ?? 0
    }

    /// The first row `query` selects.
    func row(_ query: PostgresQuery) throws -> PostgresRandomAccessRow? {
        try rows(query).first
    }

    /// Runs `body` between BEGIN and COMMIT (`begin` is the BEGIN statement); rolls back if it throws.
    ///
    /// A connection found broken at BEGIN (the database restarted since its last use) is replaced once,
    /// since nothing has happened yet; one that breaks later is not retried (the server rolls back what
    /// it had, and the caller is told ``LinkStoreUnavailable``).
    func transaction<T>(begin: PostgresQuery, _ body: () throws -> T) throws -> T {
        do {
            try run(begin)
        } catch is LinkStoreUnavailable {
            try run(begin)
        }
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch let error as LinkStoreUnavailable {
            throw error
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
    }
}

extension PSQLError {
    /// The server's message and SQLSTATE, for errors a person reads.
    var serverMessage: String {
        let message = serverInfo?[.message] ?? "\(code)"
        return serverInfo?[.sqlState].map { "\(message) (SQLSTATE \($0))" } ?? message
    }

    /// The SQLSTATE the server sent, if any.
    var sqlState: String? { serverInfo?[.sqlState] }

    /// Whether the server refused the login itself (a wrong password or role, class 28; no such database,
    /// 3D000): a setting to fix, not a moment to wait out.
    var refusesLogin: Bool {
        guard code == .server, let state = sqlState else { return false }
        return state.hasPrefix("28") || state == "3D000"
    }

    /// Whether the server is closing this connection: a connection exception (class 08) or an operator
    /// intervention such as a shutdown or restart (57P01, 57P02, 57P03).
    var endsConnection: Bool {
        guard let state = sqlState else { return code != .server }
        return state.hasPrefix("08") || state.hasPrefix("57P")
    }
}
