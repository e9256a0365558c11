import Foundation
import LinkVerification

/// Delivers mail through an SMTP server (a relay such as Postfix, or a mail provider).
///
/// One connection per message. A 5xx reply to the message's own commands is
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

    /// Composes `mail` and hands it to the server.
    public func deliver(_ mail: OutgoingMail) async throws {
        let message: ComposedMessage
        do {
            message = try composer.compose(mail)
        } catch {
            throw MailDeliveryFailure.permanent("mail \(mail.id): \(error)")
        }
        do {
            try await client.send(message.data, from: message.sender.address, to: message.recipient.address)
        } catch {
            throw error.deliveryFailure
        }
    }
}
