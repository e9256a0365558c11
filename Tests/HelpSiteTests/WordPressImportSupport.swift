import Foundation
import Testing

@testable import HelpSite

/// A WordPress REST page object for tests: the fields the import reads, in the REST API's shape.
func wordPressPage(id: Int, link: String, title: String, content: String = "<p>Body.</p>", slug: String? = nil,
                   parent: Int = 0, order: Int = 0, extra: [String: Any] = [:]) -> [String: Any] {
    var page: [String: Any] = [
        "id": id, "link": link, "title": ["rendered": title], "content": ["rendered": content, "protected": false],
        "slug": slug ?? link.split(separator: "/").last.map(String.init) ?? "", "parent": parent, "menu_order": order,
        "modified_gmt": "2025-04-01T09:30:00", "type": "use-guides", "status": "publish",
    ]
    page.merge(extra) { $1 }
    return page
}

/// An empty site (config and translations, no pages) in a temporary folder, with a folder for inputs.
struct ImportScratch {
    let site: ScratchSite

    init() throws {
        site = try ScratchSite([:])
    }

    var siteFolder: String { site.folder + "/site" }

    /// Writes `value` as JSON to `inputs/<name>` and returns its path.
    @discardableResult
    func input(_ name: String, _ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
        return try inputText(name, String(decoding: data, as: UTF8.self))
    }

    /// Writes `text` to `inputs/<name>` and returns its path.
    @discardableResult
    func inputText(_ name: String, _ text: String) throws -> String {
        try site.write(text, to: "inputs/" + name)
        return site.folder + "/inputs/" + name
    }

    /// Runs an import of `inputs` into the site.
    func run(_ inputs: [String]? = nil, locale: String? = nil, typeBase: String = "use-guides", callouts: [String: String] = [:],
             translations: String? = nil, force: Bool = false) throws -> ImportReport {
        try WordPressImport(options: .init(
            inputs: inputs ?? [site.folder + "/inputs"], site: siteFolder, locale: locale, typeBase: typeBase,
            callouts: callouts, translations: translations, force: force
        )).run()
    }

    /// The problems of an import that must fail, with the scratch folder left out of the paths.
    func problems(_ inputs: [String]? = nil, locale: String? = nil, typeBase: String = "use-guides", translations: String? = nil) -> [String] {
        do {
            _ = try run(inputs, locale: locale, typeBase: typeBase, translations: translations)
            return []
        } catch let failure as ImportFailure {
            return failure.problems.map { $0.description.replacingOccurrences(of: site.folder + "/", with: "") }
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    /// A file of `site/content/`, or nil.
    func content(_ relative: String) -> String? {
        try? String(contentsOfFile: siteFolder + "/content/" + relative, encoding: .utf8)
    }

    /// Every file under `site/content/`.
    var contentFiles: [String: Data] { snapshot(of: siteFolder + "/content") }

    /// Report lines with the scratch folder left out.
    func lines(_ report: ImportReport) -> [String] {
        report.entries.map { $0.line.replacingOccurrences(of: site.folder + "/", with: "") }
    }

    func remove() { site.remove() }
}

/// What a reader sees of a page (Support/visible-text.py over html5lib): text, table cells, callouts.
struct VisibleText: Decodable, Equatable {
    let text: String
    let cells: [[String]]
    let callouts: Int

    /// Of a WordPress REST page object (`wordpress`) or of a built page (`built`).
    static func of(_ mode: String, _ path: String) throws -> VisibleText {
        let result = try run("/usr/bin/python3", [Repository.root + "/Tests/HelpSiteTests/Support/visible-text.py", mode, path])
        guard result.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: result.err]) }
        return try JSONDecoder().decode(VisibleText.self, from: Data(result.out.utf8))
    }
}
