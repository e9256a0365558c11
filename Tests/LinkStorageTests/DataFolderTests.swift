import Foundation
import Testing
import LinkStorage
import LinkVerification

struct DataFolderTests {
    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("otplink-folder-\(UUID().uuidString)", isDirectory: true)
    }

    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test("the secret is created once, 32 bytes, mode 0600, and read back the same")
    func secret() throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = DataFolder(path: url.path)
        try folder.prepare()
        let created = try folder.loadOrCreateSecret()
        #expect(try mode(folder.secretURL.path) == 0o600)
        #expect(try mode(folder.filesURL.path) == 0o700)
        #expect(FileManager.default.fileExists(atPath: folder.outboxURL.path))
        let loaded = try folder.loadOrCreateSecret()
        #expect(loaded.bytes == created.bytes)
        #expect(try Data(contentsOf: folder.secretURL).count == 32)
    }

    @Test("a database and folders left readable by others are made private at start, and said so")
    func privateModes() throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = DataFolder(path: url.path)
        try folder.prepare()
        _ = try folder.openStore()
        #expect(try mode(folder.databaseURL.path) == 0o600, "a new database is private from the start")
        for path in [folder.databaseURL.path, folder.databaseURL.path + "-wal"] where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.outboxURL.path)
        let restricted = try folder.prepare()
        #expect(restricted.contains(url.path))
        #expect(restricted.contains(folder.outboxURL.path))
        #expect(restricted.contains(folder.databaseURL.path))
        #expect(try mode(url.path) == 0o700)
        #expect(try mode(folder.outboxURL.path) == 0o700)
        #expect(try mode(folder.databaseURL.path) == 0o600)
        #expect(try folder.prepare().isEmpty, "nothing left to change")
    }

    @Test("processes starting together agree on one secret")
    func concurrentCreation() async throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = DataFolder(path: url.path)
        try folder.prepare()
        let secrets = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 { group.addTask { try folder.loadOrCreateSecret().bytes } }
            var secrets: [[UInt8]] = []
            for try await secret in group { secrets.append(secret) }
            return secrets
        }
        #expect(Set(secrets).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() == ["files", "outbox", "secret.key", "withheld-mail"])
    }

    @Test("a secret file of the wrong size is refused, naming the file")
    func badSecret() throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = DataFolder(path: url.path)
        try folder.prepare()
        try Data("short".utf8).write(to: folder.secretURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder.secretURL.path)
        #expect {
            _ = try folder.loadOrCreateSecret()
        } throws: { error in
            String(describing: error).contains(folder.secretURL.path) && String(describing: error).contains("5 bytes")
        }
    }

    @Test("a secret file others may read is refused")
    func openSecret() throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = DataFolder(path: url.path)
        try folder.prepare()
        _ = try folder.loadOrCreateSecret()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.secretURL.path)
        #expect {
            _ = try folder.loadOrCreateSecret()
        } throws: { error in
            String(describing: error).contains("chmod 600")
        }
    }

    @Test("stored files round-trip, are private, and leave no temporary file")
    func files() async throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let storage = try FolderFileStorage(folder: url)
        let bytes = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try await storage.write(bytes, id: "file_1-A")
        #expect(try await storage.read(id: "file_1-A", size: bytes.count) == bytes)
        try await storage.write(Data("replaced".utf8), id: "file_1-A")
        #expect(try await storage.read(id: "file_1-A", size: 8) == Data("replaced".utf8))
        #expect(try mode(url.appendingPathComponent("file_1-A").path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path) == ["file_1-A"])
        try await storage.delete(id: "file_1-A")
        await #expect(throws: VerificationError.fileNotFound) { _ = try await storage.read(id: "file_1-A", size: 1) }
    }

    @Test("ids that could leave the folder are refused", arguments: ["../secret.key", "a/b", "", ".", "..", "x y", String(repeating: "a", count: 65)])
    func pathIDs(id: String) async throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let storage = try FolderFileStorage(folder: url)
        await #expect(throws: VerificationError.self) { try await storage.write(Data("x".utf8), id: id) }
        await #expect(throws: VerificationError.self) { _ = try await storage.read(id: id, size: 1) }
    }

    @Test("a file streams in and out in pieces: ranges read exactly their bytes, no piece over the chunk size")
    func streamedRanges() async throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let storage = try FolderFileStorage(folder: url)
        let bytes = Data((0..<(3 * fileChunkSize + 123)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        let pieces = stride(from: 0, to: bytes.count, by: 10_000).map { bytes[$0..<min(bytes.count, $0 + 10_000)] }
        try await storage.write(id: "big", chunks: Pieces(pieces: pieces.map { Data($0) }))
        for range in [0..<bytes.count, 5..<6, fileChunkSize - 1..<2 * fileChunkSize + 7, bytes.count - 10..<bytes.count] {
            var read = Data()
            var largest = 0
            try await storage.read(id: "big", range: range) { piece in
                largest = max(largest, piece.count)
                read.append(piece)
            }
            #expect(read == bytes[range])
            #expect(largest <= fileChunkSize)
        }
    }

    @Test("an upload that fails midway stores nothing and leaves no temporary file")
    func failedUpload() async throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let storage = try FolderFileStorage(folder: url)
        struct Cut: Error {}
        await #expect(throws: Cut.self) {
            try await storage.write(id: "cut", chunks: Pieces(pieces: [Data("first".utf8)], failure: Cut()))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).isEmpty)
        await #expect(throws: VerificationError.fileNotFound) { _ = try await storage.read(id: "cut", size: 1) }
    }
}

/// Pieces of a file as an upload delivers them, optionally failing after the last one.
private struct Pieces: AsyncSequence {
    typealias Element = Data
    let pieces: [Data]
    var failure: (any Error)? = nil

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: [Data]
        let failure: (any Error)?
        mutating func next() async throws -> Data? {
            if remaining.isEmpty {
                if let failure { throw failure }
                return nil
            }
            return remaining.removeFirst()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: pieces, failure: failure) }
}
