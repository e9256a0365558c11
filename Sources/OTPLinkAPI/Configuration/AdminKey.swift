import Crypto
import Foundation
import LinkStorage
import LinkVerification

/// The secret an operator sends as `Authorization: Bearer <admin key>` on admin calls.
///
/// Only its SHA-256 digest is kept in memory after loading; ``accepts(_:)`` compares digests in
/// constant time, so neither the key's bytes nor its length leak through timing.
public struct AdminKey: Sendable {
    private let digest: [UInt8]

    /// The shortest key accepted from a file: 128 bits written as 32 hex digits.
    public static let minimumLength = 32

    /// Wraps a key already in memory (tests).
    public init(_ key: String) {
        self.digest = Array(SHA256.hash(data: Data(key.utf8)))
    }

    /// Reads the key from `file` (surrounding whitespace ignored).
    ///
    /// Refuses a file others may read, an empty file and a key shorter than ``minimumLength``.
    public static func load(from file: URL) throws -> AdminKey {
        let bytes = try PrivateFile.read(at: file.path, purpose: "admin key file")
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw ConfigurationError("the admin key file \(file.path) is not UTF-8 text")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.count >= minimumLength else {
            throw ConfigurationError(
                "the admin key in \(file.path) has \(key.count) characters; use at least \(minimumLength) (e.g. `openssl rand -hex 32`)"
            )
        }
        return AdminKey(key)
    }

    /// Reads `<data>/admin.key`, first creating it (mode 0600) with 256 bits from the system CSPRNG, as base64url.
    ///
    /// Returns the key and whether it was created just now.
    public static func loadOrCreate(in folder: DataFolder) throws -> (key: AdminKey, created: Bool) {
        let file = generatedFile(in: folder)
        let path = file.path
        var created = false
        if !FileManager.default.fileExists(atPath: path) {
            let key = Base64URL.encode(SystemRandomSource().bytes(32))
            try PrivateFile.create(at: path, contents: Array((key + "\n").utf8))
            created = true
        }
        return (try load(from: file), created)
    }

    /// `<data>/admin.key`, where a generated key is kept.
    public static func generatedFile(in folder: DataFolder) -> URL {
        folder.url.appendingPathComponent("admin.key")
    }

    /// Whether `candidate` is the key; takes the same time wherever the two differ.
    public func accepts(_ candidate: Substring) -> Bool {
        let other = Array(SHA256.hash(data: Data(candidate.utf8)))
        var difference: UInt8 = 0
        for index in digest.indices {
            difference |= digest[index] ^ other[index]
        }
        return difference == 0
    }
}
