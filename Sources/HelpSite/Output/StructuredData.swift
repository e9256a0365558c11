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
        var webPage: [String: ScriptSafeJSON.Value] = [
            "@type": "WebPage", "@id": .string(pageURL), "url": .string(pageURL), "name": .string(name), "description": .string(description),
            "isPartOf": ["@id": .string(websiteID)], "breadcrumb": ["@id": .string(breadcrumbID)], "inLanguage": .string(languageTag),
        ]
        if let updated { webPage["dateModified"] = .string(updated) }
        let items: [ScriptSafeJSON.Value] = crumbs.enumerated().map { position, crumb in
            ["@type": "ListItem", "position": .number(position + 1), "name": .string(crumb.name), "item": .string(crumb.url)]
        }
        var organization: [String: ScriptSafeJSON.Value] = [
            "@type": "Organization", "@id": .string(organizationID), "name": .string(organizationName), "url": .string(homeURL),
        ]
        if !config.organizationLogo.isEmpty {
            organization["logo"] = ["@type": "ImageObject", "url": .string(config.organizationLogo), "contentUrl": .string(config.organizationLogo)]
        }
        let graph: ScriptSafeJSON.Value = [
            "@context": "https://schema.org",
            "@graph": [
                .object(webPage),
                ["@type": "BreadcrumbList", "@id": .string(breadcrumbID), "itemListElement": .array(items)],
                ["@type": "WebSite", "@id": .string(websiteID), "url": .string(homeURL), "name": .string(siteName),
                 "publisher": ["@id": .string(organizationID)], "inLanguage": .string(languageTag)],
                .object(organization),
            ],
        ]
        return ScriptSafeJSON.encode(graph)
    }
}
