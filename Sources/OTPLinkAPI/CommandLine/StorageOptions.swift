import ArgumentParser
import Foundation
import LinkStorage

/// The storage options every command shares: `--data`, `--database`, `--database-password-file`, `--secret-file`.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The data folder: otplink.sqlite, files/, outbox/, secret.key. Env: OTPLINK_DATA. Default: var.",
        valueName: "folder"
    ))
    var data: String?

    @Option(help: ArgumentHelp(
        "Keep everything in this PostgreSQL database instead of SQLite, shared by every instance: postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require|verify-full]. Env: OTPLINK_DATABASE_URL.",
        valueName: "url"
    ))
    var database: String?

    @Option(help: ArgumentHelp(
        "A file holding the database password (mode 0600; instead of one in the URL). Env: OTPLINK_DATABASE_PASSWORD_FILE.",
        valueName: "file"
    ))
    var databasePasswordFile: String?

    @Option(help: ArgumentHelp(
        "The server secret (32 bytes, mode 0600), the same for every instance on one database. Env: OTPLINK_SECRET_FILE. Default: <data>/secret.key, created on first start.",
        valueName: "file"
    ))
    var secretFile: String?

    /// The folder, from the flag, `OTPLINK_DATA` or the default.
    func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> DataFolder {
        DataFolder(path: SettingSource(environment: environment).dataFolder(data).path)
    }

    /// The storage the flags and `environment` describe; throws `ValidationError` naming the setting at fault.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StorageSettings {
        let source = SettingSource(environment: environment)
        let passwordFile = source.text(databasePasswordFile, variable: "OTPLINK_DATABASE_PASSWORD_FILE")
        var address: PostgresAddress?
        if let url = source.text(database, variable: "OTPLINK_DATABASE_URL") {
            do {
                var parsed = try PostgresAddress(url: url)
                if let passwordFile { try parsed.readPassword(fromFile: passwordFile) }
                address = parsed
            } catch {
                throw ValidationError("--database (or OTPLINK_DATABASE_URL): \(error)")
            }
        } else if passwordFile != nil {
            throw ValidationError("--database-password-file (or OTPLINK_DATABASE_PASSWORD_FILE) needs --database.")
        }
        let secret = source.text(secretFile, variable: "OTPLINK_SECRET_FILE").map { URL(fileURLWithPath: $0) }
        if let secret, !FileManager.default.fileExists(atPath: secret.path) {
            throw ValidationError("--secret-file (or OTPLINK_SECRET_FILE): \(secret.path) does not exist.")
        }
        return StorageSettings(dataFolder: folder(environment: environment), database: address, secretFile: secret)
    }
}
