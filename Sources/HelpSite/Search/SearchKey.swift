import Foundation

/// A term as the index files key it: in NFD, as UTF-16 code units, ordered code unit by code unit —
/// the order JavaScript compares strings in, so the browser finds a term, or every term a syllable
/// still being typed begins (`리`, `ᄅ`), as a range of keys.
///
/// Hashed and compared as plain numbers: a dictionary of Korean terms never normalizes a string
/// on a lookup, as `String`'s own hashing and equality do. A key of up to eight code units (nearly
/// every English stem and Korean word) is kept in place, packed into two numbers; only a longer one
/// takes an array. A build holds every page's terms at once, hundreds a page.
struct SearchKey: Hashable, Comparable, Sendable {
    private enum Storage: Hashable, Sendable {
        /// Units 0–3 in `high`, 4–7 in `low`, the first in the top bits; unused units are zero.
        case packed(high: UInt64, low: UInt64, count: UInt8)
        case spilled([UInt16])
    }

    private let storage: Storage

    /// The key of a term (any normalization form).
    init(term: String) {
        if let key = Self.decomposed(term) {
            self = key
        } else {
            self.init(units: Array(term.decomposedStringWithCanonicalMapping.utf16))
        }
    }

    /// A key from its UTF-16 code units.
    init(units: [UInt16]) {
        guard units.count <= 8 else {
            storage = .spilled(units)
            return
        }
        var packer = Packer()
        for unit in units { packer.append(unit) }
        storage = packer.storage
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    /// The key's UTF-16 code units.
    var units: [UInt16] {
        switch storage {
        case let .spilled(units): return units
        case let .packed(high, low, count): return (0..<Int(count)).map { Self.unit($0, high, low) }
        }
    }

    /// The number of code units.
    var count: Int {
        switch storage {
        case let .spilled(units): return units.count
        case let .packed(_, _, count): return Int(count)
        }
    }

    /// The key as text (NFD), as the index files write it.
    var text: String { String(decoding: units, as: UTF16.self) }

    /// Hands `body` the bytes of `text.utf8`, made from the units in place for a packed key.
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard case let .packed(high, low, count) = storage,
              !(0..<Int(count)).contains(where: { (0xD800...0xDFFF).contains(Self.unit($0, high, low)) })
        else {
            var text = self.text
            return text.withUTF8(body)
        }
        // At most eight units of at most three bytes each.
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw in
            var length = 0
            func append(_ byte: UInt16) {
                raw[length] = UInt8(truncatingIfNeeded: byte)
                length += 1
            }
            for index in 0..<Int(count) {
                let unit = Self.unit(index, high, low)
                switch unit {
                case 0..<0x80:
                    append(unit)
                case 0x80..<0x800:
                    append(0xC0 | unit >> 6)
                    append(0x80 | unit & 0x3F)
                default:
                    append(0xE0 | unit >> 12)
                    append(0x80 | unit >> 6 & 0x3F)
                    append(0x80 | unit & 0x3F)
                }
            }
            return body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length))
        }
    }

    /// A hash that is the same in every process (FNV-1a over the code units): chunk boundaries are
    /// chosen by it, so they must not change between builds.
    var stableHash: UInt32 {
        var hash: UInt32 = 2_166_136_261
        func add(_ unit: UInt16) {
            hash = (hash ^ UInt32(unit & 0xFF)) &* 16_777_619
            hash = (hash ^ UInt32(unit >> 8)) &* 16_777_619
        }
        switch storage {
        case let .spilled(units): units.forEach(add)
        case let .packed(high, low, count): for index in 0..<Int(count) { add(Self.unit(index, high, low)) }
        }
        return hash
    }

    func hash(into hasher: inout Hasher) {
        switch storage {
        // One word for a packed key: its units mixed (the count tells `ab` from `ab\0`).
        case let .packed(high, low, count): hasher.combine(high &* 0x9E37_79B9_7F4A_7C15 ^ low ^ UInt64(count) << 56)
        case let .spilled(units): hasher.combine(units)
        }
    }

    static func < (left: SearchKey, right: SearchKey) -> Bool {
        // Packed, the numbers compare as the units do; a shorter key equal so far comes first.
        if case let .packed(leftHigh, leftLow, leftCount) = left.storage, case let .packed(rightHigh, rightLow, rightCount) = right.storage {
            return (leftHigh, leftLow, leftCount) < (rightHigh, rightLow, rightCount)
        }
        return left.units.lexicographicallyPrecedes(right.units)
    }

    private static func unit(_ index: Int, _ high: UInt64, _ low: UInt64) -> UInt16 {
        UInt16(truncatingIfNeeded: (index < 4 ? high : low) >> (48 - 16 * UInt64(index % 4)))
    }

    /// Units appended one by one: packed while they fit, then an array.
    private struct Packer {
        var high: UInt64 = 0, low: UInt64 = 0, count = 0
        var spilled: [UInt16]?

        mutating func append(_ unit: UInt16) {
            if spilled != nil {
                spilled!.append(unit)
            } else if count == 8 {
                spilled = (0..<8).map { SearchKey.unit($0, high, low) } + [unit]
            } else {
                let shifted = UInt64(unit) << (48 - 16 * UInt64(count % 4))
                if count < 4 { high |= shifted } else { low |= shifted }
                count += 1
            }
        }

        var storage: Storage {
            spilled.map(Storage.spilled) ?? .packed(high: high, low: low, count: UInt8(count))
        }
    }

    /// NFD of a term of ASCII, Hangul syllables and jamo and common ideographs, the terms of an
    /// English or Korean page, worked out here (a Hangul syllable splits into its jamo by
    /// arithmetic, the rest is already NFD); nil for any other term, which goes the general way.
    private static func decomposed(_ term: String) -> SearchKey? {
        var packer = Packer()
        for scalar in term.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0...0x7F, 0x1100...0x11FF, 0x4E00...0x9FFF:
                packer.append(UInt16(value))
            case 0xAC00...0xD7A3:
                let index = value - 0xAC00
                packer.append(UInt16(0x1100 + index / 588))
                packer.append(UInt16(0x1161 + index % 588 / 28))
                if index % 28 != 0 { packer.append(UInt16(0x11A7 + index % 28)) }
            default:
                return nil
            }
        }
        return SearchKey(storage: packer.storage)
    }
}
