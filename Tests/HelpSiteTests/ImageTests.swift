import Foundation
import Testing

@testable import HelpSite

/// Images in pages: sizes read from each format's header, files found beside the page or in
/// `site/assets/`, published under hashed names with `srcset`, errors at the image's line, warnings
/// for images no page shows, and incremental builds and `watch` following image edits.
@Suite struct ImageTests {
    // MARK: - Sizes

    @Test func readsTheSizeOfEachFormatFromItsHeader() {
        #expect(ImageSize.read(Data(Self.png(width: 640, height: 480))) == ImageSize(width: 640, height: 480))
        #expect(ImageSize.read(Data(Self.gif(width: 300, height: 2))) == ImageSize(width: 300, height: 2))
        #expect(ImageSize.read(Data(Self.jpeg(width: 1024, height: 768))) == ImageSize(width: 1024, height: 768))
        #expect(ImageSize.read(Data(Self.webP(chunk: "VP8 ", [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01]))) == ImageSize(width: 640, height: 480))
        // Lossless: 14 bits of width - 1 (399), then 14 of height - 1 (199).
        let bits = UInt32(399) | UInt32(199) << 14
        #expect(ImageSize.read(Data(Self.webP(chunk: "VP8L", [0x2F] + Self.littleEndian(bits, 4)))) == ImageSize(width: 400, height: 200))
        // Extended: canvas width - 1 and height - 1 in 24 bits each, after 4 bytes of flags.
        #expect(ImageSize.read(Data(Self.webP(chunk: "VP8X", [0x10, 0, 0, 0] + Self.littleEndian(1919, 3) + Self.littleEndian(1079, 3)))) == ImageSize(width: 1920, height: 1080))
        #expect(ImageSize.read(Data("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120px\" height='48'>".utf8)) == ImageSize(width: 120, height: 48))
        #expect(ImageSize.read(Data("<svg viewBox=\"0 0 24 16\" width=\"100%\">".utf8)) == ImageSize(width: 24, height: 16))
    }

    @Test func aJPEGTurnedAQuarterByItsExifOrientationHasItsWidthAndHeightSwapped() {
        for (orientation, size) in [(6, ImageSize(width: 768, height: 1024)), (8, ImageSize(width: 768, height: 1024)), (3, ImageSize(width: 1024, height: 768))] {
            for littleEndian in [true, false] {
                #expect(ImageSize.read(Data(Self.jpeg(width: 1024, height: 768, orientation: orientation, littleEndian: littleEndian))) == size)
            }
        }
    }

    @Test func aFileThatIsNoImageOrIsCutShortHasNoSize() {
        #expect(ImageSize.read(Data("not an image".utf8)) == nil)
        #expect(ImageSize.read(Data(Self.png(width: 640, height: 480).prefix(20))) == nil)
        #expect(ImageSize.read(Data(Self.jpeg(width: 10, height: 10).prefix(12))) == nil)
        #expect(ImageSize.read(Data("<svg width=\"10\">".utf8)) == nil)
        #expect(ImageSize.read(Data(Self.png(width: 0, height: 480))) == nil)
    }

    // MARK: - Publishing

