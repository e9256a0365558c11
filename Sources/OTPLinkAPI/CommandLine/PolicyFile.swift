import ArgumentParser
import Foundation
import LinkVerification
import Yams

/// Reads the policy numbers from a YAML or JSON file; keys left out keep `Policy`'s defaults.
enum PolicyFile {
    /// The policy in `file`, checked by ``Policy/validate()``.
    ///
    /// A key the policy does not have (`codeLenght`) is refused, naming the nearest known key: ignored,
    /// it would leave the default in force without a word.
    static func load(from file: URL) throws -> Policy {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ValidationError("--policy-file (or OTPLINK_POLICY_FILE): cannot read \(file.path).")
        }
        let format = SettingsFileText.Format(of: file)
        let text: SettingsFileText
        do {
            text = try SettingsFileText(data, format: format, source: "The policy file \(file.path)")
        } catch let error as SettingsFileText.SyntaxError {
            throw ValidationError("\(error).")
        }
        guard let keys = text.mapping?.keys else {
            throw ValidationError("The policy file \(file.path) must be a map of policy names to numbers, such as `codeLength: 8`.")
        }
        if let unknown = Set(keys).subtracting(Policy.settingNames).sorted().first {
            throw ValidationError(
                "The policy file \(file.path) has an unknown key `\(unknown)`\(ClosestName.hint(for: unknown, among: Policy.settingNames)); "
                    + "the keys are \(Policy.settingNames.joined(separator: ", ")).")
        }
        let policy: Policy
        do {
            switch format {
            case .yaml: policy = try YAMLDecoder().decode(Policy.self, from: String(decoding: data, as: UTF8.self))
            case .json: policy = try JSONDecoder().decode(Policy.self, from: data)
            }
        } catch let error as DecodingError {
            throw ValidationError("The policy file \(file.path) is invalid: \(JSONBody.describe(error))")
        } catch {
            throw ValidationError("The policy file \(file.path) cannot be read: \(error)")
        }
        do {
            try policy.validate()
        } catch let error as VerificationError {
            throw ValidationError("The policy file \(file.path) is refused: \(error.message)")
        }
        return policy
    }
}
