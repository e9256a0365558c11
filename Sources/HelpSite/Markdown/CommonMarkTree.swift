import CCmark
import Foundation

/// A Markdown document parsed by libcmark, kept as cmark's node tree until it is rendered.
///
/// This file and its `CommonMarkTree+…` extensions are the only ones that call into cmark. It owns the
/// tree and frees it on `deinit`; every string cmark allocates for us is freed right after it is copied
/// into a Swift `String`.
/// The tree is used by one thread at a time (one page is handled by one task), which is why the
/// type can be handed across tasks.
final class CommonMarkTree: @unchecked Sendable {
    let root: OpaquePointer
    /// Headings given an id, not yet written out (see `assignHeadingIDs`).
    private var pendingHeadings: [(node: OpaquePointer, id: String)] = []
    /// Tables made from paragraphs, written out by `renderHTML()` (see `convertTables`).
    var pendingTables: [(node: OpaquePointer, table: PipeTable, cells: [OpaquePointer])] = []
    /// Source lines of nodes made here (cmark records lines only on the blocks it parsed).
    var madeNodeLines: [OpaquePointer: Int] = [:]
    /// The page's Markdown, for the extensions that work from source lines.
    let markdown: String

    /// Parses CommonMark with smart punctuation and UTF-8 validation (invalid bytes become U+FFFD).
    init(markdown: String) {
        self.markdown = markdown
        var text = markdown
        root = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, Self.parseOptions)
            }
        }
    }

    /// Smart punctuation and UTF-8 validation, for the page and for the pieces parsed on their own.
    static let parseOptions = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8

    deinit {
        cmark_node_free(root)
    }

    /// Turns `> [!TIP]`-style blockquotes into callout boxes.
    ///
    /// - Parameter box: given the marker word (e.g. `TIP`), returns the opening and closing HTML of the
    ///   box, or nil when the word names no callout (the blockquote then stays a blockquote).
    func convertCallouts(_ box: (String) -> (open: String, close: String)?) {
        for quote in nodes(ofType: CMARK_NODE_BLOCK_QUOTE) {
            guard let paragraph = cmark_node_first_child(quote),
                  cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH
            else { continue }
            // The marker's text may be split by cmark into several text nodes ("[", "!TIP", "]").
            var markerNodes: [OpaquePointer] = []
            var markerText = ""
            var child = cmark_node_first_child(paragraph)
            while let node = child, cmark_node_get_type(node) == CMARK_NODE_TEXT {
                markerNodes.append(node)
                markerText += literal(of: node)
                child = cmark_node_next(node)
            }
            let lineEnd = child.map(cmark_node_get_type)
            guard lineEnd == nil || lineEnd == CMARK_NODE_SOFTBREAK || lineEnd == CMARK_NODE_LINEBREAK,
                  let word = CalloutMarker.word(in: markerText),
                  let html = box(word)
            else { continue }
            for node in markerNodes { cmark_node_free(node) }
            if let lineBreak = child { cmark_node_free(lineBreak) }
            if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }

            let aside = makeCustomBlock(open: html.open, close: html.close)
            moveChildren(of: quote, into: aside)
            cmark_node_replace(quote, aside)
            cmark_node_free(quote)
        }
    }

    /// Gives every heading an `id` attribute and returns the headings in document order.
    ///
    /// The ids are known at once (links are checked against them); the headings are written out
    /// with their ids by `renderHTML()`, after links inside them have been rewritten.
    /// - Parameter makeID: given the heading's plain text, returns its id (already unique in the page).
    @discardableResult
    func assignHeadingIDs(_ makeID: (String) -> String) -> [HeadingAnchor] {
        var anchors: [HeadingAnchor] = []
        for heading in nodes(ofType: CMARK_NODE_HEADING) {
            let text = plainText(of: heading)
            let id = makeID(text)
            let level = Int(cmark_node_get_heading_level(heading))
            anchors.append(HeadingAnchor(id: id, text: text, level: level, line: Int(cmark_node_get_start_line(heading))))
            pendingHeadings.append((heading, id))
        }
        return anchors
    }

    /// Replaces each heading given an id by one custom block holding the whole element, so the
    /// heading stays on one line: `<h2 id="...">inline HTML</h2>`.
    private func writeHeadingIDs() {
        for (heading, id) in pendingHeadings {
            let level = Int(cmark_node_get_heading_level(heading))
            var inlineHTML = ""
            var child = cmark_node_first_child(heading)
            while let node = child {
                inlineHTML += render(node)
                child = cmark_node_next(node)
            }
            let block = makeCustomBlock(
                open: "<h\(level) id=\"\(HTMLText.escapeAttribute(id))\">\(inlineHTML)</h\(level)>",
                close: ""
            )
            cmark_node_replace(heading, block)
            cmark_node_free(heading)
        }
        pendingHeadings = []
    }

    /// The images of the document, in order; each image of the site (`isLocal`) is replaced by `slot`,
    /// as its `<img>` element is written once the file is found.
    /// An image inside another's description is part of that one's alt text.
    func takeImages(slot: String) -> [ImageOccurrence] {
        nodes(ofType: CMARK_NODE_IMAGE).filter { !isInside($0, CMARK_NODE_IMAGE) }.map { image in
            let occurrence = ImageOccurrence(
                destination: cmark_node_get_url(image).map { String(cString: $0) } ?? "", alt: plainText(of: image),
                title: cmark_node_get_title(image).map { String(cString: $0) } ?? "", line: line(of: image)
            )
            if occurrence.isLocal {
                let placeholder = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
                cmark_node_set_on_enter(placeholder, slot)
                cmark_node_set_on_exit(placeholder, "")
                cmark_node_replace(image, placeholder)
                cmark_node_free(image)
            }
            return occurrence
        }
    }

    /// The links of the document, with the line each one is on (a link inside an image's description
    /// is only text of its alt text, so it is none).
    func links() -> [LinkOccurrence] {
        nodes(ofType: CMARK_NODE_LINK).filter { !isInside($0, CMARK_NODE_IMAGE) }.map { link in
            LinkOccurrence(destination: cmark_node_get_url(link).map { String(cString: $0) } ?? "", line: line(of: link))
        }
    }

    /// Replaces link destinations: `rewrite` returns the new destination or nil to keep the old one.
    func rewriteLinks(_ rewrite: (String) -> String?) {
        for link in nodes(ofType: CMARK_NODE_LINK) where !isInside(link, CMARK_NODE_IMAGE) {
            let destination = cmark_node_get_url(link).map { String(cString: $0) } ?? ""
            if let replacement = rewrite(destination) {
                cmark_node_set_url(link, replacement)
            }
        }
    }

    /// The text of the first paragraph that is directly in the document (not in a list or a callout).
    func firstParagraphText() -> String? {
        var child = cmark_node_first_child(root)
        while let node = child {
            if cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH {
                let text = plainText(of: node)
                if !text.isEmpty { return text }
            }
            child = cmark_node_next(node)
        }
        return nil
    }

    /// The document as HTML; raw HTML written by the authors is kept.
    func renderHTML() -> String {
        writeHeadingIDs()
        writeTables()
        return render(root)
    }

    // MARK: - Tree plumbing

    func render(_ node: OpaquePointer) -> String {
        guard let html = cmark_render_html(node, CMARK_OPT_UNSAFE) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    func nodes(ofType type: cmark_node_type) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(root) else { return found }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            if cmark_node_get_type(node) == type { found.append(node) }
        }
        return found
    }

    /// True when a node of type `type` holds `node`.
    func isInside(_ node: OpaquePointer, _ type: cmark_node_type) -> Bool {
        var current = cmark_node_parent(node)
        while let ancestor = current {
            if cmark_node_get_type(ancestor) == type { return true }
            current = cmark_node_parent(ancestor)
        }
        return false
    }

    func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literal(of: current)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    func literal(of node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// Whether the node's literal holds the ASCII character `character`, read in place.
    func literal(of node: OpaquePointer, contains character: Unicode.Scalar) -> Bool {
        guard let literal = cmark_node_get_literal(node) else { return false }
        return strchr(literal, Int32(character.value)) != nil
    }

    /// cmark records lines on blocks; an inline node takes the line of its nearest block.
    func line(of node: OpaquePointer) -> Int {
        // A node parsed on its own (a table cell's) counts lines from its own start: the made block's line wins.
        if !madeNodeLines.isEmpty {
            var current: OpaquePointer? = node
            while let candidate = current {
                if let made = madeNodeLines[candidate] { return made }
                current = cmark_node_parent(candidate)
            }
        }
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 { return line }
            current = cmark_node_parent(candidate)
        }
        return 1
    }

    func makeCustomBlock(open: String, close: String) -> OpaquePointer {
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(block, open)
        cmark_node_set_on_exit(block, close)
        return block
    }

    func moveChildren(of source: OpaquePointer, into target: OpaquePointer) {
        while let child = cmark_node_first_child(source) {
            cmark_node_append_child(target, child)
        }
    }
}

