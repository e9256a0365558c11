import Foundation

/// A mail written out as an RFC 5322 message, ready for the outbox or an SMTP `DATA` command.
public struct ComposedMessage: Sendable, Equatable {
    /// The id of the ``OutgoingMail`` it was made from.
    public let id: UUID
    /// The `Message-ID` header's value, angle brackets included: the same on every retry of the mail.
    public let messageID: String
    /// The envelope sender (the `From` address).
    public let sender: MailboxAddress
    /// The envelope recipient (the `To` address).
    public let recipient: MailboxAddress
    /// The whole message: headers and MIME body, CRLF line endings, 7-bit ASCII, no line over 78 characters.
    public let data: Data
}
