import Foundation
import Testing
@testable import OTPLinkAPI

@Suite("secret.key and the admin key")
struct KeyFileTests {
    @Test("secret.key: 32 random bytes, mode 0600, the same on the next start")
    func secretKeyCreatedPrivately() throws {
        let folder = DataFolder(url: try TemporaryFolder.make())
        try folder.prepare()
        let first = try folder.loadOrCreateSecretKey()
        let second = try folder.loadOrCreateSecretKey()
        #expect(first.count == 32)
        #expect(first == second)
        #expect(try TemporaryFolder.mode(of: folder.secretKeyURL) == 0o600)
        let other = DataFolder(url: try TemporaryFolder.make())
        try other.prepare()
        #expect(try other.loadOrCreateSecretKey() != first)
    }

    @Test("secret.key readable by others is refused, naming the file and the fix")
    func secretKeyReadableByOthersRefused() throws {
        let folder = DataFolder(url: try TemporaryFolder.make())
        try folder.prepare()
        _ = try folder.loadOrCreateSecretKey()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.secretKeyURL.path)
        let error = #expect(throws: ConfigurationError.self) { try folder.loadOrCreateSecretKey() }
        #expect(error?.description.contains(folder.secretKeyURL.path) == true)
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test("A truncated secret.key is refused")
    func truncatedSecretKeyRefused() throws {
        let folder = DataFolder(url: try TemporaryFolder.make())
        try folder.prepare()
        try PrivateFile.create(at: folder.secretKeyURL.path, contents: [1, 2, 3])
        let error = #expect(throws: ConfigurationError.self) { try folder.loadOrCreateSecretKey() }
        #expect(error?.description.contains("holds 3 bytes, expected 32") == true)
    }

    @Test("A generated admin key is 256 bits in admin.key (0600) and accepted; others are not")
    func generatedAdminKey() throws {
        let folder = DataFolder(url: try TemporaryFolder.make())
        try folder.prepare()
        let (key, created) = try AdminKey.loadOrCreate(in: folder)
        #expect(created)
        #expect(try TemporaryFolder.mode(of: folder.generatedAdminKeyURL) == 0o600)
        let text = try String(contentsOf: folder.generatedAdminKeyURL, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.count == 43)
        #expect(key.accepts(Substring(text)))
        #expect(!key.accepts(Substring(String(text.dropLast()))))
        #expect(!key.accepts(""))
        let (again, createdAgain) = try AdminKey.loadOrCreate(in: folder)
        #expect(!createdAgain)
        #expect(again.accepts(Substring(text)))
    }

    @Test("An admin key file that is short or readable by others is refused")
    func badAdminKeyFiles() throws {
        let folder = try TemporaryFolder.make()
        let short = folder.appendingPathComponent("short.key")
        try PrivateFile.create(at: short.path, contents: Array("too-short\n".utf8))
        #expect(throws: ConfigurationError.self) { try AdminKey.load(from: short) }

        let open = folder.appendingPathComponent("open.key")
        try PrivateFile.create(at: open.path, contents: Array(String(repeating: "k", count: 40).utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open.path)
        let error = #expect(throws: ConfigurationError.self) { try AdminKey.load(from: open) }
        #expect(error?.description.contains("open.key") == true)
    }
}
