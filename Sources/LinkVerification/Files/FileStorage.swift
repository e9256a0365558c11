import Foundation

/// Keeps the shared files' bytes, by id, and streams them: no file is ever held whole in memory.
///
/// Ids are made by the service (URL-safe random text), never from user input.
public protocol FileStorage: Sendable {
    /// Stores the bytes `chunks` yields under `id`, atomically: a reader sees the whole file or none of it.
    ///
    /// If `chunks` throws, nothing is stored and the error is rethrown.
    func write<Chunks: AsyncSequence>(id: String, chunks: Chunks) async throws where Chunks.Element == Data

    /// Calls `chunk` with the bytes of `range` of the file under `id`, in order, in pieces of at most
    /// ``fileChunkSize`` bytes; the next piece is read only once `chunk` has returned.
    ///
    /// Throws ``VerificationError/fileNotFound`` if nothing is stored under `id`.
    func read(id: String, range: Range<Int>, chunk: (Data) async throws -> Void) async throws

    /// Removes the bytes stored under `id`, if any.
    func delete(id: String) async throws
}

/// The largest piece a ``FileStorage`` reads or a download sends at once: 64 KiB.
public let fileChunkSize = 64 * 1024

extension FileStorage {
    /// Stores `bytes` under `id` (small files, tests).
    public func write(_ bytes: Data, id: String) async throws {
        try await write(id: id, chunks: OneChunk(bytes))
    }

    /// The whole file under `id`, in memory (tests and small files only).
    public func read(id: String, size: Int) async throws -> Data {
        var bytes = Data()
        try await read(id: id, range: 0..<size) { bytes.append($0) }
        return bytes
    }
}

/// An async sequence of one piece of data.
struct OneChunk: AsyncSequence, Sendable {
    typealias Element = Data
    let bytes: Data

    init(_ bytes: Data) { self.bytes = bytes }

    struct AsyncIterator: AsyncIteratorProtocol {
        var bytes: Data?
        mutating func next() async -> Data? {
            defer { bytes = nil }
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes) }
}

/// Whether `id` may name a stored file: 1 to 64 characters of `A-Z a-z 0-9 - _`.
///
/// File storages refuse any other id, so an id can never walk out of their folder.
public func isValidFileID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 64 && Base64URL.isToken(id, length: id.utf8.count)
}
