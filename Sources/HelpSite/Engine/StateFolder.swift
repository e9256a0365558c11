import Foundation

/// `.helpgen/<output name>/` beside the output folder (never inside it, so nothing there is
/// published): the build state, and while an incremental build publishes, its staged files and journal.
struct StateFolder: Sendable {
    /// The folder itself (`.helpgen/public`).
    let root: String

    /// The state folder of the output folder `output`.
    init(output: SitePath) {
        root = output.parent.appending(".helpgen").appending(output.name).string
    }

    var statePath: String { root + "/state" }
    var outlinesPath: String { root + "/outlines" }
    var searchPagesPath: String { root + "/search" }
    var addedSearchPagesPath: String { root + "/search-added" }
    var searchScratchPath: String { root + "/search-analysed" }
    var journalPath: String { root + "/journal" }
    var stagingPath: String { root + "/staging" }

    /// The state the last successful build saved, or nil when there is none or it is unusable.
    func loadState() -> BuildState? {
        guard let state = StateBytes(mapping: statePath), let outlines = StateBytes(mapping: outlinesPath) else { return nil }
        return BuildState.decoded(state: state, outlines: outlines)
    }

    /// Saves `state` (each file through a temporary file and a rename, so a reader sees the old
    /// file or the new one): its outlines file only when the one saved is not already its own, then
    /// the state file, which names it.
    func save(_ state: BuildState) throws {
        if StateBytes(mapping: outlinesPath).flatMap(BuildState.outlinesKey(of:)) != state.outlinesKey {
            try write(to: outlinesPath) { write in try state.encodeOutlines(piecesOf: 1 << 20, write) }
        }
        try write(state.encodedState(), to: statePath)
    }

    /// Forgets the state (`--clean`, or before a full build replaces the output).
    func removeState() {
        try? FileManager.default.removeItem(atPath: statePath)
        try? FileManager.default.removeItem(atPath: outlinesPath)
    }

    /// The pages the last builds' search steps analysed: the file written whole, and the pages
    /// added since; none when there is no usable file.
    func loadSearchPages() -> SearchPages {
        guard var pages = StateBytes(mapping: searchPagesPath).flatMap(SearchPages.decoded) else {
            return SearchPages()
        }
        pages.markSavedWhole()
        if let added = StateBytes(mapping: addedSearchPagesPath).flatMap(SearchPages.decoded) {
            pages = pages.merging(added)
        }
        return pages
    }

    /// Saves the search step's analysed pages (through temporary files and renames): the file that
    /// holds exactly them, when there is one (`SearchPagesSpill`); else only those added since the
    /// file was last written whole, while they are fewer than an eighth of all; otherwise all of
    /// them. Returns the pages, knowing what is now written whole.
    func save(_ pages: SearchPages) throws -> SearchPages {
        var saved = pages
        if let file = pages.file {
            guard rename(file, searchPagesPath) == 0 else {
                throw SiteProblem(file: searchPagesPath, message: "cannot save: \(String(cString: strerror(errno)))")
            }
            try? FileManager.default.removeItem(atPath: addedSearchPagesPath)
            saved.markSavedWhole()
            return saved
        }
        defer { removeSearchScratch() }
        let unsaved = pages.unsaved
        if !pages.savedWhole.isEmpty, unsaved.keys.count * 8 <= pages.keys.count {
            try write(unsaved.encoded(), to: addedSearchPagesPath)
            return pages
        }
        try write(to: searchPagesPath) { write in try pages.encode(piecesOf: 1 << 20, write) }
        try? FileManager.default.removeItem(atPath: addedSearchPagesPath)
        saved.markSavedWhole()
        return saved
    }

    /// Removes the search step's scratch file, when a build that made one saves other files, or fails
    /// (the records it held may still be mapped: the mapping keeps them).
    func removeSearchScratch() {
        unlink(searchScratchPath)
    }

    /// Writes `bytes` at `path` in this folder through a temporary file and a rename.
    func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { write in try write(bytes) }
    }

    /// Writes what `produce` hands to its `write`, piece by piece, at `path` in this folder through
    /// a temporary file and a rename.
    func write(to path: String, _ produce: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        _ = try OutputFolder.writeFile(temporary, produce)
        guard rename(temporary, path) == 0 else {
            throw SiteProblem(file: path, message: "cannot save: \(String(cString: strerror(errno)))")
        }
    }
}
