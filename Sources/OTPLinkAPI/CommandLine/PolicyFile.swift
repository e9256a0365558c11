import ArgumentParser
import Foundation
import LinkVerification
import Yams

/// Reads the policy numbers from a YAML or JSON file; keys left out keep `Policy`'s defaults.
enum PolicyFile {
    /// The policy in `file`, checked by ``Policy/validate()``.
    static func load(from file: URL) throws -> Policy {
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--policy-file (or OTPLINK_POLICY_FILE): cannot read \(file.path).")
        }
        let policy: Policy
        do {
            if ["yaml", "yml"].contains(file.pathExtension.lowercased()) {
                policy = try YAMLDecoder().decode(Policy.self, from: text)
            } else {
                policy = try JSONDecoder().decode(Policy.self, from: data)
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
