import Foundation
import Testing

@testable import HelpSite

/// `helpgen build` over its own earlier output: only what changed is read, rendered and written,
/// the result is always what a clean build writes, byte for byte, and a failed or stopped build
/// leaves a complete site.
@Suite struct IncrementalBuildTests {
    /// A scratch site with the watch tests' pages and its own copy of the templates, built once.
    struct Built {
        let site: ScratchSite
        let templates: String

        init() throws {
            site = try ScratchSite(WatchTests.pages)
            templates = try site.copyTemplates()
            try build()
        }

        var output: String { site.folder + "/public" }
        var statePath: String { site.folder + "/.helpgen/public/state" }

        /// Builds `public/` as `helpgen build` does (a new builder: the state comes from disk).
        @discardableResult
        func build(clean: Bool = false) throws -> SiteBuilder.Report {
            var options = site.options(templates: templates)
            options.clean = clean
            return try SiteBuilder(options: options).build()
        }

        /// A clean build of the same site into another folder, compared file by file with `public/`.
        func differencesFromCleanBuild() throws -> [String] {
            var options = site.options(templates: templates)
            options.output = site.folder + "/clean"
            options.clean = true
            try SiteBuilder(options: options).build()
            defer { try? FileManager.default.removeItem(atPath: site.folder + "/clean") }
            let built = snapshot(of: output), clean = snapshot(of: site.folder + "/clean")
            return Set(built.keys).union(clean.keys).sorted().filter { built[$0] != clean[$0] }
        }
    }

    @Test func anUnchangedSiteIsNeitherRenderedNorWritten() throws {
        let built = try Built()
        defer { built.site.remove() }
        let before = WatchTests.stamps(built.output)
        let report = try built.build()
        #expect(report.incremental && report.renderedPages == 0 && report.writtenFiles == 0 && report.removedFiles == 0)
        #expect(report.summary.hasSuffix("(0 rendered, 0 files written, 0 removed)"))
        #expect(WatchTests.touched(before, WatchTests.stamps(built.output)) == [])
    }

    @Test func oneEditRendersAndWritesOnlyThePagesThatShowIt() throws {
        let built = try Built()
        defer { built.site.remove() }
        let before = WatchTests.stamps(built.output)
        try built.site.write(markdown("Bravissimo", "Bravo text.\n\n## Steps\n\nDo it.", extra: "order: 2\n"), to: "site/content/en/guide/bravo.md")
        let report = try built.build()
        let touched = ["en/guide/alpha/index.html", "en/guide/bravo/index.html", "en/guide/charlie/index.html", "en/guide/index.html"]
        #expect(WatchTests.touched(before, WatchTests.stamps(built.output)) == touched)
        #expect(report.renderedPages == 4 && report.writtenFiles == 4)
        #expect(try built.differencesFromCleanBuild() == [])
    }

    @Test func everySequenceOfEditsEndsInWhatACleanBuildWrites() throws {
        let built = try Built()
        defer { built.site.remove() }
        let site = built.site
        let edits: [(String, () throws -> Void)] = [
            ("body", { try site.write(markdown("Charlie", "Charlie text.\n\nMore.", extra: "order: 3\n"), to: "site/content/en/guide/charlie.md") }),
            ("slug", { try site.write(markdown("Bravo", "Bravo text.\n\n## Steps\n\nDo it.", extra: "order: 2\nslug: b\n"), to: "site/content/en/guide/bravo.md") }),
            ("new page", { try site.write(markdown("Delta", "See [Bravo](bravo.md).", extra: "order: 0\n"), to: "site/content/en/guide/delta.md") }),
            ("deleted page", { try FileManager.default.removeItem(atPath: site.folder + "/site/content/en/guide/charlie.md") }),
            ("new folder", { try site.write(markdown("Fresh", "New [home](../_index.md)."), to: "site/content/ko/fresh/_index.md") }),
            ("removed folder", { try FileManager.default.removeItem(atPath: site.folder + "/site/content/en/other") }),
            ("draft", { try site.write(markdown("Alpha", "## First\n\nSee [Bravo](bravo.md#steps).", extra: "order: 1\ndraft: true\n"), to: "site/content/en/guide/alpha.md") }),
            ("translation", {
                let path = site.folder + "/site/i18n/en.yml"
                try (try String(contentsOfFile: path, encoding: .utf8)).replacingOccurrences(of: "Tip", with: "Hint").write(toFile: path, atomically: false, encoding: .utf8)
            }),
            ("template", {
                let path = built.templates + "/base.mustache"
                try (try String(contentsOfFile: path, encoding: .utf8)).replacingOccurrences(of: "</body>", with: "<!-- edited -->\n</body>").write(toFile: path, atomically: false, encoding: .utf8)
            }),
            ("asset", { try site.write("body { color: #123; }\n", to: "site/assets/app.css") }),
            ("config", { try site.write(ScratchSite.defaultConfig.replacingOccurrences(of: "Test Help", with: "Renamed Help"), to: "site/config.yml") }),
            ("base URL with a path", { try site.write(ScratchSite.defaultConfig.replacingOccurrences(of: "https://help.test", with: "https://x.test/help"), to: "site/config.yml") }),
        ]
        for (name, edit) in edits {
            try edit()
            let report = try built.build()
            #expect(report.incremental, "\(name)")
            #expect(try built.differencesFromCleanBuild() == [], "after the edit: \(name)")
        }
        let page = try built.site.output("en/guide/b/index.html")
        #expect(page.contains("<!-- edited -->") && page.contains("https://x.test/help/en/guide/b/") && page.contains("Renamed Help") == false)
    }

