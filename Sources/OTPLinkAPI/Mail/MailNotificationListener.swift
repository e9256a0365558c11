import LinkStorage
import ServiceLifecycle

/// Rings the ``MailDoorbell`` whenever any instance on the shared PostgreSQL database queues mail
/// (`LISTEN`/`NOTIFY`), so whichever worker is free sends a code at once, not at its next poll.
struct MailNotificationListener: Service {
    let store: PostgresLinkStore
    let doorbell: MailDoorbell

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await store.listenForMail { doorbell.ring() }
        }
    }
}
