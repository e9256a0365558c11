/// Builds the values a template sees for one page: the page, its SEO head, breadcrumbs, section
/// navigation, previous/next, language switcher, the locale's strings and the asset URLs.
///
/// Everything is a dictionary or array (Mustache reads them without reflection); what is the same
/// for every page of a locale is built once in `init`.
struct PageContext: @unchecked Sendable {
    private let config: SiteConfig
    private let tree: PageTree
    private let translations: [String: Translations]
    private let localeValues: [String: [String: Any]]

    init(config: SiteConfig, tree: PageTree, translations: [String: Translations], assets: AssetCatalog) {
        self.config = config
        self.tree = tree
        self.translations = translations
        var values: [String: [String: Any]] = [:]
        for locale in config.locales {
            let homeURL = tree.homes[locale.code].map { tree.pages[$0].url } ?? config.rootPath + locale.code + "/"
            values[locale.code] = [
                "site": [
                    "title": config.title, "baseURL": config.baseURL, "homeURL": homeURL,
                    "organization": ["name": config.organizationName, "logo": config.organizationLogo],
                ] as [String: Any],
                "locale": locale.code,
                "i18n": translations[locale.code]?.strings ?? [:],
                "assets": assets.urls,
                "search": ["url": SiteSearch.pageURL(locale.code, rootPath: config.rootPath),
                           "indexURL": SiteSearch.indexURL(locale.code, rootPath: config.rootPath)],
            ]
        }
        localeValues = values
    }

    /// What every page of `locale` shows alike (site, locale, strings, asset URLs): the part of each
    /// page's values that `pageValues(of:)` leaves out.
    func sharedValues(locale: String) -> [String: Any] {
        localeValues[locale] ?? [:]
    }

    /// The values for a help page, from `pageValues(of:)` and the HTML of its Markdown.
    func helpPage(ownValues: [String: Any], locale: String, content: String) -> [String: Any] {
        var values = localeValues[locale] ?? [:]
        for (key, value) in ownValues { values[key] = value }
        var page = ownValues["page"] as? [String: Any] ?? [:]
        page["content"] = content
        values["page"] = page
        return values
    }

    /// What only this page shows: the page's fields (all but its content), head, breadcrumbs,
    /// section navigation, child list, previous/next and language switcher.
    func pageValues(of page: Page) -> [String: Any] {
        var values: [String: Any] = [:]
        let strings = translations[page.locale]
        let chain = ancestry(of: page)
        let isHome = page.parent == nil
        let twins = tree.twins(of: page, locales: config.locales)
        values["page"] = [
            "title": page.title, "description": page.description, "url": page.url,
            "isHome": isHome, "isSection": page.isSection,
        ].merging(page.updated.map { ["updated": $0] } ?? [:]) { $1 } as [String: Any]
        values["head"] = head(
            locale: page.locale, title: isHome ? config.title : "\(page.title) - \(config.title)", description: page.description,
            url: page.url, ogType: isHome ? "website" : "article", indexable: true,
            alternates: twins.map { ($0.locale, $0.url) },
            jsonLD: StructuredData.graph(
                pageURL: config.absoluteURL(page.url), name: page.title, description: page.description,
                languageTag: page.locale, updated: page.updated,
                crumbs: chain.map { StructuredData.Crumb(name: crumbName($0, strings), url: config.absoluteURL($0.url)) },
                homeURL: config.absoluteURL(tree.pages[chain[0].index].url), config: config
            )
        )
        if !isHome {
            values["breadcrumbs"] = ["items": chain.enumerated().map { position, crumb -> [String: Any] in
                ["title": crumbName(crumb, strings), "url": crumb.url, "isCurrent": position == chain.count - 1]
            }]
        }
        if let section = page.isSection && !page.children.isEmpty ? page : page.parent.map({ tree.pages[$0] }) {
            values["sectionNav"] = [
                "title": section.title, "url": section.url, "isCurrent": section.index == page.index,
                "pages": section.children.map { index -> [String: Any] in
                    let item = tree.pages[index]
                    return ["title": item.title, "url": item.url, "isCurrent": index == page.index, "isSection": item.isSection]
                },
            ] as [String: Any]
        }
        if page.isSection && !page.children.isEmpty {
            values["childList"] = ["items": page.children.map { index -> [String: Any] in
                let child = tree.pages[index]
                return ["title": child.title, "url": child.url, "description": child.description, "isSection": child.isSection]
            }]
        }
        if let parent = page.parent {
            let siblings = tree.pages[parent].children
            var pager: [String: Any] = [:]
            do {
                let position = page.siblingPosition
                if position > 0 { pager["previous"] = link(tree.pages[siblings[position - 1]]) }
                if position + 1 < siblings.count { pager["next"] = link(tree.pages[siblings[position + 1]]) }
            }
            if !pager.isEmpty { values["pager"] = pager }
        }
        if let toc = TableOfContents.items(of: tree.sources[page.index]) { values["toc"] = ["items": toc] }
        let twinURLs = Dictionary(uniqueKeysWithValues: twins.map { ($0.locale, $0.url) })
        values["languages"] = languages(current: page.locale) { twinURLs[$0] }
        return values
    }