    @Test func aBrokenSiteChangesNeitherTheOutputNorTheState() throws {
        let built = try Built()
        defer { built.site.remove() }
        let output = snapshot(of: built.output)
        let state = FileManager.default.contents(atPath: built.statePath)
        try built.site.write(markdown("Charlie", "See [nowhere](nowhere.md)."), to: "site/content/en/guide/charlie.md")
        try built.site.write(markdown("Xray", "Fine now."), to: "site/content/en/other/xray.md")
        #expect(throws: SiteBuildFailure.self) { try built.build() }
        #expect(snapshot(of: built.output) == output)
        #expect(FileManager.default.contents(atPath: built.statePath) == state)
        #expect(!FileManager.default.fileExists(atPath: built.site.folder + "/.helpgen/public/staging"))
        // Fixed: both edits are published.
        try built.site.write(markdown("Charlie", "See [Alpha](alpha.md)."), to: "site/content/en/guide/charlie.md")
        try built.build()
        #expect(try built.site.output("en/other/xray/index.html").contains("Fine now."))
        #expect(try built.differencesFromCleanBuild() == [])
    }

    @Test func aPublicationStoppedHalfwayIsFinishedByTheNextBuild() throws {
        let built = try Built()
        defer { built.site.remove() }
        // A build stopped after staging two pages and saving its journal, before renaming them:
        // the output still holds whole old pages, and the next build moves the staged ones in first.
        let state = StateFolder(output: SitePath(built.output))
        let publication = IncrementalOutput(target: SitePath(built.output), state: state)
        try publication.prepare()
        _ = try publication.stage(Array("<!DOCTYPE html><title>staged</title>\n".utf8), number: 0)
        var journal = StateWriter()
        journal.add(1)
        journal.add(0)
        journal.add("en/guide/charlie/index.html")
        journal.add(1)
        journal.add("en/other/xray/index.html")
        try state.write(journal.bytes, to: state.journalPath)
        try built.site.write(markdown("Alpha", "## First\n\nEdited. See [Bravo](bravo.md#steps).", extra: "order: 1\n"), to: "site/content/en/guide/alpha.md")

        let report = try built.build()
        #expect(report.incremental)
        // The staged page was moved in, then seen to differ from its record and rendered again; the
        // page the journal deleted was written again.
        #expect(try built.differencesFromCleanBuild() == [])
        #expect(!FileManager.default.fileExists(atPath: state.journalPath))
        #expect(!FileManager.default.fileExists(atPath: state.stagingPath))
    }

    @Test func filesChangedOrDeletedByHandInTheOutputAreWrittenAgain() throws {
        let built = try Built()
        defer { built.site.remove() }
        try "tampered".write(toFile: built.output + "/en/guide/alpha/index.html", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: built.output + "/en/other")
        let report = try built.build()
        #expect(report.writtenFiles == 3)
        #expect(try built.differencesFromCleanBuild() == [])
    }

    @Test func aStateThatCannotBeReadOrCleanMakesAFullBuildThatReplacesTheOutput() throws {
        let built = try Built()
        defer { built.site.remove() }
        try built.site.write("stale", to: "public/stale.html")
        try Data("not a state".utf8).write(to: URL(fileURLWithPath: built.statePath))
        let full = try built.build()
        #expect(!full.incremental && full.summary.hasSuffix(" s → \(built.output)/"))
        #expect(!FileManager.default.fileExists(atPath: built.output + "/stale.html"))
        #expect(try built.build().incremental)

        try built.site.write("stale", to: "public/stale.html")
        #expect(try !built.build(clean: true).incremental)
        #expect(!FileManager.default.fileExists(atPath: built.output + "/stale.html"))
        #expect(try built.differencesFromCleanBuild() == [])
    }

    @Test func helpgenBuildTwiceWritesNothingTheSecondTime() throws {
        let site = try ScratchSite(WatchTests.pages)
        defer { site.remove() }
        let arguments = ["build", "--site", "site", "--templates", Repository.templates, "--output", "public"]
        #expect(try run(helpgenExecutable(), arguments, in: site.folder).status == 0)
        let second = try run(helpgenExecutable(), arguments, in: site.folder)
        #expect(second.status == 0)
        #expect(second.out.hasSuffix(" s → public/ (0 rendered, 0 files written, 0 removed)\n"), "\(second.out)")
        let clean = try run(helpgenExecutable(), arguments + ["--clean"], in: site.folder)
        #expect(clean.out.hasSuffix(" s → public/\n"), "\(clean.out)")
    }

