import Foundation

/// The messages one ``MailDispatcher/deliverDue()`` pass has taken and not yet recorded, whose leases
/// it keeps renewing while it hands them over.
///
/// Renewals and records both consult it inside their store transactions, which the store serializes:
/// once a message's fate is recorded no renewal writes its old copy back. State is guarded by `lock`
/// (hence `@unchecked Sendable`).
final class MailLeases: @unchecked Sendable {
    private let lock = NSLock()
    private var held: [UUID: QueuedMail]

    init(_ taken: [QueuedMail]) {
        held = Dictionary(taken.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The messages still held, oldest first.
    func stillHeld() -> [QueuedMail] {
        lock.withLock { held.values.sorted { $0.createdAt < $1.createdAt } }
    }

    /// Stops renewing `id`'s lease: its fate is being recorded.
    func release(_ id: UUID) {
        _ = lock.withLock { held.removeValue(forKey: id) }
    }
}
