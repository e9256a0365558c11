import Foundation
import LinkMail
import SMTPTestSupport
import Testing
@testable import OTPLinkAPI

@Suite("A dead SMTP relay is logged at once, and its recovery once")
struct RelayWarningTests {
    @Test("relay refusing connections: one warning at the first failed attempt, none per retry, one when mail goes out again")
    func deadRelayThenRecovery() async throws {
        let scratch = try Scratch()
        let port = try SMTPSink.closedPort()
        let smtp = try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)?starttls=off&timeout=2")
        var configuration = try InProcessAPI.configuration(scratch, transport: .smtp(smtp), policy: InProcessAPI.quickRetries())
        configuration.logLevel = .warning
        let logs = LogLines()
        try await InProcessAPI.run(configuration, logger: logs.logger()) { api in
            let link = try await api.share(with: ["alice@example.com", "bob@example.com"], notify: true)
            #expect(try await APIClient.eventually { try await api.mailCount("retried") >= 6 }, "two mails, three attempts each")
            let whileDown = logs.all
            let failing = whileDown.filter { $0.contains("Mail delivery failing") }
            #expect(failing.count == 1, "\(whileDown)")
            #expect(failing.first?.hasPrefix("warning ") == true)
            #expect(failing.first?.contains("mail.reason=SMTP: ") == true, "the relay's words: \(failing)")
            #expect(!whileDown.contains { $0.contains("recovered") })

            let sink = try SMTPSink.start(.init(port: port), in: scratch.path("sink"))
            let received = try await sink.waitForMessages(2)
            #expect(received.count == 2)
            #expect(try await APIClient.eventually { logs.all.contains { $0.contains("Mail delivery recovered") } })
            try await Task.sleep(for: .milliseconds(300))
            let all = logs.all
            #expect(all.filter { $0.contains("Mail delivery recovered") }.count == 1, "\(all)")
            #expect(all.filter { $0.contains("Mail delivery failing") }.count == 1, "\(all)")
            // Never the mail itself: no link token, no subject, no recipient's mail text.
            let body = received.first?.mime.part("text/plain") ?? ""
            #expect(!body.isEmpty)
            for line in all {
                #expect(!line.contains(link.token))
                #expect(!line.contains(received.first?.mime.subject ?? "\u{0}"))
            }
        }
    }
}
