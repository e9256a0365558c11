import Foundation
import Testing

@testable import HelpSite

/// The index an edit patches (`SearchIndex.patch`) is the index a clean build cuts, chunk for chunk
/// and byte for byte, and the patch leaves the chunks away from the edit alone.
@Suite struct SearchPatchTests {
    /// A deterministic generator, so a failure can be replayed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A page of words drawn from a vocabulary of English words, Korean words with particles, and
    /// a few very common words (whose postings are large enough to get chunks of their own).
    static func page(_ number: Int, version: Int, random: inout Seeded) -> PageTerms {
        let english = (0..<20_000).map { "word\($0)" }
        let korean = (0..<3_000).map { "링크\($0)를 공유\($0)하기" }
        func words(_ count: Int) -> String {
            (0..<count).map { _ in
                switch Int.random(in: 0..<10, using: &random) {
                case 0...2: "common"
                case 3: korean.randomElement(using: &random)!
                default: english.randomElement(using: &random)!
                }
            }.joined(separator: " ")
        }
        let sections = (0..<Int.random(in: 1...3, using: &random)).map { index in
            SearchSection(anchor: index == 0 ? nil : "s\(index)", heading: index == 0 ? nil : words(2), text: words(Int.random(in: 3...8, using: &random)))
        }
        return PageTerms(SearchDocument(url: "/en/p\(number)/", title: "Page \(number) v\(version) " + words(2), sectionPath: [], weight: 1, sections: sections))
    }

    func entries(of cuts: [SearchIndex.ChunkFile], kept: [String: String]) throws -> [String] {
        try cuts.map { file in
            switch file {
            case let .made(cut): cut.text
            case let .kept(chunk): try #require(kept[chunk.name])
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func aPatchedIndexIsTheIndexACleanBuildCuts(seed: Int) throws {
        var random = Seeded(state: UInt64(seed))
        var pages = (0..<900).map { Self.page($0, version: 0, random: &random) }
        var chunks = SearchIndex.chunks(of: pages)
        #expect(chunks.count > 12, "the vocabulary fills many chunks")
        #expect(chunks.contains { if case let .made(cut) = $0 { cut.text.hasPrefix("{\"common\":") && cut.text.utf8.count > SearchChunks.largeTermBytes } else { false } },
                "a common term has a chunk of its own")
        var texts: [String: String] = [:]
        for case let .made(cut) in chunks { texts[cut.chunk.name] = cut.text }
        for round in 1...3 {
            // Edit a few pages: some gain words, some lose all, one becomes a copy of another.
            var changes: [Int32: SearchIndex.Change] = [:]
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let id = Int.random(in: 0..<pages.count, using: &random)
                let edited = Int.random(in: 0..<4, using: &random) == 0
                    ? PageTerms(document: pages[id].document, terms: [])
                    : Self.page(id, version: round, random: &random)
                changes[Int32(id)] = SearchIndex.Change(old: changes[Int32(id)]?.old ?? pages[id].terms, new: edited.terms)
                pages[id] = edited
            }
            let patched = try #require(SearchIndex.patch(chunks.map(\.chunk), changes: changes) { chunk in
                texts[chunk.name].flatMap { SearchChunks.entries(ofChunk: Array($0.utf8)) }
            })
            let clean = SearchIndex.chunks(of: pages)
            #expect(patched.map(\.chunk) == clean.map(\.chunk), "round \(round): the same chunks")
            #expect(try entries(of: patched, kept: texts) == entries(of: clean, kept: [:]), "round \(round): the same bytes")
            for case let .made(cut) in patched { texts[cut.chunk.name] = cut.text }
            chunks = patched
        }
        // One word of one page's body changed for another: only the chunks of those two words (and
        // a neighbour where a start may move) are cut again.
        let id = pages.firstIndex { $0.document.sections[0].text.contains("word") }!
        let document = pages[id].document
        let text = document.sections[0].text
        let word = text.split(separator: " ").first { $0.hasPrefix("word") }!
        var sections = document.sections
        sections[0] = SearchSection(anchor: nil, heading: nil, text: text.replacingOccurrences(of: word, with: "fresh\(seed)word"))
        let edited = PageTerms(SearchDocument(url: document.url, title: document.title, sectionPath: [], weight: 1, sections: sections))
        let patched = try #require(SearchIndex.patch(chunks.map(\.chunk), changes: [Int32(id): .init(old: pages[id].terms, new: edited.terms)]) { chunk in
            texts[chunk.name].flatMap { SearchChunks.entries(ofChunk: Array($0.utf8)) }
        })
        pages[id] = edited
        let clean = SearchIndex.chunks(of: pages)
        #expect(try entries(of: patched, kept: texts) == entries(of: clean, kept: [:]))
        let made = patched.filter { if case .made = $0 { true } else { false } }.count
        #expect(clean.count > 12 && made <= 4, "\(made) of \(clean.count) chunks cut again")
    }

    @Test func aChunkFileReadsBackAsTheEntriesItWasCutFrom() throws {
        var random = Seeded(state: 42)
        let pages = (0..<50).map { Self.page($0, version: 0, random: &random) }
        let entries = SearchIndex.entries(of: pages)
        var read: [SearchChunks.Entry] = []
        for case let .made(cut) in SearchIndex.chunks(of: pages) { read += try #require(SearchChunks.entries(ofChunk: Array(cut.text.utf8))) }
        #expect(read == entries)
        #expect(SearchChunks.entries(ofChunk: Array("{\"a\":[1,2]}".utf8)) == nil, "postings come in threes")
        #expect(SearchChunks.entries(ofChunk: Array("{\"a\":[1,2,3]".utf8)) == nil, "a cut-off file")
        #expect(SearchChunks.entries(ofChunk: Array("{}".utf8)) == [])
    }
}
