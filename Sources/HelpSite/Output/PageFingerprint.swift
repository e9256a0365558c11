/// For every page, a hash of everything its HTML is made from that can change while `helpgen watch`
/// runs: its own fields and source bytes, its breadcrumbs, its section's page list, its child list,
/// previous/next, its translations' URLs and the URLs its links were rewritten to.
///
/// Two rebuilds compare the hashes page by page: a page is rendered again only when its hash
/// changed, so editing a page's title re-renders the pages that show that title and no others.
/// (What every page shows — config, translations, templates, assets — re-renders all pages.)
/// `Hasher` is seeded once per process, which is all a comparison within one `watch` needs.
enum PageFingerprint {
    /// One hash per page of `tree`, in page order.
    /// - Parameters:
    ///   - sourceDigests: a hash of each page's source file bytes (0 for a section without `_index.md`).
    ///   - linkRewrites: the URLs each page's links resolve to, in order.
    static func all(tree: PageTree, locales: [SiteConfig.Locale], sourceDigests: [Int], linkRewrites: [[String]]) -> [Int] {
        let pages = tree.pages
        // What a section's page list shows (`sectionNav`) and its child list (`childList`), once per section.
        var navDigest = [Int](repeating: 0, count: pages.count)
        var childDigest = [Int](repeating: 0, count: pages.count)
        for page in pages where !page.children.isEmpty {
            var nav = Hasher(), list = Hasher()
            nav.combine(page.title)
            nav.combine(page.url)
            for child in page.children.map({ pages[$0] }) {
                nav.combine(child.title)
                nav.combine(child.url)
                nav.combine(child.isSection)
                list.combine(child.title)
                list.combine(child.url)
                list.combine(child.description)
                list.combine(child.isSection)
            }
            navDigest[page.index] = nav.finalize()
            childDigest[page.index] = list.finalize()
        }
        // Breadcrumbs: a page's ancestors' titles and URLs (a parent comes before its children in `pages`).
        var chainDigest = [Int](repeating: 0, count: pages.count)
        var fingerprints = [Int](repeating: 0, count: pages.count)
        for page in pages {
            var chain = Hasher()
            chain.combine(page.parent.map { chainDigest[$0] } ?? 0)
            chain.combine(page.title)
            chain.combine(page.url)
            chainDigest[page.index] = chain.finalize()

            var hasher = Hasher()
            hasher.combine(sourceDigests[page.index])
            hasher.combine(page.description)
            hasher.combine(page.updated)
            hasher.combine(page.isSection)
            hasher.combine(chainDigest[page.index])
            hasher.combine(page.parent == nil)
            if page.isSection && !page.children.isEmpty {
                hasher.combine(navDigest[page.index])
                hasher.combine(childDigest[page.index])
            } else if let parent = page.parent {
                hasher.combine(navDigest[parent])
            }
            if let parent = page.parent {
                let siblings = pages[parent].children
                let position = page.siblingPosition
                for neighbour in [position - 1, position + 1] where siblings.indices.contains(neighbour) {
                    hasher.combine(neighbour - position)
                    hasher.combine(pages[siblings[neighbour]].title)
                    hasher.combine(pages[siblings[neighbour]].url)
                }
            }
            for twin in tree.twins(of: page, locales: locales) {
                hasher.combine(twin.locale)
                hasher.combine(twin.url)
            }
            hasher.combine(linkRewrites[page.index])
            fingerprints[page.index] = hasher.finalize()
        }
        return fingerprints
    }

    /// A hash of what `sitemap.xml` lists: every page's URL, date and translations (their URLs are in the list too).
    static func sitemap(tree: PageTree) -> Int {
        var hasher = Hasher()
        for page in tree.pages {
            hasher.combine(page.locale)
            hasher.combine(page.contentPath)
            hasher.combine(page.url)
            hasher.combine(page.updated)
        }
        return hasher.finalize()
    }
}
