import Foundation

/// Paragraphs and inline content: text, emphasis, code, links, images.
extension MarkdownWriter {
    /// A paragraph from inline nodes: trimmed, `<br>` as hard breaks, line starts escaped; "" when blank.
    mutating func paragraph(_ nodes: [HTMLNode]) -> String {
        let lines = inline(nodes).split(separator: "\n", omittingEmptySubsequences: false).map { Self.trimmed(String($0)) }
        // Breaks at the start or end of a paragraph show nothing.
        var kept = Array(lines.drop(while: \.isEmpty))
        while kept.last?.isEmpty == true { kept.removeLast() }
        return kept.map(Self.escapeLineStart).joined(separator: "\\\n")
    }

    /// A line without the spaces and non-breaking spaces at its ends, which show nothing there.
    private static func trimmed(_ line: String) -> String {
        var text = Substring(line)
        while true {
            let before = text.count
            text = text.drop { $0 == " " }
            while text.last == " " { text = text.dropLast() }
            if text.hasPrefix("&nbsp;") { text = text.dropFirst(6) }
            if text.hasSuffix("&nbsp;"), !text.hasSuffix("\\&nbsp;") { text = text.dropLast(6) }
            if text.count == before { return String(text) }
        }
    }

    /// Inline Markdown for `nodes`; a `<br>` is a bare `\n` (turned into a hard break by `paragraph`).
    mutating func inline(_ nodes: [HTMLNode]) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case let .text(text):
                reportShortcodes(in: text)
                output += Self.escape(CleanHTML.collapse(text))
            case let .comment(text):
                if let item = CleanHTML.removedComment(text) { items.append(item) }
            case let .element(element):
                output += inlineElement(element)
            }
        }
        return output
    }

    private mutating func inlineElement(_ element: HTMLElement) -> String {
        switch element.name {
        case "br":
            return "\n"
        case "em", "i":
            return emphasis(element, marker: "*", tag: "em", depth: \.emphasisDepth)
        case "strong", "b":
            return emphasis(element, marker: "**", tag: "strong", depth: \.strongDepth)
        case "code", "tt":
            return Self.codeSpan(CleanHTML.collapse(element.children.map(\.plainText).joined()))
        case _ where ["a", "span"].contains(element.name) && element.significantChildren.isEmpty:
            // An empty anchor marks a place: links to it go to the heading after it.
            pendingAnchors += Self.ids(in: element)
            return inline(element.children)
        case "a":
            return anchor(element)
        case "img":
            return image(element)
        case "table", "dl", "ul", "ol":
            return rawInline(element)
        case _ where CleanHTML.unsafe.contains(element.name):
            items.append(ReviewItem(kind: .removed, what: CleanHTML.describe(element)))
            return ""
        case _ where Self.inlineHTMLNames.contains(element.name):
            return "<\(element.name)\(clean.attributes(of: element))>" + inline(element.children) + "</\(element.name)>"
        case _ where Self.unwrappedNames.contains(element.name) || Self.blockNames.contains(element.name):
            let inner = inline(element.children)
            return Self.blockNames.contains(element.name) ? " " + inner + " " : inner
        default:
            items.append(ReviewItem(kind: .keptRaw, what: CleanHTML.describe(element)))
            return rawInline(element)
        }
    }

    private mutating func emphasis(_ element: HTMLElement, marker: String, tag: String, depth: WritableKeyPath<MarkdownWriter, Int>) -> String {
        self[keyPath: depth] += 1
        let inner = inline(element.children)
        self[keyPath: depth] -= 1
        let core = inner.trimmingCharacters(in: .whitespacesAndNewlines)
        // Nested emphasis of the same kind adds nothing (and `**` inside `*` would read as strong).
        guard !core.isEmpty, self[keyPath: depth] == 0 else { return inner }
        let leading = String(inner.prefix { $0.isWhitespace })
        let trailing = String(inner.reversed().prefix { $0.isWhitespace }.reversed())
        // `*` next to punctuation may not open or close emphasis, depending on the text around it:
        // there, the HTML tag says the same thing without depending on it.
        let edges = [core.first!, core.last!]
        // (A `*` of emphasis nested at the edge joins this run of `*`, which is fine.)
        let open = edges.contains { $0 != "*" && ($0.isPunctuation || $0.isSymbol) } ? "<\(tag)>" : marker
        let close = open == marker ? marker : "</\(tag)>"
        return leading + open + core + close + trailing
    }

    private mutating func anchor(_ element: HTMLElement) -> String {
        let text = inline(element.children)
        guard let href = element.attribute("href")?.trimmingCharacters(in: .whitespaces), !href.isEmpty else { return text }
        if href.lowercased().hasPrefix("javascript:") {
            items.append(ReviewItem(kind: .removed, what: "a javascript: link around \"\(CleanHTML.excerpt(element.children.map(\.plainText).joined()))\""))
            return text
        }
        let core = text.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty else { return text }
        let destination: String
        switch converter.link(href) {
        case let .write(written):
            destination = written
        case let .notImported(absolute):
            items.append(ReviewItem(kind: .absoluteLink, what: absolute))
            destination = absolute
        case let .upload(absolute):
            items.append(ReviewItem(kind: .fileToCopy, what: absolute))
            destination = absolute
        case let .droppedAnchor(written, anchor):
            items.append(ReviewItem(kind: .removed, what: "the anchor #\(anchor) of the link to \(href) (no heading there has it)"))
            destination = written
        case .missingAnchor:
            items.append(ReviewItem(kind: .removed, what: "the link to \(href) (no heading of this page has that anchor)"))
            return text
        }
        let title = element.attribute("title").map { " \"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? ""
        let leading = String(text.prefix { $0 == " " })
        let trailing = String(text.reversed().prefix { $0 == " " })
        return leading + "[\(core)](\(Self.destination(destination))\(title))" + trailing
    }

    private mutating func image(_ element: HTMLElement) -> String {
        guard let source = element.attribute("src")?.trimmingCharacters(in: .whitespaces), !source.isEmpty else {
            items.append(ReviewItem(kind: .removed, what: "an <img> without src"))
            return ""
        }
        let url = converter.image(source)
        items.append(ReviewItem(kind: .fileToCopy, what: url))
        let alt = Self.escape(CleanHTML.collapse(element.attribute("alt") ?? "")).replacingOccurrences(of: "\n", with: " ")
        let title = element.attribute("title").map { " \"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? ""
        return "![\(alt)](\(Self.destination(url))\(title))"
    }

    private mutating func reportShortcodes(in text: String) {
        for shortcode in Shortcode.all(in: text) {
            items.append(ReviewItem(kind: .keptRaw, what: "the shortcode [\(shortcode)] (as text)"))
        }
    }
}
