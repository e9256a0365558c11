import Foundation

/// Keeps the shared files' bytes, by id. Ids are made by the service (URL-safe random text), never from user input.
public protocol FileStorage: Sendable {
    /// Stores `bytes` under `id`, atomically: a reader sees the whole file or none of it.
    func write(_ bytes: Data, id: String) async throws
    /// The bytes stored under `id`; throws ``VerificationError/fileNotFound`` if there are none.
    func read(id: String) async throws -> Data
    /// Removes the bytes stored under `id`, if any.
    func delete(id: String) async throws
}

/// Whether `id` may name a stored file: 1 to 64 characters of `A-Z a-z 0-9 - _`.
///
/// File storages refuse any other id, so an id can never walk out of their folder.
public func isValidFileID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 64 && Base64URL.isToken(id, length: id.utf8.count)
}
