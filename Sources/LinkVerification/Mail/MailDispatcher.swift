import Foundation

/// The mail queue's worker: takes due messages from the store and hands them to a ``MailDelivery``.
///
/// Delivery is at least once: a message leaves the queue only after its delivery returned. A
/// ``MailDeliveryFailure/transient(_:)`` failure is retried with exponential backoff
/// (``Policy/mailRetryBaseDelay`` doubled per attempt, at most ``Policy/mailRetryMaximumDelay``) up to
/// ``Policy/mailDeliveryAttempts``; a ``MailDeliveryFailure/permanent(_:)`` one stops at once. Given-up
/// messages stay in the queue marked failed, with a `mail_failed` audit event. A taken message is leased
/// for ``Policy/mailLease`` so that two dispatchers never hand it over at the same time, and the lease
/// is renewed every third of that while the pass is handing it over: a slow server keeps its mail, and
/// the mail of a dispatcher that died (an instance SIGKILLed) is taken by another within one short lease.
///
/// A ``OutgoingMail/withheld`` message (a code for an address that may not open its link) takes the same
/// path — leased, opened, handed to a transport, removed from the queue — but its transport is
/// `withheldSink`, which does a delivery's work and sends nothing. The queue's rows do not say which is
/// which; only the sealed payload does. So what the worker does after a challenge does not depend on
/// whether the address may open the link.
public struct MailDispatcher: Sendable {
    /// What one ``deliverDue()`` pass did.
    public struct Report: Sendable, Equatable {
        /// Messages handed over successfully.
        public var delivered = 0
        /// Messages that failed transiently and will be retried.
        public var retried = 0
        /// Messages given up.
        public var failed = 0
        /// Withheld messages that went through the withheld sink.
        public var withheld = 0
        /// Messages whose first attempt failed in this pass (retried or given up).
        public var firstAttemptFailures = 0
        /// Why the pass's last failed attempt failed: the transport's words (an SMTP reply, a refused
        /// connection), never the message's content.
        public var lastFailure: String?

        /// Creates a report.
        public init(
            delivered: Int = 0, retried: Int = 0, failed: Int = 0, withheld: Int = 0,
            firstAttemptFailures: Int = 0, lastFailure: String? = nil
        ) {
            self.delivered = delivered
            self.retried = retried
            self.failed = failed
            self.withheld = withheld
            self.firstAttemptFailures = firstAttemptFailures
            self.lastFailure = lastFailure
        }
    }

    let store: any LinkStore
    let delivery: any MailDelivery
    let withheldSink: any MailDelivery
    let secret: ServerSecret
    let policy: Policy
    let clock: any WallClock
    let batchSize: Int
    let onError: @Sendable (any Error) -> Void

    /// Creates a dispatcher.
    ///
    /// - Parameters:
    ///   - withheldSink: where withheld messages go (``DiscardingDelivery`` by default; the server uses a
    ///     sink that does the transport's work).
    ///   - batchSize: messages taken per pass.
    ///   - onError: told about store failures while a pass records an outcome (the pass keeps going);
    ///     never given mail content.
    public init(
        store: any LinkStore, delivery: any MailDelivery, withheldSink: any MailDelivery = DiscardingDelivery(),
        secret: ServerSecret, policy: Policy = Policy(),
        clock: any WallClock = SystemClock(), batchSize: Int = 20,
        onError: @escaping @Sendable (any Error) -> Void = { _ in }
    ) {
        self.store = store
        self.delivery = delivery
        self.withheldSink = withheldSink
        self.secret = secret
        self.policy = policy
        self.clock = clock
        self.batchSize = max(1, batchSize)
        self.onError = onError
    }

    /// Delivers the messages due now, one batch: one pass of the server's mail worker (tests call it directly).
    @discardableResult
    public func deliverDue() async throws -> Report {
        let now = clock.now()
        let lease = policy.mailLease
        let limit = batchSize
        let taken = try await store.write { tx -> [QueuedMail] in
            var taken: [QueuedMail] = []
            for var mail in try tx.dueMail(now: now, limit: limit) {
                mail.attempts += 1
                mail.nextAttemptAt = now.addingTimeInterval(lease)
                try tx.updateMail(mail)
                taken.append(mail)
            }
            return taken
        }
        let leases = MailLeases(taken)
        let renewal = taken.isEmpty ? nil : Task { await keepLeases(leases) }
        defer { renewal?.cancel() }
        var report = Report()
        var batch: [OutgoingMail] = []
        var withheld: [OutgoingMail] = []
        var queuedByID: [UUID: QueuedMail] = [:]
        for queued in taken {
            do {
                let mail = try opened(queued)
                if mail.withheld { withheld.append(mail) } else { batch.append(mail) }
                queuedByID[queued.id] = queued
            } catch {
                report.count(await record(queued, failure: .permanent("the queued message cannot be opened with this server secret"), mail: nil, leases: leases))
            }
        }
        // One hand-over for the whole batch (one SMTP connection); each message is recorded as soon as
        // its fate is known, so a crash in the middle sends again at most the message in flight.
        await delivery.deliver(batch: batch) { mail, failure in
            guard let queued = queuedByID.removeValue(forKey: mail.id) else { return }  // Once per message.
            if let failure {
                report.count(await record(queued, failure: failure, mail: mail, leases: leases))
            } else {
                report.count(await recordHandedOver(queued, mail: mail, leases: leases))
            }
        }
        // Withheld messages are never retried: whatever the sink did, they leave the queue.
        await withheldSink.deliver(batch: withheld) { mail, _ in
            guard let queued = queuedByID.removeValue(forKey: mail.id) else { return }
            report.count(await recordHandedOver(queued, mail: mail, leases: leases))
        }
        return report
    }

