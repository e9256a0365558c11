import Foundation
import Testing

@testable import HelpSite

/// Each Markdown feature, on cmark's tree (no site around it).
@Suite struct MarkdownTests {
    private let labels = CalloutLabels(titles: ["tip": "Tip", "note": "Note", "warning": "Warning"])

    private func render(_ markdown: String) -> (html: String, headings: [HeadingAnchor]) {
        let tree = CommonMarkTree(markdown: markdown)
        tree.convertCallouts(labels.box(for:))
        var ids = HeadingIDs()
        let headings = tree.assignHeadingIDs { ids.id(for: $0) }
        return (tree.renderHTML(), headings)
    }

    @Test func repeatedHeadingsGetNumberedIdsThatNeverCollide() {
        var ids = HeadingIDs()
        #expect(["A", "A", "A-1", "A", "Content"].map { ids.id(for: $0) } == ["a", "a-1", "a-1-1", "a-2", "content-1"])
        // 20,000 repeats (helpgen once took minutes on these: each repeat retried every suffix).
        var many = HeadingIDs()
        let repeated = (0..<20_000).map { _ in many.id(for: "Same heading") }
        #expect(Set(repeated).count == 20_000)
        #expect(repeated.last == "same-heading-19999")
    }

    @Test func rendersCommonMarkWithSmartPunctuation() {
        let html = render("It's \"quoted\" -- and *this* --- too...").html
        #expect(html == "<p>It’s “quoted” – and <em>this</em> — too…</p>\n")
    }

    @Test func keepsRawHTMLTablesAsWritten() {
        let table = "<table class=\"guidance\">\n<tr><td rowspan=\"2\">A</td><td>B</td></tr>\n</table>"
        #expect(render("Intro\n\n\(table)\n").html == "<p>Intro</p>\n\(table)\n")
    }

    @Test(arguments: [("TIP", "tip", "Tip"), ("NOTE", "note", "Note"), ("WARNING", "warning", "Warning"), ("tip", "tip", "Tip")])
    func turnsMarkedBlockquotesIntoCallouts(marker: String, kind: String, title: String) {
        let html = render("> [!\(marker)]\n> Copy the *link*.\n>\n> Second paragraph.").html
        #expect(html.hasPrefix("<aside class=\"callout callout-\(kind)\""))
        #expect(html.contains("<p class=\"callout-title\">\(title)</p>\n<p>Copy the <em>link</em>.</p>\n<p>Second paragraph.</p>\n</aside>"))
        #expect(!html.contains("[!"))
        #expect(!html.contains("blockquote"))
    }

    @Test func calloutMarkerOnItsOwnParagraphIsDropped() {
        let html = render("> [!NOTE]\n>\n> Body.").html
        #expect(html.contains("<p class=\"callout-title\">Note</p>\n<p>Body.</p>\n</aside>"))
    }

    @Test func leavesOtherBlockquotesAlone() {
        #expect(render("> [!DANGER]\n> Body.").html.hasPrefix("<blockquote>"))
        #expect(render("> Just a quote.").html == "<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n")
        #expect(render("> [!TIP] with more text on the line").html.hasPrefix("<blockquote>"))
    }

    @Test func headingsGetIDsThatKeepKoreanAndJapanese() {
        let result = render("## Open a link\n\n## 보안 OTP 링크 열기\n\n### リンクを開く\n\n## What's *new*?")
        #expect(result.headings.map(\.id) == ["open-a-link", "보안-otp-링크-열기", "リンクを開く", "whats-new"])
        #expect(result.html.contains("<h2 id=\"보안-otp-링크-열기\">"))
        #expect(result.html.contains("<h3 id=\"リンクを開く\">リンクを開く</h3>"))
        #expect(result.html.contains("<h2 id=\"whats-new\">What’s <em>new</em>?</h2>"))
        #expect(result.headings.map(\.line) == [1, 3, 5, 7])
    }

    @Test func repeatedHeadingsGetUniqueIDs() {
        let ids = render("## Steps\n\n## Steps\n\n## Steps\n\n## Steps-1").headings.map(\.id)
        #expect(ids == ["steps", "steps-1", "steps-2", "steps-1-1"])
        #expect(Set(ids).count == ids.count)
    }

    @Test func headingsNeverTakeAnIDOfTheLayout() {
        #expect(render("## Content").headings.map(\.id) == ["content-1"])
    }

    @Test func headingWithoutLettersStillGetsAnID() {
        #expect(render("## !!!").headings.map(\.id) == ["section"])
    }

    @Test func linksAreReportedWithTheirLines() {
        let tree = CommonMarkTree(markdown: "Intro\n\nSee [a](a.md) and\n[b](../b.md#x).\n\n- [c](https://example.com)")
        #expect(tree.links().map(\.destination) == ["a.md", "../b.md#x", "https://example.com"])
        #expect(tree.links().map(\.line).allSatisfy { $0 >= 3 })
    }

