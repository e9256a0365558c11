import Foundation

/// Wakes the ``MailWorker`` as soon as a call has queued mail, so a code goes out at once rather
/// than at the worker's next poll.
///
/// Rings are not counted: any number of rings while the worker is busy make it run one more pass.
/// The worker still polls (retries and a stopped run's mail become due without a ring). One waiter
/// at a time: the worker. Its state is guarded by `lock` (hence `@unchecked Sendable`).
final class MailDoorbell: @unchecked Sendable {
    private let lock = NSLock()
    private var rung = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Tells the worker that mail is waiting.
    func ring() {
        let waiter = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard let waiter = self.waiter else {
                rung = true
                return nil
            }
            self.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when the bell rings (or has rung since the last wait), after `timeout`, or when the
    /// calling task is cancelled, whichever comes first.
    func wait(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.nextRing() }
            await group.next()
            group.cancelAll()
        }
    }

    private func nextRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock { () -> Bool in
                    if rung {
                        rung = false
                        return true
                    }
                    // Cancelled before this wait was registered: the handler found no waiter to resume.
                    if Task.isCancelled { return true }
                    waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                defer { self.waiter = nil }
                return self.waiter
            }
            waiter?.resume()
        }
    }
}
