import Foundation
import Testing

@testable import HelpSite

/// `helpgen watch`'s rebuilds (`LiveSite`): the right files change, the others are not touched,
/// a broken edit changes nothing, and the result is always what a full build would write.
@Suite struct WatchTests {
    /// A small site in two locales: a home page, a guide section of three pages, and another section.
    static let pages = [
        "en/_index.md": markdown("Home", "Start with [the guide](guide/_index.md)."),
        "en/guide/_index.md": markdown("Guide", "All about it."),
        "en/guide/alpha.md": markdown("Alpha", "## First\n\nSee [Bravo](bravo.md#steps).", extra: "order: 1\n"),
        "en/guide/bravo.md": markdown("Bravo", "Bravo text.\n\n## Steps\n\nDo it.", extra: "order: 2\n"),
        "en/guide/charlie.md": markdown("Charlie", "Charlie text.", extra: "order: 3\n"),
        "en/other/_index.md": markdown("Other", "Elsewhere."),
        "en/other/xray.md": markdown("Xray", "Unrelated text."),
        "ko/_index.md": markdown("홈", "시작"),
        "ko/guide/bravo.md": markdown("브라보", "브라보 본문"),
    ]

    /// A scratch site built once, with a `LiveSite` loaded over it.
    struct Watched {
        let site: ScratchSite
        let live: LiveSite
        let templates: String

        init(copyTemplates: Bool = false) throws {
            site = try ScratchSite(WatchTests.pages)
            templates = copyTemplates ? try site.copyTemplates() : Repository.templates
            try SiteBuilder(options: site.options(templates: templates)).build()
            live = LiveSite(options: site.options(templates: templates))
            live.load()
        }

        func path(_ content: String) -> String { site.folder + "/site/content/" + content }

        /// Writes a content file and rebuilds for it.
        @discardableResult
        func edit(_ content: String, _ text: String) throws -> LiveSite.Rebuild {
            try site.write(text, to: "site/content/" + content)
            return try live.rebuild(changed: [path(content)])
        }

        /// A clean build of the same site into another folder, compared file by file with `public/`.
        func differencesFromFullBuild() throws -> [String] {
            var options = site.options(templates: templates)
            options.output = site.folder + "/full"
            options.clean = true
            try SiteBuilder(options: options).build()
            let live = snapshot(of: site.folder + "/public"), full = snapshot(of: site.folder + "/full")
            try? FileManager.default.removeItem(atPath: site.folder + "/full")
            return Set(live.keys).union(full.keys).sorted().filter { live[$0] != full[$0] }
        }
    }

