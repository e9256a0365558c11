import Foundation

/// The search step of a publication: each locale's index (`/<locale>/search/index/`) and search page.
///
/// A locale whose searchable pages are the ones the last build indexed, in the same order, keeps its
/// page ids: only the pages whose terms' key changed (`SearchPages.key`) are analysed again, their
/// page files written, and the chunks holding their old or new terms cut again (`SearchIndex.patch`).
/// Otherwise (the first build, a page added, removed or moved, a file of the index changed by
/// someone else) the locale's index is made whole, from each page's terms as kept by the last build
/// or analysed again, a batch of pages at a time. Both ways give the same bytes.
struct SearchStep {
    /// A file of the step: its text to write, or nil to keep the one the last build wrote (which the
    /// step found as written).
    struct File: Sendable {
        let path: String
        let text: String?
    }

    /// What the step made (its files were handed to `emit` as they were made).
    struct Made: Sendable {
        let layouts: [String: SearchLayout]
        /// The terms of every page indexed now, to keep for the next build.
        let pages: SearchPages
        /// Whether any page was analysed (and `pages` must be saved).
        let analysed: Bool
    }

    /// A page to index: where it is in the tree, its placement, and the key of its terms.
    struct Entry: Sendable {
        let page: Page
        let sectionPath: [String]
        let weight: Double
        let key: ContentDigest
    }

    let config: SiteConfig
    /// The searchable pages of each locale, in tree order.
    let entries: [String: [Entry]]
    let previousLayouts: [String: SearchLayout]
    let known: SearchPages
    /// The bytes of a file of the output folder, when it is the one the last build wrote.
    let writtenBytes: @Sendable (String) -> [UInt8]?
    /// Whether a file the last build wrote is still as written (its stamp).
    let isAsWritten: @Sendable (String) -> Bool
    /// The digest the last build recorded for a file it wrote.
    let recordedDigest: @Sendable (String) -> ContentDigest?
    /// A page's article body, rendered.
    let body: @Sendable (Page) throws -> String
    /// Where the pages analysed for a whole index are written meanwhile (`SearchPagesSpill`).
    let scratchPath: String

    /// Pages analysed at once when an index is made whole: their terms are added to the index and
    /// their page files handed on before the next ones are analysed, so a build never holds every
    /// page's terms at once.
    static let batchSize = 256

    /// Makes each locale's index and search page, handing every file to `emit` as it is made (the
    /// page files of a batch from several threads at once).
    func run(searchPage: (String) -> String, emit: @Sendable (File) throws -> Void) throws -> Made {
        var layouts: [String: SearchLayout] = [:]
        var made = SearchPages()
        var analysed = false
        var spilled: SearchPagesSpill?
        let spill = { [scratchPath] in
            if spilled == nil { spilled = try SearchPagesSpill(path: scratchPath) }
            return spilled!
        }
        for locale in config.locales.map(\.code) {
            let pages = entries[locale] ?? []
            if let layout = usableLayout(locale), layout.pages.map(\.url) == pages.map(\.page.url),
               layout.pages.indices.allSatisfy({ layout.pages[$0].key == pages[$0].key || known[layout.pages[$0].key] != nil }) {
                let changed = pages.indices.filter { layout.pages[$0].key != pages[$0].key }
                let terms = try changed.parallelMap { id in Result { try self.terms(of: pages[id]) } }.map { try $0.get() }
                var byID: [Int: PageTerms] = [:]
                for (id, found) in zip(changed, terms) {
                    byID[id] = found.terms
                    made.insert(found.terms, for: pages[id].key)
                    analysed = analysed || found.analysed
                }
                if let patched = patch(locale: locale, ids: changed, previous: layout, terms: byID) {
                    for file in patched.files { try emit(file) }
                    layouts[locale] = patched.layout
                } else {
                    layouts[locale] = try whole(locale: locale, into: spill(), analysed: &analysed, emit: emit)
                }
            } else {
                layouts[locale] = try whole(locale: locale, into: spill(), analysed: &analysed, emit: emit)
            }
            let url = SiteSearch.pageURL(locale, rootPath: config.rootPath)
            try emit(File(path: SitePublication.filePath(url: url, rootPath: config.rootPath), text: searchPage(locale)))
        }
        if let spilled { made = made.merging(try spilled.finish()) }
        let pages = known.keeping(Set(entries.values.joined().map(\.key))).merging(made)
        return Made(layouts: layouts, pages: pages, analysed: analysed)
    }

