import Testing
@testable import OTPLinkAPI

@Suite("Per-IP token bucket")
struct ClientRateLimiterTests {
    let start = ContinuousClock.now

    @Test("A client gets its burst, then waits for a refill; others are not affected")
    func burstThenWait() async {
        let limiter = ClientRateLimiter(limit: RateLimit(burst: 3, perMinute: 60))
        for _ in 0..<3 {
            #expect(await limiter.take(for: "198.51.100.7", at: start) == .allowed)
        }
        #expect(await limiter.take(for: "198.51.100.7", at: start) == .limited(retryAfterSeconds: 1))
        #expect(await limiter.take(for: "203.0.113.9", at: start) == .allowed)
        #expect(await limiter.take(for: "198.51.100.7", at: start.advanced(by: .seconds(1))) == .allowed)
    }

    @Test("Retry-After is the time until one call is regained")
    func retryAfterMatchesRefillRate() async {
        let limiter = ClientRateLimiter(limit: RateLimit(burst: 1, perMinute: 2))
        #expect(await limiter.take(for: "a", at: start) == .allowed)
        #expect(await limiter.take(for: "a", at: start) == .limited(retryAfterSeconds: 30))
        #expect(await limiter.take(for: "a", at: start.advanced(by: .seconds(20))) == .limited(retryAfterSeconds: 10))
        #expect(await limiter.take(for: "a", at: start.advanced(by: .seconds(30))) == .allowed)
    }

    @Test("The table of clients stays bounded")
    func boundedMemory() async {
        let limiter = ClientRateLimiter(limit: RateLimit(burst: 1, perMinute: 60), maximumClients: 100)
        for index in 0..<1000 {
            _ = await limiter.take(for: "client-\(index)", at: start.advanced(by: .seconds(index)))
        }
        #expect(await limiter.rememberedClients <= 100)
    }

    @Test("A flood of new clients evicts the oldest buckets, never an active client's spent one")
    func floodKeepsActiveClients() async {
        let limiter = ClientRateLimiter(limit: RateLimit(burst: 1, perMinute: 1), maximumClients: 100)
        #expect(await limiter.take(for: "attacker", at: start) == .allowed)
        #expect(await limiter.take(for: "attacker", at: start) != .allowed)
        for index in 0..<1000 {
            let now = start.advanced(by: .milliseconds(index + 1))
            _ = await limiter.take(for: "new-\(index)", at: now)
            // The attacker keeps calling: its bucket is among the newest, so it is kept, still spent.
            #expect(await limiter.take(for: "attacker", at: now) != .allowed)
        }
        #expect(await limiter.remembers("attacker"))
        #expect(await !limiter.remembers("new-0"))
    }
}
