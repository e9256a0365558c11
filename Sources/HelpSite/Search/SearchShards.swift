import Crypto
import Foundation

/// Writes a locale's index as small static files the browser fetches only as a query needs them.
///
/// - `meta.json`: the build id and, for each term chunk, its first and last term and file name.
///   Terms are keyed in NFD and sorted by UTF-16 code unit (as JavaScript compares strings), so a
///   Hangul word being typed (`리`, `ᄅ`) is a range of keys.
/// - `t.<hash>.json`: about `chunkBytes` of terms and their postings (`[page delta, section,
///   score, …]`); the name changes with the content, so browsers may keep a chunk forever.
/// - `p/<page>.json`: one page's URL, title, section path and section texts, for the result list
///   and its snippets: fetched only for the results shown.
enum SearchShards {
    /// The size a term chunk is filled to (a chunk with one large term may be bigger).
    static let chunkBytes = 12_000
    /// The longest section text kept for snippets, in characters.
    static let snippetSource = 4_000

    /// The files of `index`, by path relative to the index folder.
    static func files(of index: SearchIndex) -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = []
        let keyed = index.postings.map { (key: $0.key.decomposedStringWithCanonicalMapping, postings: $0.value) }
            .sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
        var chunks: [[Any]] = []
        var start = 0
        var size = 0
        func flush(upTo end: Int) {
            guard end > start else { return }
            // Terms are letters, digits and marks only (no quote, backslash or control character),
            // so they are written as they are.
            var text = "{"
            for (position, entry) in keyed[start..<end].enumerated() {
                text += position == 0 ? "\"" : ",\""
                text += entry.key
                text += "\":["
                encode(entry.postings, into: &text)
                text += "]"
            }
            text += "}"
            let name = "t.\(hash(text)).json"
            files.append((name, text))
            chunks.append([keyed[start].key, keyed[end - 1].key, name])
            start = end
            size = 0
        }
        for (position, entry) in keyed.enumerated() {
            if size >= chunkBytes { flush(upTo: position) }
            size += entry.key.utf8.count + 4 + entry.postings.count * 9
        }
        flush(upTo: keyed.count)
        for (page, document) in index.documents.enumerated() {
            let sections: [[Any]] = document.sections.map {
                [$0.anchor ?? "", $0.heading ?? "", String($0.text.prefix(snippetSource))]
            }
            let fragment: [String: Any] = ["url": document.url, "title": document.title, "path": document.sectionPath, "sections": sections]
            files.append(("p/\(page).json", ScriptSafeJSON.encode(fragment)))
        }
        var digest = SHA256()
        for file in files { digest.update(data: Data((file.path + "\n" + file.text + "\n").utf8)) }
        let build = digest.finalize().prefix(4).map { String(format: "%02x", $0) }.joined()
        let meta: [String: Any] = ["v": 1, "build": build, "pages": index.documents.count, "chunks": chunks]
        files.append(("meta.json", ScriptSafeJSON.encode(meta)))
        return files
    }

    /// `page delta,section,score,…`: page ids are ascending, so deltas keep the numbers short.
    private static func encode(_ postings: [SearchIndex.Posting], into text: inout String) {
        var previous = 0
        for (position, posting) in postings.enumerated() {
            if position > 0 { text += "," }
            text += String(posting.page - previous)
            text += ","
            text += String(posting.section)
            text += ","
            text += String(posting.score)
            previous = posting.page
        }
    }

    private static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
    }
}
