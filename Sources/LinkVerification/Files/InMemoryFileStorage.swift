import Foundation

/// File bytes kept in memory: for tests.
public final class InMemoryFileStorage: FileStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: Data] = [:]

    /// Creates an empty storage.
    public init() {}

    /// Stores `bytes` under `id`.
    public func write(_ bytes: Data, id: String) async throws {
        guard isValidFileID(id) else { throw VerificationError.invalidRequest(field: "fileId", reason: "'\(id)' is not a file id") }
        lock.withLock { files[id] = bytes }
    }

    /// The bytes under `id`.
    public func read(id: String) async throws -> Data {
        guard let bytes = lock.withLock({ files[id] }) else { throw VerificationError.fileNotFound }
        return bytes
    }

    /// Removes the bytes under `id`.
    public func delete(id: String) async throws {
        lock.withLock { files[id] = nil }
    }
}
