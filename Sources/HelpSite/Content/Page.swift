/// A page of the built site: a help page, or a section's own page, in one locale.
struct Page: Sendable, Equatable {
    /// Position in the site's page list.
    let index: Int
    /// Locale code.
    let locale: String
    /// Path inside the locale folder; the same path in another locale is this page's twin.
    let contentPath: String
    /// The Markdown file, or nil for a section folder that has no `_index.md`.
    let file: String?
    /// Title from front matter (or the folder name).
    let title: String
    /// Meta description: front matter's, else the first paragraph cut near 160 characters.
    let description: String
    /// Front matter's `updated:` date, else the file's last commit date, if any.
    let updated: String?
    /// Sort key among siblings.
    let order: Int?
    /// True for a section (a folder).
    let isSection: Bool
    /// Root-relative URL ending in `/` (`/en/drive/`).
    let url: String
    /// The section it is in; nil for a locale's home page.
    var parent: Int?
    /// Its pages and sub-sections, sorted by `order`, then title.
    var children: [Int] = []
    /// Its position among its parent's children (for previous/next without searching).
    var siblingPosition = 0
    /// Ids of its headings in page order, for `#anchor` checks (a page has a few: searching a list
    /// costs less than building a set for every page).
    let anchors: [String]
    /// For a page built from the default locale's page because this locale has no translation
    /// (`translationFallback: true`): that page's index.
    var fallbackOf: Int?

    /// True for a real page of its locale (not a stand-in for a missing translation).
    var isTranslation: Bool { fallbackOf == nil }
}
