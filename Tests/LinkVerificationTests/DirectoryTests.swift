import Foundation
import Testing
import LinkVerification

struct DirectoryTests {
    @Test("the directory decodes from the issue's JSON shape, canonicalizing addresses")
    func decodes() throws {
        let json = """
            {"domains":["Example.com"],"members":[" Ann@Example.com "],
             "lists":[{"address":"Team@example.com","members":["ann@example.com","BOB@example.com"]}]}
            """
        let directory = try JSONDecoder().decode(Directory.self, from: Data(json.utf8))
        #expect(directory.domains == ["example.com"])
        #expect(directory.members == [EmailAddress("ann@example.com")!])
        #expect(directory.lists.first?.address.value == "team@example.com")
        #expect(directory.lists.first?.members.map(\.value) == ["ann@example.com", "bob@example.com"])
        #expect(directory.isInternal(EmailAddress("zed@EXAMPLE.com")!))
        #expect(!directory.isInternal(EmailAddress("zed@example.org")!))
        try directory.validate()
    }

    @Test("missing keys are empty lists")
    func missingKeys() throws {
        let directory = try JSONDecoder().decode(Directory.self, from: Data("{}".utf8))
        #expect(directory == .empty)
    }

    @Test("a malformed address is refused, and the error names where it is")
    func malformedAddress() {
        let json = #"{"lists":[{"address":"team@example.com","members":["ann@example.com","not an address"]}]}"#
        do {
            _ = try JSONDecoder().decode(Directory.self, from: Data(json.utf8))
            Issue.record("decoding should fail")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("not an address"))
            #expect(context.codingPath.map(\.stringValue).contains("lists"))
            #expect(context.codingPath.map(\.stringValue).contains("members"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("validation names a bad domain and a duplicated list")
    func validation() {
        let badDomain = Directory(domains: ["example.com", "no domain"])
        #expect(throws: VerificationError.invalidRequest(field: "domains[1]", reason: "'no domain' is not a mail domain")) {
            try badDomain.validate()
        }
        let list = MailingList(address: EmailAddress("team@example.com")!, members: [])
        let duplicate = Directory(lists: [list, list])
        #expect(throws: VerificationError.self) { try duplicate.validate() }
        #expect((try? duplicate.validate()) == nil)
    }

    @Test("email addresses are trimmed, lowercased and checked", arguments: [
        ("  Jane.Doe@Example.COM\n", "jane.doe@example.com"),
        ("a+tag@sub.example.co.kr", "a+tag@sub.example.co.kr"),
    ])
    func canonical(input: String, expected: String) {
        #expect(EmailAddress(input)?.value == expected)
    }

    @Test("things that are not addresses are refused", arguments: [
        "", "   ", "jane", "jane@", "@example.com", "jane@example", "jane@@example.com", "ja ne@example.com",
        "jane@exa mple.com", "<jane@example.com>", "jane@example..com", "jane@-example.com", "a@b.c\u{0}",
        String(repeating: "a", count: 250) + "@example.com",
        // Not ASCII: mail could never be sent to them (LinkMail speaks no SMTPUTF8), so they are refused up front.
        "김@example.com", "josé@example.com", "user@例子.广告", "a\u{202E}@example.com",
    ])
    func refused(input: String) {
        #expect(EmailAddress(input) == nil)
    }
}
