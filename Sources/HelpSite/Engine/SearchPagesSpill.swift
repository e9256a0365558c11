import Foundation

/// The records of the pages a search step analyses (`SearchPages`), written to a scratch file of
/// the state folder as they are made rather than held in memory: at 10,000 pages they are over
/// 60 MB. Once the step is done the file is mapped and unlinked, and its records are read from the
/// mapping, each only when asked for, like those of the file the last build saved.
///
/// Used from one thread at a time.
final class SearchPagesSpill {
    private let path: String
    private var descriptor: Int32
    private var written = 0
    /// Each record's key and length, in the order written.
    private var records: [(key: ContentDigest, count: Int)] = []

    /// Creates (or empties) the scratch file at `path`.
    init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.problem(path, "cannot create") }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(path)
        }
    }

    /// Appends the record of the page whose terms' key is `key` (`SearchPages.record(of:)`).
    func append(_ record: [UInt8], for key: ContentDigest) throws {
        try OutputFolder.write(record, to: descriptor, path: path)
        records.append((key, record.count))
        written += record.count
    }

    /// The pages appended, read from the file mapped; the file itself is gone (the mapping keeps
    /// its bytes).
    func finish() throws -> SearchPages {
        defer {
            close(descriptor)
            unlink(path)
            descriptor = -1
        }
        var pages = SearchPages()
        guard !records.isEmpty else { return pages }
        guard let bytes = StateBytes(mapping: path), bytes.buffer.count == written else { throw Self.problem(path, "cannot read back") }
        var reader = StateReader(bytes)
        for record in records {
            guard let page = reader.reader(count: record.count) else { throw Self.problem(path, "cannot read back") }
            pages.insert(encoded: page, for: record.key)
        }
        return pages
    }

    /// `doing` the scratch file went wrong (with the system's reason, when it gave one).
    private static func problem(_ path: String, _ doing: String) -> SiteProblem {
        let reason = errno == 0 ? "" : ": \(String(cString: strerror(errno)))"
        return SiteProblem(file: path, message: "\(doing) the search step's scratch file\(reason)")
    }
}
