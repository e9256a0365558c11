import CoreMetrics
import LinkVerification
import Metrics
import Prometheus

/// The service's counters, exported in Prometheus' text format at `GET /metrics`.
///
/// Each application has its own registry (no global `MetricsSystem.bootstrap`), so several
/// applications in one process, as in the tests, count apart.
public struct ServiceMetrics: Sendable {
    /// The registry the counters live in.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Creates an empty registry.
    public init() {
        self.registry = PrometheusCollectorRegistry()
        self.factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Counts one answered request by route pattern (never the raw path), method and status,
    /// and records how long it took.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        requests(route: route, method: method, status: status).record(duration)
    }

    /// The counter and timer ``recordRequest(route:method:status:duration:)`` uses for these labels,
    /// looked up once, for a path that answers many requests alike and should not look them up each time.
    func requests(route: String, method: String, status: Int) -> RequestCount {
        RequestCount(
            counter: Counter(label: "otplink_http_requests_total",
                             dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory),
            timer: Metrics.Timer(label: "otplink_http_request_duration_seconds", dimensions: [("route", route)], factory: factory))
    }

    /// Where answered requests of one route, method and status are counted and timed.
    struct RequestCount: Sendable {
        let counter: CoreMetrics.Counter
        let timer: Metrics.Timer

        /// Counts one answered request that took `duration`.
        func record(_ duration: Duration) {
            counter.increment()
            timer.recordNanoseconds(duration.nanoseconds)
        }
    }

    /// Counts a started challenge (whatever the address; the count says nothing about it).
    func challengeStarted() { count("otplink_challenges_started_total") }
    /// Counts a code sent again for an existing challenge.
    func codeResent() { count("otplink_codes_resent_total") }
    /// Counts a correct code.
    func codeVerified() { count("otplink_codes_verified_total") }
    /// Counts a wrong code, an expired or locked challenge.
    func codeFailed() { count("otplink_codes_failed_total") }
    /// Counts a file handed out.
    func contentServed() { count("otplink_contents_served_total") }
    /// Counts a mail by what happened to it: `queued`, `sent`, `failed`.
    func mail(_ outcome: String) {
        Counter(label: "otplink_mails_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// Records how many messages wait in the mail queue (`pending`, including those waiting for a retry)
    /// and how many were given up (`failed`): a growing `pending` means the mail server is not taking mail.
    func mailQueue(_ status: MailQueueStatus) {
        Gauge(label: "otplink_mail_queue_messages", dimensions: [("state", "pending")], factory: factory)
            .record(status.pending)
        Gauge(label: "otplink_mail_queue_messages", dimensions: [("state", "failed")], factory: factory)
            .record(status.failed)
    }

    /// The registry in Prometheus' text exposition format.
    func exposition() -> String {
        registry.emitToString()
    }

    private func count(_ label: String) {
        Counter(label: label, factory: factory).increment()
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000
    }
}
