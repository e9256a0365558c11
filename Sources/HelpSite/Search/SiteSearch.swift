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

    /// The search document of every page that is not `search: false`, grouped by locale;
    /// `bodies[i]` is the rendered article body of `tree.pages[i]`.
    static func documents(tree: PageTree, bodies: [String]) -> [String: [SearchDocument]] {
        var documents: [String: [SearchDocument]] = [:]
        for page in tree.pages {
            let matter = tree.sources[page.index]?.matter
            // A stand-in for a missing translation is in the default locale's language and index.
            guard matter?.search ?? true, page.isTranslation else { continue }
            var path: [String] = []
            var ancestor = page.parent
            // The sections above the page, without the locale's home page.
            while let index = ancestor, let above = tree.pages[index].parent {
                path.insert(tree.pages[index].title, at: 0)
                ancestor = above
            }
            documents[page.locale, default: []].append(SearchDocument(
                url: page.url, title: page.title, sectionPath: path, weight: matter?.searchWeight ?? 1,
                sections: PageText.sections(ofArticle: bodies[page.index])
            ))
        }
        return documents
    }

    /// Every file of the search step, by path in the output folder: each locale's index files and
    /// its search page.
    static func files(
        tree: PageTree, bodies: [String], config: SiteConfig, templates: TemplateSet, context: PageContext
    ) -> [(path: String, text: String)] {
        let documents = documents(tree: tree, bodies: bodies)
        var files: [(path: String, text: String)] = []
        for locale in config.locales {
            let folder = String(indexURL(locale.code, rootPath: config.rootPath).dropFirst(config.rootPath.count))
            let index = SearchIndex(documents: documents[locale.code] ?? [])
            files += SearchShards.files(of: index).map { (folder + $0.path, $0.text) }
            let url = pageURL(locale.code, rootPath: config.rootPath)
            files.append((SitePublication.filePath(url: url, rootPath: config.rootPath),
                          templates.render(context.searchPage(locale: locale.code, url: { pageURL($0, rootPath: config.rootPath) }), with: "search")))
        }
        return files
    }
}
