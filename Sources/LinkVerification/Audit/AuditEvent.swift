import Foundation

/// One entry of a link's audit trail: what happened, when, for which address, from which IP.
///
/// Never holds a code or a token.
public struct AuditEvent: Sendable, Equatable, Codable {
    /// What happened.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// An admin created the link.
        case linkCreated = "link_created"
        /// A notification mail to a recipient was queued.
        case notificationQueued = "notification_queued"
        /// An address started a challenge; ``AuditEvent/mayOpen`` tells whether it may open the link.
        case challengeStarted = "challenge_started"
        /// A code mail was queued for an address that may open the link.
        case codeQueued = "code_queued"
        /// A code for an address that may not open the link was withheld (no mail goes out).
        case codeWithheld = "code_withheld"
        /// A queued mail (code or notification) was handed to the mail transport.
        case mailSent = "mail_sent"
        /// A withheld code mail went through the withheld sink (nothing was sent). Recorded as
        /// `mail_sent` is, row for row, so the worker's store writes do not tell the two apart.
        case mailWithheld = "mail_withheld"
        /// A mail could not be delivered and was given up.
        case mailFailed = "mail_failed"
        /// Too many code mails or wrong codes for the (link, address): refused.
        case rateLimited = "rate_limited"
        /// A wrong code was entered.
        case wrongCode = "wrong_code"
        /// A challenge was locked by too many wrong codes.
        case challengeLocked = "challenge_locked"
        /// The link was locked by too many consecutive wrong codes.
        case linkLocked = "link_locked"
        /// A correct code was entered and an access token issued.
        case verified = "verified"
        /// The content was fetched with an access token.
        case contentFetched = "content_fetched"
        /// An admin revoked the link.
        case linkRevoked = "link_revoked"
        /// An admin unlocked the link.
        case linkUnlocked = "link_unlocked"
    }

    /// The position in the store's log (assigned by the store; 0 before it is stored).
    public var sequence: Int64
    /// When it happened.
    public var at: Date
    /// The link it concerns.
    public var linkID: String
    /// What happened.
    public var kind: Kind
    /// The address concerned, if any.
    public var address: EmailAddress?
    /// The client IP, if known.
    public var clientIP: String?
    /// For `challenge_started`: whether the address may open the link.
    public var mayOpen: Bool?
    /// A short free text (a mail failure's reason, the challenge id); never a code or token.
    public var detail: String?

    /// Creates an event.
    public init(
        sequence: Int64 = 0, at: Date, linkID: String, kind: Kind, address: EmailAddress? = nil,
        clientIP: String? = nil, mayOpen: Bool? = nil, detail: String? = nil
    ) {
        self.sequence = sequence
        self.at = at
        self.linkID = linkID
        self.kind = kind
        self.address = address
        self.clientIP = clientIP
        self.mayOpen = mayOpen
        self.detail = detail
    }
}
