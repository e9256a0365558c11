import Foundation

/// Where a link written in a WordPress page goes in the imported site.
enum LinkTarget: Sendable, Equatable {
    /// Write this destination: a relative `.md` path, an anchor of this page, or the URL as it was.
    case write(String)
    /// A page of the WordPress site that was not imported: written as this absolute URL, and reported.
    case notImported(String)
    /// A file uploaded to the WordPress site (`/wp-content/uploads/…`): written as this absolute URL, and reported.
    case upload(String)
    /// An imported page, at this destination, without the anchor the link had (no heading there has it).
    case droppedAnchor(String, anchor: String)
    /// An anchor of this page that no heading has: the link text stays, the link goes, and it is reported.
    case missingAnchor
}

/// A page's HTML converted: its Markdown body and what needs a person's eye.
struct PageConversion: Sendable, Equatable {
    /// The Markdown body (no front matter), ending in a newline.
    let markdown: String
    /// What did not map exactly, in page order.
    let items: [ReviewItem]
    /// For each Markdown heading written, in order: the WordPress ids that pointed at it (its own `id`,
    /// those inside it, and empty `<a name>`/`<a id>` anchors just before it).
    let headingAnchors: [[String]]
}

/// Converts the HTML of one WordPress page into CommonMark where it maps exactly, and into cleaned
/// HTML blocks (tables) or reported raw text (shortcodes) where it does not.
struct MarkdownConverter {
    /// Callout kinds (`tip`, `note`, `warning`) by the CSS class that marks them (`lw_tip`).
    let callouts: [String: String]
    /// Where a link's `href` goes.
    let link: (String) -> LinkTarget
    /// An image's `src` as the URL to keep (relative ones made absolute).
    let image: (String) -> String

    /// Converts `nodes` (a parsed `content.rendered`).
    func convert(_ nodes: [HTMLNode]) -> PageConversion {
        var writer = MarkdownWriter(converter: self, headingShift: 2 - (HeadingLevels.lowest(in: nodes) ?? 2))
        let body = writer.blocks(nodes).map(\.text).joined(separator: "\n\n")
        return PageConversion(markdown: body.isEmpty ? "" : body + "\n", items: writer.items + writer.clean.items,
                              headingAnchors: writer.headingAnchors)
    }
}

/// The lowest heading level a page uses (`h1` → 1), outside tables.
enum HeadingLevels {
    /// The level of `h1`…`h6`, else nil.
    static func level(of name: String) -> Int? {
        guard name.count == 2, name.hasPrefix("h"), let digit = Int(name.dropFirst()), (1...6).contains(digit) else { return nil }
        return digit
    }

    /// The smallest heading level in `nodes`, or nil when there is no heading.
    static func lowest(in nodes: [HTMLNode]) -> Int? {
        nodes.compactMap { node -> Int? in
            guard let element = node.element, element.name != "table" else { return nil }
            return level(of: element.name) ?? lowest(in: element.children)
        }.min()
    }
}
