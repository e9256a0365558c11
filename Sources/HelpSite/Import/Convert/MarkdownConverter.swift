import Foundation

/// Where a link written in a WordPress page goes in the imported site.
enum LinkTarget: Sendable, Equatable {
    /// Write this destination: a relative `.md` path, an anchor of this page, or the URL as it was.
    case write(String)
    /// A page of the WordPress site that was not imported: written as this absolute URL, and reported.
    case notImported(String)
    /// A file uploaded to the WordPress site (`/wp-content/uploads/…`): written as this absolute URL, and reported.
    case upload(String)
    /// An imported page, at this destination, without the anchor the link had (no heading there has it).
    case droppedAnchor(String, anchor: String)
    /// An anchor of this page that no heading has: the link text stays, the link goes, and it is reported.
    case missingAnchor
}

/// A page's HTML converted: its Markdown body and what needs a person's eye.
struct PageConversion: Sendable, Equatable {
    /// The Markdown body (no front matter), ending in a newline.
    let markdown: String
    /// What did not map exactly, in page order.
    let items: [ReviewItem]
}

/// Converts the HTML of one WordPress page into CommonMark where it maps exactly, and into cleaned
/// HTML blocks (tables) or reported raw text (shortcodes) where it does not.
struct MarkdownConverter {
    /// Callout kinds (`tip`, `note`, `warning`) by the CSS class that marks them (`lw_tip`).
    let callouts: [String: String]
    /// Where a link's `href` goes.
    let link: (String) -> LinkTarget
    /// An image's `src` as the URL to keep (relative ones made absolute).
    let image: (String) -> String

    /// Converts `nodes` (a parsed `content.rendered`).
    func convert(_ nodes: [HTMLNode]) -> PageConversion {
        var writer = MarkdownWriter(converter: self, headingShift: 2 - (HeadingLevels.lowest(in: nodes) ?? 2))
        let body = writer.blocks(nodes).map(\.text).joined(separator: "\n\n")
        return PageConversion(markdown: body.isEmpty ? "" : body + "\n", items: writer.items + writer.clean.items)
    }
}

/// The lowest heading level a page uses (`h1` → 1), outside tables.
enum HeadingLevels {
    /// The level of `h1`…`h6`, else nil.
    static func level(of name: String) -> Int? {
        guard name.count == 2, name.hasPrefix("h"), let digit = Int(name.dropFirst()), (1...6).contains(digit) else { return nil }
        return digit
    }

    /// The smallest heading level in `nodes`, or nil when there is no heading.
    static func lowest(in nodes: [HTMLNode]) -> Int? {
        nodes.compactMap { node -> Int? in
            guard let element = node.element, element.name != "table" else { return nil }
            return level(of: element.name) ?? lowest(in: element.children)
        }.min()
    }
}

/// A block of Markdown and what kind it is (lists and paragraphs decide how items are joined).
struct MarkdownBlock {
    enum Kind: Equatable {
        case paragraph
        case list(marker: Character, start: Int?)
        case other
    }

    let text: String
    let kind: Kind
}

/// The walk over one page's nodes; collects review items as it goes.
struct MarkdownWriter {
    let converter: MarkdownConverter
    let headingShift: Int
    var items: [ReviewItem] = []
    var clean = CleanHTML()
    private var emphasisDepth = 0
    private var strongDepth = 0

    init(converter: MarkdownConverter, headingShift: Int) {
        self.converter = converter
        self.headingShift = headingShift
    }

