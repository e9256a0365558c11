/// Where search lives in a site (`/<locale>/search/` and its index), which pages it indexes, and
/// the document it makes of each from the page's rendered article body (`SearchStep` runs it).
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
}
