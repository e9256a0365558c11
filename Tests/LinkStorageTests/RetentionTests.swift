import Foundation
import Testing
import LinkStorage
import LinkVerification

/// Purging old records, against both stores: what goes, and that no rule loses its memory.
struct RetentionTests {
    @Test("purging right away keeps every window: the wrong-code budget still refuses", arguments: StoreKind.allCases)
    func keepsWindows(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let open = try await harness.challenge(link, "carol@customer.net")
        for _ in 0..<2 {
            let (id, code) = try await harness.challenge(link, "carol@customer.net")
            for _ in 0..<5 { _ = try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: Harness.wrong(code)) } }
        }
        harness.clock.advance(by: 1800)
        #expect(try await harness.verifier.purgeExpired() == 0)
        #expect(try await domainError { _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net") } == .rateLimited(retryAfterSeconds: 1800))
        _ = open
    }

    @Test("a day later codes, wrong codes, grants and challenges are gone; links and events stay", arguments: StoreKind.allCases)
    func purgesOldRecords(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        _ = try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: Harness.wrong(code)) }
        let verified = try await harness.verifier.verify(challengeID: id, code: try #require(code))
        let events = try await harness.verifier.events(linkID: link.linkID)
        harness.clock.advance(by: 86400)
        // 1 code, 1 wrong code, 1 grant, 1 challenge.
        #expect(try await harness.verifier.purgeExpired() == 4)
        #expect(try await harness.store.read { try $0.challenge(id: id) } == nil)
        #expect(try await domainError { _ = try await harness.verifier.verify(challengeID: id, code: try #require(code)) } == .challengeNotFound)
        #expect(try await domainError { _ = try await harness.verifier.openContent(token: link.token, accessToken: verified.accessToken) } == .unauthorized)
        #expect(try await harness.verifier.events(linkID: link.linkID) == events)
        let again = try await harness.challenge(link, "carol@customer.net")
        _ = try await harness.verifier.verify(challengeID: again.id, code: try #require(again.code))
    }
}
