import Foundation

/// How many messages wait in the mail queue, for metrics and health pages.
public struct MailQueueStatus: Sendable, Equatable {
    /// Messages not yet delivered that will be tried (including those waiting for a retry).
    public var pending: Int
    /// Messages given up after a failure.
    public var failed: Int

    /// Creates a status.
    public init(pending: Int, failed: Int) {
        self.pending = pending
        self.failed = failed
    }
}

extension LinkVerifier {
    /// Checks that the store answers (for `GET /healthz`); throws the store's error when it does not.
    public func checkStorage() async throws {
        _ = try await store.read { tx in try tx.directory() }
    }

    /// Counts the mail queue's messages by state (for `GET /metrics`).
    public func mailQueueStatus() async throws -> MailQueueStatus {
        try await store.read { tx in try tx.mailCounts() }
    }
}
