/// A token bucket per client address, kept in memory.
///
/// Each client may make `burst` calls at once and regains `perMinute` calls a minute. The table
/// of clients is bounded: past `maximumClients`, clients whose bucket has refilled are forgotten
/// (they would start full anyway), and if that is not enough the table starts over.
actor ClientRateLimiter {
    /// What the limiter decided for one call.
    enum Decision: Equatable {
        /// The call may go ahead.
        case allowed
        /// The call must wait this many whole seconds (at least 1).
        case limited(retryAfterSeconds: Int)
    }

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
        self.maximumClients = maximumClients
    }

    /// Takes one token from `client`'s bucket, if there is one, at time `now`.
    func take(for client: String, at now: ContinuousClock.Instant = .now) -> Decision {
        var bucket = buckets[client] ?? Bucket(tokens: burst, updatedAt: now)
        bucket.tokens = min(burst, bucket.tokens + seconds(from: bucket.updatedAt, to: now) * tokensPerSecond)
        bucket.updatedAt = now
        let decision: Decision
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
            forgetRefilledClients(at: now)
        }
        return decision
    }

    /// How many clients the limiter remembers now.
    var rememberedClients: Int { buckets.count }

    private func forgetRefilledClients(at now: ContinuousClock.Instant) {
        let refillSeconds = burst / tokensPerSecond
        buckets = buckets.filter { _, bucket in seconds(from: bucket.updatedAt, to: now) < refillSeconds }
        if buckets.count > maximumClients {
            buckets.removeAll(keepingCapacity: true)
        }
    }

    private func seconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: end)
        guard elapsed > .zero else { return 0 }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
