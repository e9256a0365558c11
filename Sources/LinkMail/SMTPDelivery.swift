import Foundation
import LinkVerification

/// Delivers mail through an SMTP server (a relay such as Postfix, or a mail provider).
///
/// A batch (the queue's due messages) shares one connection, with pipelining where the server offers
/// it and `RSET` between messages. A 5xx reply to the message's own commands is
/// ``MailDeliveryFailure/permanent(_:)``; 4xx replies, connection, TLS and login trouble are
/// ``MailDeliveryFailure/transient(_:)``, so the queue retries with backoff. Errors never show the password.
public struct SMTPDelivery: MailDelivery {
    private let client: SMTPClient
    private let composer: MessageComposer

    /// Prepares delivery through the server `configuration` names (TLS set up once, here).
    ///
    /// - Throws: ``SMTPConfigurationError`` when the TLS settings cannot be used.
    public init(configuration: SMTPConfiguration, composer: MessageComposer) throws(SMTPConfigurationError) {
        self.client = try SMTPClient(configuration: configuration)
        self.composer = composer
    }

    /// The server, without the password.
    public var server: String { client.configuration.description }

    /// Composes `mail` and hands it to the server on a connection of its own.
    public func deliver(_ mail: OutgoingMail) async throws {
        var failure: MailDeliveryFailure?
        await deliver(batch: [mail]) { _, result in failure = result }
        if let failure { throw failure }
    }

    /// Composes every message of `batch` and hands them to the server in order over one connection
    /// (a new one only when it breaks), reporting each as soon as the server has answered for it.
    public func deliver(batch: [OutgoingMail], outcome: (OutgoingMail, MailDeliveryFailure?) async -> Void) async {
        var composed: [(mail: OutgoingMail, envelope: SMTPEnvelope)] = []
        for mail in batch {
            do {
                let message = try composer.compose(mail)
                composed.append((mail, SMTPEnvelope(sender: message.sender.address, recipient: message.recipient.address, message: message.data)))
            } catch {
                await outcome(mail, .permanent("mail \(mail.id): \(error)"))
            }
        }
        await client.send(composed.map(\.envelope)) { index, failure in
            await outcome(composed[index].mail, failure?.deliveryFailure)
        }
    }
}
