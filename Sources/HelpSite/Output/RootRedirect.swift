/// `index.html` at the site root: sends visitors to the default locale's home page without script.
enum RootRedirect {
    /// A small HTML5 page with a meta refresh and a plain link.
    static func html(to url: String, config: SiteConfig) -> String {
        let href = HTMLText.escapeAttribute(url)
        return """
        <!DOCTYPE html>
        <html lang="\(config.defaultLocale)">
        <head>
        <meta charset="utf-8">
        <title>\(HTMLText.escapeAttribute(config.title))</title>
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(href)">
        <link rel="canonical" href="\(HTMLText.escapeAttribute(config.absoluteURL(url)))">
        </head>
        <body>
        <p><a href="\(href)">\(HTMLText.escapeAttribute(config.title))</a></p>
        </body>
        </html>

        """
    }
}
