import Dispatch
import Foundation

/// Turns `site/` and `templates/` into the static help center: `helpgen build` and `helpgen check`.
///
/// Every problem in the input is collected and reported at once as a `SiteBuildFailure`. A build
/// writes into a staging folder beside the output and swaps it in only when nothing failed, so a
/// failed build leaves the previous site untouched. Pages are parsed and rendered on all cores;
/// templates are parsed once per run.
public struct SiteBuilder: Sendable {
    /// Where to read and write.
    public struct Options: Sendable {
        /// The folder with `config.yml`, `content/`, `i18n/` and `assets/` (default `site`).
        public var site: String
        /// The Mustache templates folder (default `templates`).
        public var templates: String
        /// The folder the site is written to (default `public`).
        public var output: String
        /// Replaces `baseURL:` of the config (for previews and staging hosts).
        public var baseURL: String?

        /// Creates options; the defaults are the folders of the repository.
        public init(site: String = "site", templates: String = "templates", output: String = "public", baseURL: String? = nil) {
            self.site = site
            self.templates = templates
            self.output = output
            self.baseURL = baseURL
        }
    }

    /// What a successful run did.
    public struct Report: Sendable {
        /// HTML pages rendered (help pages, section pages and authentication pages).
        public let pageCount: Int
        /// Locales built.
        public let localeCount: Int
        /// Wall time of the run, in seconds.
        public let seconds: Double
        /// The output folder (nil for `check`).
        public let output: String?

        /// The one-line summary the CLI prints.
        public var summary: String {
            let time = String(format: "%.2f", seconds)
            if let output {
                return "Built \(pageCount) pages in \(localeCount) locales in \(time) s → \(output.hasSuffix("/") ? output : output + "/")"
            }
            return "Checked \(pageCount) pages in \(localeCount) locales in \(time) s: no problems"
        }
    }

    /// The folders to use.
    public let options: Options

    /// Creates a builder for these folders.
    public init(options: Options) {
        self.options = options
    }

    /// Builds the site into `options.output`; throws `SiteBuildFailure` listing every problem.
    @discardableResult
    public func build() throws -> Report {
        try run(writing: true)
    }

    /// Checks everything `build` checks and writes nothing; throws `SiteBuildFailure`.
    @discardableResult
    public func check() throws -> Report {
        try run(writing: false)
    }

