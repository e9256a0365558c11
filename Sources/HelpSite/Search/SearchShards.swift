/// The small files of a locale's index besides its term chunks (`SearchChunks`):
///
/// - `meta.json`: the build id, the number of pages and of sections (the browser weighs a term by
///   how few sections have it), and for each chunk its first and last key and file name. Keys are
///   in NFD, ordered by UTF-16 code unit (`SearchKey`), so a Hangul word being typed (`리`, `ᄅ`) is
///   a range of keys.
/// - `p/<n>.json`: the pages `n × pagesPerFile` to `(n + 1) × pagesPerFile − 1`, each its URL,
///   title, section path and section texts, for the result list and its snippets: fetched only for
///   the results shown. A file holds a JSON array, one page per line.
///
/// Pages share files because every file of the output is one more inode for the file system to
/// allocate (at 10,000 pages, one file per page was a third of the output's files and folders); a
/// file of 16 pages' snippets is about 2 KB gzip-compressed, so a result list of ten pages fetches
/// at most ten such files.
enum SearchShards {
    /// The longest section text kept for snippets, in characters.
    static let snippetSource = 4_000

    /// Pages per page file (`meta.json` says it as `pagesPerFile`, for the browser).
    static let pagesPerFile = 16

    /// The path of the page file holding page `id`, relative to the locale's index folder.
    static func pageFileName(ofPage id: Int) -> String {
        "p/\(id / pagesPerFile).json"
    }

    /// A page file: the pages' own texts (`fragment(of:)`) as a JSON array, one per line.
    static func pageFile(_ fragments: [String]) -> String {
        "[\n" + fragments.joined(separator: ",\n") + "\n]\n"
    }

    /// The pages' texts of a page file written by `pageFile(_:)`, or nil when it is not one.
    static func fragments(ofPageFile bytes: [UInt8]) -> [String]? {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count >= 4, lines.first?.elementsEqual("[".utf8) == true,
              lines[lines.count - 2].elementsEqual("]".utf8), lines.last?.isEmpty == true else { return nil }
        var fragments: [String] = []
        for (position, line) in lines[1..<(lines.count - 2)].enumerated() {
            let isLast = position == lines.count - 4
            guard isLast || line.last == UInt8(ascii: ",") else { return nil }
            guard let text = String(validating: isLast ? line : line.dropLast(), as: UTF8.self) else { return nil }
            fragments.append(text)
        }
        return fragments
    }

    /// A page's file: `{"path":[…],"sections":[[anchor,heading,text],…],"title":…,"url":…}`, the
    /// keys in `ScriptSafeJSON`'s order, written field by field.
    static func fragment(of document: SearchDocument) -> String {
        var out = "{\"path\":["
        out.reserveCapacity(document.sections.reduce(256) { $0 + $1.text.utf8.count + 64 })
        for (position, title) in document.sectionPath.enumerated() {
            if position > 0 { out += "," }
            ScriptSafeJSON.writeString(title, into: &out)
        }
        out += "],\"sections\":["
        for (position, section) in document.sections.enumerated() {
            out += position > 0 ? ",[" : "["
            ScriptSafeJSON.writeString(section.anchor ?? "", into: &out)
            out += ","
            ScriptSafeJSON.writeString(section.heading ?? "", into: &out)
            out += ","
            // No more characters than bytes: a text of at most `snippetSource` bytes is kept whole.
            let text = section.text.utf8.count <= snippetSource ? section.text : String(section.text.prefix(snippetSource))
            ScriptSafeJSON.writeString(text, into: &out)
            out += "]"
        }
        out += "],\"title\":"
        ScriptSafeJSON.writeString(document.title, into: &out)
        out += ",\"url\":"
        ScriptSafeJSON.writeString(document.url, into: &out)
        out += "}"
        return out
    }

    /// The locale's `meta.json`.
    static func meta<Build: StringProtocol>(build: Build, pages: Int, sections: Int, chunks: [SearchChunks.Chunk]) -> String {
        let meta: [String: Any] = [
            "v": 3, "build": String(build), "pages": pages, "sections": sections, "pagesPerFile": pagesPerFile,
            "chunks": chunks.map { [$0.first.text, $0.last.text, $0.name] },
        ]
        return ScriptSafeJSON.encode(meta)
    }
}
