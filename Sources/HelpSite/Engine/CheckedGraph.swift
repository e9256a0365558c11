/// The site graph of a check that found nothing wrong: the page tree and what every page's links
/// resolve to, with the key of what they were made from (`SiteEngine.SiteRead.graphKey`: the
/// config, the templates, the commit dates and every page's outline, in order).
///
/// The build state keeps it, so a build whose key is the last one's (an edit of a page's text, or
/// nothing at all) takes the tree and links as they are instead of assembling and resolving them
/// again; `watch` keeps it in memory the same way.
struct CheckedGraph: Sendable {
    let key: ContentDigest
    let tree: PageTree
    /// What each page's links resolve to, in page order (no problems: the check found none).
    let links: [PageBody.LinkCheck]
    /// The bytes it was read from, written back as they are.
    private let readBytes: StateReader?

    init(key: ContentDigest, tree: PageTree, links: [PageBody.LinkCheck]) {
        self.init(key: key, tree: tree, links: links, readBytes: nil)
    }

    private init(key: ContentDigest, tree: PageTree, links: [PageBody.LinkCheck], readBytes: StateReader?) {
        self.key = key
        self.tree = tree
        self.links = links
        self.readBytes = readBytes
    }

    /// Writes the graph as one block: its length, then its bytes.
    func write(to writer: inout StateWriter) {
        if let readBytes {
            writer.add(block: readBytes)
            return
        }
        var block = StateWriter(capacity: tree.pages.count * 256)
        block.add(key)
        block.add(varint: tree.pages.count)
        for page in tree.pages { Self.write(page, to: &block) }
        block.add(varint: tree.homes.count)
        for (locale, home) in tree.homes.sorted(by: { $0.key < $1.key }) {
            block.add(shortText: locale)
            block.add(varint: home)
        }
        block.add(varint: tree.redirects.count)
        for redirect in tree.redirects {
            block.add(shortText: redirect.url)
            block.add(varint: redirect.target)
        }
        for check in links {
            block.add(varint: check.rewrites.count)
            for url in check.rewrites { block.add(shortText: url) }
        }
        writer.add(block: block.bytes)
    }

    /// A block `write(to:)` wrote, decoded but for the pages' outlines, which are the state's
    /// sources': so it can be decoded on a thread of its own while the sources are.
    struct Decoded: Sendable {
        fileprivate let key: ContentDigest
        fileprivate let pages: [Page]
        fileprivate let homes: [String: Int]
        fileprivate let redirects: [PageTree.Redirect]
        fileprivate let links: [PageBody.LinkCheck]
        fileprivate let block: StateReader
    }

    /// Decodes the block `write(to:)` wrote (`StateReader.block()`); nil when its bytes are wrong.
    static func decode(_ block: StateReader) -> Decoded? {
        var body = block
        guard let key = body.digest(), let pageCount = body.varint(), pageCount <= block.unreadCount else { return nil }
        var pages: [Page] = []
        pages.reserveCapacity(pageCount)
        for index in 0..<pageCount {
            guard let page = readPage(&body, index: index) else { return nil }
            pages.append(page)
        }
        guard let homeCount = body.varint() else { return nil }
        var homes: [String: Int] = [:]
        for _ in 0..<homeCount {
            guard let locale = body.shortText(), let home = body.varint(), home < pageCount else { return nil }
            homes[locale] = home
        }
        guard let redirectCount = body.varint() else { return nil }
        var redirects: [PageTree.Redirect] = []
        for _ in 0..<redirectCount {
            guard let url = body.shortText(), let target = body.varint(), target < pageCount else { return nil }
            redirects.append(PageTree.Redirect(url: url, target: target))
        }
        var links: [PageBody.LinkCheck] = []
        links.reserveCapacity(pageCount)
        for _ in 0..<pageCount {
            guard let count = body.varint() else { return nil }
            var rewrites: [String] = []
            for _ in 0..<count {
                guard let url = body.shortText() else { return nil }
                rewrites.append(url)
            }
            links.append(PageBody.LinkCheck(rewrites: rewrites))
        }
        guard body.isAtEnd else { return nil }
        return Decoded(key: key, pages: pages, homes: homes, redirects: redirects, links: links, block: block)
    }

    /// The graph of a decoded block, each page's outline that of its file (`outline`); nil when a
    /// page's file has none.
    init?(_ decoded: Decoded, outline: (String) -> PageOutline?) {
        guard let tree = PageTree(pages: decoded.pages, homes: decoded.homes, redirects: decoded.redirects, outline: outline) else {
            return nil
        }
        self.init(key: decoded.key, tree: tree, links: decoded.links, readBytes: decoded.block)
    }

    private static func write(_ page: Page, to writer: inout StateWriter) {
        writer.add(shortText: page.locale)
        writer.add(shortText: page.contentPath)
        writer.add(optionalShortText: page.file)
        writer.add(shortText: page.title)
        writer.add(shortText: page.description)
        writer.add(optionalShortText: page.updated)
        writer.add(page.order)
        writer.add(page.isSection)
        writer.add(shortText: page.url)
        writer.add(optionalVarint: page.parent)
        writer.add(varint: page.children.count)
        for child in page.children { writer.add(varint: child) }
        writer.add(varint: page.siblingPosition)
        writer.add(varint: page.anchors.count)
        for anchor in page.anchors { writer.add(shortText: anchor) }
        writer.add(optionalVarint: page.fallbackOf)
    }

    private static func readPage(_ reader: inout StateReader, index: Int) -> Page? {
        guard let locale = reader.shortText(), let contentPath = reader.shortText(), let file = reader.optionalShortText(),
              let title = reader.shortText(), let description = reader.shortText(), let updated = reader.optionalShortText(),
              let order = reader.optionalInt(), let isSection = reader.bool(), let url = reader.shortText(),
              let parent = reader.optionalVarint(), let childCount = reader.varint()
        else { return nil }
        var children: [Int] = []
        for _ in 0..<childCount {
            guard let child = reader.varint() else { return nil }
            children.append(child)
        }
        guard let siblingPosition = reader.varint(), let anchorCount = reader.varint() else { return nil }
        var anchors: [String] = []
        for _ in 0..<anchorCount {
            guard let anchor = reader.shortText() else { return nil }
            anchors.append(anchor)
        }
        guard let fallbackOf = reader.optionalVarint() else { return nil }
        return Page(
            index: index, locale: locale, contentPath: contentPath, file: file, title: title, description: description,
            updated: updated, order: order, isSection: isSection, url: url, parent: parent, children: children,
            siblingPosition: siblingPosition, anchors: anchors, fallbackOf: fallbackOf
        )
    }
}

extension StateWriter {
    /// An optional short text: a flag, then the text.
    mutating func add(optionalShortText text: String?) {
        add(text != nil)
        if let text { add(shortText: text) }
    }

    /// An optional non-negative number: a flag, then the varint.
    mutating func add(optionalVarint number: Int?) {
        add(number != nil)
        if let number { add(varint: number) }
    }
}

extension StateReader {
    /// A text written by `add(optionalShortText:)`: `.some(nil)` when none was written, nil when the bytes are wrong.
    mutating func optionalShortText() -> String?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        return shortText().map { .some($0) }
    }

    /// A number written by `add(optionalVarint:)`: `.some(nil)` when none was written, nil when the bytes are wrong.
    mutating func optionalVarint() -> Int?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        return varint().map { .some($0) }
    }
}
