import Foundation

/// One attempt of one address to open one link: the codes mailed to it and the wrong codes entered.
///
/// A challenge exists whether or not the address may open the link (``mayOpen``), so the public
/// answer cannot tell the two apart; a challenge whose address may not open the link accepts no code.
public struct Challenge: Sendable, Equatable, Codable {
    /// The challenge's identifier (URL-safe, 128 random bits); alone it opens nothing.
    public var id: String
    /// The link it is for.
    public var linkID: String
    /// The address entered, canonical.
    public var address: EmailAddress
    /// Whether ``AccessRule`` let the address open the link when the challenge started.
    public var mayOpen: Bool
    /// When it started.
    public var createdAt: Date
    /// When its newest code was issued (the start of the resend cooldown).
    public var lastCodeAt: Date
    /// When its newest code expires; after that the challenge accepts nothing.
    public var expiresAt: Date
    /// Wrong codes entered so far.
    public var wrongCodes: Int
    /// When it was locked by too many wrong codes.
    public var lockedAt: Date?
    /// When a correct code consumed it; a consumed challenge accepts nothing more.
    public var verifiedAt: Date?
    /// The client IP that started it, if known.
    public var clientIP: String?

    /// Creates a challenge record.
    public init(
        id: String, linkID: String, address: EmailAddress, mayOpen: Bool, createdAt: Date, lastCodeAt: Date,
        expiresAt: Date, wrongCodes: Int = 0, lockedAt: Date? = nil, verifiedAt: Date? = nil, clientIP: String? = nil
    ) {
        self.id = id
        self.linkID = linkID
        self.address = address
        self.mayOpen = mayOpen
        self.createdAt = createdAt
        self.lastCodeAt = lastCodeAt
        self.expiresAt = expiresAt
        self.wrongCodes = wrongCodes
        self.lockedAt = lockedAt
        self.verifiedAt = verifiedAt
        self.clientIP = clientIP
    }
}

/// One code issued for a challenge, stored as its HMAC only.
public struct IssuedCode: Sendable, Equatable, Codable {
    /// The challenge it belongs to.
    public var challengeID: String
    /// The link of that challenge (for the per-(link, address) mail count).
    public var linkID: String
    /// The challenge's address.
    public var address: EmailAddress
    /// HMAC-SHA256 of the code bound to the challenge (``ServerSecret/codeDigest(challengeID:code:)``).
    public var digest: Data
    /// When it was issued.
    public var issuedAt: Date
    /// When it stops being accepted.
    public var expiresAt: Date

    /// Creates an issued-code record.
    public init(challengeID: String, linkID: String, address: EmailAddress, digest: Data, issuedAt: Date, expiresAt: Date) {
        self.challengeID = challengeID
        self.linkID = linkID
        self.address = address
        self.digest = digest
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}
