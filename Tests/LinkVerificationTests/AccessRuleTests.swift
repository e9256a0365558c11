import Testing
import LinkVerification

/// The three access rules, as a table: who may open a link shared with a person and a mailing list.
struct AccessRuleTests {
    static let directory = Directory(
        domains: ["example.com"],
        members: [EmailAddress("contractor@partner.org")!],
        lists: [
            MailingList(
                address: EmailAddress("team@example.com")!,
                members: [EmailAddress("ann@example.com")!, EmailAddress("outsider@gmail.com")!,
                          EmailAddress("contractor@partner.org")!]),
            MailingList(address: EmailAddress("other@example.com")!, members: [EmailAddress("bob@example.com")!]),
        ])

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let sender: String
        let entered: String
        let expected: AccessDecision
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "recipient person", sender: "boss@example.com", entered: "carol@customer.net", expected: .recipient),
        Case(name: "recipient person, external sender", sender: "x@vendor.io", entered: "carol@customer.net", expected: .recipient),
        Case(name: "recipient list address", sender: "boss@example.com", entered: "team@example.com", expected: .recipient),
        Case(name: "recipient list address, external sender", sender: "x@vendor.io", entered: "team@example.com", expected: .recipient),
        Case(name: "internal member of a list, internal sender", sender: "boss@example.com", entered: "ann@example.com",
             expected: .memberOfList(EmailAddress("team@example.com")!)),
        Case(name: "internal member by listing, internal sender", sender: "boss@example.com", entered: "contractor@partner.org",
             expected: .memberOfList(EmailAddress("team@example.com")!)),
        Case(name: "same member, external sender", sender: "x@vendor.io", entered: "ann@example.com", expected: .denied),
        Case(name: "external member of the list, internal sender", sender: "boss@example.com", entered: "outsider@gmail.com", expected: .denied),
        Case(name: "member of a list the link was not shared with", sender: "boss@example.com", entered: "bob@example.com", expected: .denied),
        Case(name: "internal stranger", sender: "boss@example.com", entered: "dave@example.com", expected: .denied),
        Case(name: "external stranger", sender: "boss@example.com", entered: "eve@evil.test", expected: .denied),
        Case(name: "recipient, case and spaces differ", sender: "boss@example.com", entered: "  Carol@Customer.NET ", expected: .recipient),
        Case(name: "list address, case differs", sender: "boss@example.com", entered: "TEAM@Example.com", expected: .recipient),
        Case(name: "member, case differs, sender case differs", sender: "BOSS@EXAMPLE.COM", entered: "Ann@EXAMPLE.com",
             expected: .memberOfList(EmailAddress("team@example.com")!)),
    ]

    @Test("who may open a link shared with carol@customer.net and team@example.com", arguments: cases)
    func decides(_ test: Case) throws {
        let rule = AccessRule(
            recipients: [EmailAddress("Carol@customer.net")!, EmailAddress("team@EXAMPLE.com")!],
            sender: try #require(EmailAddress(test.sender)), directory: Self.directory)
        let decision = rule.decide(try #require(EmailAddress(test.entered)))
        #expect(decision == test.expected)
        #expect(decision.mayOpen == (test.expected != .denied))
    }

    @Test("members of a list nested in a recipient list may open, and a cycle of lists ends")
    func nestedLists() {
        let team = EmailAddress("team@example.com")!, eng = EmailAddress("eng@example.com")!
        let directory = Directory(domains: ["example.com"], lists: [
            MailingList(address: team, members: [eng, EmailAddress("ann@example.com")!]),
            MailingList(address: eng, members: [team, EmailAddress("bob@example.com")!]),
        ])
        let rule = AccessRule(recipients: [team], sender: EmailAddress("boss@example.com")!, directory: directory)
        #expect(rule.decide(EmailAddress("bob@example.com")!) == .memberOfList(team))
        #expect(rule.decide(EmailAddress("ann@example.com")!) == .memberOfList(team))
        #expect(rule.decide(EmailAddress("carl@example.com")!) == .denied)
        #expect(directory.isMember(EmailAddress("ann@example.com")!, of: eng))
    }

    @Test("with an empty directory only the recipients themselves may open")
    func emptyDirectory() {
        let rule = AccessRule(
            recipients: [EmailAddress("team@example.com")!], sender: EmailAddress("boss@example.com")!, directory: .empty)
        #expect(rule.decide(EmailAddress("team@example.com")!) == .recipient)
        #expect(rule.decide(EmailAddress("ann@example.com")!) == .denied)
    }
}
