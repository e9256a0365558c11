import Foundation

/// The search step of a publication: each locale's index (`/<locale>/search/index/`) and search page.
///
/// A locale whose searchable pages are the ones the last build indexed, in the same order, keeps its
/// page ids: only the pages whose terms' key changed (`SearchPages.key`) are analysed again, their
/// page files written, and the chunks holding their old or new terms cut again (`SearchIndex.patch`).
/// Otherwise (the first build, a page added, removed or moved, a file of the index changed by
/// someone else) the locale's index is made whole, from each page's terms as kept by the last build
/// or analysed again. Both ways give the same bytes.
struct SearchStep {
    /// A file of the step: its text to write, or nil to keep the one the last build wrote (which the
    /// step found as written).
    struct File: Sendable {
        let path: String
        let text: String?
    }

    /// What the step made.
    struct Made: Sendable {
        let files: [File]
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

    func run(searchPage: (String) -> String) throws -> Made {
        var plans: [(locale: String, ids: [Int], layout: SearchLayout?)] = []
        var needed: [(locale: String, id: Int)] = []
        for locale in config.locales.map(\.code) {
            let pages = entries[locale] ?? []
            if let layout = usableLayout(locale), layout.pages.map(\.url) == pages.map(\.page.url),
               layout.pages.indices.allSatisfy({ layout.pages[$0].key == pages[$0].key || known[layout.pages[$0].key] != nil }) {
                let changed = pages.indices.filter { layout.pages[$0].key != pages[$0].key }
                plans.append((locale, changed, layout))
                needed += changed.map { (locale, $0) }
            } else {
                plans.append((locale, Array(pages.indices), nil))
                needed += pages.indices.map { (locale, $0) }
            }
        }
        let terms = try needed.parallelMap { need in Result { try self.terms(of: entries[need.locale]![need.id]) } }.map { try $0.get() }
        var termsByLocale: [String: [Int: PageTerms]] = [:]
        for (need, made) in zip(needed, terms) { termsByLocale[need.locale, default: [:]][need.id] = made.terms }
        var pages = SearchPages()
        for (need, made) in zip(needed, terms) { pages.insert(made.terms, for: entries[need.locale]![need.id].key) }
        var files: [File] = []
        var layouts: [String: SearchLayout] = [:]
        let analysedByLocale = termsByLocale
        let made = plans.parallelMap { plan in
            index(locale: plan.locale, ids: plan.ids, previous: plan.layout, terms: analysedByLocale[plan.locale] ?? [:])
        }
        for (plan, made) in zip(plans, made) {
            files += made.files
            layouts[plan.locale] = made.layout
            let url = SiteSearch.pageURL(plan.locale, rootPath: config.rootPath)
            files.append(File(path: SitePublication.filePath(url: url, rootPath: config.rootPath), text: searchPage(plan.locale)))
        }
        pages = known.keeping(Set(entries.values.joined().map(\.key))).merging(pages)
        return Made(files: files, layouts: layouts, pages: pages, analysed: terms.contains { $0.analysed })
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
        let paths = [folder + "meta.json"] + layout.chunks.map { folder + $0.name } + layout.pages.indices.map { folder + "p/\($0).json" }
        let isAsWritten = self.isAsWritten
        return paths.parallelMap(isAsWritten).allSatisfy { $0 } ? layout : nil
    }

    private func indexFolder(_ locale: String) -> String {
        String(SiteSearch.indexURL(locale, rootPath: config.rootPath).dropFirst(config.rootPath.count))
    }

    /// One locale's index files: patched from `previous` for the pages `ids`, or whole.
    private func index(locale: String, ids: [Int], previous: SearchLayout?, terms: [Int: PageTerms]) -> (files: [File], layout: SearchLayout) {
        let folder = indexFolder(locale)
        let pages = entries[locale] ?? []
        var chunkFiles: [SearchIndex.ChunkFile]?
        if let previous {
            var changes: [Int32: SearchIndex.Change] = [:]
            for id in ids { changes[Int32(id)] = SearchIndex.Change(old: known[previous.pages[id].key]!.terms, new: terms[id]!.terms) }
            chunkFiles = changes.isEmpty ? previous.chunks.map(SearchIndex.ChunkFile.kept)
                : SearchIndex.patch(previous.chunks, changes: changes) { chunk in
                    writtenBytes(folder + chunk.name).flatMap(SearchChunks.entries(ofChunk:))
                }
        }
        guard let previous, let chunkFiles else {
            let all = pages.indices.map { terms[$0]! }
            return files(locale: locale, chunks: SearchIndex.chunks(of: all), pages: all.map(Optional.some), kept: nil)
        }
        let changed = pages.indices.map { terms[$0] }
        return files(locale: locale, chunks: chunkFiles, pages: changed, kept: previous)
    }

    /// The files of one locale's index: its chunks, each page's file (`pages[i]` nil: kept from
    /// `kept`), and `meta.json`.
    private func files(locale: String, chunks: [SearchIndex.ChunkFile], pages: [PageTerms?], kept: SearchLayout?) -> (files: [File], layout: SearchLayout) {
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
        for (id, page) in pages.enumerated() {
            let path = folder + "p/\(id).json"
            if let page {
                let text = SearchShards.fragment(of: page.document)
                files.append(File(path: path, text: text))
                build.add(ContentDigest(of: Array(text.utf8)))
                layout.pages.append(.init(url: page.document.url, key: entries[id].key, sections: page.document.sections.count))
            } else if let before = kept?.pages[id] {
                files.append(File(path: path, text: nil))
                build.add(recordedDigest(path)!)
                layout.pages.append(before)
            }
            sections += layout.pages[id].sections
        }
        files.append(File(path: folder + "meta.json",
                          text: SearchShards.meta(build: build.finish().description.prefix(8), pages: pages.count, sections: sections, chunks: layout.chunks)))
        return (files, layout)
    }
}
