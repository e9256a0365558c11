import Foundation
import Testing

@testable import HelpSite

private let base = "https://help.example.com"

@Suite("WordPress import: placement, translations, re-import and the report")
struct WordPressImportTests {
    @Test("a page with children becomes its folder's _index.md; links between imported pages become .md links the build checks")
    func sectionsAndLinks() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("pages-1.json", [
            wordPressPage(id: 10, link: "\(base)/en/use-guides/mail/", title: "Mail", content: "<p>All about <a href=\"\(base)/en/use-guides/mail/filters/#make-a-filter\">filters</a>.</p>",
                          extra: ["guid": ["rendered": "\(base)/use-guides/mail-guide/"]]),
            wordPressPage(id: 11, link: "\(base)/en/use-guides/mail/filters/", title: "Filters &amp; rules",
                          content: "<h2 id=\"make-a-filter\">Make a filter</h2><p>See <a href=\"/en/use-guides/mail/\">Mail</a>, <a href=\"\(base)/?p=10\">again</a>, <a href=\"\(base)/use-guides/mail-guide/\">its old address</a>, <a href=\"\(base)/en/use-guides/calendar/\">Calendar</a> and <a href=\"\(base)/wp-content/uploads/guide.pdf\">the PDF</a>.</p>",
                          parent: 10, order: 2),
        ])
        let report = try scratch.run()
        let mail = try #require(scratch.content("en/mail/_index.md"))
        #expect(mail.hasSuffix("All about [filters](filters.md#make-a-filter).\n"))
        let filters = try #require(scratch.content("en/mail/filters.md"))
        #expect(filters.hasPrefix("---\ntitle: Filters & rules\nslug: filters\norder: 2\nupdated: 2025-04-01\naliases:\n  - \"/en/use-guides/mail/filters/\"\nwordpress:\n  id: 11\n  parent: 10\n---\n"))
        #expect(filters.contains("See [Mail](_index.md), [again](_index.md), [its old address](_index.md), [Calendar](\(base)/en/use-guides/calendar/) and [the PDF](\(base)/wp-content/uploads/guide.pdf)."))
        #expect(scratch.lines(report) == [
            "site/content/en/mail/filters.md: link to a page not imported: \(base)/en/use-guides/calendar/ (WordPress id 11)",
            "site/content/en/mail/filters.md: file to copy: \(base)/wp-content/uploads/guide.pdf (WordPress id 11)",
        ])
        #expect(report.sections == 1 && report.createdParents == 0 && report.exitStatus == 2)
        try scratch.site.build()
        #expect(try scratch.site.output("en/mail/index.html").contains("href=\"/en/mail/filters/#make-a-filter\""))
    }

    @Test("translations linked by Polylang's `translations` map share the path of the default locale's page")
    func polylang() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("en.json", [
            wordPressPage(id: 20, link: "\(base)/en/use-guides/drive/", title: "Drive", extra: ["lang": "en", "translations": ["en": 20, "ko": 21]]),
            wordPressPage(id: 22, link: "\(base)/en/use-guides/drive/upload-files/", title: "Upload files", parent: 20, extra: ["translations": ["ko": 23]]),
        ])
        try scratch.input("ko.json", [
            wordPressPage(id: 21, link: "\(base)/ko/use-guides/%eb%93%9c%eb%9d%bc%ec%9d%b4%eb%b8%8c/", title: "드라이브", slug: "%eb%93%9c%eb%9d%bc%ec%9d%b4%eb%b8%8c", extra: ["lang": "ko", "translations": ["en": 20, "ko": 21]]),
            wordPressPage(id: 23, link: "\(base)/ko/use-guides/%eb%93%9c%eb%9d%bc%ec%9d%b4%eb%b8%8c/upload/", title: "파일 올리기", parent: 21, extra: ["translations": ["en": 22]]),
        ])
        let report = try scratch.run()
        #expect(report.locales == 2 && report.createdParents == 0)
        let ko = try #require(scratch.content("ko/drive/upload-files.md"))
        #expect(ko.contains("title: 파일 올리기\nslug: upload\n"))
        #expect(ko.contains("aliases:\n  - \"/ko/use-guides/%eb%93%9c%eb%9d%bc%ec%9d%b4%eb%b8%8c/upload/\"\n"))
        #expect(scratch.content("ko/drive/_index.md")?.contains("slug: 드라이브\n") == true)
        #expect(Set(scratch.contentFiles.keys) == ["en/drive/_index.md", "en/drive/upload-files.md", "ko/drive/_index.md", "ko/drive/upload-files.md"])
        try scratch.site.build()
    }

    @Test("WPML's `wpml_translations` list, with locales such as ko_KR")
    func wpml() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("pages.json", [
            wordPressPage(id: 30, link: "\(base)/en/use-guides/calendar/", title: "Calendar", extra: [
                "wpml_current_locale": "en_US",
                "wpml_translations": [["locale": "ko_KR", "id": 31, "post_title": "캘린더", "href": "\(base)/ko/use-guides/kalendeo/"]],
            ]),
            wordPressPage(id: 31, link: "\(base)/ko/use-guides/kalendeo/", title: "캘린더", extra: ["wpml_current_locale": "ko_KR"]),
        ])
        _ = try scratch.run()
        #expect(Set(scratch.contentFiles.keys) == ["en/calendar.md", "ko/calendar.md"])
        #expect(scratch.content("ko/calendar.md")?.contains("slug: kalendeo\n") == true)
    }

    @Test("`translations` in other shapes: a list of objects with a URL, a map to objects")
    func otherShapes() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("pages.json", [
            wordPressPage(id: 40, link: "\(base)/en/use-guides/notes/", title: "Notes", extra: ["translations": [["lang": "ko", "href": "\(base)/ko/use-guides/memo/"]]]),
            wordPressPage(id: 41, link: "\(base)/ko/use-guides/memo/", title: "메모"),
            wordPressPage(id: 42, link: "\(base)/en/use-guides/tasks/", title: "Tasks"),
            wordPressPage(id: 43, link: "\(base)/ko/use-guides/hal-il/", title: "할 일", extra: ["translations": ["en": ["id": "42", "title": "Tasks"]]]),
        ])
        _ = try scratch.run()
        #expect(Set(scratch.contentFiles.keys) == ["en/notes.md", "ko/notes.md", "en/tasks.md", "ko/tasks.md"])
    }

    @Test("--translations CSV pairs pages that have no translation fields")
    func csv() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("pages.json", [
            wordPressPage(id: 50, link: "\(base)/en/use-guides/contacts/", title: "Contacts"),
            wordPressPage(id: 51, link: "\(base)/ko/use-guides/yeonrakcheo/", title: "연락처"),
            wordPressPage(id: 52, link: "\(base)/en/use-guides/alone/", title: "Alone"),
        ])
        let csv = try scratch.inputText("pairs.csv", "en_id,ko_id\n50,51\n52,\n")
        _ = try scratch.run([scratch.site.folder + "/inputs/pages.json"], translations: csv)
        #expect(Set(scratch.contentFiles.keys) == ["en/contacts.md", "ko/contacts.md", "en/alone.md"])
        #expect(scratch.problems([scratch.site.folder + "/inputs/pages.json"], translations: try scratch.inputText("bad.csv", "en_id,ko_id\n50,x51\n")) == [
            "inputs/bad.csv:2: \"x51\" is not a WordPress page id (a row is ids separated by commas)",
        ])
        #expect(scratch.problems([scratch.site.folder + "/inputs/pages.json"], translations: try scratch.inputText("unknown.csv", "en_id,ko_id\n50,999\n")) == [
            "inputs/unknown.csv:2: names WordPress id 999, which is not in the input",
        ])
    }

    @Test("an existing file is never replaced without --force; with it, only what changed is written")
    func reimport() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        let pages = [
            wordPressPage(id: 60, link: "\(base)/en/use-guides/a/", title: "A"),
            wordPressPage(id: 61, link: "\(base)/en/use-guides/b/", title: "B"),
        ]
        try scratch.input("pages.json", pages)
        let first = try scratch.run()
        #expect(first.written.count == 2 && first.exitStatus == 0)
        #expect(first.summary.hasSuffix("(2 written, 0 unchanged)"))

        let again = try scratch.run()
        #expect(again.written.isEmpty && again.unchanged.count == 2, "the same input writes nothing")

        try scratch.input("pages.json", [pages[0], wordPressPage(id: 61, link: "\(base)/en/use-guides/b/", title: "B, renamed")])
        let before = scratch.contentFiles
        #expect(scratch.problems() == ["site/content/en/b.md: exists and differs from the import; nothing was written (--force replaces what changed)"])
        #expect(scratch.contentFiles == before)

        let forced = try scratch.run(force: true)
        #expect(forced.written.map { URL(fileURLWithPath: $0).lastPathComponent } == ["b.md"])
        #expect(forced.unchanged.count == 1)
        #expect(scratch.content("en/b.md")?.hasPrefix("---\ntitle: B, renamed\n") == true)
    }

    @Test("a section page the docs team already wrote is not made again")
    func existingParent() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.site.write("---\ntitle: Our own section\n---\n", to: "site/content/en/mail/_index.md")
        try scratch.input("page.json", wordPressPage(id: 70, link: "\(base)/en/use-guides/mail/rules/", title: "Rules"))
        let report = try scratch.run()
        #expect(report.createdParents == 0 && report.exitStatus == 0)
        #expect(report.sections == 1, "the folder is a section whoever wrote its page")
        #expect(scratch.content("en/mail/_index.md") == "---\ntitle: Our own section\n---\n")
    }

    @Test("anchors: a heading's WordPress id becomes the generator's id; one that is no heading in Markdown is reported")
    func anchors() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("page.json", wordPressPage(id: 95, link: "\(base)/en/use-guides/steps/", title: "Steps", content: """
            <a href="#inside"><h2 id="inside">In a link</h2></a><a name="second"></a><h2>Second step</h2>
            <p><a href="#inside">one</a>, <a href="#second">two</a>, <a href="#second-step">three</a></p>
            """))
        let report = try scratch.run()
        #expect(scratch.content("en/steps.md")?.contains("one, [two](#second-step), [three](#second-step)") == true)
        // The link around the heading and the one after it.
        #expect(report.entries.map(\.item.what) == Array(repeating: "the link to #inside (no heading of this page has that anchor)", count: 2))
        try scratch.site.build()
    }

    @Test("the title's text without its markup, and Yoast's description from the <meta> of yoast_head")
    func titleAndDescription() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("page.json", wordPressPage(id: 90, link: "\(base)/en/use-guides/faq/", title: "FAQ: <em>Sharing</em> &#8211; links", extra: [
            "yoast_head": "<title>FAQ</title>\n<meta name=\"description\" content=\"Answers about sharing &amp; links.\" />\n<meta property=\"og:description\" content=\"Other\" />",
        ]))
        _ = try scratch.run()
        let file = try #require(scratch.content("en/faq.md"))
        #expect(file.hasPrefix("---\ntitle: \"FAQ: Sharing – links\"\n"))
        #expect(file.contains("\ndescription: Answers about sharing & links.\n"))
        try scratch.site.build()
        #expect(try scratch.site.output("en/faq/index.html").contains("<meta name=\"description\" content=\"Answers about sharing &amp; links.\">"))
    }

    @Test("--report writes the summary and every item as JSON")
    func reportJSON() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("page.json", wordPressPage(id: 80, link: "\(base)/en/use-guides/x/", title: "X", content: "<p>[gallery ids=\"1,2\"]</p><script>x()</script>"))
        let report = try scratch.run()
        let object = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(object["summary"] as? String == report.summary)
        #expect(object["exitStatus"] as? Int == 2)
        let entries = try #require((object["report"] as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(entries.map { ($0["item"] as? [String: Any])?["kind"] as? String } == ["kept raw", "removed"])
        #expect(entries.map { $0["wordpressID"] as? Int } == [80, 80])
        #expect(report.summary.hasPrefix("Imported 1 page in 1 locale (0 sections); 1 kept raw, 1 removed, 0 links to pages not imported, 0 files to copy"))
    }
}
