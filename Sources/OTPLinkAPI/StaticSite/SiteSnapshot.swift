import Foundation
import Hummingbird

/// The built site as one immutable value in memory: every file ready to answer (`ServedFile`), by
/// URL path (`/en/link/index.html`). A new build is loaded into a new snapshot, which replaces the
/// old one at once (`ServedSite`).
struct SiteSnapshot: Sendable {
    /// What a URL path leads to.
    enum Answer: Sendable {
        case file(ServedFile)
        /// A folder named without its slash: where to send the browser (`/en/link/`).
        case redirect(String)
        case notFound

        /// Whether the path leads to nothing of the site.
        var isNotFound: Bool {
            if case .notFound = self { true } else { false }
        }
    }

    let files: [String: ServedFile]
    /// What the folder looked like when it was read (see `signature(of:)`).
    let signature: Int
    /// The answer for every decoded URL path that leads somewhere, computed once: a file's own path,
    /// a folder's slashed URL (its `index.html`), and the folder named without its slash (a redirect).
    private let answers: [String: Answer]

    /// An empty site (a folder that cannot be read).
    static let empty = SiteSnapshot(files: [:], signature: 0)

    init(files: [String: ServedFile], signature: Int) {
        self.files = files
        self.signature = signature
        var answers: [String: Answer] = [:]
        for (path, file) in files where path.hasSuffix("/index.html") {
            let folder = String(path.dropLast("index.html".count))
            answers[folder] = .file(file)
            if folder != "/" { answers[String(folder.dropLast())] = .redirect(folder) }
        }
        // A file answers for its own name, also where a folder of that name would redirect.
        for (path, file) in files { answers[path] = .file(file) }
        self.answers = answers
    }

    /// Reads every file of `folder` (hidden ones aside) and prepares its answers.
    static func load(folder: URL, policy: SiteResponseHeaders) -> SiteSnapshot {
        let signature = signature(of: folder)
        var files: [String: ServedFile] = [:]
        let root = folder.path
        for relative in (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []) {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            var isFolder: ObjCBool = false
            let path = root + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                  let data = FileManager.default.contents(atPath: path)
            else { continue }
            files["/" + relative] = ServedFile(bytes: [UInt8](data), path: "/" + relative, policy: policy)
        }
        return SiteSnapshot(files: files, signature: signature)
    }

    /// The answer for a percent-decoded URL path: a folder's `index.html`, a file, or a redirect to
    /// the folder's slashed URL.
    func answer(forPath path: String) -> Answer {
        answers[path] ?? .notFound
    }

    /// The answer for a URL path as the request sent it (see ``RequestedPath``): a path that could leave
    /// the folder finds nothing, one with repeated slashes is sent to its one-slash form.
    func answer(forRequestPath raw: String) -> Answer {
        switch RequestedPath(raw) {
        case let .path(path): return answer(forPath: path)
        case let .normalised(path): return .redirect(path)
        case .refused: return .notFound
        }
    }

    /// The site's `404.html`.
    var notFoundPage: ServedFile? { files["/404.html"] }

    /// Changes when a build finished writing the folder: helpgen saves its build state
    /// (`.helpgen/<folder name>/state`, beside the folder) last; for a folder helpgen did not build,
    /// every file's name, size and time count.
    static func signature(of folder: URL) -> Int {
        var hasher = Hasher()
        let state = folder.deletingLastPathComponent().appendingPathComponent(".helpgen/\(folder.lastPathComponent)/state").path
        if let attributes = try? FileManager.default.attributesOfItem(atPath: state) {
            hasher.combine(attributes[.systemFileNumber] as? Int)
            hasher.combine(attributes[.modificationDate] as? Date)
            hasher.combine(attributes[.size] as? Int)
            let folderAttributes = try? FileManager.default.attributesOfItem(atPath: folder.path)
            hasher.combine(folderAttributes?[.systemFileNumber] as? Int)
            return hasher.finalize()
        }
        let root = folder.path
        for relative in (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted() {
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + relative)
            hasher.combine(relative)
            hasher.combine(attributes?[.size] as? Int)
            hasher.combine(attributes?[.modificationDate] as? Date)
            hasher.combine(attributes?[.systemFileNumber] as? Int)
        }
        return hasher.finalize()
    }
}
