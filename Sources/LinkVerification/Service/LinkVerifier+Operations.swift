import Foundation

/// How many messages wait in the mail queue, for metrics and health pages.
public struct MailQueueStatus: Sendable, Equatable {
    /// Messages not yet delivered that will be tried (including those waiting for a retry).
    public var pending: Int
    /// Messages given up after a failure.
    public var failed: Int
    /// Code mails withheld from addresses that may not open their link (never delivered).
    public var withheld: Int

    /// Creates a status.
    public init(pending: Int, failed: Int, withheld: Int) {
        self.pending = pending
        self.failed = failed
        self.withheld = withheld
    }
}

extension LinkVerifier {
    /// Checks that the store answers (for `GET /healthz`); throws the store's error when it does not.
    public func checkStorage() async throws {
        _ = try await store.read { tx in try tx.directory() }
    }

    /// Counts the mail queue's messages by state (for `GET /metrics`).
    public func mailQueueStatus() async throws -> MailQueueStatus {
        let reason = Self.withheldReason
        return try await store.read { tx in try tx.mailCounts(withheldReason: reason) }
    }
}
