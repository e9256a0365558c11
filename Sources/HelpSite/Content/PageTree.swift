import Foundation

/// Every page of the site in every locale, with sections, parents, children and twins.
///
/// Built in one pass over the source pages with dictionaries (no page-by-page searches), so it
/// stays linear in the number of pages.
struct PageTree: Sendable {
    /// All pages; `Page.index` is the position here.
    private(set) var pages: [Page] = []
    /// The outline of each page's Markdown file (nil for a section with no `_index.md`).
    private(set) var sources: [PageOutline?] = []
    /// A locale's home page index.
    private(set) var homes: [String: Int] = [:]
    /// The page of each content path in each locale: a page's twins.
    private var twins: [Twin: Int] = [:]
    /// The redirect pages of `aliases:`, by URL, sorted by URL.
    private(set) var redirects: [Redirect] = []

    /// An old URL of a page: a redirect page is written there.
    struct Redirect: Sendable, Equatable {
        /// Root-relative URL of the redirect page (`/en/old/`, or a `.html` file's).
        let url: String
        /// The page it sends to.
        let target: Int
    }

    /// A content path in one locale (one key, not a dictionary per path: there are as many as pages).
    private struct Twin: Hashable {
        let contentPath: String
        let locale: String
    }

    private init() {}

    /// A tree assembled before (`CheckedGraph`): its pages, homes and redirects as they were, each
    /// page's outline that of its file. Nil when a file has no outline or a page's index is out of range.
    init?(pages: [Page], homes: [String: Int], redirects: [Redirect], outline: (String) -> PageOutline?) {
        let count = pages.count
        let isPage = { (index: Int?) in index.map { $0 >= 0 && $0 < count } ?? true }
        for page in pages {
            guard isPage(page.parent), isPage(page.fallbackOf), page.children.allSatisfy(isPage) else { return nil }
        }
        sources.reserveCapacity(count)
        for page in pages {
            guard let file = page.file else {
                sources.append(nil)
                continue
            }
            guard let found = outline(file) else { return nil }
            sources.append(found)
        }
        self.pages = pages
        self.homes = homes
        self.redirects = redirects
        twins.reserveCapacity(count)
        for page in pages { twins[Twin(contentPath: page.contentPath, locale: page.locale)] = page.index }
    }

    /// The page at `contentPath` in `locale`, if there is one.
    func page(locale: String, contentPath: String) -> Int? {
        twins[Twin(contentPath: contentPath, locale: locale)]
    }

    /// The twins of a page in the order of the configured locales (itself included), stand-ins for
    /// missing translations included.
    func twins(of page: Page, locales: [SiteConfig.Locale]) -> [Page] {
        let found = locales.compactMap { self.page(locale: $0.code, contentPath: page.contentPath).map { pages[$0] } }
        return found.isEmpty ? [page] : found
    }

    /// Places the source pages; drafts (and everything in a draft section) are left out. A page is
    /// updated on its `updated:` date, else on its file's last commit date.
    /// `reservedURLs` are URLs the generator itself uses (the authentication pages), by what uses them.
    static func assemble(
        sources: [PageOutline], config: SiteConfig, lastCommitDates: LastCommitDates = LastCommitDates(dates: [:]),
        reservedURLs: [String: String], problems: inout [SiteProblem]
    ) -> PageTree {
        var tree = PageTree()
        var urlOwners = reservedURLs
        // Indices, not copies: an outline is a dozen references to retain.
        let byLocale = Dictionary(grouping: sources.indices, by: { sources[$0].locale })
        for locale in config.locales.map(\.code) {
            tree.addLocale(locale, sources: sources, indices: byLocale[locale] ?? [], config: config, dates: lastCommitDates,
                           urlOwners: &urlOwners, problems: &problems)
        }
        if config.translationFallback {
            for locale in config.locales.dropFirst() { tree.addFallbacks(locale.code, defaultLocale: config.defaultLocale) }
        }
        tree.sortChildren()
        tree.placeRedirects(config: config, urlOwners: urlOwners, problems: &problems)
        return tree
    }