    /// Every file of the output folder with its inode and modification time.
    static func stamps(_ folder: String) -> [String: [Int]] {
        var stamps: [String: [Int]] = [:]
        for relative in FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [] {
            // The search index follows every text edit; `differencesFromFullBuild` checks it.
            if relative.contains("/search/index/") { continue }
            var info = stat()
            if stat(folder + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                stamps[relative] = [Int(info.st_ino), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
            }
        }
        return stamps
    }

    /// The output files whose inode or time changed between two `stamps`, plus those added or removed.
    static func touched(_ before: [String: [Int]], _ after: [String: [Int]]) -> [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }

    @Test func aBodyEditRewritesOnlyThatPage() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        let before = Self.stamps(watched.site.folder + "/public")
        // A second paragraph: the first one is the page's description, which its section's page shows.
        let rebuild = try watched.edit("en/guide/charlie.md", markdown("Charlie", "Charlie text.\n\nA new paragraph.", extra: "order: 3\n"))
        #expect(try watched.site.output("en/guide/charlie/index.html").contains("<p>A new paragraph.</p>"))
        #expect(Self.touched(before, Self.stamps(watched.site.folder + "/public")) == ["en/guide/charlie/index.html"])
        #expect(rebuild.renderedPages == 1 && rebuild.writtenFiles == 1 && rebuild.removedFiles == 0)
        #expect(rebuild.summary.hasPrefix("rebuilt 1 of \(rebuild.totalPages) pages in "))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func bodyEditsKeepTheCheckedTreeUntilAnOutlineChangesThenTheTreeIsAssembledAgain() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        // Two body edits in a row: the page tree and links of the first check are kept.
        try watched.edit("en/guide/charlie.md", markdown("Charlie", "Charlie text.\n\nOne more.", extra: "order: 3\n"))
        try watched.edit("en/guide/charlie.md", markdown("Charlie", "Charlie text.\n\nTwo more.", extra: "order: 3\n"))
        #expect(try watched.differencesFromFullBuild() == [])
        // Then a link to a heading that is not there: the kept tree must not hide it.
        #expect(throws: SiteBuildFailure.self) {
            try watched.edit("en/guide/charlie.md", markdown("Charlie", "Charlie text.\n\nSee [Bravo](bravo.md#nowhere).", extra: "order: 3\n"))
        }
        // Then a new title, after the failed edit: every page that shows it follows.
        try watched.edit("en/guide/charlie.md", markdown("Charles", "Charlie text.", extra: "order: 3\n"))
        #expect(try watched.site.output("en/guide/bravo/index.html").contains("Charles"))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func aNewFirstParagraphAlsoReachesTheSectionPageThatShowsItAsTheDescription() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        let before = Self.stamps(watched.site.folder + "/public")
        try watched.edit("en/guide/charlie.md", markdown("Charlie", "Charlie text, edited.", extra: "order: 3\n"))
        #expect(Self.touched(before, Self.stamps(watched.site.folder + "/public")) == ["en/guide/charlie/index.html", "en/guide/index.html"])
        #expect(try watched.site.output("en/guide/index.html").contains("Charlie text, edited."))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func renamingAHeadingThatAnotherPageLinksToIsReportedAtTheLinkingLine() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        let before = snapshot(of: watched.site.folder + "/public")
        let renamed = markdown("Bravo", "Bravo text.\n\n## Stages\n\nDo it.", extra: "order: 2\n")
        #expect(problems { try watched.edit("en/guide/bravo.md", renamed) } == [
            watched.path("en/guide/alpha.md") + ":8: the link \"bravo.md#steps\" points to no heading \"#steps\" in " + watched.path("en/guide/bravo.md"),
        ])
        #expect(snapshot(of: watched.site.folder + "/public") == before)
        try watched.edit("en/guide/alpha.md", markdown("Alpha", "## First\n\nSee [Bravo](bravo.md#stages).", extra: "order: 1\n"))
        #expect(try watched.site.output("en/guide/alpha/index.html").contains("href=\"/en/guide/bravo/#stages\""))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func anEditorsTemporaryFileBesideTheEditIsNoPage() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        // `sed -i` writes `sedXXXXXX` and renames it over the page: the events name both.
        try watched.site.write(markdown("Charlie", "Charlie text.\n\nMore.", extra: "order: 3\n"), to: "site/content/en/guide/charlie.md")
        let rebuild = try watched.live.rebuild(changed: [watched.path("en/guide/charlie.md"), watched.path("en/guide/sedAb12Cd")])
        #expect(rebuild.renderedPages == 1 && rebuild.writtenFiles == 1)
        #expect(try watched.live.rebuild(changed: [watched.path("en/guide/sedAb12Cd")]).isEmpty)
    }

    @Test func savingTheSameBytesWritesNothing() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        let before = Self.stamps(watched.site.folder + "/public")
        let rebuild = try watched.edit("en/guide/charlie.md", Self.pages["en/guide/charlie.md"]!)
        #expect(rebuild.writtenFiles == 0)
        #expect(Self.touched(before, Self.stamps(watched.site.folder + "/public")) == [])
    }

    @Test func aTitleChangeRewritesEveryPageThatShowsItAndNoOther() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        let before = Self.stamps(watched.site.folder + "/public")
        try watched.edit("en/guide/bravo.md", markdown("Bravissimo", "Bravo text.\n\n## Steps\n\nDo it.", extra: "order: 2\n"))
        let touched = Self.touched(before, Self.stamps(watched.site.folder + "/public"))
        // The page itself, its section's page (section list, child list), and its siblings (section list, previous/next).
        #expect(touched == ["en/guide/alpha/index.html", "en/guide/bravo/index.html", "en/guide/charlie/index.html", "en/guide/index.html"])
        for file in touched {
            #expect(try watched.site.output(file).contains("Bravissimo"), "\(file) does not show the new title")
        }
        #expect(try watched.site.output("en/other/xray/index.html").contains("Bravissimo") == false)
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func aSectionTitleChangeReachesItsPagesBreadcrumbs() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        try watched.edit("en/guide/_index.md", markdown("Handbook", "All about it."))
        #expect(try watched.site.output("en/guide/charlie/index.html").contains("Handbook"))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func aSlugChangeMovesThePageAndUpdatesLinksTranslationsAndSitemap() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        try watched.edit("en/guide/bravo.md", markdown("Bravo", "Bravo text.\n\n## Steps\n\nDo it.", extra: "order: 2\nslug: b\n"))
        #expect(FileManager.default.fileExists(atPath: watched.site.folder + "/public/en/guide/b/index.html"))
        #expect(!FileManager.default.fileExists(atPath: watched.site.folder + "/public/en/guide/bravo"))
        #expect(try watched.site.output("en/guide/alpha/index.html").contains("href=\"/en/guide/b/#steps\""))
        #expect(try watched.site.output("ko/guide/bravo/index.html").contains("/en/guide/b/"))
        #expect(try watched.site.output("sitemap.xml").contains("/en/guide/b/"))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func aBrokenEditChangesNothingAndIsReportedWithItsLineThenTheFixRebuilds() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        let before = snapshot(of: watched.site.folder + "/public")
        let stamps = Self.stamps(watched.site.folder + "/public")
        let broken = "---\ntitle: Charlie\n---\n\nFirst line.\n\nSee [nowhere](missing.md).\n"
        #expect(problems { try watched.edit("en/guide/charlie.md", broken) } == [
            watched.path("en/guide/charlie.md") + ":7: the link \"missing.md\" points to no page",
        ])
        // Bad front matter in another file at the same time: both are reported at once.
        let both = problems { try watched.edit("en/other/xray.md", "---\ntitle: [unclosed\n---\nText\n") }
        #expect(both.count == 2)
        #expect(both.first?.hasPrefix(watched.path("en/guide/charlie.md") + ":7: ") == true)
        #expect(both.last?.hasPrefix(watched.path("en/other/xray.md") + ":2: the YAML does not parse") == true, "\(both)")
        #expect(snapshot(of: watched.site.folder + "/public") == before)
        #expect(Self.touched(stamps, Self.stamps(watched.site.folder + "/public")) == [])

        // Both fixed in one burst of events.
        try watched.site.write(Self.pages["en/other/xray.md"]!, to: "site/content/en/other/xray.md")
        try watched.site.write(markdown("Charlie", "Charlie text.\n\nFixed: see [Alpha](alpha.md).", extra: "order: 3\n"), to: "site/content/en/guide/charlie.md")
        let fixed = try watched.live.rebuild(changed: [watched.path("en/other/xray.md"), watched.path("en/guide/charlie.md")])
        #expect(fixed.writtenFiles == 1)
        #expect(try watched.site.output("en/guide/charlie/index.html").contains("<a href=\"/en/guide/alpha/\">Alpha</a>"))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func aNewPageAppearsInItsSectionAndADeletedPageDisappears() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        try watched.edit("en/guide/delta.md", markdown("Delta", "Delta text.", extra: "order: 4\n"))
        #expect(try watched.site.output("en/guide/delta/index.html").contains("Delta text."))
        #expect(try watched.site.output("en/guide/index.html").contains("href=\"/en/guide/delta/\""))
        #expect(try watched.site.output("en/guide/charlie/index.html").contains("href=\"/en/guide/delta/\""))
        #expect(try watched.differencesFromFullBuild() == [])

        try FileManager.default.removeItem(atPath: watched.path("en/guide/charlie.md"))
        let rebuild = try watched.live.rebuild(changed: [watched.path("en/guide/charlie.md")])
        #expect(rebuild.removedFiles == 1)
        #expect(!FileManager.default.fileExists(atPath: watched.site.folder + "/public/en/guide/charlie"))
        #expect(try !watched.site.output("en/guide/index.html").contains("Charlie"))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func aNewFolderOfPagesAndARemovedFolder() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        try watched.site.write(markdown("Fresh", "New section."), to: "site/content/en/fresh/_index.md")
        try watched.site.write(markdown("Page", "In it."), to: "site/content/en/fresh/page.md")
        _ = try watched.live.rebuild(changed: [watched.path("en/fresh")])
        #expect(try watched.site.output("en/fresh/page/index.html").contains("In it."))
        try FileManager.default.removeItem(atPath: watched.path("en/other"))
        _ = try watched.live.rebuild(changed: [watched.path("en/other")])
        #expect(!FileManager.default.fileExists(atPath: watched.site.folder + "/public/en/other"))
        #expect(try watched.differencesFromFullBuild() == [])
    }

    @Test func aTemplateChangeRerendersEveryPageAndABrokenTemplateChangesNothing() throws {
        let watched = try Watched(copyTemplates: true)
        defer { watched.site.remove() }
        let base = watched.templates + "/base.mustache"
        let original = try String(contentsOfFile: base, encoding: .utf8)
        try original.replacingOccurrences(of: "</body>", with: "<!-- edited template -->\n</body>")
            .write(toFile: base, atomically: false, encoding: .utf8)
        let rebuild = try watched.live.rebuild(changed: [base])
        #expect(rebuild.renderedPages == rebuild.totalPages)
        for file in htmlFiles(under: watched.site.folder + "/public/en") where !file.contains("/link/") {
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("<!-- edited template -->"), "\(file)")
        }
        #expect(try watched.differencesFromFullBuild() == [])

        let before = snapshot(of: watched.site.folder + "/public")
        try (original + "\n{{#unclosed}}\n").write(toFile: base, atomically: false, encoding: .utf8)
        #expect(problems { _ = try watched.live.rebuild(changed: [base]) }.first?.hasPrefix(base + ":") == true)
        #expect(snapshot(of: watched.site.folder + "/public") == before)
    }

    @Test func aSiteBrokenAtStartIsWrittenWholeOnceFixed() throws {
        var pages = Self.pages
        pages["en/guide/charlie.md"] = markdown("Charlie", "See [nowhere](nowhere.md).")
        let site = try ScratchSite(pages)
        defer { site.remove() }
        #expect(site.problems().count == 1)
        let live = LiveSite(options: site.options())
        live.load()
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public"))
        try site.write(Self.pages["en/guide/charlie.md"]!, to: "site/content/en/guide/charlie.md")
        let rebuild = try live.rebuild(changed: [site.folder + "/site/content/en/guide/charlie.md"])
        #expect(rebuild.renderedPages == rebuild.totalPages)
        var options = site.options()
        options.output = site.folder + "/full"
        try SiteBuilder(options: options).build()
        #expect(snapshot(of: site.folder + "/public") == snapshot(of: site.folder + "/full"))
    }

    @Test func editorFilesAndTheOutputFolderAreNotChanges() throws {
        let watched = try Watched()
        defer { watched.site.remove() }
        let paths: Set<String> = [
            watched.path("en/.bravo.md.swp"), watched.path("en/guide/bravo.md~"), watched.site.folder + "/public/en/index.html",
            watched.path("en/guide/bravo.md"),
        ]
        #expect(watched.live.relevant(paths) == [watched.path("en/guide/bravo.md")])
    }

    @Test func helpgenWatchRebuildsAnEditAndStopsCleanlyOnSIGTERM() throws {
        let site = try ScratchSite(Self.pages)
        defer { site.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helpgenExecutable())
        process.arguments = ["watch", "--site", site.folder + "/site", "--templates", Repository.templates, "--output", site.folder + "/public"]
        let log = site.folder + "/watch.log", errors = site.folder + "/watch.err"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let text = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        let errorText = { (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "" }
        #expect(waitUntil(seconds: 60) { text().contains("watching ") }, "no 'watching' line: \(text()) \(errorText())")

        try site.write(markdown("Charlie", "Charlie text.\n\nEdited while watched.", extra: "order: 3\n"), to: "site/content/en/guide/charlie.md")
        #expect(waitUntil(seconds: 20) { (try? site.output("en/guide/charlie/index.html"))?.contains("Edited while watched.") == true })
        #expect(waitUntil(seconds: 20) { text().contains("rebuilt 1 of ") })

        try site.write("---\ntitle: Charlie\n---\n\n[x](gone.md)\n", to: "site/content/en/guide/charlie.md")
        #expect(waitUntil(seconds: 20) { errorText().contains("site/content/en/guide/charlie.md:5: the link \"gone.md\" points to no page") })
        #expect(try site.output("en/guide/charlie/index.html").contains("Edited while watched."))

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(text().contains("helpgen: stopped"))
    }
}

/// The problems `work` throws as a `SiteBuildFailure`, as `file:line: message` lines (empty when it succeeds).
private func problems(_ work: () throws -> Void) -> [String] {
    do {
        try work()
        return []
    } catch let failure as SiteBuildFailure {
        return failure.problems.map(\.description)
    } catch {
        return ["unexpected: \(error)"]
    }
}
