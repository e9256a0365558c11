import Dispatch
import Foundation

/// The help center held in memory by `helpgen watch`, rebuilt in place when files change.
///
/// It keeps the bytes and the parsed form of every Markdown file, the templates, translations,
/// assets and config. A rebuild re-reads only the files that changed, then checks the whole site
/// from memory (page tree, URLs, every link) exactly as `build` does; when anything is wrong it
/// throws `SiteBuildFailure` and the output is not touched. Otherwise it renders again only the
/// pages whose HTML can have changed (see `PageFingerprint`), writes only files whose bytes
/// differ (each through a temporary file and `rename`), and removes the outputs of pages that are gone.
///
/// Not thread-safe: one caller drives it (the watch loop).
public final class LiveSite {
    /// What one rebuild did.
    public struct Rebuild: Sendable {
        /// Help pages rendered again.
        public let renderedPages: Int
        /// Help pages of the site.
        public let totalPages: Int
        /// Files whose bytes changed (written) and files removed; the search index, rewritten with
        /// every change of a page's text, is not counted.
        public let writtenFiles: Int, removedFiles: Int
        /// Wall time from the call to the last file written, in seconds.
        public let seconds: Double

        /// True when the change touched nothing the site is made of (a path that is no page, say).
        public var isEmpty: Bool { renderedPages == 0 && writtenFiles == 0 && removedFiles == 0 }

        /// The line `helpgen watch` prints: `rebuilt 3 of 10000 pages in 41 ms (2 files written)`.
        public var summary: String {
            let milliseconds = seconds < 0.01 ? String(format: "%.1f", seconds * 1000) : String(format: "%.0f", seconds * 1000)
            let removed = removedFiles > 0 ? ", \(removedFiles) removed" : ""
            return "rebuilt \(renderedPages) of \(totalPages) pages in \(milliseconds) ms (\(writtenFiles) files written\(removed))"
        }
    }

    /// One Markdown file as last read.
    private struct SourceFile: Sendable {
        let locale: String
        let contentPath: String
        let path: String
        let data: Data
        let digest: Int
        let parsed: Result<SourcePage, SiteProblem>
    }

    /// What the output folder holds since the last successful build or rebuild.
    private struct Published {
        /// Page key (`locale` + `contentPath`) → its fingerprint and output file.
        var pages: [String: (fingerprint: Int, file: String)]
        var sitemap: Int
        var assetFiles: Set<String>
    }

    private let options: SiteBuilder.Options
    private let site: String
    private let content: String
    private let templatesFolder: String
    private let output: LiveOutput

    private var config: SiteConfig?
    private var configFailure: SiteBuildFailure?
    private var templates: TemplateSet?
    private var templateProblems: [SiteProblem] = []
    private var translations: [String: Translations] = [:]
    private var translationProblems: [SiteProblem] = []
    private var labels: [String: CalloutLabels] = [:]
    private var assets = AssetCatalog(assets: [], urls: [:])
    private var assetProblems: [SiteProblem] = []
    private var contentProblems: [SiteProblem] = []
    private var files: [String: SourceFile] = [:]
    private var orderedPaths: [String] = []

    private var published: Published?
    /// The site as last checked without problems (nil after a failed rebuild): the fast path's starting point.
    private var lastGood: CheckedSite?
    /// Files read since the last successful rebuild (their pages are rendered again whatever their fingerprint).
    private var pendingFiles: Set<String> = []
    /// A change since the last successful rebuild made every page need rendering again.
    private var pendingEverything = false
    /// Search: each page's last rendered article body (by page key), and the search files written
    /// (path → hash of their text), so a rebuild writes only the index files that changed.
    private var searchBodies: [String: String] = [:]
    private var searchFiles: [String: Int]?
    /// A page was rendered since the search index was last written: `refreshSearch()` brings it up to date.
    public private(set) var searchIsStale = false

    /// Creates the site for these folders; nothing is read until `load()`.
    public init(options: SiteBuilder.Options) {
        self.options = options
        site = Self.trimmed(options.site)
        content = site + "/content"
        templatesFolder = Self.trimmed(options.templates)
        output = LiveOutput(root: Self.trimmed(options.output))
    }

    /// The folders to watch: the site folder and the templates folder.
    public var watchedFolders: [String] { [site, templatesFolder] }

