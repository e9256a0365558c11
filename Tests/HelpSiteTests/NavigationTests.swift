import Foundation
import Testing

@testable import HelpSite

/// The sidebar tree, the language switcher and translation fallback, and the page's extras
/// (edit link, favicon, code copy script).
@Suite struct NavigationTests {
    private static let pages = [
        "en/_index.md": markdown("Home"),
        "en/drive/_index.md": markdown("Drive"),
        "en/drive/share.md": markdown("Share", "## Where\n", extra: "order: 1\n"),
        "en/drive/links/_index.md": markdown("Links", extra: "order: 2\n"),
        "en/drive/links/expire.md": markdown("Expire", "See [share](../share.md#where).\n"),
        "en/drive/trash/_index.md": markdown("Trash", extra: "order: 3\n"),
        "en/drive/trash/restore.md": markdown("Restore"),
        "en/mail/_index.md": markdown("Mail"),
        "en/mail/filters.md": markdown("Filters"),
        "ko/_index.md": markdown("홈"),
        "ko/drive/_index.md": markdown("드라이브"),
        "ko/drive/share.md": markdown("공유", "## 어디\n"),
    ]

    @Test func theSidebarIsTheSectionPrunedToTheCurrentBranch() throws {
        let site = try ScratchSite(Self.pages)
        defer { site.remove() }
        try site.build()
        let html = try site.output("en/drive/links/expire/index.html")
        let start = try #require(html.range(of: "<nav class=\"section-nav\""))
        let end = try #require(html.range(of: "</nav>", range: start.upperBound..<html.endIndex))
        let sidebar = String(html[start.lowerBound..<end.upperBound])
        #expect(sidebar.contains("<a href=\"/en/drive/\">Drive</a>"))
        #expect(sidebar.contains("<li><a href=\"/en/drive/share/\">Share</a></li>"))
        #expect(sidebar.contains("<details open><summary><a href=\"/en/drive/links/\">Links</a></summary>"))
        #expect(sidebar.contains("<li><a href=\"/en/drive/links/expire/\" aria-current=\"page\">Expire</a></li>"))
        // Another branch of the section is one link to its page, where that branch opens.
        #expect(sidebar.contains("<li class=\"branch\"><a href=\"/en/drive/trash/\">Trash</a></li>"))
        #expect(!sidebar.contains("/en/drive/trash/restore/"))
        let trash = try site.output("en/drive/trash/index.html")
        #expect(trash.contains("<details open><summary><a href=\"/en/drive/trash/\" aria-current=\"page\">Trash</a></summary>"))
        #expect(trash.contains("<li><a href=\"/en/drive/trash/restore/\">Restore</a></li>"))
        #expect(trash.contains("<li class=\"branch\"><a href=\"/en/drive/links/\">Links</a></li>"))
        // Another top-level section is not.
        #expect(!sidebar.contains("/en/mail/"))
        #expect(sidebar.components(separatedBy: "aria-current=\"page\"").count == 2)
        #expect(try html5Problems(htmlFiles(under: site.folder + "/public")) == [])
    }

    @Test func withoutFallbackTheSwitcherLinksToTheOtherLocalesHome() throws {
        let site = try ScratchSite(Self.pages)
        defer { site.remove() }
        try site.build()
        let html = try site.output("en/drive/links/expire/index.html")
        #expect(html.contains("<a href=\"/ko/\" hreflang=\"ko\" lang=\"ko\">한국어</a>"))
        #expect(!html.contains("hreflang=\"ko\" href="))
        #expect(try site.output("en/drive/share/index.html").contains("<a href=\"/ko/drive/share/\" hreflang=\"ko\" lang=\"ko\">"))
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public/ko/drive/links/expire/index.html"))
    }

    @Test func translationFallbackBuildsTheDefaultLocalesPageWithANotice() throws {
        let site = try ScratchSite(Self.pages, config: ScratchSite.defaultConfig + "\ntranslationFallback: true\n")
        defer { site.remove() }
        try site.build()
        let stand = try site.output("ko/drive/links/expire/index.html")
        #expect(stand.contains("<p class=\"notice\" role=\"note\">이 문서는 아직 한국어로 번역되지 않아 English로 보여 드립니다.</p>"))
        #expect(stand.contains("<article lang=\"en\">"))
        #expect(stand.contains("<h1>Expire</h1>"))
        // Its links go to this locale's pages where they exist (the Korean page has no #where: the original's).
        #expect(stand.contains("href=\"/en/drive/share/#where\""))
        #expect(stand.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"))
        #expect(stand.contains("<link rel=\"canonical\" href=\"https://help.test/en/drive/links/expire/\">"))
        #expect(!stand.contains("rel=\"alternate\" hreflang"))
        // The original links to the stand-in from the switcher, not as an hreflang alternate.
        let original = try site.output("en/drive/links/expire/index.html")
        #expect(original.contains("<a href=\"/ko/drive/links/expire/\" hreflang=\"ko\" lang=\"ko\">"))
        #expect(!original.contains("hreflang=\"ko\" href="))
        let translated = try site.output("en/drive/share/index.html")
        #expect(translated.contains("<link rel=\"alternate\" hreflang=\"ko\" href=\"https://help.test/ko/drive/share/\">"))
        let sitemap = try site.output("sitemap.xml")
        #expect(!sitemap.contains("/ko/drive/links/"))
        #expect(!sitemap.contains("/ko/mail/"))
        #expect(try site.output("ko/mail/filters/index.html").contains("<h1>Filters</h1>"))
        #expect(try html5Problems(htmlFiles(under: site.folder + "/public")) == [])
    }

