import Foundation

/// The last step of the pipeline: renders a checked site's outputs and publishes those whose bytes
/// changed.
///
/// Whether a page must be rendered again is decided from the values it is rendered from, never
/// from a list kept by hand:
/// - the graph digest covers everything but the pages' bodies (config, templates, each locale's
///   shared values, every page's outline, from which the page tree is assembled). While it is the one
///   the last build recorded, every page's template values are too, so only pages whose source bytes
///   changed are rendered (and the other files are kept);
/// - otherwise each page's input digest — of everything its template receives (its own values, its
///   locale's shared values, the templates, the config, its source's bytes, the URLs its links
///   resolve to) — is compared with the one recorded when its file was last written.
/// A rendered page is written only when its bytes differ from the file's, and a file changed by
/// someone else (its stamp differs) is rendered again.
struct SitePublication {
    let engine: SiteEngine
    let checked: SiteEngine.CheckedSite

    /// What a publication did, and the state that describes the output folder now.
    struct Outcome: Sendable {
        let state: BuildState
        /// Help pages rendered (their template input changed, or their file did).
        let renderedPages: Int
        /// Files written and removed, besides the search index and pages (rewritten with any page's text).
        let writtenFiles: Int
        let removedFiles: Int
    }

    /// One output file, done.
    private struct Emitted: Sendable {
        let path: String
        let record: BuildState.Output
        let rendered: Bool
        /// The staged file's number, when its bytes were written.
        let staged: Int?
    }

