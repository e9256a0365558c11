import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Hands messages to an SMTP server: connect, (TLS), EHLO, (STARTTLS, EHLO), (AUTH), then one
/// ``SMTPTransaction`` per message on the same connection, `QUIT`; each step within the configured timeout.
///
/// A batch shares one connection. When the connection breaks under a message, the client reconnects
/// for the rest of the batch (and tries that message once more if the connection had already carried
/// one, since a reused connection may have gone stale); when it cannot connect or log in, every message
/// left gets that failure.
struct SMTPClient: Sendable {
    let configuration: SMTPConfiguration
    /// Made once from the configuration (nil when TLS is off).
    private let tlsContext: NIOSSLContext?
    private let group: any EventLoopGroup

    init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws(SMTPConfigurationError) {
        self.configuration = configuration
        self.group = group
        guard configuration.security != .none else {
            tlsContext = nil
            return
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let file = configuration.trustedCertificatesFile {
            tls.trustRoots = .file(file)
        }
        if configuration.skipsCertificateVerification {
            tls.certificateVerification = .none
        }
        do {
            tlsContext = try NIOSSLContext(configuration: tls)
        } catch {
            throw .malformed("cannot set up TLS (\(error)); is ca_file a PEM certificate file?")
        }
    }

    /// Sends `message` (CRLF lines) from `sender` to `recipient` on a connection of its own.
    func send(_ message: Data, from sender: String, to recipient: String) async throws(SMTPFailure) {
        var failure: SMTPFailure?
        await send([SMTPEnvelope(sender: sender, recipient: recipient, message: message)]) { _, result in failure = result }
        if let failure { throw failure }
    }

    /// Sends `envelopes` in order over as few connections as it can, telling `outcome` about each
    /// (its index, and nil when the server accepted it) as soon as that is known. Every envelope gets
    /// exactly one outcome.
    func send(_ envelopes: [SMTPEnvelope], outcome: (Int, SMTPFailure?) async -> Void) async {
        var next = 0
        var triedAgain = Set<Int>()
        while next < envelopes.count {
            var conversationEnded = false
            do {
                let (channel, tally) = try await connect()
                try await channel.executeThenClose { inbound, outbound in
                    var session = SMTPSession(channel: channel, inbound: inbound, outbound: outbound, tally: tally, timeout: configuration.timeout)
                    let capabilities = try await openSession(&session)
                    let pipelining = capabilities.announces("PIPELINING")
                    var carried = 0
                    defer { conversationEnded = true }
                    while next < envelopes.count {
                        let transaction = SMTPTransaction(envelope: envelopes[next], pipelining: pipelining, resetFirst: carried > 0)
                        switch await transaction.run(on: &session) {
                        case .delivered:
                            await outcome(next, nil)
                        case .refused(let failure):
                            await outcome(next, failure)
                        case .broken(let failure):
                            if carried > 0, !triedAgain.contains(next) {
                                triedAgain.insert(next)  // Once more, on a new connection.
                            } else {
                                await outcome(next, failure)
                                next += 1
                            }
                            return
                        }
                        next += 1
                        carried += 1
                    }
                    // The messages are accepted; a failing QUIT changes nothing.
                    _ = try? await session.send(.quit)
                }
            } catch {
                // After the conversation, only closing the channel can fail, which changes nothing.
                if conversationEnded { continue }
                let failure = SMTPFailure.from(error)
                while next < envelopes.count {
                    await outcome(next, failure)
                    next += 1
                }
            }
        }
    }

    private func connect() async throws(SMTPFailure) -> (NIOAsyncChannel<SMTPReply, ByteBuffer>, SMTPReplyTally) {
        let tally = SMTPReplyTally()
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let host = configuration.host
        let serverHostname = tlsServerHostname
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(configuration.timeout * 1000)))
                .connect(host: host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        try channel.pipeline.syncOperations.addHandler(tally)
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            return (channel, tally)
        } catch {
            throw .connection("cannot connect to \(configuration.host):\(configuration.port): \(SMTPSession.describe(error))")
        }
    }

    /// The name for SNI and the certificate check; nil for an IP address, which NIOSSL then checks
    /// against the certificate's IP addresses.
    private var tlsServerHostname: String? {
        (try? SocketAddress(ipAddress: configuration.host, port: 0)) == nil ? configuration.host : nil
    }

    /// Greeting, EHLO, STARTTLS and EHLO again, AUTH: the session is then ready for transactions.
    /// Returns the last EHLO reply (the capabilities that count).
    private func openSession(_ session: inout SMTPSession) async throws(SMTPFailure) -> SMTPReply {
        try SMTPSession.check(try await session.reply(to: "the greeting"), of: "the greeting")
        var capabilities = try await session.expect(.ehlo(configuration.clientName))
        if configuration.security == .startTLS {
            guard capabilities.announces("STARTTLS"), let tlsContext else { throw .startTLSNotOffered }
            try await session.expect(.startTLS)
            try await session.startTLS(context: tlsContext, serverHostname: tlsServerHostname)
            capabilities = try await session.expect(.ehlo(configuration.clientName))
        }
        if let username = configuration.username {
            try await authenticate(&session, username: username, password: configuration.password ?? "", mechanisms: capabilities.authMechanisms)
        }
        return capabilities
    }

    private func authenticate(_ session: inout SMTPSession, username: String, password: String, mechanisms: Set<String>) async throws(SMTPFailure) {
        if mechanisms.contains("PLAIN") {
            try await session.expect(.authPlain(username: username, password: password))
        } else if mechanisms.contains("LOGIN") {
            try await session.expect(.authLogin, intermediate: true)
            try await session.expect(.authResponse(username), intermediate: true)
            try await session.expect(.authResponse(password))
        } else {
            throw .noUsableAuthMechanism(offered: mechanisms)
        }
    }
}
