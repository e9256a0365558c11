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
        #expect(await limiter.rememberedClients <= 101)
    }
}
