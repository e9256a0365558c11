import Foundation

/// Builds the values a template sees for one page: the page, its SEO head, breadcrumbs, the sidebar
/// (`SidebarTree`), previous/next, language switcher, the locale's strings and the asset URLs.
///
/// A help page's values are typed (`TemplateValue`) as they are built, for the compiled templates;
/// the few pages made once per locale (authentication, search, 404) are plain dictionaries and arrays
/// for swift-mustache. What is the same for every page of a locale is built once in `init`.
struct PageContext: @unchecked Sendable {
    private let config: SiteConfig
    private let tree: PageTree
    private let translations: [String: Translations]
    /// What every page of a locale shows alike (site, locale, strings, asset URLs), typed once.
    private let typedLocaleValues: [String: [String: TemplateValue]]
    /// The same, untyped, for the pages swift-mustache renders.
    private let localeValues: [String: [String: Any]]
    /// Each locale's site title and organization name (`site.title` and `site.organization` of its
    /// translations, else the config's).
    private let siteNames: [String: (title: String, organization: String)]

    init(config: SiteConfig, tree: PageTree, translations: [String: Translations], assets: AssetCatalog) {
        self.config = config
        self.tree = tree
        self.translations = translations
        var values: [String: [String: TemplateValue]] = [:]
        var names: [String: (title: String, organization: String)] = [:]
        for locale in config.locales {
            let strings = translations[locale.code]
            let title = strings?.value("site.title") ?? config.title
            let organization = strings?.value("site.organization") ?? config.organizationName
            names[locale.code] = (title, organization)
            let homeURL = tree.homes[locale.code].map { tree.pages[$0].url } ?? config.rootPath + locale.code + "/"
            values[locale.code] = [
                "site": [
                    "title": .text(title), "baseURL": .text(config.baseURL), "homeURL": .text(homeURL),
                    "organization": ["name": .text(organization), "logo": .text(config.organizationLogo)],
                ],
                "locale": .text(locale.code),
                // Translations hold strings, maps and lists of them only, which always convert.
                "i18n": TemplateValue.object(strings?.strings ?? [:]) ?? [:],
                "assets": .object(assets.urls.mapValues(TemplateValue.text)),
                "search": ["url": .text(SiteSearch.pageURL(locale.code, rootPath: config.rootPath)),
                           "indexURL": .text(SiteSearch.indexURL(locale.code, rootPath: config.rootPath))],
            ]
        }
        typedLocaleValues = values
        localeValues = values.mapValues { $0.mapValues(\.anyValue) }
        siteNames = names
    }

    /// The site's title in `locale`.
    private func siteTitle(_ locale: String) -> String {
        siteNames[locale]?.title ?? config.title
    }

    /// What every page of `locale` shows alike (site, locale, strings, asset URLs): the part of each
    /// page's values that `pageValues(of:)` leaves out.
    func sharedValues(locale: String) -> TemplateValue {
        .object(typedLocaleValues[locale] ?? [:])
    }

    /// `helpPage(own:locale:content:)` for swift-mustache, which renders a page when the templates
    /// could not be compiled.
    func helpPageValues(own: TemplateValue, locale: String, content: String) -> [String: Any] {
        var values = localeValues[locale] ?? [:]
        guard case let .object(ownValues) = own else { return values }
        for (key, value) in ownValues { values[key] = value.anyValue }
        var page = ownValues["page"]?.anyValue as? [String: Any] ?? [:]
        page["content"] = content
        values["page"] = page
        return values
    }

    /// The values for a help page: the locale's shared values (typed once), the page's own
    /// (`pageValues(of:)`) and the HTML of its Markdown.
    func helpPage(own: TemplateValue, locale: String, content: String) -> TemplateValue {
        var values = typedLocaleValues[locale] ?? [:]
        var page: [String: TemplateValue] = [:]
        if case let .object(ownValues) = own {
            for (key, value) in ownValues { values[key] = value }
            if case let .object(fields)? = ownValues["page"] { page = fields }
        }
        page["content"] = .text(content)
        values["page"] = .object(page)
        return .object(values)
    }

