/// One word of a text as search sees it: the term the index keys it by, the folded form a reader
/// typed (for prefix matching) and, for compounds and Chinese or Japanese runs, the overlapping
/// two-character pieces that let a part of the word be found.
///
/// The browser client (`site/assets/search-analysis.js`) makes the same tokens from a query; the table of
/// cases in `Tests/HelpSiteTests/Support/search-cases.json` holds both to one specification.
public struct SearchToken: Sendable, Equatable {
    /// Which analyser made the token.
    public enum Script: String, Sendable {
        /// Letters and digits outside Hangul and CJK (English and other alphabets): folded and stemmed.
        case word
        /// Korean: particles and endings stripped, syllable bigrams for compounds.
        case hangul
        /// Chinese ideographs and Japanese kana: character bigrams.
        case cjk
    }

    /// The index term: the stem (`sharing` → `shar`, `링크를` → `링크`), in NFC.
    public let term: String
    /// The word as written, case and accents folded (`Sharing` → `sharing`), in NFC.
    public let surface: String
    /// Its analyser.
    public let script: Script
    /// Overlapping two-character pieces of the term (`보안링크` → `보안`, `안링`, `링크`); empty for
    /// words of two characters or fewer and for alphabetic words.
    public let pieces: [String]

    /// Creates a token.
    public init(term: String, surface: String, script: Script, pieces: [String] = []) {
        self.term = term
        self.surface = surface
        self.script = script
        self.pieces = pieces
    }
}
