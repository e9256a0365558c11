import LinkStorage

/// The per-client limit counted in PostgreSQL (``PostgresRateBuckets``): one budget per client across
/// every instance, at the cost of one statement per public call. When the database does not answer,
/// the call fails with the store's unavailability (503), as the call itself would.
struct SharedClientRateLimiter: ClientRateLimiting {
    let buckets: PostgresRateBuckets

    func take(for client: String) async throws -> RateDecision {
        let decision = try await buckets.take(client: client)
        if decision.allowed { return .allowed }
        let wait = (1 - decision.tokens) / buckets.tokensPerSecond
        return .limited(retryAfterSeconds: max(1, Int((wait - 1e-6).rounded(.up))))
    }
}
