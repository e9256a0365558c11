import Foundation

/// The right, won by a correct code, to fetch one link's content until it expires.
///
/// The access token is never stored, only its HMAC (``tokenDigest``).
public struct AccessGrant: Sendable, Equatable, Codable {
    /// HMAC-SHA256 of the access token (kind `access`).
    public var tokenDigest: Data
    /// The link the grant opens, and no other.
    public var linkID: String
    /// The challenge that won it.
    public var challengeID: String
    /// The verified address.
    public var address: EmailAddress
    /// When it was issued.
    public var issuedAt: Date
    /// When it stops opening the link.
    public var expiresAt: Date

    /// Creates a grant record.
    public init(tokenDigest: Data, linkID: String, challengeID: String, address: EmailAddress, issuedAt: Date, expiresAt: Date) {
        self.tokenDigest = tokenDigest
        self.linkID = linkID
        self.challengeID = challengeID
        self.address = address
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}
