import Foundation
import Testing

@testable import HelpSite

/// The search step of a real build: the files it writes per locale, what they hold, the ranking
/// they encode, and the front matter that steers them.
@Suite struct SearchIndexTests {
    /// A built site's search index of one locale, read back as the browser reads it.
    struct BuiltIndex {
        let meta: [String: Any]
        /// Term (NFC) → [(page, section, score)].
        let postings: [String: [(page: Int, section: Int, score: Int)]]
        /// Page id → its fragment.
        let fragments: [Int: [String: Any]]

        init(site: ScratchSite, locale: String) throws {
            let folder = site.folder + "/public/\(locale)/search/index/"
            meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "meta.json"))) as! [String: Any]
            var postings: [String: [(Int, Int, Int)]] = [:]
            var previousLast: [UInt16] = []
            for chunk in meta["chunks"] as! [[String]] {
                // Chunks are in key order and do not overlap.
                #expect(previousLast.lexicographicallyPrecedes(Array(chunk[0].utf16)))
                previousLast = Array(chunk[1].utf16)
                let terms = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + chunk[2]))) as! [String: [Int]]
                for (key, numbers) in terms {
                    #expect(Array(chunk[0].utf16).lexicographicallyPrecedes(Array(key.utf16)) || chunk[0] == key)
                    var page = 0
                    var list: [(Int, Int, Int)] = []
                    for start in stride(from: 0, to: numbers.count, by: 3) {
                        page += numbers[start]
                        list.append((page, numbers[start + 1], numbers[start + 2]))
                    }
                    postings[key.precomposedStringWithCanonicalMapping] = list
                }
            }
            self.postings = postings
            // Page files hold `pagesPerFile` pages each, in id order; the last may hold fewer.
            var fragments: [Int: [String: Any]] = [:]
            let pages = meta["pages"] as! Int, perFile = meta["pagesPerFile"] as! Int
            for file in 0..<((pages + perFile - 1) / perFile) {
                let held = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "p/\(file).json"))) as! [[String: Any]]
                #expect(held.count == min(perFile, pages - file * perFile))
                for (position, fragment) in held.enumerated() { fragments[file * perFile + position] = fragment }
            }
            #expect(!FileManager.default.fileExists(atPath: folder + "p/\((pages + perFile - 1) / perFile).json"))
            self.fragments = fragments
        }

        func page(_ url: String) -> Int? { fragments.first { $0.value["url"] as? String == url }?.key }

        func score(_ term: String, _ url: String) -> Int? {
            guard let page = page(url) else { return nil }
            return postings[term]?.filter { $0.page == page }.map(\.score).max()
        }
    }

    @Test func eachLocaleGetsAnIndexOfItsOwnPagesWithSectionsAnchorsAndPaths() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Help"),
            "en/drive/_index.md": markdown("Drive"),
            "en/drive/share.md": markdown("Share a file", "Sharing starts here.\n\n## Send the link\n\nCopy the links you made."),
            "ko/_index.md": markdown("도움말"),
            "ko/drive/_index.md": markdown("드라이브"),
            "ko/drive/share.md": markdown("파일 공유하기", "공유하려면 먼저 보안링크를 만드세요.\n\n## 링크 보내기\n\n링크를 복사합니다."),
        ])
        defer { site.remove() }
        try site.build()
        let en = try BuiltIndex(site: site, locale: "en")
        let ko = try BuiltIndex(site: site, locale: "ko")
        #expect(en.meta["pages"] as? Int == 3 && ko.meta["pages"] as? Int == 3)
        #expect(en.postings["공유"] == nil && ko.postings["shar"] == nil, "each locale indexes only its own pages")

        // Stems, particles and compounds as the analysers made them.
        let share = try #require(en.page("/en/drive/share/"))
        #expect(en.postings["shar"]?.contains { $0.page == share } == true)
        #expect(en.postings["link"]?.contains { $0.page == share && $0.section == 1 } == true, "`links` in the section under `Send the link`")
        let koShare = try #require(ko.page("/ko/drive/share/"))
        #expect(ko.postings["공유"]?.contains { $0.page == koShare && $0.section == 0 } == true)
        #expect(ko.postings["보안링크"]?.contains { $0.page == koShare } == true)
        #expect(ko.postings["링크"]?.contains { $0.page == koShare && $0.section == 0 } == true, "`링크` as a piece of `보안링크`")

        // The fragment the result list shows.
        let fragment = try #require(ko.fragments[koShare])
        #expect(fragment["title"] as? String == "파일 공유하기")
        #expect(fragment["path"] as? [String] == ["드라이브"])
        let sections = try #require(fragment["sections"] as? [[String]])
        #expect(sections.count == 2)
        #expect(sections[0] == ["", "", "공유하려면 먼저 보안링크를 만드세요."])
        #expect(sections[1] == ["링크-보내기", "링크 보내기", "링크를 복사합니다."])

        // The search page, and the header box on every page.
        let searchPage = try site.output("ko/search/index.html")
        #expect(searchPage.contains("<ol id=\"search-results\""))
        #expect(searchPage.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"))
        let page = try site.output("en/drive/share/index.html")
        #expect(page.contains("action=\"/en/search/\"") && page.contains("data-search-index=\"/en/search/index/\""))
        #expect(page.contains("role=\"combobox\""))
    }

    @Test func anIndexOfMoreThanOneBatchHasEveryPageOnceAndTheSameAfterAnEdit() throws {
        // More pages than the search step analyses at once: each batch's pages keep their ids and terms.
        let count = SearchStep.batchSize * 2 + 3
        // A word found in one page only: `kw` + the page's number in base 19, in letters that no
        // stemmer takes off (digits would be split off).
        let letters = Array("bcdfghjklmnpqrtvwxz")
        let word = { (number: Int) in "kw" + String([letters[number / 361], letters[number / 19 % 19], letters[number % 19]]) }
        var pages = ["en/_index.md": markdown("Help"), "en/many/_index.md": markdown("Many"), "ko/_index.md": markdown("도움말")]
        for number in 0..<count {
            pages["en/many/page-\(number).md"] = markdown("Page \(number)", "The word \(word(number)) is here.\n\n## More\n\nMore text.")
        }
        let site = try ScratchSite(pages)
        defer { site.remove() }
        try site.build()
        let index = try BuiltIndex(site: site, locale: "en")
        #expect(index.meta["pages"] as? Int == count + 2)
        #expect(Set(index.fragments.values.compactMap { $0["url"] as? String }).count == count + 2)
        for number in [0, SearchStep.batchSize - 1, SearchStep.batchSize, count - 1] {
            let page = try #require(index.page("/en/many/page-\(number)/"))
            #expect(index.postings[word(number)]?.map(\.page) == [page], "\(word(number)) is in page \(number) only")
        }

        // An edit of a page of the second batch is patched into what a clean build cuts.
        try site.write(markdown("Page 300", "The word kwnew is here."), to: "site/content/en/many/page-\(SearchStep.batchSize + 44).md")
        #expect(try site.build().incremental)
        let patched = try BuiltIndex(site: site, locale: "en")
        var clean = site.options()
        clean.clean = true
        try SiteBuilder(options: clean).build()
        let rebuilt = try BuiltIndex(site: site, locale: "en")
        #expect(patched.postings["kwnew"]?.count == 1 && patched.postings[word(SearchStep.batchSize + 44)] == nil)
        #expect(patched.meta["build"] as? String == rebuilt.meta["build"] as? String)
    }

    @Test func navigationBreadcrumbsAndFootersAreNotIndexed() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Help"),
            "en/guide.md": markdown("Guide", "Plain words here.\n\n> [!TIP]\n> Careful reading."),
            "ko/_index.md": markdown("도움말"),
        ])
        defer { site.remove() }
        try site.build()
        let en = try BuiltIndex(site: site, locale: "en")
        // The page's own words are in; the layout's (skip link, language names, footer, callout label) are not.
        #expect(en.postings["plain"] != nil && en.postings["careful"] != nil)
        for layoutWord in ["skip", "english", "languag", "previous", "org", "search"] {
            #expect(en.postings[layoutWord] == nil, "\(layoutWord) comes from the layout")
        }
        #expect(en.postings["tip"] == nil, "the callout's title is a label")
    }

    @Test func titleOutranksHeadingOutranksBodyAndWeightBoosts() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Help"),
            "en/in-title.md": markdown("Frobnicate", "Other words."),
            "en/in-heading.md": markdown("Second", "Intro.\n\n## Frobnicate\n\nOther words."),
            "en/in-body.md": markdown("Third", "Frobnicate frobnicate frobnicate, and other words."),
            "en/boosted.md": markdown("Fourth", "Frobnicate frobnicate frobnicate, and other words.", extra: "searchWeight: 2\n"),
            "en/hidden.md": markdown("Hidden frobnicate", "Frobnicate.", extra: "search: false\n"),
            "ko/_index.md": markdown("도움말"),
        ])
        defer { site.remove() }
        try site.build()
        let en = try BuiltIndex(site: site, locale: "en")
        let title = try #require(en.score("frobnicat", "/en/in-title/"))
        let heading = try #require(en.score("frobnicat", "/en/in-heading/"))
        let body = try #require(en.score("frobnicat", "/en/in-body/"))
        let boosted = try #require(en.score("frobnicat", "/en/boosted/"))
        #expect(title > heading && heading > body, "title \(title), heading \(heading), body \(body)")
        #expect(abs(boosted - 2 * body) <= 1)
        #expect(en.page("/en/hidden/") == nil, "`search: false` keeps the page out")
        // The hidden page is still built.
        #expect(FileManager.default.fileExists(atPath: site.folder + "/public/en/hidden/index.html"))
    }

    @Test func badSearchSettingsAndAPageOnTheSearchURLAreRefused() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Help"),
            "en/a.md": markdown("A", extra: "search: maybe\n"),
            "en/b.md": markdown("B", extra: "searchWeight: 0\n"),
            "en/c.md": markdown("C", extra: "searchWeight: lots\n"),
            "en/search.md": markdown("Search tips"),
            "ko/_index.md": markdown("도움말"),
        ])
        defer { site.remove() }
        #expect(site.problems(templates: try site.copyTemplates()) == [
            "site/content/en/a.md:3: `search:` must be true or false",
            "site/content/en/b.md:3: `searchWeight:` must be a number above 0 and at most 100 (1 is the default)",
            "site/content/en/c.md:3: `searchWeight:` must be a number above 0 and at most 100 (1 is the default)",
            "site/content/en/search.md:1: the page's URL /en/search/ is already the URL of the search page (templates/search.mustache); change its `slug:` or file name",
        ])
    }

    @Test func watchBringsTheIndexUpToDateWithTheEditAndLeavesNoStaleChunk() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Help"),
            "en/share.md": markdown("Share", "Plain text."),
            "ko/_index.md": markdown("도움말"),
        ])
        defer { site.remove() }
        try site.build()
        let live = LiveSite(options: site.options())
        live.load()
        #expect(try BuiltIndex(site: site, locale: "en").postings["quokka"] == nil)
        try site.write(markdown("Share", "Quokka text."), to: "site/content/en/share.md")
        let rebuild = try live.rebuild(changed: [site.folder + "/site/content/en/share.md"])
        #expect(rebuild.renderedPages >= 1)
        // The index is written in the same step as the page.
        let index = try BuiltIndex(site: site, locale: "en")
        #expect(index.postings["quokka"] != nil && index.postings["plain"] == nil)
        let folder = site.folder + "/public/en/search/index"
        let chunkFiles = Set(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("t.") })
        #expect(chunkFiles == Set((index.meta["chunks"] as! [[String]]).map { $0[2] }), "only the chunks meta.json lists")
    }

    @Test func sectionsAreCutAtHeadingsWithIDsAndTagsAndEntitiesRemoved() {
        let html = """
        <p>Intro &amp; more<br>text.</p>
        <aside class="callout callout-tip" role="note">
        <p class="callout-title">Tip</p>
        <p>Tipped &#8212; text &#x2713;</p>
        </aside>
        <h2 id="first">First <code>step</code></h2>
        <p>One</p><hr>
        <h3 id="deeper">Deeper</h3>
        <table><tr><td>Cell</td></tr></table>
        """
        #expect(PageText.sections(ofArticle: html) == [
            SearchSection(anchor: nil, heading: nil, text: "Intro & more text. Tipped — text ✓"),
            SearchSection(anchor: "first", heading: "First step", text: "One"),
            SearchSection(anchor: "deeper", heading: "Deeper", text: "Cell"),
        ])
        // Raw HTML a page wrote itself, however odd, is cut without failing.
        #expect(PageText.sections(ofArticle: "<h2 id=\"a</h2>\">x</h2><h3 id=\"b\">never closed<h2 id=\"") == [
            SearchSection(anchor: nil, heading: nil, text: ""),
            SearchSection(anchor: "a</h2>", heading: "x", text: "never closed"),
        ])
    }

    @Test func postingsHeldPackedWhileTheIndexIsMadeComeBackAsAdded() {
        var builder = SearchIndex.Builder()
        var expected: [SearchKey: [Int32]] = [:]
        // Page numbers and scores of one, two and three varint bytes.
        for page in [0, 1, 127, 128, 300, 16_384, 70_000] {
            let document = SearchDocument(url: "/ko/p\(page)/", title: "보안링크 \(page)", sectionPath: [], weight: Double(page % 7 + 1) * 40, sections: [
                SearchSection(anchor: nil, heading: nil, text: "링크를 보내려면 주소를 입력합니다. Links \(page)."),
                SearchSection(anchor: "코드", heading: "일회용 코드", text: "메일로 받은 코드를 입력하세요. 링크 링크."),
            ])
            let terms = PageTerms(document).terms
            builder.add(terms, page: Int32(page))
            for term in terms {
                for posting in term.postings { expected[term.key, default: []] += [Int32(page), Int32(posting.section), Int32(posting.score)] }
            }
        }
        let entries = Array(builder.entries())
        #expect(entries.map(\.key) == expected.keys.sorted())
        #expect(entries.allSatisfy { expected[$0.key] == $0.numbers })
        #expect(entries.contains { $0.numbers.count > 3 && $0.numbers.contains { $0 > 16_383 } })
    }

    @Test func aPageFileHoldsItsFieldsAsJSONWithLongSectionsCutForSnippets() throws {
        // Text that needs escapes, a section longer than the snippet source in bytes but not in
        // characters, and one longer in characters.
        let korean = String(repeating: "보안링크 ", count: 400)
        let long = String(repeating: "share the link ", count: 300)
        let document = SearchDocument(url: "/ko/a/", title: "A \"quoted\" <title> & more", sectionPath: ["Drive", "Links\n"], weight: 1, sections: [
            SearchSection(anchor: nil, heading: nil, text: "Intro \u{2028} with \\ and \u{1}"),
            SearchSection(anchor: "korean", heading: "한국어", text: korean),
            SearchSection(anchor: "long", heading: "Long", text: long),
        ])
        let text = SearchShards.fragment(of: document)
        let sections: [[Any]] = document.sections.map { [$0.anchor ?? "", $0.heading ?? "", String($0.text.prefix(SearchShards.snippetSource))] }
        #expect(text == ScriptSafeJSON.encode(["url": document.url, "title": document.title, "path": document.sectionPath, "sections": sections] as [String: Any]))
        let read = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(read["title"] as? String == document.title)
        #expect(read["path"] as? [String] == document.sectionPath)
        let readSections = try #require(read["sections"] as? [[String]])
        #expect(readSections.map { $0[2] } == [document.sections[0].text, korean, String(long.prefix(SearchShards.snippetSource))])
        #expect(!text.contains("<") && !text.contains("&"))

        // Several pages share a page file, one per line, and come back from it as they went in
        // (an edit rewrites one line of a file and keeps the others as they were).
        let other = SearchShards.fragment(of: SearchDocument(url: "/ko/b/", title: "B", sectionPath: [], weight: 1, sections: []))
        let file = SearchShards.pageFile([text, other, text])
        let pages = try #require(JSONSerialization.jsonObject(with: Data(file.utf8)) as? [[String: Any]])
        #expect(pages.map { $0["url"] as? String } == ["/ko/a/", "/ko/b/", "/ko/a/"])
        #expect(SearchShards.fragments(ofPageFile: Array(file.utf8)) == [text, other, text])
        #expect(SearchShards.fragments(ofPageFile: Array(file.dropLast(3).utf8)) == nil)
        #expect(SearchShards.pageFileName(ofPage: 15) == "p/0.json" && SearchShards.pageFileName(ofPage: 16) == "p/1.json")
    }
}
