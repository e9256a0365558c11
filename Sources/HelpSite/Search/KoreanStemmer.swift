import Foundation

/// Korean words for search: particles and verb endings come off (`링크를`, `링크에서` → `링크`;
/// `공유하려면`, `공유하기` → `공유`), long stems are cut into syllable bigrams so a part of a
/// compound is found (`보안링크` → `보안`, `안링`, `링크`), and a word being typed is compared
/// jamo by jamo (`리` and `ㄹ` are the start of `링크`; `봉` may become `보안`).
///
/// The lists and rules are repeated in the browser client (`search-analysis.js`); change both together.
enum KoreanStemmer {
    /// Particles (josa), longest first. A one-syllable particle comes off only a stem of two or
    /// more syllables (`추가` stays `추가`); a longer one off any stem.
    static let particles: [String] = sortedLongestFirst([
        "에서부터", "으로부터", "에게서", "에서는", "에서도", "에서의", "에서만", "으로는", "으로도", "으로서", "으로써",
        "이라는", "이라고", "이라면", "에게는", "에게도", "한테서", "로부터", "까지의", "부터는",
        "에서", "에게", "에는", "에도", "에의", "에만", "으로", "로는", "로도", "로서", "로써", "까지", "부터", "보다",
        "처럼", "마다", "이나", "이랑", "한테", "께서", "라는", "라고", "라면", "과는", "와는", "과도", "와도", "이란",
        "만을", "만의",
        "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "만", "로", "나", "란", "랑", "께",
    ])

    /// Verb and adjective endings (after `하`, `되` and the copula), longest first; the same length rule.
    static let endings: [String] = sortedLongestFirst([
        "하였습니다", "되었습니다", "했습니다", "됐습니다", "하십시오", "하시려면", "하려면", "하려고", "하려는", "하세요",
        "하셔야", "하시면", "합니다", "됩니다", "입니다", "습니다", "하는데", "하니까", "하므로", "하도록", "하지만",
        "하거나", "하면서", "할까요", "하나요", "으려면", "으세요",
        "해야", "해서", "해도", "해요", "했다", "한다", "하다", "하기", "하는", "하면", "하고", "하여", "하게", "하지",
        "하며", "하신", "하실", "되는", "되면", "되어", "되고", "된다", "되다", "돼요", "되기", "세요", "려면",
        "이며", "이고", "이다",
        "하", "해", "된", "될", "됨", "되",
    ])

    /// The stem of a folded Hangul word: up to two particles, then one ending, taken off. The second
    /// particle keeps both sides alike where a noun ends in a particle's syllable: `화상회의` and
    /// `화상회의에서` both become `화상회`.
    static func stem(_ word: String) -> String {
        let letters = word.unicodeScalars.map(\.value)
        var end = strip(letters, letters.count, particleSet)
        end = strip(letters, end, particleSet)
        end = strip(letters, end, endingSet)
        return end == letters.count ? word : text(letters[..<end])
    }

    /// What a word's pieces are cut from: the word without a particle or ending of two or more
    /// syllables (`화상회의에서` → `화상회의`), so a noun's own last syllable is never lost.
    static func pieceBase(_ word: String) -> String {
        let letters = word.unicodeScalars.map(\.value)
        let end = strip(letters, letters.count, longSuffixSet)
        return end == letters.count ? word : text(letters[..<end])
    }

    /// True for a word that is only a particle or an ending (`를` in `OTP를`).
    static func isParticleOrEnding(_ word: String) -> Bool {
        let letters = word.unicodeScalars.map(\.value)
        return particleSet.contains(letters) || endingSet.contains(letters)
    }

    /// Suffixes as scalar values, by length: looked up, not compared one by one (a site has
    /// hundreds of thousands of words).
    private struct SuffixSet {
        let byLength: [(length: Int, members: Set<[UInt32]>)]

        init(_ suffixes: [String]) {
            let grouped = Dictionary(grouping: suffixes.map { $0.unicodeScalars.map(\.value) }, by: \.count)
            byLength = grouped.keys.sorted(by: >).map { ($0, Set(grouped[$0]!)) }
        }