    @Test func aTranslationReplacingItsStandInInAnIncrementalBuildEqualsACleanBuild() throws {
        let site = try ScratchSite(Self.pages, config: ScratchSite.defaultConfig + "\ntranslationFallback: true\n")
        defer { site.remove() }
        try site.build()
        try site.write(markdown("만료", extra: "aliases: [/ko/old-expire/]\n"), to: "site/content/ko/drive/links/expire.md")
        #expect(try site.build().incremental)
        let page = try site.output("ko/drive/links/expire/index.html")
        #expect(page.contains("<h1>만료</h1>") && !page.contains("class=\"notice\""))
        #expect(try site.output("en/drive/links/expire/index.html").contains("<link rel=\"alternate\" hreflang=\"ko\" href=\"https://help.test/ko/drive/links/expire/\">"))
        let clean = site.folder + "/clean"
        try SiteBuilder(options: .init(site: site.folder + "/site", templates: Repository.templates, output: clean, clean: true)).build()
        let incremental = snapshot(of: site.folder + "/public"), fresh = snapshot(of: clean)
        #expect(incremental.keys.sorted() == fresh.keys.sorted())
        for (path, bytes) in fresh { #expect(incremental[path] == bytes, "\(path) differs from a clean build") }
    }

    @Test func translationFallbackMustBeAFlag() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home")], config: ScratchSite.defaultConfig + "\ntranslationFallback: sometimes\n")
        defer { site.remove() }
        #expect(site.problems() == ["site/config.yml:9: `translationFallback` must be true or false"])
    }

    @Test func editThisPageLinksToTheSourceFile() throws {
        let config = ScratchSite.defaultConfig + "\neditURL: https://git.example.com/docs/edit/main/site/content\n"
        let site = try ScratchSite(["en/_index.md": markdown("Home"), "en/drive/_index.md": markdown("Drive"), "en/drive/a b.md": markdown("A")], config: config)
        defer { site.remove() }
        try site.build()
        #expect(try site.output("en/drive/a b/index.html").contains("<p class=\"edit-page\"><a href=\"https://git.example.com/docs/edit/main/site/content/en/drive/a%20b.md\" rel=\"nofollow\">Edit this page</a></p>"))
        let without = try ScratchSite(["en/_index.md": markdown("Home"), "en/a.md": markdown("A")])
        defer { without.remove() }
        try without.build()
        #expect(try !without.output("en/a/index.html").contains("edit-page"))
        let bad = try ScratchSite(["en/_index.md": markdown("Home")], config: ScratchSite.defaultConfig + "\neditURL: git.example.com/edit\n")
        defer { bad.remove() }
        #expect(bad.problems().first?.hasSuffix("`editURL` must be an absolute http(s) URL such as https://git.example.com/docs/edit/main/site/content/") == true)
    }

    @Test func everyPageLinksTheFaviconAndTheCopyScriptWithoutInlineScript() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home"), "en/a.md": markdown("A", "```\nmake serve-site\n```\n")])
        defer { site.remove() }
        try site.build()
        for file in htmlFiles(under: site.folder + "/public") where !file.hasSuffix("/public/index.html") {
            let html = try String(contentsOfFile: file, encoding: .utf8)
            #expect(html.contains("<link rel=\"icon\" href=\"/assets/favicon."), "\(file) has no favicon")
        }
        let page = try site.output("en/a/index.html")
        #expect(page.contains("<script src=\"/assets/copy-code."))
        #expect(page.contains("data-copy-label=\"Copy\" data-copied-label=\"Copied\""))
        // Every script is a file (the pages' CSP is script-src 'self').
        let inline = page.components(separatedBy: "<script").dropFirst().filter { !$0.hasPrefix(" src=") && !$0.hasPrefix(" type=\"application/ld+json\"") }
        #expect(inline.isEmpty)
    }
}