    /// Makes the first delivery attempts a stopped dispatcher had leased due again now; call it once, at start.
    ///
    /// A server killed mid-pass (SIGKILL, power cut) leaves the messages it had taken leased for
    /// ``Policy/mailLease``: without this a code mail would wait minutes after the restart. Only first
    /// attempts are released (no ``QueuedMail/lastError``): a retried message's later attempt time may be
    /// its back-off. Were another dispatcher running on the same store, a message it is handing over now
    /// could go out twice, which delivery already allows (at least once; the `Message-ID` stays the same).
    /// Returns how many messages were released.
    @discardableResult
    public func releaseLeasesOfStoppedRun() async throws -> Int {
        let now = clock.now()
        return try await store.write { tx -> Int in
            var released = 0
            for var mail in try tx.queuedMail()
            where mail.failedAt == nil && mail.lastError == nil && mail.attempts > 0 && mail.nextAttemptAt > now {
                mail.attempts -= 1
                mail.nextAttemptAt = now
                try tx.updateMail(mail)
                released += 1
            }
            return released
        }
    }

    /// What became of one message; a failure carries whether it was the message's first attempt and why.
    fileprivate enum Outcome: Equatable {
        case delivered, withheld
        case retried(firstAttempt: Bool, reason: String)
        case failed(firstAttempt: Bool, reason: String)
    }

    /// Renews the leases of the messages `leases` still holds every third of ``Policy/mailLease``, until cancelled.
    private func keepLeases(_ leases: MailLeases) async {
        let lease = policy.mailLease
        while true {
            do {
                try await Task.sleep(for: .seconds(lease / 3))
            } catch {
                return
            }
            let until = clock.now().addingTimeInterval(lease)
            do {
                try await store.write { tx in
                    for var mail in leases.stillHeld() {
                        mail.nextAttemptAt = until
                        try tx.updateMail(mail)
                    }
                }
            } catch {
                onError(error)  // The lease may expire and the message go out twice: at least once.
            }
        }
    }

    /// Records a message its transport took: it leaves the queue, with a `mail_sent` event, or
    /// `mail_withheld` for the withheld sink. Both write the same rows, so the worker's work after a
    /// challenge does not depend on whether the address may open the link.
    private func recordHandedOver(_ queued: QueuedMail, mail: OutgoingMail, leases: MailLeases) async -> Outcome {
        let now = clock.now()
        do {
            try await store.write { tx in
                leases.release(queued.id)
                try tx.deleteMail(id: queued.id)
                if let linkID = queued.linkID {
                    try tx.appendEvent(AuditEvent(
                        at: now, linkID: linkID, kind: mail.withheld ? .mailWithheld : .mailSent,
                        address: EmailAddress(mail.recipient), detail: mail.content.kindName))
                }
            }
        } catch {
            onError(error)  // The lease expires and the message goes out again: at least once.
        }
        return mail.withheld ? .withheld : .delivered
    }

    private func record(_ queued: QueuedMail, failure: MailDeliveryFailure, mail: OutgoingMail?, leases: MailLeases) async -> Outcome {
        let now = clock.now()
        var updated = queued
        let outcome: Outcome
        switch failure {
        case .transient(let reason) where queued.attempts < policy.mailDeliveryAttempts:
            let delay = min(policy.mailRetryBaseDelay * pow(2, Double(queued.attempts - 1)), policy.mailRetryMaximumDelay)
            updated.nextAttemptAt = now.addingTimeInterval(delay)
            updated.lastError = reason
            outcome = .retried(firstAttempt: queued.attempts == 1, reason: reason)
        case .transient(let reason), .permanent(let reason):
            updated.failedAt = now
            updated.lastError = reason
            outcome = .failed(firstAttempt: queued.attempts == 1, reason: reason)
        }
        let final = updated
        do {
            try await store.write { tx in
                leases.release(final.id)
                try tx.updateMail(final)
                if case .failed = outcome, let linkID = final.linkID {
                    try tx.appendEvent(AuditEvent(
                        at: now, linkID: linkID, kind: .mailFailed, address: mail.flatMap { EmailAddress($0.recipient) },
                        detail: "\(mail?.content.kindName ?? "mail") after \(final.attempts) attempt\(final.attempts == 1 ? "" : "s"): \(final.lastError ?? "")"))
                }
            }
        } catch {
            onError(error)
        }
        return outcome
    }

    private func opened(_ queued: QueuedMail) throws -> OutgoingMail {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(OutgoingMail.self, from: secret.open(queued.sealedPayload, context: queued.id.uuidString))
    }
}

extension OutgoingMail.Content {
    /// `code` or `notification`, for audit events.
    var kindName: String {
        switch self {
        case .code: "code"
        case .linkShared: "notification"
        }
    }
}

extension MailDispatcher.Report {
    fileprivate mutating func count(_ outcome: MailDispatcher.Outcome) {
        switch outcome {
        case .delivered: delivered += 1
        case .withheld: withheld += 1
        case .retried(let firstAttempt, let reason):
            retried += 1
            noteFailure(firstAttempt: firstAttempt, reason: reason)
        case .failed(let firstAttempt, let reason):
            failed += 1
            noteFailure(firstAttempt: firstAttempt, reason: reason)
        }
    }

    private mutating func noteFailure(firstAttempt: Bool, reason: String) {
        if firstAttempt { firstAttemptFailures += 1 }
        lastFailure = reason
    }
}
