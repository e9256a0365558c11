import Foundation

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

    /// The sidebar's values for `page`, whose ancestors (home first, itself last) are `chain`: the
    /// tree of its top-level section (a home page, or a page placed directly under it, gets the
    /// home's); nil when that tree would be empty.
    static func values(for page: Page, chain: [Page], trees: Cache) -> [String: Any]? {
        let root = chain.count > 1 && chain[1].isSection ? chain[1] : chain[0]
        guard let sidebar = trees.tree(root: root.index) else { return nil }
        let open = Set(chain.map(\.index))
        return ["title": root.title, "url": root.url, "isCurrent": root.index == page.index, "html": sidebar.html(current: page.index, open: open)]
    }

    /// A site's trees, each made the first time a page asks for it (an edit renders one page, and
    /// needs one tree): each locale's home page (one line per child) and each top-level section.
    /// Shared by the rendering tasks.
    final class Cache: @unchecked Sendable {
        private let tree: PageTree
        private let lock = NSLock()
        private var made: [Int: SidebarTree?] = [:]

        init(tree: PageTree) { self.tree = tree }

        /// The tree under `root`, a home page or a top-level section; nil when it has no children
        /// or is neither.
        func tree(root: Int) -> SidebarTree? {
            lock.withLock {
                if let known = made[root] { return known }
                let page = tree.pages[root]
                var sidebar: SidebarTree?
                if !page.children.isEmpty {
                    if tree.homes[page.locale] == root {
                        sidebar = SidebarTree(root: root, tree: tree, deep: false)
                    } else if page.isSection, let parent = page.parent, tree.homes[page.locale] == parent {
                        sidebar = SidebarTree(root: root, tree: tree, deep: true)
                    }
                }
                made[root] = sidebar
                return sidebar
            }
        }
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
