import Foundation

/// What a query asks of the index, word by word — the rules the browser client follows
/// (`planQuery` in `search-analysis.js`), written once here so both sides are tested against one table.
///
/// A query word is found by its term (`링크를` by `링크`); by its pieces when every syllable of a
/// long word is covered (`보안링크` in `보안 링크`); and, for the word still being typed (the last
/// one, with no space after it), by any term it begins (`shar` → `shared`'s `shar`; `리` and `ㄹ`
/// → `링크`) or by a shorter term when what it goes past may be an ending being typed (`sharin`
/// → `shar`, `공유하려` → `공유`).
public struct SearchQuery: Sendable, Equatable {
    /// One word of the query.
    public struct Word: Sendable, Equatable {
        /// The term (NFC).
        public let term: String
        /// Pieces that together stand for the word (NFC).
        public let pieces: [String]
        /// Keys (NFD) of which any term that begins with one matches: the word being typed.
        public let prefixes: [String]
        /// Shorter terms (NFC) that match when the word being typed goes past a stem.
        public let truncations: [String]
    }

    /// The words, in order; stop words are left out.
    public let words: [Word]

    /// The plan for the text in a search box.
    public init(_ text: String) {
        let tokens = SearchAnalyzer.tokens(text)
        let typing = !(text.unicodeScalars.last.map { $0.properties.isWhitespace } ?? true)
        words = tokens.enumerated().map { position, token in
            // A one-syllable verb stem (`끄려면` → `끄`) also finds the verb's other forms (`끄기`).
            let verbStem = token.script == .hangul && token.term != token.surface && token.term.unicodeScalars.count == 1
                ? [token.term.decomposedStringWithCanonicalMapping] : []
            guard typing, position == tokens.count - 1 else {
                return Word(term: token.term, pieces: token.pieces, prefixes: verbStem, truncations: [])
            }
            let letters = Array(token.surface.unicodeScalars)
            // Shorter forms of the word, where what is cut off may be the start of an ending being typed.
            func truncations(shortest: Int, endings: [String]) -> [String] {
                guard shortest < letters.count else { return [] }
                return (shortest..<letters.count).reversed().compactMap { count in
                    let cut = String(String.UnicodeScalarView(letters[count...]))
                    guard endings.contains(where: { $0.hasPrefix(cut) }) else { return nil }
                    return String(String.UnicodeScalarView(letters.prefix(count)))
                }
            }
            switch token.script {
            case .hangul:
                return Word(term: token.term, pieces: token.pieces, prefixes: KoreanStemmer.typingKeys(token.surface) + verbStem,
                            truncations: truncations(shortest: max(2, letters.count - 2), endings: KoreanStemmer.particles + KoreanStemmer.endings))
            case .word:
                return Word(term: token.term, pieces: [], prefixes: [token.surface.decomposedStringWithCanonicalMapping],
                            truncations: truncations(shortest: max(3, letters.count - 3), endings: EnglishStemmer.endings))
            case .cjk:
                return Word(term: token.term, pieces: [], prefixes: letters.count == 1 ? [token.surface] : [], truncations: [])
            }
        }
    }

    /// The terms a text is indexed under: each token's term and pieces.
    public static func indexTerms(_ text: String) -> Set<String> {
        Set(SearchAnalyzer.tokens(text).flatMap { [$0.term] + $0.pieces })
    }

    /// Whether a page indexed under `terms` has every word of the query.
    public func matchesAll(_ terms: Set<String>) -> Bool {
        !words.isEmpty && words.allSatisfy { $0.matches(terms) }
    }
}

extension SearchQuery.Word {
    /// Whether `terms` (a page's index terms, NFC) hold this word.
    public func matches(_ terms: Set<String>) -> Bool {
        if terms.contains(term) || truncations.contains(where: terms.contains) { return true }
        if !pieces.isEmpty {
            var covered = [Bool](repeating: false, count: pieces.count + 1)
            for (position, piece) in pieces.enumerated() where terms.contains(piece) {
                covered[position] = true
                covered[position + 1] = true
            }
            if !covered.contains(false) { return true }
        }
        guard !prefixes.isEmpty else { return false }
        let keys = terms.map { Array($0.decomposedStringWithCanonicalMapping.utf16) }
        return prefixes.contains { prefix in
            let wanted = Array(prefix.utf16)
            return keys.contains { $0.starts(with: wanted) }
        }
    }
}
