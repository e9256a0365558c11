import Foundation

/// The records of the pages a search step analyses (`SearchPages`), written to a scratch file of
/// the state folder as they are made rather than held in memory: at 10,000 pages they are over
/// 60 MB. The file is in `SearchPages`' own format, so once the step is done it is mapped, its
/// records are read from the mapping, each only when asked for, and saving the state moves the
/// file into place rather than writing its bytes again.
///
/// Used from one thread at a time.
final class SearchPagesSpill {
    private let path: String
    private var descriptor: Int32
    /// Each record's key, where it starts in the file, and its length, in the order written.
    private var records: [(key: ContentDigest, start: Int, count: Int)] = []
    private var written = 0

    /// Creates (or empties) the scratch file at `path`, and writes the file's header.
    init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.problem(path, "cannot create") }
        let header = SearchPages.header
        try OutputFolder.write(header, to: descriptor, path: path)
        written = header.count
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(path)
        }
    }

    /// Appends the record of the page whose terms' key is `key` (`SearchPages.record(of:)`).
    func append(_ record: [UInt8], for key: ContentDigest) throws {
        let entry = SearchPages.entry(record, for: key)
        try OutputFolder.write(entry, to: descriptor, path: path)
        records.append((key, written + entry.count - record.count, record.count))
        written += entry.count
    }

    /// The pages appended, read from the file mapped, which stays where it is until the state is
    /// saved (`StateFolder.save`), or the next step empties it.
    func finish() throws -> SearchPages {
        defer {
            close(descriptor)
            descriptor = -1
        }
        guard !records.isEmpty else {
            unlink(path)
            return SearchPages()
        }
        guard let bytes = StateBytes(mapping: path), bytes.buffer.count == written else { throw Self.problem(path, "cannot read back") }
        var reader = StateReader(bytes)
        var position = 0
        var pages: [(key: ContentDigest, record: StateReader)] = []
        pages.reserveCapacity(records.count)
        for record in records {
            guard reader.reader(count: record.start - position) != nil, let page = reader.reader(count: record.count) else {
                throw Self.problem(path, "cannot read back")
            }
            pages.append((record.key, page))
            position = record.start + record.count
        }
        return SearchPages(file: path, records: pages)
    }

    /// `doing` the scratch file went wrong (with the system's reason, when it gave one).
    private static func problem(_ path: String, _ doing: String) -> SiteProblem {
        let reason = errno == 0 ? "" : ": \(String(cString: strerror(errno)))"
        return SiteProblem(file: path, message: "\(doing) the search step's scratch file\(reason)")
    }
}