    private func run(writing: Bool) throws -> Report {
        let start = DispatchTime.now()
        let site = options.site.hasSuffix("/") ? String(options.site.dropLast()) : options.site
        let config: SiteConfig
        switch SiteConfig.load(path: site + "/config.yml", baseURLOverride: options.baseURL) {
        case let .success(value): config = value
        case let .failure(failure): throw failure
        }
        var problems: [SiteProblem] = []
        let templates = TemplateSet.load(directory: options.templates, problems: &problems)
        var translations: [String: Translations] = [:]
        for locale in config.locales {
            switch Translations.load(path: "\(site)/i18n/\(locale.code).yml") {
            case let .success(value): translations[locale.code] = value
            case let .failure(problem): problems.append(problem)
            }
        }
        let assets = AssetCatalog.load(directory: site + "/assets", rootPath: config.rootPath, problems: &problems)

        // Read and parse every Markdown file, in parallel.
        let files = ContentFolder.markdownFiles(in: site + "/content", config: config, problems: &problems)
        let labels = Self.calloutLabels(config: config, translations: translations)
        let parsed = files.parallelMap { file in
            SourcePage.read(locale: file.locale, contentPath: file.contentPath, file: file.path, labels: labels[file.locale]!)
        }
        var sources: [SourcePage] = []
        for result in parsed {
            switch result {
            case let .success(source): sources.append(source)
            case let .failure(problem): problems.append(problem)
            }
        }
        let tree = PageTree.assemble(sources: sources, config: config, reservedURLs: Self.reservedURLs(config: config, templates: options.templates), problems: &problems)
        let context = PageContext(config: config, tree: tree, translations: translations, assets: assets)
        let resolver = LinkResolver(tree: tree)

        let output = writing && problems.isEmpty ? try OutputFolder(target: options.output) : nil
        do {
            // Resolve links and render every page, in parallel; pages are written as they are done.
            let rendered = tree.pages.parallelMap { page -> (problems: [SiteProblem], body: String) in
                var pageProblems: [SiteProblem] = []
                var content = ""
                if let source = tree.sources[page.index] {
                    (content, pageProblems) = PageBody.render(source, as: page, resolver: resolver)
                }
                guard let output, pageProblems.isEmpty else { return (pageProblems, content) }
                let html = templates.render(context.helpPage(page, content: content), with: "page")
                do {
                    try output.write(html, to: Self.filePath(url: page.url, rootPath: config.rootPath))
                } catch {
                    pageProblems.append(SiteProblem(file: output.staging, message: "cannot write the page \(page.url): \(error.localizedDescription)"))
                }
                return (pageProblems, content)
            }
            problems += rendered.flatMap(\.problems)
            guard problems.isEmpty else { throw SiteBuildFailure(problems: problems) }

            if let output {
                for (path, text) in Self.fixedFiles(config: config, tree: tree, templates: templates, context: context, translations: translations) {
                    try output.write(text, to: path)
                }
                // Search: each locale's index and search page, from the rendered bodies.
                for (path, text) in SiteSearch.files(tree: tree, bodies: rendered.map(\.body), config: config, templates: templates, context: context) {
                    try output.write(text, to: path)
                }
                try assets.copy(into: output.staging)
                try output.commit()
            }
        } catch {
            output?.discard()
            throw error
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Report(pageCount: tree.pages.count + config.locales.count, localeCount: config.locales.count,
                      seconds: seconds, output: writing ? options.output : nil)
    }

    /// The callout titles of each locale, from its translations (`callout.tip`), else the kind capitalized.
    static func calloutLabels(config: SiteConfig, translations: [String: Translations]) -> [String: CalloutLabels] {
        Dictionary(uniqueKeysWithValues: config.locales.map { locale in
            (locale.code, CalloutLabels(titles: Dictionary(uniqueKeysWithValues: CalloutMarker.kinds.map {
                ($0, translations[locale.code]?.text("callout.\($0)") ?? $0.capitalized)
            })))
        })
    }

    /// The authentication page's URL in `locale` (`/en/link/`).
    static func authURL(_ locale: String, config: SiteConfig) -> String {
        config.rootPath + locale + "/link/"
    }

    /// URLs no help page may take (the authentication and search pages), by what uses them.
    static func reservedURLs(config: SiteConfig, templates: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: config.locales.flatMap { [
            (authURL($0.code, config: config), "the authentication page (\(templates)/auth/link.mustache)"),
            (SiteSearch.pageURL($0.code, rootPath: config.rootPath), "the search page (\(templates)/search.mustache)"),
        ] })
    }

    /// The files that are not help pages, by path in the output folder: the authentication page of
    /// each locale, `404.html`, the root redirect, `sitemap.xml` and `robots.txt`.
    static func fixedFiles(
        config: SiteConfig, tree: PageTree, templates: TemplateSet, context: PageContext, translations: [String: Translations]
    ) -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = []
        let authURL = { (locale: String) in Self.authURL(locale, config: config) }
        for locale in config.locales {
            let messages = ScriptSafeJSON.encode(translations[locale.code]?.linkMessages ?? [:])
            let html = templates.render(context.authPage(locale: locale.code, url: authURL, messagesJSON: messages), with: "auth/link")
            files.append((filePath(url: authURL(locale.code), rootPath: config.rootPath), html))
        }
        files.append(("404.html", templates.render(context.notFoundPage(), with: "404")))
        files.append(("index.html", RootRedirect.html(to: tree.homes[config.defaultLocale].map { tree.pages[$0].url } ?? config.rootPath, config: config)))
        files.append(("sitemap.xml", Sitemap.xml(tree: tree, config: config)))
        files.append(("robots.txt", Sitemap.robots(config: config)))
        return files
    }

    /// `/en/a/` → `en/a/index.html` (relative to the output folder).
    static func filePath(url: String, rootPath: String) -> String {
        String(url.dropFirst(rootPath.count)) + "index.html"
    }
}