    /// One locale's index made whole, in batches (`batchSize`): each page's terms, kept by the last
    /// build or analysed (and then written to `spill`), added to the index and its page file handed
    /// to `emit` (written while the other page files of its batch are made); then the chunks and `meta.json`.
    private func whole(locale: String, into spill: SearchPagesSpill, analysed: inout Bool, emit: @Sendable (File) throws -> Void) throws -> SearchLayout {
        let folder = indexFolder(locale)
        let pages = entries[locale] ?? []
        var index = SearchIndex.Builder()
        var layout = SearchLayout()
        var fileDigests: [ContentDigest] = []
        var sections = 0
        let perFile = SearchShards.pagesPerFile
        for start in stride(from: 0, to: pages.count, by: Self.batchSize) {
            let files = Array(stride(from: start, to: min(start + Self.batchSize, pages.count), by: perFile))
            let batch = try files.parallelMap { first in
                Result {
                    let found = try (first..<min(first + perFile, pages.count)).map { try self.terms(of: pages[$0]) }
                    let text = SearchShards.pageFile(found.map { SearchShards.fragment(of: $0.terms.document) })
                    try emit(File(path: folder + SearchShards.pageFileName(ofPage: first), text: text))
                    return (found, ContentDigest(of: Array(text.utf8)))
                }
            }.map { try $0.get() }
            for (first, (found, digest)) in zip(files, batch) {
                fileDigests.append(digest)
                for (id, page) in zip(first..., found) {
                    index.add(page.terms.terms, page: Int32(id))
                    let document = page.terms.document
                    layout.pages.append(.init(url: document.url, key: pages[id].key, sections: document.sections.count))
                    sections += document.sections.count
                    if page.analysed {
                        try spill.append(SearchPages.record(of: page.terms), for: pages[id].key)
                        analysed = true
                    }
                }
            }
        }
        var build = DigestBuilder()
        try SearchChunks.cut(index.entries()) { cut in
            try emit(File(path: folder + cut.chunk.name, text: cut.text))
            layout.chunks.append(cut.chunk)
            build.add(cut.chunk.name)
        }
        for digest in fileDigests { build.add(digest) }
        try emit(meta(folder, build: build, pages: pages.count, sections: sections, chunks: layout.chunks))
        return layout
    }

    /// A page's terms: kept by the last build, or analysed from its rendered body.
    private func terms(of entry: Entry) throws -> (terms: PageTerms, analysed: Bool) {
        if let kept = known[entry.key] { return (kept, false) }
        let body = try entry.page.file == nil ? "" : self.body(entry.page)
        let document = SiteSearch.document(of: entry.page, sectionPath: entry.sectionPath, weight: entry.weight, body: body)
        return (PageTerms(document), true)
    }

    /// The last build's layout of `locale`, when every file of its index is as written.
    private func usableLayout(_ locale: String) -> SearchLayout? {
        guard let layout = previousLayouts[locale] else { return nil }
        let folder = indexFolder(locale)
        let paths = [folder + "meta.json"] + layout.chunks.map { folder + $0.name } + stride(from: 0, to: layout.pages.count, by: SearchShards.pagesPerFile).map { folder + SearchShards.pageFileName(ofPage: $0) }
        let isAsWritten = self.isAsWritten
        return paths.parallelMap(isAsWritten).allSatisfy { $0 } ? layout : nil
    }

