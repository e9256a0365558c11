import Foundation

/// Writes the import's files: each through a temporary file and a rename, only when its bytes change.
enum PageWriter {
    /// Writes `files`; without `force`, an existing file that differs stops the import before anything is written.
    static func write(_ files: [(path: String, text: String)], force: Bool) throws -> (written: [String], unchanged: [String]) {
        var changed: [(path: String, data: Data)] = []
        var unchanged: [String] = []
        var refused: [ImportProblem] = []
        for file in files {
            let data = Data(file.text.utf8)
            guard let existing = FileManager.default.contents(atPath: file.path) else {
                changed.append((file.path, data))
                continue
            }
            if existing == data {
                unchanged.append(file.path)
            } else if force {
                changed.append((file.path, data))
            } else {
                refused.append(ImportProblem(position: file.path, message: "exists and differs from the import; nothing was written (--force replaces what changed)"))
            }
        }
        guard refused.isEmpty else { throw ImportFailure(problems: refused) }
        for file in changed {
            let folder = (file.path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try file.data.write(to: URL(fileURLWithPath: file.path), options: .atomic)
            } catch {
                throw ImportFailure(problems: [ImportProblem(position: file.path, message: "cannot be written: \(error.localizedDescription)")])
            }
        }
        return (changed.map(\.path), unchanged)
    }
}
