import Foundation
import Yams

/// The YAML block between `---` lines at the top of a page, and the Markdown body after it.
struct FrontMatter: Sendable, Equatable {
    /// `title:` (required).
    var title: String
    /// `slug:`, which replaces the file or folder name in the URL.
    var slug: String?
    /// `order:`, which sorts siblings (then the title does).
    var order: Int?
    /// `description:`, for search engines and link previews.
    var description: String?
    /// `updated:`, the date the page last changed in substance (`YYYY-MM-DD`).
    var updated: String?
    /// `draft: true` keeps the page out of the site.
    var draft: Bool
    /// `search: false` keeps the page out of the search index (it is still built).
    var search = true
    /// `searchWeight:` multiplies the page's search scores (`2` ranks it as if it matched twice as well).
    var searchWeight = 1.0
    /// `toc: false` leaves out the page's table of contents ("On this page").
    var toc = true
    /// `aliases:`, the page's old URLs (root-relative, percent-decoded, ending in `/` or `.html`),
    /// each with its file line: a redirect page is written at each.
    var aliases: [Alias] = []

    /// An old URL of the page and the line of the file it is written on.
    struct Alias: Sendable, Equatable {
        /// The path inside the site (`/en/use-guides/drive/`).
        let path: String
        /// The line of the file it is written on.
        let line: Int
    }

    /// Splits `source` into its front matter and its body; `bodyLine` is the file line the body starts on.
    /// Lines end at a line feed that is a character of its own (`\r\n` is one character, which
    /// does not end a line). The fence closing the front matter is the first line that is `---`
    /// with spaces or tabs around it.
    static func split(_ source: String) -> (yaml: String?, body: String, bodyLine: Int) {
        guard source.hasPrefix("---\n") || source.hasPrefix("---\r\n") else { return (nil, source, 1) }
        let utf8 = source.utf8
        let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), dash = UInt8(ascii: "-")
        /// The end of the line starting at `start` (its line feed, or the end of the text).
        func lineEnd(from start: String.Index) -> String.Index {
            var index = start
            var previous: UInt8 = 0
            while index < utf8.endIndex {
                let byte = utf8[index]
                if byte == newline, previous != carriageReturn { return index }
                previous = byte
                index = utf8.index(after: index)
            }
            return index
        }
        let firstLineEnd = lineEnd(from: utf8.startIndex)
        guard firstLineEnd < utf8.endIndex else { return (nil, source, 1) }
        var start = utf8.index(after: firstLineEnd)
        let yamlStart = start
        var lineNumber = 0
        while true {
            let end = lineEnd(from: start)
            let line = source[start..<end]
            if line.utf8.contains(dash), line.trimmingCharacters(in: .whitespaces) == "---" {
                let yaml = start == yamlStart ? "" : String(source[yamlStart..<utf8.index(before: start)])
                let body = end == utf8.endIndex ? "" : String(source[utf8.index(after: end)...])
                return (yaml, body, lineNumber + 3)
            }
            guard end < utf8.endIndex else { return (nil, source, 1) }
            start = utf8.index(after: end)
            lineNumber += 1
        }
    }

    /// Parses the YAML of a page; problems name `file` and the line in the file (YAML starts on line 2).
    static func parse(_ yaml: String?, file: String) -> Result<FrontMatter, SiteProblem> {
        guard let yaml else {
            return .failure(SiteProblem(file: file, line: 1, message: "the page has no front matter: start it with a `---` block holding at least `title:`"))
        }
        let node: Node?
        do {
            // The encoding given, not looked up: Yams's default reads the whole environment each time.
            // No tag rules: every plain scalar is a string until a field reads it as a number or a flag,
            // which Yams does from the text. The rules (seven regular expressions) would only run when the
            // parser checks for a key written twice, on each key, where a key's tag follows from its text.
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch {
            return .failure(YAMLProblem.from(error, file: file, firstLine: 2))
        }
        guard let map = node?.mapping else {
            return .failure(SiteProblem(file: file, line: 2, message: "the front matter must be a YAML map of `key: value` lines"))
        }
        // Looked up by text: a YAML node hashes and compares by its resolved tag, on every lookup.
        // (The parser has refused a key written twice.)
        var mapping: [String: Node] = [:]
        for (key, value) in map { if let name = key.string { mapping[name] = value } }
        func line(_ key: String) -> Int { (mapping[key]?.mark?.line ?? 0) + 1 }
        guard let title = mapping["title"]?.string?.trimmingCharacters(in: .whitespaces), !title.isEmpty else {
            return .failure(SiteProblem(file: file, line: 1, message: "the front matter has no `title:`; every page needs one"))
        }
        var matter = FrontMatter(title: title, draft: false)
        if let slug = mapping["slug"] {
            guard let text = slug.string, Self.isSegment(text) else {
                return .failure(SiteProblem(
                    file: file, line: line("slug"),
                    message: "`slug:` must be one URL segment: not empty, `.` or `..`, without `/`, `\\`, `?`, `#` or control characters"))
            }
            matter.slug = text
        }
        if let order = mapping["order"] {
            guard let number = order.int else {
                return .failure(SiteProblem(file: file, line: line("order"), message: "`order:` must be a whole number"))
            }
            matter.order = number
        }
        matter.description = mapping["description"]?.string
        if let updated = mapping["updated"] {
            guard let text = updated.string, Self.isDate(text) else {
                return .failure(SiteProblem(file: file, line: line("updated"), message: "`updated:` must be a date written YYYY-MM-DD"))
            }
            matter.updated = text
        }
        if let draft = mapping["draft"] {
            guard let flag = draft.bool else {
                return .failure(SiteProblem(file: file, line: line("draft"), message: "`draft:` must be true or false"))
            }
            matter.draft = flag
        }
        if let search = mapping["search"] {
            guard let flag = search.bool else {
                return .failure(SiteProblem(file: file, line: line("search"), message: "`search:` must be true or false"))
            }
            matter.search = flag
        }
        if let toc = mapping["toc"] {
            guard let flag = toc.bool else {
                return .failure(SiteProblem(file: file, line: line("toc"), message: "`toc:` must be true or false"))
            }
            matter.toc = flag
        }
        if let weight = mapping["searchWeight"] {
            guard let number = weight.float, number > 0, number <= 100 else {
                return .failure(SiteProblem(file: file, line: line("searchWeight"), message: "`searchWeight:` must be a number above 0 and at most 100 (1 is the default)"))
            }
            matter.searchWeight = number
        }
        if let aliases = mapping["aliases"] {
            let items = aliases.sequence.map(Array.init) ?? (aliases.string != nil ? [aliases] : nil)
            guard let items else {
                return .failure(SiteProblem(file: file, line: line("aliases"), message: "`aliases:` must be a list of old URLs such as /en/old-page/"))
            }
            for item in items {
                let itemLine = (item.mark?.line ?? 0) + 1
                guard let text = item.string, let path = Self.aliasPath(text) else {
                    return .failure(SiteProblem(
                        file: file, line: itemLine,
                        message: "the alias \"\(item.string ?? "")\" must be a root-relative URL path such as /en/old-page/ (no `..`, `?` or `#`)"))
                }
                matter.aliases.append(Alias(path: path, line: itemLine))
            }
        }
        return .success(matter)
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }
}

