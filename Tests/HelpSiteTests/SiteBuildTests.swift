import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import HelpSite

/// Building small sites: page tree, URLs, links, navigation, SEO head, outputs.
@Suite struct SiteBuildTests {
    @Test func linksToMarkdownFilesBecomePageURLs() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home", "Go to [setup](guide/setup.md#before-you-start) or [the guide](guide/_index.md)."),
            "en/guide/_index.md": markdown("Guide", "Back [home](../_index.md), [ahead](#steps), [mail](mailto:a@b.c), [web](https://x.test/a.md)\n\n## Steps\n\n## See [setup](setup.md)"),
            "en/guide/setup.md": markdown("Setup", "## Before you start", extra: "slug: first-steps\n"),
        ])
        defer { site.remove() }
        try site.build()
        let home = try site.output("en/index.html")
        #expect(home.contains("<a href=\"/en/guide/first-steps/#before-you-start\">setup</a>"))
        #expect(home.contains("<a href=\"/en/guide/\">the guide</a>"))
        let guide = try site.output("en/guide/index.html")
        #expect(guide.contains("<a href=\"/en/\">home</a>"))
        #expect(guide.contains("<a href=\"#steps\">ahead</a>"))
        #expect(guide.contains("<a href=\"mailto:a@b.c\">mail</a>"))
        #expect(guide.contains("<a href=\"https://x.test/a.md\">web</a>"))
        #expect(guide.contains("<h2 id=\"see-setup\">See <a href=\"/en/guide/first-steps/\">setup</a></h2>"))
    }

    @Test func brokenLinksAndAnchorsAreAllReportedWithFileAndLine() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home", "Fine [a](a.md).\n\nBroken [x](../x.md) and\n[y](missing/y.md).\n\n[anchor](a.md#nowhere) [self](#nope)"),
            "en/a.md": markdown("A", "## Here"),
        ])
        defer { site.remove() }
        #expect(site.problems() == [
            "site/content/en/_index.md:7: the link \"../x.md\" points to no page",
            "site/content/en/_index.md:8: the link \"missing/y.md\" points to no page",
            "site/content/en/_index.md:10: the link \"#nope\" points to no heading of this page (its ids: none)",
            "site/content/en/_index.md:10: the link \"a.md#nowhere\" points to no heading \"#nowhere\" in site/content/en/a.md",
        ])
    }

    @Test func pagesAreSortedByOrderThenTitleWithPreviousAndNext() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/b.md": markdown("Bravo"),
            "en/a.md": markdown("Alpha"),
            "en/z.md": markdown("Zulu", extra: "order: 1\n"),
            "en/hidden.md": markdown("Hidden", extra: "draft: true\n"),
            "en/old/_index.md": markdown("Old", extra: "draft: true\n"),
            "en/old/page.md": markdown("Old page"),
        ])
        defer { site.remove() }
        try site.build()
        let home = try site.output("en/index.html")
        let nav = try #require(home.range(of: "<nav class=\"section-nav\"")).lowerBound
        let zulu = try #require(home.range(of: ">Zulu</a>", range: nav..<home.endIndex)).lowerBound
        let alpha = try #require(home.range(of: ">Alpha</a>", range: nav..<home.endIndex)).lowerBound
        let bravo = try #require(home.range(of: ">Bravo</a>", range: nav..<home.endIndex)).lowerBound
        #expect(zulu < alpha && alpha < bravo)
        let alphaPage = try site.output("en/a/index.html")
        #expect(alphaPage.contains("rel=\"prev\" href=\"/en/z/\""))
        #expect(alphaPage.contains("rel=\"next\" href=\"/en/b/\""))
        #expect(alphaPage.contains("<li><a href=\"/en/a/\" aria-current=\"page\">Alpha</a></li>"))
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public/en/hidden"))
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public/en/old"))
        #expect(!home.contains("Hidden"))
    }

    @Test func seoHeadHasCanonicalAlternatesOpenGraphTwitterAndJSONLD() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/guide/_index.md": markdown("Guide"),
            "en/guide/page.md": markdown("The page", "First paragraph of the page.\n\nMore."),
            "ko/_index.md": markdown("홈"),
            "ko/guide/_index.md": markdown("안내"),
            "ko/guide/page.md": markdown("문서", "첫 문단."),
        ])
        defer { site.remove() }
        try site.build()
        let page = try site.output("en/guide/page/index.html")
        #expect(page.contains("<title>The page - Test Help</title>"))
        #expect(page.contains("<meta name=\"description\" content=\"First paragraph of the page.\">"))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://help.test/en/guide/page/\">"))
        #expect(page.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://help.test/en/guide/page/\">"))
        #expect(page.contains("<link rel=\"alternate\" hreflang=\"ko\" href=\"https://help.test/ko/guide/page/\">"))
        #expect(page.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://help.test/en/guide/page/\">"))
        #expect(page.contains("<meta property=\"og:title\" content=\"The page - Test Help\">"))
        #expect(page.contains("<meta property=\"og:locale:alternate\" content=\"ko_KR\">"))
        #expect(page.contains("<meta name=\"twitter:card\" content=\"summary\">"))
        #expect(page.contains("<a href=\"/ko/guide/page/\" hreflang=\"ko\" lang=\"ko\">한국어</a>"))

        let json = try #require(page.components(separatedBy: "<script type=\"application/ld+json\">").last?.components(separatedBy: "</script>").first)
        let graph = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["@graph"] as? [[String: Any]])
        #expect(graph.map { $0["@type"] as? String } == ["WebPage", "BreadcrumbList", "WebSite", "Organization"])
        let items = try #require(graph[1]["itemListElement"] as? [[String: Any]])
        #expect(items.map { $0["name"] as? String } == ["Home", "Guide", "The page"])
        #expect(items.map { $0["item"] as? String } == ["https://help.test/en/", "https://help.test/en/guide/", "https://help.test/en/guide/page/"])
        #expect(items.map { $0["position"] as? Int } == [1, 2, 3])
    }

    @Test func sitemapListsEveryPageWithItsAlternatesAndRobotsNamesIt() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"), "en/only-en.md": markdown("Only English"),
            "ko/_index.md": markdown("홈"),
        ])
        defer { site.remove() }
        try site.build()
        let sitemap = try site.output("sitemap.xml")
        #expect(sitemap.contains("<loc>https://help.test/en/only-en/</loc>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://help.test/en/only-en/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://help.test/en/only-en/\"/>"))
        #expect(sitemap.contains("<loc>https://help.test/ko/</loc>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://help.test/en/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"ko\" href=\"https://help.test/ko/\"/>"))
        #expect(sitemap.components(separatedBy: "<url>").count - 1 == 3)
        #expect(!sitemap.contains("/link/"))
        #expect(try site.output("robots.txt").contains("Sitemap: https://help.test/sitemap.xml"))
        let xml = try XMLDocument(data: Data(sitemap.utf8))
        #expect(try xml.nodes(forXPath: "//*[local-name()='url']").count == 3)
    }

    @Test func assetsGetContentHashedNamesThatTemplatesReference() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home")])
        defer { site.remove() }
        try site.build()
        let assets = try FileManager.default.contentsOfDirectory(atPath: site.folder + "/public/assets").sorted()
        // app.css, copy-code.js, favicon.svg, link.js, search-analysis.js, search-index.js, search.js, toc.js
        #expect(assets.count == 8)
        // The three search scripts, in the order they depend on each other.
        let home = try site.output("en/index.html")
        let scripts = ["search-analysis.", "search-index.", "search."].map { prefix -> String.Index? in
            guard let file = assets.first(where: { $0.hasPrefix(prefix) }) else { return nil }
            return home.range(of: "<script src=\"/assets/\(file)\" defer></script>")?.lowerBound
        }
        #expect(scripts.allSatisfy { $0 != nil }, "every search script is on the page")
        #expect(scripts.compactMap { $0 } == scripts.compactMap { $0 }.sorted())
        let css = try #require(assets.first { $0.hasPrefix("app.") })
        #expect(css.range(of: #"^app\.[0-9a-f]{8}\.css$"#, options: .regularExpression) != nil)
        #expect(try site.output("en/index.html").contains("<link rel=\"stylesheet\" href=\"/assets/\(css)\">"))
        // A changed file gets a new name.
        try site.write("body { color: red; }", to: "site/assets/app.css")
        try site.build()
        let rebuilt = try FileManager.default.contentsOfDirectory(atPath: site.folder + "/public/assets")
        #expect(!rebuilt.contains(css))
        #expect(rebuilt.contains { $0.hasPrefix("app.") })
    }

    @Test func baseURLWithAPathPrefixesEveryLink() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home", "[a](a.md)"), "en/a.md": markdown("A")])
        defer { site.remove() }
        var options = site.options()
        options.baseURL = "https://example.org/help/"
        try SiteBuilder(options: options).build()
        let home = try site.output("en/index.html")
        #expect(home.contains("<a href=\"/help/en/a/\">a</a>"))
        #expect(home.contains("href=\"https://example.org/help/en/\""))
        #expect(home.contains("href=\"/help/assets/app."))
        #expect(try site.output("en/link/index.html").contains("<script src=\"/help/assets/link."))
    }

    @Test func sectionFolderWithoutIndexStillGetsAPage() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home"), "en/tools/hammer.md": markdown("Hammer")])
        defer { site.remove() }
        try site.build()
        let section = try site.output("en/tools/index.html")
        #expect(section.contains("<a href=\"/en/tools/hammer/\">Hammer</a>"))
    }

    @Test func invalidUTF8BecomesTheReplacementCharacter() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home")])
        defer { site.remove() }
        var bytes = Data("---\ntitle: Bytes\n---\n\nBad ".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE])
        bytes.append(contentsOf: Array(" end.\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: site.folder + "/site/content/en/bytes.md"))
        try site.build()
        #expect(try site.output("en/bytes/index.html").contains("<p>Bad \u{FFFD}\u{FFFD} end.</p>"))
    }

    @Test func templateValuesAreEscapedEvenWhereAMarkFollowsTheCharacter() throws {
        // A `"` with a combining accent is one Character; a browser still reads the quote as markup.
        let site = try ScratchSite(["en/_index.md": markdown("Home"), "en/q.md": markdown("'Say \"\u{301}hi\" & <b>it''s</b>'")])
        defer { site.remove() }
        try site.build()
        let page = try site.output("en/q/index.html")
        #expect(page.contains("<h1>Say &quot;\u{301}hi&quot; &amp; &lt;b&gt;it&#39;s&lt;/b&gt;</h1>"))
        #expect(page.contains("<title>Say &quot;\u{301}hi&quot; &amp; &lt;b&gt;it&#39;s&lt;/b&gt; - "))
        #expect(page.contains("<meta property=\"og:title\" content=\"Say &quot;\u{301}hi&quot; &amp; &lt;b&gt;it&#39;s&lt;/b&gt; - "))
    }

    @Test func checkWritesNothing() throws {
        // en home, ko home (made for the locale with no content yet), and the two authentication pages.
        let site = try ScratchSite(["en/_index.md": markdown("Home")])
        defer { site.remove() }
        let report = try SiteBuilder(options: site.options()).check()
        #expect(report.summary.hasPrefix("Checked 4 pages in 2 locales"))
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public"))
        #expect((try FileManager.default.contentsOfDirectory(atPath: site.folder)).sorted() == ["site"])
    }

    @Test func successfulBuildReplacesTheOldSiteWhole() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home")])
        defer { site.remove() }
        try site.write("stale", to: "public/stale.html")
        let report = try site.build()
        #expect(report.summary.hasPrefix("Built 4 pages in 2 locales in "))
        #expect(report.summary.hasSuffix(" s → \(site.folder)/public/"))
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public/stale.html"))
        #expect(FileManager.default.fileExists(atPath: site.folder + "/public/en/index.html"))
        // The old site is deleted in the background, outside public/; soon nothing but the build state is left beside it.
        let settled = waitUntil(seconds: 20) {
            (try? FileManager.default.contentsOfDirectory(atPath: site.folder))?.sorted() == [".helpgen", "public", "site"]
        }
        #expect(settled, "left beside public/: \((try? FileManager.default.contentsOfDirectory(atPath: site.folder)) ?? [])")
    }
}
