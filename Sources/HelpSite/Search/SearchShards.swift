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
            "v": 2, "build": String(build), "pages": pages, "sections": sections,
            "chunks": chunks.map { [$0.first.text, $0.last.text, $0.name] },
        ]
        return ScriptSafeJSON.encode(meta)
    }
}
