/// Every searchable page's analysed text (`SearchIndex.AnalyzedPage`), by the digest of what it is
/// made from, kept between builds in `.helpgen/<output name>/search` so that an edit renders and
/// analyses again only the pages it changed; scoring and the index files are then made from all of
/// them as in a full build.
///
/// A page's key covers everything its analysed text depends on: its URL, title, section path and
/// search weight, its source's bytes, the callout titles it was parsed with, the URLs its links
/// resolve to and its images' HTML. The file is written by one helpgen binary and read only by the
/// same one (`BuildState.identity`), since analysing may change between versions.
struct SearchPages: Sendable {
    var byKey: [ContentDigest: SearchIndex.AnalyzedPage] = [:]

    private static let format = "search pages 1"

    /// The key of a page's analysed text.
    static func key(
        url: String, title: String, sectionPath: [String], weight: Double,
        source: BuildState.Source, linkURLs: [String], images: [String]
    ) -> ContentDigest {
        var digest = DigestBuilder()
        digest.add(url)
        digest.add(title)
        digest.add(sectionPath.count)
        for part in sectionPath { digest.add(part) }
        digest.add(Int(bitPattern: UInt(weight.bitPattern)))
        digest.add(source.digest)
        digest.add(source.labels)
        digest.add(linkURLs.count)
        for url in linkURLs { digest.add(url) }
        digest.add(images.count)
        for image in images { digest.add(image) }
        return digest.finish()
    }

    /// The file's bytes. Terms are written once in a table and referred to by number; counts are
    /// multiples of a quarter (a body occurrence is 1, a piece of a word ½; places are 5, 2.5 and
    /// their halves), written as whole quarters. A page with any other count is left out (it is
    /// analysed again next time).
    func encoded() -> [UInt8] {
        var terms: [String: Int] = [:]
        var table: [String] = []
        var pages = StateWriter()
        var written = 0
        for (key, page) in byKey {
            var entry = StateWriter()
            guard Self.write(page, to: &entry, terms: &terms, table: &table) else { continue }
            pages.add(key)
            pages.add(bytes: entry.bytes)
            written += 1
        }
        var writer = StateWriter()
        writer.add(Self.format + " " + BuildState.identity)
        writer.add(varint: table.count)
        for term in table { writer.add(term) }
        writer.add(varint: written)
        writer.add(bytes: pages.bytes)
        return writer.bytes
    }

    /// The pages written as `bytes` by this same program, or nil.
    static func decoded(_ bytes: [UInt8]) -> SearchPages? {
        var reader = StateReader(bytes)
        guard reader.string() == format + " " + BuildState.identity, let termCount = reader.varint() else { return nil }
        var table: [String] = []
        table.reserveCapacity(termCount)
        for _ in 0..<termCount {
            guard let term = reader.string() else { return nil }
            table.append(term)
        }
        guard let pageCount = reader.varint() else { return nil }
        var pages = SearchPages()
        pages.byKey.reserveCapacity(pageCount)
        for _ in 0..<pageCount {
            guard let key = reader.digest(), let page = read(&reader, table: table) else { return nil }
            pages.byKey[key] = page
        }
        return reader.isAtEnd ? pages : nil
    }

    private static func write(
        _ page: SearchIndex.AnalyzedPage, to writer: inout StateWriter, terms: inout [String: Int], table: inout [String]
    ) -> Bool {
        let document = page.document
        writer.add(document.url)
        writer.add(document.title)
        writer.add(varint: document.sectionPath.count)
        for part in document.sectionPath { writer.add(part) }
        writer.add(document.weight.bitPattern)
        writer.add(varint: document.sections.count)
        for section in document.sections {
            writer.add(section.anchor)
            writer.add(section.heading)
            writer.add(section.text)
        }
        writer.add(varint: page.sections.count)
        for section in page.sections {
            writer.add(varint: section.length)
            writer.add(varint: section.counts.count)
            for (term, counts) in section.counts {
                guard let body = quarters(counts.body), let place = quarters(counts.place) else { return false }
                let number: Int
                if let known = terms[term] {
                    number = known
                } else {
                    number = table.count
                    terms[term] = number
                    table.append(term)
                }
                writer.add(varint: number)
                writer.add(varint: body)
                writer.add(varint: place)
            }
        }
        return true
    }

    private static func read(_ reader: inout StateReader, table: [String]) -> SearchIndex.AnalyzedPage? {
        guard let url = reader.string(), let title = reader.string(), let pathCount = reader.varint() else { return nil }
        var sectionPath: [String] = []
        for _ in 0..<pathCount {
            guard let part = reader.string() else { return nil }
            sectionPath.append(part)
        }
        guard let weight = reader.uint64().map(Double.init(bitPattern:)), let textCount = reader.varint() else { return nil }
        var texts: [SearchSection] = []
        for _ in 0..<textCount {
            guard let anchor = reader.optionalString(), let heading = reader.optionalString(), let text = reader.string() else { return nil }
            texts.append(SearchSection(anchor: anchor, heading: heading, text: text))
        }
        guard let sectionCount = reader.varint() else { return nil }
        var sections: [(length: Int, counts: [String: SearchIndex.AnalyzedPage.Counts])] = []
        sections.reserveCapacity(sectionCount)
        for _ in 0..<sectionCount {
            guard let length = reader.varint(), let entryCount = reader.varint(), entryCount <= table.count else { return nil }
            var counts: [String: SearchIndex.AnalyzedPage.Counts] = [:]
            counts.reserveCapacity(entryCount)
            for _ in 0..<entryCount {
                guard let number = reader.varint(), number < table.count, let body = reader.varint(), let place = reader.varint() else { return nil }
                counts[table[number]] = .init(body: Double(body) / 4, place: Double(place) / 4)
            }
            sections.append((length, counts))
        }
        let document = SearchDocument(url: url, title: title, sectionPath: sectionPath, weight: weight, sections: texts)
        return SearchIndex.AnalyzedPage(document: document, sections: sections)
    }

    /// `value` in whole quarters, when it is one.
    private static func quarters(_ value: Double) -> Int? {
        let scaled = value * 4
        guard scaled >= 0, scaled < 1e15, scaled == scaled.rounded() else { return nil }
        return Int(scaled)
    }
}
