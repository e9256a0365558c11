import Foundation

/// What an import did: the summary line, and each thing a person should review, by file.
public struct ImportReport: Sendable, Codable {
    /// One review item of one file.
    public struct Entry: Sendable, Codable, Equatable {
        /// The Markdown file (`site/content/en/a/b.md`).
        public let file: String
        /// The WordPress page it came from (nil for a section page made for a missing parent).
        public let wordpressID: Int?
        /// What to review.
        public let item: ReviewItem

        /// `file: kind what (WordPress id N)`.
        public var line: String {
            "\(file): \(item.kind.rawValue): \(item.what)" + (wordpressID.map { " (WordPress id \($0))" } ?? "")
        }
    }

    /// Pages in the input.
    public let pages: Int
    /// Locales they landed in.
    public let locales: Int
    /// Sections (folders) the imported pages are in, whoever wrote their `_index.md`.
    public let sections: Int
    /// Section pages made for missing parents.
    public let createdParents: Int
    /// Everything to review, in page order.
    public let entries: [Entry]
    /// Files written (new or changed).
    public let written: [String]
    /// Files that already held exactly what the import would write.
    public let unchanged: [String]
    /// The content folder.
    public let content: String

    /// How many entries are of `kind`.
    public func count(_ kind: ReviewItem.Kind) -> Int {
        entries.filter { $0.item.kind == kind }.count
    }

    /// `Imported 312 pages in 2 locales (41 sections, 3 made for missing parents); 7 kept raw, 2 removed,
    /// 3 links to pages not imported, 5 files to copy → site/content (12 written, 300 unchanged)`.
    public var summary: String {
        func plural(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        let made = createdParents > 0 ? ", \(createdParents) made for missing parents" : ""
        return "Imported \(plural(pages, "page", "pages")) in \(plural(locales, "locale", "locales")) (\(plural(sections, "section", "sections"))\(made)); "
            + "\(count(.keptRaw)) kept raw, \(count(.removed)) removed, \(plural(count(.absoluteLink), "link", "links")) to pages not imported, "
            + "\(plural(count(.fileToCopy), "file", "files")) to copy → \(content) (\(written.count) written, \(unchanged.count) unchanged)"
    }

    /// 0 when everything converted exactly, 2 when there are items to review.
    public var exitStatus: Int32 { entries.isEmpty ? 0 : 2 }

    /// The report as JSON (`--report`), with the summary line.
    public func json() throws -> Data {
        struct Document: Encodable {
            let summary: String
            let exitStatus: Int32
            let report: ImportReport
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(summary: summary, exitStatus: exitStatus, report: self))
    }
}
