/// Redirect pages without script: `index.html` at the site root (to the default locale's home page)
/// and the page written at each alias (an old URL) of a page.
enum RootRedirect {
    /// The root's redirect, to the default locale's home page at `url`.
    static func html(to url: String, config: SiteConfig) -> String {
        html(to: url, title: config.title, locale: config.defaultLocale, config: config)
    }

    /// A small HTML5 page with a meta refresh, the canonical URL of `url` (kept out of search
    /// engines' indexes) and a plain link titled `title`.
    static func html(to url: String, title: String, locale: String, config: SiteConfig) -> String {
        let href = HTMLText.escapeAttribute(url)
        return """
        <!DOCTYPE html>
        <html lang="\(locale)">
        <head>
        <meta charset="utf-8">
        <title>\(HTMLText.escapeAttribute(title))</title>
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(href)">
        <link rel="canonical" href="\(HTMLText.escapeAttribute(config.absoluteURL(url)))">
        </head>
        <body>
        <p><a href="\(href)">\(HTMLText.escapeAttribute(title))</a></p>
        </body>
        </html>

        """
    }
}