    /// Publishes into the output folder. With `previous` (the state of the output folder), only the
    /// changed files are written, through `IncrementalOutput`; without it the whole site is written
    /// into a fresh folder that replaces the output folder at once (`OutputFolder`).
    func publish(previous: BuildState?) throws -> Outcome {
        let inputs = checked.read.inputs, tree = checked.tree, config = inputs.config
        let context = PageContext(config: config, tree: tree, translations: inputs.translations, assets: inputs.assets)
        let stateFolder = StateFolder(output: engine.output)
        let incremental = previous.map { _ in IncrementalOutput(target: engine.output, state: stateFolder) }
        try incremental?.prepare()
        var rendered: [(path: String, text: String)]?
        let fixed = {
            if rendered == nil { rendered = Self.fixedFiles(inputs: inputs, tree: tree, context: context) }
            return rendered!
        }
        let full = try previous == nil ? OutputFolder(target: engine.output.string) : nil
        do {
            if let full {
                let paths = tree.pages.map { Self.filePath(url: $0.url, rootPath: config.rootPath) }
                    + Self.fixedFilePaths(config: config, tree: tree) + inputs.assets.assets.map(\.outputPath)
                    + checked.images.files.map(\.outputPath)
                try full.createFolders(Self.folders(of: paths))
            }
            let writer = Writer(target: engine.output, previous: previous, full: full, incremental: incremental)
            let localeDigests = Dictionary(uniqueKeysWithValues: config.locales.map { locale in
                var digest = DigestBuilder()
                digest.add(inputs.configDigest)
                digest.add(inputs.templates.digest)
                digest.add(template: context.sharedValues(locale: locale.code))
                return (locale.code, digest.finish())
            })
            let graph = graphDigest(localeDigests: localeDigests)
            let sameGraph = previous?.graph == graph
            let sources = checked.read.sources, links = checked.links, images = checked.images.elements, output = engine.output.string
            let pages = tree.pages.parallelMap { page -> Result<Emitted, SiteProblem> in
                Result {
                    let path = Self.filePath(url: page.url, rootPath: config.rootPath)
                    let source = page.file.flatMap { sources[$0] }
                    if sameGraph, let kept = writer.unchanged(path, sourceDigest: source?.digest, previousSource: page.file.flatMap { previous?.sources[$0]?.digest }) {
                        return kept
                    }
                    let own = context.pageValues(of: page)
                    var digest = DigestBuilder()
                    digest.add(localeDigests[page.locale]!)
                    digest.add(template: own)
                    if let source { digest.add(source.digest) }
                    for url in links[page.index].rewrites { digest.add(url) }
                    for image in images[page.index] { digest.add(image) }
                    let input = digest.finish()
                    if let kept = writer.unchanged(path, input: input) { return kept }
                    let content = try source.map {
                        try Self.body(of: $0, labels: inputs.labels[$0.outline.locale]!).html(links: links[page.index].rewrites, images: images[page.index])
                    } ?? ""
                    let html = inputs.templates.render(
                        context.helpPage(own: own, locale: page.locale, content: content),
                        orValues: context.helpPageValues(own: own, locale: page.locale, content: content), with: "page")
                    return try writer.emit(Array(html.utf8), to: path, input: input, number: page.index)
                }.mapError { $0 as? SiteProblem ?? SiteProblem(file: output, message: "\($0)") }
            }
            var emitted: [Emitted] = []
            var problems: [SiteProblem] = []
            for result in pages {
                switch result {
                case let .success(done): emitted.append(done)
                case let .failure(problem): problems.append(problem)
                }
            }
            guard problems.isEmpty else { throw SiteBuildFailure(problems: problems) }
            let renderedPages = emitted.filter(\.rendered).count
            // The other files are made from the graph alone: while it is the same, they are too.
            var number = tree.pages.count
            for file in Self.fixedFilePaths(config: config, tree: tree) {
                if let kept = writer.unchanged(file, input: graph) {
                    emitted.append(kept)
                } else {
                    let text = fixed().first { $0.path == file }!.text
                    emitted.append(try writer.emit(Array(text.utf8), to: file, input: graph, number: number))
                }
                number += 1
            }
            let search = try searchFiles(writer: writer, graph: graph, previous: previous, context: context, number: number)
            emitted += search.emitted
            number += search.emitted.count  // at least the files it staged
            for asset in inputs.assets.assets {
                if let kept = writer.unchanged(asset.outputPath, input: asset.digest) {
                    emitted.append(kept)
                } else {
                    guard let data = FileManager.default.contents(atPath: asset.source) else {
                        throw SiteProblem(file: asset.source, message: "the asset cannot be read")
                    }
                    emitted.append(try writer.emit([UInt8](data), to: asset.outputPath, input: asset.digest, number: number))
                }
                number += 1
            }
            for image in checked.images.files {
                if let kept = writer.unchanged(image.outputPath, input: image.digest) {
                    emitted.append(kept)
                } else {
                    guard let data = FileManager.default.contents(atPath: image.source) else {
                        throw SiteProblem(file: image.source, message: "the image cannot be read")
                    }
                    guard ContentDigest(of: data) == image.digest else {
                        throw SiteProblem(file: image.source, message: "the image changed while the site was being built; build again")
                    }
                    emitted.append(try writer.emit([UInt8](data), to: image.outputPath, input: image.digest, number: number))
                }
                number += 1
            }

            var state = BuildState()
            state.sources = sources
            state.graph = graph
            state.checkedGraph = checked.graph
            state.searchPages = search.made?.pages ?? previous?.searchPages
            state.searchLayouts = search.made?.layouts ?? previous?.searchLayouts ?? [:]
            for file in emitted { state.outputs[file.path] = file.record }
            let removals = (previous?.outputs.keys).map { Set($0).subtracting(state.outputs.keys).sorted() } ?? []
            if let incremental {
                try incremental.publish(emitted.compactMap { file in file.staged.map { IncrementalOutput.Staged(number: $0, path: file.path) } }, removing: removals)
            } else {
                // The output is replaced whole: a state describing the old one must not outlive it.
                stateFolder.removeState()
                try full?.commit()
            }
            try stateFolder.save(state)
            if let made = search.made, made.analysed { state.searchPages = try stateFolder.save(made.pages) }
            incremental?.finish()
            // The search files change with any page's text; the counts say what else was written.
            let searchFolders = config.locales.map { String(SiteSearch.pageURL($0.code, rootPath: config.rootPath).dropFirst(config.rootPath.count)) }
            let isSearch = { (path: String) in searchFolders.contains { path.hasPrefix($0) } }
            return Outcome(
                state: state, renderedPages: renderedPages,
                writtenFiles: emitted.filter { $0.staged != nil && !isSearch($0.path) }.count,
                removedFiles: removals.filter { !isSearch($0) }.count)
        } catch {
            full?.discard()
            incremental?.finish()
            stateFolder.removeSearchScratch()
            throw error
        }
    }

