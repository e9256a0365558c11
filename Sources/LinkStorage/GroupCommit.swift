import Foundation
import GRDB
import LinkVerification

/// Commits the writes that wait at the same moment together: one SQLite transaction, one savepoint per
/// write, one disk sync for all of them.
///
/// With `synchronous = FULL` every commit waits for the disk, so a writer that commits each write on
/// its own tops out at one write per sync, whatever the CPU does, and concurrent callers queue behind
/// it. Here, while one batch is being synced, the writes that arrive pile up and go into the next
/// batch. Each write still behaves as its own transaction:
/// - bodies run one after another, in arrival order, each seeing what the earlier ones changed;
/// - a body that throws is rolled back to its savepoint, and only that caller sees the error;
/// - no caller hears of success before the commit that holds its changes is on disk.
///
/// If a batch cannot be committed (or SQLite aborts its transaction), nothing of it was kept, and each
/// of its writes is run again alone, so one failing write never takes the others down with it.
///
/// `pending` and `draining` are guarded by `lock` (hence `@unchecked Sendable`).
final class GroupCommit: @unchecked Sendable {
    private struct State {
        var pending: [any PendingWrite] = []
        var draining = false
        var commits = 0
    }

    /// SQLite aborted the batch's transaction while a body ran (the batch is rerun write by write).
    private struct AbortedBatch: Error {}

    private let pool: DatabasePool
    private let directories: DirectoryCache
    private let maxBatch: Int
    private let lock = NSLock()
    private var state = State()

    /// Commits through `pool`'s writer, at most `maxBatch` writes per transaction; the writes' transactions
    /// share `directories`.
    init(pool: DatabasePool, directories: DirectoryCache, maxBatch: Int = 256) {
        self.pool = pool
        self.directories = directories
        self.maxBatch = maxBatch
    }

    /// How many transactions have been committed so far (a batch, or a write rerun alone).
    var commits: Int { lock.withLock { state.commits } }

    /// Runs `body` in the next batch and returns its result once that batch is on disk.
    func write<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(Write(body: body, continuation: continuation))
        }
    }

    private func enqueue(_ write: any PendingWrite) {
        let startDraining = lock.withLock { () -> Bool in
            state.pending.append(write)
            guard !state.draining else { return false }
            state.draining = true
            return true
        }
        if startDraining {
            Task { await self.drain() }
        }
    }

    /// Commits batches until no write is waiting.
    private func drain() async {
        while let batch = nextBatch() {
            await commit(batch)
        }
    }

    private func nextBatch() -> [any PendingWrite]? {
        lock.withLock {
            guard !state.pending.isEmpty else {
                state.draining = false
                return nil
            }
            let batch = Array(state.pending.prefix(maxBatch))
            state.pending.removeFirst(batch.count)
            return batch
        }
    }

    private func commit(_ batch: [any PendingWrite]) async {
        do {
            try await pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for write in batch {
                        // After an error that ends the whole transaction, a savepoint would open a new
                        // one and commit on release: stop, and rerun the batch write by write.
                        guard db.isInsideTransaction else { throw AbortedBatch() }
                        write.apply(SQLiteTransaction(db, directories: directories))
                    }
                    return .commit
                }
            }
            lock.withLock { state.commits += 1 }
            for write in batch { write.finish(commitError: nil) }
        } catch {
            for write in batch { await commitAlone(write) }
        }
    }

    private func commitAlone(_ write: any PendingWrite) async {
        do {
            try await pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    write.apply(SQLiteTransaction(db, directories: directories))
                    return .commit
                }
            }
            lock.withLock { state.commits += 1 }
            write.finish(commitError: nil)
        } catch {
            write.finish(commitError: error)
        }
    }
}

/// A write waiting for a batch, whatever its result type.
private protocol PendingWrite: AnyObject, Sendable {
    /// Runs the body inside a savepoint of the open transaction and keeps its outcome.
    func apply(_ tx: SQLiteTransaction)
    /// Resumes the caller, once: with the body's outcome, or with the error that kept it from being committed.
    func finish(commitError: (any Error)?)
}

/// One caller's write: its body, its continuation, and the body's outcome once run.
///
/// `outcome` is written by `apply` on the writer's queue, inside `DatabasePool.writeWithoutTransaction`,
/// and read by `finish` after that call has returned, so the two never overlap (hence `@unchecked`).
private final class Write<T: Sendable>: PendingWrite, @unchecked Sendable {
    private let body: @Sendable (any LinkStoreTransaction) throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(body: @escaping @Sendable (any LinkStoreTransaction) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func apply(_ tx: SQLiteTransaction) {
        do {
            var value: T?
            try tx.db.inSavepoint {
                value = try body(tx)
                return .commit
            }
            outcome = .success(value!)
        } catch {
            outcome = .failure(error)
        }
    }

    func finish(commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
        } else if let outcome {
            continuation.resume(with: outcome)
        } else {
            continuation.resume(throwing: LinkStoreError("a write was committed without running its body"))
        }
    }
}
