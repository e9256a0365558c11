import Foundation

/// A real SMTP server on 127.0.0.1 for the mail tests: Debian's `aiosmtpd` under `/usr/bin/python3`, run
/// from `smtp_sink.py` beside this file. It keeps every accepted message as a JSON file (envelope, TLS,
/// AUTH login, the raw bytes and the MIME parts), and can offer STARTTLS, implicit TLS and AUTH, refuse
/// recipients, or misbehave on purpose (``Options/mode``).
public final class SMTPSink: @unchecked Sendable {
    /// How the sink behaves.
    public struct Options: Encodable, Sendable {
        /// plain, starttls (required, with `cert` and `key`), implicit (TLS from the first byte), silent
        /// (accepts connections and never answers), slow (answers every line 0.1 s late and logs the lines
        /// to `slow.log`), stall (answers up to DATA, then stops reading), or lax
        /// (a pipelining server that refuses every RCPT TO with 550 yet answers DATA with 354; it logs each
        /// connection's lines to `lax.log`).
        public var mode: String
        public var cert: String?
        public var key: String?
        /// The port to listen on; 0 picks a free one.
        public var port: Int
        /// With `password`: the only login AUTH accepts.
        public var user: String?
        public var password: String?
        /// AUTH mechanisms the server must not offer, e.g. ["PLAIN"].
        public var excludeAuth: [String]
        /// The reply to every RCPT TO, e.g. "550 5.1.1 No such user here" (default: accept).
        public var rcptReply: String?
        /// Recipients answered with `550 5.1.1 No such user here`.
        public var rejectRecipients: [String]
        /// Announce PIPELINING in the EHLO reply.
        public var pipelining: Bool
        /// After this many messages on a connection, answer `RSET` with 421 and close it (0: never).
        public var dropAfter: Int

        /// A sink that behaves as the arguments say; the defaults make a plain server that accepts everything.
        public init(
            mode: String = "plain", cert: String? = nil, key: String? = nil, port: Int = 0,
            user: String? = nil, password: String? = nil, excludeAuth: [String] = [], rcptReply: String? = nil,
            rejectRecipients: [String] = [], pipelining: Bool = false, dropAfter: Int = 0
        ) {
            self.mode = mode
            self.cert = cert
            self.key = key
            self.port = port
            self.user = user
            self.password = password
            self.excludeAuth = excludeAuth
            self.rcptReply = rcptReply
            self.rejectRecipients = rejectRecipients
            self.pipelining = pipelining
            self.dropAfter = dropAfter
        }
    }

    /// One MIME part as Python's `email` read it.
    public struct Part: Decodable, Sendable {
        public var contentType: String
        public var charset: String?
        public var text: String
    }

    /// The message as Python's `email` read it.
    public struct MIME: Decodable, Sendable {
        public var subject: String
        public var from: String
        public var to: String
        public var contentType: String
        public var messageId: String
        public var autoSubmitted: String
        /// How many defects the parser found (0 for a well-formed message).
        public var defects: Int
        public var parts: [Part]

        /// The body of the first part of `type` (`text/plain`, `text/html`).
        public func part(_ type: String) -> String? { parts.first { $0.contentType == type }?.text }
    }

    /// One accepted message.
    public struct Received: Decodable, Sendable {
        public var mailFrom: String
        public var rcptTos: [String]
        public var tls: Bool
        public var authenticatedAs: String?
        /// The client's address and port: the same for messages that came over one connection.
        public var connection: String
        /// base64 of the message as the server received it (dot-stuffing undone).
        public var data: String
        public var mime: MIME

        /// The message's bytes as the server received them.
        public var message: Data { Data(base64Encoded: data) ?? Data() }
    }

    /// The sink could not start, or a helper command failed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The port it listens on.
    public let port: Int
    /// Where it writes what it received.
    public let folder: URL
    private let process: Process
    /// Held open while the sink should live; the sink exits when it closes.
    private let input: Pipe

    private init(port: Int, folder: URL, process: Process, input: Pipe) {
        self.port = port
        self.folder = folder
        self.process = process
        self.input = input
    }

    deinit { stop() }

    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path

    /// Starts a sink writing into `folder` and waits (bounded) until it listens.
    public static func start(_ options: Options = Options(), in folder: URL) throws -> SMTPSink {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script, folder.path, String(decoding: try JSONEncoder().encode(options), as: UTF8.self)]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var text = ""
        for _ in 0..<200 where !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).prefix { $0.isNumber }) else {
            process.terminate()
            let stderr = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            throw Failure(description: "the SMTP sink did not start (is python3-aiosmtpd installed? `make test` installs it): \(text) \(stderr)")
        }
        return SMTPSink(port: port, folder: folder, process: process, input: input)
    }

    /// Every message accepted so far, in order.
    public func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSONDecoder().decode(Received.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// Waits until `count` messages arrived or `seconds` passed; returns what arrived.
    public func waitForMessages(_ count: Int, seconds: Double = 20) async throws -> [Received] {
        for _ in 0..<Int(seconds * 20) {
            let messages = try received()
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try received()
    }

    /// The chunks the server read, in order (to see which commands came in one write).
    public func chunks() throws -> [String] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("chunks.log"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { String(decoding: Data(base64Encoded: String($0)) ?? Data(), as: UTF8.self) }
    }

    /// Stops the server.
    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A port on 127.0.0.1 where nothing listens now (bound by Python, then closed).
    public static func closedPort() throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw Failure(description: "no free port: \(text)") }
        return port
    }
}

/// A self-signed certificate for `localhost` and `127.0.0.1`, made with `openssl`.
public enum SelfSignedCertificate {
    /// Writes `cert.pem` and `key.pem` into `folder` and returns their paths.
    public static func make(in folder: URL) throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                             "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SMTPSink.Failure(description: "openssl could not make a test certificate") }
        return (certificate, key)
    }
}
