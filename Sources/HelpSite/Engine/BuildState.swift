import Foundation

/// What the last successful build left in the output folder and what it read to make it, kept in
/// `.helpgen/<output name>/state` beside the output folder so the next `helpgen build` redoes only
/// what changed.
///
/// A state written by another build of helpgen, or one that cannot be read, is no state at all:
/// the next build is then a full one.
struct BuildState: Sendable {
    /// One Markdown file as last parsed.
    final class Source: Sendable {
        /// The file as it was when parsed.
        let stamp: FileStamp
        /// The digest of the callout titles it was parsed with (they are in its HTML).
        let labels: ContentDigest
        /// The digest of its bytes.
        let digest: ContentDigest
        /// What the site graph needs of it.
        let outline: PageOutline
        /// The digest of `outline`, from which the graph's digest is made (`SitePublication.graphDigest`).
        let outlineDigest: ContentDigest
        /// Its body, when this process parsed it and kept it (a state read from disk keeps outlines only).
        let body: ParsedBodies.Kept?
        /// `outline`'s bytes as read from the state, written again as they are; nil for a file this
        /// process parsed (its outline is encoded when the state is saved, not held twice meanwhile).
        let encodedOutline: StateReader?

        convenience init(stamp: FileStamp, labels: ContentDigest, digest: ContentDigest, outline: PageOutline, body: ParsedBodies.Kept?) {
            self.init(
                stamp: stamp, labels: labels, digest: digest, outline: outline, outlineDigest: ContentDigest(of: BuildState.encoded(outline)),
                body: body, encodedOutline: nil
            )
        }

        init(
            stamp: FileStamp, labels: ContentDigest, digest: ContentDigest, outline: PageOutline, outlineDigest: ContentDigest,
            body: ParsedBodies.Kept?, encodedOutline: StateReader?
        ) {
            self.stamp = stamp
            self.labels = labels
            self.digest = digest
            self.outline = outline
            self.outlineDigest = outlineDigest
            self.body = body
            self.encodedOutline = encodedOutline
        }
    }

    /// One file of the output folder.
    struct Output: Sendable, Equatable {
        /// The digest of everything it was rendered from (nil for files rendered on every run).
        let input: ContentDigest?
        /// The digest of its bytes.
        let bytes: ContentDigest
        /// The file as written.
        let stamp: FileStamp
    }

    /// Sources by path (as `ContentFolder` lists them).
    var sources: [String: Source] = [:]
    /// The digest of everything but the pages' bodies: the inputs and every page's outline
    /// (`SitePublication.graphDigest`). While it stays the same, so does every page's navigation.
    var graph: ContentDigest?
    /// Outputs by path inside the output folder.
    var outputs: [String: Output] = [:]
    /// The pages the search step analysed, while this process has them (saved in a file of their own,
    /// `StateFolder.loadSearchPages`, not in the state).
    var searchPages: SearchPages?
    /// What each locale's search index was made of, by locale code.
    var searchLayouts: [String: SearchLayout] = [:]
    /// The page tree and resolved links the output was made from.
    var checkedGraph: CheckedGraph?

    /// Changes whenever the state's layout or the meaning of what it records changes.
    static let format = "helpgen build state 8"

    /// Which program wrote a state: its format and the executable's own stamp, so a rebuilt helpgen
    /// (whose parsing or rendering may differ) starts over.
    static let identity: String = {
        let executable = FileStamp(path: "/proc/self/exe") ?? Bundle.main.executablePath.flatMap { FileStamp(path: $0) }
        return format + " " + (executable.map { "\($0.inode) \($0.size) \($0.modified)" } ?? "unknown")
    }()

    /// Every field of `outline`, as the state keeps it (and as its digest is made).
    static func encoded(_ outline: PageOutline) -> [UInt8] {
        var writer = StateWriter(capacity: 1024)
        write(outline, to: &writer)
        return writer.bytes
    }

    /// Writes every field of `outline`.
    static func write(_ outline: PageOutline, to writer: inout StateWriter) {
        writer.add(outline.locale)
        writer.add(outline.contentPath)
        writer.add(outline.file)
        let matter = outline.matter
        writer.add(matter.title)
        writer.add(matter.slug)
        writer.add(matter.order)
        writer.add(matter.description)
        writer.add(matter.updated)
        writer.add(matter.draft)
        writer.add(matter.search)
        writer.add(matter.searchWeight.bitPattern)
        writer.add(matter.toc)
        writer.add(matter.aliases.count)
        for alias in matter.aliases {
            writer.add(alias.path)
            writer.add(alias.line)
        }
        writer.add(outline.bodyLine)
        writer.add(outline.headings.count)
        for heading in outline.headings {
            writer.add(heading.id)
            writer.add(heading.text)
            writer.add(heading.level)
            writer.add(heading.line)
        }
        writer.add(outline.links.count)
        for link in outline.links {
            writer.add(link.destination)
            writer.add(link.line)
        }
        writer.add(outline.images.count)
        for image in outline.images {
            writer.add(image.destination)
            writer.add(image.alt)
            writer.add(image.title)
            writer.add(image.line)
        }
        writer.add(outline.leadSummary)
    }

    private static func readAliases(_ reader: inout StateReader) -> [FrontMatter.Alias]? {
        guard let count = reader.count() else { return nil }
        var aliases: [FrontMatter.Alias] = []
        for _ in 0..<count {
            guard let path = reader.string(), let line = reader.int() else { return nil }
            aliases.append(FrontMatter.Alias(path: path, line: line))
        }
        return aliases
    }

    static func readOutline(_ reader: inout StateReader) -> PageOutline? {
        guard let locale = reader.string(), let contentPath = reader.string(), let file = reader.string(),
              let title = reader.string(), let slug = reader.optionalString(), let order = reader.optionalInt(),
              let description = reader.optionalString(), let updated = reader.optionalString(), let draft = reader.bool(),
              let search = reader.bool(), let searchWeight = reader.uint64().map(Double.init(bitPattern:)), let toc = reader.bool(),
              let aliases = readAliases(&reader), let bodyLine = reader.int(), let headingCount = reader.count()
        else { return nil }
        var headings: [HeadingAnchor] = []
        for _ in 0..<headingCount {
            guard let id = reader.string(), let text = reader.string(), let level = reader.int(), let line = reader.int() else { return nil }
            headings.append(HeadingAnchor(id: id, text: text, level: level, line: line))
        }
        guard let linkCount = reader.count() else { return nil }
        var links: [LinkOccurrence] = []
        for _ in 0..<linkCount {
            guard let destination = reader.string(), let line = reader.int() else { return nil }
            links.append(LinkOccurrence(destination: destination, line: line))
        }
        guard let imageCount = reader.count() else { return nil }
        var images: [ImageOccurrence] = []
        for _ in 0..<imageCount {
            guard let destination = reader.string(), let alt = reader.string(), let title = reader.string(), let line = reader.int() else { return nil }
            images.append(ImageOccurrence(destination: destination, alt: alt, title: title, line: line))
        }
        guard let leadSummary = reader.optionalString() else { return nil }
        var matter = FrontMatter(title: title, draft: draft)
        matter.slug = slug
        matter.order = order
        matter.description = description
        matter.updated = updated
        matter.search = search
        matter.searchWeight = searchWeight
        matter.toc = toc
        matter.aliases = aliases
        return PageOutline(
            locale: locale, contentPath: contentPath, file: file, matter: matter, bodyLine: bodyLine,
            headings: headings, links: links, images: images, leadSummary: leadSummary
        )
    }
}
