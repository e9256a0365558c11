/// What a per-client limit decided for one call.
public enum RateDecision: Equatable, Sendable {
    /// The call may go ahead.
    case allowed
    /// The call must wait this many whole seconds (at least 1).
    case limited(retryAfterSeconds: Int)
}

/// The per-client limit on public calls: a token bucket per client key.
///
/// ``ClientRateLimiter`` keeps the buckets in this process's memory; a store shared by several
/// instances can keep them globally behind the same protocol.
public protocol ClientRateLimiting: Sendable {
    /// Takes one call from `client`'s bucket, if there is one.
    func take(for client: String) async throws -> RateDecision
}

/// A token bucket per client, kept in memory.
///
/// Each client may make `burst` calls at once and regains `perMinute` calls a minute. The table of
/// clients is bounded: past `maximumClients`, the clients heard from longest ago are forgotten (a tenth
/// of the table at a time), so a flood of new addresses never resets the buckets of active clients.
actor ClientRateLimiter: ClientRateLimiting {
    private struct Bucket {
        var tokens: Double
        var updatedAt: ContinuousClock.Instant
    }

    private let burst: Double
    private let tokensPerSecond: Double
    private let maximumClients: Int
    private var buckets: [String: Bucket] = [:]

    /// Creates a limiter for `limit`, remembering at most `maximumClients` clients.
    init(limit: RateLimit, maximumClients: Int = 100_000) {
        self.burst = Double(max(1, limit.burst))
        self.tokensPerSecond = Double(max(1, limit.perMinute)) / 60
        self.maximumClients = max(1, maximumClients)
    }

    func take(for client: String) -> RateDecision {
        take(for: client, at: .now)
    }

    /// Takes one token from `client`'s bucket, if there is one, at time `now`.
    func take(for client: String, at now: ContinuousClock.Instant) -> RateDecision {
        var bucket = buckets[client] ?? Bucket(tokens: burst, updatedAt: now)
        bucket.tokens = min(burst, bucket.tokens + seconds(from: bucket.updatedAt, to: now) * tokensPerSecond)
        bucket.updatedAt = now
        let decision: RateDecision
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            decision = .allowed
        } else {
            let wait = (1 - bucket.tokens) / tokensPerSecond
            // The epsilon keeps float noise (10.0000001 s) from adding a whole second.
            decision = .limited(retryAfterSeconds: max(1, Int((wait - 1e-6).rounded(.up))))
        }
        buckets[client] = bucket
        if buckets.count > maximumClients {
            forgetOldestClients()
        }
        return decision
    }

    /// How many clients the limiter remembers now.
    var rememberedClients: Int { buckets.count }

    /// Whether the limiter remembers `client`.
    func remembers(_ client: String) -> Bool { buckets[client] != nil }

    private func forgetOldestClients() {
        let excess = buckets.count - maximumClients + max(1, maximumClients / 10)
        let oldest = buckets.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(excess)
        for (client, _) in oldest { buckets[client] = nil }
    }

    private func seconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: end)
        guard elapsed > .zero else { return 0 }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
