import Foundation
import LinkVerification
import Testing
@testable import LinkMail

@Suite("The outbox folder")
struct OutboxDeliveryTests {
    private func outbox(_ folder: URL, now: Date = Fixtures.now) throws -> OutboxDelivery {
        OutboxDelivery(folder: folder, composer: try Fixtures.composer(), now: { now })
    }

    private func emlFiles(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a message becomes <UTC time>-<id>.eml in a folder created on demand, and parses")
    func writesFile() async throws {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("data/outbox")
        let mail = Fixtures.codeMail(locale: "ko", code: "350172")
        try await outbox(folder, now: Fixtures.now.addingTimeInterval(0.25)).deliver(mail)

        let names = try emlFiles(in: folder)
        #expect(names == ["20261127T050000.250Z-\(mail.id.uuidString.lowercased()).eml"])
        let data = try Data(contentsOf: folder.appendingPathComponent(names[0]))
        let parsed = try MIMEParser.parse(data)
        #expect(parsed.defects == [])
        #expect(parsed.plain?.content.contains("350172") == true)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(names[0]).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the file holds a code: owner only")
    }

    @Test("delivering the same mail again leaves one file, unchanged")
    func idempotent() async throws {
        let folder = try Fixtures.temporaryFolder()
        let mail = Fixtures.codeMail()
        try await outbox(folder, now: Fixtures.now).deliver(mail)
        let first = try emlFiles(in: folder)
        let firstData = try Data(contentsOf: folder.appendingPathComponent(first[0]))
        try await outbox(folder, now: Fixtures.now.addingTimeInterval(90)).deliver(mail)
        #expect(try emlFiles(in: folder) == first)
        #expect(try Data(contentsOf: folder.appendingPathComponent(first[0])) == firstData)

        try await outbox(folder).deliver(Fixtures.codeMail())
        #expect(try emlFiles(in: folder).count == 2)
    }

    @Test("a reader watching the folder never sees a partial file")
    func atomic() async throws {
        let folder = try Fixtures.temporaryFolder()
        let delivery = try outbox(folder)
        let big = Fixtures.sharedMail(fileName: String(repeating: "큰 파일 이름 ", count: 3_000))
        let count = 40
        let writer = Task {
            for index in 0..<count {
                var mail = big
                mail.id = UUID()
                if index % 2 == 0 { mail = Fixtures.codeMail() }
                try await delivery.deliver(mail)
            }
        }
        var seen = Set<String>()
        var partial: [String] = []
        for _ in 0..<10_000 {
            for name in try emlFiles(in: folder) where name.hasSuffix(".eml") && !seen.contains(name) {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                if !String(decoding: data.suffix(64), as: UTF8.self).hasSuffix("--\r\n") { partial.append(name) }
                seen.insert(name)
            }
            if seen.count == count { break }
            await Task.yield()
        }
        try await writer.value
        #expect(partial == [])
        let names = try emlFiles(in: folder)
        #expect(names.count == count)
        #expect(names.allSatisfy { $0.hasSuffix(".eml") }, "no temporary file is left behind")
    }

    @Test("while a message is being written, no .eml file is visible; a write that fails leaves nothing")
    func noPartialFiles() async throws {
        let folder = try Fixtures.temporaryFolder()
        let big = Fixtures.sharedMail(fileName: String(repeating: "큰 파일 이름 ", count: 2_000))
        let visibleMidWrite = LockedList()
        let watching = OutboxDelivery(folder: folder, composer: try Fixtures.composer(), now: { Fixtures.now }) {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            visibleMidWrite.append(contentsOf: names.filter { $0.hasSuffix(".eml") })
        }
        try await watching.deliver(big)
        #expect(Set(visibleMidWrite.items) == [], "a reader saw the file before it was complete")
        #expect(try emlFiles(in: folder).count == 1)

        struct DiskFull: Error {}
        let failing = OutboxDelivery(folder: folder, composer: try Fixtures.composer(), now: { Fixtures.now }) { throw DiskFull() }
        await #expect(throws: MailDeliveryFailure.self) { try await failing.deliver(Fixtures.codeMail()) }
        #expect(try emlFiles(in: folder).count == 1, "the failed message left a file (complete or temporary)")
    }

    @Test("a folder that cannot be written is a transient failure and leaves nothing behind")
    func unwritable() async throws {
        let parent = try Fixtures.temporaryFolder()
        let blocker = parent.appendingPathComponent("outbox")
        try Data("not a folder".utf8).write(to: blocker)
        await #expect {
            try await outbox(blocker).deliver(Fixtures.codeMail())
        } throws: { error in
            guard case .transient(let reason) = error as? MailDeliveryFailure else { return false }
            return reason.contains(blocker.path)
        }

        let readOnly = parent.appendingPathComponent("read-only")
        try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: readOnly.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: readOnly.path) }
        if access(readOnly.path, W_OK) != 0 { // root writes anywhere; the check means something only for other users
            await #expect(throws: MailDeliveryFailure.self) { try await outbox(readOnly).deliver(Fixtures.codeMail()) }
            #expect(try emlFiles(in: readOnly) == [])
        }
    }

    @Test("a mail that cannot be composed is a permanent failure and writes nothing")
    func permanent() async throws {
        let folder = try Fixtures.temporaryFolder()
        await #expect {
            try await outbox(folder).deliver(Fixtures.codeMail(to: "kim@example.com\r\nBcc: eve@example.com"))
        } throws: { error in
            guard case .permanent(let reason) = error as? MailDeliveryFailure else { return false }
            return reason.contains("recipient")
        }
        #expect(try emlFiles(in: folder) == [])
    }
}

/// A list several tasks append to.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(contentsOf names: [String]) { lock.withLock { storage += names } }
    var items: [String] { lock.withLock { storage } }
}
