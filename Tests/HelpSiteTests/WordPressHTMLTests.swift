import Foundation
import Testing

@testable import HelpSite

/// Converts one WordPress page body, links kept as written unless `link` says otherwise.
private func convert(_ html: String, callouts: [String: String] = ["lw_tip": "tip"],
                     link: @escaping (String) -> LinkTarget = { .write($0) }) -> PageConversion {
    MarkdownConverter(callouts: callouts, link: link, image: { $0 }).convert(HTMLFragmentParser.parse(html))
}

/// The HTML cmark makes of `markdown` (what the site shows).
private func rendered(_ markdown: String) -> String {
    CommonMarkTree(markdown: markdown).renderHTML()
}

@Suite("WordPress HTML to Markdown")
struct WordPressHTMLTests {
    @Test("paragraphs, entities and non-breaking spaces")
    func paragraphsAndEntities() {
        let result = convert("<p>Fish &amp; chips &lt;b&gt; caf&eacute; &#8220;quoted&#8221; &#x2014; it&#8217;s</p>\n<p>10&nbsp;MB&nbsp;</p>\n<p>&nbsp;</p>")
        #expect(result.markdown == "Fish & chips \\<b> café “quoted” — it’s\n\n10&nbsp;MB\n")
        #expect(result.items.isEmpty)
        #expect(rendered(result.markdown) == "<p>Fish &amp; chips &lt;b&gt; café “quoted” — it’s</p>\n<p>10\u{A0}MB</p>\n")
    }

    @Test("text that looks like Markdown stays text")
    func escaping() {
        let result = convert("<p># not a heading *star* [Settings] a_b _c_ `tick` &amp;copy; 1. one</p><p>2. two</p><p>- dash</p>")
        let html = rendered(result.markdown)
        #expect(html == "<p># not a heading *star* [Settings] a_b _c_ `tick` &amp;copy; 1. one</p>\n<p>2. two</p>\n<p>- dash</p>\n")
        #expect(result.items.isEmpty, "a bracketed UI label is not a shortcode")
    }

    @Test("headings shift so the body starts at ## under the page title")
    func headings() {
        #expect(convert("<h1>First</h1><p>a</p><h2>Second</h2><h3>Third</h3>").markdown == "## First\n\na\n\n### Second\n\n#### Third\n")
        #expect(convert("<h3>Deep</h3><h4>Deeper</h4>").markdown == "## Deep\n\n### Deeper\n")
        #expect(convert("<h2>Title #</h2>").markdown == "## Title \\#\n")
    }

