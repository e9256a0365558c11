import Foundation

/// helpgen's one pipeline: the site's inputs (config, translations, templates, assets and each page's
/// parsed, immutable value) → the site graph (page tree, links resolved) → each output's bytes.
///
/// `SiteBuilder` (`build`, `check`) and `LiveSite` (`watch`) are thin drivers of it: they differ only
/// in where the previous run's state comes from (the state file, or memory).
struct SiteEngine: Sendable {
    /// The folders.
    let site: SitePath
    let templates: SitePath
    let output: SitePath
    /// Replaces `baseURL:` of the config.
    let baseURL: String?

    /// The engine for these options.
    init(options: SiteBuilder.Options) {
        site = SitePath(options.site)
        templates = SitePath(options.templates)
        output = SitePath(options.output)
        baseURL = options.baseURL
    }

    /// The scratch file for the bodies of the pages a build or rebuild parses, beside the output folder.
    func parsedBodies() -> ParsedBodies? {
        ParsedBodies(folder: output.parent.string)
    }

    /// Everything read from the site's folders, with every problem found while reading.
    struct SiteRead: Sendable {
        let inputs: SiteInputs
        /// Every Markdown file that parsed, by path, in the order of `order`.
        let sources: [String: BuildState.Source]
        let order: [String]
        /// The image files of the content folders.
        let contentImages: [String]
        let problems: [SiteProblem]

        /// The key of what the page tree and the links are made from: the config, the templates,
        /// and each file's path, outline and commit date, in order (`CheckedGraph`).
        var graphKey: ContentDigest {
            var key = DigestBuilder()
            key.add(inputs.configDigest)
            key.add(inputs.templates.digest)
            let dates = inputs.lastCommitDates
            var outlines = StateWriter(capacity: order.count * 128)
            for path in order {
                outlines.add(path)
                outlines.add(sources[path]!.outlineDigest)
                outlines.add(dates[path])
            }
            key.add(ContentDigest(of: outlines.bytes))
            return key.finish()
        }
    }

    /// The site read and checked: nothing is wrong with it.
    struct CheckedSite: Sendable {
        let read: SiteRead
        let graph: CheckedGraph
        /// The pages' images, found and measured.
        let images: SiteImages
        var tree: PageTree { graph.tree }
        /// What each page's links resolve to, in page order.
        var links: [PageBody.LinkCheck] { graph.links }
        /// What is not wrong but likely a mistake (an image no page shows).
        var warnings: [SiteProblem] { images.warnings }
    }

    /// Reads the inputs and every Markdown file; a file whose stamp (and callout titles) are those of
    /// its entry in `known` is not read again. The bodies of the pages parsed are kept in `bodies`
    /// until they are rendered (without it they are not kept). Throws only when the config cannot be
    /// used (nothing can be checked without it).
    func read(known: [String: BuildState.Source], bodies: ParsedBodies? = nil) throws -> SiteRead {
        try read(known: { known }, bodies: bodies)
    }

    /// `read(known:bodies:)` with the known entries asked for once the files are listed: a build
    /// decodes its last state meanwhile.
    func read(known knownEntries: () -> [String: BuildState.Source], bodies: ParsedBodies?) throws -> SiteRead {
        var problems: [SiteProblem] = []
        let inputs = try SiteInputs.load(site: site, templates: templates, baseURL: baseURL, problems: &problems)
        var contentImages: [String] = []
        let files = ContentFolder.markdownFiles(in: site.appending("content").string, config: inputs.config, images: &contentImages, problems: &problems)
        let known = knownEntries()
        let results = files.parallelMap { file -> Result<BuildState.Source, SiteProblem> in
            let labels = inputs.labels[file.locale]!
            let stamp = file.stamp
            if let stamp, let entry = known[file.path], entry.stamp == stamp, entry.labels == labels.digest,
               entry.outline.locale == file.locale, entry.outline.contentPath == file.contentPath {
                return .success(entry)
            }
            return ParsedPage.read(locale: file.locale, contentPath: file.contentPath, file: file.path, labels: labels).map { parsed in
                BuildState.Source(
                    stamp: stamp ?? FileStamp(inode: 0, size: -1, modified: 0, changed: 0), labels: labels.digest,
                    digest: parsed.sourceDigest, outline: parsed.outline, body: bodies?.keep(parsed.body)
                )
            }
        }
        var sources: [String: BuildState.Source] = [:]
        sources.reserveCapacity(files.count)
        var order: [String] = []
        for (file, result) in zip(files, results) {
            switch result {
            case let .success(source): sources[file.path] = source; order.append(file.path)
            case let .failure(problem): problems.append(problem)
            }
        }
        return SiteRead(inputs: inputs, sources: sources, order: order, contentImages: contentImages, problems: problems)
    }

    /// Assembles the page tree and resolves every link of every page; throws `SiteBuildFailure`
    /// with every problem of the site (reading's included).
    ///
    /// `known` is the last check's graph (from the build state, or `watch`'s memory): while its key
    /// is this read's (the same config, templates, commit dates and outlines), its tree and links
    /// are taken as they are, since they are made from nothing else.
    func check(_ read: SiteRead, known: CheckedGraph? = nil) throws -> CheckedSite {
        var problems = read.problems
        let key = read.graphKey
        if let known, known.key == key {
            return try finish(read: read, graph: known, problems: problems)
        }
        let outlines = read.order.map { read.sources[$0]!.outline }
        let tree = PageTree.assemble(
            sources: outlines, config: read.inputs.config, lastCommitDates: read.inputs.lastCommitDates,
            reservedURLs: SiteInputs.reservedURLs(config: read.inputs.config, templates: templates.string), problems: &problems
        )
        let resolver = LinkResolver(tree: tree)
        let links = tree.pages.parallelMap { page -> PageBody.LinkCheck in
            guard let outline = tree.sources[page.index] else { return PageBody.LinkCheck() }
            let check = PageBody.linkCheck(outline, as: page, resolver: resolver)
            // A stand-in for a missing translation links to this locale's pages where they all
            // resolve, else to the default locale's like its original; problems are the original's.
            guard let original = page.fallbackOf, !check.problems.isEmpty else { return check }
            return PageBody.LinkCheck(rewrites: PageBody.linkCheck(outline, as: tree.pages[original], resolver: resolver).rewrites)
        }
        problems += links.flatMap(\.problems)
        return try finish(read: read, graph: CheckedGraph(key: key, tree: tree, links: links), problems: problems)
    }

    /// Resolves the pages' images and fails with every problem found.
    private func finish(read: SiteRead, graph: CheckedGraph, problems: [SiteProblem]) throws -> CheckedSite {
        var problems = problems
        let images = SiteImages.resolve(
            tree: graph.tree, site: site, assets: read.inputs.assets, rootPath: read.inputs.config.rootPath,
            contentImages: read.contentImages, problems: &problems
        )
        guard problems.isEmpty else { throw SiteBuildFailure(problems: problems) }
        return CheckedSite(read: read, graph: graph, images: images)
    }
}
