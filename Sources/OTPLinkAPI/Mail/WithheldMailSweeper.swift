import LinkMail
import ServiceLifecycle

/// Empties the withheld mail sink's scratch folder every `interval`, beside the server in the
/// application's ServiceGroup.
///
/// The clock is its own, never a delivery's: deleting a withheld message right after writing it would
/// make the mail worker's pass after a stranger's challenge longer than after a recipient's. Also run
/// once at start, for what an earlier run left.
struct WithheldMailSweeper: Service {
    let sink: WithheldMailSink
    var interval: Duration = .seconds(1)

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await sink.removeWritten()
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: interval)
            }
        }
        await sink.removeWritten()
    }
}
