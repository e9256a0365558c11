/// Every searchable page's terms (`PageTerms`), by the digest of what they are made from, kept
/// between builds in `.helpgen/<output name>/search` so that an edit renders and analyses again only
/// the pages it changed, and the index chunks it patches can take out what those pages had before.
/// A build that analysed a few pages writes only those beside the file (`StateFolder.save`).
///
/// A page's key covers everything its terms depend on: its URL, title, section path and search
/// weight, its source's bytes, the callout titles it was parsed with, the URLs its links resolve to
/// and its images' HTML. Pages read from the file are decoded only when asked for, so a build that
/// needs a few of them does not pay for all. The file is written by one helpgen binary and read
/// only by the same one (`BuildState.identity`), since analysing may change between versions.
struct SearchPages: Sendable {
    private enum Record: Sendable {
        case encoded(StateReader)
        case analysed(PageTerms)
    }

    private var records: [ContentDigest: Record] = [:]
    /// The keys whose records are in the file last written whole (`StateFolder.save`).
    private(set) var savedWhole: Set<ContentDigest> = []
    /// A file in this format that holds exactly these records, not yet saved (the search step's
    /// scratch file, `SearchPagesSpill`): saving moves it into place instead of writing it again.
    private(set) var file: String?

    private static let format = "search pages 3"

    /// The start of the file: its format and the program that wrote it. Each page's entry follows
    /// (`entry(_:for:)`), to the end of the file.
    static var header: [UInt8] {
        var writer = StateWriter()
        writer.add(format + " " + BuildState.identity)
        return writer.bytes
    }

    /// One page's entry in the file: its key, then its record (`record(of:)`) as a block.
    static func entry(_ record: [UInt8], for key: ContentDigest) -> [UInt8] {
        var writer = StateWriter(capacity: record.count + 48)
        writer.add(key)
        writer.add(block: record)
        return writer.bytes
    }

    /// The pages of `file`, whose entries' records are `records` in order, and which holds nothing else.
    init(file: String, records: [(key: ContentDigest, record: StateReader)]) {
        self.file = file
        self.records.reserveCapacity(records.count)
        for (key, record) in records { self.records[key] = .encoded(record) }
    }

    init() {}

    /// The key of a page's terms; `source` is nil for a page made without a Markdown file.
    static func key(
        url: String, title: String, sectionPath: [String], weight: Double,
        source: BuildState.Source?, linkURLs: [String], images: [String]
    ) -> ContentDigest {
        var digest = DigestBuilder()
        digest.add(url)
        digest.add(title)
        digest.add(sectionPath.count)
        for part in sectionPath { digest.add(part) }
        digest.add(Int(bitPattern: UInt(weight.bitPattern)))
        digest.add(source != nil)
        if let source {
            digest.add(source.digest)
            digest.add(source.labels)
        }
        digest.add(linkURLs.count)
        for url in linkURLs { digest.add(url) }
        digest.add(images.count)
        for image in images { digest.add(image) }
        return digest.finish()
    }

    /// The keys of the pages kept.
    var keys: Set<ContentDigest> { Set(records.keys) }

    /// A page's terms, or nil when they are not kept (or their bytes are wrong).
    subscript(key: ContentDigest) -> PageTerms? {
        switch records[key] {
        case nil: nil
        case let .analysed(page)?: page
        case var .encoded(reader)?:
            Self.read(&reader)
        }
    }

    /// Keeps `page` under `key`.
    mutating func insert(_ page: PageTerms, for key: ContentDigest) {
        records[key] = .analysed(page)
        file = nil
    }

    /// Keeps under `key` a page's record (`record(of:)`) as read from a file.
    mutating func insert(encoded: StateReader, for key: ContentDigest) {
        records[key] = .encoded(encoded)
        file = nil
    }

    /// A page's record, as the file holds it.
    static func record(of page: PageTerms) -> [UInt8] {
        var writer = StateWriter()
        write(page, to: &writer)
        return writer.bytes
    }

    /// The pages not in the file last written whole.
    var unsaved: SearchPages {
        var pages = SearchPages()
        for (key, record) in records where !savedWhole.contains(key) { pages.records[key] = record }
        return pages
    }

    /// Records that every page is now in the file written whole.
    mutating func markSavedWhole() {
        savedWhole = Set(records.keys)
        file = nil
    }

    /// These pages with only the keys of `keys` (the pages of the build that keeps them).
    func keeping(_ keys: Set<ContentDigest>) -> SearchPages {
        var kept = SearchPages()
        for (key, record) in records where keys.contains(key) { kept.records[key] = record }
        kept.savedWhole = savedWhole
        kept.file = kept.records.count == records.count ? file : nil
        return kept
    }

