import Foundation
import Testing

@testable import HelpSite

private let base = "https://help.example.com"

@Suite("WordPress import: bad input is named and nothing is written")
struct WordPressImportErrorTests {
    @Test("JSON that does not parse is named with its line")
    func badJSON() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.inputText("broken.json", "[\n  {\"id\": 1,\n  \"link\": }\n]")
        let problems = scratch.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("inputs/broken.json: is not JSON that parses") == true)
        #expect(problems.first?.contains("line 3") == true, "\(problems)")
        #expect(scratch.contentFiles.isEmpty)
    }

    @Test("a page without link or title is named by its position in the input; the good pages are not written either")
    func missingFields() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        var noLink = wordPressPage(id: 2, link: "x", title: "No link")
        noLink["link"] = nil
        try scratch.input("pages-1.json", [
            wordPressPage(id: 1, link: "\(base)/en/use-guides/fine/", title: "Fine"),
            noLink,
            wordPressPage(id: 3, link: "\(base)/en/use-guides/untitled/", title: " "),
            ["title": ["rendered": "No id"]],
            "not a page",
        ])
        #expect(scratch.problems() == [
            "inputs/pages-1.json, page 2 (WordPress id 2): has no `link` (the page's URL, which gives its place in the tree)",
            "inputs/pages-1.json, page 3 (WordPress id 3): has no `title` (title.rendered is missing or empty)",
            "inputs/pages-1.json, page 4: has no numeric `id`",
            "inputs/pages-1.json, page 5: is not a JSON object (a page is {\"id\": …, \"link\": …, …})",
        ])
        #expect(scratch.contentFiles.isEmpty)
    }

    @Test("links outside the type base or without a locale, duplicate pages and clashing translations")
    func placementProblems() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        try scratch.input("pages.json", [
            wordPressPage(id: 1, link: "\(base)/en/blog/news/", title: "News"),
            wordPressPage(id: 2, link: "\(base)/use-guides/plain/", title: "Plain"),
        ])
        #expect(scratch.problems() == [
            "inputs/pages.json, page 1 (WordPress id 1): has a link whose path does not continue with the post type's base /use-guides/: \(base)/en/blog/news/; give --type-base",
            "inputs/pages.json, page 2 (WordPress id 2): has a link without a locale of the site (en, ko) after the host: \(base)/use-guides/plain/; give --locale",
        ])
        // --locale places a link without a locale; --type-base another post type.
        try scratch.input("pages.json", [wordPressPage(id: 2, link: "\(base)/use-guides/plain/", title: "Plain")])
        #expect(try scratch.run(locale: "ko").pages == 1)
        #expect(scratch.content("ko/plain.md") != nil)
        #expect(scratch.problems(locale: "fr") == ["--locale: \"fr\" is not a locale of \(scratch.siteFolder)/config.yml (en, ko)".replacingOccurrences(of: scratch.site.folder + "/", with: "")])

        try scratch.input("pages.json", [
            wordPressPage(id: 5, link: "\(base)/en/use-guides/a/", title: "A", extra: ["translations": ["ko": 6, "en": 5]]),
            wordPressPage(id: 6, link: "\(base)/ko/use-guides/a1/", title: "A1"),
            wordPressPage(id: 7, link: "\(base)/ko/use-guides/a2/", title: "A2", extra: ["translations": ["en": 5]]),
        ])
        #expect(scratch.problems() == [
            "inputs/pages.json, page 3 (WordPress id 7): and inputs/pages.json, page 2 (WordPress id 6) are both ko translations of one page: their translation links (or --translations rows) join them",
        ])
        try scratch.input("pages.json", [
            wordPressPage(id: 8, link: "\(base)/en/use-guides/same/", title: "Same"),
            wordPressPage(id: 8, link: "\(base)/en/use-guides/same/", title: "Same"),
        ])
        #expect(scratch.problems() == ["inputs/pages.json, page 2 (WordPress id 8): is the same WordPress page as inputs/pages.json, page 1 (WordPress id 8): save each page once"])
    }

    @Test("inputs that do not exist or hold no page")
    func missingInputs() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        #expect(scratch.problems([scratch.site.folder + "/nowhere.json"]) == ["nowhere.json: does not exist"])
        try scratch.input("empty.json", [Any]())
        #expect(scratch.problems() == ["inputs: holds no pages (no .json file, or only empty arrays)"])
    }

    @Test("the command: exit 0 when everything converted, 2 with items to review, 1 on bad input; --report")
    func commandLine() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        let helpgen = helpgenExecutable()
        let clean = try scratch.input("clean.json", wordPressPage(id: 1, link: "\(base)/en/use-guides/clean/", title: "Clean"))
        let ok = try run(helpgen, ["import", "wordpress", clean, "--site", scratch.siteFolder])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out == "Imported 1 page in 1 locale (0 sections); 0 kept raw, 0 removed, 0 links to pages not imported, 0 files to copy → \(scratch.siteFolder)/content (1 written, 0 unchanged)\n")

        let review = try scratch.input("review.json", wordPressPage(id: 2, link: "\(base)/en/use-guides/review/", title: "Review", content: "<p>x</p><iframe src=\"https://v.example/1\"></iframe>"))
        let reportFile = scratch.site.folder + "/report.json"
        let reviewed = try run(helpgen, ["import", "wordpress", review, "--site", scratch.siteFolder, "--report", reportFile, "--callout-class", "lw_note=NOTE"])
        #expect(reviewed.status == 2, "\(reviewed.err)")
        #expect(reviewed.out.hasPrefix("\(scratch.siteFolder)/content/en/review.md: removed: <iframe src=\"https://v.example/1\"> (WordPress id 2)\nImported 1 page"))
        #expect(FileManager.default.fileExists(atPath: reportFile))

        let broken = try scratch.inputText("broken.json", "{")
        let failed = try run(helpgen, ["import", "wordpress", broken, "--site", scratch.siteFolder])
        #expect(failed.status == 1)
        #expect(failed.err.contains("broken.json: is not JSON that parses"))
        #expect(failed.err.hasSuffix("helpgen: 1 problem; nothing was written\n"))

        let badOption = try run(helpgen, ["import", "wordpress", clean, "--site", scratch.siteFolder, "--callout-class", "lw_tip=HINT"])
        #expect(badOption.status != 0 && badOption.err.contains("--callout-class \"lw_tip=HINT\" must be CLASS=TIP, CLASS=NOTE or CLASS=WARNING"))
    }
}
