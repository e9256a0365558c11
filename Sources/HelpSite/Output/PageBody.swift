/// A page's Markdown turned into the HTML of its body: links to pages become their URLs, and every
/// link that points nowhere is a problem at its file line.
///
/// `helpgen build` renders each page once; `helpgen watch` checks every page's links from memory
/// on each rebuild (`linkCheck`, which leaves the cmark tree alone) and renders only the pages
/// whose bytes can change.
enum PageBody {
    /// What the links of one page resolve to.
    struct LinkCheck: Sendable {
        /// Links that point to no page or heading.
        var problems: [SiteProblem] = []
        /// The URLs links were rewritten to, in order (a page must be rendered again when one changes).
        var rewrites: [String] = []
    }

    /// Rewrites the links of `source.tree` (in place) and renders it; the problems are the broken links.
    static func render(_ source: SourcePage, as page: Page, resolver: LinkResolver) -> (html: String, problems: [SiteProblem]) {
        var problems: [SiteProblem] = []
        var linkNumber = 0
        source.tree.rewriteLinks { destination in
            defer { linkNumber += 1 }
            switch resolver.resolve(destination, from: page) {
            case .keep: return nil
            case let .rewrite(url): return url
            case let .broken(message):
                problems.append(problem(source, linkNumber: linkNumber, message: message))
                return nil
            }
        }
        return (source.tree.renderHTML(), problems)
    }

    /// Resolves every link of `source` (from the list read at parse time) without touching its tree.
    static func linkCheck(_ source: SourcePage, as page: Page, resolver: LinkResolver) -> LinkCheck {
        var check = LinkCheck()
        for (number, link) in source.links.enumerated() {
            switch resolver.resolve(link.destination, from: page) {
            case .keep: break
            case let .rewrite(url): check.rewrites.append(url)
            case let .broken(message): check.problems.append(problem(source, linkNumber: number, message: message))
            }
        }
        return check
    }

    private static func problem(_ source: SourcePage, linkNumber: Int, message: String) -> SiteProblem {
        let line = source.links.indices.contains(linkNumber) ? source.links[linkNumber].line + source.bodyLine - 1 : nil
        return SiteProblem(file: source.file, line: line, message: message)
    }
}
