import Foundation
import Testing

@testable import HelpSite

/// Every kind of bad input: the message, the exit status of the real `helpgen` binary, and the
/// previous `public/` left exactly as it was.
@Suite struct BadInputTests {
    /// A site with every content and template error at once.
    private func brokenSite() throws -> (site: ScratchSite, templates: String) {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home", "See [nothing](nothing.md) and [a](a.md#missing-heading)."),
            "en/a.md": markdown("A", "## Present", extra: "slug: b\n"),
            "en/b.md": markdown("B"),
            "en/link.md": markdown("Clashes with the authentication page"),
            "en/bad-yaml.md": "---\ntitle: [unclosed\n---\n\nBody\n",
            "en/no-title.md": "---\nslug: untitled\n---\n\nBody\n",
            "fr/_index.md": markdown("Accueil"),
        ])
        let templates = try site.copyTemplates()
        try FileManager.default.removeItem(atPath: templates + "/404.mustache")
        try site.write("<footer>{{#open}}never closed</footer>\n", to: "templates/partials/footer.mustache")
        let header = try String(contentsOfFile: templates + "/partials/header.mustache", encoding: .utf8)
        try site.write("{{>partials/nope}}\n" + header, to: "templates/partials/header.mustache")
        return (site, templates)
    }

    private let expectedProblems = [
        "site/content/en/_index.md:5: the link \"a.md#missing-heading\" points to no heading \"#missing-heading\" in site/content/en/a.md",
        "site/content/en/_index.md:5: the link \"nothing.md\" points to no page",
        "site/content/en/b.md:1: the page's URL /en/b/ is already the URL of site/content/en/a.md; change its `slug:` or file name",
        "site/content/en/bad-yaml.md:2: the YAML does not parse: did not find expected ',' or ']'",
        "site/content/en/link.md:1: the page's URL /en/link/ is already the URL of the authentication page (templates/auth/link.mustache); change its `slug:` or file name",
        "site/content/en/no-title.md:1: the front matter has no `title:`; every page needs one",
        "site/content/fr: \"fr\" is not a locale of config.yml (its locales: en, ko)",
        "templates/404.mustache: the template does not exist; helpgen needs it to render the site",
        "templates/partials/footer.mustache:1: the template does not parse: a section is opened and never closed (near \"<footer>{{#open}}never closed</footer>\")",
        "templates/partials/header.mustache:1: the template \"partials/nope\" does not exist (no templates/partials/nope.mustache)",
    ]

    @Test func helpgenBuildReportsEveryProblemAtOnceExitsOneAndLeavesPublicUntouched() throws {
        let (site, _) = try brokenSite()
        defer { site.remove() }
        try site.write("<!DOCTYPE html><title>previous site</title>", to: "public/index.html")
        try site.write("kept", to: "public/en/old/index.html")
        let before = snapshot(of: site.folder + "/public")

        let result = try run(helpgenExecutable(), ["build", "--site", "site", "--templates", "templates", "--output", "public"], in: site.folder)

        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(Array(lines.dropLast()) == expectedProblems)
        #expect(lines.last == "helpgen: 10 problems; nothing was written")
        #expect(snapshot(of: site.folder + "/public") == before)
        #expect((try FileManager.default.contentsOfDirectory(atPath: site.folder)).sorted() == ["public", "site", "templates"])
    }

    @Test func helpgenCheckReportsTheSameProblemsAndWritesNothing() throws {
        let (site, _) = try brokenSite()
        defer { site.remove() }
        let result = try run(helpgenExecutable(), ["check", "--site", "site", "--templates", "templates"], in: site.folder)
        #expect(result.status == 1)
        #expect(Array(result.err.split(separator: "\n").map(String.init).dropLast()) == expectedProblems)
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public"))
    }

    @Test func helpgenBuildPrintsOneSummaryLineOnSuccess() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home"), "ko/_index.md": markdown("홈")])
        defer { site.remove() }
        let result = try run(helpgenExecutable(), ["build", "--site", "site", "--templates", Repository.templates], in: site.folder)
        #expect(result.status == 0)
        #expect(result.err.isEmpty)
        #expect(result.out.range(of: #"^Built 4 pages in 2 locales in [0-9]+\.[0-9]{2} s → public/\n$"#, options: .regularExpression) != nil)
        #expect(FileManager.default.fileExists(atPath: site.folder + "/public/ko/index.html"))
    }

    @Test func helpgenRejectsARelativeBaseURL() throws {
        let result = try run(helpgenExecutable(), ["check", "--base-url", "help.example.com"])
        #expect(result.status != 0)
        #expect(result.err.contains("--base-url must be an absolute http(s) URL"))
    }

    @Test func configProblemsNameTheFileAndLine() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home")], config: """
        title: Test
        baseURL: help.test
        defaultLocale: de
        locales:
          en: {name: English}
        """)
        defer { site.remove() }
        #expect(site.problems() == [
            "site/config.yml:2: `baseURL` \"help.test\" is not an absolute http(s) URL such as https://help.example.com",
            "site/config.yml:3: `defaultLocale` \"de\" is not one of `locales` (en)",
        ])
    }

    @Test func configThatIsNotYAMLIsReportedWithItsLine() throws {
        let site = try ScratchSite([:], config: "title: Test\nlocales:\n  en: {name: English\n")
        defer { site.remove() }
        let problems = site.problems()
        #expect(problems.count == 1)
        // The flow map opened on line 3 is never closed: the line to fix is where it starts.
        #expect(problems.first?.hasPrefix("site/config.yml:3: the YAML does not parse:") == true)
    }

    @Test func missingTranslationsAreAProblem() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home")])
        defer { site.remove() }
        try FileManager.default.removeItem(atPath: site.folder + "/site/i18n/ko.yml")
        #expect(site.problems() == ["site/i18n/ko.yml: the translations of this locale are missing: create this file (copy another locale's)"])
    }

    @Test func badFrontMatterValuesPointAtTheirLine() throws {
        let site = try ScratchSite([
            "en/_index.md": "---\ntitle: Home\norder: first\nupdated: March\ndraft: maybe\n---\n",
        ])
        defer { site.remove() }
        #expect(site.problems() == ["site/content/en/_index.md:3: `order:` must be a whole number"])
        try site.write("---\ntitle: Home\nupdated: March\n---\n", to: "site/content/en/_index.md")
        #expect(site.problems() == ["site/content/en/_index.md:3: `updated:` must be a date written YYYY-MM-DD"])
        try site.write("No front matter at all.\n", to: "site/content/en/_index.md")
        #expect(site.problems() == ["site/content/en/_index.md:1: the page has no front matter: start it with a `---` block holding at least `title:`"])
    }
}

/// Front matter the reliability suite (`make check`) found: slugs that leave their folder, errors on several lines.
@Suite struct HostileFrontMatterTests {
    @Test(arguments: ["..", ".", #""a\0b""#, #""a\\b""#, "a?b", #""x#y""#, #""""#])
    func slugsThatAreNotOneSegmentAreRefusedNamingTheLine(slug: String) {
        guard case let .failure(problem) = FrontMatter.parse("title: T\nslug: \(slug)", file: "site/content/en/p.md") else {
            Issue.record("slug \(slug) was accepted")
            return
        }
        #expect(problem.file == "site/content/en/p.md")
        #expect(problem.line == 3)
        #expect(problem.message.hasPrefix("`slug:` must be one URL segment"))
    }

    @Test func aTemplateProblemNamesItsLineInTheTemplateFile() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home")])
        defer { site.remove() }
        let templates = try site.copyTemplates()
        try site.write("<footer>\n<p>{{site.title}}</p>\n{{/closed}}\n</footer>\n", to: "templates/partials/footer.mustache")
        var problems: [SiteProblem] = []
        _ = TemplateSet.load(directory: templates, problems: &problems)
        #expect(problems.map(\.line) == [3], "\(problems)")
        #expect(problems.first?.message.contains("(near \"{{/closed}}\")") == true, "\(problems)")
    }

    @Test func anUnclosedQuoteIsReportedOnTheLineItOpens() {
        guard case let .failure(problem) = FrontMatter.parse("title: \"Unclosed\norder: 2\nslug: s", file: "site/content/en/p.md") else {
            Issue.record("an unclosed quote was accepted")
            return
        }
        #expect(problem.line == 2, "\(problem)")
        #expect(problem.message.hasPrefix("the YAML does not parse:"))
    }

    @Test func aDuplicatedKeyIsOneProblemOnOneLine() {
        guard case let .failure(problem) = FrontMatter.parse("title: One\ntitle: Two", file: "site/content/en/p.md") else {
            Issue.record("a duplicated key was accepted")
            return
        }
        #expect(problem.message.hasPrefix("the YAML does not parse:"))
        #expect(!problem.description.contains("\n"))
        // Quoted or not, a key is the same key.
        guard case let .failure(quoted) = FrontMatter.parse("title: One\norder: 1\n\"order\": 2", file: "site/content/en/p.md") else {
            Issue.record("a key written twice, once quoted, was accepted")
            return
        }
        #expect(quoted.message.contains("order"), "\(quoted)")
    }

    @Test func fieldsAreReadAsTheirTypes() throws {
        let matter = try FrontMatter.parse("title: 2026\norder: 3\ndraft: yes\nsearch: false\nsearchWeight: 2.5\nupdated: 2026-11-30", file: "p.md").get()
        #expect(matter.title == "2026")
        #expect(matter.order == 3)
        #expect(matter.draft)
        #expect(matter.search == false)
        #expect(matter.searchWeight == 2.5)
        #expect(matter.updated == "2026-11-30")
    }
}
