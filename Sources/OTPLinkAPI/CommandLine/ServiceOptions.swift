import ArgumentParser
import Foundation
import LinkStorage
import LinkVerification

/// What every command needs to open the service, the server and the admin commands alike: the storage
/// (`--data`, `--database`, `--database-password-file`, `--secret-file`) and the rules (`--policy-file`).
struct ServiceOptions: ParsableArguments {
    @Option(help: Setting.data.help) var data: String?
    @Option(help: Setting.database.help) var database: String?
    @Option(help: Setting.databasePasswordFile.help) var databasePasswordFile: String?
    @Option(help: Setting.secretFile.help) var secretFile: String?
    @Option(help: Setting.policyFile.help) var policyFile: String?

    /// The policy `--policy-file` (or `OTPLINK_POLICY_FILE`) names, else the defaults.
    func policy(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Policy {
        try SettingSource(environment: environment).text(policyFile, .policyFile)
            .map { try PolicyFile.load(from: URL(fileURLWithPath: $0)) } ?? Policy()
    }

    /// The admin commands' console on the storage and policy these options name.
    func console(siteURL: URL? = nil) async throws -> AdminConsole {
        try await AdminConsole(storage: settings(), siteURL: siteURL ?? APIConfiguration.Defaults.siteURL, policy: policy())
    }

    /// The folder, from the flag, `OTPLINK_DATA` or the default.
    func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> DataFolder {
        DataFolder(path: SettingSource(environment: environment).dataFolder(data).path)
    }

    /// The storage the flags and `environment` describe; throws `ValidationError` naming the setting at fault.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StorageSettings {
        let source = SettingSource(environment: environment)
        let passwordFile = source.text(databasePasswordFile, .databasePasswordFile)
        var address: PostgresAddress?
        if let url = source.text(database, .database) {
            do {
                var parsed = try PostgresAddress(url: url)
                if let passwordFile { try parsed.readPassword(fromFile: passwordFile) }
                address = parsed
            } catch {
                throw ValidationError("\(Setting.database.names): \(error)")
            }
        } else if passwordFile != nil {
            throw ValidationError("\(Setting.databasePasswordFile.names) needs --database.")
        }
        let secret = source.text(secretFile, .secretFile).map { URL(fileURLWithPath: $0) }
        if let secret, !FileManager.default.fileExists(atPath: secret.path) {
            throw ValidationError("\(Setting.secretFile.names): \(secret.path) does not exist.")
        }
        return StorageSettings(dataFolder: folder(environment: environment), database: address, secretFile: secret)
    }
}
