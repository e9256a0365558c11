/// The sidebar's values: the whole tree of the current page's top-level section, the branch that
/// leads to the current page open and the other sub-sections folded (`<details>`), read by the
/// recursive `partials/nav-tree` template.
///
/// Every node carries every key (`isCurrent`, `isOpen`, `hasChildren`, `children`), so a template
/// never reads a missing key from an enclosing node.
enum SidebarTree {
    /// The tree for `page`, whose ancestors (home first, itself last) are `chain`; nil when the tree
    /// would be empty.
    static func values(for page: Page, chain: [Page], tree: PageTree) -> [String: Any]? {
        let open = Set(chain.map(\.index))
        // On a home page, or a page placed directly under it, the tree is the home's sections and
        // pages, each on one line.
        let root = chain.count > 1 && chain[1].isSection ? chain[1] : chain[0]
        let isHome = root.parent == nil
        guard !root.children.isEmpty else { return nil }
        return [
            "title": root.title, "url": root.url, "isCurrent": root.index == page.index,
            "children": root.children.map { node(tree.pages[$0], current: page.index, open: open, tree: tree, deep: !isHome) },
        ]
    }

    private static func node(_ item: Page, current: Int, open: Set<Int>, tree: PageTree, deep: Bool) -> [String: Any] {
        let children = deep ? item.children.map { node(tree.pages[$0], current: current, open: open, tree: tree, deep: true) } : []
        return [
            "title": item.title, "url": item.url, "isCurrent": item.index == current,
            "isOpen": open.contains(item.index), "hasChildren": !children.isEmpty, "children": children,
        ]
    }
}
