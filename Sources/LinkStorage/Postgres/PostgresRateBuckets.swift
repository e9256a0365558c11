import Foundation
import LinkVerification
import PostgresNIO

/// Token buckets per client in the shared database, so a client's call budget is one across every
/// instance rather than one per instance.
///
/// Each call is one statement: an upsert that refills the bucket for the time since its last call,
/// takes a token if there is one, and returns the outcome. The row lock of the upsert serializes two
/// instances taking from one bucket at once, and the time is the database's clock, so instances whose
/// clocks differ agree. The table is UNLOGGED (not written to the WAL): a database crash empties it,
/// which only gives every client a full bucket. Buckets idle long enough to be full again are deleted
/// every ``sweepEvery`` calls.
public struct PostgresRateBuckets: Sendable {
    /// What one ``take(client:)`` decided.
    public struct Decision: Sendable, Equatable {
        /// Whether the call may go ahead.
        public var allowed: Bool
        /// The tokens left in the bucket after this call (fractional while refilling).
        public var tokens: Double
    }

    /// Calls a bucket holds when full.
    public let burst: Double
    /// Tokens a bucket regains per second.
    public let tokensPerSecond: Double
    /// How many calls pass between two deletions of full buckets.
    public let sweepEvery = 1000
    private let pool: SessionPool
    private let calls = CallCounter()

    init(pool: SessionPool, burst: Int, perMinute: Int) {
        self.pool = pool
        self.burst = Double(max(1, burst))
        self.tokensPerSecond = Double(max(1, perMinute)) / 60
    }

    /// Takes one token from `client`'s bucket if it has one.
    public func take(client: String) async throws -> Decision {
        let (burst, rate) = (burst, tokensPerSecond)
        let sweep = calls.next() % sweepEvery == 0
        return try await pool.withSession { session in
            try await session.perform { statements in
                if sweep {
                    try statements.run("""
                        DELETE FROM client_rate_buckets
                        WHERE updated_at < extract(epoch FROM clock_timestamp()) - \(burst / rate)
                        """)
                }
                let row = try statements.row("""
                    WITH now AS (SELECT extract(epoch FROM clock_timestamp())::double precision AS at)
                    INSERT INTO client_rate_buckets AS bucket (client, tokens, updated_at, allowed)
                    SELECT \(client), \(burst) - 1, now.at, true FROM now
                    ON CONFLICT (client) DO UPDATE SET
                        tokens = CASE
                            WHEN LEAST(\(burst), bucket.tokens + GREATEST(0, excluded.updated_at - bucket.updated_at) * \(rate)) >= 1
                            THEN LEAST(\(burst), bucket.tokens + GREATEST(0, excluded.updated_at - bucket.updated_at) * \(rate)) - 1
                            ELSE LEAST(\(burst), bucket.tokens + GREATEST(0, excluded.updated_at - bucket.updated_at) * \(rate))
                        END,
                        allowed = LEAST(\(burst), bucket.tokens + GREATEST(0, excluded.updated_at - bucket.updated_at) * \(rate)) >= 1,
                        updated_at = GREATEST(excluded.updated_at, bucket.updated_at)
                    RETURNING tokens, allowed
                    """)
                guard let row else { throw LinkStoreError("the rate limit of \(client) was not stored") }
                return Decision(allowed: try row.value("allowed"), tokens: try row.value("tokens"))
            }
        }
    }
}

/// A counter shared by copies of one ``PostgresRateBuckets``.
private final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}

extension PostgresLinkStore {
    /// Per-client token buckets in this store's database: `burst` calls at once, `perMinute` regained a minute.
    public func rateBuckets(burst: Int, perMinute: Int) -> PostgresRateBuckets {
        PostgresRateBuckets(pool: pool, burst: burst, perMinute: perMinute)
    }
}
