import Foundation

/// What the last successful build left in the output folder and what it read to make it, kept in
/// `.helpgen/<output name>/state` beside the output folder so the next `helpgen build` redoes only
/// what changed.
///
/// A state written by another build of helpgen, or one that cannot be read, is no state at all:
/// the next build is then a full one.
struct BuildState: Sendable {
    /// One Markdown file as last parsed.
    struct Source: Sendable {
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
        /// Its body, when this process parsed it (a state read from disk keeps outlines only).
        let body: PageBodyHTML?
        /// `outline`'s bytes in the state, written again as they are.
        let encodedOutline: StateReader

        init(stamp: FileStamp, labels: ContentDigest, digest: ContentDigest, outline: PageOutline, body: PageBodyHTML?) {
            var writer = StateWriter()
            BuildState.write(outline, to: &writer)
            self.init(
                stamp: stamp, labels: labels, digest: digest, outline: outline, outlineDigest: ContentDigest(of: writer.bytes),
                body: body, encodedOutline: StateReader(writer.bytes)
            )
        }

        init(
            stamp: FileStamp, labels: ContentDigest, digest: ContentDigest, outline: PageOutline, outlineDigest: ContentDigest,
            body: PageBodyHTML?, encodedOutline: StateReader
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
    private static let format = "helpgen build state 7"

    /// Which program wrote a state: its format and the executable's own stamp, so a rebuilt helpgen
    /// (whose parsing or rendering may differ) starts over.
    static let identity: String = {
        let executable = FileStamp(path: "/proc/self/exe") ?? Bundle.main.executablePath.flatMap { FileStamp(path: $0) }
        return format + " " + (executable.map { "\($0.inode) \($0.size) \($0.modified)" } ?? "unknown")
    }()

    /// The state's bytes (sources and outputs in no particular order: they are read into dictionaries).
    func encoded() -> [UInt8] {
        var writer = StateWriter(capacity: sources.count * 1536 + outputs.count * 128)
        writer.add(Self.identity)
        writer.add(graph != nil)
        if let graph { writer.add(graph) }
        // The graph comes first: `decoded` decodes it on a thread of its own while it reads the rest.
        writer.add(checkedGraph != nil)
        checkedGraph?.write(to: &writer)
        writer.add(sources.count)
        for (path, source) in sources {
            writer.add(path)
            writer.add(source.stamp)
            writer.add(source.labels)
            writer.add(source.digest)
            writer.add(source.outlineDigest)
            writer.add(unread: source.encodedOutline)
        }
        writer.add(outputs.count)
        for (path, output) in outputs {
            writer.add(path)
            writer.add(output.input != nil)
            if let input = output.input { writer.add(input) }
            writer.add(output.bytes)
            writer.add(output.stamp)
        }
        writer.add(searchLayouts.count)
        for (locale, layout) in searchLayouts.sorted(by: { $0.key < $1.key }) {
            writer.add(locale)
            layout.write(to: &writer)
        }
        return writer.bytes
    }

    /// The state written as `bytes` by this same program, or nil.
    static func decoded(_ bytes: [UInt8]) -> BuildState? {
        decoded(StateBytes(bytes))
    }

    /// The state written as `bytes` by this same program, or nil.
    static func decoded(_ bytes: StateBytes) -> BuildState? {
        var reader = StateReader(bytes)
        guard reader.string() == identity, let hasGraph = reader.bool() else { return nil }
        var state = BuildState()
        state.graph = hasGraph ? reader.digest() : nil
        guard hasGraph == (state.graph != nil), let hasCheckedGraph = reader.bool() else { return nil }
        var checkedGraph: BackgroundValue<CheckedGraph.Decoded?>?
        if hasCheckedGraph {
            guard let block = CheckedGraph.block(&reader) else { return nil }
            checkedGraph = BackgroundValue { CheckedGraph.decode(block) }
        }
        guard let sourceCount = reader.count() else { return nil }
        state.sources.reserveCapacity(sourceCount)
        for _ in 0..<sourceCount {
            guard let path = reader.string(), let stamp = reader.stamp(), let labels = reader.digest(),
                  let digest = reader.digest(), let outlineDigest = reader.digest(), let outline = reader.recording(readOutline)
            else { return nil }
            state.sources[path] = Source(
                stamp: stamp, labels: labels, digest: digest, outline: outline.value, outlineDigest: outlineDigest, body: nil,
                encodedOutline: outline.bytes
            )
        }
        guard let outputCount = reader.count() else { return nil }
        state.outputs.reserveCapacity(outputCount)
        for _ in 0..<outputCount {
            guard let path = reader.string(), let hasInput = reader.bool() else { return nil }
            let input = hasInput ? reader.digest() : nil
            guard !hasInput || input != nil, let bytes = reader.digest(), let stamp = reader.stamp() else { return nil }
            state.outputs[path] = Output(input: input, bytes: bytes, stamp: stamp)
        }
        guard let layoutCount = reader.count() else { return nil }
        for _ in 0..<layoutCount {
            guard let locale = reader.string(), let layout = SearchLayout.read(&reader) else { return nil }
            state.searchLayouts[locale] = layout
        }
        guard reader.isAtEnd else { return nil }
        if let checkedGraph {
            let sources = state.sources
            guard let decoded = checkedGraph.value, let graph = CheckedGraph(decoded, outline: { sources[$0]?.outline }) else { return nil }
            state.checkedGraph = graph
        }
        return state
    }

    /// Writes every field of `outline` (also what `SitePublication.graphDigest` digests).
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

    private static func readOutline(_ reader: inout StateReader) -> PageOutline? {
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
