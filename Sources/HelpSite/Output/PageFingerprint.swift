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
        // Pages are read in place (`pages.withUnsafeBufferPointer`): copying a `Page` out of the array
        // for each use retains its dozen fields, which at 10,000 pages costs more than the hashing.
        tree.pages.withUnsafeBufferPointer { pages in
            // What a section's page list shows (`sectionNav`) and its child list (`childList`), once per section.
            var navDigest = [Int](repeating: 0, count: pages.count)
            var childDigest = [Int](repeating: 0, count: pages.count)
            for index in pages.indices where !pages[index].children.isEmpty {
                var nav = Hasher(), list = Hasher()
                combine(&nav, pages[index].title)
                combine(&nav, pages[index].url)
                for child in pages[index].children {
                    combine(&nav, pages[child].title)
                    combine(&nav, pages[child].url)
                    nav.combine(pages[child].isSection)
                    combine(&list, pages[child].title)
                    combine(&list, pages[child].url)
                    combine(&list, pages[child].description)
                    list.combine(pages[child].isSection)
                }
                navDigest[index] = nav.finalize()
                childDigest[index] = list.finalize()
            }
            // Breadcrumbs: a page's ancestors' titles and URLs (a parent comes before its children in `pages`).
            var chainDigest = [Int](repeating: 0, count: pages.count)
            var fingerprints = [Int](repeating: 0, count: pages.count)
            for index in pages.indices {
                let parent = pages[index].parent
                var chain = Hasher()
                chain.combine(parent.map { chainDigest[$0] } ?? 0)
                combine(&chain, pages[index].title)
                combine(&chain, pages[index].url)
                chainDigest[index] = chain.finalize()

                var hasher = Hasher()
                hasher.combine(sourceDigests[index])
                combine(&hasher, pages[index].description)
                combine(&hasher, pages[index].updated ?? "")
                hasher.combine(pages[index].isSection)
                hasher.combine(chainDigest[index])
                hasher.combine(parent == nil)
                if pages[index].isSection && !pages[index].children.isEmpty {
                    hasher.combine(navDigest[index])
                    hasher.combine(childDigest[index])
                } else if let parent {
                    hasher.combine(navDigest[parent])
                }
                if let parent {
                    let position = pages[index].siblingPosition
                    let siblingCount = pages[parent].children.count
                    for neighbour in [position - 1, position + 1] where neighbour >= 0 && neighbour < siblingCount {
                        let sibling = pages[parent].children[neighbour]
                        hasher.combine(neighbour - position)
                        combine(&hasher, pages[sibling].title)
                        combine(&hasher, pages[sibling].url)
                    }
                }
                if let byLocale = tree.twins[pages[index].contentPath] {
                    for locale in locales {
                        guard let twin = byLocale[locale.code] else { continue }
                        combine(&hasher, locale.code)
                        combine(&hasher, pages[twin].url)
                    }
                }
                hasher.combine(linkRewrites[index])
                fingerprints[index] = hasher.finalize()
            }
            return fingerprints
        }
    }

    /// Hashes the UTF-8 bytes of `text` (and its length): byte equality is all a change check needs,
    /// and it skips the Unicode normalization `String`'s own hashing does for non-ASCII text.
    private static func combine(_ hasher: inout Hasher, _ text: String) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
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
