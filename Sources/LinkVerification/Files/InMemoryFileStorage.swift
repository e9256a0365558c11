import Foundation

/// File bytes kept in memory: for tests.
public final class InMemoryFileStorage: FileStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: Data] = [:]

    /// Creates an empty storage.
    public init() {}

    /// Stores the bytes `chunks` yields under `id`.
    public func write<Chunks: AsyncSequence>(id: String, chunks: Chunks) async throws where Chunks.Element == Data {
        guard isValidFileID(id) else { throw VerificationError.invalidRequest(field: "fileId", reason: "'\(id)' is not a file id") }
        var bytes = Data()
        for try await chunk in chunks { bytes.append(chunk) }
        let complete = bytes
        lock.withLock { files[id] = complete }
    }

    /// Calls `chunk` with `range` of the bytes under `id`.
    public func read(id: String, range: Range<Int>, chunk: (Data) async throws -> Void) async throws {
        guard let bytes = lock.withLock({ files[id] }) else { throw VerificationError.fileNotFound }
        let end = min(range.upperBound, bytes.count)
        var offset = min(range.lowerBound, end)
        while offset < end {
            let next = min(end, offset + fileChunkSize)
            try await chunk(bytes.subdata(in: offset..<next))
            offset = next
        }
    }

    /// Removes the bytes under `id`.
    public func delete(id: String) async throws {
        lock.withLock { files[id] = nil }
    }
}
