import Foundation

/// A block of Markdown and what kind it is (lists and paragraphs decide how items are joined).
struct MarkdownBlock {
    enum Kind: Equatable {
        case paragraph
        case list(marker: Character, start: Int?)
        /// Raw HTML: it runs to the next blank line; `interruptsParagraph` when its tag is one of the block
        /// tags CommonMark lets start right after a paragraph line (`table`, `dl`, `div`, …).
        case html(interruptsParagraph: Bool)
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
    /// How many `<em>` and `<strong>` the walk is inside (the same emphasis is not written twice).
    var emphasisDepth = 0
    var strongDepth = 0
    /// The WordPress ids of each heading written so far, and anchors waiting for the next heading.
    var headingAnchors: [[String]] = []
    var pendingAnchors: [String] = []

    init(converter: MarkdownConverter, headingShift: Int) {
        self.converter = converter
        self.headingShift = headingShift
    }

    /// Elements that are blocks of their own (inline content around them becomes paragraphs).
    static let blockNames: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "pre", "blockquote", "hr", "figure",
        "figcaption", "section", "article", "header", "footer", "main", "aside", "nav", "dl", "address", "center",
        "fieldset",
    ]
    /// The block tags of CommonMark's HTML blocks (kind 6): they start an HTML block even right after a
    /// paragraph line.
    static let commonMarkBlockTags: Set<String> = [
        "address", "article", "aside", "caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "header", "hr",
        "legend", "main", "menu", "nav", "ol", "optgroup", "option", "p", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul",
    ]
    /// Elements a reader sees as a block of their own: an unknown one is kept as an HTML block.
    static let htmlBlockNames = commonMarkBlockTags.union(["video", "audio", "picture", "svg", "canvas", "math"])
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
            return [MarkdownBlock(text: rawBlock(element), kind: .html(interruptsParagraph: true))]
        case _ where Self.blockNames.contains(element.name):
            return blocks(element.children)
        default:
            items.append(ReviewItem(kind: .keptRaw, what: CleanHTML.describe(element)))
            let interrupts = Self.commonMarkBlockTags.contains(element.name)
            return [MarkdownBlock(text: rawBlock(element), kind: .html(interruptsParagraph: interrupts))]
        }
    }

    private mutating func heading(_ element: HTMLElement, level: Int) -> [MarkdownBlock] {
        var text = inline(element.children).replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        if text.hasSuffix("#") { text = String(text.dropLast()) + "\\#" }
        headingAnchors.append(pendingAnchors + Self.ids(in: element))
        pendingAnchors = []
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
            zip(item, item.dropFirst()).allSatisfy { Self.canFollowOnNextLine($1, after: $0) }
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

    /// Whether `block` may start on the line after `previous` without a blank line (a tight list item)
    /// and still be read as its own block.
    private static func canFollowOnNextLine(_ block: MarkdownBlock, after previous: MarkdownBlock) -> Bool {
        if case .html = previous.kind { return false }
        switch block.kind {
        case .paragraph: return false
        case let .list(_, start): return start == nil || start == 1 || previous.kind != .paragraph
        case let .html(interrupts): return interrupts || previous.kind != .paragraph
        case .other: return true
        }
    }

    // MARK: raw HTML

    /// `element` kept as an HTML block; what in it the build cannot check is reported.
    mutating func rawBlock(_ element: HTMLElement) -> String {
        reviewRaw(element)
        return clean.block(element)
    }

    /// `element` kept as inline HTML; what in it the build cannot check is reported.
    mutating func rawInline(_ element: HTMLElement) -> String {
        reviewRaw(element)
        return clean.inline(element)
    }

    /// Links and images inside raw HTML are written as they were (the build does not read raw HTML):
    /// those into the WordPress site and every image are reported.
    private mutating func reviewRaw(_ element: HTMLElement) {
        if element.name == "a", let href = element.attribute("href"), !href.isEmpty, !href.hasPrefix("#") {
            switch converter.link(href) {
            case let .notImported(absolute):
                items.append(ReviewItem(kind: .absoluteLink, what: absolute))
            case let .upload(absolute):
                items.append(ReviewItem(kind: .fileToCopy, what: absolute))
            case .droppedAnchor:
                items.append(ReviewItem(kind: .keptRaw, what: "a link to an imported page inside raw HTML, left as written: \(href)"))
            case let .write(destination) where destination != href:
                items.append(ReviewItem(kind: .keptRaw, what: "a link to an imported page inside raw HTML, left as written: \(href)"))
            case .write, .missingAnchor:
                break
            }
        }
        if element.name == "img", let source = element.attribute("src"), !source.isEmpty {
            items.append(ReviewItem(kind: .fileToCopy, what: converter.image(source) + " (inside raw HTML, left as written)"))
        }
        for child in element.children.compactMap(\.element) { reviewRaw(child) }
    }

    // MARK: callouts

    /// The callout kind of an element that is a callout `<div>`, or only wraps one (`<p><em><div class="lw_tip">`).
    func calloutKind(of element: HTMLElement) -> String? {
        Self.calloutKind(of: element, callouts: converter.callouts)
    }

    /// The callout kind of `element` given the callout classes.
    private static func calloutKind(of element: HTMLElement, callouts: [String: String]) -> String? {
        if let kind = element.classes.lazy.compactMap({ callouts[$0] }).first { return kind }
        guard ["p", "em", "i", "strong", "b", "span", "div"].contains(element.name) else { return nil }
        let children = element.significantChildren
        guard children.count == 1, let only = children[0].element else { return nil }
        return calloutKind(of: only, callouts: callouts)
    }

    /// The `id`s (and `<a name>`s) of an element and of everything in it.
    static func ids(in element: HTMLElement) -> [String] {
        let own = [element.attribute("id"), element.name == "a" ? element.attribute("name") : nil].compactMap { $0 }.filter { !$0.isEmpty }
        return own + element.children.compactMap(\.element).flatMap(ids(in:))
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
}
