import Foundation
import Yams

/// The text of a YAML or JSON settings file (the policy, the directory) read into plain values, with
/// syntax errors that name the format, the file, the line and the column.
struct SettingsFileText {
    /// The two formats a settings file may be written in.
    enum Format: Sendable {
        case json
        case yaml

        /// `JSON` or `YAML`, as messages name it.
        var name: String { self == .json ? "JSON" : "YAML" }

        /// The format a file's extension suggests: `.yaml`/`.yml` is YAML, anything else JSON.
        init(of file: URL) {
            self = ["yaml", "yml"].contains(file.pathExtension.lowercased()) ? .yaml : .json
        }
    }

    /// A file (or body) that is not the YAML or JSON it claims to be.
    struct SyntaxError: Error, CustomStringConvertible {
        /// What the file is, as messages name it (`the policy file /etc/otplink/policy.yaml`).
        let source: String
        let format: Format
        /// The 1-based line and column of the problem, when the parser gave them.
        let line: Int?
        let column: Int?
        /// The parser's words for the problem.
        let problem: String

        /// `<source> is not valid YAML: line 3, column 7: <problem>`.
        var description: String {
            let position = line.map { "line \($0)" + (column.map { ", column \($0)" } ?? "") + ": " } ?? ""
            return "\(source) is not valid \(format.name): \(position)\(problem)"
        }
    }

    /// The parsed value: dictionaries, arrays, strings, numbers and booleans.
    let value: Any

    /// Parses `data` as `format`; `source` names it in the error.
    init(_ data: Data, format: Format, source: String) throws {
        switch format {
        case .json:
            do {
                value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                let (line, column) = Self.position(ofJSONError: error, in: data)
                throw SyntaxError(source: source, format: format, line: line, column: column, problem: "this is not JSON")
            }
        case .yaml:
            guard let text = String(data: data, encoding: .utf8) else {
                throw SyntaxError(source: source, format: format, line: nil, column: nil, problem: "the text is not UTF-8")
            }
            let root: Node?
            do {
                root = try Yams.compose(yaml: text)
            } catch let error as YamlError {
                throw Self.syntaxError(error, source: source)
            }
            // Aliases may repeat a part of the file exponentially (a "billion laughs"): count the
            // values as they would be expanded, and stop at the limit before building any of them.
            if let root, Self.expandedValueCount(root, upTo: Self.largestValueCount) > Self.largestValueCount {
                throw SyntaxError(
                    source: source, format: format, line: nil, column: nil,
                    problem: "it holds more than a million values once its aliases are expanded")
            }
            value = root?.any as Any
        }
    }

    /// The most values (scalars, lists and mappings) a YAML file may hold with its aliases expanded;
    /// a directory holds a few per member and list.
    static let largestValueCount = 1_000_000

    /// The values `root` holds with its aliases expanded, counted up to just past `limit`.
    static func expandedValueCount(_ root: Node, upTo limit: Int) -> Int {
        var count = 0
        var pending = [root]
        while let node = pending.popLast(), count <= limit {
            count += 1
            switch node {
            case let .mapping(mapping):
                for (key, value) in mapping { pending.append(key); pending.append(value) }
            case let .sequence(sequence):
                pending.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return count
    }

    /// The mapping at the top of the file, or `nil` when the file holds something else.
    var mapping: [String: Any]? { value as? [String: Any] }

    /// Yams's error at the mark where the broken construct starts (its context), else where it failed.
    private static func syntaxError(_ error: YamlError, source: String) -> SyntaxError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let start = context?.mark ?? mark
            return SyntaxError(source: source, format: .yaml, line: start.line, column: start.column, problem: problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return SyntaxError(
                source: source, format: .yaml, line: context.mark.line, column: context.mark.column,
                problem: "the key `\(duplicates.joined(separator: "`, `"))` appears twice")
        default:
            let oneLine = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
            return SyntaxError(source: source, format: .yaml, line: nil, column: nil, problem: oneLine)
        }
    }

    /// Foundation reports a JSON error's place as a character offset (`around character 19`): the
    /// line and column of that offset, or `nil`s when the error names none.
    private static func position(ofJSONError error: Error, in data: Data) -> (Int?, Int?) {
        let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        guard let range = detail.range(of: #"character (\d+)"#, options: .regularExpression),
              let offset = Int(detail[range].dropFirst("character ".count))
        else { return (nil, nil) }
        var line = 1, column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
