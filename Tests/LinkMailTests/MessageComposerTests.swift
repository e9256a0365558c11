import Foundation
import LinkVerification
import Testing
@testable import LinkMail

@Suite("Composed messages, read back by Python's email parser")
struct MessageComposerTests {
    @Test("an English code mail has the headers, both parts and the code")
    func englishCodeMail() throws {
        let mail = Fixtures.codeMail(locale: "en", code: "482915")
        let message = try Fixtures.composer().compose(mail)
        let parsed = try MIMEParser.parse(message.data)

        #expect(parsed.defects == [])
        #expect(parsed.subject == "Your one-time code to open a shared file")
        #expect(parsed.fromDisplayName == "Help Center")
        #expect(parsed.fromAddress == "no-reply@help.example.com")
        #expect(parsed.to == "kim@example.com")
        #expect(parsed.date == "Fri, 27 Nov 2026 05:00:00 +0000")
        #expect(parsed.dateParsed == "2026-11-27T05:00:00+00:00")
        #expect(parsed.messageID == "<\(mail.id.uuidString.lowercased())@help.example.com>")
        #expect(parsed.mimeVersion == "1.0")
        #expect(parsed.autoSubmitted == "auto-generated")
        #expect(parsed.contentLanguage == "en")
        #expect(parsed.contentType == "multipart/alternative")
        #expect(parsed.parts.map(\.type) == ["text/plain", "text/html"])
        #expect(parsed.parts.allSatisfy { $0.charset == "utf-8" && $0.encoding == "quoted-printable" })

        let plain = try #require(parsed.plain?.content)
        #expect(plain.contains("    482915\n"))
        #expect(plain.contains("valid for 10 minutes"))
        #expect(plain.contains("November 27, 2026"))
        #expect(plain.contains("ignore this email"))
        #expect(plain.contains("never ask you for a password"))
        #expect(parsed.htmlText.contains("Your one-time code is: 482915"))
        #expect(parsed.htmlText.contains("valid for 10 minutes"))
    }

    @Test("a code with one minute left says 'minute', not 'minutes'")
    func singularMinute() throws {
        let mail = OutgoingMail(recipient: "kim@example.com", locale: "en",
                                content: .code(code: "111222", expiresAt: Fixtures.now.addingTimeInterval(45)))
        let plain = try #require(try MIMEParser.parse(try Fixtures.composer().compose(mail).data).plain?.content)
        #expect(plain.contains("valid for 1 minute ("))
    }

    @Test("a Korean notification decodes to the Korean subject and body")
    func koreanNotification() throws {
        let mail = Fixtures.sharedMail(locale: "ko", sender: "김지수", fileName: "3분기 보고서.pdf")
        let parsed = try MIMEParser.parse(try Fixtures.composer().compose(mail).data)

        #expect(parsed.defects == [])
        #expect(parsed.subject == "김지수 님이 파일을 공유했습니다: 3분기 보고서.pdf")
        #expect(parsed.contentLanguage == "ko")
        let plain = try #require(parsed.plain?.content)
        #expect(plain.contains("김지수 님이 파일을 공유했습니다."))
        #expect(plain.contains("파일: 3분기 보고서.pdf"))
        #expect(plain.contains("열기: https://help.example.com/en/link/#tok_AbC123"))
        #expect(plain.contains("2026년 12월 4일"))
        #expect(parsed.hrefs == ["https://help.example.com/en/link/#tok_AbC123"])
        #expect(parsed.htmlText.contains("3분기 보고서.pdf"))
    }

    @Test("a Korean code mail says the lifetime in Korean")
    func koreanCode() throws {
        let parsed = try MIMEParser.parse(try Fixtures.composer().compose(Fixtures.codeMail(locale: "ko", code: "907162")).data)
        #expect(parsed.subject == "공유 파일을 열기 위한 일회용 인증 코드")
        let plain = try #require(parsed.plain?.content)
        #expect(plain.contains("    907162\n"))
        #expect(plain.contains("10분 동안"))
        #expect(parsed.htmlText.contains("907162"))
    }

    @Test("an English notification links to the URL and names sender and file")
    func englishNotification() throws {
        let parsed = try MIMEParser.parse(try Fixtures.composer().compose(Fixtures.sharedMail()).data)
        #expect(parsed.subject == "alice@example.com shared a file with you: Q3 report.pdf")
        #expect(parsed.hrefs == ["https://help.example.com/en/link/#tok_AbC123"])
        let plain = try #require(parsed.plain?.content)
        #expect(plain.contains("Open it here: https://help.example.com/en/link/#tok_AbC123"))
        #expect(plain.contains("enter the address this email was sent to (team@lists.example.com)"))
        #expect(plain.contains("December 4, 2026"))
    }

