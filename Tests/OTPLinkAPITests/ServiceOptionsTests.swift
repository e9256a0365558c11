import ArgumentParser
import Foundation
import LinkStorage
import Testing
@testable import OTPLinkAPI

@Suite("One service for serve and the admin commands; each setting defined once")
struct ServiceOptionsTests {
    @Test("link create honours --policy-file: the policy's default lifetime, and its maximum refuses a longer one")
    func adminCommandsHonourThePolicyFile() async throws {
        let root = try TemporaryFolder.make()
        let data = root.appendingPathComponent("data").path
        let policy = root.appendingPathComponent("policy.yaml")
        try "defaultLinkLifetime: 3600\nmaximumLinkLifetime: 86400\n".write(to: policy, atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("plan.pdf")
        try Data("%PDF".utf8).write(to: file)
        let common = ["--file", file.path, "--to", "a@example.com", "--sender", "b@example.com", "--data", data, "--policy-file", policy.path]

        let before = Date()
        var create = try OTPLinkCommand.parseAsRoot(["link", "create"] + common) as! AsyncParsableCommand
        try await create.run()
        let links = try await AdminConsole(folder: DataFolder(path: data)).links()
        let expires = try #require(links.first.flatMap { ISO8601Date.parse($0.expires) })
        #expect(abs(expires.timeIntervalSince(before) - 3600) < 60, "the policy file's defaultLinkLifetime, not 7 days")

        var tooLong = try OTPLinkCommand.parseAsRoot(["link", "create", "--expires", "2d"] + common) as! AsyncParsableCommand
        await #expect(throws: (any Error).self, "2 days is over the policy's maximumLinkLifetime") { try await tooLong.run() }
        #expect(try await AdminConsole(folder: DataFolder(path: data)).links().count == 1)

        // A policy file with a typo stops the admin command too.
        try "defaultLinkLifetme: 3600\n".write(to: policy, atomically: true, encoding: .utf8)
        var typo = try OTPLinkCommand.parseAsRoot(["link", "list", "--data", data, "--policy-file", policy.path]) as! AsyncParsableCommand
        await #expect(throws: ValidationError.self) { try await typo.run() }
    }

    /// Each option's help in `help`, by flag (`port`), its lines joined.
    private func optionHelp(_ help: String) -> [String: String] {
        var options: [String: String] = [:]
        for chunk in help.components(separatedBy: "\n  --").dropFirst() {
            let flag = String(chunk.prefix { !$0.isWhitespace })
            options[flag] = chunk.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
        return options
    }

    @Test("link create --help prints each default once")
    func linkCreateHelpPrintsDefaultsOnce() throws {
        let options = optionHelp(LinkCommand.Create.helpMessage(columns: 200))
        let locale = try #require(options["locale"])
        #expect(locale.lowercased().components(separatedBy: "default:").count == 2, "\(locale)")
        let expires = try #require(options["expires"])
        #expect(expires.lowercased().components(separatedBy: "default:").count == 2, "\(expires)")
        #expect(expires.contains("defaultLinkLifetime"))
    }

    @Test("serve's help, parser and configuration read one definition per setting")
    func oneDefinitionPerSetting() throws {
        let options = optionHelp(ServeCommand.helpMessage(columns: 200))
        let settings: [Setting] = [
            .data, .database, .databasePasswordFile, .secretFile, .policyFile, .siteURL, .host, .port.setting, .allowedHost,
            .adminKeyFile, .trustProxy, .metricsListen, .rateBurst.setting, .ratePerMinute.setting, .requestTimeout.setting,
            .connectionsPerClient.setting, .uploadLimit.setting, .templates, .mailFrom, .smtpURL, .smtpPasswordFile, .logLevel,
        ]
        for setting in settings {
            let line = options[setting.flag] ?? ""
            #expect(line.contains("Env: \(setting.variable)."), "--\(setting.flag): \(line)")
            if let shown = setting.shownDefault { #expect(line.contains("Default: \(shown)."), "\(line)") }
        }
        let parsed = try ServeCommand.parse([]).apiConfiguration(environment: [:])
        let defaults = APIConfiguration(templatesFolder: parsed.templatesFolder)
        #expect(parsed.port == defaults.port && parsed.host == defaults.host && parsed.mailFrom == defaults.mailFrom)
        #expect(parsed.uploadLimit == defaults.uploadLimit && parsed.rateLimit == defaults.rateLimit)
        #expect(parsed.connectionLimits == defaults.connectionLimits && parsed.logLevel == defaults.logLevel)
        #expect(parsed.siteURL == defaults.siteURL && parsed.dataFolder.path == defaults.dataFolder.path)
        do {
            _ = try ServeCommand.parse(["--rate-burst", "0"])
            Issue.record("--rate-burst 0 was accepted")
        } catch {
            #expect(ServeCommand.message(for: error).contains("--rate-burst (or OTPLINK_RATE_BURST) must be a whole number from 1"))
        }
    }
}
