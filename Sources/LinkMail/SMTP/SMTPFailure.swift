import LinkVerification

/// Why a message did not reach the SMTP server, and whether trying again may help.
enum SMTPFailure: Error, Sendable, CustomStringConvertible {
    /// The server answered a command with 4xx or 5xx.
    case refused(command: String, reply: SMTPReply)
    /// The server answered with a code that makes no sense at this step (a 3xx to `MAIL FROM`).
    case unexpectedReply(command: String, reply: SMTPReply)
    /// No connection, a TLS failure, or the connection dropped.
    case connection(String)
    /// The server did not answer in time.
    case timedOut(step: String, seconds: Double)
    /// STARTTLS is required but the server does not offer it.
    case startTLSNotOffered
    /// Credentials are configured but the server offers neither `AUTH PLAIN` nor `AUTH LOGIN`.
    case noUsableAuthMechanism(offered: Set<String>)

    var description: String {
        switch self {
        case .refused(let command, let reply): return "\(command) refused: \(reply.code) \(reply.lines.joined(separator: " "))"
        case .unexpectedReply(let command, let reply): return "unexpected reply to \(command): \(reply.code) \(reply.lines.joined(separator: " "))"
        case .connection(let reason): return reason
        case .timedOut(let step, let seconds): return "no answer to \(step) within \(seconds) s"
        case .startTLSNotOffered: return "the server does not offer STARTTLS, which is required (add ?starttls=off only for a trusted local relay)"
        case .noUsableAuthMechanism(let offered):
            return "the server offers no AUTH mechanism this client speaks (PLAIN, LOGIN); it offers: \(offered.sorted().joined(separator: ", "))"
        }
    }

    /// `error` itself when it is one, else a connection failure that describes it.
    static func from(_ error: any Error) -> SMTPFailure {
        error as? SMTPFailure ?? .connection(SMTPSession.describe(error))
    }

    /// A 5xx to the message's own commands (`MAIL FROM`, `RCPT TO`, `DATA`, the message itself) is
    /// permanent: this message will never be accepted. Everything else (4xx, connection and TLS
    /// trouble, a refused login or greeting) is transient: the server or its configuration may be
    /// fixed, and the message stays queued until then.
    var deliveryFailure: MailDeliveryFailure {
        if case .refused(let command, let reply) = self, reply.isPermanentFailure,
           ["MAIL FROM", "RCPT TO", "DATA", "end of data"].contains(command) {
            return .permanent("SMTP: \(description)")
        }
        return .transient("SMTP: \(description)")
    }
}
