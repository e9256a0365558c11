import Foundation
import SMTPTestSupport
import LinkMail
import Testing
@testable import OTPLinkAPI

@Suite("The real API hands code and notification mail to a real SMTP server")
struct CodeAndNotificationMailTests {
    @Test("notification and code mails arrive as well-formed MIME over one pipelined connection, and the code from the mail verifies")
    func codeFromTheMailVerifies() async throws {
        let scratch = try Scratch()
        let sink = try SMTPSink.start(.init(pipelining: true), in: scratch.path("sink"))
        let smtp = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=off")
        let configuration = try InProcessAPI.configuration(scratch, transport: .smtp(smtp), policy: InProcessAPI.quickRetries())

        try await InProcessAPI.run(configuration) { api in
            let link = try await api.share(with: ["alice@example.com", "team@lists.example.com", "bob@example.com"], notify: true)
            let notifications = try await sink.waitForMessages(3)
            #expect(notifications.count == 3)
            #expect(Set(notifications.flatMap(\.rcptTos)) == ["alice@example.com", "team@lists.example.com", "bob@example.com"])
            #expect(notifications.allSatisfy { $0.rcptTos.count == 1 }, "one message per recipient, the list gets one to its address")
            for mail in notifications {
                #expect(mail.mailFrom == "no-reply@help.example.com")
                #expect(mail.mime.defects == 0)
                #expect(mail.mime.contentType == "multipart/alternative")
                #expect(mail.mime.autoSubmitted == "auto-generated")
                #expect(mail.mime.from == "Help Center <no-reply@help.example.com>")
                #expect(mail.mime.part("text/plain")?.contains("report.pdf") == true)
                #expect(mail.mime.part("text/html")?.contains("https://help.example.com/en/link/#\(link.token)") == true)
            }
            // The three went over one connection, and the envelope commands came in one write.
            #expect(Set(notifications.map(\.connection)).count == 1, "\(notifications.map(\.connection))")
            let chunks = try sink.chunks()
            #expect(chunks.contains { $0.contains("MAIL FROM:") && $0.contains("RCPT TO:") && $0.hasSuffix("DATA\r\n") }, "\(chunks)")
            #expect(chunks.contains { $0.hasPrefix("RSET\r\nMAIL FROM:") }, "RSET before the second message")

            let challenge = try await api.startChallenge(token: link.token, email: "alice@example.com")
            let all = try await sink.waitForMessages(4)
            let codeMail = try #require(all.count == 4 ? all.last : nil)
            #expect(codeMail.rcptTos == ["alice@example.com"])
            #expect(codeMail.mime.defects == 0)
            #expect(codeMail.mime.subject.localizedCaseInsensitiveContains("code"))
            let code = try #require(oneTimeCode(in: codeMail.mime.part("text/plain")))
            #expect(codeMail.mime.part("text/html")?.contains(code) == true)
            #expect(try await api.verify(challengeID: challenge, code: code) != nil, "the code from the received mail opens the link")

            let kinds = try await api.events(linkID: link.linkID).compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0 == "mail_sent" }.count == 4)
            #expect(try await api.mailCount("sent") == 4)
        }
    }

    @Test("a Korean link's code mail has an RFC 2047 subject that decodes to Korean")
    func koreanSubject() async throws {
        let scratch = try Scratch()
        let sink = try SMTPSink.start(in: scratch.path("sink"))
        let smtp = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=off")
        let configuration = try InProcessAPI.configuration(scratch, transport: .smtp(smtp), policy: InProcessAPI.quickRetries())
        try await InProcessAPI.run(configuration) { api in
            let link = try await api.share(with: ["kim@example.com"], locale: "ko")
            let challenge = try await api.startChallenge(token: link.token, email: "kim@example.com")
            let mail = try #require(try await sink.waitForMessages(1).first)
            #expect(mail.mime.subject == "공유 파일을 열기 위한 일회용 인증 코드")
            #expect(mail.mime.parts.allSatisfy { $0.charset == "utf-8" })
            let code = try #require(oneTimeCode(in: mail.mime.part("text/plain")))
            #expect(try await api.verify(challengeID: challenge, code: code) != nil)
        }
    }
}
