import Foundation

/// A shared file's metadata; its bytes are in a ``FileStorage`` under ``id``.
public struct StoredFile: Sendable, Equatable, Codable {
    /// The file's identifier (URL-safe random text, never derived from the name).
    public var id: String
    /// The name shown to the recipient and used in `Content-Disposition` (may hold any Unicode).
    public var name: String
    /// The size in bytes.
    public var size: Int
    /// The media type (`application/pdf`).
    public var contentType: String
    /// The SHA-256 of the bytes, lowercase hex.
    public var sha256: String
    /// When it was stored.
    public var createdAt: Date

    /// Creates a file record.
    public init(id: String, name: String, size: Int, contentType: String, sha256: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.size = size
        self.contentType = contentType
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}
