import Foundation
import Testing

@testable import HelpSite

/// The search step's analysed pages kept between builds (`.helpgen/<output>/search`): read back they
/// hold exactly the terms they were made with, a file that is not this program's is ignored, and an edit
/// analyses again only the page it changed while the index still equals a clean build's.
@Suite struct SearchPagesTests {
    static let documents = [
        SearchDocument(url: "/ko/drive/", title: "보안링크 공유하기", sectionPath: ["드라이브"], weight: 2, sections: [
            SearchSection(anchor: nil, heading: nil, text: "링크를 보내려면 주소를 입력합니다."),
            SearchSection(anchor: "코드", heading: "일회용 코드", text: "메일로 받은 코드를 입력하세요."),
        ]),
        SearchDocument(url: "/en/share/", title: "Sharing files", sectionPath: [], weight: 1, sections: [
            SearchSection(anchor: nil, heading: nil, text: "Shared links expire; résumé café users' files."),
        ]),
    ]

    @Test func analysedPagesReadBackHoldTheTermsTheyWereMadeWith() throws {
        var pages = SearchPages()
        let analysed = Self.documents.map(PageTerms.init)
        for (number, page) in analysed.enumerated() { pages.insert(page, for: ContentDigest(of: Array("page \(number)".utf8))) }
        let read = try #require(SearchPages.decoded(pages.encoded()))
        #expect(read.keys.count == 2)
        let again = (0..<2).map { read[ContentDigest(of: Array("page \($0)".utf8))]! }
        #expect(again.map(\.document) == Self.documents)
        #expect(analysed.allSatisfy { !$0.terms.isEmpty })
        #expect(again.map(\.terms) == analysed.map(\.terms))
        // Written again unread, a page's bytes carry over as they are.
        #expect(try #require(SearchPages.decoded(read.encoded()))[ContentDigest(of: Array("page 1".utf8))]?.terms == analysed[1].terms)
    }

    @Test func aFileThisProgramDidNotWriteIsIgnored() throws {
        var pages = SearchPages()
        pages.insert(PageTerms(Self.documents[1]), for: ContentDigest(of: Array("x".utf8)))
        var bytes = pages.encoded()
        #expect(SearchPages.decoded(bytes) != nil)
        bytes[bytes.count - 3] ^= 0xFF
        bytes.removeLast()
        #expect(SearchPages.decoded(bytes) == nil)
        #expect(SearchPages.decoded(Array("helpgen build state 1".utf8)) == nil)
    }

    @Test func anEditAnalysesOnlyItsPageAndTheIndexStillEqualsACleanBuilds() throws {
        let built = try IncrementalBuildTests.Built()
        defer { built.site.remove() }
        let folder = StateFolder(output: SitePath(built.output))
        let first = folder.loadSearchPages()
        #expect(first.keys.count >= 4, "the first build saved its analysed pages")
        #expect(!FileManager.default.fileExists(atPath: folder.searchScratchPath), "the scratch file became the saved one")
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder.searchPagesPath))
        try built.site.write(markdown("Charlie", "Charlie text about 보안링크.\n\nMore.", extra: "order: 3\n"), to: "site/content/en/guide/charlie.md")
        try built.build()
        // The edit's one page is saved beside the file, which is left as it was.
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.searchPagesPath)) == whole)
        #expect(SearchPages.decoded([UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.addedSearchPagesPath))))?.keys.count == 1)
        let second = folder.loadSearchPages()
        let changed = second.keys.subtracting(first.keys)
        #expect(changed.count == 1, "one page analysed again")
        #expect(second[changed.first!]?.document.url.hasSuffix("/charlie/") == true)
        #expect(try built.differencesFromCleanBuild() == [])
        // A lost cache costs time only: the edited page's locale is indexed whole again (each of its
        // pages analysed), the other one is left as it was, and the index still equals a clean build's.
        try FileManager.default.removeItem(atPath: folder.searchPagesPath)
        try built.site.write(markdown("Charlie", "Charlie text, edited again.", extra: "order: 3\n"), to: "site/content/en/guide/charlie.md")
        try built.build()
        let third = folder.loadSearchPages()
        #expect(Set(third.keys.compactMap { third[$0]?.document.url }) == Set(second.keys.compactMap { second[$0]?.document.url }.filter { $0.hasPrefix("/en/") }))
        #expect(try built.differencesFromCleanBuild() == [])
    }
}
