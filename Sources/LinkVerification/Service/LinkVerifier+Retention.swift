import Foundation

extension LinkVerifier {
    /// Deletes what no rule needs any more: codes and wrong codes older than the rate window (or the
    /// code lifetime), expired access grants, challenges that expired more than a window ago, mail
    /// given up more than ``Policy/failedMailRetention`` ago, and audit events older than
    /// ``Policy/auditRetention``. Links and files are kept.
    ///
    /// Safe to run at any time (every rule's window stays intact); returns how many records were deleted.
    /// The server runs it periodically, for instance every hour.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        let now = clock.now()
        let policy = policy
        return try await store.write { tx in
            try tx.purge(
                codesIssuedBefore: now.addingTimeInterval(-max(policy.rateWindow, policy.codeLifetime)),
                wrongCodesBefore: now.addingTimeInterval(-policy.rateWindow),
                grantsExpiredBefore: now,
                challengesExpiredBefore: now.addingTimeInterval(-policy.rateWindow),
                failedMailBefore: now.addingTimeInterval(-policy.failedMailRetention),
                eventsBefore: now.addingTimeInterval(-policy.auditRetention))
        }
    }
}