        func contains(_ word: [UInt32]) -> Bool {
            byLength.contains { $0.length == word.count && $0.members.contains(word) }
        }
    }

    private static let particleSet = SuffixSet(particles)
    private static let endingSet = SuffixSet(endings)
    private static let longSuffixSet = SuffixSet((particles + endings).filter { $0.unicodeScalars.count >= 2 })

    /// The end of `letters[..<end]` once the longest suffix of `set` that leaves enough of a stem is
    /// taken off: one syllable needs two left, a longer suffix one.
    private static func strip(_ letters: [UInt32], _ end: Int, _ set: SuffixSet) -> Int {
        for (length, members) in set.byLength {
            let rest = end - length
            guard rest >= (length == 1 ? 2 : 1), members.contains(Array(letters[rest..<end])) else { continue }
            return rest
        }
        return end
    }

    private static func text(_ letters: ArraySlice<UInt32>) -> String {
        String(String.UnicodeScalarView(letters.compactMap(Unicode.Scalar.init)))
    }

    /// The overlapping two-syllable pieces of a word of three or more syllables.
    static func bigrams(_ word: String) -> [String] {
        // Cut as slices of the word's own bytes: building each piece scalar by scalar cost more
        // than the rest of a Korean page's analysis.
        let scalars = word.unicodeScalars
        let starts = Array(scalars.indices) + [scalars.endIndex]
        guard starts.count > 3 else { return [] }
        return (0..<(starts.count - 2)).map { String(scalars[starts[$0]..<starts[$0 + 2]]) }
    }

    /// The jamo keys a word still being typed may begin (in NFD, as the index is sorted): the word
    /// itself, and, when its last syllable ends in a final consonant, the same with that consonant
    /// moved to start the next syllable (`봉` → `보` + `ㅇ`, since `보안` is typed through `봉`).
    static func typingKeys(_ word: String) -> [String] {
        let decomposed = Array(word.decomposedStringWithCanonicalMapping.unicodeScalars)
        var keys = [String(String.UnicodeScalarView(decomposed))]
        if let last = decomposed.last, let moved = finalToInitial[last.value] {
            let stem = decomposed.dropLast().map(\.value) + moved
            keys.append(String(String.UnicodeScalarView(stem.compactMap(Unicode.Scalar.init))))
        }
        return keys
    }

    /// A final consonant (jongseong) → what it leaves and the initial (choseong) it becomes when the
    /// next vowel is typed: `ᆼ` → `ᄋ`; a double final keeps its first half: `ᆰ` → `ᆯ` + `ᄀ`.
    static let finalToInitial: [UInt32: [UInt32]] = [
        0x11A8: [0x1100], 0x11A9: [0x1101], 0x11AA: [0x11A8, 0x1109], 0x11AB: [0x1102], 0x11AC: [0x11AB, 0x110C],
        0x11AD: [0x11AB, 0x1112], 0x11AE: [0x1103], 0x11AF: [0x1105], 0x11B0: [0x11AF, 0x1100], 0x11B1: [0x11AF, 0x1106],
        0x11B2: [0x11AF, 0x1107], 0x11B3: [0x11AF, 0x1109], 0x11B4: [0x11AF, 0x1110], 0x11B5: [0x11AF, 0x1111],
        0x11B6: [0x11AF, 0x1112], 0x11B7: [0x1106], 0x11B8: [0x1107], 0x11B9: [0x11B8, 0x1109], 0x11BA: [0x1109],
        0x11BB: [0x110A], 0x11BC: [0x110B], 0x11BD: [0x110C], 0x11BE: [0x110E], 0x11BF: [0x110F], 0x11C0: [0x1110],
        0x11C1: [0x1111], 0x11C2: [0x1112],
    ]

    private static func sortedLongestFirst(_ words: [String]) -> [String] {
        words.enumerated().sorted {
            let (a, b) = ($0.element.unicodeScalars.count, $1.element.unicodeScalars.count)
            return a != b ? a > b : $0.offset < $1.offset
        }.map(\.element)
    }
}
