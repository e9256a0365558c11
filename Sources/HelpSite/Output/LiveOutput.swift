import Foundation

/// The published output folder, changed in place by `helpgen watch`: a file is written only when its
/// bytes differ, through a temporary file and `rename` in the same folder, so a reader (a browser,
/// a web server) sees the old file or the new one, never half of one.
struct LiveOutput: Sendable {
    /// The output folder (`public`).
    let root: String

    /// Writes `text` at `relativePath` unless the file already holds exactly these bytes; true when written.
    @discardableResult
    func write(_ text: String, to relativePath: String) throws -> Bool {
        try write(Data(text.utf8), to: relativePath)
    }

    /// Copies the file at `source` to `relativePath` unless it already holds the same bytes; true when written.
    @discardableResult
    func copy(_ source: String, to relativePath: String) throws -> Bool {
        guard let bytes = FileManager.default.contents(atPath: source) else {
            throw SiteProblem(file: source, message: "the file cannot be read")
        }
        return try write(bytes, to: relativePath)
    }

    /// Writes `bytes` at `relativePath` unless the file already holds exactly them; true when written.
    @discardableResult
    func write(_ bytes: Data, to relativePath: String) throws -> Bool {
        let path = root + "/" + relativePath
        if let current = FileManager.default.contents(atPath: path), current == bytes { return false }
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.helpgen-" + UUID().uuidString.prefix(8).lowercased() + ".tmp"
        do {
            try bytes.withUnsafeBytes { try OutputFolder.writeFile(temporary, bytes: $0) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw SiteProblem(file: path, message: "cannot write the temporary file \(temporary) (is the folder writable?)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw SiteProblem(file: path, message: "cannot replace the file: \(reason)")
        }
        return true
    }

    /// Removes the file at `relativePath`, then each folder above it that became empty (up to the root).
    func remove(_ relativePath: String) {
        var path = root + "/" + relativePath
        guard (try? FileManager.default.removeItem(atPath: path)) != nil else { return }
        while true {
            path = (path as NSString).deletingLastPathComponent
            guard path.count > root.count, rmdir(path) == 0 else { return }
        }
    }
}
