import LinkVerification
import Logging
import ServiceLifecycle

/// Deletes what no rule needs any more (``LinkVerifier/purgeExpired()``) once at start and then every
/// `interval`, beside the server in the application's ServiceGroup.
///
/// Old code digests, wrong-code records, expired grants and challenges, and mail given up long ago would
/// otherwise pile up in the database for ever; links, files and the audit trail are never touched.
struct RetentionSweeper: Service {
    let verifier: LinkVerifier
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await sweep()
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One sweep; a failure is logged and the next sweep tries again.
    func sweep() async {
        do {
            let deleted = try await verifier.purgeExpired()
            if deleted > 0 {
                logger.info("Expired records deleted", metadata: ["records.deleted": "\(deleted)"])
            }
        } catch {
            logger.error("Retention sweep failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
        }
    }
}
