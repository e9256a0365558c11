import Foundation

/// A fixed set of ``PostgresSession``s handed out one caller at a time; callers beyond the set wait in
/// arrival order. State is guarded by `lock` (hence `@unchecked Sendable`).
final class SessionPool: @unchecked Sendable {
    private let lock = NSLock()
    private let sessions: [PostgresSession]
    private var idle: [PostgresSession]
    private var waiters: [CheckedContinuation<PostgresSession, Never>] = []

    init(_ sessions: [PostgresSession]) {
        self.sessions = sessions
        self.idle = sessions
    }

    /// Runs `body` with a session no one else uses meanwhile.
    func withSession<T>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        let session = await acquire()
        defer { release(session) }
        return try await body(session)
    }

    /// Closes every session's connection.
    func closeAll() async {
        for session in sessions { await session.close() }
    }

    private func acquire() async -> PostgresSession {
        await withCheckedContinuation { continuation in
            let session = lock.withLock { () -> PostgresSession? in
                if let session = idle.popLast() { return session }
                waiters.append(continuation)
                return nil
            }
            if let session { continuation.resume(returning: session) }
        }
    }

    private func release(_ session: PostgresSession) {
        let waiter = lock.withLock { () -> CheckedContinuation<PostgresSession, Never>? in
            if waiters.isEmpty {
                idle.append(session)
                return nil
            }
            return waiters.removeFirst()
        }
        waiter?.resume(returning: session)
    }
}
