/// The sidebar of one top-level section: its whole tree as nested lists, the branch leading to the
/// current page open and the other sub-sections folded (`<details>`), the current page marked
/// `aria-current="page"`.
///
/// Every page of a section shows the same tree but for which branch is open and which page is
/// current, so the tree's HTML is made once per section (a sequence of fixed text and per-page
/// slots) and each page only fills the slots: on a section of a thousand pages, rendering that tree
/// through the templates for each page would cost more than the rest of the page.
struct SidebarTree: Sendable {
    /// Fixed HTML, or where a node's ` open` or ` aria-current="page"` goes.
    private enum Part: Sendable {
        case text(String)
        case open(Int)
        case current(Int)
    }

    /// The section (or home page) whose children the tree lists.
    let root: Int
    private let parts: [Part]

    /// The tree under `root`; with `deep: false` (a home page's) each child is one line.
    init(root: Int, tree: PageTree, deep: Bool) {
        self.root = root
        var parts: [Part] = []
        var text = ""
        func flush() {
            if !text.isEmpty { parts.append(.text(text)) }
            text = ""
        }
        func link(_ item: Page) {
            text += "<a href=\"\(HTMLText.escapeAttribute(item.url))\""
            flush()
            parts.append(.current(item.index))
            text += ">\(HTMLText.escapeAttribute(item.title))</a>"
        }
        func list(_ children: [Int]) {
            text += "<ul>\n"
            for index in children {
                let item = tree.pages[index]
                if deep, !item.children.isEmpty {
                    text += "<li><details"
                    flush()
                    parts.append(.open(index))
                    text += "><summary>"
                    link(item)
                    text += "</summary>\n"
                    list(item.children)
                    text += "</details></li>\n"
                } else {
                    text += "<li>"
                    link(item)
                    text += "</li>\n"
                }
            }
            text += "</ul>\n"
        }
        list(tree.pages[root].children)
        flush()
        self.parts = parts
    }

    /// The trees of a site: each locale's home page (one line per child) and each top-level section.
    static func all(tree: PageTree) -> [Int: SidebarTree] {
        var trees: [Int: SidebarTree] = [:]
        for home in tree.homes.values where !tree.pages[home].children.isEmpty {
            trees[home] = SidebarTree(root: home, tree: tree, deep: false)
            for section in tree.pages[home].children where tree.pages[section].isSection && !tree.pages[section].children.isEmpty {
                trees[section] = SidebarTree(root: section, tree: tree, deep: true)
            }
        }
        return trees
    }

    /// The sidebar's values for `page`, whose ancestors (home first, itself last) are `chain`: the
    /// tree of its top-level section (a home page, or a page placed directly under it, gets the
    /// home's); nil when that tree would be empty.
    static func values(for page: Page, chain: [Page], trees: [Int: SidebarTree]) -> [String: Any]? {
        let root = chain.count > 1 && chain[1].isSection ? chain[1] : chain[0]
        guard let sidebar = trees[root.index] else { return nil }
        let open = Set(chain.map(\.index))
        return ["title": root.title, "url": root.url, "isCurrent": root.index == page.index, "html": sidebar.html(current: page.index, open: open)]
    }

    /// The tree's HTML with `current` marked and the sub-sections in `open` open.
    func html(current: Int, open: Set<Int>) -> String {
        var html = ""
        for part in parts {
            switch part {
            case let .text(text): html += text
            case let .open(index): if open.contains(index) { html += " open" }
            case let .current(index): if index == current { html += " aria-current=\"page\"" }
            }
        }
        return html
    }
}