    @Test func imagesBesideThePageOrInAssetsArePublishedUnderHashedNamesWithTheirSize() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/revoke/index.md": markdown("Revoke", "Intro.\n\n![Revoke button](shot.png \"The button\")"),
            "en/guide.md": markdown("Guide", "![Logo](img/logo.svg) and ![Diagram](guide-diagram.gif)\n\n![Remote](https://example.com/x.png)\n\n![Spaced](<my shot.png>)"),
        ])
        defer { site.remove() }
        try site.writeBytes(Self.png(width: 400, height: 300), to: "site/content/en/revoke/shot.png")
        try site.writeBytes(Self.png(width: 800, height: 600), to: "site/content/en/revoke/shot@2x.png")
        try site.writeBytes(Self.gif(width: 50, height: 20), to: "site/content/en/guide-diagram.gif")
        try site.writeBytes(Self.png(width: 3, height: 3), to: "site/content/en/my shot.png")
        try site.write("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"></svg>", to: "site/assets/img/logo.svg")
        try site.build()

        // A page folder (`revoke/index.md`) is the page `revoke/`, its images beside it.
        let revoke = try site.output("en/revoke/index.html")
        let published = try #require(revoke.firstMatch(of: /<img src="\/assets\/images\/shot\.([0-9a-f]{8})\.png" alt="Revoke button" width="400" height="300" srcset="\/assets\/images\/shot\.\1\.png 1x, \/assets\/images\/shot@2x\.([0-9a-f]{8})\.png 2x" title="The button" loading="lazy" decoding="async" \/>/))
        let copied = try Data(contentsOf: URL(fileURLWithPath: site.folder + "/public/assets/images/shot.\(published.1).png"))
        #expect([UInt8](copied) == Self.png(width: 400, height: 300))
        #expect(FileManager.default.fileExists(atPath: site.folder + "/public/assets/images/shot@2x.\(published.2).png"))

        let guide = try site.output("en/guide/index.html")
        // An image of site/assets/ is the asset's published file.
        #expect(guide.contains(#/<img src="/assets/img/logo\.[0-9a-f]{8}\.svg" alt="Logo" width="32" height="32" loading="lazy" decoding="async" />/#))
        #expect(guide.contains(#/<img src="/assets/images/guide-diagram\.[0-9a-f]{8}\.gif" alt="Diagram" width="50" height="20" loading="lazy"/#))
        // A file name with a space is written as a valid URL.
        #expect(guide.contains(#/<img src="/assets/images/my%20shot\.[0-9a-f]{8}\.png" alt="Spaced" width="3" height="3"/#))
        // A URL is left as written.
        #expect(guide.contains("<img src=\"https://example.com/x.png\" alt=\"Remote\" />"))
    }

    @Test func imagesAndLinksInsideAnImagesDescriptionAreOnlyItsAltText() {
        let parsed = CommonMarkTree.parse(
            "![A ![inner](inner.png) and [a page](b.md)](outer.png)", callouts: { _ in nil }, isPageLink: { $0.hasSuffix(".md") }
        )
        #expect(parsed.images.map(\.destination) == ["outer.png"])
        #expect(parsed.images.first?.alt == "A inner and a page")
        #expect(parsed.links.isEmpty && parsed.body.slotCount == 0 && parsed.body.imageSlots.count == 1)
        #expect(parsed.body.html(links: [], images: ["<img>"]) == "<p><img></p>\n")
    }

    @Test func aMissingImageAnImageWithoutAltTextAndAFileThatIsNoImageFailTheBuildAtTheirLine() throws {
        let site = try ScratchSite([
            "en/_index.md": markdown("Home"),
            "en/a.md": markdown("A", "Intro.\n\n![Revoke button](shot.png)\n\n![](blank.png)\n\n![Text](notes.png)\n\n![Escape](../../../../../../etc/hostname)\n\n![](https://example.com/remote.png)"),
        ])
        defer { site.remove() }
        try site.writeBytes(Self.png(width: 1, height: 1), to: "site/content/en/blank.png")
        try site.write("just text", to: "site/content/en/notes.png")
        #expect(site.problems() == [
            "site/content/en/a.md:7: the image \"shot.png\" does not exist",
            "site/content/en/a.md:9: the image \"blank.png\" has no alt text; write what it shows between the brackets: ![what it shows](blank.png)",
            "site/content/en/a.md:11: the image \"notes.png\" is not a PNG, JPEG, GIF, WebP or SVG image",
            "site/content/en/a.md:13: the image \"../../../../../../etc/hostname\" does not exist",
            "site/content/en/a.md:15: the image \"https://example.com/remote.png\" has no alt text; write what it shows between the brackets: ![what it shows](https://example.com/remote.png)",
        ])
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/public"))
    }

    @Test func anImageNoPageShowsIsAWarningAndTheBuildGoesOn() throws {
        let site = try ScratchSite(["en/_index.md": markdown("Home", "![Shown](shown.png)")])
        defer { site.remove() }
        try site.writeBytes(Self.png(width: 2, height: 2), to: "site/content/en/shown.png")
        try site.writeBytes(Self.png(width: 4, height: 4), to: "site/content/en/shown@2x.png")
        try site.writeBytes(Self.png(width: 2, height: 2), to: "site/content/en/old/forgotten.png")
        let report = try site.build()
        #expect(report.warnings.map { $0.description.replacingOccurrences(of: site.folder + "/", with: "") }
            == ["site/content/en/old/forgotten.png: the image is not shown by any page"])
        // The CLI prints it on standard error and still succeeds.
        let result = try run(helpgenExecutable(), ["build", "--site", site.folder + "/site", "--templates", Repository.templates, "--output", site.folder + "/cli"])
        #expect(result.status == 0)
        #expect(result.err.contains("warning: \(site.folder)/site/content/en/old/forgotten.png: the image is not shown by any page"))
    }

    // MARK: - Incremental builds and watch

    @Test func incrementalBuildsFollowAnImageAddedChangedGivenA2xFileAndRemoved() throws {
        let built = try IncrementalBuildTests.Built()
        defer { built.site.remove() }
        let site = built.site
        let page = "site/content/en/guide/pictures.md"
        let edits: [(String, () throws -> Void)] = [
            ("image added", {
                try site.writeBytes(Self.png(width: 10, height: 10), to: "site/content/en/guide/shot.png")
                try site.write(markdown("Pictures", "![A shot](shot.png)"), to: page)
            }),
            ("image changed", { try site.writeBytes(Self.png(width: 20, height: 10), to: "site/content/en/guide/shot.png") }),
            ("2x file added", { try site.writeBytes(Self.png(width: 40, height: 20), to: "site/content/en/guide/shot@2x.png") }),
            ("2x file removed", { try FileManager.default.removeItem(atPath: site.folder + "/site/content/en/guide/shot@2x.png") }),
            ("image no longer shown", { try site.write(markdown("Pictures", "No picture."), to: page) }),
        ]
        for (name, edit) in edits {
            try edit()
            let report = try built.build()
            #expect(report.incremental, "\(name)")
            #expect(try built.differencesFromCleanBuild() == [], "after the edit: \(name)")
        }
        #expect(try site.output("en/guide/pictures/index.html").contains("No picture."))
        let images = try FileManager.default.contentsOfDirectory(atPath: built.output + "/assets").contains("images")
        #expect(!images, "the folder of page images goes once no page shows one")
    }

    @Test func watchRewritesThePageAndTheFileWhenAnImageChanges() throws {
        let watched = try WatchTests.Watched()
        defer { watched.site.remove() }
        try watched.site.writeBytes(Self.png(width: 10, height: 10), to: "site/content/en/guide/shot.png")
        try watched.edit("en/guide/charlie.md", markdown("Charlie", "Charlie text.\n\n![A shot](shot.png)", extra: "order: 3\n"))
        let before = WatchTests.stamps(watched.site.folder + "/public")
        try watched.site.writeBytes(Self.png(width: 30, height: 10), to: "site/content/en/guide/shot.png")
        let rebuild = try watched.live.rebuild(changed: [watched.path("en/guide/shot.png")])
        let touched = WatchTests.touched(before, WatchTests.stamps(watched.site.folder + "/public"))
        #expect(touched.count == 3 && touched.contains("en/guide/charlie/index.html"))
        #expect(touched.filter { $0.hasPrefix("assets/images/shot.") }.count == 2, "the old file goes, the new one comes")
        #expect(rebuild.renderedPages == 1)
        #expect(try watched.site.output("en/guide/charlie/index.html").contains("width=\"30\" height=\"10\""))
        #expect(watched.live.relevant([watched.path("en/guide/shot.png"), watched.path("en/guide/notes.txt")]) == [watched.path("en/guide/shot.png")])
        #expect(try watched.differencesFromFullBuild() == [])
    }

    // MARK: - Image bytes

    /// The signature and IHDR chunk of a PNG (all a size reader looks at).
    static func png(width: Int, height: Int) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
            + bigEndian(width, 4) + bigEndian(height, 4) + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
    }

    static func gif(width: Int, height: Int) -> [UInt8] {
        Array("GIF89a".utf8) + littleEndian(UInt32(width), 2) + littleEndian(UInt32(height), 2) + [0, 0, 0]
    }

    /// SOI, an APP0 segment, an Exif segment with one orientation entry when `orientation` is given,
    /// then a baseline start-of-frame segment.
    static func jpeg(width: Int, height: Int, orientation: Int? = nil, littleEndian little: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        if let orientation {
            func number(_ value: Int, _ count: Int) -> [UInt8] {
                little ? littleEndian(UInt32(value), count) : bigEndian(value, count)
            }
            // TIFF header, then one directory of one entry: tag 0x0112, type SHORT, count 1, the value.
            let tiff = Array((little ? "II" : "MM").utf8) + number(42, 2) + number(8, 4)
                + number(1, 2) + number(0x0112, 2) + number(3, 2) + number(1, 4) + number(orientation, 2) + [0, 0] + number(0, 4)
            let data = Array("Exif".utf8) + [0, 0] + tiff
            bytes += [0xFF, 0xE1] + bigEndian(data.count + 2, 2) + data
        }
        return bytes + [0xFF, 0xC0, 0x00, 0x11, 0x08] + bigEndian(height, 2) + bigEndian(width, 2) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
    }

    static func webP(chunk: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(chunk.utf8) + littleEndian(UInt32(data.count), 4) + data + [UInt8](repeating: 0, count: 16)
        return Array("RIFF".utf8) + littleEndian(UInt32(body.count + 4), 4) + Array("WEBP".utf8) + body
    }

    static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func littleEndian(_ value: UInt32, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

extension ScratchSite {
    /// Writes a binary file under the scratch folder.
    func writeBytes(_ bytes: [UInt8], to relative: String) throws {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
