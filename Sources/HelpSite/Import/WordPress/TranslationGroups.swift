import Foundation

/// One translation a page lists: in which language, and which page (by id or by URL).
struct TranslationReference: Sendable, Equatable {
    /// The page it points at.
    enum Target: Sendable, Equatable {
        case id(Int)
        case url(String)
    }

    /// The language as the plugin writes it (`ko`, `ko_KR`, `ko-kr`), when it says.
    let language: String?
    /// The page.
    let target: Target

    /// The references in the fields Polylang (`translations: {"ko": 456}`), WPML
    /// (`wpml_translations: [{"locale": "ko_KR", "id": 456, "href": …}]`) and other plugins use
    /// (`translations` as a list of objects, or a map to objects or URLs).
    static func all(in fields: [String: Any]) -> [TranslationReference] {
        ["translations", "wpml_translations", "pll_translations"].flatMap { references(in: fields[$0]) }
    }

    private static func references(in value: Any?) -> [TranslationReference] {
        if let map = value as? [String: Any] {
            return map.sorted { $0.key < $1.key }.compactMap { key, entry in
                if let object = entry as? [String: Any] {
                    return reference(in: object, language: key)
                }
                return target(of: entry).map { TranslationReference(language: key, target: $0) }
            }
        }
        if let list = value as? [Any] {
            return list.compactMap { ($0 as? [String: Any]).flatMap { reference(in: $0, language: nil) } }
        }
        return []
    }

    private static func reference(in object: [String: Any], language: String?) -> TranslationReference? {
        let named = ["locale", "lang", "language_code", "language", "code", "slug"].lazy.compactMap { object[$0] as? String }.first
        for key in ["id", "ID", "post_id", "element_id", "href", "url", "link", "permalink"] {
            if let found = target(of: object[key] as Any) {
                return TranslationReference(language: named ?? language, target: found)
            }
        }
        return nil
    }

    private static func target(of value: Any) -> Target? {
        if let id = WordPressPage.integer(value) { return .id(id) }
        if let text = value as? String, text.contains("/") { return .url(text) }
        return nil
    }
}

/// Which imported pages are translations of one another: groups of WordPress ids.
enum TranslationGroups {
    /// Groups from the pages' own translation fields and from the `--translations` CSV rows (each row
    /// a list of ids). References to pages not in the input are ignored (those pages are not imported).
    static func groups(pages: [WordPressPage], csvRows: [TranslationRow]) -> [[Int]] {
        var leader: [Int: Int] = [:]
        for page in pages { leader[page.id] = page.id }
        func find(_ id: Int) -> Int {
            var root = id
            while let next = leader[root], next != root { root = next }
            leader[id] = root
            return root
        }
        func join(_ a: Int, _ b: Int) {
            guard leader[a] != nil, leader[b] != nil else { return }
            let (x, y) = (find(a), find(b))
            if x != y { leader[max(x, y)] = min(x, y) }
        }
        let byURL = Dictionary(pages.map { (normalized($0.link.absoluteString), $0.id) }, uniquingKeysWith: { first, _ in first })
        for page in pages {
            for reference in page.translations {
                switch reference.target {
                case let .id(id): join(page.id, id)
                case let .url(url): if let id = byURL[normalized(url)] { join(page.id, id) }
                }
            }
        }
        for row in csvRows {
            for id in row.ids.dropFirst() { join(row.ids[0], id) }
        }
        var groups: [Int: [Int]] = [:]
        for page in pages { groups[find(page.id), default: []].append(page.id) }
        return groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// A URL compared without scheme, case of the host, trailing slash or percent-encoding differences.
    static func normalized(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        var path = components.path.removingPercentEncoding ?? components.path
        while path.hasSuffix("/") { path.removeLast() }
        return host.lowercased() + path.lowercased()
    }

    /// Reads a `--translations` CSV: a header of locale columns (`en_id,ko_id` or `en,ko`), then one
    /// row of WordPress ids per page (an empty cell for a missing translation).
    static func readCSV(path: String) -> Result<[TranslationRow], ImportProblem> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failure(ImportProblem(position: path, message: "cannot be read"))
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var rows: [TranslationRow] = []
        for (offset, line) in lines.enumerated() where offset > 0 {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            var ids: [Int] = []
            for cell in cells where !cell.isEmpty {
                guard let id = Int(cell) else {
                    return .failure(ImportProblem(position: "\(path):\(offset + 1)", message: "\"\(cell)\" is not a WordPress page id (a row is ids separated by commas)"))
                }
                ids.append(id)
            }
            rows.append(TranslationRow(position: "\(path):\(offset + 1)", ids: ids))
        }
        guard lines.first.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? false else {
            return .failure(ImportProblem(position: "\(path):1", message: "the first line must name the locale of each column (en_id,ko_id)"))
        }
        return .success(rows)
    }
}

/// One row of a `--translations` CSV: pages that are one another's translations.
struct TranslationRow: Sendable, Equatable {
    /// `file.csv:3`.
    let position: String
    /// The WordPress ids on the row.
    let ids: [Int]
}