    @Test("a long Korean subject is folded into encoded-words that decode to the whole subject")
    func longKoreanSubject() throws {
        let fileName = String(repeating: "매우 긴 파일 이름 ", count: 12) + "최종본.pptx"
        let message = try Fixtures.composer().compose(Fixtures.sharedMail(locale: "ko", sender: "박서준", fileName: fileName))
        let parsed = try MIMEParser.parse(message.data)
        #expect(parsed.defects == [])
        #expect(parsed.subject == "박서준 님이 파일을 공유했습니다: \(fileName)")
        let raw = String(decoding: message.data, as: UTF8.self)
        let subjectLines = raw.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 3)
        #expect(subjectLines.allSatisfy { $0.count <= 78 })
        #expect(subjectLines.joined().contains("=?UTF-8?B?"))
    }

    @Test("a long English subject is folded at spaces and reads back unchanged")
    func longEnglishSubject() throws {
        let fileName = "Quarterly planning notes for the platform team, including hiring and budget appendix v7.docx"
        let message = try Fixtures.composer().compose(Fixtures.sharedMail(fileName: fileName))
        let parsed = try MIMEParser.parse(message.data)
        #expect(parsed.subject == "alice@example.com shared a file with you: \(fileName)")
        #expect(!String(decoding: message.data, as: UTF8.self).contains("=?UTF-8?"))
    }

    @Test("a non-ASCII From name is encoded and decodes back")
    func koreanFromName() throws {
        let message = try Fixtures.composer(from: "\"헬프 센터\" <no-reply@help.example.com>").compose(Fixtures.codeMail())
        let parsed = try MIMEParser.parse(message.data)
        #expect(parsed.defects == [])
        #expect(parsed.fromDisplayName == "헬프 센터")
        #expect(parsed.fromAddress == "no-reply@help.example.com")
        #expect(parsed.plain?.content.contains("헬프 센터") == true)
    }

    @Test("a From name with specials is quoted")
    func quotedFromName() throws {
        let message = try Fixtures.composer(from: "\"Help Center, Acme Inc.\" <no-reply@acme.example>").compose(Fixtures.codeMail())
        let parsed = try MIMEParser.parse(message.data)
        #expect(parsed.fromDisplayName == "Help Center, Acme Inc.")
        #expect(parsed.messageID?.hasSuffix("@acme.example>") == true)
    }

    @Test("every line ends with CRLF and none is longer than 78 octets", arguments: [
        Fixtures.codeMail(locale: "en"), Fixtures.codeMail(locale: "ko"),
        Fixtures.sharedMail(locale: "en", fileName: String(repeating: "x", count: 400) + ".zip"),
        Fixtures.sharedMail(locale: "ko", sender: "최유리", fileName: String(repeating: "한글파일명", count: 60),
                            url: "https://help.example.com/ko/link/#" + String(repeating: "A", count: 300)),
    ])
    func lineEndingsAndLengths(mail: OutgoingMail) throws {
        let message = try Fixtures.composer().compose(mail)
        let (lines, bare) = Fixtures.lines(of: message.data)
        #expect(!bare, "a CR or LF outside a CRLF pair, or no final CRLF")
        let longest = lines.map(\.count).max() ?? 0
        #expect(longest <= 78)
        #expect(message.data.allSatisfy { $0 < 0x80 }, "the message must be 7-bit")
        let parsed = try MIMEParser.parse(message.data)
        #expect(parsed.defects == [])
        #expect(parsed.parts.count == 2)
    }

    @Test("values are HTML-escaped in the HTML part and left as they are in the text part")
    func htmlEscaping() throws {
        let fileName = "<script>alert(1)</script> & \"notes\".txt"
        let message = try Fixtures.composer().compose(Fixtures.sharedMail(fileName: fileName))
        let parsed = try MIMEParser.parse(message.data)
        let html = try #require(parsed.html?.content)
        #expect(!html.contains("<script>"))
        #expect(parsed.htmlText.contains(fileName))
        #expect(parsed.plain?.content.contains("File: \(fileName)\n") == true)
        #expect(parsed.subject?.hasSuffix(fileName) == true)
    }

    @Test("body lines that start with '.' or 'From ' survive encoding")
    func dotAndFromLines() {
        let text = ".\n.hidden\nFrom here on\n" + String(repeating: "긴 줄 ", count: 40) + "\ntrailing space \n"
        let encoded = QuotedPrintable.encode(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(!lines.contains("."))
        #expect(!lines.contains { $0.hasPrefix("From ") || $0.hasPrefix(".") })
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("the Message-ID is the same on every retry of a mail")
    func stableMessageID() throws {
        let mail = Fixtures.codeMail()
        let composer = try Fixtures.composer()
        #expect(try composer.compose(mail).messageID == composer.compose(mail).messageID)
        #expect(try composer.compose(mail).messageID != composer.compose(Fixtures.codeMail()).messageID)
    }

    /// A reference decoder: soft breaks removed, `=XX` turned back into bytes.
    private func decodeQuotedPrintable(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(encoded.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite("Locales")
struct LocaleFallbackTests {
    @Test("a locale without templates falls back to English; regional variants use their language", arguments: [
        ("en", "en"), ("ko", "ko"), ("ko-KR", "ko"), ("ko_kr", "ko"), ("KO", "ko"), ("fr", "en"), ("", "en"), ("zh-Hant-TW", "en"),
    ])
    func fallback(requested: String, expected: String) throws {
        let parsed = try MIMEParser.parse(try Fixtures.composer().compose(Fixtures.codeMail(locale: requested)).data)
        #expect(parsed.contentLanguage == expected)
        let english = parsed.subject == "Your one-time code to open a shared file"
        #expect(english == (expected == "en"))
    }
}

@Suite("Header injection")
struct HeaderInjectionTests {
    @Test("a recipient with a line break or a second address is refused", arguments: [
        "kim@example.com\r\nBcc: everyone@example.com", "kim@example.com\nBcc: x@example.com", "kim@example.com\r",
        "kim@example.com, eve@example.com", "Kim <kim@example.com>", "kim", "kim@", "@example.com", "kim@exa mple.com",
        "kim@@example.com", "김@example.com", "kim@-example.com", "kim..lee@example.com",
    ])
    func badRecipient(recipient: String) throws {
        #expect(throws: MailCompositionError.self) {
            try Fixtures.composer().compose(Fixtures.codeMail(to: recipient))
        }
    }

    @Test("a line break in the sender, file name or URL is refused, naming the field", arguments: [
        (Fixtures.sharedMail(sender: "alice@example.com\r\nBcc: eve@example.com"), "sender"),
        (Fixtures.sharedMail(fileName: "report.pdf\nBcc: eve@example.com"), "fileName"),
        (Fixtures.sharedMail(fileName: "report\u{2028}.pdf"), "fileName"),
        (Fixtures.sharedMail(url: "https://help.example.com/\r\nX: y"), "url"),
        (Fixtures.codeMail(code: "123\r\n456"), "code"),
    ])
    func lineBreakInValue(mail: OutgoingMail, field: String) throws {
        let error = try #require(throws: MailCompositionError.self) { try Fixtures.composer().compose(mail) }
        guard case .forbiddenCharacter(let named, _) = error else {
            Issue.record("expected a forbidden character error, got \(error)")
            return
        }
        #expect(named == field)
        #expect(error.description.contains(field))
    }

    @Test("a URL that is not http(s) is refused", arguments: ["javascript:alert(1)", "ftp://example.com/x", "/en/link/#abc"])
    func badURL(url: String) throws {
        #expect(throws: MailCompositionError.self) { try Fixtures.composer().compose(Fixtures.sharedMail(url: url)) }
    }

    @Test("a From with a line break is refused when configured", arguments: [
        "Help Center <no-reply@example.com>\r\nBcc: eve@example.com", "Help\nCenter <no-reply@example.com>", "Help Center <no reply@example.com>",
    ])
    func badFrom(from: String) {
        #expect(throws: MailAddressError.self) { try MailboxAddress(parsing: from) }
    }

    @Test("an address error names the value and the reason")
    func addressErrorMessage() {
        let error = #expect(throws: MailAddressError.self) { try MailboxAddress(parsing: "kim@example.com\r\nBcc: x@y.z") }
        #expect(error?.description.contains("U+D") == true)
        #expect(error?.description.contains("kim@example.com") == true)
    }
}
