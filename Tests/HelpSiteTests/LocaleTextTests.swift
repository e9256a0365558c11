import Foundation
import Testing

@testable import HelpSite

/// Each locale's site title, organization name and dates, and "Last updated" from front matter or git.
@Suite struct LocaleTextTests {
    @Test func theSiteTitleAndOrganizationComeFromEachLocalesTranslations() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"), "en/a.md": markdown("Share"),
            "ko/_index.md": markdown("홈"), "ko/a.md": markdown("공유"),
        ])
        defer { site.remove() }
        let ko = try String(contentsOfFile: site.folder + "/site/i18n/ko.yml", encoding: .utf8)
        #expect(ko.hasPrefix("site:\n  title: 도움말 센터\n"))
        try site.write(ko.replacingOccurrences(of: "site:\n", with: "site:\n  organization: 예시 회사\n"), to: "site/i18n/ko.yml")
        try site.build()
        let page = try site.output("ko/a/index.html")
        #expect(page.contains("<a class=\"brand\" href=\"/ko/\">도움말 센터</a>"))
        #expect(page.contains("<title>공유 - 도움말 센터</title>"))
        #expect(page.contains("<meta property=\"og:site_name\" content=\"도움말 센터\">"))
        #expect(page.contains("\"name\":\"예시 회사\""))
        #expect(page.contains("<p>예시 회사 · "))
        #expect(try site.output("ko/search/index.html").contains("<title>검색 - 도움말 센터</title>"))
        let en = try site.output("en/a/index.html")
        // English has no `site:` strings: the config's title and organization.
        #expect(en.contains("<a class=\"brand\" href=\"/en/\">Test Help</a>"))
        #expect(en.contains("<title>Share - Test Help</title>"))
        #expect(en.contains("<p>Test Org · "))
        #expect(!en.contains("도움말 센터"))
    }

    @Test func withoutATitleInTheTranslationsTheConfigsTitleIsUsed() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home"), "en/a.md": markdown("Share")])
        defer { site.remove() }
        try site.write("nav:\n  home: 홈\n", to: "site/i18n/ko.yml")
        try site.write(markdown("홈"), to: "site/content/ko/_index.md")
        try site.build()
        #expect(try site.output("ko/index.html").contains("<title>Test Help</title>"))
    }

    @Test func datesAreWrittenForTheLocaleInATimeElement() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"), "en/a.md": markdown("Share", extra: "updated: 2026-11-29\n"),
            "ko/_index.md": markdown("홈"), "ko/a.md": markdown("공유", extra: "updated: 2026-01-05\n"),
        ])
        defer { site.remove() }
        try site.build()
        #expect(try site.output("en/a/index.html").contains("<p class=\"updated\">Last updated <time datetime=\"2026-11-29\">November 29, 2026</time></p>"))
        #expect(try site.output("ko/a/index.html").contains("<time datetime=\"2026-01-05\">2026년 1월 5일</time>"))
        #expect(LocaleDate.text(iso: "2026-11-29", strings: nil) == "2026-11-29")
    }

    @Test func lastUpdatedComesFromGitWhenFrontMatterHasNoDate() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"), "en/a.md": markdown("A"),
            "en/b.md": markdown("B", extra: "updated: 2025-03-01\n"), "en/c.md": markdown("C"),
        ])
        defer { site.remove() }
        // Outside a repository there is no date.
        try site.build()
        #expect(try !site.output("en/a/index.html").contains("class=\"updated\""))
        try git(site, ["init", "-q"])
        try git(site, ["add", "site/content/en/_index.md", "site/content/en/a.md", "site/content/en/b.md"])
        try git(site, ["commit", "-q", "-m", "first"], date: "2026-11-01T10:00:00Z")
        try site.write(markdown("A", "Changed."), to: "site/content/en/a.md")
        try git(site, ["commit", "-q", "-am", "second"], date: "2026-11-29T10:00:00Z")
        try site.build()
        #expect(try site.output("en/a/index.html").contains("<time datetime=\"2026-11-29\">November 29, 2026</time>"))
        #expect(try site.output("en/b/index.html").contains("<time datetime=\"2025-03-01\">"), "front matter wins over git")
        #expect(try !site.output("en/c/index.html").contains("class=\"updated\""), "a file no commit touched has no date")
        #expect(try site.output("sitemap.xml").contains("<lastmod>2026-11-29</lastmod>"))

        // A commit changes the date without changing the file's bytes: the incremental build shows
        // it and equals a clean build byte for byte.
        try git(site, ["commit", "-q", "--amend", "--no-edit", "--date=2026-12-24T10:00:00Z"], date: "2026-12-24T10:00:00Z")
        let report = try site.build()
        #expect(report.incremental)
        #expect(try site.output("en/a/index.html").contains("<time datetime=\"2026-12-24\">December 24, 2026</time>"))
        let clean = site.folder + "/clean"
        try SiteBuilder(options: .init(site: site.folder + "/site", templates: Repository.templates, output: clean, clean: true)).build()
        let incremental = snapshot(of: site.folder + "/public"), fresh = snapshot(of: clean)
        #expect(incremental.keys.sorted() == fresh.keys.sorted())
        for (path, bytes) in fresh { #expect(incremental[path] == bytes, "\(path) differs from a clean build") }
    }

    @Test func gitsOutputIsReadAsOneListNewestFirst() {
        let log = Data("\u{1}2026-11-29\0\nen/a.md\0en/b.md\0\u{1}2026-10-01\0\nen/a.md\0ko/c d.md\0".utf8)
        #expect(LastCommitDates.parse(log, content: "site/content") == [
            "site/content/en/a.md": "2026-11-29", "site/content/en/b.md": "2026-11-29", "site/content/ko/c d.md": "2026-10-01",
        ])
    }

    /// Runs git in the scratch folder with a fixed identity and, when given, author and committer dates.
    private func git(_ site: ScratchSite, _ arguments: [String], date: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Writer", "-c", "user.email=writer@example.com", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: site.folder)
        var environment = ProcessInfo.processInfo.environment
        if let date { environment["GIT_AUTHOR_DATE"] = date; environment["GIT_COMMITTER_DATE"] = date }
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
    }
}
