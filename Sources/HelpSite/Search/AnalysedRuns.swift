import Foundation

/// What one thread has learnt of the text it analysed (kept in its `AnalysisScratch`): the keys each
/// run of text counts for, and every key numbered in the order first seen. Pages repeat their words,
/// and a site its vocabulary, so each distinct run is analysed about once, and a page's terms are
/// counted by number, in arrays, rather than by key in dictionaries (`PageTerms`).
///
/// Runs are found by their bytes (`SearchAnalyzer.RunBytes`) in a table of their own: open
/// addressing over a hash of the bytes, the bytes kept in one array. A run seen before costs a hash
/// and a comparison, not a `String` and a `Run`.
struct AnalysedRuns {
    /// One token as numbers of `key(_:)`: its term and its pieces.
    struct Keys {
        let term: Int32
        let pieces: [Int32]
    }

    /// Runs kept at most; then the thread starts again (a long `watch` sees ever more text).
    static let limit = 100_000

    /// A run seen: where its bytes are in `text`, what tells it from the same bytes in another kind
    /// of run, and its tokens' keys.
    private struct Seen {
        let hash: UInt64
        let start: Int
        let count: Int
        let kind: UInt8
        let keys: [Keys]
    }

    private var seen: [Seen] = []
    /// Positions in `seen`, by hash; -1 for an empty slot. Its size is a power of two, at least twice `seen`'s.
    private var slots = [Int32](repeating: -1, count: 1024)
    private var text: [UInt8] = []
    private var keys: [SearchKey] = []
    private var numbers: [SearchKey: Int32] = [:]

    /// How many keys are numbered: every number is below it.
    var count: Int { keys.count }

    /// The key numbered `number`.
    func key(_ number: Int32) -> SearchKey { keys[Int(number)] }

    /// Forgets everything once over `limit`. Numbers handed out before are then meaningless: call it
    /// only between pages.
    mutating func trim() {
        guard seen.count >= Self.limit else { return }
        self = AnalysedRuns()
    }

    /// The keys of each of `run`'s tokens (`SearchAnalyzer.tokens(of:)`), as numbers.
    mutating func keys(of run: SearchAnalyzer.RunBytes) -> [Keys] {
        let kind = UInt8(run.attached ? 1 : 0) | Self.code(run.script) << 1
        let hash = Self.hash(run.bytes, kind: kind)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let candidate = seen[Int(slots[slot])]
            if candidate.hash == hash, candidate.kind == kind, candidate.count == run.bytes.count,
               text.withUnsafeBufferPointer({ memcmp($0.baseAddress! + candidate.start, run.bytes.baseAddress!, run.bytes.count) == 0 }) {
                return candidate.keys
            }
            slot = (slot + 1) & mask
        }
        let found = SearchAnalyzer.tokens(of: run.run).map { token in
            Keys(term: number(of: SearchKey(term: token.term)), pieces: token.pieces.map { number(of: SearchKey(term: $0)) })
        }
        slots[slot] = Int32(seen.count)
        seen.append(Seen(hash: hash, start: text.count, count: run.bytes.count, kind: kind, keys: found))
        text.append(contentsOf: run.bytes)
        if seen.count * 2 > slots.count { grow() }
        return found
    }

    private mutating func number(of key: SearchKey) -> Int32 {
        if let known = numbers[key] { return known }
        let number = Int32(keys.count)
        keys.append(key)
        numbers[key] = number
        return number
    }

    /// Twice the slots, every run placed again.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (position, run) in seen.enumerated() {
            var slot = Int(truncatingIfNeeded: run.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position)
        }
    }

    private static func code(_ script: SearchToken.Script) -> UInt8 {
        switch script {
        case .word: 0
        case .hangul: 1
        case .cjk: 2
        }
    }

    /// Mixes the bytes eight at a time (a multiply and a shift each), then the rest and the kind.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, kind: UInt8) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count) ^ UInt64(kind) << 56
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        var tail: UInt64 = 0
        while index < bytes.count {
            tail = tail << 8 | UInt64(bytes[index])
            index += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ hash >> 29
    }
}