    /// Elements that are blocks of their own (inline content around them becomes paragraphs).
    static let blockNames: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "pre", "blockquote", "hr", "figure",
        "figcaption", "section", "article", "header", "footer", "main", "aside", "nav", "dl", "address", "center",
        "fieldset", "details",
    ]
    /// Names cmark starts an HTML block on: an unknown element with one of these is a block.
    static let htmlBlockNames: Set<String> = [
        "address", "article", "aside", "caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "header", "hr",
        "legend", "main", "menu", "nav", "ol", "optgroup", "option", "p", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "video", "audio", "picture", "svg", "canvas", "math",
    ]
    /// Inline elements Markdown has no syntax for, kept as inline HTML around converted content.
    static let inlineHTMLNames: Set<String> = [
        "sub", "sup", "u", "s", "strike", "del", "ins", "mark", "small", "kbd", "abbr", "q", "dfn", "var", "samp",
    ]
    /// Inline elements whose content is kept and whose tags are not.
    static let unwrappedNames: Set<String> = ["span", "font", "time", "label", "bdi", "big", "cite", "wbr", "nobr"]

    // MARK: blocks

    /// Converts a run of nodes in block context.
    mutating func blocks(_ nodes: [HTMLNode]) -> [MarkdownBlock] {
        var result: [MarkdownBlock] = []
        var run: [HTMLNode] = []
        func flush(_ writer: inout MarkdownWriter) {
            let text = writer.paragraph(run)
            if !text.isEmpty { result.append(MarkdownBlock(text: text, kind: .paragraph)) }
            run = []
        }
        for node in nodes {
            guard let element = node.element, isBlock(element) else {
                run.append(node)
                continue
            }
            flush(&self)
            result += block(element, after: result.last)
        }
        flush(&self)
        return result
    }

    private func isBlock(_ element: HTMLElement) -> Bool {
        if Self.blockNames.contains(element.name) || calloutKind(of: element) != nil { return true }
        let known = Self.inlineHTMLNames.contains(element.name) || Self.unwrappedNames.contains(element.name)
            || ["a", "em", "i", "strong", "b", "code", "tt", "br", "img"].contains(element.name)
            || CleanHTML.unsafe.contains(element.name)
        return !known && Self.htmlBlockNames.contains(element.name)
    }

    private mutating func block(_ element: HTMLElement, after previous: MarkdownBlock?) -> [MarkdownBlock] {
        if let kind = calloutKind(of: element) {
            return callout(kind: kind, content: calloutContent(of: element))
        }
        if let level = HeadingLevels.level(of: element.name) {
            return heading(element, level: level)
        }
        switch element.name {
        case "ul", "ol":
            return [list(element, after: previous)]
        case "pre":
            return [codeBlock(element)]
        case "blockquote":
            let inner = blocks(element.children).map(\.text).joined(separator: "\n\n")
            guard !inner.isEmpty else { return [] }
            return [MarkdownBlock(text: Self.prefixLines(inner, with: "> ", empty: ">"), kind: .other)]
        case "hr":
            return [MarkdownBlock(text: "***", kind: .other)]
        case "table", "dl":
            return [MarkdownBlock(text: clean.block(element), kind: .other)]
        case _ where Self.blockNames.contains(element.name):
            return blocks(element.children)
        default:
            items.append(ReviewItem(kind: .keptRaw, what: CleanHTML.describe(element)))
            return [MarkdownBlock(text: clean.block(element), kind: .other)]
        }
    }

    private mutating func heading(_ element: HTMLElement, level: Int) -> [MarkdownBlock] {
        var text = inline(element.children).replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        if text.hasSuffix("#") { text = String(text.dropLast()) + "\\#" }
        let shifted = min(6, max(2, level + headingShift))
        return [MarkdownBlock(text: String(repeating: "#", count: shifted) + " " + text, kind: .other)]
    }

    private mutating func codeBlock(_ element: HTMLElement) -> MarkdownBlock {
        var code = element.children.map(\.plainText).joined()
        if code.hasPrefix("\n") { code.removeFirst() }
        while code.hasSuffix("\n") { code.removeLast() }
        let language = (element.classes + (element.children.first?.element?.classes ?? []))
            .first { $0.hasPrefix("language-") }.map { String($0.dropFirst("language-".count)) } ?? ""
        let fence = String(repeating: "`", count: max(3, Self.longestRun(of: "`", in: code) + 1))
        return MarkdownBlock(text: "\(fence)\(language)\n\(code)\n\(fence)", kind: .other)
    }

    // MARK: lists

    private mutating func list(_ element: HTMLElement, after previous: MarkdownBlock?) -> MarkdownBlock {
        let ordered = element.name == "ol"
        let start = ordered ? Int(element.attribute("start") ?? "") ?? 1 : nil
        // Two lists in a row with the same marker would be read as one: the second takes the other marker.
        var marker: Character = ordered ? "." : "-"
        if case let .list(previousMarker, previousStart)? = previous?.kind, (previousStart != nil) == ordered, previousMarker == marker {
            marker = ordered ? ")" : "*"
        }
        // Items: each `<li>`; anything else inside the list (a nested `<ul>` WordPress put beside the
        // `<li>`s) belongs to the item before it.
        var groups: [[HTMLNode]] = []
        for child in element.children {
            if child.element?.name == "li" {
                groups.append(child.element!.children)
            } else if child.isBlankText {
                continue
            } else if groups.isEmpty {
                groups.append([child])
            } else {
                groups[groups.count - 1].append(child)
            }
        }
        let itemBlocks = groups.map { blocks($0) }
        let tight = itemBlocks.allSatisfy { item in
            item.dropFirst().allSatisfy { block in
                switch block.kind {
                case .paragraph: false
                case let .list(_, start): start == nil || start == 1
                case .other: true
                }
            }
        }
        let rendered = itemBlocks.enumerated().map { offset, item -> String in
            let prefix = ordered ? "\(start! + offset)\(marker) " : "\(marker) "
            let content = item.map(\.text).joined(separator: tight ? "\n" : "\n\n")
            guard !content.isEmpty else { return String(prefix.dropLast()) }
            let indent = String(repeating: " ", count: prefix.count)
            return prefix + Self.prefixLines(content, with: indent, empty: "").dropFirst(indent.count)
        }
        return MarkdownBlock(text: rendered.joined(separator: tight ? "\n" : "\n\n"), kind: .list(marker: marker, start: start))
    }

    // MARK: callouts

    /// The callout kind of an element that is a callout `<div>`, or only wraps one (`<p><em><div class="lw_tip">`).
    func calloutKind(of element: HTMLElement) -> String? {
        if let kind = element.classes.lazy.compactMap({ converter.callouts[$0] }).first { return kind }
        guard ["p", "em", "i", "strong", "b", "span", "div"].contains(element.name) else { return nil }
        let children = element.significantChildren
        guard children.count == 1, let only = children[0].element else { return nil }
        return calloutKind(of: only)
    }

    private func calloutContent(of element: HTMLElement) -> [HTMLNode] {
        if element.classes.contains(where: { converter.callouts[$0] != nil }) { return element.children }
        return calloutContent(of: element.significantChildren[0].element!)
    }

    private mutating func callout(kind: String, content: [HTMLNode]) -> [MarkdownBlock] {
        let inner = blocks(content).map(\.text).joined(separator: "\n\n")
        guard !inner.isEmpty else { return [] }
        let text = "> [!\(kind.uppercased())]\n" + Self.prefixLines(inner, with: "> ", empty: ">")
        return [MarkdownBlock(text: text, kind: .other)]
    }

    // MARK: paragraphs and inline content

    /// A paragraph from inline nodes: trimmed, `<br>` as hard breaks, line starts escaped; "" when blank.
    mutating func paragraph(_ nodes: [HTMLNode]) -> String {
        let lines = inline(nodes).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        // Breaks at the start or end of a paragraph show nothing.
        var kept = Array(lines.drop { Self.isBlank($0) })
        while let last = kept.last, Self.isBlank(last) { kept.removeLast() }
        return kept.map(Self.escapeLineStart).joined(separator: "\\\n")
    }

    private static func isBlank(_ line: String) -> Bool {
        line.replacingOccurrences(of: "&nbsp;", with: "").trimmingCharacters(in: .whitespaces).isEmpty
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
        case "a":
            return anchor(element)
        case "img":
            return image(element)
        case "table", "dl", "ul", "ol":
            return clean.inline(element)
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
            return clean.inline(element)
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
        let open = edges.contains { $0.isPunctuation || $0.isSymbol || $0 == "\\" } ? "<\(tag)>" : marker
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
        return "[\(core)](\(Self.destination(destination))\(title))"
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
