import Foundation
import Testing
import LinkStorage
import LinkVerification

/// The dispatcher hands its due messages over as one batch and records each outcome as it arrives.
struct MailBatchTests {
    @Test("one batch per pass; each outcome is recorded before the next message goes, so a crash resends at most one", arguments: StoreKind.allCases)
    func recordsAsOutcomesArrive(_ kind: StoreKind) async throws {
        let harness = try await Harness(kind)
        defer { harness.removeFolder() }
        let link = try await harness.share()
        _ = try await harness.verifier.startChallenge(token: link.token, email: "carol@customer.net")
        _ = try await harness.verifier.startChallenge(token: link.token, email: "team@example.com")
        let delivery = BatchDelivery(store: harness.store, refusing: "team@example.com")
        let dispatcher = MailDispatcher(store: harness.store, delivery: delivery, secret: harness.secret, policy: harness.policy, clock: harness.clock)

        #expect(try await dispatcher.deliverDue() == .init(delivered: 1, failed: 1, firstAttemptFailures: 1, lastFailure: "550 no such user"))
        #expect(delivery.batchSizes == [2], "both due messages in one hand-over")
        #expect(delivery.pendingBeforeEachReport == [2, 1], "the first outcome was stored before the second message went")
        let queue = try await harness.store.read { try $0.queuedMail() }
        #expect(queue.count == 1)
        #expect(queue.first?.failedAt != nil)
        let kinds = try await harness.verifier.events(linkID: link.linkID).map(\.kind)
        #expect(kinds.filter { $0 == .mailSent }.count == 1)
        #expect(kinds.filter { $0 == .mailFailed }.count == 1)
        #expect(try await dispatcher.deliverDue() == .init(), "nothing left to do")
    }
}

/// A transport that takes a whole batch in one call, refuses one address permanently, and notes before
/// each report how many messages still wait in the queue.
final class BatchDelivery: MailDelivery, @unchecked Sendable {
    private let store: any LinkStore
    private let refused: String
    private let lock = NSLock()
    private var sizes: [Int] = []
    private var pending: [Int] = []

    init(store: any LinkStore, refusing refused: String) {
        self.store = store
        self.refused = refused
    }

    var batchSizes: [Int] { lock.withLock { sizes } }
    var pendingBeforeEachReport: [Int] { lock.withLock { pending } }

    func deliver(_ mail: OutgoingMail) async throws {
        Issue.record("the dispatcher should hand over batches")
    }

    func deliver(batch: [OutgoingMail], outcome: (OutgoingMail, MailDeliveryFailure?) async -> Void) async {
        lock.withLock { sizes.append(batch.count) }
        for mail in batch {
            let waiting = (try? await store.read { try $0.queuedMail() }.filter { $0.failedAt == nil }.count) ?? -1
            lock.withLock { pending.append(waiting) }
            await outcome(mail, mail.recipient == refused ? .permanent("550 no such user") : nil)
        }
    }
}
