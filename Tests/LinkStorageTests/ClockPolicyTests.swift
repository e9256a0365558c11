import Foundation
import Testing
import LinkStorage
import LinkVerification

/// Expiry, cooldown and hourly windows, with the clock moved by hand, against both stores.
struct ClockPolicyTests {
    @Test("a code works until its 10 minutes are up, then the challenge has expired", arguments: StoreKind.allCases)
    func codeLifetime(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let late = try await harness.challenge(link, "carol@customer.net")
        harness.clock.advance(by: 600)
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: late.id, code: try #require(late.code)) } == .challengeExpired)
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: late.id) } == .challengeExpired)

        let inTime = try await harness.challenge(link, "carol@customer.net")
        harness.clock.advance(by: 599)
        _ = try await harness.verifier.verify(challengeID: inTime.id, code: try #require(inTime.code))
    }

    @Test("a resend waits 60 seconds, and says how long is left", arguments: StoreKind.allCases)
    func cooldown(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, _) = try await harness.challenge(link, "carol@customer.net")
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: id) } == .tooSoon(retryAfterSeconds: 60))
        harness.clock.advance(by: 45)
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: id) } == .tooSoon(retryAfterSeconds: 15))
        harness.clock.advance(by: 15)
        let resent = try await harness.verifier.resend(challengeID: id)
        #expect(resent == CodeResent(expiresAt: harness.clock.now().addingTimeInterval(600), resendAfterSeconds: 60))
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: id) } == .tooSoon(retryAfterSeconds: 60))
        try await harness.dispatcher.deliverDue()
        #expect(harness.delivery.codes(to: "carol@customer.net").count == 2)
    }

    @Test("after a resend the earlier code still works while it is unexpired", arguments: StoreKind.allCases)
    func earlierCodeStaysValid(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, first) = try await harness.challenge(link, "carol@customer.net")
        harness.clock.advance(by: 61)
        _ = try await harness.verifier.resend(challengeID: id)
        let second = try await harness.latestCode(to: "carol@customer.net")
        #expect(second != nil)
        _ = try await harness.verifier.verify(challengeID: id, code: try #require(first))
    }

    @Test("the earlier code expires on its own schedule; the resent one keeps the challenge open", arguments: StoreKind.allCases)
    func earlierCodeExpires(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, first) = try await harness.challenge(link, "carol@customer.net")
        harness.clock.advance(by: 300)
        _ = try await harness.verifier.resend(challengeID: id)
        let second = try #require(try await harness.latestCode(to: "carol@customer.net"))
        harness.clock.advance(by: 300)  // the first code is now 10 minutes old, the second 5
        if first != second {
            #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: try #require(first)) } == .invalidCode(attemptsLeft: 4))
        }
        _ = try await harness.verifier.verify(challengeID: id, code: second)
    }

    @Test("at most 5 code mails per (link, address) per hour; the same answer for a stranger", arguments: StoreKind.allCases)
    func mailWindow(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        for minute in 0..<5 {
            _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
            _ = try await harness.verifier.startChallenge(token: link.token, email: "eve@evil.test")
            if minute < 4 { harness.clock.advance(by: 60) }
        }
        // Five mails in the last four minutes: the oldest leaves the window 56 minutes from now.
        let carol = try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net") }
        let eve = try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "eve@evil.test") }
        #expect(carol == .rateLimited(retryAfterSeconds: 3360))
        #expect(eve == carol)
        // Resends count as code mails too.
        let other = try await harness.verifier.startChallenge(token: link.token, email: "team@example.com")
        for _ in 0..<4 {
            harness.clock.advance(by: 60)
            _ = try await harness.verifier.resend(challengeID: other.challengeID)
        }
        harness.clock.advance(by: 60)
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: other.challengeID) } == .rateLimited(retryAfterSeconds: 3300))
        // Another address on the same link is not affected, and the window slides.
        _ = try await harness.verifier.startChallenge(token: link.token, email: "ann@example.com")
        harness.clock.advance(by: 3060)
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        _ = try await harness.verifier.startChallenge(token: link.token, email: "eve@evil.test")
        let limited = try await harness.verifier.events(linkID: link.linkID).filter { $0.kind == .rateLimited }
        #expect(limited.count == 3)
    }

    @Test("at most 10 wrong codes per (link, address) per hour across challenges; starting over does not reset it", arguments: StoreKind.allCases)
    func wrongCodeWindow(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        var attemptsLeft: [Int] = []
        for round in 0..<2 {
            let (id, code) = try await harness.challenge(link, "carol@customer.net")
            for _ in 0..<5 {
                if case .invalidCode(let left) = try await domainError({
                    _ = try await harness.verifier.verify(challengeID: id, code: Harness.wrong(code))
                }) { attemptsLeft.append(left) }
                harness.clock.advance(by: 10)
            }
            if round == 0 { harness.clock.advance(by: 60) }
        }
        #expect(attemptsLeft == [4, 3, 2, 1, 0, 4, 3, 2, 1, 0])
        // A third challenge, even with the right code, is refused until the first wrong code is an hour old.
        let refused = try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net") }
        #expect(refused == .rateLimited(retryAfterSeconds: 3600 - 160))
        // Another address on the same link still may.
        _ = try await harness.challenge(link, "ann@example.com")
        harness.clock.advance(by: 3600 - 160)
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        _ = try await harness.verifier.verify(challengeID: id, code: try #require(code))
    }

    @Test("a challenge started before the wrong-code budget ran out refuses even the right code", arguments: StoreKind.allCases)
    func budgetBlocksVerify(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let spare = try await harness.challenge(link, "carol@customer.net")
        for _ in 0..<2 {
            let (id, code) = try await harness.challenge(link, "carol@customer.net")
            for _ in 0..<5 { _ = try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: Harness.wrong(code)) } }
        }
        let refused = try await domainError { _ = try await harness.verifier.verify(challengeID: spare.id, code: try #require(spare.code)) }
        #expect(refused == .rateLimited(retryAfterSeconds: 3600))
    }
}

struct ConfiguredPolicyTests {
    @Test("the policy's numbers are the service's: 8-digit codes living 2 minutes, resend after 10 s", arguments: StoreKind.allCases)
    func configured(_ kind: StoreKind) async throws {
        let policy = Policy(codeLength: 8, codeLifetime: 120, resendCooldown: 10, wrongCodesPerChallenge: 2)
        let harness = try await Harness(kind, policy: policy)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        #expect(try await harness.verifier.inspectLink(token: link.token).codeLength == 8)
        let started = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        #expect(started.codeLength == 8 && started.resendAfterSeconds == 10)
        #expect(started.expiresAt == harness.clock.now().addingTimeInterval(120))
        let code = try #require(try await harness.latestCode(to: "carol@customer.net"))
        #expect(code.count == 8)
        harness.clock.advance(by: 10)
        _ = try await harness.verifier.resend(challengeID: started.challengeID)
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: started.challengeID, code: "00000000") } == .invalidCode(attemptsLeft: 1))
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: started.challengeID, code: "00000001") } == .invalidCode(attemptsLeft: 0))
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: started.challengeID, code: code) } == .challengeLocked)
    }
}
