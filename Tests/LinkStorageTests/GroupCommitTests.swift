import Foundation
import Testing
import LinkStorage
import LinkVerification

/// Concurrent writes share commits, and each still acts as its own transaction.
struct GroupCommitTests {
    private struct Refused: Error, Equatable {
        let index: Int
    }

    private static func file(_ index: Int) -> StoredFile {
        StoredFile(
            id: "file-\(index)", name: "report-\(index).pdf", size: index, contentType: "application/pdf",
            sha256: String(repeating: "a", count: 64), createdAt: Date(timeIntervalSince1970: 1_800_000_000)
        )
    }

    private static func temporaryDatabase() throws -> (SQLiteLinkStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otplink-group-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try SQLiteLinkStore(path: folder.appendingPathComponent("otplink.sqlite").path), folder)
    }

    @Test("a write that throws in a shared commit is undone alone: every other caller's write is kept")
    func failingWriteIsIsolated() async throws {
        let (store, folder) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcomes = await withTaskGroup(of: (Int, Result<String, Refused>).self) { group in
            for index in 0..<96 {
                group.addTask {
                    do {
                        let id = try await store.write { tx -> String in
                            try tx.insertFile(Self.file(index))
                            if index % 4 == 0 { throw Refused(index: index) }
                            return "file-\(index)"
                        }
                        return (index, .success(id))
                    } catch {
                        return (index, .failure(error as? Refused ?? Refused(index: -1)))
                    }
                }
            }
            var outcomes: [Int: Result<String, Refused>] = [:]
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
        for index in 0..<96 {
            let stored = try await store.read { tx in try tx.file(id: "file-\(index)") }
            if index % 4 == 0 {
                #expect(outcomes[index] == .failure(Refused(index: index)), "write \(index) hears its own error")
                #expect(stored == nil, "write \(index) threw, so its insert is undone")
            } else {
                #expect(outcomes[index] == .success("file-\(index)"), "write \(index) hears its own result")
                #expect(stored == Self.file(index), "write \(index) is kept")
            }
        }
    }

    @Test("writes that wait together share one commit, and later writes see earlier ones in arrival order")
    func concurrentWritesShareCommits() async throws {
        let (store, folder) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = store.commitCount
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask { _ = try? await store.write { tx in try tx.insertFile(Self.file(index)) } }
            }
        }
        let commits = store.commitCount - before
        #expect(commits >= 1)
        #expect(commits < 64, "64 concurrent writes took \(commits) commits: none were grouped")
        // A read-then-write per caller: each takes the first free number. In serial order no two take
        // the same one (the second insert of an id would fail), across batches too.
        let taken = await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try? await store.write { tx -> Int in
                        var number = 0
                        while try tx.file(id: "file-\(10_000 + number)") != nil { number += 1 }
                        try tx.insertFile(Self.file(10_000 + number))
                        return number
                    }
                }
            }
            var taken: [Int] = []
            for await number in group { if let number { taken.append(number) } }
            return taken
        }
        #expect(taken.sorted() == Array(0..<50))
    }

    @Test("what a shared commit acknowledged is in the file after the store is closed and opened again")
    func acknowledgedWritesSurviveReopening() async throws {
        let (store, folder) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { _ = try? await store.write { tx in try tx.insertFile(Self.file(index)) } }
            }
        }
        let reopened = try SQLiteLinkStore(path: store.path)
        for index in 0..<40 {
            #expect(try await reopened.read { tx in try tx.file(id: "file-\(index)") } == Self.file(index))
        }
    }
}
