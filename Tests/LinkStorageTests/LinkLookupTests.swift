import Foundation
import Testing
import LinkStorage
import LinkVerification

/// `GET /links/{token}` on the real SQLite file: prepared statements reused from the connection's cache,
/// the narrow link-state query, and lookups run on the caller's thread.
struct LinkLookupTests {
    @Test("repeated lookups of different links each answer for the link asked, never with a row of an earlier one")
    func repeatedLookups() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let active = try await harness.share()
        let revoked = try await harness.share()
        _ = try await harness.verifier.revoke(linkID: revoked.linkID)
        let shortLived = try await harness.share(expiresAt: harness.clock.now().addingTimeInterval(3600))
        let unknown = String(repeating: "A", count: 22)
        let verifier = harness.verifier

        for round in 0..<3 {
            // Alternate found and not found, so a statement left holding a row would show.
            #expect(try await verifier.inspectLink(token: active.token).status == "active", "round \(round)")
            #expect(try await domainError { _ = try await verifier.inspectLink(token: unknown) } == .linkNotFound)
            #expect(try await domainError { _ = try await verifier.inspectLink(token: revoked.token) } == .linkRevoked)
            let status = try await verifier.inspectLink(token: shortLived.token)
            #expect(abs(status.expiresAt.timeIntervalSince(shortLived.link.expiresAt)) < 0.001)
        }
        harness.clock.advance(by: 3600)
        #expect(try await domainError { _ = try await verifier.inspectLink(token: shortLived.token) } == .linkExpired)
        #expect(try await verifier.inspectLink(token: active.token).status == "active")
    }

    @Test("a lookup sees each committed change at once: revoke, then unlock after a lockout")
    func lookupsSeeCommits() async throws {
        let harness = try await Harness(.sqlite, policy: Policy(consecutiveWrongCodesPerLink: 3))
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let verifier = harness.verifier
        #expect(try await verifier.inspectLink(token: link.token).status == "active")
        let (id, code) = try await harness.challenge(link, "carol@customer.net")
        for _ in 0..<3 { _ = try await domainError { _ = try await verifier.verify(challengeID: id, code: Harness.wrong(code)) } }
        #expect(try await domainError { _ = try await verifier.inspectLink(token: link.token) } == .linkLocked)
        _ = try await verifier.unlock(linkID: link.linkID)
        #expect(try await verifier.inspectLink(token: link.token).status == "active")
        _ = try await verifier.revoke(linkID: link.linkID)
        #expect(try await domainError { _ = try await verifier.inspectLink(token: link.token) } == .linkRevoked)
    }

    @Test("many more simultaneous lookups than reader connections all answer, beside writes")
    func simultaneousLookups() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let verifier = harness.verifier
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<64 {
                group.addTask {
                    if index % 8 == 0 {
                        // A write now and then: a challenge for a new address.
                        _ = try await verifier.startChallenge(token: link.token, email: "reader-\(index)@customer.net")
                        return "written"
                    }
                    return try await verifier.inspectLink(token: link.token).status
                }
            }
            var answers: [String] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
        #expect(answers.filter { $0 == "active" }.count == 56)
        #expect(answers.filter { $0 == "written" }.count == 8)
    }

    @Test("a lookup does not wait for a write in progress, and sees only what was committed before it")
    func lookupBesideOpenWrite() async throws {
        let harness = try await Harness(.sqlite)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        let gate = WriteGate()
        let store = harness.store
        let linkID = link.linkID
        let now = harness.clock.now()
        // A write that revokes the link, then holds its transaction open until the gate opens (30 s at most).
        let write = Task {
            try await store.write { tx in
                guard var stored = try tx.link(id: linkID) else { throw LinkStoreError("link \(linkID) is missing") }
                stored.revokedAt = now
                try tx.updateLink(stored)
                gate.reachedAndWait(seconds: 30)
            }
        }
        try await gate.untilReached(seconds: 30)
        // Were the lookup to wait for the writer, it would run after the commit and see the link revoked.
        let during = try await harness.verifier.inspectLink(token: link.token)
        gate.open()
        try await write.value
        #expect(during.status == "active")
        #expect(try await domainError { _ = try await harness.verifier.inspectLink(token: link.token) } == .linkRevoked)
    }
}

/// Holds a write body at one point until the test opens it.
private final class WriteGate: @unchecked Sendable {
    private let lock = NSLock()
    private var reached = false
    private let opened = DispatchSemaphore(value: 0)

    /// Called in the write body (on GRDB's writer queue, not a Swift concurrency thread): waits for ``open()``.
    func reachedAndWait(seconds: Int) {
        lock.withLock { reached = true }
        _ = opened.wait(timeout: .now() + .seconds(seconds))
    }

    /// Returns once the body reached the gate; throws after `seconds`.
    func untilReached(seconds: Int) async throws {
        for _ in 0..<(seconds * 100) {
            if lock.withLock({ reached }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw LinkStoreError("the write body never reached the gate")
    }

    /// Lets the write body go on.
    func open() { opened.signal() }
}
