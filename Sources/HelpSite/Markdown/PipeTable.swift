import Foundation

/// A GitHub-style pipe table found in the source lines of a paragraph cmark parsed: a header row, a
/// delimiter row (`| :-- | --: |`) with as many cells, then body rows up to the paragraph's end.
///
/// Only the rows are split here; each cell's inline Markdown is parsed by cmark afterwards. The
/// delimiter row is never rendered, so smart punctuation never sees its dashes.
struct PipeTable: Sendable, Equatable {
    /// How a column's cells are aligned (the colons of the delimiter row).
    enum Alignment: Sendable, Equatable {
        case none, left, center, right

        /// The `align` attribute of the column's cells, as the GFM spec writes it ("" for none).
        var attribute: String {
            switch self {
            case .none: ""
            case .left: " align=\"left\""
            case .center: " align=\"center\""
            case .right: " align=\"right\""
            }
        }
    }

    /// How many lines before the header row stay an ordinary paragraph.
    let headerLine: Int
    /// One alignment per column.
    let alignments: [Alignment]
    /// The header cells' Markdown, `\|` already unescaped.
    let header: [String]
    /// The body rows, each with exactly one cell per column (missing cells empty, extra ones dropped).
    let rows: [[String]]

    /// The table in `lines` (a paragraph's lines, container prefixes removed), or nil when no line is a
    /// delimiter row under a header row with as many cells.
    static func find(in lines: [Substring]) -> PipeTable? {
        guard lines.count >= 2 else { return nil }
        for index in 1..<lines.count {
            guard let alignments = delimiterRow(lines[index]) else { continue }
            let header = cells(of: lines[index - 1])
            guard header.count == alignments.count else { continue }
            let rows = lines[(index + 1)...].map { line in
                let cells = cells(of: line)
                return (0..<alignments.count).map { $0 < cells.count ? cells[$0] : "" }
            }
            return PipeTable(headerLine: index - 1, alignments: alignments, header: header, rows: rows)
        }
        return nil
    }

    /// The alignments of a delimiter row, or nil when `line` is not one: it holds a pipe, and every cell
    /// is one or more hyphens with an optional colon at either end.
    static func delimiterRow(_ line: Substring) -> [Alignment]? {
        guard line.contains("|") else { return nil }
        var alignments: [Alignment] = []
        for cell in cells(of: line) {
            let left = cell.hasPrefix(":"), right = cell.hasSuffix(":") && cell.count > 1
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments.isEmpty ? nil : alignments
    }

    /// The cells of a row: split at unescaped pipes, an outer pipe at either end dropped, each cell
    /// trimmed, `\|` turned into `|` (other backslash escapes stay for cmark).
    static func cells(of line: Substring) -> [String] {
        let row = line.trimmingCharacters(in: .whitespacesAndNewlines)
        var cells: [String] = []
        var current = ""
        var endsWithPipe = false
        var characters = row.makeIterator()
        while let character = characters.next() {
            endsWithPipe = false
            switch character {
            case "\\":
                guard let escaped = characters.next() else { current.append(character); break }
                if escaped != "|" { current.append(character) }
                current.append(escaped)
            case "|":
                cells.append(current)
                current = ""
                endsWithPipe = true
            default:
                current.append(character)
            }
        }
        if !endsWithPipe { cells.append(current) }
        if row.hasPrefix("|"), !cells.isEmpty { cells.removeFirst() }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