/// A heading of a page: its id (the `#anchor`), text, level and source line.
struct HeadingAnchor: Sendable, Equatable {
    let id: String
    let text: String
    let level: Int
    let line: Int
}

/// An image written in a page (`![alt](shot.png "title")`), with the line of the Markdown body it is on.
struct ImageOccurrence: Sendable, Equatable {
    let destination: String
    /// Its alt text, as plain text ("" when there is none).
    let alt: String
    let title: String
    let line: Int

    /// True for a file of the site (`shot.png`, `/img/logo.svg`), false for a URL (`https://…`, `//host/…`).
    var isLocal: Bool {
        guard !destination.hasPrefix("//") else { return false }
        let path = destination.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !path.contains(":")
    }
}

/// A link written in a page, with the line of the Markdown body it is on.
struct LinkOccurrence: Sendable, Equatable {
    let destination: String
    let line: Int
}

/// Everything a page needs from its Markdown, taken out of cmark's tree before the tree is freed.
struct ParsedMarkdown: Sendable, Equatable {
    /// The body as HTML, with a slot for each link to another page and each image of the site.
    let body: PageBodyHTML
    /// Its headings, in order, with their ids.
    let headings: [HeadingAnchor]
    /// Its links, in order, with body lines.
    let links: [LinkOccurrence]
    /// Its images, in order, with body lines.
    let images: [ImageOccurrence]
    /// The first paragraph as plain text.
    let leadText: String?
}

