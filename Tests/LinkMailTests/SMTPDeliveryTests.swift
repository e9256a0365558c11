import Foundation
import SMTPTestSupport
import LinkVerification
import Testing
@testable import LinkMail

@Suite("SMTP delivery against a real SMTP server on 127.0.0.1")
struct SMTPDeliveryTests {
    private func delivery(_ url: String, skipVerification: Bool = false) throws -> SMTPDelivery {
        var configuration = try SMTPConfiguration(url: url)
        configuration.skipsCertificateVerification = skipVerification
        return try SMTPDelivery(configuration: configuration, composer: try Fixtures.composer())
    }

    private func transientReason(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
        } catch let MailDeliveryFailure.transient(reason) {
            return reason
        } catch {
            Issue.record("expected a transient failure, got \(error)")
            return nil
        }
        Issue.record("expected a transient failure, but the mail was delivered")
        return nil
    }

    @Test("a plain local relay receives the exact message, with the right envelope")
    func plainRelay() async throws {
        let sink = try SMTPSink.start()
        let mail = Fixtures.codeMail(locale: "ko", code: "640218")
        try await delivery("smtp://127.0.0.1:\(sink.port)?starttls=off").deliver(mail)

        let received = try sink.received()
        #expect(received.count == 1)
        let first = try #require(received.first)
        #expect(first.mailFrom == "no-reply@help.example.com")
        #expect(first.rcptTos == ["kim@example.com"])
        #expect(first.tls == false)
        #expect(first.message == (try Fixtures.composer().compose(mail).data))
        let parsed = try MIMEParser.parse(first.message)
        #expect(parsed.subject == "공유 파일을 열기 위한 일회용 인증 코드")
        #expect(parsed.plain?.content.contains("640218") == true)
    }

    @Test("STARTTLS with a trusted certificate, then AUTH PLAIN with a percent-encoded password")
    func startTLSAndPlainAuth() async throws {
        let certificate = try TestCertificate.files.get()
        let sink = try SMTPSink.start(.init(mode: "starttls", cert: certificate.certificate, key: certificate.key,
                                            user: "relay-user", password: "s3cr:et@/pw"))
        try await delivery("smtp://relay-user:s3cr%3Aet%40%2Fpw@localhost:\(sink.port)?ca_file=\(certificate.certificate)")
            .deliver(Fixtures.sharedMail(locale: "en"))
        let received = try sink.received()
        #expect(received.count == 1)
        #expect(received.first?.tls == true)
        #expect(received.first?.authenticatedAs == "relay-user")
        #expect(received.first?.rcptTos == ["team@lists.example.com"])
        let parsed = try MIMEParser.parse(try #require(received.first).message)
        #expect(parsed.hrefs == ["https://help.example.com/en/link/#tok_AbC123"])
    }

    @Test("AUTH LOGIN when the server offers only LOGIN, over STARTTLS to 127.0.0.1")
    func loginAuth() async throws {
        let certificate = try TestCertificate.files.get()
        let sink = try SMTPSink.start(.init(mode: "starttls", cert: certificate.certificate, key: certificate.key,
                                            user: "relay-user", password: "pw", excludeAuth: ["PLAIN"]))
        try await delivery("smtp://relay-user:pw@127.0.0.1:\(sink.port)?ca_file=\(certificate.certificate)").deliver(Fixtures.codeMail())
        #expect(try sink.received().first?.authenticatedAs == "relay-user")
    }

    @Test("a self-signed certificate is refused unless trusted, and nothing is sent")
    func untrustedCertificate() async throws {
        let certificate = try TestCertificate.files.get()
        let sink = try SMTPSink.start(.init(mode: "starttls", cert: certificate.certificate, key: certificate.key))
        let reason = await transientReason { try await delivery("smtp://localhost:\(sink.port)").deliver(Fixtures.codeMail()) }
        #expect(reason?.contains("TLS failed") == true, "\(reason ?? "")")
        #expect(reason?.contains("certificate") == true)
        #expect(try sink.received().isEmpty)

        try await delivery("smtp://localhost:\(sink.port)", skipVerification: true).deliver(Fixtures.codeMail())
        #expect(try sink.received().count == 1)
    }

    @Test("STARTTLS is required by default: a server without it gets nothing")
    func startTLSRequired() async throws {
        let sink = try SMTPSink.start()
        let reason = await transientReason { try await delivery("smtp://127.0.0.1:\(sink.port)").deliver(Fixtures.codeMail()) }
        #expect(reason?.contains("STARTTLS") == true)
        #expect(try sink.received().isEmpty)
    }

    @Test("smtps: TLS from the first byte")
    func implicitTLS() async throws {
        let certificate = try TestCertificate.files.get()
        let sink = try SMTPSink.start(.init(mode: "implicit", cert: certificate.certificate, key: certificate.key))
        try await delivery("smtps://localhost:\(sink.port)?ca_file=\(certificate.certificate)").deliver(Fixtures.codeMail())
        #expect(try sink.received().first?.tls == true)
    }

    @Test("a wrong password is transient and the error never shows it")
    func wrongPassword() async throws {
        let certificate = try TestCertificate.files.get()
        let sink = try SMTPSink.start(.init(mode: "starttls", cert: certificate.certificate, key: certificate.key, user: "relay-user", password: "right"))
        let reason = await transientReason {
            try await delivery("smtp://relay-user:Wr0ngSecret@localhost:\(sink.port)?ca_file=\(certificate.certificate)").deliver(Fixtures.codeMail())
        }
        #expect(reason?.contains("AUTH PLAIN refused: 535") == true, "\(reason ?? "")")
        #expect(reason?.contains("Wr0ngSecret") == false)
        #expect(try sink.received().isEmpty)
    }

    @Test("550 to RCPT TO is permanent; 451 is transient")
    func refusals() async throws {
        let rejecting = try SMTPSink.start(.init(rcptReply: "550 5.1.1 No such user here"))
        await #expect {
            try await delivery("smtp://127.0.0.1:\(rejecting.port)?starttls=off").deliver(Fixtures.codeMail())
        } throws: { error in
            guard case .permanent(let reason) = error as? MailDeliveryFailure else { return false }
            return reason.contains("RCPT TO refused: 550 5.1.1 No such user here")
        }
        let deferring = try SMTPSink.start(.init(rcptReply: "451 4.3.0 Try again later"))
        let reason = await transientReason {
            try await delivery("smtp://127.0.0.1:\(deferring.port)?starttls=off").deliver(Fixtures.codeMail())
        }
        #expect(reason?.contains("451") == true)
    }

    @Test("no server listening is transient")
    func serverDown() async throws {
        let port = try SMTPSink.closedPort()
        let reason = await transientReason { try await delivery("smtp://127.0.0.1:\(port)?starttls=off").deliver(Fixtures.codeMail()) }
        #expect(reason?.contains("cannot connect to 127.0.0.1:\(port)") == true)
    }

    @Test("a server that never answers times out, transiently")
    func silentServer() async throws {
        let sink = try SMTPSink.start(.init(mode: "silent"))
        let reason = await transientReason {
            try await delivery("smtp://127.0.0.1:\(sink.port)?starttls=off&timeout=0.5").deliver(Fixtures.codeMail())
        }
        #expect(reason?.contains("no answer to the greeting within 0.5 s") == true)
    }

    @Test("a server that stops reading in the middle of a message does not hang the delivery")
    func stalledServer() async throws {
        let sink = try SMTPSink.start(.init(mode: "stall"))
        let message = Data(repeating: UInt8(ascii: "a"), count: 16 << 20)
        let client = try SMTPClient(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=off&timeout=1"))
        await #expect {
            try await client.send(message, from: "a@example.com", to: "b@example.com")
        } throws: { error in
            guard case .timedOut = error as? SMTPFailure else { return false }
            return (error as? SMTPFailure)?.deliveryFailure == .transient("SMTP: \(error)")
        }
    }

    @Test("lines starting with a dot arrive unchanged (dot-stuffing)")
    func dotStuffing() async throws {
        let sink = try SMTPSink.start()
        let message = Data("From: a@example.com\r\nTo: b@example.com\r\nSubject: dots\r\n\r\n.\r\n..two\r\n.hidden\r\nend\r\n".utf8)
        try await SMTPClient(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=off"))
            .send(message, from: "a@example.com", to: "b@example.com")
        #expect(try sink.received().first?.message == message)
    }
}

