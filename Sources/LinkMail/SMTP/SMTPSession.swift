import Foundation
import NIOCore
import NIOSSL

/// One SMTP conversation over an open connection: commands out, replies in; each write and each
/// wait for a reply is bounded by the configured timeout (the connection is closed when it passes).
///
/// The timeout measures the server, not this process: a timer that fires while the awaited reply
/// already waits in the connection's buffer, or while the connection still takes writes, closes nothing.
struct SMTPSession {
    private let channel: Channel
    private var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    /// The replies that arrived, counted on the event loop; `taken` of them were read here.
    private let tally: SMTPReplyTally
    private var taken = 0
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let timeout: Double
    /// Which step's timer closed the connection, if one did (a timer may fire just after its step ended).
    private let expiry = Expiry()

    init(channel: NIOAsyncChannel<SMTPReply, ByteBuffer>, inbound: NIOAsyncChannelInboundStream<SMTPReply>,
         outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, tally: SMTPReplyTally, timeout: Double) {
        self.channel = channel.channel
        self.replies = inbound.makeAsyncIterator()
        self.tally = tally
        self.outbound = outbound
        self.timeout = timeout
    }

    /// Waits for the next reply; closes the connection when none comes in time.
    mutating func reply(to step: String) async throws(SMTPFailure) -> SMTPReply {
        let awaited = taken + 1
        let tally = self.tally
        let timer = armTimeout(for: step) { tally.arrived < awaited }
        defer { timer.cancel() }
        do {
            if let reply = try await replies.next() {
                taken += 1
                try throwIfTimedOut()
                return reply
            }
        } catch let failure as SMTPFailure {
            throw failure
        } catch {
            try throwIfTimedOut()
            throw .connection("connection lost waiting for the reply to \(step): \(Self.describe(error))")
        }
        try throwIfTimedOut()
        throw .connection("the server closed the connection instead of answering \(step)")
    }

    /// Sends `command` and returns the server's reply, whatever its code.
    mutating func send(_ command: SMTPCommand) async throws(SMTPFailure) -> SMTPReply {
        try await write(Data(command.line.utf8), step: command.name)
        return try await reply(to: command.name)
    }

    /// Sends `command` and insists on a 2xx reply (or 3xx when `intermediate`).
    @discardableResult
    mutating func expect(_ command: SMTPCommand, intermediate: Bool = false) async throws(SMTPFailure) -> SMTPReply {
        let reply = try await send(command)
        try Self.check(reply, of: command.name, intermediate: intermediate)
        return reply
    }

    /// Writes raw bytes (the message after `DATA`).
    mutating func write(_ bytes: Data, step: String) async throws(SMTPFailure) {
        let channel = self.channel
        let timer = armTimeout(for: "sending \(step)") { !channel.isWritable }
        defer { timer.cancel() }
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            try throwIfTimedOut()
            // A write fails because the channel closed; why it closed (a failed TLS handshake, say) waits
            // in the inbound stream, which ends at once on a closed channel.
            var cause: any Error = error
            do { _ = try await replies.next() } catch let reason { cause = reason }
            throw .connection("cannot send \(step): \(Self.describe(cause))")
        }
    }

    /// Closes the connection when `step`, starting now, takes longer than the timeout and
    /// `serverIsLate` (asked on the event loop when the time is up) says the server is the one waited for.
    private func armTimeout(for step: String, serverIsLate: @escaping @Sendable () -> Bool) -> Scheduled<Void> {
        let expiry = self.expiry
        let channel = self.channel
        return channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            guard serverIsLate() else { return }
            expiry.record(step)
            channel.close(promise: nil)
        }
    }

    /// Throws ``SMTPFailure/timedOut(step:seconds:)`` for the step whose timer closed the connection.
    private func throwIfTimedOut() throws(SMTPFailure) {
        if let step = expiry.step { throw .timedOut(step: step, seconds: timeout) }
    }

    /// Puts TLS under the conversation (after `STARTTLS` was accepted); the handshake runs with the next write.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(SMTPFailure) {
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw .connection("cannot start TLS: \(Self.describe(error))")
        }
    }

    /// Throws unless `reply` is 2xx (or 3xx when `intermediate`).
    static func check(_ reply: SMTPReply, of step: String, intermediate: Bool = false) throws(SMTPFailure) {
        if intermediate ? reply.isIntermediate : reply.isPositive { return }
        if reply.isTransientFailure || reply.isPermanentFailure { throw .refused(command: step, reply: reply) }
        throw .unexpectedReply(command: step, reply: reply)
    }

    /// A readable reason for a NIO or TLS error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOSSLError {
            return "TLS failed (\(error)); is the certificate trusted and issued for this host?"
        }
        if let error = error as? SMTPProtocolError { return error.description }
        return String(describing: error)
    }
}

/// The step whose time ran out, set once by its timer.
private final class Expiry: @unchecked Sendable {
    private let lock = NSLock()
    private var expired: String?

    func record(_ step: String) { lock.withLock { if expired == nil { expired = step } } }
    var step: String? { lock.withLock { expired } }
}