    private mutating func addLocale(
        _ locale: String, sources: [PageOutline], indices: [Int], config: SiteConfig, dates: LastCommitDates,
        urlOwners: inout [String: String], problems: inout [SiteProblem]
    ) {
        let draftFolders = Set(indices.lazy.filter { sources[$0].isSectionIndex && sources[$0].matter.draft }.map { sources[$0].folder })
        func isInDraft(_ folder: String) -> Bool {
            var current = folder
            while true {
                if draftFolders.contains(current) { return true }
                if current.isEmpty { return false }
                current = Self.parentFolder(of: current)
            }
        }
        // Each outline is read in place (`withUnsafeBufferPointer`): a subscript's computed
        // properties would copy the whole outline, ten thousand times per assembly.
        var sectionFolders = [String](repeating: "", count: sources.count)
        var sectionIndex: [String: Int] = [:]
        var folders: Set<String> = [""]
        let included = sources.withUnsafeBufferPointer { outlines in
            indices.filter { index in
                guard !outlines[index].matter.draft else { return false }
                let sectionFolder = outlines[index].sectionFolder
                guard draftFolders.isEmpty || !isInDraft(sectionFolder) else { return false }
                sectionFolders[index] = sectionFolder
                if outlines[index].isSectionIndex { sectionIndex[outlines[index].folder] = index }
                var folder = sectionFolder
                while !folder.isEmpty, folders.insert(folder).inserted { folder = Self.parentFolder(of: folder) }
                return true
            }
        }
        // Parents before children: a folder's URL extends its parent's.
        let orderedFolders = folders.map { (depth: $0.split(separator: "/").count, folder: $0) }
            .sorted { ($0.depth, $0.folder) < ($1.depth, $1.folder) }.map(\.folder)
        var folderPage: [String: Int] = [:]
        for folder in orderedFolders {
            let source = sectionIndex[folder].map { sources[$0] }
            let name = folder.split(separator: "/").last.map(String.init) ?? ""
            let parent = folder.isEmpty ? nil : folderPage[Self.parentFolder(of: folder)]
            let url = parent.map { pages[$0].url + (source?.matter.slug ?? name) + "/" } ?? config.rootPath + locale + "/"
            let title = source?.matter.title ?? (folder.isEmpty ? config.title : Self.readableName(name))
            let index = add(source: source, locale: locale, contentPath: folder.isEmpty ? "_index.md" : folder + "/_index.md",
                            title: title, isSection: true, url: url, parent: parent, dates: dates, urlOwners: &urlOwners, problems: &problems)
            folderPage[folder] = index
            if folder.isEmpty { homes[locale] = index }
        }
        for index in included {
            let source = sources[index]
            guard !source.isSectionIndex, let parent = folderPage[sectionFolders[index]] else { continue }
            let url = pages[parent].url + (source.matter.slug ?? source.pageName) + "/"
            add(source: source, locale: locale, contentPath: source.contentPath, title: source.matter.title,
                isSection: false, url: url, parent: parent, dates: dates, urlOwners: &urlOwners, problems: &problems)
        }
    }

    @discardableResult
    private mutating func add(
        source: PageOutline?, locale: String, contentPath: String, title: String, isSection: Bool, url: String,
        parent: Int?, dates: LastCommitDates, urlOwners: inout [String: String], problems: inout [SiteProblem]
    ) -> Int {
        let index = pages.count
        let description = source?.matter.description ?? source?.leadSummary ?? title
        if let owner = urlOwners[url], let file = source?.file {
            problems.append(SiteProblem(file: file, line: 1, message: "the page's URL \(url) is already the URL of \(owner); change its `slug:` or file name"))
        } else if let file = source?.file {
            urlOwners[url] = file
        }
        pages.append(Page(
            index: index, locale: locale, contentPath: contentPath, file: source?.file, title: title,
            description: description, updated: source.flatMap { $0.matter.updated ?? dates[$0.file] }, order: source?.matter.order,
            isSection: isSection, url: url, parent: parent, anchors: source?.headings.map(\.id) ?? []
        ))
        sources.append(source)
        twins[Twin(contentPath: contentPath, locale: locale)] = index
        if let parent { pages[parent].children.append(index) }
        return index
    }