@Suite("SMTP batches: one connection, pipelining, RSET, reconnecting")
struct SMTPBatchTests {
    private func delivery(_ url: String) throws -> SMTPDelivery {
        try SMTPDelivery(configuration: try SMTPConfiguration(url: url), composer: try Fixtures.composer())
    }

    private func outcomes(_ delivery: SMTPDelivery, _ batch: [OutgoingMail]) async -> [String: MailDeliveryFailure?] {
        var outcomes: [String: MailDeliveryFailure?] = [:]
        await delivery.deliver(batch: batch) { mail, failure in outcomes[mail.recipient] = .some(failure) }
        return outcomes
    }

    @Test("a batch goes over one connection; a refused recipient in the middle fails alone, permanently", arguments: [false, true])
    func oneConnection(pipelining: Bool) async throws {
        let sink = try SMTPSink.start(.init(rejectRecipients: ["ghost@example.com"], pipelining: pipelining))
        let batch = ["ann@example.com", "ghost@example.com", "bo@example.com", "cy@example.com"].map { Fixtures.codeMail(to: $0) }
        let outcomes = await outcomes(try delivery("smtp://127.0.0.1:\(sink.port)?starttls=off"), batch)

        #expect(outcomes.count == 4)
        #expect(outcomes["ann@example.com"] == .some(nil))
        #expect(outcomes["bo@example.com"] == .some(nil))
        #expect(outcomes["cy@example.com"] == .some(nil))
        guard case .permanent(let reason)?? = outcomes["ghost@example.com"] else {
            Issue.record("expected a permanent failure for ghost, got \(String(describing: outcomes["ghost@example.com"]))")
            return
        }
        #expect(reason.contains("RCPT TO refused: 550 5.1.1 No such user here"))
        let received = try sink.received()
        #expect(received.map(\.rcptTos) == [["ann@example.com"], ["bo@example.com"], ["cy@example.com"]])
        #expect(Set(received.map(\.connection)).count == 1, "one connection for the whole batch")
        #expect(received.map(\.message) == (try batch.filter { $0.recipient != "ghost@example.com" }.map { try Fixtures.composer().compose($0).data }))
    }

