import Foundation

/// A mail waiting in the store's durable queue; its content is sealed, so the database holds no code or URL.
public struct QueuedMail: Sendable, Equatable, Codable {
    /// The message id (``OutgoingMail/id``), also the seal's authenticated context.
    public var id: UUID
    /// The link it concerns (for audit events).
    public var linkID: String?
    /// The ``OutgoingMail`` as JSON, sealed with ``ServerSecret/seal(_:context:)``.
    public var sealedPayload: Data
    /// When it was queued.
    public var createdAt: Date
    /// The earliest time a dispatcher may (re)try it; moved forward by a lease or a backoff.
    public var nextAttemptAt: Date
    /// Delivery attempts made so far.
    public var attempts: Int
    /// The last failure's reason, if any.
    public var lastError: String?
    /// When it was given up (a permanent failure or too many attempts); nil while pending.
    public var failedAt: Date?

    /// Creates a queued mail record.
    public init(
        id: UUID, linkID: String?, sealedPayload: Data, createdAt: Date, nextAttemptAt: Date,
        attempts: Int = 0, lastError: String? = nil, failedAt: Date? = nil
    ) {
        self.id = id
        self.linkID = linkID
        self.sealedPayload = sealedPayload
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.lastError = lastError
        self.failedAt = failedAt
    }
}
