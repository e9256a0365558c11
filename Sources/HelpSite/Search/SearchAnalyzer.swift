import Foundation

/// Splits text into search tokens, the same way for a page at build time and for a query in the
/// browser (`analyze` in `search-analysis.js` repeats it step for step).
///
/// The text is NFKC-normalized and lowercased (full-width letters and compatibility jamo become
/// plain ones), apostrophes are dropped (`user's` → `users`), and runs of one script are cut out:
/// Hangul syllables and jamo; Chinese ideographs and kana; other letters, marks and digits. Each run
/// goes to its analyser: `KoreanStemmer`, character bigrams, or accent folding and `EnglishStemmer`.
public enum SearchAnalyzer {
    /// The longest word indexed, in Unicode scalars; longer runs (hashes, long URLs) are skipped.
    static let longestWord = 40

    /// The tokens of `text`, in order.
    public static func tokens(_ text: String) -> [SearchToken] {
        runs(text).flatMap(tokens(of:))
    }

    /// The tokens of one run: the same for every run of the same text, script and attachment.
    static func tokens(of run: Run) -> [SearchToken] {
        switch run.script {
        case .word:
            let surface = foldAccents(run.text)
            guard run.length <= longestWord, !EnglishStemmer.stopWords.contains(surface) else { return [] }
            return [SearchToken(term: EnglishStemmer.stem(surface), surface: surface, script: .word)]
        case .hangul:
            // `를` in `OTP를` belongs to the word before it.
            guard run.length <= longestWord, !(run.attached && KoreanStemmer.isParticleOrEnding(run.text)) else { return [] }
            let stem = KoreanStemmer.stem(run.text)
            // Pieces for a stem of three or more syllables, cut from the word before particles and
            // endings of one syllable come off (`화상회의` keeps `회의`, though `의` may be a particle).
            let pieces = stem.unicodeScalars.count >= 3 ? KoreanStemmer.bigrams(KoreanStemmer.pieceBase(run.text)) : []
            return [SearchToken(term: stem, surface: run.text, script: .hangul, pieces: pieces)]
        case .cjk:
            let characters = Array(run.text.unicodeScalars)
            var tokens: [SearchToken] = []
            if characters.count == 1 {
                tokens.append(SearchToken(term: run.text, surface: run.text, script: .cjk))
            }
            for start in characters.indices.dropLast() {
                let pair = String(String.UnicodeScalarView(characters[start...(start + 1)]))
                tokens.append(SearchToken(term: pair, surface: pair, script: .cjk))
            }
            return tokens
        }
    }

    /// The script class of a scalar, or nil for a separator (space, punctuation, symbol).
    static func script(of scalar: Unicode.Scalar) -> SearchToken.Script? {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
            return .word
        case 0...0x7F:
            return nil
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF:
            return .hangul
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x31F0...0x31FF:
            return .cjk
        default:
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                return .word
            default:
                return nil
            }
        }
    }

    /// One run of a single script; `attached` when it follows the previous run with no separator.
    struct Run: Equatable {
        let script: SearchToken.Script
        let text: String
        let length: Int
        let attached: Bool
    }

    /// The runs of `text` after normalization (`forEachRun(in:_:)`, each made a `Run`).
    static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        forEachRun(in: text) { runs.append($0.run) }
        return runs
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "\u{02BC}"
    }

    /// NFKC, then lowercase. Text of ASCII, Hangul syllables and common ideographs and kana is
    /// already NFKC and has no case beyond A–Z: it is lowercased here without the general path.
    static func normalize(_ text: String) -> String {
        var simple = true
        var hasUpper = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: hasUpper = true
            case 0...0x7F, 0xAC00...0xD7A3, 0x4E00...0x9FFF, 0x3041...0x3096, 0x30A1...0x30FA: continue
            default: simple = false
            }
            if !simple { break }
        }
        guard simple else { return text.precomposedStringWithCompatibilityMapping.lowercased() }
        guard hasUpper else { return text }
        // A–Z are single bytes in UTF-8, and no byte of a longer sequence is below 0x80.
        var bytes = Array(text.utf8)
        for index in bytes.indices where (0x41...0x5A).contains(bytes[index]) { bytes[index] += 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Accents off (`café` → `cafe`): NFD, nonspacing marks dropped, NFC again.
    static func foldAccents(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word }
        let scalars = word.decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        return String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping
    }
}

extension Unicode.GeneralCategory {
    /// Nonspacing, spacing or enclosing mark.
    var isMark: Bool { self == .nonspacingMark || self == .spacingMark || self == .enclosingMark }
}
