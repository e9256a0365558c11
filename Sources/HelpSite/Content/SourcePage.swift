import Foundation

/// One Markdown file of `site/content/<locale>/`, read, its front matter parsed and its Markdown
/// parsed into cmark's tree (callouts made, heading ids given), not yet placed in the page tree.
///
/// A class (everything in it is constant): the page tree and `helpgen watch` pass it around by
/// reference instead of copying its ten fields for each of thousands of pages on every rebuild.
final class SourcePage: Sendable {
    /// The locale folder it is in.
    let locale: String
    /// Path inside the locale folder, `/`-separated (`drive/send-file-or-link/_index.md`).
    let contentPath: String
    /// The path a person opens (`site/content/en/drive/send-file-or-link/_index.md`).
    let file: String
    /// Its front matter.
    let matter: FrontMatter
    /// The Markdown body, parsed.
    let tree: CommonMarkTree
    /// The file line the body starts on (line numbers from cmark are body lines).
    let bodyLine: Int
    /// Its headings, in order.
    let headings: [HeadingAnchor]
    /// Its links, with body lines.
    let links: [LinkOccurrence]
    /// The first paragraph as plain text (the description when front matter has none).
    let leadText: String?

    init(locale: String, contentPath: String, file: String, matter: FrontMatter, tree: CommonMarkTree, bodyLine: Int,
         headings: [HeadingAnchor], links: [LinkOccurrence], leadText: String?) {
        self.locale = locale
        self.contentPath = contentPath
        self.file = file
        self.matter = matter
        self.tree = tree
        self.bodyLine = bodyLine
        self.headings = headings
        self.links = links
        self.leadText = leadText
    }

    /// True for a section's own page (`_index.md`).
    var isSectionIndex: Bool { contentPath == "_index.md" || contentPath.hasSuffix("/_index.md") }

    /// The folder it is in, inside the locale (`drive/send-file-or-link`, or "" at the top).
    var folder: String {
        guard let slash = contentPath.lastIndex(of: "/") else { return "" }
        return String(contentPath[..<slash])
    }

    /// Reads and parses one file; a problem is returned instead when the file or its front matter is bad.
    static func read(locale: String, contentPath: String, file: String, labels: CalloutLabels) -> Result<SourcePage, SiteProblem> {
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(SiteProblem(file: file, message: "the file cannot be read"))
        }
        return parse(data, locale: locale, contentPath: contentPath, file: file, labels: labels)
    }

    /// Parses the bytes of `file` (already read); a problem is returned instead when its front matter is bad.
    /// `helpgen watch` keeps the bytes and parses a page again before rendering it again (rendering
    /// rewrites the links of the cmark tree in place).
    static func parse(_ data: Data, locale: String, contentPath: String, file: String, labels: CalloutLabels) -> Result<SourcePage, SiteProblem> {
        // Like cmark's UTF-8 validation: a byte sequence that is not UTF-8 becomes U+FFFD.
        let source = String(decoding: data, as: UTF8.self)
        let parts = FrontMatter.split(source)
        let matter: FrontMatter
        switch FrontMatter.parse(parts.yaml, file: file) {
        case let .success(value): matter = value
        case let .failure(problem): return .failure(problem)
        }
        let tree = CommonMarkTree(markdown: parts.body)
        tree.convertCallouts(labels.box(for:))
        var ids = HeadingIDs()
        let headings = tree.assignHeadingIDs { ids.id(for: $0) }
        return .success(SourcePage(
            locale: locale, contentPath: contentPath, file: file, matter: matter, tree: tree,
            bodyLine: parts.bodyLine, headings: headings, links: tree.links(), leadText: tree.firstParagraphText()
        ))
    }
}

/// The localized titles of the callout boxes (`callout.tip` etc. in the locale's translations).
struct CalloutLabels: Sendable {
    /// Title by kind (`tip` → `Tip`).
    let titles: [String: String]

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
