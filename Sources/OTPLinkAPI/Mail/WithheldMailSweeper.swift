import LinkMail
import Logging
import ServiceLifecycle

/// Empties the withheld mail sink's scratch folder every `interval`, beside the server in the
/// application's ServiceGroup.
///
/// The clock is its own, never a delivery's: deleting a withheld message right after writing it would
/// make the mail worker's pass after a stranger's challenge longer than after a recipient's. Also run
/// once at start, for what an earlier run left. A sweep that cannot delete is logged once, when it
/// starts failing, not every second after.
struct WithheldMailSweeper: Service {
    let sink: WithheldMailSink
    var interval: Duration = .seconds(1)
    let logger: Logger

    func run() async throws {
        var failing = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            failing = await sweep(failing: failing)
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: interval)
            }
        }
        _ = await sweep(failing: failing)
    }

    /// One sweep; returns whether it failed. A failure after a sweep that worked is logged.
    private func sweep(failing: Bool) async -> Bool {
        do {
            try await sink.removeWritten()
            return false
        } catch {
            if !failing {
                logger.error("Withheld mail cannot be deleted; it stays in the scratch folder", metadata: ["error": "\(error)"])
            }
            return true
        }
    }
}