extension CommonMarkTree {
    /// Stands for a link's URL in the HTML until it is known: letters and digits only (cmark writes
    /// them unescaped), random per process so no page's text can hold it.
    private static let slotMarker = "helpgenslot" + String(UInt64.random(in: .min ... .max), radix: 36) + "z"
    /// Stands for an image's `<img>` element until it is known, like `slotMarker`.
    private static let imageSlotMarker = "helpgenimage" + String(UInt64.random(in: .min ... .max), radix: 36) + "z"

    /// Parses a page's Markdown: callouts, tables, strikethrough and bare URLs made, heading ids given,
    /// and the links for which `isPageLink` holds and the images of the site left as slots of the body.
    /// The cmark tree is freed before this returns.
    static func parse(
        _ markdown: String, callouts: (String) -> (open: String, close: String)?, isPageLink: (String) -> Bool
    ) -> ParsedMarkdown {
        let tree = CommonMarkTree(markdown: markdown)
        tree.convertCallouts(callouts)
        tree.convertTables()
        tree.convertStrikethrough()
        tree.convertBareURLs()
        var ids = HeadingIDs()
        let headings = tree.assignHeadingIDs { ids.id(for: $0) }
        let images = tree.takeImages(slot: Self.imageSlotMarker)
        let links = tree.links()
        let leadText = tree.firstParagraphText()
        var slots = 0
        tree.rewriteLinks { destination in
            guard isPageLink(destination) else { return nil }
            slots += 1
            return Self.slotMarker
        }
        let body = Self.split(tree.renderHTML(), links: Self.slotMarker, images: Self.imageSlotMarker)
        precondition(body.slotCount == slots, "every link to a page leaves one slot in the HTML")
        precondition(body.imageSlots.count == images.filter(\.isLocal).count, "every image of the site leaves one slot in the HTML")
        return ParsedMarkdown(body: body, headings: headings, links: links, images: images, leadText: leadText)
    }

    /// `html` cut at each occurrence of either marker (ASCII, starting with the same byte, neither a
    /// prefix of the other), which is dropped: a byte search, as the markers are plain ASCII and cannot
    /// start inside another character's bytes.
    private static func split(_ html: String, links linkMarker: String, images imageMarker: String) -> PageBodyHTML {
        let markers = [Array(linkMarker.utf8), Array(imageMarker.utf8)]
        let first = markers[0][0]
        precondition(markers[1][0] == first, "both markers start with the same byte")
        var parts: [String] = []
        var imageSlots: [Int] = []
        var html = html
        html.withUTF8 { bytes in
            var partStart = 0, index = 0
            scan: while index < bytes.count {
                guard bytes[index] == first else {
                    index += 1
                    continue
                }
                for (kind, pattern) in markers.enumerated()
                where index + pattern.count <= bytes.count && bytes[index] == pattern[0] && bytes[index..<index + pattern.count].elementsEqual(pattern) {
                    parts.append(String(decoding: bytes[partStart..<index], as: UTF8.self))
                    if kind == 1 { imageSlots.append(parts.count - 1) }
                    index += pattern.count
                    partStart = index
                    continue scan
                }
                index += 1
            }
            parts.append(String(decoding: bytes[partStart...], as: UTF8.self))
        }
        return PageBodyHTML(parts: parts, imageSlots: imageSlots)
    }
}
