import Foundation
import Testing
import LinkStorage
import LinkVerification

/// Challenge and link lockouts and single use, against both stores.
struct LockoutTests {
    @Test("5 wrong codes lock the challenge, after which even the right code is refused", arguments: StoreKind.allCases)
    func challengeLock(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        var answers: [VerificationError?] = []
        for _ in 0..<5 {
            answers.append(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: Harness.wrong(code)) })
        }
        #expect(answers == (0..<5).map { .invalidCode(attemptsLeft: 4 - $0) })
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: try #require(code)) } == .challengeLocked)
        harness.clock.advance(by: 60)
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: id) } == .challengeLocked)
        let kinds = try await harness.verifier.events(linkID: link.linkID).map(\.kind)
        #expect(kinds.filter { $0 == .wrongCode }.count == 5)
        #expect(kinds.contains(.challengeLocked))
        // Starting over works.
        let again = try await harness.challenge(link, "carol@customer.net")
        _ = try await harness.verifier.verify(challengeID: again.id, code: try #require(again.code))
    }

    @Test("a code is single use: the second verify of the same code is refused", arguments: StoreKind.allCases)
    func singleUse(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        _ = try await harness.verifier.verify(challengeID: id, code: try #require(code))
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: try #require(code)) } == .challengeExpired)
        #expect(try await domainError { _ = try await harness.verifier.resend(challengeID: id) } == .challengeExpired)
    }

    /// The addresses that may open ``Harness/share()``'s link: a person, the list, and an internal member of the list.
    static let mayOpen = ["carol@customer.net", "team@example.com", "ann@example.com"]

    @Test("100 consecutive wrong codes from addresses that may open the link lock it until an admin unlocks it", arguments: StoreKind.allCases)
    func linkLock(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind, random: SevensRandom())
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let waiting = try await harness.challenge(link, "carol@customer.net")
        // Each address has 10 wrong codes an hour (5 a challenge): three addresses need four hours.
        var last: VerificationError?
        var guesses = 0
        hours: for _ in 0..<5 {
            for address in Self.mayOpen {
                for _ in 0..<2 {
                    let (id, _) = try await harness.challenge(link, address)
                    for _ in 0..<5 {
                        last = try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: "123456") }
                        guesses += 1
                        if last == .linkLocked { break hours }
                    }
                }
            }
            harness.clock.advance(by: 3601)  // past the hour's window of every address
        }
        #expect(last == .linkLocked)
        #expect(guesses == 100)
        #expect(try await domainError { _ = try await harness.verifier.inspectLink(token: link.token) } == .linkLocked)
        #expect(try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net") } == .linkLocked)
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: waiting.id, code: "777777") } == .linkLocked)
        let locks = try await harness.verifier.events(linkID: link.linkID).filter { $0.kind == .linkLocked }
        #expect(locks.count == 1)

        try await harness.verifier.unlock(linkID: link.linkID)
        _ = try await harness.verifier.inspectLink(token: link.token)
        harness.clock.advance(by: 3601)  // carol's budget of the hour is spent
        let fresh = try await harness.challenge(link, "carol@customer.net")
        _ = try await harness.verifier.verify(challengeID: fresh.id, code: "777777")
        #expect(try await harness.verifier.events(linkID: link.linkID).contains { $0.kind == .linkUnlocked })
        #expect(try await domainError { try await harness.verifier.unlock(linkID: "missing") } == .linkNotFound)
    }

    @Test("Strangers' wrong codes never lock the link, and get the answers a recipient's wrong codes get", arguments: StoreKind.allCases)
    func strangersCannotLock(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind, random: SevensRandom())
        defer { harness.removeFolder() }
        let link = try await harness.share()
        func answers(_ address: String) async throws -> [VerificationError?] {
            let (id, _) = try await harness.challenge(link, address)
            var answers: [VerificationError?] = []
            for _ in 0..<5 {
                answers.append(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: "123456") })
            }
            return answers
        }
        let recipient = try await answers("carol@customer.net")
        // 300 wrong codes from 60 addresses that may not open the link: three times the link's limit.
        for attacker in 0..<60 {
            #expect(try await answers("guess\(attacker)@evil.test") == recipient)
        }
        _ = try await harness.verifier.inspectLink(token: link.token)
        let good = try await harness.challenge(link, "ann@example.com")
        _ = try await harness.verifier.verify(challengeID: good.id, code: "777777")
        #expect(try await harness.verifier.events(linkID: link.linkID).filter { $0.kind == .linkLocked }.isEmpty)
    }

    @Test("a correct code restarts the link's count of consecutive wrong codes", arguments: StoreKind.allCases)
    func correctCodeResetsLinkCount(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind, policy: Policy(consecutiveWrongCodesPerLink: 6), random: SevensRandom())
        defer { harness.removeFolder() }
        let link = try await harness.share()
        func wrongs(_ count: Int, as address: String) async throws -> VerificationError? {
            let (id, _) = try await harness.challenge(link, address)
            var last: VerificationError?
            for _ in 0..<count { last = try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: "000000") } }
            return last
        }
        _ = try await wrongs(5, as: "team@example.com")
        let good = try await harness.challenge(link, "carol@customer.net")
        _ = try await harness.verifier.verify(challengeID: good.id, code: "777777")
        #expect(try await wrongs(5, as: "ann@example.com") == .invalidCode(attemptsLeft: 0))
        _ = try await harness.verifier.inspectLink(token: link.token)
        #expect(try await wrongs(1, as: "team@example.com") == .linkLocked)
    }

    @Test("a wrong code against three live codes counts three times towards the link's lock", arguments: StoreKind.allCases)
    func liveCodesCountTowardsLinkLock(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind, policy: Policy(consecutiveWrongCodesPerLink: 7), random: SevensRandom())
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, _) = try await harness.challenge(link, "carol@customer.net")
        for _ in 0..<2 {
            harness.clock.advance(by: 60)
            _ = try await harness.verifier.resend(challengeID: id)
        }
        // Three live codes: two wrong guesses are six chances, under the limit of seven.
        for left in [4, 3] {
            #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: "000000") }
                == .invalidCode(attemptsLeft: left))
        }
        // A third would be nine: the link locks without comparing it, even the right code.
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: "777777") } == .linkLocked)
        let events = try await harness.verifier.events(linkID: link.linkID)
        #expect(events.filter { $0.kind == .wrongCode }.count == 2)
        #expect(events.filter { $0.kind == .linkLocked }.count == 1)
        #expect(try await domainError { _ = try await harness.verifier.inspectLink(token: link.token) } == .linkLocked)
    }
}

struct CodeEntryTests {
    @Test("a code typed with spaces is accepted; one digit off is not", arguments: StoreKind.allCases)
    func typing(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind, random: SevensRandom())
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, _) = try await harness.challenge(link, "carol@customer.net")
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: "777778") } == .invalidCode(attemptsLeft: 4))
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: "77777") } == .invalidCode(attemptsLeft: 3))
        _ = try await harness.verifier.verify(challengeID: id, code: " 777 777\n")
    }
}
