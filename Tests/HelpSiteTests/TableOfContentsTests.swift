import Foundation
import Testing

@testable import HelpSite

/// "On this page": made from a page's `##` and `###` headings, left out with `toc: false` or fewer
/// than two headings, and loading its script only where it is shown.
@Suite struct TableOfContentsTests {
    @Test func aPageWithHeadingsGetsANavOfItsSecondAndThirdLevelHeadings() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/steps.md": markdown("Steps", "## Before you start\n\n### 준비물\n\n#### Too deep\n\n## Revoke a link"),
            "ko/_index.md": markdown("홈"),
            "ko/steps.md": markdown("단계", "## 시작하기 전에\n\n## 링크 취소"),
        ])
        defer { site.remove() }
        try site.build()
        let page = try site.output("en/steps/index.html")
        let nav = try #require(page.firstMatch(of: /<nav class="toc" aria-label="On this page">[\s\S]*?<\/nav>/)).output
        #expect(nav.contains("<li><a href=\"#before-you-start\">Before you start</a></li>\n<li class=\"toc-sub\"><a href=\"#준비물\">준비물</a></li>\n<li><a href=\"#revoke-a-link\">Revoke a link</a></li>"))
        #expect(!nav.contains("Too deep"))
        #expect(nav.contains("<details class=\"toc-fold\">\n<summary>On this page</summary>"))
        #expect(page.contains(#/<script src="/assets/toc\.[0-9a-f]{8}\.js" defer></script>/#))
        // The label is the locale's.
        #expect(try site.output("ko/steps/index.html").contains("<nav class=\"toc\" aria-label=\"이 페이지의 내용\">"))
    }

    @Test func tocFalseOrFewerThanTwoHeadingsMeansNone() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/off.md": markdown("Off", "## One\n\n## Two", extra: "toc: false\n"),
            "en/short.md": markdown("Short", "## Only one\n\n#### And a deep one"),
        ])
        defer { site.remove() }
        try site.build()
        for page in ["en/off/index.html", "en/short/index.html"] {
            let html = try site.output(page)
            #expect(!html.contains("class=\"toc\""), "\(page)")
            #expect(!html.contains("/assets/toc."), "\(page) loads no script it does not use")
        }
    }

    @Test func aTocValueThatIsNoFlagIsAProblemAtItsLine() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home", extra: "toc: sometimes\n")])
        defer { site.remove() }
        #expect(site.problems() == ["site/content/en/_index.md:3: `toc:` must be true or false"])
    }
}