    /// The search step (`SearchStep`): each locale's index and search page, and the files of the
    /// index it keeps. Their input is the digest of the graph and of every searchable page's key
    /// (`SearchPages.key`): while it is the one recorded for the search files of the last build, and
    /// those files are as written, they are all kept without looking further.
    private func searchFiles(writer: Writer, graph: ContentDigest, previous: BuildState?, context: PageContext, number: Int)
        throws -> (emitted: [Emitted], made: SearchStep.Made?)
    {
        let inputs = checked.read.inputs, tree = checked.tree, config = inputs.config
        let sources = checked.read.sources, links = checked.links, images = checked.images.elements
        // Each searchable page's key covers everything its terms are made from; with the graph's
        // digest (which says which pages are searchable, and what the search page shows), the
        // keys are the input of every search file.
        let found = tree.pages.parallelMap { page -> SearchStep.Entry? in
            guard let placement = SiteSearch.placement(of: page, in: tree) else { return nil }
            let key = SearchPages.key(url: page.url, title: page.title, sectionPath: placement.sectionPath, weight: placement.weight,
                                      source: page.file.flatMap { sources[$0] }, linkURLs: links[page.index].rewrites, images: images[page.index])
            return SearchStep.Entry(page: page, sectionPath: placement.sectionPath, weight: placement.weight, key: key)
        }
        var digest = DigestBuilder()
        digest.add(graph)
        var entries: [String: [SearchStep.Entry]] = [:]
        for case let entry? in found {
            digest.add(entry.key)
            entries[entry.page.locale, default: []].append(entry)
        }
        let input = digest.finish()
        // Kept whole only when every file was made from these inputs and is as written. Each
        // locale's search page says whether the last build's were; only then are the others
        // looked for, and looked at.
        let folders = config.locales.map { String(SiteSearch.pageURL($0.code, rootPath: config.rootPath).dropFirst(config.rootPath.count)) }
        if let previous, folders.allSatisfy({ previous.outputs[$0 + "index.html"]?.input == input }) {
            let before = previous.outputs.keys.filter { path in folders.contains { path.hasPrefix($0) } }
            if before.allSatisfy({ previous.outputs[$0]?.input == input }) {
                let kept = before.compactMap(writer.kept)
                if kept.count == before.count { return (kept, nil) }
            }
        }
        let output = engine.output
        let step = SearchStep(
            config: config, entries: entries, previousLayouts: previous?.searchLayouts ?? [:],
            known: previous.map { $0.searchPages ?? StateFolder(output: output).loadSearchPages() } ?? SearchPages(),
            writtenBytes: { path in
                guard let record = writer.kept(path)?.record,
                      let data = FileManager.default.contents(atPath: output.appending(path).string),
                      ContentDigest(of: data) == record.bytes else { return nil }
                return [UInt8](data)
            },
            isAsWritten: { writer.kept($0) != nil },
            recordedDigest: { previous?.outputs[$0]?.bytes },
            body: { page in
                let source = sources[page.file!]!
                do {
                    return try Self.body(of: source, labels: inputs.labels[source.outline.locale]!)
                        .html(links: links[page.index].rewrites, images: images[page.index])
                } catch {
                    throw error as? SiteProblem ?? SiteProblem(file: source.outline.file, message: "\(error)")
                }
            },
            scratchPath: StateFolder(output: output).searchScratchPath)
        // The index's files are written as the step makes them, into folders made first.
        let pageFiles = config.locales.map { String(SiteSearch.indexURL($0.code, rootPath: config.rootPath).dropFirst(config.rootPath.count)) + "p/0.json" }
        try writer.full?.createFolders(Self.folders(of: pageFiles))
        let emitted = EmittedFiles(firstNumber: number)
        let made = try step.run(searchPage: { locale in
            inputs.templates.render(context.searchPage(locale: locale, url: { SiteSearch.pageURL($0, rootPath: config.rootPath) }), with: "search")
        }, emit: { file in
            if let text = file.text {
                emitted.append(try writer.emit(Array(text.utf8), to: file.path, input: input, number: emitted.nextNumber()))
            } else if let record = previous?.outputs[file.path] {
                emitted.append(Emitted(path: file.path, record: .init(input: input, bytes: record.bytes, stamp: record.stamp), rendered: false, staged: nil))
            }
        })
        return (emitted.files, made)
    }