    @Test("a server that closes after two messages (421 to RSET): the client reconnects and delivers the rest once each", arguments: [false, true])
    func reconnects(pipelining: Bool) async throws {
        let sink = try SMTPSink.start(.init(pipelining: pipelining, dropAfter: 2))
        let recipients = (1...5).map { "user\($0)@example.com" }
        let outcomes = await outcomes(try delivery("smtp://127.0.0.1:\(sink.port)?starttls=off"), recipients.map { Fixtures.codeMail(to: $0) })

        #expect(recipients.allSatisfy { outcomes[$0] == .some(nil) }, "\(outcomes)")
        let received = try sink.received()
        #expect(received.map(\.rcptTos) == recipients.map { [$0] }, "each message once, in order")
        #expect(Set(received.map(\.connection)).count == 3)
    }

    @Test("no server: every message of the batch gets one transient failure")
    func serverDown() async throws {
        let port = try SMTPSink.closedPort()
        let recipients = ["ann@example.com", "bo@example.com", "cy@example.com"]
        let outcomes = await outcomes(try delivery("smtp://127.0.0.1:\(port)?starttls=off"), recipients.map { Fixtures.codeMail(to: $0) })
        #expect(outcomes.count == 3)
        for recipient in recipients {
            guard case .transient(let reason)?? = outcomes[recipient] else {
                Issue.record("expected a transient failure for \(recipient), got \(String(describing: outcomes[recipient]))")
                continue
            }
            #expect(reason.contains("cannot connect to 127.0.0.1:\(port)"))
        }
    }
}

@Suite("SMTP pipelining against a lax server")
struct SMTPLaxServerTests {
    @Test("every recipient refused but DATA answered 354 anyway: an empty message ends the data, the 550 counts, the connection carries on")
    func dataAfterRefusedRecipient() async throws {
        let sink = try SMTPSink.start(.init(mode: "lax"))
        let delivery = try SMTPDelivery(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=off&timeout=30"), composer: try Fixtures.composer())
        var failures: [String: MailDeliveryFailure?] = [:]
        await delivery.deliver(batch: [Fixtures.codeMail(to: "ann@example.com"), Fixtures.codeMail(to: "bo@example.com")]) { mail, failure in
            failures[mail.recipient] = .some(failure)
        }
        for recipient in ["ann@example.com", "bo@example.com"] {
            guard case .permanent(let reason)?? = failures[recipient] else {
                Issue.record("expected a permanent failure for \(recipient), got \(String(describing: failures[recipient]))")
                continue
            }
            #expect(reason.contains("RCPT TO refused: 550 5.1.1 No such user here"))
        }
        let log = try String(contentsOf: sink.folder.appendingPathComponent("lax.log"), encoding: .utf8)
        let lines = log.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.allSatisfy { $0.hasPrefix("1 ") }, "one connection: \(lines)")
        #expect(lines.filter { $0 == "1 DATA" }.count == 2)
        #expect(lines.filter { $0 == "1 ." }.count == 2, "the data ended at once, no message body sent: \(lines)")
        #expect(!log.contains("Subject:"), "no message content reaches a server that refused the recipient")
        #expect(lines.contains("1 RSET"))
    }
}