    @Test func firstParagraphIsThePlainTextLead() {
        let tree = CommonMarkTree(markdown: "## Title\n\nThe *first* `real`\nparagraph.\n\nSecond.")
        #expect(tree.firstParagraphText() == "The first real paragraph.")
    }

    @Test func longDescriptionsAreCutAtAWord() {
        let text = String(repeating: "word ", count: 60)
        let summary = PlainText.summary(text)
        #expect(summary.count <= 161)
        #expect(summary.hasSuffix("word…"))
        #expect(PlainText.summary("Short  text\nhere.") == "Short text here.")
    }

    @Test func frontMatterIsSplitFromTheBody() {
        let parts = FrontMatter.split("---\ntitle: A\n---\n\nBody\n")
        #expect(parts.yaml == "title: A")
        #expect(parts.body == "\nBody\n")
        #expect(parts.bodyLine == 4)
    }
}

/// The JSON written into `<script>` data blocks.
@Suite struct ScriptSafeJSONTests {
    @Test func cannotCloseTheScriptElementAndStaysValidJSON() throws {
        let value: [String: Any] = ["b": "</script><b>&\"\\\n\u{2028}", "a": [1, true, ["x": "한국어"]] as [Any]]
        let json = ScriptSafeJSON.encode(value)
        #expect(json == #"{"a":[1,true,{"x":"한국어"}],"b":"\u003c/script\u003e\u003cb\u003e\u0026\"\\\n\u2028"}"#)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(decoded["b"] as? String == "</script><b>&\"\\\n\u{2028}")
    }
}

/// A link's URL filled into a page body's slot is written exactly as cmark writes it.
@Suite struct PageBodySlotTests {
    /// The `href` cmark writes for a link whose URL is `url`.
    private func cmarkHref(_ url: String) -> String {
        let tree = CommonMarkTree(markdown: "[x](a)")
        tree.rewriteLinks { _ in url }
        let html = tree.renderHTML()
        let start = html.range(of: "href=\"")!.upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    @Test func everyASCIICharacterAndKoreanTextAreEscapedAsCmarkEscapesThem() {
        let ascii = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        for url in ascii + ["/en/guide/안내/#단계", "/en/a b/?q=1&r='2'#x%20y", "\u{7}\u{7F}é"] {
            var html = ""
            PageBodyHTML.appendEscapedHref(url, to: &html)
            #expect(html == cmarkHref(url), "\(url)")
        }
    }

    @Test func linksToPagesBecomeSlotsAndEveryOtherLinkStaysAsWritten() {
        let labels = CalloutLabels(titles: ["tip": "Tip"])
        let markdown = "## See [b](b.md)\n\n[x](https://x.test) [c](../c/_index.md#top) [h](#see-b) [d](/d.md)\n"
        let parsed = CommonMarkTree.parse(markdown, callouts: labels.box(for:), isPageLink: LinkResolver.isPageLink)
        #expect(parsed.body.slotCount == 2)
        #expect(parsed.links.map(\.destination) == ["b.md", "https://x.test", "../c/_index.md#top", "#see-b", "/d.md"])
        #expect(parsed.body.html(links: ["/en/b/", "/en/c/#top"]) == """
        <h2 id="see-b">See <a href="/en/b/">b</a></h2>
        <p><a href="https://x.test">x</a> <a href="/en/c/#top">c</a> <a href="#see-b">h</a> <a href="/d.md">d</a></p>

        """)
    }
}

/// The front matter fence, found as it always was: a line of its own that is `---`.
@Suite struct FrontMatterSplitTests {
    @Test(arguments: [
        ("---\ntitle: A\n---\n\nBody\n", "title: A", "\nBody\n", 4),
        ("---\n---\nBody", "", "Body", 3),
        ("---\ntitle: A\n  ---  \n", "title: A", "", 4),
        ("---\ntitle: A\n---", "title: A", "", 4),
        ("---\na: 1\nb: 2\n---\n# H\n", "a: 1\nb: 2", "# H\n", 5),
    ])
    func theBlockAndTheBodyAreCutAtTheClosingFence(source: String, yaml: String, body: String, bodyLine: Int) {
        let parts = FrontMatter.split(source)
        #expect(parts.yaml == yaml && parts.body == body && parts.bodyLine == bodyLine)
    }

    @Test(arguments: ["title: A\n---\n", "---\ntitle: A\nno fence\n", "---\r\ntitle: A\r\n---\r\n", "---"])
    func withoutAClosingFenceThereIsNoFrontMatter(source: String) {
        let parts = FrontMatter.split(source)
        #expect(parts.yaml == nil && parts.body == source && parts.bodyLine == 1)
    }
}