    /// The files a step emits from several threads, each written file with a number of its own.
    private final class EmittedFiles: @unchecked Sendable {
        private let lock = NSLock()
        private var next: Int
        private var done: [Emitted] = []

        init(firstNumber: Int) { next = firstNumber }

        func nextNumber() -> Int {
            lock.withLock {
                defer { next += 1 }
                return next
            }
        }

        func append(_ file: Emitted) { lock.withLock { done.append(file) } }

        var files: [Emitted] { lock.withLock { done } }
    }

    /// Decides, for one output, between keeping the file, and writing it into the fresh folder or
    /// staging it; shared by the rendering tasks (it holds no mutable state).
    private struct Writer: Sendable {
        let target: SitePath
        let previous: BuildState?
        let full: OutputFolder?
        let incremental: IncrementalOutput?

        /// The record of a file that needs no rendering: rendered from the same input, and as written.
        func unchanged(_ path: String, input: ContentDigest) -> Emitted? {
            guard let before = previous?.outputs[path], before.input == input, isAsWritten(path, before) else { return nil }
            return Emitted(path: path, record: before, rendered: false, staged: nil)
        }

        /// The record of a file the last build wrote, while it is as written.
        func kept(_ path: String) -> Emitted? {
            guard let before = previous?.outputs[path], isAsWritten(path, before) else { return nil }
            return Emitted(path: path, record: before, rendered: false, staged: nil)
        }

        /// The record of a page while the graph is the one last recorded: kept when its source's bytes
        /// are those it was last rendered from, and its file is as written.
        func unchanged(_ path: String, sourceDigest: ContentDigest?, previousSource: ContentDigest?) -> Emitted? {
            guard sourceDigest == previousSource, let before = previous?.outputs[path], isAsWritten(path, before) else { return nil }
            return Emitted(path: path, record: before, rendered: false, staged: nil)
        }

        /// Writes (or stages) `bytes` unless the file already holds them.
        func emit(_ bytes: [UInt8], to path: String, input: ContentDigest?, number: Int) throws -> Emitted {
            let digest = ContentDigest(of: bytes)
            if let before = previous?.outputs[path], before.bytes == digest, isAsWritten(path, before) {
                return Emitted(path: path, record: .init(input: input, bytes: digest, stamp: before.stamp), rendered: true, staged: nil)
            }
            let stamp = try full?.write(bytes, to: path) ?? incremental!.stage(bytes, number: number)
            return Emitted(path: path, record: .init(input: input, bytes: digest, stamp: stamp), rendered: true, staged: number)
        }

        private func isAsWritten(_ path: String, _ record: BuildState.Output) -> Bool {
            FileStamp(path: target.appending(path).string)?.sameOutput(as: record.stamp) ?? false
        }
    }

    /// The digest of everything the site's navigation and other files are made from: each locale's
    /// shared values, the config, the templates, and every page's outline and last commit date in
    /// order (a commit changes a page's "Last updated" without changing its bytes).
    private func graphDigest(localeDigests: [String: ContentDigest]) -> ContentDigest {
        var digest = DigestBuilder()
        for locale in checked.read.inputs.config.locales { digest.add(localeDigests[locale.code]!) }
        digest.add(checked.graph.key)
        // A page's images are part of what it is rendered from, like its outline.
        for elements in checked.images.elements { for element in elements { digest.add(element) } }
        return digest.finish()
    }

