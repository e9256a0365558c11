import Foundation
import LinkVerification
import Logging
import Testing
@testable import OTPLinkAPI

/// A transport that keeps what it is given.
private final class KeptMail: MailDelivery, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [OutgoingMail] = []

    var recipients: [String] { lock.withLock { kept.map(\.recipient) } }

    func deliver(_ mail: OutgoingMail) async throws {
        lock.withLock { kept.append(mail) }
    }
}

@Suite("The mail worker: woken by whatever queues mail, counting it, stopping when cancelled")
struct MailWorkerTests {
    @Test("mail queued by the verifier (a challenge, a notifying link) wakes the worker at once, is counted queued and sent; cancelling stops it")
    func queuedMailWakesTheWorker() async throws {
        let store = InMemoryLinkStore()
        let secret = ServerSecret.generate()
        let doorbell = MailDoorbell()
        let metrics = ServiceMetrics()
        let verifier = try LinkVerifier(
            store: store, files: InMemoryFileStorage(), secret: secret,
            mailObserver: MailQueueSignals(doorbell: doorbell, metrics: metrics))
        let delivery = KeptMail()
        let worker = MailWorker(
            dispatcher: MailDispatcher(store: store, delivery: delivery, secret: secret),
            metrics: metrics, interval: .seconds(3600), doorbell: doorbell, logger: Logger(label: "mail-worker-test"))
        let running = Task { try await worker.run() }

        // The worker's first pass finds nothing; without a ring its next pass is an hour away.
        try await Task.sleep(for: .milliseconds(200))
        let file = try await verifier.storeFile(name: "plan.pdf", bytes: Data("%PDF".utf8))
        let link = try await verifier.createLink(
            fileID: file.id, recipients: ["carol@example.com", "dave@example.com"], sender: "boss@example.com",
            notify: true, siteURL: "https://help.example.com")
        _ = try await verifier.startChallenge(token: link.token, email: "carol@example.com")
        for _ in 0..<250 where delivery.recipients.count < 3 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(delivery.recipients.sorted() == ["carol@example.com", "carol@example.com", "dave@example.com"])
        let text = metrics.exposition()
        #expect(text.contains(#"otplink_mails_total{outcome="queued"} 3"#), "\(text)")
        #expect(text.contains(#"otplink_mails_total{outcome="sent"} 3"#), "\(text)")

        running.cancel()
        _ = await running.result  // Returns: the worker stops on cancellation.
        #expect(try await store.read { try $0.queuedMail() }.isEmpty)
    }
}
