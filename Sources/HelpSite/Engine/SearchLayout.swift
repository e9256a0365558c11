/// What the last build's index of one locale was made of, kept in the build state: its pages in id
/// order, each with the key of its terms (`SearchPages`) and its number of sections, and its chunks.
/// While a build has the same pages in the same order, it changes only the chunks and page files of
/// the pages whose key changed.
struct SearchLayout: Sendable, Equatable {
    struct Page: Sendable, Equatable {
        let url: String
        let key: ContentDigest
        let sections: Int
    }

    var pages: [Page] = []
    var chunks: [SearchChunks.Chunk] = []

    func write(to writer: inout StateWriter) {
        writer.add(varint: pages.count)
        for page in pages {
            writer.add(shortText: page.url)
            writer.add(page.key)
            writer.add(varint: page.sections)
        }
        writer.add(varint: chunks.count)
        for chunk in chunks {
            writer.add(shortText: chunk.first.text)
            writer.add(shortText: chunk.last.text)
            writer.add(shortText: chunk.name)
        }
    }

    static func read(_ reader: inout StateReader) -> SearchLayout? {
        var layout = SearchLayout()
        guard let pageCount = reader.varint() else { return nil }
        for _ in 0..<pageCount {
            guard let url = reader.shortText(), let key = reader.digest(), let sections = reader.varint() else { return nil }
            layout.pages.append(Page(url: url, key: key, sections: sections))
        }
        guard let chunkCount = reader.varint() else { return nil }
        for _ in 0..<chunkCount {
            guard let first = reader.shortText(), let last = reader.shortText(), let name = reader.shortText() else { return nil }
            layout.chunks.append(SearchChunks.Chunk(first: SearchKey(units: Array(first.utf16)), last: SearchKey(units: Array(last.utf16)), name: name))
        }
        return layout
    }
}
