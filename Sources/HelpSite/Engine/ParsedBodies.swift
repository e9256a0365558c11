import Foundation

/// The bodies of the pages a build parsed (`PageBodyHTML`), kept from reading to rendering in a
/// scratch file beside the output folder rather than in memory: at 100,000 pages they are about
/// 450 MB, and a page needs its body only while it is rendered and analysed for search.
///
/// The file has no name, so nothing is ever left behind: it is gone once the last page that refers
/// to it is (in `watch`, pages parsed by different rebuilds refer to the scratch files of their own
/// rebuild). Bodies are written by many threads at once, each at an offset reserved under a lock,
/// and read back one page at a time.
final class ParsedBodies: @unchecked Sendable {
    /// One body in the file.
    struct Kept: Sendable {
        let file: ParsedBodies
        let offset: Int
        let count: Int

        /// The body, or nil when the file cannot be read (its page is then parsed again).
        func load() -> PageBodyHTML? {
            file.read(offset: offset, count: count)
        }
    }

    private var descriptor: Int32
    private let lock = NSLock()
    private var end = 0

    /// A scratch file in `folder` (created when missing, as the output folder's parent is by the
    /// build); nil when there cannot be one (a read-only disk, say), and the pages' bodies are then
    /// parsed again when rendered.
    init?(folder: String) {
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return nil }
        // Linux's O_TMPFILE: a file without a name, which nobody else can see (Glibc's macro is not
        // imported); a file named and unlinked at once where it is not supported.
        descriptor = open(folder, 0o20000000 | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let path = folder + "/.helpgen-bodies-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return nil }
            unlink(path)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Writes `body` to the file; nil when it cannot be written.
    func keep(_ body: PageBodyHTML) -> Kept? {
        var writer = StateWriter(capacity: body.parts.reduce(16) { $0 + $1.utf8.count + 4 })
        writer.add(varint: body.parts.count)
        for part in body.parts { writer.add(shortText: part) }
        writer.add(varint: body.imageSlots.count)
        for slot in body.imageSlots { writer.add(varint: slot) }
        let bytes = writer.bytes
        let offset = lock.withLock {
            defer { end += bytes.count }
            return end
        }
        let complete = bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let written = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                done += written
            }
            return true
        }
        return complete ? Kept(file: self, offset: offset, count: bytes.count) : nil
    }

    private func read(offset: Int, count: Int) -> PageBodyHTML? {
        var bytes = [UInt8](repeating: 0, count: count)
        let complete = bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < count {
                let read = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else { return false }
                done += read
            }
            return true
        }
        guard complete else { return nil }
        var reader = StateReader(bytes)
        guard let partCount = reader.varint(), partCount > 0, partCount <= count else { return nil }
        var parts: [String] = []
        parts.reserveCapacity(partCount)
        for _ in 0..<partCount {
            guard let part = reader.shortText() else { return nil }
            parts.append(part)
        }
        guard let slotCount = reader.varint(), slotCount <= count else { return nil }
        var slots: [Int] = []
        for _ in 0..<slotCount {
            guard let slot = reader.varint() else { return nil }
            slots.append(slot)
        }
        guard reader.isAtEnd else { return nil }
        return PageBodyHTML(parts: parts, imageSlots: slots)
    }
}
