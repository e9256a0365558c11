import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Hands one message to an SMTP server: connect, (TLS), EHLO, (STARTTLS, EHLO), (AUTH), MAIL FROM,
/// RCPT TO, DATA, QUIT, each step within the configured timeout.
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

    /// Sends `message` (CRLF lines) from `sender` to `recipient`.
    func send(_ message: Data, from sender: String, to recipient: String) async throws(SMTPFailure) {
        let channel = try await connect()
        do {
            try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(channel: channel, inbound: inbound, outbound: outbound, timeout: configuration.timeout)
                try await converse(&session, message: message, sender: sender, recipient: recipient)
            }
        } catch let failure as SMTPFailure {
            throw failure
        } catch {
            throw .connection(SMTPSession.describe(error))
        }
    }

    private func connect() async throws(SMTPFailure) -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let host = configuration.host
        let serverHostname = tlsServerHostname
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(configuration.timeout * 1000)))
                .connect(host: host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw .connection("cannot connect to \(configuration.host):\(configuration.port): \(SMTPSession.describe(error))")
        }
    }

    /// The name for SNI and the certificate check; nil for an IP address, which NIOSSL then checks
    /// against the certificate's IP addresses.
    private var tlsServerHostname: String? {
        (try? SocketAddress(ipAddress: configuration.host, port: 0)) == nil ? configuration.host : nil
    }

    private func converse(_ session: inout SMTPSession, message: Data, sender: String, recipient: String) async throws(SMTPFailure) {
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
        try await session.expect(.mailFrom(sender))
        try await session.expect(.recipient(recipient))
        try await session.expect(.data, intermediate: true)
        try await session.write(SMTPDataBlock.encode(message), step: "the message")
        try SMTPSession.check(try await session.reply(to: "end of data"), of: "end of data")
        // The message is accepted; a failing QUIT changes nothing.
        _ = try? await session.send(.quit)
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
