import LinkMail

/// Where the mail worker hands messages: the outbox folder (default) or an SMTP server.
public enum MailTransport: Sendable, Equatable, CustomStringConvertible {
    /// Each message an `.eml` file in `<data>/outbox/` (development, tests).
    case outbox
    /// Each message to the SMTP server of the configuration (`--smtp-url`).
    case smtp(SMTPConfiguration)

    /// The transport for logs; never shows a password.
    public var description: String {
        switch self {
        case .outbox: "outbox"
        case .smtp(let configuration): configuration.description
        }
    }
}
