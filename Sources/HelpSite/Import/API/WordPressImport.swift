import Foundation

/// `helpgen import wordpress`: WordPress REST pages (saved JSON) into `site/content/<locale>/…` as Markdown.
///
/// Reads every input before it writes anything: a bad input (JSON that does not parse, a page without
/// `link` or `title`, an existing file that differs without `force`) throws an `ImportFailure` and
/// leaves the site as it was. With `force`, only files whose bytes change are written.
public struct WordPressImport: Sendable {
    /// What to import and how.
    public struct Options: Sendable {
        /// JSON files (a page object or an array of them) and folders of such files.
        public var inputs: [String]
        /// The site folder (with `config.yml`); pages go to its `content/`.
        public var site: String
        /// The locale of pages whose link does not start with one of the site's locales.
        public var locale: String?
        /// The post type's segment in page links (`use-guides`); "" when links have none.
        public var typeBase: String
        /// Callout kinds (`tip`, `note`, `warning`) by CSS class; `lw_tip` is a tip unless given otherwise.
        public var callouts: [String: String]
        /// A CSV of WordPress ids that are one another's translations (`en_id,ko_id` header).
        public var translations: String?
        /// Replace existing files that differ.
        public var force: Bool

        /// Creates options; `callouts` are added to the default `lw_tip` → tip.
        public init(inputs: [String], site: String = "site", locale: String? = nil, typeBase: String = "use-guides",
                    callouts: [String: String] = [:], translations: String? = nil, force: Bool = false) {
            self.inputs = inputs
            self.site = site
            self.locale = locale
            self.typeBase = typeBase
            self.callouts = ["lw_tip": "tip"].merging(callouts.mapValues { $0.lowercased() }) { $1 }
            self.translations = translations
            self.force = force
        }
    }

    /// The options.
    public let options: Options

    /// Creates an import.
    public init(options: Options) {
        self.options = options
    }

    /// Runs the import; throws `ImportFailure` on bad input (nothing written then).
    public func run() throws -> ImportReport {
        let config: SiteConfig
        switch SiteConfig.load(path: options.site + "/config.yml", baseURLOverride: nil) {
        case let .success(value): config = value
        case let .failure(failure):
            throw ImportFailure(problems: failure.problems.map { ImportProblem(position: $0.file + ($0.line.map { ":\($0)" } ?? ""), message: $0.message) })
        }
        let locales = config.locales.map(\.code)
        if let locale = options.locale, !locales.contains(locale) {
            throw ImportFailure(problems: [ImportProblem(position: "--locale", message: "\"\(locale)\" is not a locale of \(options.site)/config.yml (\(locales.joined(separator: ", ")))")])
        }
        let pages = try ImportInput.read(options.inputs).get()
        var rows: [TranslationRow] = []
        if let csv = options.translations {
            rows = try TranslationGroups.readCSV(path: csv).mapError { ImportFailure(problems: [$0]) }.get()
            let known = Set(pages.map(\.id))
            let unknown = rows.flatMap { row in row.ids.filter { !known.contains($0) }.map { ImportProblem(position: row.position, message: "names WordPress id \($0), which is not in the input") } }
            if !unknown.isEmpty { throw ImportFailure(problems: unknown) }
        }
        let content = options.site + "/content"
        let rules = PagePlacement.Rules(locales: locales, fallbackLocale: options.locale, typeBase: options.typeBase) { locale, path in
            FileManager.default.fileExists(atPath: "\(content)/\(locale)/\(path)")
        }
        let plan = try PagePlacement.place(pages, groups: TranslationGroups.groups(pages: pages, csvRows: rows), rules: rules).get()

        let trees = plan.pages.map { HTMLFragmentParser.parse($0.page.html) }
        let links = SiteLinks(pages: plan.pages, trees: trees, callouts: options.callouts)
        var files: [(path: String, text: String)] = []
        var entries: [ImportReport.Entry] = []
        for (index, placed) in plan.pages.enumerated() {
            let converter = MarkdownConverter(
                callouts: options.callouts,
                link: { links.target($0, from: index) },
                image: { links.imageURL($0, from: index) }
            )
            let conversion = converter.convert(trees[index])
            let path = "\(content)/\(placed.locale)/\(placed.contentPath)"
            files.append((path, PageFile.text(of: placed, body: conversion.markdown)))
            entries += conversion.items.map { ImportReport.Entry(file: path, wordpressID: placed.page.id, item: $0) }
        }
        for parent in plan.createdParents {
            let path = "\(content)/\(parent.locale)/\(parent.contentPath)"
            files.append((path, PageFile.text(of: parent)))
            entries.append(ImportReport.Entry(file: path, wordpressID: nil, item: ReviewItem(kind: .createdParent, what: "a section page titled \"\(parent.title)\"")))
        }

        let outcome = try PageWriter.write(files, force: options.force)
        return ImportReport(
            pages: plan.pages.count, locales: Set(plan.pages.map(\.locale)).count,
            sections: plan.sections,
            createdParents: plan.createdParents.count, entries: entries,
            written: outcome.written, unchanged: outcome.unchanged, content: content
        )
    }
}
