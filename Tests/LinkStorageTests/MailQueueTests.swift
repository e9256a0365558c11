import Foundation
import Testing
import LinkStorage
import LinkVerification

/// The durable mail queue and its dispatcher, against both stores.
struct MailQueueTests {
    @Test("a transient failure is retried with exponential backoff, then delivered", arguments: StoreKind.allCases)
    func transientRetries(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        harness.delivery.failNext([.transient("421 try later"), .transient("421 try later")])

        #expect(try await harness.dispatcher.deliverDue() == .init(retried: 1, firstAttemptFailures: 1, lastFailure: "421 try later"))
        #expect(try await harness.dispatcher.deliverDue() == .init(), "not due again before its backoff")
        harness.clock.advance(by: 29)
        #expect(try await harness.dispatcher.deliverDue() == .init())
        harness.clock.advance(by: 1)
        #expect(try await harness.dispatcher.deliverDue() == .init(retried: 1, lastFailure: "421 try later"), "not a first attempt")
        harness.clock.advance(by: 59)
        #expect(try await harness.dispatcher.deliverDue() == .init(), "the second delay is doubled")
        harness.clock.advance(by: 1)
        #expect(try await harness.dispatcher.deliverDue() == .init(delivered: 1))
        #expect(harness.delivery.codes(to: "carol@customer.net").count == 1)
        #expect(try await harness.store.read { try $0.queuedMail() }.isEmpty)
    }

    @Test("mail a killed run had leased goes out at once after the restart; mail in back-off keeps waiting", arguments: StoreKind.allCases)
    func leasesOfAKilledRunAreReleased(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        harness.delivery.failNext([.transient("421 try later")])
        #expect(try await harness.dispatcher.deliverDue() == .init(retried: 1, firstAttemptFailures: 1, lastFailure: "421 try later"))  // carol's mail: in back-off
        let other = try await harness.share(recipients: ["dave@customer.net"])
        _ = try await harness.verifier.startChallenge(token: other.token, email: "dave@customer.net")
        // What a dispatcher killed mid-pass leaves: the new mail taken (leased), never handed over.
        let now = harness.clock.now()
        try await harness.store.write { tx in
            for var mail in try tx.dueMail(now: now, limit: 10) {
                mail.attempts += 1
                mail.nextAttemptAt = now.addingTimeInterval(harness.policy.mailLease)
                try tx.updateMail(mail)
            }
        }
        #expect(try await harness.dispatcher.deliverDue() == .init(), "leased: not due before the lease ends")

        #expect(try await harness.dispatcher.releaseLeasesOfStoppedRun() == 1)
        #expect(try await harness.dispatcher.deliverDue() == .init(delivered: 1))
        #expect(harness.delivery.codes(to: "dave@customer.net").count == 1)
        #expect(harness.delivery.codes(to: "carol@customer.net").isEmpty, "the mail in back-off still waits")
    }

    @Test("a permanent failure stops at once, stays in the queue as failed, and is audited", arguments: StoreKind.allCases)
    func permanentFailure(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net", client: ClientInfo(ipAddress: "198.51.100.2"))
        harness.delivery.failNext([.permanent("550 no such user")])
        #expect(try await harness.dispatcher.deliverDue() == .init(failed: 1, firstAttemptFailures: 1, lastFailure: "550 no such user"))
        harness.clock.advance(by: 86400)
        #expect(try await harness.dispatcher.deliverDue() == .init())
        let queue = try await harness.store.read { try $0.queuedMail() }
        #expect(queue.count == 1)
        #expect(queue.first?.failedAt != nil)
        #expect(queue.first?.lastError == "550 no such user")
        let failure = try #require(try await harness.verifier.events(linkID: link.linkID).last)
        #expect(failure.kind == .mailFailed)
        #expect(failure.address?.value == "carol@customer.net")
        #expect(failure.detail?.contains("550 no such user") == true)
        #expect(failure.detail?.contains("code") == true)
    }

    @Test("transient failures give up after the policy's attempts", arguments: StoreKind.allCases)
    func givesUp(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind, policy: Policy(mailDeliveryAttempts: 3, mailRetryBaseDelay: 10, mailRetryMaximumDelay: 15))
        defer { harness.removeFolder() }
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        harness.delivery.failNext(Array(repeating: .transient("timeout"), count: 5))
        var reports: [MailDispatcher.Report] = []
        for _ in 0..<4 {
            reports.append(try await harness.dispatcher.deliverDue())
            harness.clock.advance(by: 15)  // 10 s, then 20 s capped to 15 s
        }
        #expect(reports == [
            .init(retried: 1, firstAttemptFailures: 1, lastFailure: "timeout"), .init(retried: 1, lastFailure: "timeout"),
            .init(failed: 1, lastFailure: "timeout"), .init(),
        ])
        #expect(try await harness.verifier.events(linkID: link.linkID).last?.kind == .mailFailed)
    }

    @Test("a taken message is leased: a second dispatcher does not send it again meanwhile", arguments: StoreKind.allCases)
    func lease(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        let slow = BlockingDelivery()
        let first = MailDispatcher(store: harness.store, delivery: slow, secret: harness.secret, clock: harness.clock)
        let running = Task { try await first.deliverDue() }
        await slow.waitUntilCalled()
        #expect(try await harness.dispatcher.deliverDue() == .init())
        slow.release()
        #expect(try await running.value == .init(delivered: 1))
        #expect(harness.delivery.mails.isEmpty)
    }

    @Test("mail sealed under another secret is given up, not delivered", arguments: StoreKind.allCases)
    func foreignSeal(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        let stranger = MailDispatcher(store: harness.store, delivery: harness.delivery, secret: .generate(), clock: harness.clock)
        #expect(try await stranger.deliverDue() == .init(
            failed: 1, firstAttemptFailures: 1, lastFailure: "the queued message cannot be opened with this server secret"))
        #expect(harness.delivery.mails.isEmpty)
    }
}

/// A transport whose first delivery waits until released.
final class BlockingDelivery: MailDelivery, @unchecked Sendable {
    private let called = AsyncStream<Void>.makeStream()
    private let released = AsyncStream<Void>.makeStream()

    func deliver(_ mail: OutgoingMail) async throws {
        called.continuation.yield()
        for await _ in released.stream { break }
    }

    func waitUntilCalled() async {
        for await _ in called.stream { break }
    }

    func release() { released.continuation.yield() }
}

struct MailQueueStatusTests {
    @Test("the queue status counts pending and failed messages; a withheld code is pending like any other", arguments: StoreKind.allCases)
    func status(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        try await harness.verifier.checkStorage()
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        _ = try await harness.verifier.startChallenge(token: link.token, email: "team@example.com")
        _ = try await harness.verifier.startChallenge(token: link.token, email: "eve@evil.test")
        #expect(try await harness.verifier.mailQueueStatus() == MailQueueStatus(pending: 3, failed: 0))
        harness.delivery.failNext([.permanent("550 unknown user")])
        try await harness.dispatcher.deliverDue()
        #expect(try await harness.verifier.mailQueueStatus() == MailQueueStatus(pending: 0, failed: 1))
    }
}
