import LinkStorage

/// Where the per-client limit on public calls is counted: ``ClientRateLimiter`` in this instance's
/// memory (one instance), or ``SharedClientRateLimiter`` in the database every instance shares.
protocol ClientRateLimiting: Sendable {
    /// Takes one call from `client`'s budget, or says how long it must wait.
    func admit(_ client: String) async throws -> ClientRateLimiter.Decision
}

extension ClientRateLimiter: ClientRateLimiting {
    func admit(_ client: String) async throws -> Decision {
        take(for: client)
    }
}

/// The per-client limit counted in PostgreSQL (``PostgresRateBuckets``): one budget per client across
/// every instance, at the cost of one statement per public call. When the database does not answer,
/// the call fails with the store's unavailability (503), as the call itself would.
struct SharedClientRateLimiter: ClientRateLimiting {
    let buckets: PostgresRateBuckets

    func admit(_ client: String) async throws -> ClientRateLimiter.Decision {
        let decision = try await buckets.take(client: client)
        if decision.allowed { return .allowed }
        let wait = (1 - decision.tokens) / buckets.tokensPerSecond
        return .limited(retryAfterSeconds: max(1, Int((wait - 1e-6).rounded(.up))))
    }
}
