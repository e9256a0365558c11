import Foundation
import SMTPTestSupport
import LinkMail
import Testing
@testable import OTPLinkAPI

@Suite("Mail survives an unreachable, untrusted or refusing SMTP server")
struct DeliveryFailureTests {
    @Test("STARTTLS to a self-signed certificate: delivered with the test opt-out; without it refused and kept queued")
    func selfSignedCertificate() async throws {
        let scratch = try Scratch()
        let certificate = try SelfSignedCertificate.make(in: scratch.path("tls"))
        let sink = try SMTPSink.start(.init(mode: "starttls", cert: certificate.certificate, key: certificate.key), in: scratch.path("sink"))
        let strict = try SMTPConfiguration(url: "smtp://localhost:\(sink.port)")
        var trusting = strict
        trusting.skipsCertificateVerification = true

        // Without the opt-out: the certificate is refused, nothing arrives, the mail waits for a retry.
        let linkID = try await InProcessAPI.run(try InProcessAPI.configuration(scratch, transport: .smtp(strict), policy: InProcessAPI.quickRetries())) { api in
            let link = try await api.share(with: ["alice@example.com"], notify: true)
            #expect(try await APIClient.eventually { try await api.mailCount("retried") >= 2 })
            #expect(try sink.received().isEmpty)
            #expect(try await api.mailCount("failed") == 0)
            let kinds = try await api.events(linkID: link.linkID).compactMap { $0["kind"] as? String }
            #expect(!kinds.contains("mail_sent") && !kinds.contains("mail_failed"), "\(kinds)")
            return link.linkID
        }
        // The same data folder with the opt-out: the queued mail goes out over TLS.
        try await InProcessAPI.run(try InProcessAPI.configuration(scratch, transport: .smtp(trusting), policy: InProcessAPI.quickRetries())) { api in
            let received = try await sink.waitForMessages(1)
            #expect(received.count == 1)
            #expect(received.first?.tls == true)
            #expect(received.first?.rcptTos == ["alice@example.com"])
            #expect(try await APIClient.eventually { try await api.events(linkID: linkID).contains { $0["kind"] as? String == "mail_sent" } })
        }
    }

    @Test("the SMTP server down for a while: retried with backoff, delivered once it is up, nothing lost")
    func serverDownThenUp() async throws {
        let scratch = try Scratch()
        let port = try SMTPSink.closedPort()
        let smtp = try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)?starttls=off&timeout=2")
        let configuration = try InProcessAPI.configuration(scratch, transport: .smtp(smtp), policy: InProcessAPI.quickRetries())
        try await InProcessAPI.run(configuration) { api in
            let link = try await api.share(with: ["alice@example.com", "bob@example.com"], notify: true)
            let challenge = try await api.startChallenge(token: link.token, email: "alice@example.com")
            #expect(try await APIClient.eventually { try await api.mailCount("retried") >= 9 }, "three mails, three attempts each")

            let sink = try SMTPSink.start(.init(port: port), in: scratch.path("sink"))
            let received = try await sink.waitForMessages(3)
            #expect(received.count == 3)
            #expect(received.map(\.rcptTos).sorted { $0.first ?? "" < $1.first ?? "" } == [["alice@example.com"], ["alice@example.com"], ["bob@example.com"]])
            let codeMail = try #require(received.first { oneTimeCode(in: $0.mime.part("text/plain")) != nil })
            let code = try #require(oneTimeCode(in: codeMail.mime.part("text/plain")))
            #expect(try await api.verify(challengeID: challenge, code: code) != nil)
            #expect(try await APIClient.eventually { try await api.mailCount("sent") == 3 })
            #expect(try await api.mailCount("failed") == 0)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try sink.received().count == 3, "each mail once")
        }
    }

    @Test("550 to RCPT TO: no more retries, a mail_failed audit event, the failed-mail metric counts it")
    func permanentRefusal() async throws {
        let scratch = try Scratch()
        let sink = try SMTPSink.start(.init(rcptReply: "550 5.1.1 No such user here"), in: scratch.path("sink"))
        let smtp = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=off")
        let configuration = try InProcessAPI.configuration(scratch, transport: .smtp(smtp), policy: InProcessAPI.quickRetries())
        try await InProcessAPI.run(configuration) { api in
            let link = try await api.share(with: ["ghost@example.com"], notify: true)
            #expect(try await APIClient.eventually { try await api.mailCount("failed") == 1 })
            let failed = try await api.events(linkID: link.linkID).filter { $0["kind"] as? String == "mail_failed" }
            #expect(failed.count == 1)
            #expect(failed.first?["address"] as? String == "ghost@example.com")
            let detail = failed.first?["detail"] as? String ?? ""
            #expect(detail.contains("after 1 attempt") && detail.contains("550 5.1.1 No such user here"), "\(detail)")

            // Given up: later passes leave it alone.
            let rcptCount = { (try sink.chunks()).filter { $0.contains("RCPT TO:") }.count }
            let before = try rcptCount()
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try rcptCount() == before, "no retry after a 550")
            #expect(try await api.mailCount("retried") == 0)
            #expect(try await api.mailCount("failed") == 1)
            #expect(try sink.received().isEmpty)
        }
    }
}
