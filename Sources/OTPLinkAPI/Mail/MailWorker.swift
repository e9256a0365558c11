import LinkVerification
import Logging
import ServiceLifecycle

/// Runs the mail queue's ``MailDispatcher`` beside the server, in the application's ServiceGroup.
///
/// Every `interval`, and at once when the ``MailDoorbell`` rings (a call queued mail), it hands the due messages to the transport and counts what happened in
/// ``ServiceMetrics`` (`sent`, `retried`, `failed`). On graceful shutdown it finishes the pass in
/// progress, so no message is cut off mid-delivery, and stops; queued mail waits in the database.
/// On start it first makes the mail a killed run had in flight due again.
struct MailWorker: Service {
    let dispatcher: MailDispatcher
    let metrics: ServiceMetrics
    let interval: Duration
    let doorbell: MailDoorbell
    let logger: Logger

    func run() async throws {
        do {
            let released = try await dispatcher.releaseLeasesOfStoppedRun()
            if released > 0 {
                logger.notice("Mail left in flight by a stopped run is due again", metadata: ["mail.released": "\(released)"])
            }
        } catch {
            logger.error("Mail queue unavailable", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await deliverDueMail()
            // The wait ends early on a ring, on cancellation and on graceful shutdown.
            await cancelWhenGracefulShutdown {
                await doorbell.wait(upTo: interval)
            }
        }
    }

    /// One pass over the queue.
    func deliverDueMail() async {
        do {
            let report = try await dispatcher.deliverDue()
            for _ in 0..<report.delivered { metrics.mail("sent") }
            for _ in 0..<report.retried { metrics.mail("retried") }
            for _ in 0..<report.failed { metrics.mail("failed") }
            for _ in 0..<report.withheld { metrics.mail("withheld") }
            if report.failed > 0 {
                logger.warning("Mail given up", metadata: ["mail.failed": "\(report.failed)"])
            }
        } catch {
            logger.error("Mail queue unavailable", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
