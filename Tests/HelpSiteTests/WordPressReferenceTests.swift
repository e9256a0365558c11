import Foundation
import Testing

@testable import HelpSite

/// A page shaped like the help center's WordPress pages, imported, then built with the real generator:
/// what a reader sees must be what WordPress showed.
@Suite("WordPress import: a reference-shaped page builds and reads the same")
struct WordPressReferenceTests {
    static let fixture = Repository.fixtures + "/wordpress/protected-link.json"
    /// The help center's own page, beside the clone (not needed for the suite to pass).
    static let reference = Repository.root + "/../shared/reference/otp-link-authenticate.wp.json"

    @Test("the fixture page lands at its link's path with its front matter, and builds")
    func fixturePage() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        let report = try scratch.run([Self.fixture])
        let file = try #require(scratch.content("en/files/share/protected-links/open-protected-link.md"))
        #expect(file.hasPrefix("""
        ---
        title: Open a protected link
        slug: open-protected-link
        order: 1
        updated: 2025-05-02
        description: A protected link opens only after the person who got it proves they own the address it was sent to. Leaving the page
        aliases:
          - "/en/use-guides/files/share/protected-links/open-protected-link/"
        wordpress:
          id: 7101
          parent: 7100
        ---

        A protected link opens
        """))
        #expect(file.contains("\n## Open a protected link\n"))
        #expect(file.contains("\n> [!TIP]\n> If the link opens inside a phone app"))
        #expect(!file.contains("style="))
        // The parents WordPress had (not in the input) are made, with titles from their slugs.
        #expect(scratch.content("en/files/_index.md") == "---\ntitle: Files\n---\n")
        #expect(scratch.content("en/files/share/_index.md") == "---\ntitle: Share\n---\n")
        #expect(scratch.content("en/files/share/protected-links/_index.md") == "---\ntitle: Protected links\n---\n")
        #expect(scratch.lines(report) == [
            "site/content/en/files/_index.md: created for a missing parent: a section page titled \"Files\"",
            "site/content/en/files/share/_index.md: created for a missing parent: a section page titled \"Share\"",
            "site/content/en/files/share/protected-links/_index.md: created for a missing parent: a section page titled \"Protected links\"",
        ])
        #expect(report.summary == "Imported 1 page in 1 locale (3 sections, 3 made for missing parents); 0 kept raw, 0 removed, 0 links to pages not imported, 0 files to copy → \(scratch.siteFolder)/content (4 written, 0 unchanged)")
        try expectSameReading(wordpress: Self.fixture, scratch: scratch, built: "en/files/share/protected-links/open-protected-link/index.html")
    }

    @Test("the help center's own page imports and reads the same", .enabled(if: FileManager.default.fileExists(atPath: reference)))
    func referencePage() throws {
        let scratch = try ImportScratch()
        defer { scratch.remove() }
        let report = try scratch.run([Self.reference])
        #expect(report.pages == 1 && report.createdParents == 3)
        #expect(report.entries.allSatisfy { $0.item.kind == .createdParent }, "everything in the page converts exactly")
        let file = try #require(scratch.content("en/drive/send-file-or-link/send-as-link/otp-link-authenticate.md"))
        #expect(file.contains("\nwordpress:\n  id: 384459\n  parent: 54387\n"))
        try expectSameReading(wordpress: Self.reference, scratch: scratch, built: "en/drive/send-file-or-link/send-as-link/otp-link-authenticate/index.html")
    }

    /// Builds the scratch site and compares what a reader sees of `built` with the WordPress page.
    private func expectSameReading(wordpress: String, scratch: ImportScratch, built: String) throws {
        try scratch.site.build()
        let source = try VisibleText.of("wordpress", wordpress)
        let page = try VisibleText.of("built", scratch.site.folder + "/public/" + built)
        #expect(page.text == source.text)
        #expect(page.cells == source.cells)
        #expect(!page.cells.isEmpty)
        #expect(page.callouts == 1, "the tip is a callout box")
        #expect(try scratch.site.output(built).contains("<aside class=\"callout callout-tip\""))
        #expect(try html5Problems([scratch.site.folder + "/public/" + built]) == [])
    }
}