    @Test("lists nest to any depth, with <br> and continuation paragraphs inside items")
    func nestedLists() {
        let html = """
        <ol>
        <li>One<br />still one
        <ul>
        <li>Nested
        <ol start="3"><li>Third level</li></ol>
        </li>
        </ul>
        </li>
        <li><p>Two</p><p>Two again</p></li>
        </ol>
        """
        let result = convert(html)
        // A list starting at 3 cannot follow a paragraph line directly (CommonMark), so that item is loose;
        // so is the outer list, whose second item has two paragraphs.
        #expect(result.markdown == """
        1. One\\
           still one

           - Nested

             3. Third level

        2. Two

           Two again

        """)
        let html2 = rendered(result.markdown)
        #expect(html2.contains("<li>\n<p>One<br />\nstill one</p>\n<ul>\n<li>\n<p>Nested</p>\n<ol start=\"3\">\n<li>Third level</li>\n</ol>"))
        #expect(html2.contains("<p>Two</p>\n<p>Two again</p>"))
    }

    @Test("a tight list stays tight, and a list beside another keeps its own marker")
    func tightLists() {
        let result = convert("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul><ul><li>d</li></ul><ol><li>e</li></ol><ol><li>f</li></ol>")
        #expect(result.markdown == "- a\n- b\n  - c\n\n* d\n\n1. e\n\n1) f\n")
        #expect(rendered(result.markdown).components(separatedBy: "<ul>").count == 4)
        #expect(rendered(result.markdown).components(separatedBy: "<ol>").count == 3)
    }

    @Test("emphasis, code, links and images")
    func inline() {
        let result = convert("<p><strong>Bold</strong> and <em>italic </em>and <b><i>both</i></b>, <code>a`b</code>, <a href=\"https://example.org/x (1)\" title=\"T\">a link</a> <img src=\"https://cdn.example.org/a.png\" alt=\"A [shot]\"> <strong>Note:</strong> x<sup>2</sup></p>")
        #expect(result.markdown == "**Bold** and *italic* and ***both***, ``a`b``, [a link](https://example.org/x%20%281%29 \"T\") ![A \\[shot\\]](https://cdn.example.org/a.png) <strong>Note:</strong> x<sup>2</sup>\n")
        #expect(result.items == [ReviewItem(kind: .fileToCopy, what: "https://cdn.example.org/a.png")])
        let html = rendered(result.markdown)
        #expect(html.contains("<strong>Note:</strong> x<sup>2</sup>"))
        #expect(html.contains("<em>italic</em> and <em><strong>both</strong></em>"), "bold italic either way round")
    }

    @Test("links go where the resolver says; those to pages not imported are reported")
    func links() {
        let result = convert("<p><a href=\"https://old.example/en/use-guides/a/\">A</a> <a href=\"https://old.example/en/use-guides/gone/\">Gone</a> <a href=\"#nowhere\">here</a></p>") { href in
            if href.hasSuffix("/a/") { return .write("../a.md") }
            if href.hasPrefix("#") { return .missingAnchor }
            return .notImported(href)
        }
        #expect(result.markdown == "[A](../a.md) [Gone](https://old.example/en/use-guides/gone/) here\n")
        #expect(convert("<p>See<a href=\"https://x.example/\"> the page </a>now.</p>").markdown == "See [the page](https://x.example/) now.\n")
        #expect(result.items == [
            ReviewItem(kind: .absoluteLink, what: "https://old.example/en/use-guides/gone/"),
            ReviewItem(kind: .removed, what: "the link to #nowhere (no heading of this page has that anchor)"),
        ])
    }

    @Test("inline-styled tables stay HTML, cleaned, with spans and lists in cells kept")
    func tables() {
        let html = """
        <table style="border-collapse: collapse; width: 100%;" border="1" class="">
        <tbody>
        <tr style="height: 24px;"><th style="width: 30%;" scope="col">Case</th><th style="width: 70%;">What to do</th></tr>
        <tr style="height: 24px;">
        <td rowspan="2" style="width: 30%; height: 48px;" onclick="steal()"><span style="color: #333;">Mail</span> &amp; more</td>
        <td colspan="1" width="70%"><ul><li>One</li><li>Two&nbsp;words</li></ul></td>
        </tr>
        </tbody>
        </table>
        """
        let result = convert(html)
        #expect(result.markdown == """
        <table>
        <tbody>
        <tr>
        <th scope="col">Case</th><th>What to do</th></tr>
        <tr>
        <td rowspan="2">Mail &amp; more</td><td colspan="1"><ul>
        <li>One</li>
        <li>Two&nbsp;words</li>
        </ul>
        </td></tr>
        </tbody>
        </table>

        """)
        #expect(result.items == [ReviewItem(kind: .removed, what: "the onclick handler of <td>")])
        #expect(!result.markdown.contains("style"))
        #expect(rendered(result.markdown) == result.markdown, "cmark passes the table through as one HTML block")
    }

    @Test("links and images inside a table are left as written and reported, since the build does not read raw HTML")
    func linksInTables() {
        let result = convert("<table><tr><td><a href=\"https://old.example/en/use-guides/a/\">A</a> <a href=\"https://old.example/en/use-guides/gone/\">Gone</a> <a href=\"https://elsewhere.example/\">Out</a> <img src=\"https://old.example/i.png\" alt=\"\"></td></tr></table>") { href in
            if href.hasSuffix("/a/") { return .write("a.md") }
            if href.contains("elsewhere") { return .write(href) }
            return .notImported(href)
        }
        #expect(result.markdown.contains("<a href=\"https://old.example/en/use-guides/a/\">A</a>"))
        #expect(result.items == [
            ReviewItem(kind: .keptRaw, what: "a link to an imported page inside raw HTML, left as written: https://old.example/en/use-guides/a/"),
            ReviewItem(kind: .absoluteLink, what: "https://old.example/en/use-guides/gone/"),
            ReviewItem(kind: .fileToCopy, what: "https://old.example/i.png (inside raw HTML, left as written)"),
        ])
    }

    @Test("a table inside a list item stays inside the item")
    func tableInList() {
        let result = convert("<ol><li>Step<ul><li>Case:<br /><table><tr><td>a</td></tr></table></li></ul></li><li>Next</li></ol>")
        #expect(result.markdown == "1. Step\n   - Case:\n     <table>\n     <tr>\n     <td>a</td></tr>\n     </table>\n2. Next\n")
        let html = rendered(result.markdown)
        #expect(html.contains("<li>Case:\n<table>"))
        #expect(html.contains("</table>\n</li>\n</ul>\n</li>\n<li>Next</li>"))
    }

    @Test("what follows raw HTML in a list item stays out of it")
    func afterHTMLInList() {
        let result = convert("<ul><li>Case<table><tr><td>a</td></tr></table><ul><li>Sub</li></ul></li><li>Video<video src=\"v.mp4\"></video></li></ul>")
        let html = rendered(result.markdown)
        #expect(html.contains("</table>\n<ul>\n<li>Sub</li>\n</ul>"), "the nested list is a list, not part of the table's HTML block")
        #expect(html.contains("<p>Video</p>\n<video src=\"v.mp4\">\n</video>"), "the video is an HTML block after the paragraph")
    }

    @Test("callouts, also when wrapped in <p><em> as WordPress saves them")
    func callouts() {
        let wrapped = convert("<p><em><div class=\"blue lw_tip\"><div class=\"lw_tip_content\">Copy the <strong>link</strong>.</div></div></em></p>")
        #expect(wrapped.markdown == "> [!TIP]\n> Copy the **link**.\n")
        #expect(wrapped.items.isEmpty)
        let bare = convert("<div class=\"lw_note\"><p>One</p><p>Two</p></div>", callouts: ["lw_tip": "tip", "lw_note": "warning"])
        #expect(bare.markdown == "> [!WARNING]\n> One\n>\n> Two\n")
        #expect(convert("<div class=\"other\"><p>Plain</p></div>").markdown == "Plain\n")
    }

    @Test("shortcodes are kept as text and reported; bracketed labels are not shortcodes")
    func shortcodes() {
        let result = convert("<p>[caption id=\"attachment_1\" align=\"alignnone\"]<img src=\"https://x.example/a.png\" alt=\"\" /> Shot[/caption]</p><p>[embed]https://video.example/v[/embed] Tap [Settings] &gt; [Profile].</p>")
        #expect(result.items.contains(ReviewItem(kind: .keptRaw, what: "the shortcode [caption id=\"attachment_1\" align=\"alignnone\"] (as text)")))
        #expect(result.items.contains(ReviewItem(kind: .keptRaw, what: "the shortcode [embed] (as text)")))
        #expect(result.items.filter { $0.kind == .keptRaw }.count == 2)
        #expect(rendered(result.markdown).contains("<p>[embed]https://video.example/v[/embed] Tap [Settings] &gt; [Profile].</p>"))
    }

    @Test("Gutenberg block comments, scripts, iframes and forms are removed and reported")
    func removed() {
        let html = """
        <!-- wp:paragraph -->
        <p>Kept<script>alert(1)</script></p>
        <!-- /wp:paragraph -->
        <!-- wp:embed {"url":"https://video.example/v"} -->
        <iframe src="https://video.example/embed/v" width="560"></iframe>
        <!-- /wp:embed -->
        <!-- note to self -->
        <style>p { color: red }</style>
        <form action="/subscribe"><input name="email"></form>
        """
        let result = convert(html)
        #expect(result.markdown == "Kept\n")
        #expect(result.items == [
            ReviewItem(kind: .removed, what: "the Gutenberg block comment <!-- wp:paragraph -->"),
            ReviewItem(kind: .removed, what: "<script>"),
            ReviewItem(kind: .removed, what: "the Gutenberg block comment <!-- wp:embed -->"),
            ReviewItem(kind: .removed, what: "<iframe src=\"https://video.example/embed/v\">"),
            ReviewItem(kind: .removed, what: "the HTML comment <!-- note to self -->"),
            ReviewItem(kind: .removed, what: "<style>"),
            ReviewItem(kind: .removed, what: "<form action=\"/subscribe\">"),
        ])
    }

    @Test("unknown elements are kept as raw HTML and reported")
    func unknownElements() {
        let result = convert("<p>Press <x-key data-key=\"k\">K</x-key> now.</p><video src=\"https://x.example/v.mp4\" controls=\"\" onplay=\"track()\"></video>")
        #expect(result.markdown == "Press <x-key data-key=\"k\">K</x-key> now.\n\n<video src=\"https://x.example/v.mp4\">\n</video>\n")
        #expect(rendered(result.markdown).hasSuffix("</p>\n<video src=\"https://x.example/v.mp4\">\n</video>\n"), "an HTML block, not a paragraph")
        #expect(result.items == [
            ReviewItem(kind: .keptRaw, what: "<x-key>"),
            ReviewItem(kind: .keptRaw, what: "<video src=\"https://x.example/v.mp4\">"),
            ReviewItem(kind: .removed, what: "the onplay handler of <video>"),
        ])
    }

    @Test("preformatted code becomes a fenced block")
    func code() {
        let result = convert("<pre class=\"language-bash\"><code>echo &quot;a&quot;\n```\nls</code></pre>")
        #expect(result.markdown == "````bash\necho \"a\"\n```\nls\n````\n")
    }

    @Test("HTML the way WordPress writes it: unclosed items and paragraphs, stray end tags")
    func forgivingParser() {
        let nodes = HTMLFragmentParser.parse("<ul><li>a<li>b</ul><p>one<p>two</span></p><br>")
        #expect(nodes.compactMap(\.element).map(\.name) == ["ul", "p", "p", "br"])
        #expect(nodes[0].element!.children.compactMap(\.element).map(\.name) == ["li", "li"])
        let wrapped = HTMLFragmentParser.parse("<p><em><div class=\"lw_tip\">t</div></em></p>")
        #expect(wrapped[0].element?.children.first?.element?.children.first?.element?.classes == ["lw_tip"])
    }
}
