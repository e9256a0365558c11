import ArgumentParser
import Foundation

/// Where a setting's value comes from: the flag, else its `OTPLINK_*` environment variable, else the default.
struct SettingSource {
    let environment: [String: String]

    /// The flag's value, else `setting`'s variable's (empty counts as unset), else `nil`.
    func text(_ flag: String?, _ setting: Setting) -> String? {
        if let flag { return flag }
        guard let value = environment[setting.variable], !value.isEmpty else { return nil }
        return value
    }

    /// A whole number within `setting`'s range, else its default; an error names the flag and variable.
    func integer(_ flag: String?, _ setting: IntegerSetting) throws -> Int {
        guard let text = text(flag, setting.setting) else { return setting.defaultValue }
        guard let value = Int(text), setting.range.contains(value) else {
            throw ValidationError(
                "\(setting.setting.names) must be a whole number from \(setting.range.lowerBound) to \(setting.range.upperBound), got `\(text)`.")
        }
        return value
    }

    /// An absolute http(s) URL without query or fragment: `--site-url`, else its variable, else the default.
    func siteURL(_ flag: String?) throws -> URL {
        guard let text = text(flag, .siteURL) else { return APIConfiguration.Defaults.siteURL }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false, url.query == nil, url.fragment == nil
        else {
            throw ValidationError("\(Setting.siteURL.names) must be an http(s) URL such as https://help.example.com, got `\(text)`.")
        }
        return url
    }

    /// The data folder: `--data`, else `OTPLINK_DATA`, else the default.
    func dataFolder(_ flag: String?) -> URL {
        URL(fileURLWithPath: text(flag, .data) ?? APIConfiguration.Defaults.dataFolder)
    }
}