    /// What only this page shows: the page's fields (all but its content), head, breadcrumbs,
    /// section navigation, child list, previous/next and language switcher.
    func pageValues(of page: Page) -> TemplateValue {
        var values: [String: TemplateValue] = [:]
        let strings = translations[page.locale]
        let chain = ancestry(of: page)
        let isHome = page.parent == nil
        let twins = tree.twins(of: page, locales: config.locales)
        // hreflang alternates join real translations only; a stand-in for a missing translation
        // points search engines to its original and stays out of their indexes.
        let original = page.fallbackOf.map { tree.pages[$0] }
        let realTwins = original == nil ? twins.filter(\.isTranslation) : []
        var pageFields: [String: TemplateValue] = [
            "title": .text(page.title), "description": .text(page.description), "url": .text(page.url),
            "isHome": .flag(isHome), "isSection": .flag(page.isSection),
        ]
        if let updated = page.updated {
            pageFields["updated"] = ["iso": .text(updated), "text": .text(LocaleDate.text(iso: updated, strings: strings))]
        }
        if let original {
            pageFields["fallback"] = ["lang": .text(original.locale), "notice": .text(fallbackNotice(locale: page.locale, original: original.locale))]
        }
        if let editURL = config.editURL, let source = tree.sources[page.index] {
            pageFields["editURL"] = .text(editURL + Self.pathEscaped(source.locale + "/" + source.contentPath))
        }
        values["page"] = .object(pageFields)
        values["head"] = head(
            locale: page.locale, title: isHome ? siteTitle(page.locale) : "\(page.title) - \(siteTitle(page.locale))", description: page.description,
            url: original?.url ?? page.url, ogType: isHome ? "website" : "article", indexable: original == nil,
            alternates: realTwins.map { ($0.locale, $0.url) },
            jsonLD: StructuredData.graph(
                pageURL: config.absoluteURL(page.url), name: page.title, description: page.description,
                languageTag: original?.locale ?? page.locale, updated: page.updated,
                crumbs: chain.map { StructuredData.Crumb(name: crumbName($0, strings), url: config.absoluteURL($0.url)) },
                homeURL: config.absoluteURL(tree.pages[chain[0].index].url), siteName: siteTitle(page.locale),
                organizationName: siteNames[page.locale]?.organization ?? config.organizationName, config: config
            )
        )
        if !isHome {
            values["breadcrumbs"] = ["items": .list(chain.enumerated().map { position, crumb -> TemplateValue in
                ["title": .text(crumbName(crumb, strings)), "url": .text(crumb.url), "isCurrent": .flag(position == chain.count - 1)]
            })]
        }
        if let sidebar = SidebarTree.values(for: page, chain: chain, tree: tree) { values["sectionNav"] = sidebar }
        if page.isSection && !page.children.isEmpty {
            values["childList"] = ["items": .list(page.children.map { index -> TemplateValue in
                let child = tree.pages[index]
                return ["title": .text(child.title), "url": .text(child.url), "description": .text(child.description), "isSection": .flag(child.isSection)]
            })]
        }
        if let parent = page.parent {
            let siblings = tree.pages[parent].children
            var pager: [String: TemplateValue] = [:]
            do {
                let position = page.siblingPosition
                if position > 0 { pager["previous"] = link(tree.pages[siblings[position - 1]]) }
                if position + 1 < siblings.count { pager["next"] = link(tree.pages[siblings[position + 1]]) }
            }
            if !pager.isEmpty { values["pager"] = .object(pager) }
        }
        if let toc = TableOfContents.items(of: tree.sources[page.index]) { values["toc"] = ["items": toc] }
        let twinURLs = Dictionary(uniqueKeysWithValues: twins.map { ($0.locale, $0.url) })
        values["languages"] = languages(current: page.locale) { twinURLs[$0] }
        return .object(values)
    }

    /// The values for the authentication page of `locale` (at `/<locale>/link/`).
    func authPage(locale: String, url: (String) -> String, messagesJSON: String) -> [String: Any] {
        var values = localeValues[locale] ?? [:]
        let strings = translations[locale]
        let title = strings?.text("link.title") ?? "Open a shared file"
        let description = strings?.text("link.description") ?? title
        values["page"] = ["title": title, "description": description, "url": url(locale)] as [String: Any]
        values["head"] = head(
            locale: locale, title: "\(title) - \(siteTitle(locale))", description: description, url: url(locale),
            ogType: "website", indexable: false, alternates: config.locales.map { ($0.code, url($0.code)) }, jsonLD: nil
        ).anyValue
        values["api"] = ["baseURL": config.apiBaseURL]
        values["messagesJSON"] = messagesJSON
        values["languages"] = languages(current: locale) { url($0) }.anyValue
        return values
    }

