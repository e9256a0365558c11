import Foundation
import Testing

@testable import HelpSite

/// `aliases:` in front matter: a redirect page at each old URL of a page.
@Suite struct AliasTests {
    @Test func eachAliasGetsARedirectPageThatSearchEnginesSkip() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/drive/_index.md": markdown("Drive"),
            "en/drive/share.md": markdown("Share a file", extra: "aliases:\n  - /en/use-guides/drive/share/\n  - \"/ko/use-guides/%eb%93%9c/\"\n  - /old/share.html\n"),
        ])
        defer { site.remove() }
        try site.build()
        let redirect = try site.output("en/use-guides/drive/share/index.html")
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/en/drive/share/\">"))
        #expect(redirect.contains("<link rel=\"canonical\" href=\"https://help.test/en/drive/share/\">"))
        #expect(redirect.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(redirect.contains("<a href=\"/en/drive/share/\">Share a file</a>"))
        // A percent-encoded old URL is written where a server looks for the decoded path.
        #expect(try site.output("ko/use-guides/드/index.html").contains("url=/en/drive/share/"))
        #expect(try site.output("old/share.html").contains("url=/en/drive/share/"))
        let sitemap = try site.output("sitemap.xml")
        #expect(sitemap.contains("/en/drive/share/"))
        #expect(!sitemap.contains("use-guides"))
        #expect(!sitemap.contains("old/share"))
        #expect(try html5Problems(htmlFiles(under: site.folder + "/public")) == [])
    }

    @Test func anAliasThatIsThePagesOwnURLNeedsNoRedirect() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/a.md": markdown("A", extra: "aliases: [/en/a/]\n"),
        ])
        defer { site.remove() }
        #expect(site.problems() == [])
        #expect(try site.output("en/a/index.html").contains("<h1>A</h1>"))
    }

    @Test func anAliasTakingAPagesURLOrAnotherAliasNamesBothFiles() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/a.md": markdown("A"),
            "en/b.md": markdown("B", extra: "aliases:\n  - /en/a/\n  - /en/old/\n"),
            "en/c.md": markdown("C", extra: "aliases:\n  - /en/old\n"),
        ])
        defer { site.remove() }
        #expect(site.problems() == [
            "site/content/en/b.md:4: the alias /en/a/ is already the URL of site/content/en/a.md:1; remove one of them",
            "site/content/en/c.md:4: the alias /en/old/ is already an alias in site/content/en/b.md:5; remove one of them",
        ])
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public"))
    }

    @Test func anAliasMustBeARootRelativePathInsideTheSite() throws {
        for (alias, line) in [("en/relative/", 4), ("/en/../up/", 4), ("https://old.example.com/a/", 4), ("/a/?p=3", 4),
                              ("/a/%2e%2e/%2E%2E/etc/", 4), ("/a%00b/", 4), ("//old.example.com/a/", 4)] {
            let site = try ScratchSite([
                "en/_index.md": markdown("Home"),
                "en/a.md": markdown("A", extra: "aliases:\n  - \"\(alias)\"\n"),
            ])
            defer { site.remove() }
            #expect(site.problems() == [
                "site/content/en/a.md:\(line): the alias \"\(alias)\" must be a root-relative URL path such as /en/old-page/ (no `..`, `?` or `#`)",
            ])
        }
        let root = try ScratchSite(["en/_index.md": markdown("Home"), "en/a.md": markdown("A", extra: "aliases: [/, /404.html]\n")])
        defer { root.remove() }
        #expect(root.problems() == [
            "site/content/en/a.md:3: the alias / is already the site root's redirect (index.html); remove one of them",
            "site/content/en/a.md:3: the alias /404.html is already the site's 404.html; remove one of them",
        ])
    }

    @Test func aRedirectFollowsItsPageWhenItMovesInAnIncrementalBuild() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/a.md": markdown("A", extra: "aliases: [/en/old/]\n"),
        ])
        defer { site.remove() }
        try site.build()
        try site.write(markdown("A", extra: "slug: moved\naliases: [/en/old/]\n"), to: "site/content/en/a.md")
        try site.build()
        #expect(try site.output("en/old/index.html").contains("url=/en/moved/"))
        try site.write(markdown("A", extra: "slug: moved\n"), to: "site/content/en/a.md")
        try site.build()
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public/en/old/index.html"))
    }
}
