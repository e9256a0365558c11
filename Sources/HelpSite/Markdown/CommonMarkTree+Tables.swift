import CCmark
import Foundation

/// GitHub-style pipe tables on top of cmark, which parses them as paragraphs: a paragraph whose source
/// lines hold a header row and a delimiter row becomes a table; lines before the header row stay a
/// paragraph. Each cell's inline Markdown is parsed by cmark and its nodes are put in the page's tree
/// (one paragraph node per cell), so links in cells are checked and rewritten like any other link.
extension CommonMarkTree {
    /// Finds the tables among the paragraphs; they are written out by `renderHTML()`.
    func convertTables() {
        // Every table has a pipe: a page without one is passed over without splitting it into lines.
        guard markdown.utf8.contains(UInt8(ascii: "|")) else { return }
        // Lines end as cmark ends them: "\n", "\r\n" (one Character in Swift) or "\r".
        var lines: [Substring]?
        var references: [String: Substring]?
        for paragraph in nodes(ofType: CMARK_NODE_PARAGRAPH) {
            let first = Int(cmark_node_get_start_line(paragraph)), last = Int(cmark_node_get_end_line(paragraph))
            guard first >= 1, last > first else { continue }
            let sourceLines = lines ?? markdown.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            lines = sourceLines
            guard last <= sourceLines.count else { continue }
            let rows = Self.contentLines(
                sourceLines[(first - 1)..<last], prefixLength: Int(cmark_node_get_start_column(paragraph)) - 1
            )
            guard rows.contains(where: { $0.contains("|") }), let table = PipeTable.find(in: rows) else { continue }
            let refs = references ?? Self.referenceDefinitions(in: sourceLines)
            references = refs

            let tableNode = makeCustomBlock(open: "", close: "")
            var cells: [OpaquePointer] = []
            let cellRows = [table.header] + table.rows
            for (offset, row) in cellRows.enumerated() {
                let line = first + table.headerLine + (offset == 0 ? 0 : offset + 1)
                for markdown in row {
                    let cell = cmark_node_new(CMARK_NODE_PARAGRAPH)!
                    for node in inlineNodes(of: markdown, references: refs) { cmark_node_append_child(cell, node) }
                    cmark_node_append_child(tableNode, cell)
                    madeNodeLines[cell] = line
                    cells.append(cell)
                }
            }
            madeNodeLines[tableNode] = first + table.headerLine
            if table.headerLine == 0 {
                cmark_node_replace(paragraph, tableNode)
                cmark_node_free(paragraph)
            } else {
                let leading = rows[..<table.headerLine].joined(separator: "\n")
                while let child = cmark_node_first_child(paragraph) { cmark_node_free(child) }
                for node in inlineNodes(of: leading, references: refs) { cmark_node_append_child(paragraph, node) }
                madeNodeLines[paragraph] = first
                cmark_node_insert_after(paragraph, tableNode)
            }
            pendingTables.append((tableNode, table, cells))
        }
    }

    /// Replaces each table found by one custom block holding its HTML, in a box that scrolls sideways.
    func writeTables() {
        for (node, table, cells) in pendingTables {
            var html = "<div class=\"table-scroll\">\n<table>\n<thead>\n"
            var cellIndex = 0
            func appendRow(tag: String) {
                html += "<tr>\n"
                for alignment in table.alignments {
                    var inlineHTML = ""
                    var child = cmark_node_first_child(cells[cellIndex])
                    while let inline = child {
                        inlineHTML += render(inline)
                        child = cmark_node_next(inline)
                    }
                    html += "<\(tag)\(alignment.attribute)>\(inlineHTML)</\(tag)>\n"
                    cellIndex += 1
                }
                html += "</tr>\n"
            }
            appendRow(tag: "th")
            html += "</thead>\n"
            if !table.rows.isEmpty {
                html += "<tbody>\n"
                for _ in table.rows { appendRow(tag: "td") }
                html += "</tbody>\n"
            }
            html += "</table>\n</div>"
            let block = makeCustomBlock(open: html, close: "")
            cmark_node_replace(node, block)
            cmark_node_free(node)
        }
        pendingTables = []
    }

    /// The inline nodes cmark makes of `markdown` as one paragraph, detached from any tree. Text that
    /// would start another block (`# x`, `- x`, `1. x`) gets its first character escaped; what still is
    /// not one paragraph becomes plain text.
    private func inlineNodes(of markdown: String, references: [String: Substring]) -> [OpaquePointer] {
        guard !markdown.isEmpty else { return [] }
        // Only the definitions of the labels the text holds: a page of many definitions and many cells
        // costs no more than its cells.
        var definitions = ""
        if !references.isEmpty {
            for label in Self.bracketed(markdown) { if let line = references[label] { definitions += "\n" + line } }
        }
        if let nodes = Self.paragraphInlines(markdown + "\n\n" + definitions) { return nodes }
        if let index = markdown.firstIndex(where: { !$0.isNumber }), markdown[index].isASCII, markdown[index].isPunctuation || markdown[index].isSymbol {
            var escaped = markdown
            escaped.insert("\\", at: index)
            if let nodes = Self.paragraphInlines(escaped + "\n\n" + definitions) { return nodes }
        }
        let text = cmark_node_new(CMARK_NODE_TEXT)!
        cmark_node_set_literal(text, markdown)
        return [text]
    }

    /// The children of the paragraph cmark parses `markdown` into, detached, or nil when its first block
    /// is not a paragraph.
    private static func paragraphInlines(_ markdown: String) -> [OpaquePointer]? {
        var text = markdown
        let document = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, parseOptions)
            }
        }
        guard let document else { return nil }
        defer { cmark_node_free(document) }
        guard let paragraph = cmark_node_first_child(document), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
              Int(cmark_node_get_start_line(paragraph)) == 1
        else { return nil }
        var nodes: [OpaquePointer] = []
        while let child = cmark_node_first_child(paragraph) {
            cmark_node_unlink(child)
            nodes.append(child)
        }
        return nodes
    }

    /// A paragraph's lines without the container markers before them (`> ` of a quote, a list item's
    /// indent): the first line's prefix is cut from every line that starts with it; a lazy line loses its
    /// leading spaces and `>` only.
    private static func contentLines(_ lines: ArraySlice<Substring>, prefixLength: Int) -> [Substring] {
        guard let firstLine = lines.first, prefixLength > 0 else { return Array(lines) }
        let prefix = firstLine.utf8.prefix(prefixLength)
        return lines.map { line in
            if line.utf8.starts(with: prefix) { return Substring(line.utf8.dropFirst(prefixLength)) }
            return line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
        }
    }

    /// The lines of the page that look like link reference definitions (`[name]: url`) by lowercased
    /// label (the first one wins, as in CommonMark), so `[text][name]` in a cell parsed on its own still
    /// finds its target.
    private static func referenceDefinitions(in lines: [Substring]) -> [String: Substring] {
        var definitions: [String: Substring] = [:]
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.first == "[", let close = trimmed.firstIndex(of: "]"), trimmed[close...].hasPrefix("]:") else { continue }
            let label = trimmed[trimmed.index(after: trimmed.startIndex)..<close].lowercased()
            if definitions[label] == nil { definitions[label] = line }
        }
        return definitions
    }

    /// The lowercased texts between `[` and the next `]` in `markdown`.
    private static func bracketed(_ markdown: String) -> Set<String> {
        var labels: Set<String> = []
        var rest = markdown[...]
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            labels.insert(rest[rest.index(after: open)..<close].lowercased())
            rest = rest[rest.index(after: close)...]
        }
        return labels
    }
}
