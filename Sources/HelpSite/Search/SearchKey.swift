/// A term as the index files key it: in NFD, as UTF-16 code units, ordered code unit by code unit —
/// the order JavaScript compares strings in, so the browser finds a term, or every term a syllable
/// still being typed begins (`리`, `ᄅ`), as a range of keys.
///
/// Hashed and compared as plain numbers: a dictionary of Korean terms never normalizes a string
/// on a lookup, as `String`'s own hashing and equality do.
struct SearchKey: Hashable, Comparable, Sendable {
    let units: [UInt16]

    /// The key of a term (any normalization form).
    init(term: String) {
        units = Self.decomposedUnits(term) ?? Array(term.decomposedStringWithCanonicalMapping.utf16)
    }

    /// NFD of a term of ASCII, Hangul syllables and jamo and common ideographs, the terms of an
    /// English or Korean page, worked out here (a Hangul syllable splits into its jamo by
    /// arithmetic, the rest is already NFD); nil for any other term, which goes the general way.
    private static func decomposedUnits(_ term: String) -> [UInt16]? {
        var units: [UInt16] = []
        units.reserveCapacity(term.utf8.count)
        for scalar in term.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0...0x7F, 0x1100...0x11FF, 0x4E00...0x9FFF:
                units.append(UInt16(value))
            case 0xAC00...0xD7A3:
                let index = value - 0xAC00
                units.append(UInt16(0x1100 + index / 588))
                units.append(UInt16(0x1161 + index % 588 / 28))
                if index % 28 != 0 { units.append(UInt16(0x11A7 + index % 28)) }
            default:
                return nil
            }
        }
        return units
    }

    /// A key from its UTF-16 code units.
    init(units: [UInt16]) {
        self.units = units
    }

    /// The key as text (NFD), as the index files write it.
    var text: String { String(decoding: units, as: UTF16.self) }

    /// A hash that is the same in every process (FNV-1a over the code units): chunk boundaries are
    /// chosen by it, so they must not change between builds.
    var stableHash: UInt32 {
        var hash: UInt32 = 2_166_136_261
        for unit in units {
            hash = (hash ^ UInt32(unit & 0xFF)) &* 16_777_619
            hash = (hash ^ UInt32(unit >> 8)) &* 16_777_619
        }
        return hash
    }

    static func < (left: SearchKey, right: SearchKey) -> Bool {
        left.units.lexicographicallyPrecedes(right.units)
    }
}
