import Foundation

/// Resolves the links written in a page: `other.md`, `../x/_index.md#anchor` and `#anchor` become
/// URLs of built pages; anything else (absolute URLs, `mailto:`, `/paths`) is left as written.
struct LinkResolver: Sendable {
    /// What became of one link.
    enum Outcome: Equatable {
        /// Not a link to a page (an external URL, say): keep it.
        case keep
        /// A link to a page: use this URL.
        case rewrite(String)
        /// A link to a page or heading that does not exist.
        case broken(String)
    }

    let tree: PageTree

    /// Resolves `destination` written in `page`.
    func resolve(_ destination: String, from page: Page) -> Outcome {
        if destination.isEmpty { return .keep }
        let hash = destination.utf8.firstIndex(of: UInt8(ascii: "#"))
        let path = hash.map { String(destination[..<$0]) } ?? destination
        let fragment = hash.map { String(destination[destination.utf8.index(after: $0)...]) }
        if path.isEmpty {
            guard let fragment else { return .keep }
            return page.anchors.contains(Self.decoded(fragment))
                ? .keep
                : .broken("the link \"\(destination)\" points to no heading of this page (its ids: \(Self.list(page.anchors)))")
        }
        guard Self.isPageLink(destination) else { return .keep }
        let decodedPath = Self.decoded(path)
        guard let contentPath = Self.join(folder: page.contentPath, relative: decodedPath),
              let targetIndex = tree.page(locale: page.locale, contentPath: contentPath)
        else { return .broken("the link \"\(destination)\" points to no page") }
        // Read in place: copying a `Page` out of the array retains its dozen fields.
        guard let fragment else { return .rewrite(tree.pages[targetIndex].url) }
        guard tree.pages[targetIndex].anchors.contains(Self.decoded(fragment)) else {
            return .broken("the link \"\(destination)\" points to no heading \"#\(fragment)\" in \(tree.pages[targetIndex].file ?? tree.pages[targetIndex].url)")
        }
        return .rewrite(tree.pages[targetIndex].url + "#" + fragment)
    }

    /// True when `destination` names a Markdown page (`other.md`, `../x/_index.md#anchor`): such a
    /// link becomes that page's URL or is broken; every other link is kept as written.
    static func isPageLink(_ destination: String) -> Bool {
        let bytes = destination.utf8
        let path = bytes[..<(bytes.firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex)]
        guard let first = path.first, first != UInt8(ascii: "/"), !path.contains(UInt8(ascii: ":")) else { return false }
        guard !path.contains(UInt8(ascii: "%")) else { return decoded(String(destination[..<path.endIndex])).hasSuffix(".md") }
        return path.count >= 3 && path.suffix(3).elementsEqual(".md".utf8)
    }

    /// `relative` seen from the file at `folder`'s path; nil when it climbs above the locale folder.
    /// (Worked on the UTF-8 bytes: every link of every page passes here.)
    static func join(folder filePath: String, relative: String) -> String? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var path = Array(filePath.utf8)
        path.removeSubrange((path.lastIndex(of: slash) ?? 0)...)
        let steps = Array(relative.utf8)
        var start = 0
        while start < steps.count {
            let end = steps[start...].firstIndex(of: slash) ?? steps.count
            defer { start = end + 1 }
            switch end - start {
            case 0: continue
            case 1 where steps[start] == dot: continue
            case 2 where steps[start] == dot && steps[start + 1] == dot:
                guard !path.isEmpty else { return nil }
                path.removeSubrange((path.lastIndex(of: slash) ?? 0)...)
            default:
                if !path.isEmpty { path.append(slash) }
                path.append(contentsOf: steps[start..<end])
            }
        }
        return String(decoding: path, as: UTF8.self)
    }

    static func decoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        return text.removingPercentEncoding ?? text
    }

    private static func list(_ anchors: [String]) -> String {
        guard !anchors.isEmpty else { return "none" }
        let shown = anchors.sorted().prefix(8).map { "#" + $0 }.joined(separator: ", ")
        return anchors.count > 8 ? shown + ", … \(anchors.count - 8) more" : shown
    }
}
