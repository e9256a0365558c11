import Foundation
import Testing

@testable import HelpSite

/// Paths of the repository, found from this file.
enum Repository {
    /// The package root.
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// The real templates.
    static let templates = root + "/templates"
    /// The real site.
    static let site = root + "/site"
    /// The fixtures folder of this test target.
    static let fixtures = root + "/Tests/HelpSiteTests/Fixtures"
}

/// A site written into a fresh temporary folder, built with the repository's templates.
struct ScratchSite {
    /// The temporary folder holding `site/`, `public/` (and `templates/` when copied).
    let folder: String

    /// Creates a site with the default config and translations and these content files
    /// (paths relative to `site/content/`).
    init(_ content: [String: String], config: String? = nil) throws {
        folder = NSTemporaryDirectory() + "helpgen-" + UUID().uuidString
        try write(config ?? Self.defaultConfig, to: "site/config.yml")
        for locale in ["en", "ko"] {
            try FileManager.default.createDirectory(atPath: "\(folder)/site/i18n", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(Repository.site)/i18n/\(locale).yml", toPath: "\(folder)/site/i18n/\(locale).yml")
        }
        try FileManager.default.copyItem(atPath: Repository.site + "/assets", toPath: folder + "/site/assets")
        for (path, text) in content { try write(text, to: "site/content/" + path) }
    }

    static let defaultConfig = """
    title: Test Help
    baseURL: https://help.test
    defaultLocale: en
    locales:
      en: {name: English, ogLocale: en_US}
      ko: {name: 한국어, ogLocale: ko_KR}
    organization: {name: Test Org, logo: https://help.test/logo.png}
    api: {baseURL: https://api.help.test}
    """

    /// Writes a file under the scratch folder.
    func write(_ text: String, to relative: String) throws {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Copies the repository's templates into the scratch folder (to break them on purpose).
    func copyTemplates() throws -> String {
        let target = folder + "/templates"
        try FileManager.default.copyItem(atPath: Repository.templates, toPath: target)
        return target
    }

    /// Options for building this site into `public/` of the scratch folder.
    func options(templates: String = Repository.templates) -> SiteBuilder.Options {
        .init(site: folder + "/site", templates: templates, output: folder + "/public")
    }

    /// Builds the site and returns the report (throws the failure).
    @discardableResult
    func build(templates: String = Repository.templates) throws -> SiteBuilder.Report {
        try SiteBuilder(options: options(templates: templates)).build()
    }

    /// The problems a build reports, as `file:line: message` lines with the scratch folder removed.
    func problems(templates: String = Repository.templates) -> [String] {
        do {
            try build(templates: templates)
            return []
        } catch let failure as SiteBuildFailure {
            return failure.problems.map { $0.description.replacingOccurrences(of: folder + "/", with: "") }
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    /// A built file's text.
    func output(_ relative: String) throws -> String {
        try String(contentsOfFile: folder + "/public/" + relative, encoding: .utf8)
    }

    /// Deletes the scratch folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// A front matter + body Markdown file.
func markdown(_ title: String, _ body: String = "", extra: String = "") -> String {
    "---\ntitle: \(title)\n\(extra)---\n\n\(body)\n"
}

/// Runs a program and returns its exit status, standard output and standard error.
func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The built `helpgen` executable (a dependency of this test target, so `swift test` builds it).
func helpgenExecutable() -> String {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("helpgen").path
    if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
    return Repository.root + "/.build/debug/helpgen"
}

/// Every `.html` file under a folder.
func htmlFiles(under folder: String) -> [String] {
    (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".html") }.sorted().map { folder + "/" + $0 }
}

/// Runs the HTML5 checker (Debian's python3-html5lib, installed by `make test`) on files; returns its report.
func html5Problems(_ files: [String]) throws -> [String] {
    let result = try run("/usr/bin/python3", [Repository.root + "/Tests/HelpSiteTests/Support/check-html5.py"] + files)
    if result.status != 0 && result.out.isEmpty { return ["checker failed: " + result.err] }
    return result.out.split(separator: "\n").map(String.init)
}

/// Every file under a folder, relative path → contents.
func snapshot(of folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    for relative in FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [] {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
            files[relative] = FileManager.default.contents(atPath: folder + "/" + relative)
        }
    }
    return files
}

/// Checks `condition` every 5 ms until it holds or `seconds` have passed; true when it held.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}