    /// The paths of `paths` a rebuild must look at: not hidden files or folders (an editor's swap
    /// and backup files), not the output folder, and under `content/` only Markdown files and folders.
    public func relevant(_ paths: Set<String>) -> Set<String> {
        paths.filter { path in
            if Self.isInside(path, output.root) { return false }
            let root = Self.isInside(path, templatesFolder) ? templatesFolder : site
            guard Self.isInside(path, root) else { return false }
            let components = path.dropFirst(root.count).split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { return false }
            if Self.isInside(path, content), let last = components.last, last.contains(".") { return last.hasSuffix(".md") }
            if root == templatesFolder, let last = components.last, last.contains(".") { return last.hasSuffix(".mustache") }
            return true
        }
    }

    /// Reads and parses everything, and takes the output folder as holding the site built from it
    /// (call it right after a successful `SiteBuilder.build()`); when the site has problems, the next
    /// successful rebuild renders every page.
    public func load() {
        loadEverything()
        published = nil
        lastGood = nil
        do {
            let checked = try check()
            published = publication(of: checked)
            lastGood = checked
            pendingFiles = []
        } catch {
            // The next successful rebuild renders every page.
        }
    }

    /// Re-reads the changed files (paths under the site or templates folder, as the watcher reports
    /// them) and rebuilds what they affect; `everything` re-reads all files and renders every page.
    /// Throws `SiteBuildFailure` with every problem of the site; the output is then left as it was.
    public func rebuild(changed: Set<String>, everything: Bool = false) throws -> Rebuild {
        let start = DispatchTime.now()
        var renderAll = everything || pendingEverything || published == nil
        var reusable: CheckedSite?
        if everything {
            loadEverything()
        } else {
            var contentChanges: [String] = []
            var reloadTemplates = false, reloadAssets = false, reloadAll = false
            for path in changed {
                if Self.isInside(path, templatesFolder) {
                    reloadTemplates = true
                } else if path == site || path == site + "/config.yml" || Self.isInside(path, site + "/i18n") {
                    reloadAll = true
                } else if Self.isInside(path, site + "/assets") {
                    reloadAssets = true
                } else if Self.isInside(path, content) {
                    contentChanges.append(path)
                }
            }
            let previous = Dictionary(contentChanges.map { ($0, files[$0]) }) { first, _ in first }
            if reloadAll {
                loadEverything()
            } else {
                if reloadTemplates { loadTemplates() }
                if reloadAssets, let config { loadAssets(config: config) }
                for path in contentChanges { refreshContent(path) }
            }
            renderAll = renderAll || reloadAll || reloadTemplates || reloadAssets
            // Paths that were and are no page (an editor's temporary file) changed nothing.
            let before = previous.filter { pendingFiles.contains($0.key) }
            if !renderAll, pendingFiles.isEmpty, lastGood != nil, let tree = lastGood?.tree {
                return Rebuild(renderedPages: 0, totalPages: tree.pages.count, writtenFiles: 0, removedFiles: 0, seconds: 0)
            }
            if !renderAll, let edited = try rebuildEditedPages(before: before) {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                return Rebuild(renderedPages: edited.rendered, totalPages: edited.total, writtenFiles: edited.written, removedFiles: 0, seconds: seconds)
            }
            if !reloadAll, keepsLinkTargets(before: before) { reusable = lastGood }
        }
        pendingEverything = renderAll
        lastGood = nil

        let checked = try check(reusing: reusable, changedFiles: pendingFiles)
        let written = try publish(checked, renderAll: renderAll)
        lastGood = checked
        // A change that renders every page (templates, config, a site fixed after starting broken)
        // writes the search pages and index with them.
        if renderAll { try refreshSearch() }
        pendingEverything = false
        pendingFiles = []
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Rebuild(renderedPages: written.rendered, totalPages: checked.tree.pages.count,
                       writtenFiles: written.written, removedFiles: written.removed, seconds: seconds)
    }

    // MARK: - Reading

