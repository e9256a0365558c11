import ArgumentParser
import Foundation
import Testing
import Yams
@testable import OTPLinkAPI

@Suite("Policy and directory files: unknown keys and syntax errors are named with the file, line and column")
struct SettingsFileTests {
    private func write(_ text: String, named name: String) throws -> URL {
        let file = try TemporaryFolder.make().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    private func policyError(_ text: String, named name: String) throws -> String {
        let file = try write(text, named: name)
        do {
            let policy = try PolicyFile.load(from: file)
            Issue.record("the policy file was accepted: \(policy)")
            return ""
        } catch let error as ValidationError {
            #expect(error.message.contains(file.path), "\(error.message)")
            return error.message
        }
    }

    @Test("A mistyped policy key is refused, naming it and the key it was meant to be")
    func unknownPolicyKey() throws {
        let message = try policyError("codeLength: 8\ncodeLenght: 8\n", named: "policy.yaml")
        #expect(message.contains("unknown key `codeLenght` (did you mean `codeLength`?)"), "\(message)")
        let json = try policyError(#"{"resendCooldowns": 30}"#, named: "policy.json")
        #expect(json.contains("unknown key `resendCooldowns` (did you mean `resendCooldown`?)"), "\(json)")
        let far = try policyError("colour: blue\n", named: "policy.yml")
        #expect(far.contains("unknown key `colour`; the keys are codeLength, codeLifetime"), "\(far)")
    }

    @Test("A YAML alias bomb is refused before it is expanded, naming the file")
    func aliasBomb() throws {
        var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let previous = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        let file = try write(lines.joined(separator: "\n") + "\n", named: "policy.yaml")
        do {
            _ = try PolicyFile.load(from: file)
            Issue.record("the alias bomb was accepted")
        } catch let error as ValidationError {
            #expect(error.message.contains(file.path), "\(error.message)")
            #expect(error.message.contains("more than a million values once its aliases are expanded"), "\(error.message)")
        }
        // The same aliases, a few levels deep, are an ordinary file (refused here for its unknown keys only).
        let small = try write(lines.prefix(3).joined(separator: "\n") + "\n", named: "small.yaml")
        #expect(throws: ValidationError.self) { try PolicyFile.load(from: small) }
        #expect(SettingsFileText.expandedValueCount(try #require(try Yams.compose(yaml: lines.prefix(3).joined(separator: "\n"))), upTo: 1_000_000) < 1_000)
    }

    @Test("A known key still loads, and the rest keep their defaults")
    func knownKeysLoad() throws {
        let policy = try PolicyFile.load(from: try write("codeLength: 8\nresendCooldown: 30\n", named: "policy.yaml"))
        #expect(policy.codeLength == 8)
        #expect(policy.resendCooldown == 30)
        #expect(policy.codeLifetime == 600)
    }

    @Test("Policy YAML that does not parse names the format, the line and the column where the value opens")
    func malformedPolicyYAML() throws {
        let message = try policyError("codeLength: 8\ncodeLifetime: \"600\nresendCooldown: 30\n", named: "policy.yaml")
        #expect(message.contains("is not valid YAML: line 2, column 15:"), "\(message)")
    }

    @Test("Policy JSON that does not parse names the format, the line and the column")
    func malformedPolicyJSON() throws {
        let message = try policyError("{\n  \"codeLength\": 8,\n  \"codeLifetime\" 600\n}\n", named: "policy.json")
        #expect(message.contains("is not valid JSON: line 3, column"), "\(message)")
    }

    @Test("A directory file that does not parse names the format, the file and the line")
    func malformedDirectory() throws {
        let file = try write("domains: [example.com\nmembers: [a@example.com]\n", named: "directory.yaml")
        do {
            _ = try DirectoryFile.load(from: file)
            Issue.record("a broken directory loaded")
        } catch let error as APIError {
            #expect(error.message.contains(file.path))
            #expect(error.message.contains("is not valid YAML: line 1, column 10:"), "\(error.message)")
        }
    }

    @Test("A mistyped directory key names the key it was meant to be")
    func directoryKeySuggestion() throws {
        let file = try write("domains: [example.com]\nmember: [a@example.com]\n", named: "directory.yaml")
        do {
            _ = try DirectoryFile.load(from: file)
            Issue.record("a directory with `member:` loaded")
        } catch let error as APIError {
            #expect(error.message.contains("unknown key `member` (did you mean `members`?)"), "\(error.message)")
        }
    }

    @Test("Suggestions are typos of a known name, never a distant one")
    func closestName() {
        #expect(ClosestName.suggestion(for: "codeLenght", among: ["codeLength", "codeLifetime"]) == "codeLength")
        #expect(ClosestName.suggestion(for: "CODELENGTH", among: ["codeLength"]) == "codeLength")
        #expect(ClosestName.suggestion(for: "lists", among: ["list", "members"]) == "list")
        #expect(ClosestName.suggestion(for: "timeout", among: ["codeLength", "rateWindow"]) == nil)
    }
}
