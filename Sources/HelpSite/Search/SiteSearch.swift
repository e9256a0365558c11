/// The search step of a site build: each locale's index (`/<locale>/search/index/`) and search page
/// (`/<locale>/search/`), made from the pages' rendered article bodies.
///
/// Pure: the page tree and each page's rendered body in, files out; `SitePublication` writes them.
enum SiteSearch {
    /// The search page's URL in `locale` (`/en/search/`).
    static func pageURL(_ locale: String, rootPath: String) -> String {
        rootPath + locale + "/search/"
    }

    /// The index folder's URL in `locale` (`/en/search/index/`).
    static func indexURL(_ locale: String, rootPath: String) -> String {
        pageURL(locale, rootPath: rootPath) + "index/"
    }

    /// Where a page sits for search: the titles of the sections above it (its breadcrumbs without the
    /// home page) and its weight; nil for a page with `search: false`, and for a stand-in for a
    /// missing translation (it is in the default locale's language, and in that locale's index).
    static func placement(of page: Page, in tree: PageTree) -> (sectionPath: [String], weight: Double)? {
        let matter = tree.sources[page.index]?.matter
        guard matter?.search ?? true, page.isTranslation else { return nil }
        var path: [String] = []
        var ancestor = page.parent
        while let index = ancestor, let above = tree.pages[index].parent {
            path.insert(tree.pages[index].title, at: 0)
            ancestor = above
        }
        return (path, matter?.searchWeight ?? 1)
    }

    /// A page's search document, from its rendered article body.
    static func document(of page: Page, sectionPath: [String], weight: Double, body: String) -> SearchDocument {
        SearchDocument(url: page.url, title: page.title, sectionPath: sectionPath, weight: weight,
                       sections: PageText.sections(ofArticle: body))
    }

    /// Every file of the search step, by path in the output folder: each locale's index files and
    /// its search page. `analyzed[i]` is `tree.pages[i]` analysed, nil when it is not searchable.
    static func files(
        tree: PageTree, analyzed: [SearchIndex.AnalyzedPage?], config: SiteConfig, templates: TemplateSet, context: PageContext
    ) -> [(path: String, text: String)] {
        var byLocale: [String: [SearchIndex.AnalyzedPage]] = [:]
        for page in tree.pages {
            if let analyzed = analyzed[page.index] { byLocale[page.locale, default: []].append(analyzed) }
        }
        var files: [(path: String, text: String)] = []
        for locale in config.locales {
            let folder = String(indexURL(locale.code, rootPath: config.rootPath).dropFirst(config.rootPath.count))
            let index = SearchIndex(pages: byLocale[locale.code] ?? [])
            files += SearchShards.files(of: index).map { (folder + $0.path, $0.text) }
            let url = pageURL(locale.code, rootPath: config.rootPath)
            files.append((SitePublication.filePath(url: url, rootPath: config.rootPath),
                          templates.render(context.searchPage(locale: locale.code, url: { pageURL($0, rootPath: config.rootPath) }), with: "search")))
        }
        return files
    }
}
