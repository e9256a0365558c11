import ArgumentParser
import Foundation

/// Where a setting's value comes from: the flag, else its `OTPLINK_*` environment variable, else the default.
struct SettingSource {
    let environment: [String: String]

    /// The flag's value, else the variable's (empty counts as unset), else `nil`.
    func text(_ flag: String?, variable: String) -> String? {
        if let flag { return flag }
        guard let value = environment[variable], !value.isEmpty else { return nil }
        return value
    }

    /// A whole number between `range`'s bounds, naming the flag and variable when it is not one.
    func integer(_ flag: String?, flagName: String, variable: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = text(flag, variable: variable) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ValidationError("\(flagName) (or \(variable)) must be a whole number from \(range.lowerBound) to \(range.upperBound), got `\(text)`.")
        }
        return value
    }

    /// A yes/no setting: the flag when given, else the variable (`1`, `true`, `yes` / `0`, `false`, `no`).
    func boolean(_ flag: Bool, flagName: String, variable: String) throws -> Bool {
        if flag { return true }
        guard let text = environment[variable], !text.isEmpty else { return false }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ValidationError("\(variable) must be true or false, got `\(text)`.")
        }
    }

    /// An absolute http(s) URL without query or fragment.
    func siteURL(_ flag: String?) throws -> URL {
        let text = text(flag, variable: "OTPLINK_SITE_URL") ?? "http://127.0.0.1:8080"
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false, url.query == nil, url.fragment == nil
        else {
            throw ValidationError("--site-url (or OTPLINK_SITE_URL) must be an http(s) URL such as https://help.example.com, got `\(text)`.")
        }
        return url
    }

    /// The data folder: `--data`, else `OTPLINK_DATA`, else `var`.
    func dataFolder(_ flag: String?) -> URL {
        URL(fileURLWithPath: text(flag, variable: "OTPLINK_DATA") ?? "var")
    }
}
