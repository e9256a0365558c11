import Foundation
import LinkStorage
import Testing
@testable import OTPLinkAPI

@Suite("Keys at start: secret.key and the admin key")
struct KeyFileTests {
    @Test("A first start creates secret.key (32 bytes, 0600) and, without a key file, admin.key (0600)")
    func firstStartCreatesKeys() async throws {
        var service = try TestService()
        service.configuration.adminKeyFile = nil
        _ = try await service.application()
        let secret = service.dataFolder.secretURL
        #expect(try Data(contentsOf: secret).count == 32)
        #expect(try TemporaryFolder.mode(of: secret) == 0o600)
        let adminKeyFile = AdminKey.generatedFile(in: service.dataFolder)
        #expect(try TemporaryFolder.mode(of: adminKeyFile) == 0o600)
        #expect(service.logs.text.contains(adminKeyFile.path))
        let key = try String(contentsOf: adminKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count == 43)
        #expect(!service.logs.text.contains(key))

        _ = try await service.application()
        #expect(try String(contentsOf: adminKeyFile, encoding: .utf8).contains(key))
    }

    @Test("The server refuses to start when secret.key can be read by others")
    func secretReadableByOthers() async throws {
        let service = try TestService()
        _ = try await service.application()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: service.dataFolder.secretURL.path)
        await #expect(throws: (any Error).self) { _ = try await service.application() }
    }

    @Test("A generated admin key is accepted; anything else is not")
    func generatedAdminKey() throws {
        let folder = DataFolder(path: try TemporaryFolder.make().path)
        try folder.prepare()
        let (key, created) = try AdminKey.loadOrCreate(in: folder)
        #expect(created)
        let text = try String(contentsOf: AdminKey.generatedFile(in: folder), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.accepts(Substring(text)))
        #expect(!key.accepts(Substring(String(text.dropLast()))))
        #expect(!key.accepts(Substring(text + "x")))
        #expect(!key.accepts(""))
        let (again, createdAgain) = try AdminKey.loadOrCreate(in: folder)
        #expect(!createdAgain)
        #expect(again.accepts(Substring(text)))
    }

    @Test("An admin key file that is short or readable by others is refused, naming the file")
    func badAdminKeyFiles() throws {
        let folder = try TemporaryFolder.make()
        let short = folder.appendingPathComponent("short.key")
        try PrivateFile.create(at: short.path, contents: Array("too-short\n".utf8))
        let shortError = #expect(throws: ConfigurationError.self) { try AdminKey.load(from: short) }
        #expect(shortError?.description.contains("short.key") == true)

        let open = folder.appendingPathComponent("open.key")
        try PrivateFile.create(at: open.path, contents: Array(String(repeating: "k", count: 40).utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open.path)
        let openError = #expect(throws: ConfigurationError.self) { try AdminKey.load(from: open) }
        #expect(openError?.description.contains("chmod 600") == true)
    }
}
