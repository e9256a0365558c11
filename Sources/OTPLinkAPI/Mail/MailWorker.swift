import LinkVerification
import Logging
import ServiceLifecycle

/// Runs the mail queue's ``MailDispatcher`` beside the server, in the application's ServiceGroup.
///
/// Every `interval`, and at once when the ``MailDoorbell`` rings (a call queued mail), it hands the due messages to the transport and counts what happened in
/// ``ServiceMetrics`` (`sent`, `retried`, `failed`). On graceful shutdown it finishes the pass in
/// progress, so no message is cut off mid-delivery, and stops; queued mail waits in the database.
/// On start it first makes the mail a killed run had in flight due again — only when it is the queue's
/// one worker (SQLite): on a database shared by several instances another worker may be sending that
/// mail now, and a killed instance's mail comes due when its short lease runs out.
struct MailWorker: Service {
    let dispatcher: MailDispatcher
    let metrics: ServiceMetrics
    let interval: Duration
    let doorbell: MailDoorbell
    let logger: Logger
    /// Whether this worker is the queue's only one, so mail leased at its start was left by its own killed run.
    var onlyWorker = true

    func run() async throws {
        if onlyWorker {
            await releaseLeasesOfStoppedRun()
        }
        var alarm = DeliveryAlarm()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await deliverDueMail(alarm: &alarm)
            // The wait ends early on a ring, on cancellation and on graceful shutdown.
            await cancelWhenGracefulShutdown {
                await doorbell.wait(upTo: interval)
            }
        }
    }

    /// Makes the first attempts a killed run of this worker had leased due again.
    private func releaseLeasesOfStoppedRun() async {
        do {
            let released = try await dispatcher.releaseLeasesOfStoppedRun()
            if released > 0 {
                logger.notice("Mail left in flight by a stopped run is due again", metadata: ["mail.released": "\(released)"])
            }
        } catch {
            logger.error("Mail queue unavailable", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }

    /// One pass over the queue; `alarm` decides whether failing or recovered delivery is worth a warning.
    func deliverDueMail(alarm: inout DeliveryAlarm) async {
        do {
            let report = try await dispatcher.deliverDue()
            for _ in 0..<report.delivered { metrics.mail("sent") }
            for _ in 0..<report.retried { metrics.mail("retried") }
            for _ in 0..<report.failed { metrics.mail("failed") }
            for _ in 0..<report.withheld { metrics.mail("withheld") }
            switch alarm.observe(report, at: .now) {
            case .failing(let messages, let suppressed, let reason):
                logger.warning("Mail delivery failing; the mail stays queued and is retried", metadata: [
                    "mail.failing": "\(messages)", "mail.unlogged": "\(suppressed)", "mail.reason": "\(reason)",
                ])
            case .recovered(let failures):
                logger.warning("Mail delivery recovered", metadata: ["mail.failed_attempts": "\(failures)"])
            case nil:
                break
            }
            if report.failed > 0 {
                logger.warning("Mail given up", metadata: ["mail.failed": "\(report.failed)"])
            }
        } catch {
            logger.error("Mail queue unavailable", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