    /// The body of a page: as kept when it was parsed (`ParsedBodies`), or parsed again from its file
    /// (a state read from disk keeps outlines only), which must still hold the bytes the site was
    /// checked with.
    private static func body(of source: BuildState.Source, labels: CalloutLabels) throws -> PageBodyHTML {
        if let body = source.body?.load() { return body }
        let outline = source.outline
        // `labels` are those the outline was parsed with: `SiteEngine.read` reuses no outline parsed with others.
        guard case let .success(parsed) = ParsedPage.read(
            locale: outline.locale, contentPath: outline.contentPath, file: outline.file, labels: labels
        ), parsed.sourceDigest == source.digest else {
            throw SiteProblem(file: outline.file, message: "the file changed while the site was being built; build again")
        }
        return parsed.body
    }

    /// The files that are not help pages, by path in the output folder: the authentication page of
    /// each locale, `404.html`, the root redirect, `sitemap.xml`, `robots.txt` and the aliases' redirects.
    static func fixedFiles(inputs: SiteInputs, tree: PageTree, context: PageContext) -> [(path: String, text: String)] {
        let config = inputs.config
        var files: [(path: String, text: String)] = []
        let authURL = { (locale: String) in SiteInputs.authURL(locale, config: config) }
        for locale in config.locales {
            let messages = ScriptSafeJSON.encode(inputs.translations[locale.code]?.linkMessages ?? [:])
            let html = inputs.templates.render(context.authPage(locale: locale.code, url: authURL, messagesJSON: messages), with: "auth/link")
            files.append((filePath(url: authURL(locale.code), rootPath: config.rootPath), html))
        }
        files.append(("404.html", inputs.templates.render(context.notFoundPage(), with: "404")))
        files.append(("index.html", RootRedirect.html(to: tree.homes[config.defaultLocale].map { tree.pages[$0].url } ?? config.rootPath, config: config)))
        files.append(("sitemap.xml", Sitemap.xml(tree: tree, config: config)))
        files.append(("robots.txt", Sitemap.robots(config: config)))
        for redirect in tree.redirects {
            let target = tree.pages[redirect.target]
            files.append((redirectFilePath(redirect, rootPath: config.rootPath), RootRedirect.html(to: target.url, title: target.title, locale: target.locale, config: config)))
        }
        return files
    }

    /// The paths of `fixedFiles`, known without rendering them.
    static func fixedFilePaths(config: SiteConfig, tree: PageTree) -> [String] {
        config.locales.map { filePath(url: SiteInputs.authURL($0.code, config: config), rootPath: config.rootPath) }
            + ["404.html", "index.html", "sitemap.xml", "robots.txt"]
            + tree.redirects.map { redirectFilePath($0, rootPath: config.rootPath) }
    }

    /// Where an alias's redirect page is written: its folder's `index.html`, or the `.html` file it names.
    static func redirectFilePath(_ redirect: PageTree.Redirect, rootPath: String) -> String {
        redirect.url.hasSuffix("/") ? filePath(url: redirect.url, rootPath: rootPath) : String(redirect.url.dropFirst(rootPath.count))
    }

    /// `/en/a/` → `en/a/index.html` (relative to the output folder).
    static func filePath(url: String, rootPath: String) -> String {
        String(url.dropFirst(rootPath.count)) + "index.html"
    }

    /// Every folder the files at `paths` are in, each parent before its children.
    static func folders(of paths: [String]) -> [String] {
        var folders: Set<String> = []
        for path in paths {
            var folder = SitePath(path).parent
            while folder.string != ".", folders.insert(folder.string).inserted { folder = folder.parent }
        }
        let slash = UInt8(ascii: "/")
        return folders.map { (depth: $0.utf8.count { $0 == slash }, folder: $0) }.sorted { ($0.depth, $0.folder) < ($1.depth, $1.folder) }.map(\.folder)
    }
}
