import ArgumentParser
import Foundation
import Testing
@testable import OTPLinkAPI

@Suite("serve checks every input before it creates its data folder, secret or keys")
struct StartupChecksTests {
    private func configuration(_ root: URL, change: (inout APIConfiguration) -> Void) -> APIConfiguration {
        var configuration = APIConfiguration(
            port: 0, dataFolder: root.appendingPathComponent("data"), templatesFolder: TestService.templatesFolder)
        change(&configuration)
        return configuration
    }

    private func refused(_ configuration: APIConfiguration) async -> String {
        do {
            _ = try await buildApplication(configuration: configuration)
            Issue.record("the server was built")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("a missing templates folder is refused and no data folder is left behind")
    func missingTemplates() async throws {
        let root = try TemporaryFolder.make()
        let message = await refused(configuration(root) { $0.templatesFolder = root.appendingPathComponent("nowhere/email") })
        #expect(message.contains(root.appendingPathComponent("nowhere/email").path), "\(message)")
        #expect(message.hasPrefix("--templates (or OTPLINK_TEMPLATES): "), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("data").path))
    }

    @Test("a bad sender, a short admin key file or a weak policy is refused before the folder exists")
    func otherInputs() async throws {
        let root = try TemporaryFolder.make()
        let data = root.appendingPathComponent("data").path
        #expect(await refused(configuration(root) { $0.mailFrom = "not a mailbox" }).contains("--mail-from"))
        #expect(!FileManager.default.fileExists(atPath: data))

        let keyFile = root.appendingPathComponent("admin.key")
        try PrivateFile.create(at: keyFile.path, contents: Array("short".utf8))
        #expect(await refused(configuration(root) { $0.adminKeyFile = keyFile }).contains(keyFile.path))
        #expect(!FileManager.default.fileExists(atPath: data))

        #expect(await refused(configuration(root) { $0.policy.codeLength = 4 }).contains("codeLength"))
        #expect(!FileManager.default.fileExists(atPath: data))
    }

    @Test("serve with a bad policy file stops at the command line, before the folder exists")
    func badPolicyFile() throws {
        let root = try TemporaryFolder.make()
        let policy = root.appendingPathComponent("policy.yaml")
        try "codeLenght: 8\n".write(to: policy, atomically: true, encoding: .utf8)
        let data = root.appendingPathComponent("data").path
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--data", data, "--policy-file", policy.path]) }
        #expect(!FileManager.default.fileExists(atPath: data))
    }

    @Test("the templates default: installed beside the binary, else templates/email in the working folder")
    func templatesDefault() throws {
        let prefix = try TemporaryFolder.make()
        let binary = prefix.appendingPathComponent("bin/otplink-api")
        try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: binary.path, contents: Data())
        #expect(InstalledTemplates.folder(executable: binary).path == FileManager.default.currentDirectoryPath + "/templates/email")

        let installed = prefix.appendingPathComponent("share/otplink/templates/email")
        try FileManager.default.createDirectory(at: installed, withIntermediateDirectories: true)
        #expect(InstalledTemplates.folder(executable: binary).path == installed.resolvingSymlinksInPath().path)
    }
}
