/// What the links of one page resolve to: every link to a page becomes that page's URL (filling the
/// slots of the page's body), and every link that points nowhere is a problem at its file line.
enum PageBody {
    /// What the links of one page resolve to.
    struct LinkCheck: Sendable, Equatable {
        /// Links that point to no page or heading.
        var problems: [SiteProblem] = []
        /// The URLs the links to pages resolve to, in order: one per slot of the page's body.
        var rewrites: [String] = []
    }

    /// Resolves every link of `source` as written in `page`.
    static func linkCheck(_ source: PageOutline, as page: Page, resolver: LinkResolver) -> LinkCheck {
        var check = LinkCheck()
        for link in source.links {
            switch resolver.resolve(link.destination, from: page) {
            case .keep: break
            case let .rewrite(url): check.rewrites.append(url)
            case let .broken(message):
                check.problems.append(SiteProblem(file: source.file, line: link.line + source.bodyLine - 1, message: message))
            }
        }
        return check
    }
}
