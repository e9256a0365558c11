import Foundation
import LinkVerification
import Testing
@testable import LinkMail

@Suite("The withheld mail sink")
struct WithheldMailSinkTests {
    private func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a withheld message is written like an outbox one, reaches no outbox, and stays until the sweep deletes it")
    func writesThenSweeps() async throws {
        let root = try Fixtures.temporaryFolder()
        let (scratch, outbox) = (root.appendingPathComponent("withheld-mail"), root.appendingPathComponent("outbox"))
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        let sink = WithheldMailSink(folder: scratch, composer: try Fixtures.composer(), outbox: outbox)
        let mail = Fixtures.codeMail(code: "350172")
        try await sink.deliver(mail)

        let written = try names(in: scratch)
        #expect(written.count == 1 && written[0].hasSuffix("-\(mail.id.uuidString.lowercased()).eml"))
        let parsed = try MIMEParser.parse(Data(contentsOf: scratch.appendingPathComponent(written[0])))
        #expect(parsed.plain?.content.contains("350172") == true, "the same message an outbox delivery writes")
        #expect(try names(in: outbox).isEmpty)

        #expect(try await sink.removeWritten() == 1)
        #expect(try names(in: scratch).isEmpty)
        #expect(try await sink.removeWritten() == 0)
    }

    @Test("the sweep deletes what an interrupted write left, but not a write still in progress")
    func abandonedTemporaryFiles() async throws {
        let scratch = try Fixtures.temporaryFolder()
        let sink = WithheldMailSink(folder: scratch, composer: try Fixtures.composer())
        let fresh = scratch.appendingPathComponent(".fresh.1.tmp")
        let abandoned = scratch.appendingPathComponent(".abandoned.2.tmp")
        for file in [fresh, abandoned] { try Data("partial".utf8).write(to: file) }
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-2 * WithheldMailSink.abandonedAfter)], ofItemAtPath: abandoned.path)

        #expect(try await sink.removeWritten() == 1)
        #expect(try names(in: scratch) == [fresh.lastPathComponent])
    }

    @Test("a scratch folder that cannot be read is an error naming the folder")
    func unreadableFolder() async throws {
        let notAFolder = try Fixtures.temporaryFolder().appendingPathComponent("withheld-mail")
        try Data("a file where the folder should be".utf8).write(to: notAFolder)
        let sink = WithheldMailSink(folder: notAFolder, composer: try Fixtures.composer())
        let error = await #expect(throws: WithheldMailSweepError.self) { try await sink.removeWritten() }
        #expect(error?.path == notAFolder.path)
    }
}
