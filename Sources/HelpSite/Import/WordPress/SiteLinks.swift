import Foundation

/// Where the links and images of imported pages point: links to imported pages become relative
/// `.md` links (the build checks them), anchors are mapped onto the ids the generator gives headings.
struct SiteLinks {
    /// The placed pages.
    let pages: [PlacedPage]
    /// For each page, its headings' WordPress ids (and named anchors before them) → the generator's id.
    let anchors: [[String: String]]
    /// For each page, the ids the generator gives its headings.
    let headingIDs: [Set<String>]
    private let hosts: Set<String>
    private let byURL: [String: Int]
    private let byID: [Int: Int]

    /// Prepares links among `pages`, whose parsed HTML is `trees` (same order), converted with `callouts`.
    init(pages: [PlacedPage], trees: [[HTMLNode]], callouts: [String: String]) {
        self.pages = pages
        var anchors: [[String: String]] = []
        var headingIDs: [Set<String>] = []
        for tree in trees {
            // The ids come from the Markdown the page becomes, read as the generator reads it; a first
            // conversion (links as written, which leaves every heading's text as it will be) gives it.
            let draft = MarkdownConverter(callouts: callouts, link: { .write($0) }, image: { $0 }).convert(tree)
            var generator = HeadingIDs()
            let ids = CommonMarkTree(markdown: draft.markdown).assignHeadingIDs { generator.id(for: $0) }.map(\.id)
            var map: [String: String] = [:]
            for (wordPressIDs, id) in zip(draft.headingAnchors, ids) {
                for name in wordPressIDs where map[name] == nil { map[name] = id }
            }
            anchors.append(map)
            headingIDs.append(Set(ids))
        }
        self.anchors = anchors
        self.headingIDs = headingIDs
        hosts = Set(pages.compactMap { $0.page.link.host?.lowercased() })
        var byURL: [String: Int] = [:]
        for (index, placed) in pages.enumerated() {
            byURL[TranslationGroups.normalized(placed.page.link.absoluteString)] = index
        }
        // A page's first address (`guid`) is known too when it is a path (`?p=` links are found by id),
        // unless it is another page's link.
        for (index, placed) in pages.enumerated() {
            if let guid = placed.page.guid, let parts = URLComponents(string: guid), parts.query == nil, parts.path.count > 1,
               byURL[TranslationGroups.normalized(guid)] == nil {
                byURL[TranslationGroups.normalized(guid)] = index
            }
        }
        self.byURL = byURL
        byID = Dictionary(pages.enumerated().map { ($1.page.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Where `href`, written in page `index`, goes.
    func target(_ href: String, from index: Int) -> LinkTarget {
        if href.hasPrefix("#") {
            let anchor = String(href.dropFirst())
            return localAnchor(anchor, in: index).map { .write("#" + $0) } ?? .missingAnchor
        }
        guard let url = URL(string: href, relativeTo: pages[index].page.link)?.absoluteURL,
              let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host?.lowercased(), hosts.contains(host)
        else { return .write(href) }
        if url.path.contains("/wp-content/") { return .upload(url.absoluteString) }
        let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        let queryID = components?.queryItems?.first { ["p", "page_id"].contains($0.name) }?.value.flatMap(Int.init)
        let found = queryID.flatMap { byID[$0] } ?? byURL[TranslationGroups.normalized(url.absoluteString)]
        // The generator checks links inside one locale; a link to another locale's page stays absolute.
        guard let target = found, pages[target].locale == pages[index].locale else {
            return .notImported(url.absoluteString)
        }
        let destination = Self.relative(from: pages[index].contentPath, to: pages[target].contentPath)
        guard let fragment = url.fragment, !fragment.isEmpty else { return .write(destination) }
        if let mapped = localAnchor(fragment, in: target) { return .write(destination + "#" + mapped) }
        return .droppedAnchor(destination, anchor: fragment)
    }

    /// An image's `src` as an absolute URL (relative ones resolved against the page's old address).
    func imageURL(_ source: String, from index: Int) -> String {
        URL(string: source, relativeTo: pages[index].page.link)?.absoluteURL.absoluteString ?? source
    }

    private func localAnchor(_ anchor: String, in index: Int) -> String? {
        let decoded = anchor.removingPercentEncoding ?? anchor
        if let mapped = anchors[index][decoded] { return mapped }
        return headingIDs[index].contains(decoded) ? decoded : nil
    }

    /// The relative link from the file at `from` to the file at `to` (both paths inside a locale folder).
    static func relative(from: String, to: String) -> String {
        var fromFolders = from.split(separator: "/").dropLast().map(String.init)
        var target = to.split(separator: "/").map(String.init)
        while let first = fromFolders.first, target.count > 1, target.first == first {
            fromFolders.removeFirst()
            target.removeFirst()
        }
        return String(repeating: "../", count: fromFolders.count) + target.joined(separator: "/")
    }
}
