import Foundation

/// The part of a ``Link`` that decides whether it opens now: what `GET /links/{token}` reads.
///
/// Stores can read it without decoding the link's recipients and sender
/// (``LinkStoreTransaction/linkState(tokenDigest:)``).
public struct LinkState: Sendable, Equatable {
    /// The link's identifier.
    public var id: String
    /// When it stops opening.
    public var expiresAt: Date
    /// When an admin revoked it, if so.
    public var revokedAt: Date?
    /// When it was locked by too many consecutive wrong codes, if it is locked.
    public var lockedAt: Date?

    /// Creates a link state.
    public init(id: String, expiresAt: Date, revokedAt: Date? = nil, lockedAt: Date? = nil) {
        self.id = id
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lockedAt = lockedAt
    }

    /// The error that keeps the link from opening at `now`, or nil when it is active.
    ///
    /// Revoked wins over expired, which wins over locked.
    public func unavailability(at now: Date) -> VerificationError? {
        if revokedAt != nil { return .linkRevoked }
        if now >= expiresAt { return .linkExpired }
        if lockedAt != nil { return .linkLocked }
        return nil
    }
}
