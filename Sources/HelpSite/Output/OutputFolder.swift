import Foundation

/// Builds into a fresh folder beside the output and swaps it in only when the whole build worked,
/// so a failed build leaves the previous site exactly as it was.
struct OutputFolder {
    /// The folder the site goes to (`public`).
    let target: String
    /// The folder being written (`.public.building-<random>` beside `target`).
    let staging: String

    /// Creates the staging folder beside `target`.
    init(target: String) throws {
        var target = target
        while target.count > 1, target.hasSuffix("/") { target.removeLast() }
        self.target = target
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        staging = parent + "/." + url.lastPathComponent + ".building-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
    }

    /// Creates `folders` (paths inside the output, parents listed before their children) in the
    /// staging folder, each with one `mkdir`.
    func createFolders(_ folders: [String]) throws {
        for folder in folders where mkdir(staging + "/" + folder, 0o755) != 0 && errno != EEXIST {
            throw SiteProblem(file: staging + "/" + folder, message: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `bytes` at `relativePath` inside the staging folder (its folder exists); returns the file's stamp.
    func write(_ bytes: [UInt8], to relativePath: String) throws -> FileStamp {
        try Self.writeFile(staging + "/" + relativePath, bytes: bytes)
    }

    /// Writes `bytes` to a new or truncated file at `path` with plain `open`/`write`/`close` (no
    /// `fsync`: the rename that publishes it is what makes it appear at once); returns its stamp.
    static func writeFile(_ path: String, bytes: [UInt8]) throws -> FileStamp {
        try writeFile(path) { write in try write(bytes) }
    }

    /// Writes all of `bytes` to the open file `descriptor` (the file at `path`), however many calls it takes.
    static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SiteProblem(file: path, message: "cannot write the file: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }

    /// Creates (or empties) the file at `path` and writes what `produce` hands to its `write`, in
    /// as many pieces as it likes (a large file need not be whole in memory); returns its stamp.
    static func writeFile(_ path: String, _ produce: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws -> FileStamp {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SiteProblem(file: path, message: "cannot write the file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        try produce { bytes in try write(bytes, to: descriptor, path: path) }
        guard let stamp = FileStamp(descriptor: descriptor) else {
            throw SiteProblem(file: path, message: "cannot read back the file just written")
        }
        return stamp
    }

    /// Replaces `target` with the staging folder: the old site is moved aside, the new one renamed
    /// into place (one `rename` each). The old site is then deleted by a detached `rm -rf` that
    /// outlives helpgen: at 10,000 pages that is 20,000 folders and tens of seconds on a slow disk,
    /// which the build does not wait for. It is outside `target` (`.public.retired-<random>`), so
    /// nobody serving `target` sees it; one left over (the machine stopped) is deleted by the next build.
    func commit() throws {
        let manager = FileManager.default
        let retired = staging.replacingOccurrences(of: ".building-", with: ".retired-")
        let hadTarget = manager.fileExists(atPath: target)
        if hadTarget { try manager.moveItem(atPath: target, toPath: retired) }
        do {
            try manager.moveItem(atPath: staging, toPath: target)
        } catch {
            if hadTarget { try? manager.moveItem(atPath: retired, toPath: target) }
            throw error
        }
        let parent = (retired as NSString).deletingLastPathComponent
        let prefix = "." + URL(fileURLWithPath: target).lastPathComponent + ".retired-"
        let leftovers = ((try? manager.contentsOfDirectory(atPath: parent)) ?? [])
            .filter { $0.hasPrefix(prefix) }.map { parent + "/" + $0 }
        if !leftovers.isEmpty, !BackgroundRemoval.start(leftovers) {
            for folder in leftovers { try? manager.removeItem(atPath: folder) }
        }
    }

    /// Deletes the staging folder (after a failed build).
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}

/// The C `write` (a file-scope function, so the name is not shadowed by `OutputFolder.write`).
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
