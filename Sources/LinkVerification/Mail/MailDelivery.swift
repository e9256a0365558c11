/// Hands a queued message to the world: the outbox folder, an SMTP relay, a test double.
///
/// Called by the mail queue's worker, never inside a request.
public protocol MailDelivery: Sendable {
    /// Delivers one message; throws ``MailDeliveryFailure`` to say whether a retry may help.
    func deliver(_ mail: OutgoingMail) async throws

    /// Delivers the messages of `batch` in order, calling `outcome` once for each as soon as its fate
    /// is known (nil: delivered). A transport that can carry several messages at once (one SMTP
    /// connection) does so here; by default each goes through ``deliver(_:)``.
    func deliver(batch: [OutgoingMail], outcome: (OutgoingMail, MailDeliveryFailure?) async -> Void) async
}

extension MailDelivery {
    /// One ``deliver(_:)`` per message; an error that is not a ``MailDeliveryFailure`` counts as transient.
    public func deliver(batch: [OutgoingMail], outcome: (OutgoingMail, MailDeliveryFailure?) async -> Void) async {
        for mail in batch {
            do {
                try await deliver(mail)
                await outcome(mail, nil)
            } catch let failure as MailDeliveryFailure {
                await outcome(mail, failure)
            } catch {
                await outcome(mail, .transient(String(describing: error)))
            }
        }
    }
}

/// Why a delivery failed, and whether trying again later may succeed.
public enum MailDeliveryFailure: Error, Sendable, Equatable {
    /// A temporary failure (a 4xx reply, a refused or dropped connection): retry with backoff.
    case transient(String)
    /// A permanent failure (a 5xx reply, an address that cannot exist): do not retry.
    case permanent(String)
}

/// A transport that takes every message and does nothing: the default withheld sink, for tests.
public struct DiscardingDelivery: MailDelivery {
    /// Creates the transport.
    public init() {}

    /// Does nothing.
    public func deliver(_ mail: OutgoingMail) async throws {}
}
