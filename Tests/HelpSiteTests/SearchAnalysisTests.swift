import Foundation
import Testing

@testable import HelpSite

/// The table of analysis cases (`Support/search-cases.json`) run against the Swift analysers; the
/// browser suite runs the same table against `search.js`.
@Suite struct SearchAnalysisTests {
    struct Cases: Decodable {
        struct TokenCase: Decodable { let text: String; let tokens: [[Field]] }
        struct TypingCase: Decodable { let word: String; let keys: [String] }
        struct MatchCase: Decodable { let query: String; let text: String; let match: Bool }
        /// A token is written `[term, surface, script, [pieces]]`.
        enum Field: Decodable, Equatable {
            case text(String)
            case list([String])
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .text(text) } else { self = .list(try container.decode([String].self)) }
            }
        }
        let tokens: [TokenCase]
        let stems: [String: [String: String]]
        let typingKeys: [TypingCase]
        let matches: [MatchCase]
    }

    static let cases: Cases = {
        let data = FileManager.default.contents(atPath: Repository.root + "/Tests/HelpSiteTests/Support/search-cases.json")!
        return try! JSONDecoder().decode(Cases.self, from: data)
    }()

    private static func nfc(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }

    @Test func tokensFollowTheTable() {
        #expect(Self.cases.tokens.count >= 10)
        for entry in Self.cases.tokens {
            let actual = SearchAnalyzer.tokens(entry.text).map { token -> [Cases.Field] in
                [.text(Self.nfc(token.term)), .text(Self.nfc(token.surface)), .text(token.script.rawValue), .list(token.pieces.map(Self.nfc))]
            }
            #expect(actual == entry.tokens, "tokens of \"\(entry.text)\"")
        }
    }

    @Test func englishAndKoreanStemsFollowTheTable() throws {
        let english = try #require(Self.cases.stems["word"])
        let korean = try #require(Self.cases.stems["hangul"])
        #expect(english.count >= 20 && korean.count >= 15)
        for (word, stem) in english { #expect(EnglishStemmer.stem(word) == stem, "stem of \(word)") }
        for (word, stem) in korean { #expect(KoreanStemmer.stem(word) == stem, "stem of \(word)") }
    }

    @Test func keysOfAWordBeingTypedFollowTheTable() {
        for entry in Self.cases.typingKeys {
            #expect(KoreanStemmer.typingKeys(entry.word).map(Self.nfc) == entry.keys, "typing keys of \(entry.word)")
        }
    }

    @Test func queriesMatchTextsAsTheTableSays() {
        #expect(Self.cases.matches.filter(\.match).count >= 20 && Self.cases.matches.filter { !$0.match }.count >= 8)
        for entry in Self.cases.matches {
            let found = SearchQuery(entry.query).matchesAll(SearchQuery.indexTerms(entry.text))
            #expect(found == entry.match, "\"\(entry.query)\" in \"\(entry.text)\"")
        }
    }

    /// The index's keys are NFD, worked out by arithmetic for Hangul: every syllable, and terms
    /// mixing scripts, key as Foundation's NFD does (a wrong key is a term no query finds).
    @Test func searchKeysAreTheNFDOfTheirTerms() {
        var terms = (0xAC00...0xD7A3).map { String(Unicode.Scalar($0)!) }
        terms += ["otp를", "보안", "가", "漢字", "café", "がぎ", "ｶ", "x1y2", "Ω", ""]
        for term in terms {
            #expect(SearchKey(term: term).units == Array(term.decomposedStringWithCanonicalMapping.utf16), "\(term)")
        }
        // The saved records write a key's text as UTF-8 straight from its units: one, two and three
        // bytes a unit, a surrogate pair, and a key too long to pack.
        for term in terms + ["é", "ß̂", "😀a", "🙂", "보안링크를공유하기", "abcdefgh", "abcdefghi"] {
            let key = SearchKey(term: term)
            #expect(key.withUTF8 { Array($0) } == Array(key.text.utf8), "\(term)")
        }
    }

    /// Keys of up to eight units are packed into numbers, longer ones are not: either way a key
    /// keeps its units, and keys order as their units do (the order the browser searches in).
    @Test func searchKeysKeepTheirUnitsAndOrderAsTheirUnits() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt16] = [0, 0x61, 0x62, 0x7A, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xD7A3, 0xFFFF]
        let unitLists = (0..<400).map { _ in
            (0..<Int.random(in: 0...11, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        }
        let keys = unitLists.map(SearchKey.init(units:))
        for (units, key) in zip(unitLists, keys) {
            #expect(key.units == units)
            #expect(key.count == units.count)
        }
        for _ in 0..<2_000 {
            let left = Int.random(in: 0..<keys.count, using: &generator), right = Int.random(in: 0..<keys.count, using: &generator)
            #expect((keys[left] < keys[right]) == unitLists[left].lexicographicallyPrecedes(unitLists[right]), "\(unitLists[left]) < \(unitLists[right])")
            #expect((keys[left] == keys[right]) == (unitLists[left] == unitLists[right]))
        }
        let long = "보안링크를공유하기"
        #expect(SearchKey(term: long).units == Array(long.decomposedStringWithCanonicalMapping.utf16))
    }
}
