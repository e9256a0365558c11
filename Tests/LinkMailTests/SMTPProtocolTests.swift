import Foundation
import Testing
@testable import LinkMail

@Suite("SMTP protocol pieces")
struct SMTPProtocolTests {
    @Test("a multi-line EHLO reply is one reply with its extensions")
    func ehloReply() throws {
        var assembler = SMTPReplyAssembler()
        #expect(try assembler.take("250-relay.example.com Hello") == nil)
        #expect(try assembler.take("250-PIPELINING") == nil)
        #expect(try assembler.take("250-auth PLAIN LOGIN") == nil)
        let reply = try #require(try assembler.take("250 STARTTLS"))
        #expect(reply.code == 250)
        #expect(reply.announces("STARTTLS"))
        #expect(!reply.announces("SMTPUTF8"))
        #expect(reply.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(try assembler.take("221 Bye") == SMTPReply(code: 221, lines: ["Bye"]))
    }

    @Test("malformed reply lines are refused", arguments: ["hello", "25", "250+x", "999 x", "abc text"])
    func malformed(line: String) {
        var assembler = SMTPReplyAssembler()
        #expect(throws: SMTPProtocolError.self) { try assembler.take(line) }
    }

    @Test("a continuation with another code is refused")
    func mixedCodes() throws {
        var assembler = SMTPReplyAssembler()
        _ = try assembler.take("250-first")
        #expect(throws: SMTPProtocolError.malformedReply("220 second")) { try assembler.take("220 second") }
    }

    @Test("a reply of endless continuation lines is cut off")
    func endlessReply() throws {
        var assembler = SMTPReplyAssembler()
        #expect(throws: SMTPProtocolError.replyTooLong) {
            for index in 0..<1_000 { _ = try assembler.take("250-line \(index)") }
        }
    }

    @Test("the data block doubles leading dots and ends with CRLF . CRLF")
    func dataBlock() {
        let encoded = SMTPDataBlock.encode(Data(".\r\nA\r\n..b\r\nno end".utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == "..\r\nA\r\n...b\r\nno end\r\n.\r\n")
    }

    @Test("AUTH PLAIN sends base64 of NUL user NUL password")
    func authPlain() {
        let line = SMTPCommand.authPlain(username: "user", password: "pa ss").line
        #expect(line == "AUTH PLAIN AHVzZXIAcGEgc3M=\r\n")
        #expect(SMTPCommand.authPlain(username: "user", password: "pa ss").name == "AUTH PLAIN")
    }
}

@Suite("SMTP URLs")
struct SMTPConfigurationTests {
    @Test("smtp:// means STARTTLS on 587 unless told otherwise")
    func defaults() throws {
        let configuration = try SMTPConfiguration(url: "smtp://relay.example.com")
        #expect(configuration.security == .startTLS)
        #expect(configuration.port == 587)
        #expect(configuration.username == nil)
        #expect(configuration.timeout == 30)
    }

    @Test("smtps:// means implicit TLS on 465; user and password are percent-decoded")
    func smtps() throws {
        let configuration = try SMTPConfiguration(url: "smtps://mailer%40example.com:p%40ss%3Aword@smtp.example.com")
        #expect(configuration.security == .implicitTLS)
        #expect(configuration.port == 465)
        #expect(configuration.username == "mailer@example.com")
        #expect(configuration.password == "p@ss:word")
        #expect(configuration.description == "smtps://mailer@example.com:***@smtp.example.com:465")
        #expect(try SMTPConfiguration(url: "smtp://u:p%2541@relay.example.com").password == "p%41")
    }

    @Test("options: starttls=off, timeout, helo")
    func options() throws {
        let configuration = try SMTPConfiguration(url: "smtp://127.0.0.1:2525?starttls=off&timeout=5&helo=api.example.com")
        #expect(configuration.security == .none)
        #expect(configuration.port == 2525)
        #expect(configuration.timeout == 5)
        #expect(configuration.clientName == "api.example.com")
        #expect(configuration.description == "smtp://127.0.0.1:2525?starttls=off")
    }

    @Test("unusable URLs are refused with the reason, never the password", arguments: [
        ("http://relay.example.com", "scheme"), ("smtp://", "host"), ("smtp://relay.example.com?tls=maybe", "unknown option 'tls'"),
        ("smtp://relay.example.com?starttls=sometimes", "starttls"), ("smtps://relay.example.com?starttls=off", "smtps"),
        ("smtp://relay.example.com?timeout=-1", "timeout"), ("smtp://relay.example.com?ca_file=/nonexistent/ca.pem", "ca_file"),
        ("smtp://:hunter2@relay.example.com", "password without a user"), ("smtp://relay.example.com?helo=bad%20name", "helo"),
    ])
    func refused(url: String, reason: String) {
        let error = #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration(url: url) }
        #expect(error?.description.contains(reason) == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test("the password may come from a file, without its final line break; errors name the file")
    func passwordFile() throws {
        let file = try Fixtures.temporaryFolder().appendingPathComponent("smtp-password")
        try Data("from file: s3cret\n".utf8).write(to: file)
        var configuration = try SMTPConfiguration(url: "smtp://mailer:in-url@relay.example.com")
        try configuration.readPassword(fromFile: file.path)
        #expect(configuration.password == "from file: s3cret")

        let missing = file.deletingLastPathComponent().appendingPathComponent("absent").path
        let error = #expect(throws: SMTPConfigurationError.self) { try configuration.readPassword(fromFile: missing) }
        #expect(error?.description.contains(missing) == true)
    }
}
