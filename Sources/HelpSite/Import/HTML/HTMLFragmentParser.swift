import Foundation

/// Reads the HTML of a WordPress page (`content.rendered`) into a tree of `HTMLNode`s.
///
/// Forgiving like a browser where WordPress content needs it (unclosed `<li>`, `<p>`, `<td>`, stray end
/// tags, `<br>` without `/`), but it keeps elements nested as written: `<p><em><div>…</div></em></p>`
/// stays one wrapped block, so a wrapped callout is still recognised.
struct HTMLFragmentParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// Open elements: name, attributes and the children read so far; the first is the fragment itself.
    private var open: [(name: String, attributes: [HTMLAttribute], children: [HTMLNode])] = [("", [], [])]

    /// Parses `html` into its top-level nodes.
    static func parse(_ html: String) -> [HTMLNode] {
        var parser = HTMLFragmentParser(scalars: Array(html.unicodeScalars))
        return parser.run()
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    /// Elements whose content is text up to their end tag, never markup.
    private static let rawTextNames: Set<String> = ["script", "style", "textarea", "title", "iframe", "noscript", "xmp"]
    /// Inline elements a `<p>` start tag closes along with the open `<p>` they are in.
    private static let phrasing: Set<String> = [
        "a", "abbr", "b", "cite", "code", "em", "font", "i", "kbd", "mark", "q", "s", "small", "span", "strike",
        "strong", "sub", "sup", "u",
    ]

    private mutating func run() -> [HTMLNode] {
        var text = String.UnicodeScalarView()
        func flushText() {
            if !text.isEmpty { append(.text(HTMLEntities.decode(String(text)))) }
            text = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                // Text before markup belongs where it was written, before the markup changes the open elements.
                flushText()
                if let markupEnd = markup() {
                    index = markupEnd
                    continue
                }
                text.append(scalar)
                index += 1
            } else {
                text.append(scalar)
                index += 1
            }
        }
        flushText()
        while open.count > 1 { close() }
        return open[0].children
    }

    /// Reads markup starting at `index` (a `<`) and returns the index after it, or nil when the `<` is text.
    private mutating func markup() -> Int? {
        let next = index + 1
        guard next < scalars.count else { return nil }
        if starts(with: "<!--", at: index) {
            let end = find("-->", from: index + 4) ?? scalars.count
            append(.comment(string(index + 4, end)))
            return min(end + 3, scalars.count)
        }
        if scalars[next] == "!" || scalars[next] == "?" {
            return (find(">", from: next) ?? scalars.count - 1) + 1
        }
        if scalars[next] == "/" {
            guard next + 1 < scalars.count, scalars[next + 1].properties.isAlphabetic else { return nil }
            var position = next + 1
            let name = readName(&position)
            let end = (find(">", from: position) ?? scalars.count - 1) + 1
            endTag(name)
            return end
        }
        guard scalars[next].properties.isAlphabetic else { return nil }
        var position = next
        let name = readName(&position)
        var attributes: [HTMLAttribute] = []
        var selfClosing = false
        while position < scalars.count {
            skipSpace(&position)
            guard position < scalars.count else { break }
            if scalars[position] == ">" { position += 1; break }
            if scalars[position] == "/" { selfClosing = true; position += 1; continue }
            selfClosing = false
            let attributeName = readName(&position, stoppingAt: "=")
            if attributeName.isEmpty { position += 1; continue }
            skipSpace(&position)
            var value = ""
            if position < scalars.count, scalars[position] == "=" {
                position += 1
                skipSpace(&position)
                value = readValue(&position)
            }
            if !attributes.contains(where: { $0.name == attributeName }) {
                attributes.append(HTMLAttribute(name: attributeName, value: HTMLEntities.decode(value)))
            }
        }
        startTag(name, attributes: attributes, selfClosing: selfClosing, after: &position)
        return position
    }

    private mutating func startTag(_ name: String, attributes: [HTMLAttribute], selfClosing: Bool, after position: inout Int) {
        impliedEnds(before: name)
        if HTMLElement.voidNames.contains(name) || selfClosing {
            append(.element(HTMLElement(name: name, attributes: attributes, children: [])))
            return
        }
        if Self.rawTextNames.contains(name) {
            let end = findEndTag(name, from: position) ?? scalars.count
            let content = string(position, end)
            let children: [HTMLNode] = content.isEmpty ? [] : [.text(name == "textarea" || name == "title" ? HTMLEntities.decode(content) : content)]
            append(.element(HTMLElement(name: name, attributes: attributes, children: children)))
            position = end < scalars.count ? (find(">", from: end) ?? scalars.count - 1) + 1 : end
            return
        }
        open.append((name, attributes, []))
    }

    /// Closes what a start tag `name` ends by itself: an open `<li>` for the next `<li>`, and so on.
    private mutating func impliedEnds(before name: String) {
        let (closes, boundaries): (Set<String>, Set<String>) = switch name {
        case "li": (["li"], ["ul", "ol"])
        case "dt", "dd": (["dt", "dd"], ["dl"])
        case "tr": (["tr", "td", "th"], ["table", "thead", "tbody", "tfoot"])
        case "td", "th": (["td", "th"], ["tr", "table"])
        case "thead", "tbody", "tfoot": (["thead", "tbody", "tfoot", "tr", "td", "th"], ["table"])
        case "p": (["p"], [])
        case "option": (["option"], ["select"])
        default: ([], [])
        }
        guard !closes.isEmpty else { return }
        for depth in stride(from: open.count - 1, to: 0, by: -1) {
            let openName = open[depth].name
            if closes.contains(openName) {
                while open.count > depth { close() }
                return
            }
            if boundaries.contains(openName) { return }
            // A `<p>` closes an open `<p>` only through inline elements, never out of a list or a cell.
            if name == "p", !Self.phrasing.contains(openName) { return }
        }
    }

    private mutating func endTag(_ name: String) {
        if name == "br" {
            append(.element(HTMLElement(name: "br", attributes: [], children: [])))
            return
        }
        guard let depth = open.lastIndex(where: { $0.name == name }), depth > 0 else { return }
        while open.count > depth { close() }
    }

    private mutating func close() {
        let frame = open.removeLast()
        append(.element(HTMLElement(name: frame.name, attributes: frame.attributes, children: frame.children)))
    }

    private mutating func append(_ node: HTMLNode) {
        open[open.count - 1].children.append(node)
    }

    // MARK: reading

    private func readName(_ position: inout Int, stoppingAt stop: Unicode.Scalar = ">") -> String {
        var name = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar.properties.isWhitespace || scalar == "/" || scalar == ">" || scalar == stop { break }
            name.append(scalar)
            position += 1
        }
        return String(name).lowercased()
    }

    private func readValue(_ position: inout Int) -> String {
        guard position < scalars.count else { return "" }
        let quote = scalars[position]
        if quote == "\"" || quote == "'" {
            let end = find(String(quote), from: position + 1) ?? scalars.count
            let value = string(position + 1, end)
            position = min(end + 1, scalars.count)
            return value
        }
        let start = position
        while position < scalars.count, !scalars[position].properties.isWhitespace, scalars[position] != ">" {
            position += 1
        }
        return string(start, position)
    }

    private func skipSpace(_ position: inout Int) {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<max(start, min(end, scalars.count))]))
    }

    private func starts(with text: String, at position: Int) -> Bool {
        starts(with: Array(text.unicodeScalars), at: position)
    }

    private func starts(with pattern: [Unicode.Scalar], at position: Int) -> Bool {
        guard position + pattern.count <= scalars.count else { return false }
        for offset in 0..<pattern.count where scalars[position + offset] != pattern[offset] { return false }
        return true
    }

    private func find(_ text: String, from position: Int) -> Int? {
        let pattern = Array(text.unicodeScalars)
        var candidate = position
        while candidate < scalars.count {
            if scalars[candidate] == pattern[0], starts(with: pattern, at: candidate) { return candidate }
            candidate += 1
        }
        return nil
    }

    /// The index of `</name` (any case) at or after `position`.
    private func findEndTag(_ name: String, from position: Int) -> Int? {
        var candidate = position
        while let found = find("</", from: candidate) {
            var after = found + 2
            if readName(&after) == name { return found }
            candidate = found + 2
        }
        return nil
    }
}
