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

    /// Writes `text` at `relativePath` inside the staging folder, creating folders as needed.
    func write(_ text: String, to relativePath: String) throws {
        let path = staging + "/" + relativePath
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.writeFile(path, text)
    }

    /// Plain `open`/`write`/`close`: `Data.write(to:)` also `fsync`s every file, which a site build
    /// does not need (the swap is what makes the result appear at once).
    static func writeFile(_ path: String, _ text: String) throws {
        var text = text
        try text.withUTF8 { try writeFile(path, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` to a new or truncated file at `path` (no `fsync`).
    static func writeFile(_ path: String, bytes: UnsafeRawBufferPointer) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = writeBytes(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            offset += written
        }
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
