import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinkStorage
import Testing
@testable import OTPLinkAPI

@Suite("Admin commands on the data folder, then the server on the same folder")
struct AdminCommandsTests {
    @Test("directory load, link create, revoke and events work on the folder the server serves")
    func commandsAndServerShareTheFolder() async throws {
        let service = try TestService()
        let root = service.dataFolder.url.deletingLastPathComponent()
        let directoryFile = root.appendingPathComponent("directory.yaml")
        try "domains: [example.com]\nlists:\n  - address: team@example.com\n    members: [carol@example.com]\n"
            .write(to: directoryFile, atomically: true, encoding: .utf8)
        let shared = root.appendingPathComponent("plan.pdf")
        try Data("%PDF plan".utf8).write(to: shared)

        var load = try OTPLinkCommand.parseAsRoot(["directory", "load", directoryFile.path, "--data", service.dataFolder.url.path]) as! AsyncParsableCommand
        try await load.run()

        let console = try await AdminConsole(folder: service.dataFolder, siteURL: TestService.siteURL, clock: service.clock)
        let created = try await console.createLink(
            file: shared, recipients: ["team@example.com"], sender: "boss@example.com", lifetime: 2 * 86400, locale: "en", notify: false
        )
        #expect(created.url.hasPrefix("https://help.example.com/en/link/#"))

        try await service.test { client in
            let (id, code) = try await service.challenge(client, SharedLink(linkID: created.linkID, token: created.token, url: created.url), email: "carol@example.com")
            let verified = try await client.verifyCode(id, code: code)
            #expect(verified.status == .ok)
            #expect((verified.json["file"] as? [String: Any])?["contentType"] as? String == "application/pdf")
        }

        var revoke = try OTPLinkCommand.parseAsRoot(["link", "revoke", created.linkID, "--data", service.dataFolder.url.path]) as! AsyncParsableCommand
        try await revoke.run()
        try await service.test { client async throws -> Void in
            #expect(try await client.inspectLink(created.token).errorCode == "link_revoked")
        }
        let lines = try await console.eventLines(created.linkID)
        #expect(lines.first?.contains("link_created") == true)
        #expect(lines.contains { $0.contains("verified") && $0.contains("carol@example.com") })
        #expect(lines.last?.contains("link_revoked") == true)
        #expect(!lines.joined().contains(created.token))
    }

    @Test("Errors name the file or the link: a directory with a typo, an unknown link")
    func errorsNameTheCulprit() async throws {
        let service = try TestService()
        let file = service.dataFolder.url.deletingLastPathComponent().appendingPathComponent("dir.json")
        try #"{"domains":["example.com"],"list":[]}"#.write(to: file, atomically: true, encoding: .utf8)
        let console = try await AdminConsole(folder: service.dataFolder)
        do {
            _ = try await console.loadDirectory(from: file)
            Issue.record("a directory with an unknown key was loaded")
        } catch {
            #expect("\(error)".contains(file.path))
            #expect("\(error)".contains("`list`"))
        }
        await #expect(throws: (any Error).self) { try await console.revokeLink("no-such-link") }
    }
}
