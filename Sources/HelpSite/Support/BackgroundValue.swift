import Foundation

/// A value worked out on a thread of its own from the moment it is made (not on the shared pool,
/// which the build's parallel steps fill), so the caller goes on meanwhile; `value` waits for it.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let finished = NSCondition()
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        Thread { [self] in
            let made = work()
            finished.withLock {
                result = made
                finished.broadcast()
            }
        }.start()
    }

    /// The value, once worked out.
    var value: Value {
        finished.withLock {
            while result == nil { finished.wait() }
            return result!
        }
    }
}
