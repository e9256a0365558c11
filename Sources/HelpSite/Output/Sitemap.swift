/// `sitemap.xml` (with `xhtml:link` alternates per locale twin and `x-default`; stand-ins for missing
/// translations are left out) and `robots.txt`.
enum Sitemap {
    /// The sitemap of every help page.
    static func xml(tree: PageTree, config: SiteConfig) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">

        """
        for page in tree.pages where page.isTranslation {
            xml += "  <url>\n    <loc>\(HTMLText.escapeAttribute(config.absoluteURL(page.url)))</loc>\n"
            if let updated = page.updated { xml += "    <lastmod>\(updated)</lastmod>\n" }
            let twins = tree.twins(of: page, locales: config.locales).filter(\.isTranslation)
            for twin in twins {
                xml += "    <xhtml:link rel=\"alternate\" hreflang=\"\(twin.locale)\" href=\"\(HTMLText.escapeAttribute(config.absoluteURL(twin.url)))\"/>\n"
            }
            let fallback = twins.first { $0.locale == config.defaultLocale } ?? page
            xml += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(HTMLText.escapeAttribute(config.absoluteURL(fallback.url)))\"/>\n"
            xml += "  </url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// `robots.txt`: everything may be crawled; the sitemap is named.
    static func robots(config: SiteConfig) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(config.absoluteURL(config.rootPath + "sitemap.xml"))\n"
    }
}
