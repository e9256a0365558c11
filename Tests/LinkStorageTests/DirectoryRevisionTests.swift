import Foundation
import GRDB
import Testing
@testable import LinkStorage
import LinkVerification

/// The directory is decoded once per revision, and a kept copy is never used after the stored one changed.
struct DirectoryRevisionTests {
    private struct Abandoned: Error {}

    private static func directory(_ members: String...) -> Directory {
        Directory(domains: ["corp.example"], members: members.compactMap(EmailAddress.init))
    }

    private static func temporaryFile() throws -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otplink-directory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder.appendingPathComponent("otplink.sqlite").path, folder)
    }

    @Test("a directory loaded through another connection to the file (the CLI while the server runs) is used at once")
    func replacedElsewhereIsSeen() async throws {
        let (path, folder) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try SQLiteLinkStore(path: path)
        let command = try SQLiteLinkStore(path: path)
        try await server.write { tx in try tx.replaceDirectory(Self.directory("ann@corp.example")) }
        // The server decodes and keeps it, in a write and in a read.
        #expect(try await server.write { tx in try tx.directory() } == Self.directory("ann@corp.example"))
        #expect(try await server.read { tx in try tx.directory() } == Self.directory("ann@corp.example"))

        try await command.write { tx in try tx.replaceDirectory(Self.directory("bob@corp.example")) }
        #expect(try await server.write { tx in try tx.directory() } == Self.directory("bob@corp.example"))
        #expect(try await server.read { tx in try tx.directory() } == Self.directory("bob@corp.example"))
    }

    @Test("a replacement that was rolled back leaves the previous directory in force, though it was read inside")
    func rolledBackReplacementIsNotKept() async throws {
        let (path, folder) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteLinkStore(path: path)
        try await store.write { tx in try tx.replaceDirectory(Self.directory("ann@corp.example")) }
        #expect(try await store.read { tx in try tx.directory() } == Self.directory("ann@corp.example"))

        await #expect(throws: Abandoned.self) {
            try await store.write { tx in
                try tx.replaceDirectory(Self.directory("mallory@corp.example"))
                #expect(try tx.directory() == Self.directory("mallory@corp.example"), "a transaction sees its own replacement")
                throw Abandoned()
            }
        }
        #expect(try await store.write { tx in try tx.directory() } == Self.directory("ann@corp.example"))
        #expect(try await store.read { tx in try tx.directory() } == Self.directory("ann@corp.example"))
        // And a directory replaced again by a later write is the one used.
        try await store.write { tx in try tx.replaceDirectory(Self.directory("carol@corp.example")) }
        #expect(try await store.read { tx in try tx.directory() } == Self.directory("carol@corp.example"))
    }

    @Test("a database made before revisions existed keeps its directory after the migration")
    func migratedDatabaseKeepsItsDirectory() async throws {
        let (path, folder) = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = String(decoding: try JSONEncoder().encode(Self.directory("ann@corp.example")), as: UTF8.self)
        do {
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: "v1: links, challenges, codes, grants, directory, events, mail queue")
            try await old.write { db in try db.execute(sql: "INSERT INTO directory (id, document) VALUES (1, ?)", arguments: [document]) }
            try old.close()
        }
        let store = try SQLiteLinkStore(path: path)
        #expect(try await store.appliedMigrations().contains("v2: directory revision"))
        #expect(try await store.read { tx in try tx.directory() } == Self.directory("ann@corp.example"))
        try await store.write { tx in try tx.replaceDirectory(Self.directory("bob@corp.example")) }
        #expect(try await store.read { tx in try tx.directory() } == Self.directory("bob@corp.example"))
    }
}
