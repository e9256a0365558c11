import LinkStorage
import LinkVerification
import Logging

/// The verification service on its storage, built the same way for `serve` and for the admin commands:
/// the policy checked, the data folder's permissions made the owner's only, the store, files and secret
/// opened (the schema migrated), and the ``LinkVerifier`` over them.
struct LinkService {
    /// What ``StorageSettings/open()`` opened.
    let storage: StorageSettings.Opened
    /// The domain's rules on that storage.
    let verifier: LinkVerifier

    /// Opens the service; a file or folder others could read is made private and logged to `logger`;
    /// `mailObserver` is told of the mail the service queues (the server's doorbell and metrics).
    static func open(
        storage settings: StorageSettings, policy: Policy, clock: any WallClock, logger: Logger? = nil,
        mailObserver: (any MailQueueObserver)? = nil
    ) async throws -> LinkService {
        try policy.validate()
        for path in try settings.dataFolder.prepare() {
            logger?.warning("Others could read \(path): its permissions are now the owner's only")
        }
        let storage = try await settings.open()
        let verifier = try LinkVerifier(
            store: storage.store, files: storage.files, secret: storage.secret, policy: policy, clock: clock, mailObserver: mailObserver)
        return LinkService(storage: storage, verifier: verifier)
    }
}
