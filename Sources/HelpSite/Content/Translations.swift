import Foundation
import Yams

/// The UI strings of one locale, from `site/i18n/<locale>.yml`: nested maps of strings (and lists,
/// such as the month names).
struct Translations: @unchecked Sendable {
    /// The whole file as nested `[String: Any]` maps, the shape templates read (`{{i18n.nav.previous}}`).
    let strings: [String: Any]

    /// A string at a dotted path (`callout.tip`), or the path itself when it is missing.
    func text(_ path: String) -> String {
        value(path) ?? path
    }

    /// The string at a dotted path, or nil when there is none.
    func value(_ path: String) -> String? {
        lookUp(path) as? String
    }

    /// The list of strings at a dotted path (`date.months`), or nil when there is none.
    func list(_ path: String) -> [String]? {
        (lookUp(path) as? [Any])?.compactMap { $0 as? String }
    }

    private func lookUp(_ path: String) -> Any? {
        var current: Any? = strings
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }

    /// The `link:` map, the message catalog of the authentication page's script.
    var linkMessages: [String: String] {
        (strings["link"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
    }

    /// Reads `path`; problems name the file and line.
    static func load(path: String) -> Result<Translations, SiteProblem> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failure(SiteProblem(file: path, message: "the translations of this locale are missing: create this file (copy another locale's)"))
        }
        do {
            guard let node = try Yams.compose(yaml: text), let map = Self.strings(from: node) as? [String: Any] else {
                return .failure(SiteProblem(file: path, line: 1, message: "the translations must be a YAML map of strings"))
            }
            return .success(Translations(strings: map))
        } catch {
            return .failure(YAMLProblem.from(error, file: path, firstLine: 1))
        }
    }

    private static func strings(from node: Node) -> Any {
        if let mapping = node.mapping {
            var map: [String: Any] = [:]
            for (key, value) in mapping { map[key.string ?? ""] = strings(from: value) }
            return map
        }
        if let sequence = node.sequence { return sequence.map { strings(from: $0) } }
        return node.string ?? ""
    }
}
