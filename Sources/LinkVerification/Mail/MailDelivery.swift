/// Hands a queued message to the world: the outbox folder, an SMTP relay, a test double.
///
/// Called by the mail queue's worker, never inside a request.
public protocol MailDelivery: Sendable {
    /// Delivers one message; throws ``MailDeliveryFailure`` to say whether a retry may help.
    func deliver(_ mail: OutgoingMail) async throws
}

/// Why a delivery failed, and whether trying again later may succeed.
public enum MailDeliveryFailure: Error, Sendable, Equatable {
    /// A temporary failure (a 4xx reply, a refused or dropped connection): retry with backoff.
    case transient(String)
    /// A permanent failure (a 5xx reply, an address that cannot exist): do not retry.
    case permanent(String)
}
