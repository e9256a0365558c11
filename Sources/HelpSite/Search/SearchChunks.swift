import Crypto
import Foundation

/// A locale's terms, in key order, cut into the chunk files the browser fetches as a query needs
/// them: `t.<hash>.json`, `{"<key>":[page delta, section, score, …], …}`, named by their content so
/// a browser may keep a chunk forever.
///
/// Where a chunk starts depends only on the term there and the one before it: a term starts one
/// with a chance proportional to the bytes of the term before it (decided by its own hash, so about
/// every `chunkBytes`), and a large term gets a chunk of its own. So an edit that changes some
/// terms' postings changes the chunks around those terms and no others, and the chunks an
/// incremental build patches equal those a clean build cuts.
enum SearchChunks {
    /// One chunk file: its first and last key and its name.
    struct Chunk: Sendable, Equatable {
        let first: SearchKey
        let last: SearchKey
        let name: String
    }

    /// A term and its postings as flat triples (page id, section, score), sorted by page and section.
    struct Entry: Sendable, Equatable {
        let key: SearchKey
        var numbers: [Int32]
    }

    /// A chunk made by this build: its text, to be written.
    struct Cut: Sendable {
        let chunk: Chunk
        let text: String
    }

    /// The size chunks have on average.
    static let chunkBytes = 12_000
    /// A term with postings of about this many bytes or more has a chunk of its own.
    static let largeTermBytes = 8_000

    /// Cuts `entries` (sorted by key; the first always starts a chunk) into chunks.
    static func cut(_ entries: ArraySlice<Entry>) -> [Cut] {
        var cuts: [Cut] = []
        cut(entries) { cuts.append($0) }
        return cuts
    }

    /// Cuts `entries` into chunks, handing each to `each` as soon as it is cut. Each entry is read
    /// once, in order: they may be unpacked as they are read (`SearchIndex.Builder`).
    static func cut(_ entries: some Sequence<Entry>, _ each: (Cut) throws -> Void) rethrows {
        var pending: [Entry] = []
        var previousSize = 0
        for entry in entries {
            let size = Self.size(entry)
            if !pending.isEmpty, startsChunk(entry.key, size: size, previousSize: previousSize) {
                try each(cut(pending))
                pending.removeAll(keepingCapacity: true)
            }
            pending.append(entry)
            previousSize = size
        }
        if !pending.isEmpty { try each(cut(pending)) }
    }

    /// Whether a term starts a chunk, given the size of its postings and of the term before it.
    static func startsChunk(_ key: SearchKey, size: Int, previousSize: Int) -> Bool {
        size >= largeTermBytes || previousSize >= largeTermBytes || Int(key.stableHash % UInt32(chunkBytes)) < previousSize
    }

    /// About the bytes a term takes in its chunk.
    static func size(_ entry: Entry) -> Int {
        entry.key.count + 4 + entry.numbers.count * 3
    }

    private static func cut(_ entries: [Entry]) -> Cut {
        // Keys are letters, digits and marks only (no quote, backslash or control character), so
        // they are written as they are.
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(entries.reduce(2) { $0 + size($1) })
        for entry in entries {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            var key = entry.key.text
            key.withUTF8 { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: "\":[".utf8)
            var previous: Int32 = 0
            var index = 0
            while index + 2 < entry.numbers.count {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(entry.numbers[index] - previous, to: &bytes)
                bytes.append(UInt8(ascii: ","))
                append(entry.numbers[index + 1], to: &bytes)
                bytes.append(UInt8(ascii: ","))
                append(entry.numbers[index + 2], to: &bytes)
                previous = entry.numbers[index]
                index += 3
            }
            bytes.append(UInt8(ascii: "]"))
        }
        bytes.append(UInt8(ascii: "}"))
        let name = "t.\(SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()).json"
        return Cut(chunk: Chunk(first: entries.first!.key, last: entries.last!.key, name: name), text: String(decoding: bytes, as: UTF8.self))
    }

    /// Writes a non-negative number in decimal.
    private static func append(_ number: Int32, to bytes: inout [UInt8]) {
        guard number >= 10 else { return bytes.append(UInt8(ascii: "0") + UInt8(number)) }
        append(number / 10, to: &bytes)
        bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
    }

    /// The entries of a chunk file this program wrote, or nil when `bytes` are not one.
    static func entries(ofChunk bytes: [UInt8]) -> [Entry]? {
        var position = 0
        func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }
        guard take(UInt8(ascii: "{")) else { return nil }
        var entries: [Entry] = []
        if take(UInt8(ascii: "}")) { return position == bytes.count ? entries : nil }
        repeat {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let keyStart = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") { position += 1 }
            let key = SearchKey(units: Array(String(decoding: bytes[keyStart..<position], as: UTF8.self).utf16))
            guard take(UInt8(ascii: "\"")), take(UInt8(ascii: ":")), take(UInt8(ascii: "[")) else { return nil }
            var numbers: [Int32] = []
            var page: Int32 = 0
            while position < bytes.count, bytes[position] != UInt8(ascii: "]") {
                if !numbers.isEmpty { guard take(UInt8(ascii: ",")) else { return nil } }
                var value: Int32 = 0
                let digits = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                    value = value &* 10 &+ Int32(bytes[position] - UInt8(ascii: "0"))
                    position += 1
                }
                guard position > digits else { return nil }
                if numbers.count % 3 == 0 {
                    page += value
                    value = page
                }
                numbers.append(value)
            }
            guard take(UInt8(ascii: "]")), numbers.count % 3 == 0 else { return nil }
            entries.append(Entry(key: key, numbers: numbers))
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), position == bytes.count else { return nil }
        return entries
    }
}
