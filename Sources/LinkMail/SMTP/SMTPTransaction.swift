import Foundation

/// One mail transaction on an open SMTP session: (`RSET`), `MAIL FROM`, `RCPT TO`, `DATA`, the message.
///
/// When the server announces `PIPELINING` (RFC 2920) the commands up to `DATA` go out in one write and
/// their replies are read in order; otherwise each waits for its reply. Every write and reply stays
/// bounded by the session's timeout.
struct SMTPTransaction {
    /// How a transaction ended, and whether the connection can carry the next message.
    enum Outcome {
        /// The server accepted the message (2xx after the data).
        case delivered
        /// The server refused this message (4xx or 5xx to its own commands); the connection still works,
        /// and the next message starts with `RSET`.
        case refused(SMTPFailure)
        /// The connection is no longer usable: dropped, timed out, `421`, a broken reply, a refused `RSET`.
        case broken(SMTPFailure)
    }

    let envelope: SMTPEnvelope
    /// Whether the server announced `PIPELINING`.
    let pipelining: Bool
    /// Whether an earlier transaction ran on this connection (then `RSET` comes first).
    let resetFirst: Bool

    /// Runs the transaction; never throws, the outcome says what happened.
    func run(on session: inout SMTPSession) async -> Outcome {
        do throws(SMTPFailure) {
            if pipelining {
                try await sendPipelined(on: &session)
            } else {
                if resetFirst { try await session.expect(.reset) }
                try await session.expect(.mailFrom(envelope.sender))
                try await session.expect(.recipient(envelope.recipient))
                try await session.expect(.data, intermediate: true)
            }
            try await session.write(SMTPDataBlock.encode(envelope.message), step: "the message")
            try SMTPSession.check(try await session.reply(to: "end of data"), of: "end of data")
            return .delivered
        } catch {
            return Self.outcome(of: error)
        }
    }

    /// The commands up to `DATA` in one write, then their replies in order. The first refusal is the
    /// one that counts; a `354` that comes anyway (every recipient refused, yet `DATA` accepted) is
    /// answered with an empty message, which the server then rejects.
    private func sendPipelined(on session: inout SMTPSession) async throws(SMTPFailure) {
        var commands: [SMTPCommand] = resetFirst ? [.reset] : []
        commands += [.mailFrom(envelope.sender), .recipient(envelope.recipient), .data]
        try await session.write(Data(commands.map(\.line).joined().utf8), step: commands.map(\.name).joined(separator: ", "))
        var firstFailure: SMTPFailure?
        for command in commands {
            let reply: SMTPReply
            do throws(SMTPFailure) {
                reply = try await session.reply(to: command.name)
            } catch {
                throw firstFailure ?? error
            }
            if command == .data, reply.isIntermediate, firstFailure != nil {
                // The server waits for a message it will refuse: end the data at once, send nothing.
                try await session.write(Data(".\r\n".utf8), step: "an empty message")
                _ = try await session.reply(to: "end of data")
                continue
            }
            do throws(SMTPFailure) {
                try SMTPSession.check(reply, of: command.name, intermediate: command == .data)
            } catch {
                if firstFailure == nil { firstFailure = error }
            }
        }
        if let firstFailure { throw firstFailure }
    }

    /// A refusal of the message's own commands leaves the connection usable, unless it is `421`
    /// (the server is closing the channel); everything else ends the connection.
    private static func outcome(of failure: SMTPFailure) -> Outcome {
        if case .refused(let command, let reply) = failure, reply.code != 421,
           ["MAIL FROM", "RCPT TO", "DATA", "end of data"].contains(command) {
            return .refused(failure)
        }
        return .broken(failure)
    }
}
