import Foundation

/// One message as the SMTP client hands it over: the envelope's sender and recipient, and the
/// message itself (CRLF lines, not yet dot-stuffed).
struct SMTPEnvelope: Sendable, Equatable {
    /// The address for `MAIL FROM` (where bounces go).
    var sender: String
    /// The address for `RCPT TO`.
    var recipient: String
    /// The message, headers and body.
    var message: Data
}
