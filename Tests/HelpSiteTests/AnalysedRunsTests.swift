import Foundation
import Testing

@testable import HelpSite

/// The per-thread table of runs already analysed: what it hands back for a run is what analysing the
/// run again gives, however many runs it holds, and runs of the same bytes in another script or
/// attachment stay apart.
@Suite struct AnalysedRunsTests {
    /// The keys `table` gives each run of `text`, as the terms and pieces they number.
    private static func looked(_ text: String, in table: inout AnalysedRuns) -> [[String]] {
        var found: [[String]] = []
        SearchAnalyzer.forEachRun(in: text) { run in
            for keys in table.keys(of: run) {
                found.append([keys.term].map { table.key($0).text } + keys.pieces.map { table.key($0).text })
            }
        }
        return found
    }

    /// The same, analysed afresh.
    private static func analysed(_ text: String) -> [[String]] {
        SearchAnalyzer.tokens(text).map { token in
            ([token.term] + token.pieces).map { SearchKey(term: $0).text }
        }
    }

    @Test func aRunSeenBeforeGivesWhatAnalysingItAgainGives() {
        // Thousands of distinct runs, so the table grows several times, then every one of them again.
        let texts = (0..<3_000).map { number in
            "Page\(number) 보안링크\(number)를 users’ café\(number) 共有\(number) 외부브라우저에서\(number)"
        }
        var table = AnalysedRuns()
        for text in texts { #expect(Self.looked(text, in: &table) == Self.analysed(text)) }
        let numbered = table.count
        for text in texts.reversed() { #expect(Self.looked(text, in: &table) == Self.analysed(text)) }
        #expect(table.count == numbered, "the second pass found every run in the table")
    }

    @Test func theSameBytesAttachedOrNotAreDifferentRuns() {
        var table = AnalysedRuns()
        // `를` after `OTP` is a particle of the word before it, and yields nothing; alone it is a word.
        #expect(Self.looked("OTP를", in: &table) == Self.analysed("OTP를"))
        #expect(Self.looked("OTP 를", in: &table) == Self.analysed("OTP 를"))
        #expect(Self.analysed("OTP를") != Self.analysed("OTP 를"))
    }

    @Test func runsAreCutAsTheTextIsRead() {
        // Apostrophes join, marks continue their run, scripts and separators cut.
        let runs = SearchAnalyzer.runs("Don't e\u{301}cole 한국어OTP’s 東京, x")
        #expect(runs.map(\.text) == ["dont", "e\u{301}cole".precomposedStringWithCompatibilityMapping, "한국어", "otps", "東京", "x"])
        #expect(runs.map(\.attached) == [false, false, false, true, false, false])
        #expect(runs.map(\.length) == [4, 5, 3, 4, 2, 1])
    }
}