    private func indexFolder(_ locale: String) -> String {
        String(SiteSearch.indexURL(locale, rootPath: config.rootPath).dropFirst(config.rootPath.count))
    }

    /// One locale's index files patched from `previous` for the pages `ids` (their new terms in
    /// `terms`); nil when a chunk or page file to write again cannot be read.
    private func patch(locale: String, ids: [Int], previous: SearchLayout, terms: [Int: PageTerms]) -> (files: [File], layout: SearchLayout)? {
        let folder = indexFolder(locale)
        var changes: [Int32: SearchIndex.Change] = [:]
        for id in ids { changes[Int32(id)] = SearchIndex.Change(old: known[previous.pages[id].key]!.terms, new: terms[id]!.terms) }
        guard let chunkFiles = changes.isEmpty ? previous.chunks.map(SearchIndex.ChunkFile.kept)
            : SearchIndex.patch(previous.chunks, changes: changes, read: { chunk in
                writtenBytes(folder + chunk.name).flatMap(SearchChunks.entries(ofChunk:))
            })
        else { return nil }
        let pages = entries[locale] ?? []
        return files(locale: locale, chunks: chunkFiles, pages: pages.indices.map { terms[$0] }, kept: previous)
    }

    /// The files of one locale's index: its chunks, its page files (`pages[i]` nil: page `i` kept
    /// from `kept`; a file of kept pages only is kept), and `meta.json`; nil when a page file to
    /// write again cannot be read.
    private func files(locale: String, chunks: [SearchIndex.ChunkFile], pages: [PageTerms?], kept: SearchLayout) -> (files: [File], layout: SearchLayout)? {
        let folder = indexFolder(locale)
        var files: [File] = []
        var layout = SearchLayout()
        var build = DigestBuilder()
        for chunk in chunks {
            switch chunk {
            case let .kept(chunk): files.append(File(path: folder + chunk.name, text: nil))
            case let .made(cut): files.append(File(path: folder + cut.chunk.name, text: cut.text))
            }
            layout.chunks.append(chunk.chunk)
            build.add(chunk.chunk.name)
        }
        var sections = 0
        let entries = entries[locale] ?? []
        let perFile = SearchShards.pagesPerFile
        for first in stride(from: 0, to: pages.count, by: perFile) {
            let ids = first..<min(first + perFile, pages.count)
            let path = folder + SearchShards.pageFileName(ofPage: first)
            for id in ids {
                if let page = pages[id] {
                    layout.pages.append(.init(url: page.document.url, key: entries[id].key, sections: page.document.sections.count))
                } else {
                    layout.pages.append(kept.pages[id])
                }
                sections += layout.pages[id].sections
            }
            guard ids.contains(where: { pages[$0] != nil }) else {
                files.append(File(path: path, text: nil))
                build.add(recordedDigest(path)!)
                continue
            }
            // The file's other pages keep their lines as the last build wrote them.
            guard let before = writtenBytes(path).flatMap(SearchShards.fragments(ofPageFile:)), before.count == ids.count else { return nil }
            let text = SearchShards.pageFile(ids.map { id in pages[id].map { SearchShards.fragment(of: $0.document) } ?? before[id - first] })
            files.append(File(path: path, text: text))
            build.add(ContentDigest(of: Array(text.utf8)))
        }
        files.append(meta(folder, build: build, pages: pages.count, sections: sections, chunks: layout.chunks))
        return (files, layout)
    }

    /// `meta.json`, naming the build by the digest of its chunks' names and page files.
    private func meta(_ folder: String, build: DigestBuilder, pages: Int, sections: Int, chunks: [SearchChunks.Chunk]) -> File {
        File(path: folder + "meta.json", text: SearchShards.meta(build: build.finish().description.prefix(8), pages: pages, sections: sections, chunks: chunks))
    }
}
