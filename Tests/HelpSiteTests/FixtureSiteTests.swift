import Foundation
import Testing

@testable import HelpSite

/// The fixture site (`Fixtures/site`, built with the repository's templates) compared page by page
/// with `Fixtures/expected`. After an intended change to templates or the generator, record the new
/// output with `HELPGEN_RECORD_FIXTURES=1 swift test --filter FixtureSiteTests` and review the diff.
@Suite struct FixtureSiteTests {
    @Test func wholeSiteMatchesTheExpectedOutputPageByPage() throws {
        let output = NSTemporaryDirectory() + "helpgen-fixture-" + UUID().uuidString
        // Built from a copy outside the repository, so no page's "Last updated" comes from this
        // repository's commits (which every commit would change).
        let site = output + "-site"
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: site)
        }
        try FileManager.default.copyItem(atPath: Repository.fixtures + "/site", toPath: site)
        let report = try SiteBuilder(options: .init(site: site, templates: Repository.templates, output: output)).build()
        #expect(report.pageCount == 14)  // three of them English pages standing in for missing Korean translations
        let expectedFolder = Repository.fixtures + "/expected"
        if ProcessInfo.processInfo.environment["HELPGEN_RECORD_FIXTURES"] == "1" {
            try? FileManager.default.removeItem(atPath: expectedFolder)
            try FileManager.default.copyItem(atPath: output, toPath: expectedFolder)
        }
        let built = snapshot(of: output)
        let expected = snapshot(of: expectedFolder)
        #expect(built.keys.sorted() == expected.keys.sorted(), "the set of files differs")
        for path in expected.keys.sorted() {
            let actual = built[path].map { String(decoding: $0, as: UTF8.self) }
            let wanted = expected[path].map { String(decoding: $0, as: UTF8.self) }
            #expect(actual == wanted, "\(path) differs from Fixtures/expected/\(path)")
        }
    }

    @Test func everyGeneratedPageIsWellFormedHTML5() throws {
        for site in [Repository.fixtures + "/site", Repository.site] {
            let output = NSTemporaryDirectory() + "helpgen-html5-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: output) }
            try SiteBuilder(options: .init(site: site, templates: Repository.templates, output: output)).build()
            let files = htmlFiles(under: output)
            #expect(files.count >= 12)
            #expect(try html5Problems(files) == [], "pages of \(site) that are not well-formed HTML5")
        }
    }

    @Test func theCheckerCatchesMalformedHTML() throws {
        let file = NSTemporaryDirectory() + "helpgen-bad-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p id=a></span><i id=a></body></html>".utf8)
            .write(to: URL(fileURLWithPath: file))
        let problems = try html5Problems([file])
        #expect(problems.contains { $0.contains("Unexpected end tag (span)") })
        #expect(problems.contains { $0.contains("the id \"a\" is used twice") })
    }
}
