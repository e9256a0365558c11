import Foundation

/// The sidebar of one top-level section, pruned to the current page: the section's children, and
/// under each sub-section on the way to the current page its own children, open (`<details open>`,
/// so a reader can still fold it); every other sub-section is one link (`class="branch"`) to its
/// own page, where its branch opens. The current page is marked `aria-current="page"`.
///
/// Pruning keeps a page's sidebar to the few dozen links around it whatever the section's size: the
/// whole tree of a section of 500 pages is about 65 KB of every page's HTML, written and sent for
/// each page while a reader looks at one branch of it.
enum SidebarTree {
    /// The sidebar's values for `page`, whose ancestors (home first, itself last) are `chain`: the
    /// tree of its top-level section (a home page, or a page placed directly under it, gets the
    /// home's, one line per child); nil when that tree would be empty.
    static func values(for page: Page, chain: [Page], tree: PageTree) -> TemplateValue? {
        let root = chain.count > 1 && chain[1].isSection ? chain[1] : chain[0]
        guard !root.children.isEmpty else { return nil }
        var html = ""
        html.reserveCapacity(4096)
        list(root.children, in: tree, open: Set(chain.dropFirst().map(\.index)), current: page.index, into: &html)
        return ["title": .text(root.title), "url": .text(root.url), "isCurrent": .flag(root.index == page.index), "html": .text(html)]
    }

    /// `children` as a list, recursing into those in `open`. Pages are read in place in the tree's
    /// list, field by field: a sidebar has dozens of links, and copying a page copies all its fields.
    private static func list(_ children: [Int], in tree: PageTree, open: Set<Int>, current: Int, into html: inout String) {
        html += "<ul>\n"
        for index in children {
            if tree.pages[index].children.isEmpty {
                html += "<li>"
                link(index, in: tree, current: current, into: &html)
                html += "</li>\n"
            } else if open.contains(index) {
                html += "<li><details open><summary>"
                link(index, in: tree, current: current, into: &html)
                html += "</summary>\n"
                list(tree.pages[index].children, in: tree, open: open, current: current, into: &html)
                html += "</details></li>\n"
            } else {
                html += "<li class=\"branch\">"
                link(index, in: tree, current: current, into: &html)
                html += "</li>\n"
            }
        }
        html += "</ul>\n"
    }

    private static func link(_ index: Int, in tree: PageTree, current: Int, into html: inout String) {
        html += "<a href=\""
        html += HTMLText.escapeAttribute(tree.pages[index].url)
        html += index == current ? "\" aria-current=\"page\">" : "\">"
        html += HTMLText.escapeAttribute(tree.pages[index].title)
        html += "</a>"
    }
}
