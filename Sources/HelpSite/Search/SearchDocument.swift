/// One page as the search index sees it: where it is, what it is called, where it sits in the
/// site, and its text cut into sections at its headings.
///
/// Made from the rendered article body only (`PageText.sections(ofArticle:)`), so navigation,
/// breadcrumbs and footers are never indexed.
public struct SearchDocument: Sendable, Equatable {
    /// Root-relative URL of the page (`/ko/drive/`).
    public let url: String
    /// The page title.
    public let title: String
    /// Titles of the sections above it, outermost first (its breadcrumbs without the home page).
    public let sectionPath: [String]
    /// `searchWeight:` from front matter (1 unless boosted).
    public let weight: Double
    /// The text before the first heading (anchor nil), then one section per heading.
    public let sections: [SearchSection]

    /// Creates a document.
    public init(url: String, title: String, sectionPath: [String], weight: Double, sections: [SearchSection]) {
        self.url = url
        self.title = title
        self.sectionPath = sectionPath
        self.weight = weight
        self.sections = sections
    }
}

/// A part of a page: the text under one heading (or before the first).
public struct SearchSection: Sendable, Equatable {
    /// The heading's `id` (nil for the text before the first heading).
    public let anchor: String?
    /// The heading's text (nil for the text before the first heading).
    public let heading: String?
    /// The plain text, whitespace collapsed.
    public let text: String

    /// Creates a section.
    public init(anchor: String?, heading: String?, text: String) {
        self.anchor = anchor
        self.heading = heading
        self.text = text
    }
}