    /// Adds to `locale` every page of the default locale it has no twin of, at the URL it would have
    /// under its parent's twin there; parents come before their children in the page list.
    /// A URL a page of the locale already has stays that page's.
    private mutating func addFallbacks(_ locale: String, defaultLocale: String) {
        var taken = Set(pages.lazy.filter { $0.locale == locale }.map(\.url))
        for original in pages where original.locale == defaultLocale && original.isTranslation {
            guard page(locale: locale, contentPath: original.contentPath) == nil,
                  let parent = original.parent, let parentHere = page(locale: locale, contentPath: pages[parent].contentPath)
            else { continue }
            let index = pages.count
            let segment = original.url.split(separator: "/").last.map(String.init) ?? ""
            guard taken.insert(pages[parentHere].url + segment + "/").inserted else { continue }
            var page = Page(
                index: index, locale: locale, contentPath: original.contentPath, file: original.file, title: original.title,
                description: original.description, updated: original.updated, order: original.order,
                isSection: original.isSection, url: pages[parentHere].url + segment + "/", parent: parentHere, anchors: original.anchors
            )
            page.fallbackOf = original.index
            pages.append(page)
            sources.append(sources[original.index])
            twins[Twin(contentPath: original.contentPath, locale: locale)] = index
            pages[parentHere].children.append(index)
        }
    }

    /// Places every page's aliases, once every page's URL is known: an alias may take no page's URL,
    /// nor a file of the site's own, nor another alias's.
    private mutating func placeRedirects(config: SiteConfig, urlOwners: [String: String], problems: inout [SiteProblem]) {
        var owners = urlOwners
        for name in ["", "404.html", "sitemap.xml", "robots.txt"] {
            owners[config.rootPath + name] = name.isEmpty ? "the site root's redirect (index.html)" : "the site's \(name)"
        }
        for page in pages where owners[page.url] == nil {
            owners[page.url] = page.isTranslation
                ? "the URL of the section \(page.url) (a folder without _index.md)"
                : "the URL of \(page.url) (the untranslated page built from the default locale's)"
        }
        for (index, source) in sources.enumerated() {
            guard let source, pages[index].isTranslation else { continue }
            for alias in source.matter.aliases {
                let url = config.rootPath + alias.path.dropFirst()
                // An old URL the page still has (an imported page that kept its place) needs no redirect.
                if url == pages[index].url { continue }
                if let owner = owners[url] {
                    // Page URLs are owned by a file (line 1 holds its front matter); the rest say what they are.
                    let what = owner.hasPrefix("the ") || owner.hasPrefix("an alias") ? owner : "the URL of \(owner):1"
                    problems.append(SiteProblem(file: source.file, line: alias.line, message: "the alias \(alias.path) is already \(what); remove one of them"))
                    continue
                }
                owners[url] = "an alias in \(source.file):\(alias.line)"
                redirects.append(Redirect(url: url, target: index))
            }
        }
        redirects.sort { $0.url < $1.url }
    }

    private mutating func sortChildren() {
        let keys = pages.map { (order: $0.order ?? Int.max, title: $0.title, url: $0.url) }
        for index in pages.indices where !pages[index].children.isEmpty {
            let sorted = pages[index].children.sorted { left, right in
                (keys[left].order, keys[left].title, keys[left].url) < (keys[right].order, keys[right].title, keys[right].url)
            }
            pages[index].children = sorted
            for (position, child) in sorted.enumerated() { pages[child].siblingPosition = position }
        }
    }

    /// `getting-started` → `Getting started`: the title of a folder that has no `_index.md`.
    static func readableName(_ folder: String) -> String {
        let spaced = String(folder.map { $0 == "-" || $0 == "_" ? " " : $0 })
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    private static func parentFolder(of folder: String) -> String {
        guard let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(folder[..<slash])
    }
}