extension FrontMatter {
    /// An alias as the path of its redirect page: percent-decoded, and ending in `/` unless it names
    /// an `.html` file; nil when it is not a root-relative path that stays inside the site.
    static func aliasPath(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//"), let decoded = trimmed.removingPercentEncoding else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let inner = decoded.hasSuffix("/") ? Array(segments.dropLast()) : Array(segments)
        guard inner.allSatisfy({ isSegment(String($0)) }) else { return nil }
        return decoded.hasSuffix("/") || decoded.hasSuffix(".html") ? decoded : decoded + "/"
    }

    /// Whether `text` can be one segment of a page's URL and folder name: it never climbs out of its
    /// folder (`.`, `..`), never starts another segment, query or fragment, and holds no control character.
    static func isSegment(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".."
            && !text.contains(where: { "/\\?#".contains($0) })
            && !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    }
}

/// Turns a Yams error into a problem on the right line of the file.
enum YAMLProblem {
    /// `firstLine` is the file line the YAML text starts on.
    static func from(_ error: Error, file: String, firstLine: Int) -> SiteProblem {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
                 let .composer(context, problem, mark, _):
                // The problem's mark is where the parser gave up (an unclosed quote: the end of the
                // text); the context's is where the broken value starts, the line to fix.
                let start = context?.mark ?? mark
                return SiteProblem(file: file, line: start.line + firstLine - 1, message: "the YAML does not parse: \(problem)")
            default:
                break
            }
        }
        // Some Yams errors (duplicate keys) describe themselves on several lines with context: keep the
        // one-problem-a-line `file:line: message` form.
        let oneLine = "\(error)".split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        return SiteProblem(file: file, line: firstLine, message: "the YAML does not parse: \(oneLine)")
    }
}
