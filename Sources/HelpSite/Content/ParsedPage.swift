import Foundation

/// What the rest of the site sees of one Markdown file of `site/content/<locale>/`: its front matter,
/// headings, links and first paragraph. The site graph is assembled from outlines alone (so when no
/// outline changed, no page's navigation did), and the build state keeps them, so a page that did
/// not change is not read again.
struct PageOutline: Sendable, Equatable {
    /// The locale folder it is in.
    let locale: String
    /// Path inside the locale folder, `/`-separated (`drive/send-file-or-link/_index.md`).
    let contentPath: String
    /// The path a person opens (`site/content/en/drive/send-file-or-link/_index.md`).
    let file: String
    /// Its front matter.
    let matter: FrontMatter
    /// The file line the body starts on (line numbers from cmark are body lines).
    let bodyLine: Int
    /// Its headings, in order.
    let headings: [HeadingAnchor]
    /// Its links, with body lines.
    let links: [LinkOccurrence]
    /// Its images, with body lines.
    var images: [ImageOccurrence] = []
    /// The first paragraph as plain text, cut to a description's length (`PlainText.summary`): the
    /// description when front matter has none. Cut once here, not each time the page tree is assembled.
    let leadSummary: String?

    /// True for a section's own page (`_index.md`).
    var isSectionIndex: Bool { contentPath == "_index.md" || contentPath.hasSuffix("/_index.md") }

    /// The folder it is in, inside the locale (`drive/send-file-or-link`, or "" at the top).
    var folder: String {
        guard let slash = contentPath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(contentPath[..<slash])
    }

    /// True for the page of a page folder (`drive/revoke/index.md`, its images beside it): the page is
    /// `drive/revoke/`, not a section.
    var isPageFolder: Bool { contentPath.hasSuffix("/index.md") }

    /// The section it belongs to, inside the locale: its folder, or the folder above a page folder.
    var sectionFolder: String {
        guard isPageFolder else { return folder }
        let folder = self.folder
        guard let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(folder[..<slash])
    }

    /// The name its URL is made from (`revoke` for `revoke.md` and `revoke/index.md`).
    var pageName: String {
        let path = isPageFolder ? folder[...] : contentPath.dropLast(3)
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return String(path) }
        return String(path[path.utf8.index(after: slash)...])
    }
}

/// One Markdown file, parsed: an immutable value. cmark's tree is gone once it exists; the body is
/// HTML with a slot for each link to another page (filled in when the page is rendered).
struct ParsedPage: Sendable {
    /// What the rest of the site sees of it.
    let outline: PageOutline
    /// Its body as HTML.
    let body: PageBodyHTML
    /// The digest of the file's bytes.
    let sourceDigest: ContentDigest

    /// Reads and parses one file; a problem is returned instead when the file or its front matter is bad.
    static func read(locale: String, contentPath: String, file: String, labels: CalloutLabels) -> Result<ParsedPage, SiteProblem> {
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(SiteProblem(file: file, message: "the file cannot be read"))
        }
        return parse(data, locale: locale, contentPath: contentPath, file: file, labels: labels)
    }

    /// Parses the bytes of `file`; a problem is returned instead when its front matter is bad.
    static func parse(_ data: Data, locale: String, contentPath: String, file: String, labels: CalloutLabels) -> Result<ParsedPage, SiteProblem> {
        // Like cmark's UTF-8 validation: a byte sequence that is not UTF-8 becomes U+FFFD.
        let source = String(decoding: data, as: UTF8.self)
        let parts = FrontMatter.split(source)
        let matter: FrontMatter
        switch FrontMatter.parse(parts.yaml, file: file) {
        case let .success(value): matter = value
        case let .failure(problem): return .failure(problem)
        }
        let markdown = CommonMarkTree.parse(parts.body, callouts: labels.box(for:), isPageLink: LinkResolver.isPageLink)
        let outline = PageOutline(
            locale: locale, contentPath: contentPath, file: file, matter: matter, bodyLine: parts.bodyLine,
            headings: markdown.headings, links: markdown.links, images: markdown.images, leadSummary: markdown.leadText.map { PlainText.summary($0) }
        )
        return .success(ParsedPage(outline: outline, body: markdown.body, sourceDigest: ContentDigest(of: data)))
    }
}

/// The localized titles of the callout boxes (`callout.tip` etc. in the locale's translations).
struct CalloutLabels: Sendable {
    /// Title by kind (`tip` → `Tip`).
    let titles: [String: String]
    /// The digest of the titles: a page parsed with other titles is parsed again.
    let digest: ContentDigest

    /// Labels with these titles.
    init(titles: [String: String]) {
        self.titles = titles
        var builder = DigestBuilder()
        builder.add(template: .object(titles.mapValues(TemplateValue.text)))
        digest = builder.finish()
    }

    /// The opening and closing HTML of a callout of this kind, or nil when the kind is unknown.
    func box(for kind: String) -> (open: String, close: String)? {
        guard let title = titles[kind] else { return nil }
        let role = kind == "warning" ? "" : " role=\"note\""
        return (
            "<aside class=\"callout callout-\(kind)\"\(role)>\n<p class=\"callout-title\">\(HTMLText.escapeAttribute(title))</p>",
            "</aside>"
        )
    }
}
