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
        units = Array(term.decomposedStringWithCanonicalMapping.utf16)
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
