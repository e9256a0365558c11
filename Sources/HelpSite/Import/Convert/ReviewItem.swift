/// Something in a WordPress page that did not map exactly onto Markdown and that a person should look at.
public struct ReviewItem: Sendable, Equatable, Codable {
    /// What happened to it.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Kept as raw HTML or literal text: it shows, but not as WordPress showed it.
        case keptRaw = "kept raw"
        /// Left out of the page (scripts, iframes, forms, block comments).
        case removed
        /// A link left absolute: it points into the WordPress site, at a page not imported.
        case absoluteLink = "link to a page not imported"
        /// An image or uploaded file still loaded from the WordPress site; the docs team copies it into the site.
        case fileToCopy = "file to copy"
        /// A section page made up because the input lacks the WordPress page of that folder.
        case createdParent = "created for a missing parent"
    }

    /// What happened.
    public let kind: Kind
    /// What it was, in the words of the page (`[caption] shortcode`, `<iframe src="…">`).
    public let what: String

    /// Creates an item.
    public init(kind: Kind, what: String) {
        self.kind = kind
        self.what = what
    }
}
