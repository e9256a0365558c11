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
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() == ["files", "outbox", "secret.key"])
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
        #expect(try await storage.read(id: "file_1-A") == bytes)
        try await storage.write(Data("replaced".utf8), id: "file_1-A")
        #expect(try await storage.read(id: "file_1-A") == Data("replaced".utf8))
        #expect(try mode(url.appendingPathComponent("file_1-A").path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path) == ["file_1-A"])
        try await storage.delete(id: "file_1-A")
        await #expect(throws: VerificationError.fileNotFound) { _ = try await storage.read(id: "file_1-A") }
    }

    @Test("ids that could leave the folder are refused", arguments: ["../secret.key", "a/b", "", ".", "..", "x y", String(repeating: "a", count: 65)])
    func pathIDs(id: String) async throws {
        let url = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: url) }
        let storage = try FolderFileStorage(folder: url)
        await #expect(throws: VerificationError.self) { try await storage.write(Data("x".utf8), id: id) }
        await #expect(throws: VerificationError.self) { _ = try await storage.read(id: id) }
    }
}
