import ArgumentParser
import Foundation
import LinkStorage

/// The `--data` option every command shares.
struct DataFolderOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The data folder: otplink.sqlite, files/, outbox/, secret.key. Env: OTPLINK_DATA. Default: var.",
        valueName: "folder"
    ))
    var data: String?

    /// The folder, from the flag, `OTPLINK_DATA` or the default.
    func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> DataFolder {
        DataFolder(path: SettingSource(environment: environment).dataFolder(data).path)
    }
}