    /// The values for the authentication page of `locale` (at `/<locale>/link/`).
    func authPage(locale: String, url: (String) -> String, messagesJSON: String) -> [String: Any] {
        var values = localeValues[locale] ?? [:]
        let strings = translations[locale]
        let title = strings?.text("link.title") ?? "Open a shared file"
        let description = strings?.text("link.description") ?? title
        values["page"] = ["title": title, "description": description, "url": url(locale)] as [String: Any]
        values["head"] = head(
            locale: locale, title: "\(title) - \(config.title)", description: description, url: url(locale),
            ogType: "website", indexable: false, alternates: config.locales.map { ($0.code, url($0.code)) }, jsonLD: nil
        )
        values["api"] = ["baseURL": config.apiBaseURL]
        values["messagesJSON"] = messagesJSON
        values["languages"] = languages(current: locale) { url($0) }
        return values
    }

    /// The values for the search page of `locale` (at `/<locale>/search/`, reading `?q=`).
    func searchPage(locale: String, url: (String) -> String) -> [String: Any] {
        var values = localeValues[locale] ?? [:]
        let title = translations[locale]?.text("search.title") ?? "Search"
        values["page"] = ["title": title, "description": title, "url": url(locale)] as [String: Any]
        values["head"] = head(
            locale: locale, title: "\(title) - \(config.title)", description: title, url: url(locale),
            ogType: "website", indexable: false, alternates: config.locales.map { ($0.code, url($0.code)) }, jsonLD: nil
        )
        values["languages"] = languages(current: locale) { url($0) }
        return values
    }

    /// The values for `404.html` (in the default locale).
    func notFoundPage() -> [String: Any] {
        let locale = config.defaultLocale
        var values = localeValues[locale] ?? [:]
        let title = translations[locale]?.text("notFound.title") ?? "Page not found"
        values["page"] = ["title": title, "description": title, "url": config.rootPath + "404.html"] as [String: Any]
        values["head"] = head(locale: locale, title: "\(title) - \(config.title)", description: title,
                              url: config.rootPath + "404.html", ogType: "website", indexable: false, alternates: [], jsonLD: nil)
        values["languages"] = languages(current: locale) { _ in nil }
        return values
    }

    // MARK: - Parts

    private func head(
        locale: String, title: String, description: String, url: String, ogType: String, indexable: Bool,
        alternates: [(locale: String, url: String)], jsonLD: String?
    ) -> [String: Any] {
        let ogLocale = config.locales.first { $0.code == locale }?.ogLocale ?? locale
        var head: [String: Any] = [
            "title": title, "description": description, "canonical": config.absoluteURL(url), "ogType": ogType,
            "ogLocale": ogLocale, "robots": indexable ? "index, follow" : "noindex, nofollow",
            "ogLocaleAlternates": config.locales.filter { candidate in
                candidate.code != locale && alternates.contains { $0.locale == candidate.code }
            }.map(\.ogLocale),
        ]
        if !alternates.isEmpty {
            head["alternates"] = alternates.map { ["hreflang": $0.locale, "href": config.absoluteURL($0.url)] }
            let fallback = alternates.first { $0.locale == config.defaultLocale } ?? alternates[0]
            head["xDefault"] = config.absoluteURL(fallback.url)
        }
        if let jsonLD { head["jsonLD"] = jsonLD }
        if !config.organizationLogo.isEmpty { head["image"] = config.organizationLogo }
        return head
    }

    private func ancestry(of page: Page) -> [Page] {
        var chain = [page]
        var current = page
        while let parent = current.parent {
            current = tree.pages[parent]
            chain.append(current)
        }
        return chain.reversed()
    }

    private func crumbName(_ page: Page, _ strings: Translations?) -> String {
        page.parent == nil ? (strings?.text("nav.home") ?? "Home") : page.title
    }

    private func link(_ page: Page) -> [String: Any] {
        ["title": page.title, "url": page.url]
    }

    private func languages(current: String, url: (String) -> String?) -> [[String: Any]] {
        config.locales.map { locale in
            let home = tree.homes[locale.code].map { tree.pages[$0].url } ?? config.rootPath + locale.code + "/"
            return ["code": locale.code, "name": locale.name, "url": url(locale.code) ?? home, "isCurrent": locale.code == current]
        }
    }
}
