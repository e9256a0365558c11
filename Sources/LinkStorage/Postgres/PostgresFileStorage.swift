import Foundation
import LinkVerification
import PostgresNIO

/// The shared files' bytes in PostgreSQL, in rows of ``fileChunkSize`` bytes (`file_chunks`), so
/// instances share nothing but the database. Bytes stream in and out a row at a time: no file is held
/// whole in memory, and no statement moves more than one row.
///
/// An upload's rows are written under a staging name no file id can take (`~` and a UUID) and renamed
/// to the file's id in one transaction when the last piece has arrived, so a reader finds the whole
/// file or none of it; an upload whose bytes fail leaves nothing (its rows are deleted). A file's rows
/// are never rewritten in place: ids are random per upload.
public struct PostgresFileStorage: FileStorage {
    private let pool: SessionPool

    init(pool: SessionPool) {
        self.pool = pool
    }

    /// Stores the bytes `chunks` yields under `id`, replacing any earlier file of that id when complete.
    public func write<Chunks: AsyncSequence>(id: String, chunks: Chunks) async throws where Chunks.Element == Data {
        guard isValidFileID(id) else { throw VerificationError.invalidRequest(field: "fileId", reason: "'\(id)' is not a file id") }
        let staging = "~" + UUID().uuidString
        do {
            var pending = Data()
            var index = 0
            for try await chunk in chunks {
                pending.append(chunk)
                while pending.count >= fileChunkSize {
                    try await insertRow(staging, index, pending.prefix(fileChunkSize))
                    pending = Data(pending.dropFirst(fileChunkSize))
                    index += 1
                }
            }
            if !pending.isEmpty || index == 0 {  // An empty file is one empty row, so it exists.
                try await insertRow(staging, index, pending)
            }
            try await withStatements { statements in
                try statements.transaction(begin: "BEGIN") {
                    try statements.run("DELETE FROM file_chunks WHERE file_id = \(id)")
                    try statements.run("UPDATE file_chunks SET file_id = \(id) WHERE file_id = \(staging)")
                }
            }
        } catch {
            _ = try? await withStatements { statements in try statements.run("DELETE FROM file_chunks WHERE file_id = \(staging)") }
            throw error
        }
    }

    /// Calls `chunk` with the bytes of `range` of the file under `id`, at most one row's worth at a time.
    public func read(id: String, range: Range<Int>, chunk: (Data) async throws -> Void) async throws {
        let exists = try await withStatements { statements in
            try statements.row("SELECT 1 AS found FROM file_chunks WHERE file_id = \(id) AND index = 0") != nil
        }
        guard exists else { throw VerificationError.fileNotFound }
        var offset = range.lowerBound
        while offset < range.upperBound {
            let index = offset / fileChunkSize
            let start = offset - index * fileChunkSize
            let length = min(fileChunkSize - start, range.upperBound - offset)
            // substring() counts from 1.
            let piece = try await withStatements { statements in
                try statements.row("""
                    SELECT substring(bytes FROM \(Int32(start + 1)) FOR \(Int32(length))) AS piece FROM file_chunks
                    WHERE file_id = \(id) AND index = \(index)
                    """)?.value("piece", as: Data.self)
            }
            guard let piece, !piece.isEmpty else {
                throw LinkStoreError("file \(id) has no bytes at offset \(offset) (its rows end before the range)")
            }
            try await chunk(piece)
            offset += piece.count
        }
    }

    /// Removes the rows stored under `id`, if any.
    public func delete(id: String) async throws {
        _ = try await withStatements { statements in try statements.run("DELETE FROM file_chunks WHERE file_id = \(id)") }
    }

    private func insertRow(_ fileID: String, _ index: Int, _ bytes: Data) async throws {
        _ = try await withStatements { statements in
            try statements.run("INSERT INTO file_chunks (file_id, index, bytes) VALUES (\(fileID), \(index), \(bytes))")
        }
    }

    private func withStatements<T: Sendable>(_ body: @escaping @Sendable (PostgresStatements) throws -> T) async throws -> T {
        try await pool.withSession { session in try await session.perform(body) }
    }
}

extension PostgresLinkStore {
    /// The file storage in this store's database.
    public func fileStorage() -> PostgresFileStorage {
        PostgresFileStorage(pool: pool)
    }
}
