import Foundation

/// A security link as stored: the file it opens, who it was shared with, and its state.
///
/// The token itself is never stored, only its HMAC (``tokenDigest``).
public struct Link: Sendable, Equatable, Codable {
    /// The link's identifier, for admins (`DELETE /admin/links/{id}`); not a credential.
    public var id: String
    /// HMAC-SHA256 of the link token (``ServerSecret/tokenDigest(kind:token:)`` with kind `link`).
    public var tokenDigest: Data
    /// The stored file the link opens.
    public var fileID: String
    /// The addresses it was shared with (people or mailing lists).
    public var recipients: [EmailAddress]
    /// Who shared it.
    public var sender: EmailAddress
    /// The locale of its pages and mails (`en`, `ko`).
    public var locale: String
    /// When it was created.
    public var createdAt: Date
    /// When it stops opening.
    public var expiresAt: Date
    /// When an admin revoked it, if so.
    public var revokedAt: Date?
    /// When it was locked by too many consecutive wrong codes, if it is locked.
    public var lockedAt: Date?
    /// Wrong codes in a row on this link (any address); reset by a correct code or an unlock.
    public var consecutiveWrongCodes: Int

    /// Creates a link record.
    public init(
        id: String, tokenDigest: Data, fileID: String, recipients: [EmailAddress], sender: EmailAddress,
        locale: String, createdAt: Date, expiresAt: Date, revokedAt: Date? = nil, lockedAt: Date? = nil,
        consecutiveWrongCodes: Int = 0
    ) {
        self.id = id
        self.tokenDigest = tokenDigest
        self.fileID = fileID
        self.recipients = recipients
        self.sender = sender
        self.locale = locale
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lockedAt = lockedAt
        self.consecutiveWrongCodes = consecutiveWrongCodes
    }

    /// What decides whether the link opens now.
    public var state: LinkState {
        LinkState(id: id, expiresAt: expiresAt, revokedAt: revokedAt, lockedAt: lockedAt)
    }

    /// The error that keeps the link from opening at `now`, or nil when it is active.
    ///
    /// Revoked wins over expired, which wins over locked (``LinkState/unavailability(at:)``).
    public func unavailability(at now: Date) -> VerificationError? {
        state.unavailability(at: now)
    }
}
