/// The small files of a locale's index besides its term chunks (`SearchChunks`):
///
/// - `meta.json`: the build id, the number of pages and of sections (the browser weighs a term by
///   how few sections have it), and for each chunk its first and last key and file name. Keys are
///   in NFD, ordered by UTF-16 code unit (`SearchKey`), so a Hangul word being typed (`리`, `ᄅ`) is
///   a range of keys.
/// - `p/<page>.json`: one page's URL, title, section path and section texts, for the result list
///   and its snippets: fetched only for the results shown.
enum SearchShards {
    /// The longest section text kept for snippets, in characters.
    static let snippetSource = 4_000

    /// A page's file.
    static func fragment(of document: SearchDocument) -> String {
        let sections: [[Any]] = document.sections.map {
            [$0.anchor ?? "", $0.heading ?? "", String($0.text.prefix(snippetSource))]
        }
        let fragment: [String: Any] = ["url": document.url, "title": document.title, "path": document.sectionPath, "sections": sections]
        return ScriptSafeJSON.encode(fragment)
    }

    /// The locale's `meta.json`.
    static func meta<Build: StringProtocol>(build: Build, pages: Int, sections: Int, chunks: [SearchChunks.Chunk]) -> String {
        let meta: [String: Any] = [
            "v": 2, "build": String(build), "pages": pages, "sections": sections,
            "chunks": chunks.map { [$0.first.text, $0.last.text, $0.name] },
        ]
        return ScriptSafeJSON.encode(meta)
    }
}