    @Test func theStateKeepsEveryFieldOfAnOutlineAndRefusesBytesItDidNotWrite() throws {
        var matter = FrontMatter(title: "Title", draft: true)
        matter.slug = "slug"
        matter.order = -3
        matter.description = "Description"
        matter.updated = "2026-01-02"
        let outline = PageOutline(
            locale: "ko", contentPath: "a/_index.md", file: "site/content/ko/a/_index.md", matter: matter, bodyLine: 7,
            headings: [HeadingAnchor(id: "단계", text: "단계", level: 2, line: 3)],
            links: [LinkOccurrence(destination: "b.md#x", line: 5)], leadSummary: nil
        )
        var state = BuildState()
        state.graph = ContentDigest(of: Array("graph".utf8))
        state.sources["site/content/ko/a/_index.md"] = BuildState.Source(
            stamp: FileStamp(inode: 9, size: 10, modified: 11, changed: 12), labels: ContentDigest(of: [1]),
            digest: ContentDigest(of: [2]), outline: outline, body: nil
        )
        state.outputs["ko/a/index.html"] = BuildState.Output(
            input: nil, bytes: ContentDigest(of: [3]), stamp: FileStamp(inode: 1, size: 2, modified: 3, changed: 4)
        )
        let bytes = state.encoded()
        let decoded = try #require(BuildState.decoded(bytes))
        #expect(decoded.graph == state.graph)
        #expect(decoded.sources["site/content/ko/a/_index.md"]?.outline == outline)
        #expect(decoded.sources["site/content/ko/a/_index.md"]?.stamp == FileStamp(inode: 9, size: 10, modified: 11, changed: 12))
        #expect(decoded.outputs == state.outputs)
        #expect(BuildState.decoded(.init(state: Array(bytes.state.dropLast()), outlines: bytes.outlines)) == nil)
        #expect(BuildState.decoded(.init(state: bytes.state + [0], outlines: bytes.outlines)) == nil)
        #expect(BuildState.decoded(.init(state: bytes.state, outlines: Array(bytes.outlines.dropLast()))) == nil)
        #expect(BuildState.decoded(.init(state: bytes.state, outlines: bytes.outlines + [0])) == nil)
        // The state names its outlines file: another state's is refused.
        var other = state
        other.sources = [:]
        #expect(BuildState.decoded(.init(state: bytes.state, outlines: other.encodedOutlines())) == nil)
    }

    @Test func theStateKeepsThePageTreeAndLinksAsAssembledAndDropsThemWhenAnOutlineChanges() throws {
        let built = try Built()
        defer { built.site.remove() }
        let engine = SiteEngine(options: built.site.options(templates: built.templates))
        let state = try #require(StateFolder(output: engine.output).loadState())
        let kept = try #require(state.checkedGraph)
        let read = try engine.read(known: state.sources)
        let assembled = try engine.check(read).graph
        #expect(kept.key == assembled.key)
        #expect(kept.tree.pages == assembled.tree.pages)
        #expect(kept.tree.homes == assembled.tree.homes && kept.tree.redirects == assembled.tree.redirects)
        #expect(kept.links == assembled.links)
        #expect(kept.tree.pages.indices.allSatisfy { kept.tree.sources[$0] == assembled.tree.sources[$0] })
        #expect(Set(kept.tree.pages.map(\.locale)) == ["en", "ko"] && kept.links.contains { !$0.rewrites.isEmpty })

        // An edit of a body leaves the outlines file as it was; the state file names it.
        let outlinesPath = StateFolder(output: engine.output).outlinesPath
        let outlines = FileManager.default.contents(atPath: outlinesPath)
        try built.site.write(markdown("Bravo", "Bravo text.\n\n## Steps\n\nDo it twice.", extra: "order: 2\n"), to: "site/content/en/guide/bravo.md")
        #expect(try built.build().renderedPages == 1)
        #expect(FileManager.default.contents(atPath: outlinesPath) == outlines)
        #expect(StateFolder(output: engine.output).loadState()?.checkedGraph?.key == kept.key)

        // A new title changes an outline, so the graph's key: the next build assembles the tree again.
        try built.site.write(markdown("Bravo renamed", "Bravo text.\n\n## Steps\n\nDo it.", extra: "order: 2\n"), to: "site/content/en/guide/bravo.md")
        let edited = try engine.read(known: state.sources)
        #expect(edited.graphKey != kept.key)
        let rebuilt = try engine.check(edited, known: kept)
        #expect(rebuilt.tree.pages.contains { $0.title == "Bravo renamed" })
        #expect(try built.build().incremental)
        #expect(FileManager.default.contents(atPath: outlinesPath) != outlines)
        #expect(try built.differencesFromCleanBuild() == [])
    }
}
