import LinkVerification

/// When the mail worker warns that mail is not going out, and when that it goes out again.
///
/// A dead or refusing relay must not stay silent until the queue gives a message up (an hour and more
/// with the default policy): the first failed attempt of a message raises a warning at once. While
/// delivery keeps failing, further first failures warn at most once per ``quietPeriod`` (a relay down
/// all night writes a few lines, not one per code mail); the first pass that delivers with no failure
/// after that says once that delivery recovered. Warnings carry the transport's words (an SMTP reply, a
/// refused connection) and counts, never a message's content.
struct DeliveryAlarm {
    /// What the worker logs after a pass.
    enum Warning: Equatable {
        /// `messages` first attempts failed (`suppressed` more since the last warning went unlogged); `reason` is the last failure's.
        case failing(messages: Int, suppressed: Int, reason: String)
        /// Delivery works again after `failures` failed attempts.
        case recovered(failures: Int)
    }

    /// The shortest time between two warnings that delivery is failing.
    let quietPeriod: Duration
    private var failing = false
    private var lastWarning: ContinuousClock.Instant?
    private var suppressed = 0
    private var failuresSinceHealthy = 0

    /// An alarm that repeats its failure warning at most once per `quietPeriod`.
    init(quietPeriod: Duration = .seconds(600)) {
        self.quietPeriod = quietPeriod
    }

    /// Takes in what a pass did at `now`; returns what to log, if anything.
    mutating func observe(_ report: MailDispatcher.Report, at now: ContinuousClock.Instant) -> Warning? {
        let failures = report.retried + report.failed
        if failures > 0 {
            failing = true
            failuresSinceHealthy += failures
            guard report.firstAttemptFailures > 0, let reason = report.lastFailure else { return nil }
            if let lastWarning, now - lastWarning < quietPeriod {
                suppressed += report.firstAttemptFailures
                return nil
            }
            defer { suppressed = 0 }
            lastWarning = now
            return .failing(messages: report.firstAttemptFailures, suppressed: suppressed, reason: reason)
        }
        guard failing, report.delivered > 0 else { return nil }
        defer {
            failing = false
            failuresSinceHealthy = 0
            lastWarning = nil
            suppressed = 0
        }
        return .recovered(failures: failuresSinceHealthy)
    }
}
