/// The JSON-LD graph of a page (`WebPage`, `BreadcrumbList`, `WebSite`, `Organization`), the
/// structured data today's help center emits, with an `item` URL on every breadcrumb.
enum StructuredData {
    /// A breadcrumb: name and absolute URL.
    struct Crumb {
        let name: String
        let url: String
    }

    /// The `<script type="application/ld+json">` body for a page.
    static func graph(
        pageURL: String, name: String, description: String, languageTag: String, updated: String?,
        crumbs: [Crumb], homeURL: String, siteName: String, organizationName: String, config: SiteConfig
    ) -> String {
        let websiteID = homeURL + "#website"
        let organizationID = homeURL + "#organization"
        let breadcrumbID = pageURL + "#breadcrumb"
        var webPage: [String: Any] = [
            "@type": "WebPage", "@id": pageURL, "url": pageURL, "name": name, "description": description,
            "isPartOf": ["@id": websiteID], "breadcrumb": ["@id": breadcrumbID], "inLanguage": languageTag,
        ]
        if let updated { webPage["dateModified"] = updated }
        let items: [[String: Any]] = crumbs.enumerated().map { position, crumb in
            ["@type": "ListItem", "position": position + 1, "name": crumb.name, "item": crumb.url]
        }
        var organization: [String: Any] = [
            "@type": "Organization", "@id": organizationID, "name": organizationName, "url": homeURL,
        ]
        if !config.organizationLogo.isEmpty {
            organization["logo"] = ["@type": "ImageObject", "url": config.organizationLogo, "contentUrl": config.organizationLogo]
        }
        let graph: [String: Any] = [
            "@context": "https://schema.org",
            "@graph": [
                webPage,
                ["@type": "BreadcrumbList", "@id": breadcrumbID, "itemListElement": items],
                ["@type": "WebSite", "@id": websiteID, "url": homeURL, "name": siteName,
                 "publisher": ["@id": organizationID], "inLanguage": languageTag],
                organization,
            ],
        ]
        return ScriptSafeJSON.encode(graph)
    }
}
