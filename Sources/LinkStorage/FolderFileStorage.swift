import Foundation
import LinkVerification

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``FileStorage`` in a folder (`<data>/files/`): one file per id, written atomically, mode 0600.
///
/// A write goes to a temporary file in the same folder, is synced, then renamed over the final name,
/// and the folder is synced: a reader or a crash sees the whole file or none. Ids that are not
/// ``isValidFileID(_:)`` are refused, so no input can name a path outside the folder.
public struct FolderFileStorage: FileStorage {
    /// The folder holding the files.
    public let folder: URL

    /// Uses `folder`, creating it (mode 0700) if needed.
    public init(folder: URL) throws {
        self.folder = folder
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LinkStoreError("cannot create the file folder \(folder.path): \(error.localizedDescription)")
        }
    }

    /// Stores the bytes `chunks` yields under `id`, atomically, one chunk in memory at a time.
    public func write<Chunks: AsyncSequence>(id: String, chunks: Chunks) async throws where Chunks.Element == Data {
        let target = try path(of: id)
        let temporary = folder.appendingPathComponent(".incoming-\(id)-\(UUID().uuidString)").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create", temporary) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do {
            for try await chunk in chunks {
                try writeAll(chunk, to: descriptor, path: temporary)
            }
            guard fsync(descriptor) == 0 else { throw failure("cannot sync", temporary) }
            close(descriptor)
            closed = true
            guard rename(temporary, target) == 0 else { throw failure("cannot move into place", target) }
        } catch {
            unlink(temporary)
            throw error
        }
        syncFolder()
    }

    /// Calls `chunk` with `range` of the file under `id`, ``fileChunkSize`` bytes at a time.
    public func read(id: String, range: Range<Int>, chunk: (Data) async throws -> Void) async throws {
        let target = try path(of: id)
        let descriptor = open(target, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw VerificationError.fileNotFound }
            throw failure("cannot open", target)
        }
        defer { close(descriptor) }
        var offset = range.lowerBound
        var buffer = [UInt8](repeating: 0, count: fileChunkSize)
        while offset < range.upperBound {
            let wanted = min(fileChunkSize, range.upperBound - offset)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, wanted, off_t(offset)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", target)
            }
            if count == 0 { break }  // The file is shorter than the range: end there.
            try await chunk(Data(buffer[0..<count]))
            offset += count
        }
    }

    private func writeAll(_ bytes: Data, to descriptor: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = posixWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write", path)
                }
                offset += written
            }
        }
    }

    /// Removes the file under `id`, if any.
    public func delete(id: String) async throws {
        let target = try path(of: id)
        if unlink(target) != 0 && errno != ENOENT { throw failure("cannot delete", target) }
        syncFolder()
    }

    /// The path of the file stored under `id` (for streaming it); refuses ids that are not file ids.
    public func path(of id: String) throws -> String {
        guard isValidFileID(id) else {
            throw VerificationError.invalidRequest(field: "fileId", reason: "'\(id)' is not a file id")
        }
        return folder.appendingPathComponent(id).path
    }

    private func syncFolder() {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private func failure(_ action: String, _ path: String) -> LinkStoreError {
        LinkStoreError("\(action) \(path): \(String(cString: strerror(errno)))")
    }
}
