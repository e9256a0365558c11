import LinkVerification

/// What the server does when mail is queued, wherever it was queued: counts it
/// (`otplink_mails_total{outcome="queued"}`) and rings the ``MailDoorbell`` so the worker sends it at once.
struct MailQueueSignals: MailQueueObserver {
    let doorbell: MailDoorbell
    let metrics: ServiceMetrics

    func mailQueued(_ count: Int) {
        for _ in 0..<count { metrics.mail("queued") }
        doorbell.ring()
    }
}
