import ArgumentParser
import Foundation

/// The `--data` option every command shares.
struct DataFolderOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The data folder: otplink.sqlite, files/, outbox/, secret.key. Env: OTPLINK_DATA. Default: var.",
        valueName: "folder"
    ))
    var data: String?

    /// The folder, from the flag, `OTPLINK_DATA` or the default.
    func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> DataFolder {
        DataFolder(url: SettingSource(environment: environment).dataFolder(data))
    }
}