    /// The values for the search page of `locale` (at `/<locale>/search/`, reading `?q=`).
    func searchPage(locale: String, url: (String) -> String) -> [String: Any] {
        var values = localeValues[locale] ?? [:]
        let title = translations[locale]?.text("search.title") ?? "Search"
        values["page"] = ["title": title, "description": title, "url": url(locale)] as [String: Any]
        values["head"] = head(
            locale: locale, title: "\(title) - \(siteTitle(locale))", description: title, url: url(locale),
            ogType: "website", indexable: false, alternates: config.locales.map { ($0.code, url($0.code)) }, jsonLD: nil
        ).anyValue
        values["languages"] = languages(current: locale) { url($0) }.anyValue
        return values
    }

    /// The values for `404.html` (in the default locale).
    func notFoundPage() -> [String: Any] {
        let locale = config.defaultLocale
        var values = localeValues[locale] ?? [:]
        let title = translations[locale]?.text("notFound.title") ?? "Page not found"
        values["page"] = ["title": title, "description": title, "url": config.rootPath + "404.html"] as [String: Any]
        values["head"] = head(locale: locale, title: "\(title) - \(siteTitle(locale))", description: title,
                              url: config.rootPath + "404.html", ogType: "website", indexable: false, alternates: [], jsonLD: nil).anyValue
        values["languages"] = languages(current: locale) { _ in nil }.anyValue
        return values
    }

    // MARK: - Parts

    /// `page.notTranslated` of `locale` with `{language}` (this locale's name) and `{original}` (the
    /// name of the language the page is shown in).
    private func fallbackNotice(locale: String, original: String) -> String {
        let name = { (code: String) in config.locales.first { $0.code == code }?.name ?? code }
        let text = translations[locale]?.value("page.notTranslated") ?? "This page is not translated into {language} yet; it is shown in {original}."
        return text.replacingOccurrences(of: "{language}", with: name(locale)).replacingOccurrences(of: "{original}", with: name(original))
    }

    /// A content path as a URL path: each segment percent-encoded.
    private static func pathEscaped(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? String($0) }
            .joined(separator: "/")
    }

    private func head(
        locale: String, title: String, description: String, url: String, ogType: String, indexable: Bool,
        alternates: [(locale: String, url: String)], jsonLD: String?
    ) -> TemplateValue {
        let ogLocale = config.locales.first { $0.code == locale }?.ogLocale ?? locale
        var head: [String: TemplateValue] = [
            "title": .text(title), "description": .text(description), "canonical": .text(config.absoluteURL(url)), "ogType": .text(ogType),
            "ogLocale": .text(ogLocale), "robots": indexable ? "index, follow" : "noindex, nofollow",
            "ogLocaleAlternates": .list(config.locales.filter { candidate in
                candidate.code != locale && alternates.contains { $0.locale == candidate.code }
            }.map { .text($0.ogLocale) }),
        ]
        if !alternates.isEmpty {
            head["alternates"] = .list(alternates.map { ["hreflang": .text($0.locale), "href": .text(config.absoluteURL($0.url))] })
            let fallback = alternates.first { $0.locale == config.defaultLocale } ?? alternates[0]
            head["xDefault"] = .text(config.absoluteURL(fallback.url))
        }
        if let jsonLD { head["jsonLD"] = .text(jsonLD) }
        if !config.organizationLogo.isEmpty { head["image"] = .text(config.organizationLogo) }
        return .object(head)
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

    private func link(_ page: Page) -> TemplateValue {
        ["title": .text(page.title), "url": .text(page.url)]
    }

    private func languages(current: String, url: (String) -> String?) -> TemplateValue {
        .list(config.locales.map { locale in
            let home = tree.homes[locale.code].map { tree.pages[$0].url } ?? config.rootPath + locale.code + "/"
            return ["code": .text(locale.code), "name": .text(locale.name), "url": .text(url(locale.code) ?? home), "isCurrent": .flag(locale.code == current)]
        })
    }
}
