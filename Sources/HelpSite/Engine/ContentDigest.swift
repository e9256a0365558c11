import Crypto
import Foundation

/// A 128-bit digest of bytes (the first half of their SHA-256): what the build state keeps to tell
/// whether a source, a page's template input or an output's bytes changed between two runs.
///
/// It is the same in every process (unlike `Hasher`, which is seeded per process), so it can be
/// written down and compared by the next `helpgen build`.
struct ContentDigest: Hashable, Sendable, CustomStringConvertible {
    /// The two 64-bit halves.
    let high: UInt64, low: UInt64

    /// The digest of `bytes`.
    init<Bytes: DataProtocol>(of bytes: Bytes) {
        self.init(SHA256.hash(data: bytes))
    }

    /// A digest read back from the build state.
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    private init(_ hash: SHA256.Digest) {
        var high: UInt64 = 0, low: UInt64 = 0
        for (position, byte) in hash.prefix(16).enumerated() {
            if position < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Hexadecimal, as in the build state's error messages.
    var description: String {
        String(high, radix: 16) + String(low, radix: 16)
    }
}

/// Collects the bytes of several values, then digests them at once: each value is written with its
/// kind and length, so two different sequences of values never write the same bytes.
struct DigestBuilder {
    private var bytes: [UInt8] = []

    /// Starts empty.
    init() {
        bytes.reserveCapacity(4096)
    }

    /// Adds a text (its UTF-8 bytes).
    mutating func add(_ text: String) {
        bytes.append(1)
        var text = text
        text.withUTF8 { utf8 in
            add(length: utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Adds a whole number.
    mutating func add(_ number: Int) {
        bytes.append(2)
        add(length: number)
    }

    /// Adds a flag.
    mutating func add(_ flag: Bool) {
        bytes.append(flag ? 3 : 4)
    }

    /// Adds another digest.
    mutating func add(_ digest: ContentDigest) {
        bytes.append(5)
        add(length: Int(truncatingIfNeeded: digest.high))
        add(length: Int(truncatingIfNeeded: digest.low))
    }

    /// Adds a template value: maps (keys in sorted order), lists, texts and flags, exactly what a
    /// template is given.
    mutating func add(template value: TemplateValue) {
        switch value {
        case let .text(text): add(text)
        case let .flag(flag): add(flag)
        case let .object(map):
            bytes.append(6)
            add(length: map.count)
            for key in map.keys.sorted() {
                add(key)
                add(template: map[key]!)
            }
        case let .list(values):
            bytes.append(7)
            add(length: values.count)
            for element in values { add(template: element) }
        }
    }

    /// The digest of everything added.
    func finish() -> ContentDigest {
        ContentDigest(of: bytes)
    }

    private mutating func add(length: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(length)).littleEndian) { bytes.append(contentsOf: $0) }
    }
}