    /// These pages and those of `other` (whose win where both have a key).
    func merging(_ other: SearchPages) -> SearchPages {
        if records.isEmpty { return other }
        if other.records.isEmpty { return self }
        var merged = self
        merged.file = nil
        merged.records.merge(other.records) { _, theirs in theirs }
        return merged
    }

    /// The file's bytes: its header, then each page's entry.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        encode(piecesOf: .max) { bytes += $0 }
        return bytes
    }

    /// The file's bytes handed to `write` in pieces of about `size` bytes: at 10,000 pages the
    /// whole file is over 60 MB, which a build need not hold at once beside the pages' terms.
    func encode(piecesOf size: Int, _ write: ([UInt8]) throws -> Void) rethrows {
        var writer = StateWriter(capacity: min(size, 1 << 20) + (1 << 16))
        writer.add(bytes: Self.header)
        for (key, record) in records {
            if writer.bytes.count >= size {
                try write(writer.bytes)
                writer = StateWriter(capacity: min(size, 1 << 20) + (1 << 16))
            }
            writer.add(key)
            switch record {
            case let .encoded(reader): writer.add(block: reader)
            case let .analysed(page): writer.add(block: Self.record(of: page))
            }
        }
        try write(writer.bytes)
    }

    /// The pages written as `bytes` by this same program, or nil.
    static func decoded(_ bytes: [UInt8]) -> SearchPages? {
        decoded(StateBytes(bytes))
    }

    /// The pages written as `bytes` by this same program, or nil. Records are decoded when asked for.
    static func decoded(_ bytes: StateBytes) -> SearchPages? {
        var reader = StateReader(bytes)
        guard reader.string() == format + " " + BuildState.identity else { return nil }
        var pages = SearchPages()
        while !reader.isAtEnd {
            guard let key = reader.digest(), let record = reader.block() else { return nil }
            pages.records[key] = .encoded(record)
        }
        return pages
    }

    private static func write(_ page: PageTerms, to writer: inout StateWriter) {
        let document = page.document
        writer.add(shortText: document.url)
        writer.add(shortText: document.title)
        writer.add(varint: document.sectionPath.count)
        for part in document.sectionPath { writer.add(shortText: part) }
        writer.add(document.weight.bitPattern)
        writer.add(varint: document.sections.count)
        for section in document.sections {
            writer.add(section.anchor)
            writer.add(section.heading)
            writer.add(shortText: section.text)
        }
        writer.add(varint: page.terms.count)
        for term in page.terms {
            writer.add(shortText: term.key)
            writer.add(varint: term.postings.count)
            for posting in term.postings {
                writer.add(varint: posting.section)
                writer.add(varint: posting.score)
            }
        }
    }

    private static func read(_ reader: inout StateReader) -> PageTerms? {
        guard let url = reader.shortText(), let title = reader.shortText(), let pathCount = reader.varint() else { return nil }
        var sectionPath: [String] = []
        for _ in 0..<pathCount {
            guard let part = reader.shortText() else { return nil }
            sectionPath.append(part)
        }
        guard let weight = reader.uint64().map(Double.init(bitPattern:)), let sectionCount = reader.varint() else { return nil }
        var sections: [SearchSection] = []
        for _ in 0..<sectionCount {
            guard let anchor = reader.optionalString(), let heading = reader.optionalString(), let text = reader.shortText() else { return nil }
            sections.append(SearchSection(anchor: anchor, heading: heading, text: text))
        }
        guard let termCount = reader.varint() else { return nil }
        var terms: [PageTerms.Term] = []
        terms.reserveCapacity(min(termCount, 1 << 16))
        for _ in 0..<termCount {
            guard let key = reader.shortText(), let postingCount = reader.varint(), postingCount > 0 else { return nil }
            guard let section = reader.varint(), let score = reader.varint() else { return nil }
            var more: [PageTerms.Posting] = []
            for _ in 1..<postingCount {
                guard let section = reader.varint(), let score = reader.varint() else { return nil }
                more.append(PageTerms.Posting(section: section, score: score))
            }
            let postings = PageTerms.Postings(first: PageTerms.Posting(section: section, score: score), more: more)
            terms.append(PageTerms.Term(key: SearchKey(units: Array(key.utf16)), postings: postings))
        }
        guard reader.isAtEnd else { return nil }
        let document = SearchDocument(url: url, title: title, sectionPath: sectionPath, weight: weight, sections: sections)
        return PageTerms(document: document, terms: terms)
    }
}
