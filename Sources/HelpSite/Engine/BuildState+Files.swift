import Foundation

/// The build state as two files of the state folder: `state`, which every build rewrites (each
/// Markdown file's stamp and digests, each output's record, the search layouts), and `outlines`
/// (each file's outline and the checked graph), which is rewritten only when they change: at
/// 10,000 pages it is most of the bytes, and an edit of a page's body leaves it as it was.
///
/// `state` names the `outlines` it goes with by its key (the checked graph's); a pair that does not
/// match, as after a build stopped between the two writes, is no state at all.
extension BuildState {
    /// The bytes of the two files.
    struct Encoded {
        let state: [UInt8]
        let outlines: [UInt8]
    }

    /// The key of the outlines file of this state: its checked graph's key, which covers every
    /// file's path and outline (an empty digest without a graph).
    var outlinesKey: ContentDigest { checkedGraph?.key ?? ContentDigest(of: [UInt8]()) }

    /// The `state` file's bytes (sources and outputs in no particular order: they are read into dictionaries).
    func encodedState() -> [UInt8] {
        var writer = StateWriter(capacity: sources.count * 256 + outputs.count * 128)
        writer.add(Self.identity)
        writer.add(outlinesKey)
        writer.add(graph != nil)
        if let graph { writer.add(graph) }
        writer.add(sources.count)
        for (path, source) in sources {
            writer.add(path)
            writer.add(source.stamp)
            writer.add(source.labels)
            writer.add(source.digest)
            writer.add(source.outlineDigest)
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

    /// The `outlines` file's bytes: its key, the checked graph (first: `decoded` decodes it on a
    /// thread of its own), then each file's outline.
    func encodedOutlines() -> [UInt8] {
        var bytes: [UInt8] = []
        encodeOutlines(piecesOf: .max) { bytes += $0 }
        return bytes
    }

    /// The `outlines` file's bytes handed to `write` in pieces of about `size` bytes: at 100,000
    /// pages the file is about 150 MB, which a build need not hold at once.
    func encodeOutlines(piecesOf size: Int, _ write: ([UInt8]) throws -> Void) rethrows {
        var writer = StateWriter(capacity: min(size, 1 << 20) + (1 << 16))
        writer.add(Self.identity)
        writer.add(outlinesKey)
        writer.add(checkedGraph != nil)
        checkedGraph?.write(to: &writer)
        writer.add(sources.count)
        for (path, source) in sources {
            if writer.bytes.count >= size {
                try write(writer.bytes)
                writer = StateWriter(capacity: min(size, 1 << 20) + (1 << 16))
            }
            writer.add(path)
            if let encoded = source.encodedOutline {
                writer.add(block: encoded)
            } else {
                writer.add(block: Self.encoded(source.outline))
            }
        }
        try write(writer.bytes)
    }

    /// Both files' bytes.
    func encoded() -> Encoded {
        Encoded(state: encodedState(), outlines: encodedOutlines())
    }

    /// The key an `outlines` file written by this same program starts with, or nil.
    static func outlinesKey(of outlines: StateBytes) -> ContentDigest? {
        var reader = StateReader(outlines)
        guard reader.string() == identity else { return nil }
        return reader.digest()
    }

    /// The state written as these files by this same program, or nil.
    static func decoded(_ files: Encoded) -> BuildState? {
        decoded(state: StateBytes(files.state), outlines: StateBytes(files.outlines))
    }

    /// The state written as these files by this same program, or nil. The outlines are decoded
    /// on a thread of their own, and the checked graph on another, while `state` is.
    static func decoded(state bytes: StateBytes, outlines: StateBytes) -> BuildState? {
        var outlineReader = StateReader(outlines)
        guard outlineReader.string() == identity, let key = outlineReader.digest(), let hasCheckedGraph = outlineReader.bool() else {
            return nil
        }
        var checkedGraph: BackgroundValue<CheckedGraph.Decoded?>?
        if hasCheckedGraph {
            guard let block = outlineReader.block() else { return nil }
            checkedGraph = BackgroundValue { CheckedGraph.decode(block) }
        }
        let remaining = outlineReader
        let decodedOutlines = BackgroundValue { decodeOutlines(remaining) }

        var reader = StateReader(bytes)
        guard reader.string() == identity, reader.digest() == key, let hasGraph = reader.bool() else { return nil }
        var state = BuildState()
        state.graph = hasGraph ? reader.digest() : nil
        guard hasGraph == (state.graph != nil), let sourceCount = reader.count() else { return nil }
        var parts: [(path: String, stamp: FileStamp, labels: ContentDigest, digest: ContentDigest, outlineDigest: ContentDigest)] = []
        parts.reserveCapacity(sourceCount)
        for _ in 0..<sourceCount {
            guard let path = reader.string(), let stamp = reader.stamp(), let labels = reader.digest(),
                  let digest = reader.digest(), let outlineDigest = reader.digest()
            else { return nil }
            parts.append((path, stamp, labels, digest, outlineDigest))
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
        guard reader.isAtEnd, let outlines = decodedOutlines.value, outlines.count == parts.count else { return nil }
        state.sources.reserveCapacity(parts.count)
        for part in parts {
            guard let outline = outlines[part.path] else { return nil }
            state.sources[part.path] = Source(
                stamp: part.stamp, labels: part.labels, digest: part.digest, outline: outline.value, outlineDigest: part.outlineDigest,
                body: nil, encodedOutline: outline.bytes
            )
        }
        if let checkedGraph {
            let sources = state.sources
            guard let decoded = checkedGraph.value, let graph = CheckedGraph(decoded, outline: { sources[$0]?.outline }) else { return nil }
            state.checkedGraph = graph
        }
        return state
    }

    /// Each file's outline, with its bytes, from the `outlines` file after its graph; nil when the bytes are wrong.
    private static func decodeOutlines(_ start: StateReader) -> [String: (value: PageOutline, bytes: StateReader)]? {
        var reader = start
        guard let count = reader.count() else { return nil }
        var outlines: [String: (value: PageOutline, bytes: StateReader)] = [:]
        outlines.reserveCapacity(count)
        for _ in 0..<count {
            guard let path = reader.string(), var block = reader.block(), let outline = block.recording(readOutline), block.isAtEnd
            else { return nil }
            outlines[path] = outline
        }
        return reader.isAtEnd ? outlines : nil
    }
}
