import Foundation

/// A real SMTP server on 127.0.0.1 (aiosmtpd under `/usr/bin/python3`, run from `smtp_sink.py` beside
/// this file) that keeps every accepted message, parsed as MIME by Python's `email` package.
final class MailSink: @unchecked Sendable {
    /// How the sink behaves.
    struct Options: Encodable {
        /// `plain` or `starttls` (STARTTLS required, with `cert` and `key`).
        var mode = "plain"
        var cert: String?
        var key: String?
        /// The port to listen on; 0 picks a free one.
        var port = 0
        /// Announce `PIPELINING` in the EHLO reply.
        var pipelining = false
        /// The answer to every `RCPT TO` (e.g. `550 5.1.1 No such user`); nil accepts.
        var rcptReply: String?
    }

    /// One MIME part as Python's `email` read it.
    struct Part: Decodable {
        var contentType: String
        var charset: String?
        var text: String
    }

    /// The message as Python's `email` read it.
    struct MIME: Decodable {
        var subject: String
        var from: String
        var to: String
        var contentType: String
        var messageId: String
        var autoSubmitted: String
        /// How many defects the parser found (0 for a well-formed message).
        var defects: Int
        var parts: [Part]

        /// The body of the first part of `type` (`text/plain`, `text/html`).
        func part(_ type: String) -> String? { parts.first { $0.contentType == type }?.text }
    }

    /// One accepted message.
    struct Received: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var tls: Bool
        /// The client's address and port: the same for messages that came over one connection.
        var connection: String
        var mime: MIME
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    let port: Int
    let folder: URL
    private let process: Process
    private let input: Pipe

    private init(port: Int, folder: URL, process: Process, input: Pipe) {
        self.port = port
        self.folder = folder
        self.process = process
        self.input = input
    }

    deinit { stop() }

    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path

    /// Starts a sink and waits (bounded) until it listens.
    static func start(_ options: Options = Options(), in folder: URL) throws -> MailSink {
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
        return MailSink(port: port, folder: folder, process: process, input: input)
    }

    /// Every message accepted so far, in order.
    func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSONDecoder().decode(Received.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// Waits until `count` messages arrived or `seconds` passed; returns what arrived.
    func waitForMessages(_ count: Int, seconds: Double = 20) async throws -> [Received] {
        for _ in 0..<Int(seconds * 20) {
            let messages = try received()
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try received()
    }

    /// The chunks the server read, in order (to see which commands came in one write).
    func chunks() throws -> [String] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("chunks.log"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { String(decoding: Data(base64Encoded: String($0)) ?? Data(), as: UTF8.self) }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A port on 127.0.0.1 where nothing listens now.
    static func closedPort() throws -> Int {
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
enum SelfSignedCertificate {
    static func make(in folder: URL) throws -> (certificate: String, key: String) {
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
        guard process.terminationStatus == 0 else { throw MailSink.Failure(description: "openssl could not make a test certificate") }
        return (certificate, key)
    }
}
