import Foundation

/// Writes an element back as HTML for a Markdown HTML block (tables, definition lists, unknown
/// elements), cleaned of WordPress editor leftovers: inline `style`, sizes and presentational
/// attributes, empty attributes, bare `<span>`s. Structure (`rowspan`, `colspan`, `scope`, lists in
/// cells) is kept. Event handlers, `javascript:` URLs and scripts never survive; each is reported.
struct CleanHTML {
    /// Where anything removed is reported.
    private(set) var items: [ReviewItem] = []

    /// Attributes that only set the look, which the site's styles decide.
    static let presentational: Set<String> = [
        "style", "width", "height", "border", "cellpadding", "cellspacing", "bgcolor", "valign", "align", "nowrap",
    ]
    /// Elements never kept, even as raw HTML: they run code, embed other sites or take input.
    static let unsafe: Set<String> = [
        "script", "style", "noscript", "iframe", "object", "embed", "applet", "form", "input", "button", "select",
        "textarea", "link", "meta", "base", "frame", "frameset",
    ]
    /// Elements that add nothing once their attributes are cleaned away.
    private static let unwrapWhenBare: Set<String> = ["span", "font"]
    /// Elements after whose tags a line break keeps the written HTML readable.
    private static let lineBreakAfter: Set<String> = [
        "table", "thead", "tbody", "tfoot", "tr", "caption", "colgroup", "ul", "ol", "dl", "li", "dt", "dd", "p", "div",
    ]

    /// The element as one HTML block: its start tag alone on the first line (so CommonMark starts an HTML
    /// block whatever the element) and no blank line inside, so Markdown keeps it whole.
    mutating func block(_ element: HTMLElement) -> String {
        var output = ""
        write(.element(element), into: &output, lineAfterStartTag: true)
        return output.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The element as inline HTML on one line.
    mutating func inline(_ element: HTMLElement) -> String {
        var output = ""
        write(.element(element), into: &output)
        return output.replacingOccurrences(of: "\n", with: " ")
    }

    /// The attributes worth keeping, each as ` name="value"`; dropped dangerous ones are reported.
    mutating func attributes(of element: HTMLElement) -> String {
        var kept = ""
        for attribute in element.attributes {
            if attribute.name.hasPrefix("on") {
                items.append(ReviewItem(kind: .removed, what: "the \(attribute.name) handler of <\(element.name)>"))
                continue
            }
            if ["href", "src", "action", "formaction", "xlink:href"].contains(attribute.name),
               attribute.value.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("javascript:") {
                items.append(ReviewItem(kind: .removed, what: "a javascript: URL in <\(element.name) \(attribute.name)>"))
                continue
            }
            if Self.presentational.contains(attribute.name) { continue }
            let value = attribute.value.trimmingCharacters(in: .whitespaces)
            if value.isEmpty && !(attribute.name == "alt" && element.name == "img") { continue }
            kept += " \(attribute.name)=\"\(HTMLText.escapeAttribute(value))\""
        }
        return kept
    }

    private mutating func write(_ node: HTMLNode, into output: inout String, lineAfterStartTag: Bool = false) {
        switch node {
        case let .text(text):
            output += Self.escapeText(Self.collapse(text))
        case let .comment(text):
            if let item = Self.removedComment(text) { items.append(item) }
        case let .element(element):
            if Self.unsafe.contains(element.name) {
                items.append(ReviewItem(kind: .removed, what: Self.describe(element)))
                return
            }
            let attributes = attributes(of: element)
            if Self.unwrapWhenBare.contains(element.name) && (attributes.isEmpty || element.name == "font") {
                for child in element.children { write(child, into: &output) }
                return
            }
            output += "<\(element.name)\(attributes)>"
            if HTMLElement.voidNames.contains(element.name) {
                if element.name == "br" { output += "\n" }
                return
            }
            if lineAfterStartTag || Self.lineBreakAfter.contains(element.name) && element.children.contains(where: { $0.element != nil }) {
                output += "\n"
            }
            for child in Self.meaningfulChildren(of: element) { write(child, into: &output) }
            output += "</\(element.name)>"
            if Self.lineBreakAfter.contains(element.name) { output += "\n" }
        }
    }

    /// Elements whose whitespace-only text between child tags shows nothing.
    private static let structural: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "colgroup", "ul", "ol", "dl"]

    /// The children of `element` without whitespace that shows nothing: between the rows and cells of
    /// a table or the items of a list, and at the start and end of a cell or item.
    private static func meaningfulChildren(of element: HTMLElement) -> [HTMLNode] {
        if structural.contains(element.name) {
            return element.children.filter { !isCollapsibleSpace($0) }
        }
        var children = element.children[...]
        while let first = children.first, isCollapsibleSpace(first) { children.removeFirst() }
        while let last = children.last, isCollapsibleSpace(last) { children.removeLast() }
        return Array(children)
    }

    /// Text of spaces, tabs and line breaks only (a non-breaking space shows, so it is not one).
    private static func isCollapsibleSpace(_ node: HTMLNode) -> Bool {
        if case let .text(text) = node { return collapse(text) == " " || text.isEmpty }
        return false
    }

    /// Runs of HTML whitespace (not non-breaking spaces) as one space.
    static func collapse(_ text: String) -> String {
        var result = ""
        var inSpace = false
        for character in text {
            if character == " " || character == "\n" || character == "\t" || character == "\r" || character == "\u{C}" {
                if !inSpace { result.append(" ") }
                inSpace = true
            } else {
                result.append(character)
                inSpace = false
            }
        }
        return result
    }

    /// Text as HTML: `&`, `<`, `>` escaped and non-breaking spaces written `&nbsp;` (so they show in the file).
    static func escapeText(_ text: String) -> String {
        text.replacingEach(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\u{A0}": "&nbsp;"])
    }

    /// The report of a comment left out: Gutenberg's block markers (`<!-- wp:paragraph -->`) by name;
    /// nil for a block's closing marker (its opening one is reported).
    static func removedComment(_ text: String) -> ReviewItem? {
        let trimmed = excerpt(text)
        if trimmed.hasPrefix("/wp:") { return nil }
        if trimmed.hasPrefix("wp:") {
            let name = trimmed.split(separator: " ").first.map(String.init) ?? trimmed
            return ReviewItem(kind: .removed, what: "the Gutenberg block comment <!-- \(name) -->")
        }
        return ReviewItem(kind: .removed, what: "the HTML comment <!-- \(trimmed) -->")
    }

    /// `<iframe src="…">`: how a report names an element.
    static func describe(_ element: HTMLElement) -> String {
        for name in ["src", "href", "data", "action", "class", "id"] {
            if let value = element.attribute(name), !value.isEmpty {
                return "<\(element.name) \(name)=\"\(excerpt(value, limit: 80))\">"
            }
        }
        return "<\(element.name)>"
    }

    /// The start of `text`, whitespace collapsed, cut at `limit` characters.
    static func excerpt(_ text: String, limit: Int = 40) -> String {
        let flat = collapse(text).trimmingCharacters(in: .whitespaces)
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
