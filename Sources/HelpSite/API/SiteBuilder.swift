import Dispatch
import Foundation

/// Turns `site/` and `templates/` into the static help center: `helpgen build` and `helpgen check`.
///
/// Every problem in the input is collected and reported at once as a `SiteBuildFailure`, and then
/// nothing is written. A build keeps its state in `.helpgen/<output name>/` beside the output
/// folder: the next build reads again only the files that changed, renders again only the pages
/// whose template input changed, and writes only the files whose bytes differ (see
/// `IncrementalOutput` for what a stopped build leaves). Without a usable state (the first build,
/// another helpgen binary, `clean`) the whole site is written into a fresh folder that replaces
/// the output folder at once.
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
        /// Ignores the build state: the whole site is rendered and replaces the output folder.
        public var clean: Bool

        /// Creates options; the defaults are the folders of the repository.
        public init(site: String = "site", templates: String = "templates", output: String = "public", baseURL: String? = nil, clean: Bool = false) {
            self.site = site
            self.templates = templates
            self.output = output
            self.baseURL = baseURL
            self.clean = clean
        }
    }

    /// What a successful run did.
    public struct Report: Sendable {
        /// HTML pages of the site (help pages, section pages and authentication pages).
        public let pageCount: Int
        /// Locales built.
        public let localeCount: Int
        /// Wall time of the run, in seconds.
        public let seconds: Double
        /// The output folder (nil for `check`).
        public let output: String?
        /// True when the build changed the output folder in place (it had a usable build state).
        public let incremental: Bool
        /// Help pages rendered, files written and files removed.
        public let renderedPages: Int, writtenFiles: Int, removedFiles: Int
        /// What is not wrong but likely a mistake (an image no page shows); the build went ahead.
        public let warnings: [SiteProblem]

        /// The one-line summary the CLI prints.
        public var summary: String {
            let time = String(format: "%.2f", seconds)
            guard let output else { return "Checked \(pageCount) pages in \(localeCount) locales in \(time) s: no problems" }
            let line = "Built \(pageCount) pages in \(localeCount) locales in \(time) s → \(output.hasSuffix("/") ? output : output + "/")"
            guard incremental else { return line }
            return line + " (\(renderedPages) rendered, \(writtenFiles) files written, \(removedFiles) removed)"
        }
    }

    /// The folders to use.
    public let options: Options

    /// Creates a builder for these folders.
    public init(options: Options) {
        self.options = options
    }

    /// Builds the site into `options.output`; throws `SiteBuildFailure` listing every problem.
    ///
    /// `beforeExit`: the process ends right after (the `build` command). The site's values are then
    /// left to the ending process, not freed one by one: at 10,000 pages that freeing alone took
    /// about 50 ms, a twelfth of a build after one edit.
    @discardableResult
    public func build(beforeExit: Bool = false) throws -> Report {
        let start = DispatchTime.now()
        let engine = SiteEngine(options: options)
        let folder = StateFolder(output: engine.output)
        try IncrementalOutput(target: engine.output, state: folder).recover()
        // The last state is decoded while the site's files are listed and stamped.
        let loading = options.clean ? nil : BackgroundValue { folder.loadState() }
        let read = try engine.read(known: { loading?.value?.sources ?? [:] }, bodies: engine.parsedBodies())
        let previous = loading?.value
        let checked = try engine.check(read, known: previous?.checkedGraph)
        let outcome = try SitePublication(engine: engine, checked: checked).publish(previous: previous)
        if beforeExit { LeftForExit.keep((previous, checked, outcome)) }
        return report(checked, start: start, output: options.output, incremental: previous != nil, outcome: outcome)
    }

    /// Checks everything `build` checks and writes nothing; throws `SiteBuildFailure`.
    @discardableResult
    public func check() throws -> Report {
        let start = DispatchTime.now()
        let engine = SiteEngine(options: options)
        let state = StateFolder(output: engine.output).loadState()
        let checked = try engine.check(engine.read(known: state?.sources ?? [:]), known: state?.checkedGraph)
        return report(checked, start: start, output: nil, incremental: false, outcome: nil)
    }

    private func report(_ checked: SiteEngine.CheckedSite, start: DispatchTime, output: String?, incremental: Bool, outcome: SitePublication.Outcome?) -> Report {
        let locales = checked.read.inputs.config.locales.count
        return Report(
            pageCount: checked.tree.pages.count + locales, localeCount: locales,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9, output: output,
            incremental: incremental, renderedPages: outcome?.renderedPages ?? 0,
            writtenFiles: outcome?.writtenFiles ?? 0, removedFiles: outcome?.removedFiles ?? 0, warnings: checked.warnings
        )
    }
}
