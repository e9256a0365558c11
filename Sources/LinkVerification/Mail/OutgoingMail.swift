import Foundation

/// A message the service has decided to send, before it is rendered into an email.
///
/// The domain queues these durably and a worker hands them to a ``MailDelivery``;
/// rendering (templates, MIME) and transport (outbox folder, SMTP) live outside the domain.
public struct OutgoingMail: Sendable, Codable, Equatable {
    /// What the message says.
    public enum Content: Sendable, Codable, Equatable {
        /// The one-time code of a challenge, valid until `expiresAt`.
        case code(code: String, expiresAt: Date)
        /// A file was shared with the recipient as a security link that opens at `url`.
        case linkShared(sender: String, fileName: String, url: String, expiresAt: Date)
    }

    /// Identifies the message across retries (becomes the basis of its `Message-ID`).
    public var id: UUID
    /// The address the message goes to (a person or a mailing list).
    public var recipient: String
    /// The locale of the link (`en`, `ko`, …): the templates' language.
    public var locale: String
    /// What the message says.
    public var content: Content
    /// A code for an address that may not open the link: it goes through every step a sent code goes
    /// through (queued, leased, composed, written) but to a ``MailDispatcher``'s withheld sink, never to
    /// the address. Kept inside the sealed payload, so the queue's rows look alike.
    public var withheld: Bool

    /// Creates a message.
    public init(id: UUID = UUID(), recipient: String, locale: String, content: Content, withheld: Bool = false) {
        self.id = id
        self.recipient = recipient
        self.locale = locale
        self.content = content
        self.withheld = withheld
    }

    private enum CodingKeys: String, CodingKey { case id, recipient, locale, content, withheld }

    /// Decodes a message; one queued before ``withheld`` existed is not withheld.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(UUID.self, forKey: .id),
            recipient: try container.decode(String.self, forKey: .recipient),
            locale: try container.decode(String.self, forKey: .locale),
            content: try container.decode(Content.self, forKey: .content),
            withheld: try container.decodeIfPresent(Bool.self, forKey: .withheld) ?? false)
    }
}