    private func loadEverything() {
        pendingFiles.formUnion(files.keys)
        switch SiteConfig.load(path: site + "/config.yml", baseURLOverride: options.baseURL) {
        case let .success(value): config = value; configFailure = nil
        case let .failure(failure): config = nil; configFailure = failure
        }
        loadTemplates()
        guard let config else { return }
        translationProblems = []
        translations = [:]
        for locale in config.locales {
            switch Translations.load(path: "\(site)/i18n/\(locale.code).yml") {
            case let .success(value): translations[locale.code] = value
            case let .failure(problem): translationProblems.append(problem)
            }
        }
        labels = SiteBuilder.calloutLabels(config: config, translations: translations)
        loadAssets(config: config)
        contentProblems = []
        let listed = ContentFolder.markdownFiles(in: content, config: config, problems: &contentProblems)
        let labels = labels
        let read = listed.parallelMap { file in
            Self.read(path: file.path, locale: file.locale, contentPath: file.contentPath, labels: labels[file.locale]!)
        }
        files = Dictionary(uniqueKeysWithValues: read.map { ($0.path, $0) })
        orderedPaths = listed.map(\.path)
        pendingFiles.formUnion(files.keys)
    }

    private func loadTemplates() {
        templateProblems = []
        templates = TemplateSet.load(directory: options.templates, problems: &templateProblems)
    }

    private func loadAssets(config: SiteConfig) {
        assetProblems = []
        assets = AssetCatalog.load(directory: site + "/assets", rootPath: config.rootPath, problems: &assetProblems)
    }

