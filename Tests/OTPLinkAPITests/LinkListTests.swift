import ArgumentParser
import Foundation
import LinkStorage
import Testing
@testable import OTPLinkAPI

@Suite("link list shows every link and how it stands; an unknown link id is named in the operator's words")
struct LinkListTests {
    @Test("link list: id, file, recipients, expiry, state, opened; as a table and as JSON")
    func listShowsEveryLink() async throws {
        let service = try TestService()
        let root = service.dataFolder.url.deletingLastPathComponent()
        let plan = root.appendingPathComponent("plan.pdf")
        try Data("%PDF plan".utf8).write(to: plan)
        let console = try await AdminConsole(folder: service.dataFolder, siteURL: TestService.siteURL, clock: service.clock)
        #expect(try await console.links().isEmpty)
        #expect(LinkListing.table([]).hasPrefix("No links yet"))

        let first = try await console.createLink(
            file: plan, recipients: ["carol@example.com", "dave@example.com"], sender: "boss@example.com", lifetime: 86400, locale: "en", notify: false)
        service.clock.advance(by: 60)  // Oldest first: the second link is a minute younger.
        let second = try await console.createLink(
            file: plan, recipients: ["erin@example.com"], sender: "boss@example.com", lifetime: 86400, locale: "en", notify: false)
        try await service.test { client in
            let (id, code) = try await service.challenge(client, SharedLink(linkID: first.linkID, token: first.token, url: first.url), email: "carol@example.com")
            #expect(try await client.verifyCode(id, code: code).status == .ok)
        }
        try await console.revokeLink(second.linkID)

        let rows = try await console.links()
        #expect(rows.map(\.id) == [first.linkID, second.linkID])
        #expect(rows.map(\.file) == ["plan.pdf", "plan.pdf"])
        #expect(rows.first?.recipients == ["carol@example.com", "dave@example.com"])
        #expect(rows.map(\.state) == ["active", "revoked"])
        #expect(rows.map(\.opened) == [1, 0])
        #expect(rows.first?.expires == ISO8601Date.string(first.link.expiresAt))

        let table = LinkListing.table(rows).split(separator: "\n").map(String.init)
        #expect(table.count == 3)
        #expect(table[0].hasPrefix("ID"))
        #expect(table[1].hasPrefix(first.linkID) && table[1].contains("carol@example.com,dave@example.com") && table[1].hasSuffix("1"))
        #expect(table[2].contains("revoked"))
        // Columns line up: STATE starts at the same place in every line.
        let stateColumn = try #require(table[0].range(of: "STATE")).lowerBound.utf16Offset(in: table[0])
        #expect(try #require(table[2].range(of: "revoked")).lowerBound.utf16Offset(in: table[2]) == stateColumn)
        #expect(!table.joined().contains(first.token), "the list never shows a token")

        service.clock.advance(by: 2 * 86400)
        #expect(try await console.links().map(\.state) == ["expired", "revoked"])

        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(rows)) as? [[String: Any]]
        #expect(json?.first?.keys.sorted() == ["expires", "file", "id", "opened", "recipients", "state"])
    }

    @Test("revoke, unlock and events of an unknown id say that no link has it, not the recipients' wording")
    func unknownLinkID() async throws {
        let service = try TestService()
        let console = try await AdminConsole(folder: service.dataFolder)
        for action in [{ try await console.revokeLink("NOPE") }, { try await console.unlockLink("NOPE") }, { _ = try await console.eventLines("NOPE") }] {
            do {
                try await action()
                Issue.record("an unknown link id was accepted")
            } catch {
                #expect("\(error)" == "no link has the id `NOPE`; `otplink-api link list` shows the links and their ids")
            }
        }
    }
}
