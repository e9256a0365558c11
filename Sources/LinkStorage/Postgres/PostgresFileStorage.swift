import Foundation
import LinkVerification
import PostgresNIO

/// The shared files' bytes in PostgreSQL, in chunks of ``chunkSize`` bytes (`file_chunks`), so instances
/// share nothing but the database.
///
/// A file's chunks are written in one transaction: a reader sees the whole file or none of it. Reading
/// fetches one chunk per statement, so no single statement moves more than a chunk.
public struct PostgresFileStorage: FileStorage {
    /// The size of each stored chunk (the last one may be shorter).
    public static let chunkSize = 1 << 20

    private let pool: SessionPool

    init(pool: SessionPool) {
        self.pool = pool
    }

    /// Stores `bytes` under `id`, replacing any earlier file of that id, in one transaction.
    public func write(_ bytes: Data, id: String) async throws {
        guard isValidFileID(id) else { throw VerificationError.invalidRequest(field: "fileId", reason: "'\(id)' is not a file id") }
        try await pool.withSession { session in
            try await session.perform { statements in
                try statements.transaction(begin: "BEGIN") {
                    try statements.run("DELETE FROM file_chunks WHERE file_id = \(id)")
                    var index = 0
                    var offset = bytes.startIndex
                    repeat {
                        let end = min(offset + Self.chunkSize, bytes.endIndex)
                        try statements.run("INSERT INTO file_chunks (file_id, index, bytes) VALUES (\(id), \(index), \(bytes[offset..<end]))")
                        index += 1
                        offset = end
                    } while offset < bytes.endIndex
                }
            }
        }
    }

    /// The bytes stored under `id`; ``VerificationError/fileNotFound`` when there are none.
    public func read(id: String) async throws -> Data {
        try await pool.withSession { session in
            try await session.perform { statements in
                try statements.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                    let count = try statements.row("SELECT COUNT(*) AS chunks FROM file_chunks WHERE file_id = \(id)")?
                        .value("chunks", as: Int.self) ?? 0
                    guard count > 0 else { throw VerificationError.fileNotFound }
                    var bytes = Data()
                    for index in 0..<count {
                        guard let chunk = try statements.row(
                            "SELECT bytes FROM file_chunks WHERE file_id = \(id) AND index = \(index)")
                        else { throw LinkStoreError("file \(id) lacks its chunk \(index)") }
                        bytes.append(try chunk.value("bytes", as: Data.self))
                    }
                    return bytes
                }
            }
        }
    }

    /// Removes the chunks stored under `id`, if any.
    public func delete(id: String) async throws {
        _ = try await pool.withSession { session in
            try await session.perform { statements in
                try statements.run("DELETE FROM file_chunks WHERE file_id = \(id)")
            }
        }
    }
}

extension PostgresLinkStore {
    /// The file storage in this store's database.
    public func fileStorage() -> PostgresFileStorage {
        PostgresFileStorage(pool: pool)
    }
}