    /// Brings the Markdown files at or under `path` up to date with the disk.
    private func refreshContent(_ path: String) {
        guard let config else { return }
        let components = path.dropFirst(content.count + 1).split(separator: "/").map(String.init)
        // A locale folder appeared or went away, or a hidden file or folder (an editor's) changed.
        guard components.count > 1 else { return rescanContent(config: config) }
        guard !components.contains(where: { $0.hasPrefix(".") }) else { return }
        let locale = components[0]
        guard config.locales.contains(where: { $0.code == locale }) else { return rescanContent(config: config) }
        let before = files.count
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists && isFolder.boolValue {
            let inside = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".md") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            let present = Set(inside.map { path + "/" + $0 })
            for gone in files.keys where gone.hasPrefix(path + "/") && !present.contains(gone) { forget(gone) }
            for relative in inside {
                readFile(path + "/" + relative, locale: locale, contentPath: components.dropFirst().joined(separator: "/") + "/" + relative)
            }
        } else if path.hasSuffix(".md") {
            if exists {
                readFile(path, locale: locale, contentPath: components.dropFirst().joined(separator: "/"))
            } else if files[path] != nil {
                forget(path)
            }
        } else if !exists {
            for gone in files.keys where gone.hasPrefix(path + "/") { forget(gone) }
        }
        if files.count != before || orderedPaths.count != files.count {
            orderedPaths = files.keys.sorted()
        }
    }

    private func forget(_ path: String) {
        files[path] = nil
        pendingFiles.insert(path)
    }

    private func readFile(_ path: String, locale: String, contentPath: String) {
        files[path] = Self.read(path: path, locale: locale, contentPath: contentPath, labels: labels[locale]!)
        pendingFiles.insert(path)
    }

    private func rescanContent(config: SiteConfig) {
        contentProblems = []
        let listed = ContentFolder.markdownFiles(in: content, config: config, problems: &contentProblems)
        let present = Set(listed.map(\.path))
        for gone in files.keys where !present.contains(gone) { forget(gone) }
        for file in listed where files[file.path] == nil {
            readFile(file.path, locale: file.locale, contentPath: file.contentPath)
        }
        orderedPaths = listed.map(\.path)
    }

    private static func read(path: String, locale: String, contentPath: String, labels: CalloutLabels) -> SourceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            return SourceFile(locale: locale, contentPath: contentPath, path: path, data: Data(), digest: 0,
                              parsed: .failure(SiteProblem(file: path, message: "the file cannot be read")))
        }
        return SourceFile(locale: locale, contentPath: contentPath, path: path, data: data, digest: data.hashValue,
                          parsed: SourcePage.parse(data, locale: locale, contentPath: contentPath, file: path, labels: labels))
    }

    // MARK: - The fast path: pages whose edit the rest of the site cannot see

    /// What of a page the rest of the site sees (the page tree, other pages' links and navigation).
    private struct Outline: Equatable {
        let matter: FrontMatter
        let headingIDs: [String]
        let leadText: String?

        init(_ source: SourcePage) {
            matter = source.matter
            headingIDs = source.headings.map(\.id)
            leadText = source.leadText
        }
    }

    /// When every changed file is a page that existed, still parses, and kept its outline (front
    /// matter, heading ids, first paragraph) — the usual edit of a page's text — the last checked
    /// tree is still right for every other page: only the edited pages' links need checking and only
    /// they are rendered. Returns nil when the change needs the whole site checked.
    private func rebuildEditedPages(before: [String: SourceFile?]) throws -> (rendered: Int, written: Int, total: Int)? {
        guard let good = lastGood, pendingFiles == Set(before.keys), !before.isEmpty else { return nil }
        var tree = good.tree
        var edited: [(page: Page, file: SourceFile)] = []
        for (path, old) in before {
            guard let old, let new = files[path], case let .success(oldSource) = old.parsed, case let .success(newSource) = new.parsed,
                  Outline(oldSource) == Outline(newSource)
            else { return nil }
            // A draft is in no tree: nothing shows it.
            guard let index = tree.page(locale: new.locale, contentPath: new.contentPath) else { continue }
            tree.replaceSource(at: index, with: newSource)
            edited.append((tree.pages[index], new))
        }
        let resolver = LinkResolver(tree: tree)
        var linkChecks = good.linkChecks
        for (page, _) in edited { linkChecks[page.index] = PageBody.linkCheck(tree.sources[page.index]!, as: page, resolver: resolver) }
        let problems = edited.flatMap { linkChecks[$0.page.index].problems }
        guard problems.isEmpty else {
            lastGood = nil
            throw SiteBuildFailure(problems: problems)
        }
        let checked = CheckedSite(config: good.config, templates: good.templates, tree: tree, resolver: resolver,
                                  fingerprints: good.fingerprints, linkChecks: linkChecks)
        lastGood = checked
        let context = PageContext(config: good.config, tree: tree, translations: translations, assets: assets)
        var written = 0
        for (page, file) in edited {
            let rendered = try render(page, file: file, site: checked, context: context).get()
            written += rendered.written ? 1 : 0
            searchBodies[Self.key(page)] = rendered.body
            // Its fingerprint is stale now: the next full check renders it once more (and writes nothing).
            published?.pages[Self.key(page)]?.fingerprint = 0
        }
        searchIsStale = true
        pendingFiles = []
        return (edited.count, written, tree.pages.count)
    }

    /// True when the changed files are pages that existed and still parse, and kept their URL (`slug`),
    /// their place in the tree (`draft`) and their heading ids: every link to a page then resolves as it did.
    private func keepsLinkTargets(before: [String: SourceFile?]) -> Bool {
        guard lastGood != nil, pendingFiles == Set(before.keys), !before.isEmpty else { return false }
        return before.allSatisfy { path, old in
            guard let old, let new = files[path], case let .success(oldSource) = old.parsed, case let .success(newSource) = new.parsed
            else { return false }
            return oldSource.matter.slug == newSource.matter.slug && oldSource.matter.draft == newSource.matter.draft
                && oldSource.headings.map(\.id) == newSource.headings.map(\.id)
        }
    }

    // MARK: - Checking

    /// The whole site, checked: every problem of every input, or the tree and what each page's links resolve to.
    private struct CheckedSite {
        let config: SiteConfig
        let templates: TemplateSet
        let tree: PageTree
        let resolver: LinkResolver
        let fingerprints: [Int]
        /// What each page's links resolved to (in page order).
        let linkChecks: [PageBody.LinkCheck]
    }

    /// Checks the whole site. `reusing` is the last site checked without problems when no page was
    /// added, removed or moved and no heading id changed since: then only the links of the pages of
    /// `changedFiles` are resolved again, the other pages' links resolve as they did.
    private func check(reusing previous: CheckedSite? = nil, changedFiles: Set<String> = []) throws -> CheckedSite {
        guard let config, let templates else {
            throw configFailure ?? SiteBuildFailure(problems: templateProblems)
        }
        var problems = templateProblems + translationProblems + assetProblems + contentProblems
        var sources: [SourcePage] = []
        var digests: [String: Int] = [:]
        for path in orderedPaths {
            guard let file = files[path] else { continue }
            switch file.parsed {
            case let .success(source): sources.append(source); digests[path] = file.digest
            case let .failure(problem): problems.append(problem)
            }
        }
        let tree = PageTree.assemble(sources: sources, config: config,
                                     reservedURLs: SiteBuilder.reservedURLs(config: config, templates: options.templates), problems: &problems)
        let resolver = LinkResolver(tree: tree)
        let checks = tree.pages.parallelMap { page -> PageBody.LinkCheck in
            guard let source = tree.sources[page.index] else { return PageBody.LinkCheck() }
            if let previous, !changedFiles.contains(source.file),
               let index = previous.tree.page(locale: page.locale, contentPath: page.contentPath) {
                return previous.linkChecks[index]
            }
            return PageBody.linkCheck(source, as: page, resolver: resolver)
        }
        problems += checks.flatMap(\.problems)
        guard problems.isEmpty else { throw SiteBuildFailure(problems: problems) }
        let fingerprints = PageFingerprint.all(
            tree: tree, locales: config.locales,
            sourceDigests: tree.pages.map { page in page.file.flatMap { digests[$0] } ?? 0 },
            linkRewrites: checks.map(\.rewrites)
        )
        return CheckedSite(config: config, templates: templates, tree: tree, resolver: resolver, fingerprints: fingerprints, linkChecks: checks)
    }

    // MARK: - Writing

    private func render(_ page: Page, file: SourceFile?, site: CheckedSite, context: PageContext) -> Result<(written: Bool, body: String), SiteProblem> {
        Self.render(page, file: file, config: site.config, templates: site.templates, resolver: site.resolver, labels: labels, context: context, output: output)
    }

    /// Parses the page again from the bytes in memory (rendering rewrites the links of a parsed
    /// tree), renders it and writes it if its bytes changed; `written` is true when written.
    private static func render(
        _ page: Page, file: SourceFile?, config: SiteConfig, templates: TemplateSet, resolver: LinkResolver,
        labels: [String: CalloutLabels], context: PageContext, output: LiveOutput
    ) -> Result<(written: Bool, body: String), SiteProblem> {
        let content = body(of: page, file: file, resolver: resolver, labels: labels)
        let html = templates.render(context.helpPage(page, content: content), with: "page")
        do {
            return .success((try output.write(html, to: SiteBuilder.filePath(url: page.url, rootPath: config.rootPath)), content))
        } catch {
            return .failure(error as? SiteProblem ?? SiteProblem(file: output.root, message: "cannot write the page \(page.url): \(error)"))
        }
    }

    /// The page's article body, rendered from the bytes in memory.
    private static func body(of page: Page, file: SourceFile?, resolver: LinkResolver, labels: [String: CalloutLabels]) -> String {
        guard let file, case let .success(source) = SourcePage.parse(
            file.data, locale: file.locale, contentPath: file.contentPath, file: file.path, labels: labels[file.locale]!)
        else { return "" }
        return PageBody.render(source, as: page, resolver: resolver).html
    }

    /// Search: writes each locale's index and search page again, from every page's last rendered body
    /// (a page not rendered since `load()` is rendered once for it), when `searchIsStale`. Rebuilds
    /// leave it to this call so an edit's page is written at once; `helpgen watch` calls it once
    /// edits pause. Only files whose text changed are written; index files no longer made (chunks
    /// are named by their content) are removed. Does nothing while the site has problems.
    public func refreshSearch() throws {
        guard searchIsStale, let checked = lastGood else { return }
        let context = PageContext(config: checked.config, tree: checked.tree, translations: translations, assets: assets)
        let tree = checked.tree, resolver = checked.resolver, labels = labels
        let missing = tree.pages.filter { searchBodies[Self.key($0)] == nil }
        let bodies = missing.map { page in (page, page.file.flatMap { files[$0] }) }.parallelMap { page, file in
            Self.body(of: page, file: file, resolver: resolver, labels: labels)
        }
        for (page, body) in zip(missing, bodies) { searchBodies[Self.key(page)] = body }
        let made = SiteSearch.files(tree: tree, bodies: tree.pages.map { searchBodies[Self.key($0)] ?? "" },
                                    config: checked.config, templates: checked.templates, context: context)
        // The first time, the files of the build `load()` took over are the ones to compare with.
        var before = searchFiles ?? [:]
        if searchFiles == nil {
            for locale in checked.config.locales {
                let folder = String(SiteSearch.indexURL(locale.code, rootPath: checked.config.rootPath).dropFirst(checked.config.rootPath.count))
                let root = output.root + "/" + folder
                for name in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [] {
                    var isFolder: ObjCBool = false
                    if FileManager.default.fileExists(atPath: root + name, isDirectory: &isFolder), !isFolder.boolValue { before[folder + name] = 0 }
                }
            }
        }
        var after: [String: Int] = [:]
        for (path, text) in made {
            after[path] = text.hashValue
            if before[path] != after[path] { try output.write(text, to: path) }
        }
        for path in before.keys where after[path] == nil { output.remove(path) }
        searchFiles = after
        searchIsStale = false
    }

    private func publication(of checked: CheckedSite) -> Published {
        var pages: [String: (fingerprint: Int, file: String)] = [:]
        for page in checked.tree.pages {
            pages[Self.key(page)] = (checked.fingerprints[page.index], SiteBuilder.filePath(url: page.url, rootPath: checked.config.rootPath))
        }
        return Published(pages: pages, sitemap: PageFingerprint.sitemap(tree: checked.tree), assetFiles: Set(assets.assets.map(\.outputPath)))
    }

    private func publish(_ checked: CheckedSite, renderAll: Bool) throws -> (rendered: Int, written: Int, removed: Int) {
        let config = checked.config, tree = checked.tree
        let next = publication(of: checked)
        let previous = published
        let pendingFiles = pendingFiles
        let dirty = tree.pages.filter { page in
            guard !renderAll, let before = previous?.pages[Self.key(page)] else { return true }
            return before.fingerprint != checked.fingerprints[page.index] || page.file.map(pendingFiles.contains) == true
        }
        let work = dirty.map { page in (page, page.file.flatMap { files[$0] }) }
        let context = PageContext(config: config, tree: tree, translations: translations, assets: assets)
        let templates = checked.templates, resolver = checked.resolver, labels = labels, output = output
        let results = work.parallelMap { page, file in
            Self.render(page, file: file, config: config, templates: templates, resolver: resolver, labels: labels, context: context, output: output)
        }
        var written = 0
        var problems: [SiteProblem] = []
        for (result, page) in zip(results, dirty) {
            switch result {
            case let .success(rendered):
                written += rendered.written ? 1 : 0
                searchBodies[Self.key(page)] = rendered.body
            case let .failure(problem): problems.append(problem)
            }
        }
        if renderAll || previous?.sitemap != next.sitemap {
            for (path, text) in SiteBuilder.fixedFiles(config: config, tree: tree, templates: templates, context: context, translations: translations) {
                do {
                    written += try output.write(text, to: path) ? 1 : 0
                } catch {
                    problems.append(error as? SiteProblem ?? SiteProblem(file: output.root + "/" + path, message: "cannot write: \(error)"))
                }
            }
        }
        if renderAll {
            for asset in assets.assets where !FileManager.default.fileExists(atPath: output.root + "/" + asset.outputPath) {
                do {
                    written += try output.copy(asset.source, to: asset.outputPath) ? 1 : 0
                } catch {
                    problems.append(error as? SiteProblem ?? SiteProblem(file: asset.source, message: "cannot copy the asset: \(error)"))
                }
            }
        }
        guard problems.isEmpty else { throw SiteBuildFailure(problems: problems) }
        searchIsStale = searchIsStale || !dirty.isEmpty

        // Outputs nobody makes any more: pages removed or moved, assets replaced.
        var removed = 0
        let kept = Set(next.pages.values.map(\.file))
        for file in Set((previous?.pages.values.map(\.file) ?? [])).subtracting(kept) {
            output.remove(file)
            removed += 1
        }
        for file in (previous?.assetFiles ?? []).subtracting(next.assetFiles) {
            output.remove(file)
            removed += 1
        }
        published = next
        return (dirty.count, written, removed)
    }

    // MARK: - Paths

    private static func key(_ page: Page) -> String {
        page.locale + "/" + page.contentPath
    }

    private static func trimmed(_ folder: String) -> String {
        var folder = folder
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        return folder
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder + "/")
    }
}
