/// A page's table of contents ("On this page"): its `##` and `###` headings, each a link to its anchor.
enum TableOfContents {
    /// The template items of the page's table of contents (`id`, `text`, `isSub` for a `###`), or nil
    /// when it has none: `toc: false` in its front matter, or fewer than two such headings.
    static func items(of outline: PageOutline?) -> TemplateValue? {
        guard let outline, outline.matter.toc else { return nil }
        let headings = outline.headings.filter { $0.level == 2 || $0.level == 3 }
        guard headings.count >= 2 else { return nil }
        return .list(headings.map { ["id": .text($0.id), "text": .text($0.text), "isSub": .flag($0.level == 3)] })
    }
}
