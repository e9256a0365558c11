import Foundation
import Testing

@testable import HelpSite

/// GitHub Flavored Markdown's tables, strikethrough and bare-URL links, built on cmark's tree: the
/// examples of the GFM spec for each, with the expected HTML compared after whitespace between tags is
/// normalised (and a table's scroll box taken off, as the spec has none).
@Suite struct GFMTests {
    private func html(_ markdown: String) -> String {
        let parsed = CommonMarkTree.parse(markdown, callouts: { _ in nil }, isPageLink: { _ in false })
        return parsed.body.parts[0]
    }

    /// Whitespace between tags dropped, the scroll box around tables removed, curly apostrophes straight
    /// (pages are parsed with smart punctuation; the spec is not).
    private func normalised(_ html: String) -> String {
        html.replacingOccurrences(of: "<div class=\"table-scroll\">", with: "")
            .replacingOccurrences(of: "</table>\n</div>", with: "</table>")
            .replacingOccurrences(of: "’", with: "'")
            .replacingOccurrences(of: ">\\s+<", with: "><", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let tableExamples: [(markdown: String, html: String)] = [
        ("| foo | bar |\n| --- | --- |\n| baz | bim |",
         "<table><thead><tr><th>foo</th><th>bar</th></tr></thead><tbody><tr><td>baz</td><td>bim</td></tr></tbody></table>"),
        ("| abc | defghi |\n:-: | -----------:\nbar | baz",
         "<table><thead><tr><th align=\"center\">abc</th><th align=\"right\">defghi</th></tr></thead><tbody><tr><td align=\"center\">bar</td><td align=\"right\">baz</td></tr></tbody></table>"),
        ("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |",
         "<table><thead><tr><th>f|oo</th></tr></thead><tbody><tr><td>b <code>|</code> az</td></tr><tr><td>b <strong>|</strong> im</td></tr></tbody></table>"),
        ("| abc | def |\n| --- | --- |\n| bar | baz |\n> bar",
         "<table><thead><tr><th>abc</th><th>def</th></tr></thead><tbody><tr><td>bar</td><td>baz</td></tr></tbody></table><blockquote><p>bar</p></blockquote>"),
        ("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar",
         "<table><thead><tr><th>abc</th><th>def</th></tr></thead><tbody><tr><td>bar</td><td>baz</td></tr><tr><td>bar</td><td></td></tr></tbody></table><p>bar</p>"),
        // Not a table, so an ordinary paragraph: pages are parsed with smart punctuation, `---` is a dash.
        ("| abc | def |\n| --- |\n| bar |",
         "<p>| abc | def |\n| — |\n| bar |</p>"),
        ("| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |",
         "<table><thead><tr><th>abc</th><th>def</th></tr></thead><tbody><tr><td>bar</td><td></td></tr><tr><td>bar</td><td>baz</td></tr></tbody></table>"),
        ("| abc | def |\n| --- | --- |",
         "<table><thead><tr><th>abc</th><th>def</th></tr></thead></table>"),
    ]

    @Test(arguments: tableExamples.indices)
    func tableExamplesOfTheSpec(index: Int) {
        let example = Self.tableExamples[index]
        #expect(normalised(html(example.markdown)) == example.html)
    }

    @Test func tableSitsInAScrollBoxAndKeepsItsDashesFromSmartPunctuation() {
        let result = html("| Who | Can revoke |\n|---|---|\n| Owner -- always | yes |")
        #expect(result.hasPrefix("<div class=\"table-scroll\">\n<table>\n<thead>"))
        #expect(result.hasSuffix("</table>\n</div>\n"))
        #expect(!result.contains("—"))
        #expect(!result.contains("|"))
        // Cells still get smart punctuation, like any other text.
        #expect(result.contains("<td>Owner – always</td>"))
    }

    @Test func textBeforeTheHeaderRowStaysAParagraph() {
        let markdown = "Who can do [what](https://example.com/what):\n| Who | What |\n| --- | :-- |\n| *Owner* | [all](https://example.com/) |"
        let parsed = CommonMarkTree.parse("Intro\n\n" + markdown, callouts: { _ in nil }, isPageLink: { _ in false })
        #expect(parsed.links.map(\.line) == [3, 6])
        let result = normalised(html(markdown))
        #expect(result == "<p>Who can do <a href=\"https://example.com/what\">what</a>:</p><table><thead><tr><th>Who</th><th align=\"left\">What</th></tr></thead><tbody><tr><td><em>Owner</em></td><td align=\"left\"><a href=\"https://example.com/\">all</a></td></tr></tbody></table>")
    }

    @Test func tablesInsideQuotesAndListItems() {
        let quoted = normalised(html("> | a | b |\n> | - | - |\n> | 1 | 2 |"))
        #expect(quoted == "<blockquote><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table></blockquote>")
        let listed = normalised(html("1. Steps:\n\n   | a | b |\n   | - | - |\n   | 1 | 2 |"))
        #expect(listed == "<ol><li><p>Steps:</p><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table></li></ol>")
    }

    @Test func cellsThatLookLikeBlocksStayText() {
        let result = normalised(html("| a | b | c |\n| - | - | - |\n| # not a heading | - not a list | 1. not a list |"))
        #expect(result.contains("<td># not a heading</td><td>- not a list</td><td>1. not a list</td>"))
    }

    @Test func referenceLinksAndPageLinksInCells() {
        let markdown = "Intro.\n\n| Page | Where |\n| --- | --- |\n| [Guide][g] | [next](next.md) |\n\n[g]: https://example.com/guide\n"
        let parsed = CommonMarkTree.parse(markdown, callouts: { _ in nil }, isPageLink: { $0.hasSuffix(".md") })
        #expect(parsed.links.map(\.destination) == ["https://example.com/guide", "next.md"])
        // Links in cells carry their row's line, for errors such as a broken link.
        #expect(parsed.links.map(\.line) == [5, 5])
        #expect(parsed.body.slotCount == 1)
        let filled = parsed.body.html(links: ["/en/next/"])
        #expect(filled.contains("<td><a href=\"https://example.com/guide\">Guide</a></td>\n<td><a href=\"/en/next/\">next</a></td>"))
    }

    @Test func tablesWrittenWithWindowsLineEndings() {
        let result = normalised(html("Intro\r\n\r\n| a | b |\r\n| --- | ---: |\r\n| 1 | 2 |\r\n"))
        #expect(result == "<p>Intro</p><table><thead><tr><th>a</th><th align=\"right\">b</th></tr></thead><tbody><tr><td>1</td><td align=\"right\">2</td></tr></tbody></table>")
    }

    @Test func manyTildeRunsStayFast() {
        // 5,000 openers of one tilde, then 5,000 closers of two that match none of them: each closer
        // is looked at once, not once per earlier opener.
        let tildes = String(repeating: " ~a", count: 5_000) + String(repeating: " b~~", count: 5_000)
        let struck = html(tildes)
        #expect(!struck.contains("<del>") && struck.hasSuffix("b~~</p>\n"))
    }

    @Test func manyReferenceDefinitionsAndCellsStayFast() {
        let definitions = (0..<2_000).map { "[ref\($0)]: https://example.com/\($0)" }.joined(separator: "\n")
        let rows = (0..<500).map { "| [x][ref\($0)] | y |" }.joined(separator: "\n")
        let result = html("| a | b |\n| - | - |\n" + rows + "\n\n" + definitions)
        #expect(result.contains("<td><a href=\"https://example.com/499\">x</a></td>"))
    }

    @Test func aParagraphWithPipesButNoDelimiterRowIsLeftAlone() {
        #expect(html("a | b\nc | d") == "<p>a | b\nc | d</p>\n")
    }

    // MARK: - Strikethrough

    @Test func strikethroughExamplesOfTheSpec() {
        #expect(normalised(html("~~Hi~~ Hello, ~there~ world!")) == "<p><del>Hi</del> Hello, <del>there</del> world!</p>")
        #expect(normalised(html("This ~~has a\n\nnew paragraph~~.")) == "<p>This ~~has a</p><p>new paragraph~~.</p>")
        #expect(normalised(html("This will ~~~not~~~ strike.")) == "<p>This will ~~~not~~~ strike.</p>")
    }

    @Test func strikethroughAroundEmphasisAndNotInCode() {
        #expect(normalised(html("~~a *b* c~~")) == "<p><del>a <em>b</em> c</del></p>")
        #expect(normalised(html("`~~kept~~` and ~~gone~~")) == "<p><code>~~kept~~</code> and <del>gone</del></p>")
        #expect(normalised(html("~~one~ and 2 ~ 3")) == "<p>~~one~ and 2 ~ 3</p>")
        #expect(normalised(html("## Old ~~name~~")) == "<h2 id=\"old-name\">Old <del>name</del></h2>")
    }

    // MARK: - Bare URLs

    private static let autolinkExamples: [(markdown: String, html: String)] = [
        ("www.commonmark.org", "<p><a href=\"http://www.commonmark.org\">www.commonmark.org</a></p>"),
        ("Visit www.commonmark.org/help for more information.",
         "<p>Visit <a href=\"http://www.commonmark.org/help\">www.commonmark.org/help</a> for more information.</p>"),
        ("Visit www.commonmark.org.\n\nVisit www.commonmark.org/a.b.",
         "<p>Visit <a href=\"http://www.commonmark.org\">www.commonmark.org</a>.</p><p>Visit <a href=\"http://www.commonmark.org/a.b\">www.commonmark.org/a.b</a>.</p>"),
        ("www.google.com/search?q=Markup+(business)\n\nwww.google.com/search?q=Markup+(business)))\n\n(www.google.com/search?q=Markup+(business))\n\n(www.google.com/search?q=Markup+(business)",
         "<p><a href=\"http://www.google.com/search?q=Markup+(business)\">www.google.com/search?q=Markup+(business)</a></p><p><a href=\"http://www.google.com/search?q=Markup+(business)\">www.google.com/search?q=Markup+(business)</a>))</p><p>(<a href=\"http://www.google.com/search?q=Markup+(business)\">www.google.com/search?q=Markup+(business)</a>)</p><p>(<a href=\"http://www.google.com/search?q=Markup+(business)\">www.google.com/search?q=Markup+(business)</a></p>"),
        ("www.google.com/search?q=(business))+ok",
         "<p><a href=\"http://www.google.com/search?q=(business))+ok\">www.google.com/search?q=(business))+ok</a></p>"),
        ("www.google.com/search?q=commonmark&hl=en\n\nwww.google.com/search?q=commonmark&hl;",
         "<p><a href=\"http://www.google.com/search?q=commonmark&amp;hl=en\">www.google.com/search?q=commonmark&amp;hl=en</a></p><p><a href=\"http://www.google.com/search?q=commonmark\">www.google.com/search?q=commonmark</a>&amp;hl;</p>"),
        ("www.commonmark.org/he<lp",
         "<p><a href=\"http://www.commonmark.org/he\">www.commonmark.org/he</a>&lt;lp</p>"),
        ("http://commonmark.org\n\n(Visit https://encrypted.google.com/search?q=Markup+(business))\n\nAnonymous FTP is available at ftp://foo.bar.baz.",
         "<p><a href=\"http://commonmark.org\">http://commonmark.org</a></p><p>(Visit <a href=\"https://encrypted.google.com/search?q=Markup+(business)\">https://encrypted.google.com/search?q=Markup+(business)</a>)</p><p>Anonymous FTP is available at <a href=\"ftp://foo.bar.baz\">ftp://foo.bar.baz</a>.</p>"),
        ("foo@bar.baz", "<p><a href=\"mailto:foo@bar.baz\">foo@bar.baz</a></p>"),
        ("hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is.",
         "<p>hello@mail+xyz.example isn't valid, but <a href=\"mailto:hello+xyz@mail.example\">hello+xyz@mail.example</a> is.</p>"),
        ("a.b-c_d@a.b\n\na.b-c_d@a.b.\n\na.b-c_d@a.b-\n\na.b-c_d@a.b_",
         "<p><a href=\"mailto:a.b-c_d@a.b\">a.b-c_d@a.b</a></p><p><a href=\"mailto:a.b-c_d@a.b\">a.b-c_d@a.b</a>.</p><p>a.b-c_d@a.b-</p><p>a.b-c_d@a.b_</p>"),
    ]

    @Test(arguments: autolinkExamples.indices)
    func autolinkExamplesOfTheSpec(index: Int) {
        let example = Self.autolinkExamples[index]
        #expect(normalised(html(example.markdown)) == example.html)
    }

    @Test func bareURLsAreNotLinkedInsideCodeOrLinks() {
        #expect(normalised(html("`https://example.com`")) == "<p><code>https://example.com</code></p>")
        #expect(normalised(html("[https://example.com](https://other.example)")) == "<p><a href=\"https://other.example\">https://example.com</a></p>")
        #expect(normalised(html("<https://example.com>")) == "<p><a href=\"https://example.com\">https://example.com</a></p>")
        #expect(normalised(html("xwww.example.com")) == "<p>xwww.example.com</p>")
    }

    @Test func bareURLsAreCheckedLinksOfThePage() {
        let parsed = CommonMarkTree.parse("Intro\n\nSee https://example.com/help.", callouts: { _ in nil }, isPageLink: { _ in false })
        #expect(parsed.links == [LinkOccurrence(destination: "https://example.com/help", line: 3)])
    }
}
