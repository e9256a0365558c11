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
    /// `contentPath` → locale → page index: a page's twins.
    private(set) var twins: [String: [String: Int]] = [:]

    /// The page at `contentPath` in `locale`, if there is one.
    func page(locale: String, contentPath: String) -> Int? {
        twins[contentPath]?[locale]
    }

    /// The twins of a page in the order of the configured locales (itself included).
    func twins(of page: Page, locales: [SiteConfig.Locale]) -> [Page] {
        guard let byLocale = twins[page.contentPath] else { return [page] }
        return locales.compactMap { byLocale[$0.code].map { pages[$0] } }
    }

    /// Places the source pages; drafts (and everything in a draft section) are left out.
    /// `reservedURLs` are URLs the generator itself uses (the authentication pages), by what uses them.
    static func assemble(
        sources: [PageOutline], config: SiteConfig, reservedURLs: [String: String], problems: inout [SiteProblem]
    ) -> PageTree {
        var tree = PageTree()
        var urlOwners = reservedURLs
        let byLocale = Dictionary(grouping: sources, by: \.locale)
        for locale in config.locales.map(\.code) {
            tree.addLocale(locale, sources: byLocale[locale] ?? [], config: config, urlOwners: &urlOwners, problems: &problems)
        }
        tree.sortChildren()
        return tree
    }

    private mutating func addLocale(
        _ locale: String, sources: [PageOutline], config: SiteConfig, urlOwners: inout [String: String], problems: inout [SiteProblem]
    ) {
        let draftFolders = Set(sources.filter { $0.isSectionIndex && $0.matter.draft }.map(\.folder))
        func isInDraft(_ folder: String) -> Bool {
            var current = folder
            while true {
                if draftFolders.contains(current) { return true }
                if current.isEmpty { return false }
                current = Self.parentFolder(of: current)
            }
        }
        let included = sources.filter { !$0.matter.draft && !isInDraft($0.sectionFolder) }
        var sectionIndex: [String: PageOutline] = [:]
        var folders: Set<String> = [""]
        for source in included {
            if source.isSectionIndex { sectionIndex[source.folder] = source }
            var folder = source.sectionFolder
            while !folder.isEmpty, folders.insert(folder).inserted { folder = Self.parentFolder(of: folder) }
        }
        // Parents before children: a folder's URL extends its parent's.
        let orderedFolders = folders.map { (depth: $0.split(separator: "/").count, folder: $0) }
            .sorted { ($0.depth, $0.folder) < ($1.depth, $1.folder) }.map(\.folder)
        var folderPage: [String: Int] = [:]
        for folder in orderedFolders {
            let source = sectionIndex[folder]
            let name = folder.split(separator: "/").last.map(String.init) ?? ""
            let parent = folder.isEmpty ? nil : folderPage[Self.parentFolder(of: folder)]
            let url = parent.map { pages[$0].url + (source?.matter.slug ?? name) + "/" } ?? config.rootPath + locale + "/"
            let title = source?.matter.title ?? (folder.isEmpty ? config.title : Self.readableName(name))
            let index = add(source: source, locale: locale, contentPath: folder.isEmpty ? "_index.md" : folder + "/_index.md",
                            title: title, isSection: true, url: url, parent: parent, urlOwners: &urlOwners, problems: &problems)
            folderPage[folder] = index
            if folder.isEmpty { homes[locale] = index }
        }
        for source in included where !source.isSectionIndex {
            guard let parent = folderPage[source.sectionFolder] else { continue }
            let url = pages[parent].url + (source.matter.slug ?? source.pageName) + "/"
            add(source: source, locale: locale, contentPath: source.contentPath, title: source.matter.title,
                isSection: false, url: url, parent: parent, urlOwners: &urlOwners, problems: &problems)
        }
    }

    @discardableResult
    private mutating func add(
        source: PageOutline?, locale: String, contentPath: String, title: String, isSection: Bool, url: String,
        parent: Int?, urlOwners: inout [String: String], problems: inout [SiteProblem]
    ) -> Int {
        let index = pages.count
        let description = source?.matter.description ?? source?.leadText.map { PlainText.summary($0) } ?? title
        if let owner = urlOwners[url], let file = source?.file {
            problems.append(SiteProblem(file: file, line: 1, message: "the page's URL \(url) is already the URL of \(owner); change its `slug:` or file name"))
        } else if let file = source?.file {
            urlOwners[url] = file
        }
        pages.append(Page(
            index: index, locale: locale, contentPath: contentPath, file: source?.file, title: title,
            description: description, updated: source?.matter.updated, order: source?.matter.order,
            isSection: isSection, url: url, parent: parent, anchors: Set(source?.headings.map(\.id) ?? [])
        ))
        sources.append(source)
        twins[contentPath, default: [:]][locale] = index
        if let parent { pages[parent].children.append(index) }
        return index
    }

    private mutating func sortChildren() {
        let snapshot = pages
        for index in pages.indices where !pages[index].children.isEmpty {
            let sorted = snapshot[index].children.sorted { left, right in
                let a = snapshot[left], b = snapshot[right]
                return (a.order ?? Int.max, a.title, a.url) < (b.order ?? Int.max, b.title, b.url)
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
        guard let slash = folder.lastIndex(of: "/") else { return "" }
        return String(folder[..<slash])
    }
}
