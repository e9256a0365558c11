import Foundation

/// Publishes an incremental build into the existing output folder without ever leaving a file
/// half-written or the site half-gone:
///
/// 1. every changed file is written whole into `.helpgen/<output>/staging/` (the output is untouched;
///    a build stopped here changes nothing, and the next build deletes the staged files);
/// 2. a journal naming each staged file's place and each output to delete is saved (atomically);
/// 3. each staged file is renamed over its output file (one atomic `rename` each), then the
///    outputs of removed pages are deleted;
/// 4. the new build state is saved and the journal deleted.
///
/// A build stopped during step 3 leaves a journal: the next build first finishes it (`recover`).
struct IncrementalOutput: Sendable {
    /// The published folder.
    let target: SitePath
    /// Where the state, journal and staged files are.
    let state: StateFolder

    /// One staged file and where it goes.
    struct Staged: Sendable {
        let number: Int
        let path: String
    }

    /// Empties the staging folder, ready for a build's files.
    func prepare() throws {
        try? FileManager.default.removeItem(atPath: state.stagingPath)
        try FileManager.default.createDirectory(atPath: state.stagingPath, withIntermediateDirectories: true)
    }

    /// Writes the output file `path` as staged file `number` (unique in the build); returns its stamp.
    func stage(_ bytes: [UInt8], number: Int) throws -> FileStamp {
        try OutputFolder.writeFile(state.stagingPath + "/\(number)", bytes: bytes)
    }

    /// Steps 2 and 3: saves the journal, moves the staged files into place and deletes `removals`.
    func publish(_ staged: [Staged], removing removals: [String]) throws {
        var journal = StateWriter()
        journal.add(staged.count)
        for file in staged {
            journal.add(file.number)
            journal.add(file.path)
        }
        journal.add(removals.count)
        for path in removals { journal.add(path) }
        try state.write(journal.bytes, to: state.journalPath)
        try apply(staged, removals: removals)
    }

    /// Step 4's end: the journal and the staging folder are deleted (after the state was saved).
    func finish() {
        try? FileManager.default.removeItem(atPath: state.journalPath)
        try? FileManager.default.removeItem(atPath: state.stagingPath)
    }

    /// Finishes a publication a stopped build left (its journal), or deletes the files a build
    /// stopped before publishing staged. The build state is then older than the output: the files
    /// it does not describe (their stamps differ) are rendered and compared again.
    func recover() throws {
        defer { finish() }
        guard let data = FileManager.default.contents(atPath: state.journalPath) else { return }
        var reader = StateReader([UInt8](data))
        guard let stagedCount = reader.count() else { return }
        var staged: [Staged] = []
        for _ in 0..<stagedCount {
            guard let number = reader.int(), let path = reader.string() else { return }
            staged.append(Staged(number: number, path: path))
        }
        guard let removalCount = reader.count() else { return }
        var removals: [String] = []
        for _ in 0..<removalCount {
            guard let path = reader.string() else { return }
            removals.append(path)
        }
        try apply(staged.filter { FileManager.default.fileExists(atPath: state.stagingPath + "/\($0.number)") }, removals: removals)
    }

    private func apply(_ staged: [Staged], removals: [String]) throws {
        var created: Set<String> = []
        for file in staged {
            let folder = SitePath(file.path).parent
            if folder.string != ".", !created.contains(folder.string) {
                try FileManager.default.createDirectory(atPath: target.appending(folder.string).string, withIntermediateDirectories: true)
                created.insert(folder.string)
            }
            let destination = target.appending(file.path).string
            guard rename(state.stagingPath + "/\(file.number)", destination) == 0 else {
                throw SiteProblem(file: destination, message: "cannot replace the file: \(String(cString: strerror(errno)))")
            }
        }
        for path in removals { remove(path) }
    }

    /// Deletes an output file, then each folder above it that became empty (up to the output folder).
    private func remove(_ relativePath: String) {
        var path = target.appending(relativePath)
        guard unlink(path.string) == 0 || errno == ENOENT else { return }
        while true {
            path = path.parent
            guard path.string.count > target.string.count, rmdir(path.string) == 0 else { return }
        }
    }
}
