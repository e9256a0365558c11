import Dispatch
import Foundation

/// `helpgen watch`'s driver of the build pipeline (`SiteEngine`): the site kept in memory and
/// rebuilt in place when files change.
///
/// It keeps every page's parsed value and the state of the output folder. A rebuild reads again only
/// the files whose stamps changed, checks the whole site exactly as `build` does — on any problem it
/// throws `SiteBuildFailure` and the output is not touched — and then renders again only the pages
/// whose template input changed and writes only the files whose bytes differ, as an incremental
/// `build` does (and it saves the same build state, so the next `build` starts from it).
///
/// Not thread-safe: one caller drives it (the watch loop).
public final class LiveSite {
    /// What one rebuild did.
    public struct Rebuild: Sendable {
        /// Help pages rendered again.
        public let renderedPages: Int
        /// Help pages of the site.
        public let totalPages: Int
        /// Files whose bytes changed (written) and files removed.
        public let writtenFiles: Int, removedFiles: Int
        /// Wall time from the call to the last file written, in seconds.
        public let seconds: Double
        /// What is not wrong but likely a mistake (an image no page shows).
        public var warnings: [SiteProblem] = []

        /// True when the change touched nothing the site is made of (a path that is no page, say).
        public var isEmpty: Bool { renderedPages == 0 && writtenFiles == 0 && removedFiles == 0 }

        /// The line `helpgen watch` prints: `rebuilt 3 of 10000 pages in 41 ms (2 files written)`.
        public var summary: String {
            let milliseconds = seconds < 0.01 ? String(format: "%.1f", seconds * 1000) : String(format: "%.0f", seconds * 1000)
            let removed = removedFiles > 0 ? ", \(removedFiles) removed" : ""
            return "rebuilt \(renderedPages) of \(totalPages) pages in \(milliseconds) ms (\(writtenFiles) files written\(removed))"
        }
    }

    private let engine: SiteEngine
    /// What the output folder holds (nil until a build wrote it: the next rebuild then writes it whole).
    private var published: BuildState?
    /// Every Markdown file as last parsed, also while the site has problems.
    private var parsed: [String: BuildState.Source] = [:]

    /// Creates the site for these folders; nothing is read until `load()`.
    public init(options: SiteBuilder.Options) {
        engine = SiteEngine(options: options)
    }

    /// The folders to watch: the site folder and the templates folder.
    public var watchedFolders: [String] { [engine.site.string, engine.templates.string] }

    /// The paths of `paths` a rebuild must look at: not hidden files or folders (an editor's swap
    /// and backup files), not the output folder, and under `content/` only Markdown files, images and folders.
    public func relevant(_ paths: Set<String>) -> Set<String> {
        let content = engine.site.appending("content")
        return paths.filter { path in
            if engine.output.contains(path) { return false }
            let root = engine.templates.contains(path) ? engine.templates : engine.site
            guard let relative = root.relativePath(of: path) else { return false }
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { return false }
            if content.contains(path), let last = components.last, let dot = last.lastIndex(of: ".") {
                return last.hasSuffix(".md") || SiteImages.extensions.contains(last[last.index(after: dot)...].lowercased())
            }
            if root == engine.templates, let last = components.last, last.contains(".") { return last.hasSuffix(".mustache") }
            return true
        }
    }

    /// Takes the output folder as the last build left it (its build state); without one, the next
    /// successful rebuild writes the whole site.
    public func load() {
        let folder = StateFolder(output: engine.output)
        try? IncrementalOutput(target: engine.output, state: folder).recover()
        published = folder.loadState()
        parsed = published?.sources ?? [:]
    }

    /// Rebuilds what changed on disk since the last rebuild. `changed` (the paths the watcher reported)
    /// only wakes it: every file's stamp is compared, so nothing an event missed is missed.
    /// `everything` parses every file again. Throws `SiteBuildFailure` with every problem of the
    /// site; the output is then left as it was.
    public func rebuild(changed: Set<String>, everything: Bool = false) throws -> Rebuild {
        let start = DispatchTime.now()
        if everything { parsed = [:] }
        let read = try engine.read(known: parsed, bodies: engine.parsedBodies())
        parsed = read.sources
        let checked = try engine.check(read, known: everything ? nil : published?.checkedGraph)
        let outcome = try SitePublication(engine: engine, checked: checked).publish(previous: published)
        published = outcome.state
        parsed = outcome.state.sources
        return Rebuild(
            renderedPages: outcome.renderedPages, totalPages: checked.tree.pages.count, writtenFiles: outcome.writtenFiles,
            removedFiles: outcome.removedFiles, seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9,
            warnings: checked.warnings
        )
    }
}
