import Foundation

/// What every page is rendered with: the config, the templates, each locale's strings and callout
/// titles, the assets, and the files' last commit dates.
struct SiteInputs: Sendable {
    let config: SiteConfig
    let templates: TemplateSet
    let translations: [String: Translations]
    /// The callout titles of each locale.
    let labels: [String: CalloutLabels]
    let assets: AssetCatalog
    /// The digest of the config file and `--base-url`: what a page is rendered from beside its own values.
    let configDigest: ContentDigest
    /// The last commit date of each Markdown file (none outside a git repository): an input of the
    /// pages' "Last updated" like the files themselves. Read by a `git log` that runs while the
    /// Markdown files are listed and read; the first use waits for it.
    var lastCommitDates: LastCommitDates { commitDates.value }
    private let commitDates: BackgroundValue<LastCommitDates>

    /// Reads them all; problems are added to `problems`, and a config that cannot be used is thrown
    /// as `SiteBuildFailure` (nothing can be checked without it).
    static func load(site: SitePath, templates: SitePath, baseURL: String?, problems: inout [SiteProblem]) throws -> SiteInputs {
        let commitDates = LastCommitDates.reading(content: site.appending("content").string)
        let configPath = site.appending("config.yml").string
        let config: SiteConfig
        switch SiteConfig.load(path: configPath, baseURLOverride: baseURL) {
        case let .success(value): config = value
        case let .failure(failure): throw failure
        }
        var configDigest = DigestBuilder()
        configDigest.add(FileManager.default.contents(atPath: configPath).map { ContentDigest(of: $0) } ?? ContentDigest(of: [UInt8]()))
        configDigest.add(baseURL ?? "")
        let templateSet = TemplateSet.load(directory: templates.string, problems: &problems)
        var translations: [String: Translations] = [:]
        for locale in config.locales {
            switch Translations.load(path: site.appending("i18n/\(locale.code).yml").string) {
            case let .success(value): translations[locale.code] = value
            case let .failure(problem): problems.append(problem)
            }
        }
        let assets = AssetCatalog.load(directory: site.appending("assets").string, rootPath: config.rootPath, problems: &problems)
        return SiteInputs(
            config: config, templates: templateSet, translations: translations,
            labels: calloutLabels(config: config, translations: translations), assets: assets, configDigest: configDigest.finish(),
            commitDates: commitDates
        )
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

    /// URLs no help page may take (the authentication pages), by what uses them.
    static func reservedURLs(config: SiteConfig, templates: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: config.locales.flatMap { [
            (authURL($0.code, config: config), "the authentication page (\(templates)/auth/link.mustache)"),
            (SiteSearch.pageURL($0.code, rootPath: config.rootPath), "the search page (\(templates)/search.mustache)"),
        ] })
    }
}
