import Foundation

/// Every number of the verification policy, each settable.
///
/// The defaults are the table's. Durations are in seconds. ``validate()`` refuses values that would
/// weaken the service below what NIST SP 800-63B asks (for instance codes shorter than 6 digits).
public struct Policy: Sendable, Equatable, Codable {
    /// Digits in a one-time code. Default 6 (about 20 bits, NIST SP 800-63B's minimum).
    public var codeLength: Int
    /// How long a code stays valid after it is issued. Default 600 s (10 minutes).
    public var codeLifetime: TimeInterval
    /// How long after a code is issued a resend is allowed. Default 60 s.
    public var resendCooldown: TimeInterval
    /// Wrong codes one challenge accepts before it is locked. Default 5.
    public var wrongCodesPerChallenge: Int
    /// Wrong codes per (link, address) within ``rateWindow``, across challenges. Default 10.
    public var wrongCodesPerAddressPerWindow: Int
    /// Consecutive wrong codes on one link (any address) that lock the link until an admin unlocks it. Default 100.
    ///
    /// A wrong code compared with several live codes of its challenge (after resends) counts once per
    /// live code, so the link gives at most this many chances of guessing a code before it locks.
    public var consecutiveWrongCodesPerLink: Int
    /// Code mails (challenge starts plus resends) per (link, address) within ``rateWindow``. Default 5.
    public var codeMailsPerAddressPerWindow: Int
    /// The sliding window of the per-(link, address) limits. Default 3600 s (one hour).
    public var rateWindow: TimeInterval
    /// How long an access token opens its link's content. Default 43 200 s (12 hours).
    public var accessTokenLifetime: TimeInterval
    /// Random bytes in a link token. Default 16 (128 bits); at least 16.
    public var linkTokenBytes: Int
    /// Random bytes in an access token. Default 32 (256 bits); at least 32.
    public var accessTokenBytes: Int
    /// A link's lifetime when its creator gives no expiry. Default 604 800 s (7 days).
    public var defaultLinkLifetime: TimeInterval
    /// The longest lifetime a link may be given. Default 7 776 000 s (90 days).
    public var maximumLinkLifetime: TimeInterval
    /// Delivery attempts of one queued mail before it is given up. Default 8.
    public var mailDeliveryAttempts: Int
    /// The first retry delay of a transiently failed mail; doubled after each failure. Default 30 s.
    public var mailRetryBaseDelay: TimeInterval
    /// The longest retry delay of a queued mail. Default 3600 s.
    public var mailRetryMaximumDelay: TimeInterval
    /// How long a mail taken by a dispatcher stays reserved before another dispatcher may take it; the
    /// dispatcher renews it every third of this while handing the mail over. Default 15 s.
    public var mailLease: TimeInterval
    /// How long a given-up mail stays in the queue for inspection before ``LinkVerifier/purgeExpired()`` deletes it. Default 604 800 s (7 days).
    public var failedMailRetention: TimeInterval
    /// How long audit events are kept before ``LinkVerifier/purgeExpired()`` deletes them. Default 34 560 000 s (400 days).
    public var auditRetention: TimeInterval

    /// Creates a policy; every argument has the service's default.
    public init(
        codeLength: Int = 6,
        codeLifetime: TimeInterval = 600,
        resendCooldown: TimeInterval = 60,
        wrongCodesPerChallenge: Int = 5,
        wrongCodesPerAddressPerWindow: Int = 10,
        consecutiveWrongCodesPerLink: Int = 100,
        codeMailsPerAddressPerWindow: Int = 5,
        rateWindow: TimeInterval = 3600,
        accessTokenLifetime: TimeInterval = 12 * 3600,
        linkTokenBytes: Int = 16,
        accessTokenBytes: Int = 32,
        defaultLinkLifetime: TimeInterval = 7 * 86400,
        maximumLinkLifetime: TimeInterval = 90 * 86400,
        mailDeliveryAttempts: Int = 8,
        mailRetryBaseDelay: TimeInterval = 30,
        mailRetryMaximumDelay: TimeInterval = 3600,
        mailLease: TimeInterval = 15,
        failedMailRetention: TimeInterval = 7 * 86400,
        auditRetention: TimeInterval = 400 * 86400
    ) {
        self.auditRetention = auditRetention
        self.codeLength = codeLength
        self.codeLifetime = codeLifetime
        self.resendCooldown = resendCooldown
        self.wrongCodesPerChallenge = wrongCodesPerChallenge
        self.wrongCodesPerAddressPerWindow = wrongCodesPerAddressPerWindow
        self.consecutiveWrongCodesPerLink = consecutiveWrongCodesPerLink
        self.codeMailsPerAddressPerWindow = codeMailsPerAddressPerWindow
        self.rateWindow = rateWindow
        self.accessTokenLifetime = accessTokenLifetime
        self.linkTokenBytes = linkTokenBytes
        self.accessTokenBytes = accessTokenBytes
        self.defaultLinkLifetime = defaultLinkLifetime
        self.maximumLinkLifetime = maximumLinkLifetime
        self.mailDeliveryAttempts = mailDeliveryAttempts
        self.mailRetryBaseDelay = mailRetryBaseDelay
        self.mailRetryMaximumDelay = mailRetryMaximumDelay
        self.mailLease = mailLease
        self.failedMailRetention = failedMailRetention
    }

    /// Checks that every number is usable and no weaker than NIST SP 800-63B allows.
    ///
    /// Throws ``VerificationError/invalidRequest(field:reason:)`` naming the first bad setting.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ reason: String) throws {
            if !ok { throw VerificationError.invalidRequest(field: "policy.\(field)", reason: reason) }
        }
        try check((6...12).contains(codeLength), "codeLength", "must be between 6 and 12 digits")
        try check(codeLifetime > 0, "codeLifetime", "must be positive")
        try check(resendCooldown >= 0, "resendCooldown", "must not be negative")
        try check(wrongCodesPerChallenge >= 1, "wrongCodesPerChallenge", "must be at least 1")
        try check(wrongCodesPerAddressPerWindow >= 1, "wrongCodesPerAddressPerWindow", "must be at least 1")
        try check(consecutiveWrongCodesPerLink >= 1, "consecutiveWrongCodesPerLink", "must be at least 1")
        try check(codeMailsPerAddressPerWindow >= 1, "codeMailsPerAddressPerWindow", "must be at least 1")
        try check(rateWindow > 0, "rateWindow", "must be positive")
        try check(accessTokenLifetime > 0, "accessTokenLifetime", "must be positive")
        try check(linkTokenBytes >= 16 && linkTokenBytes <= 64, "linkTokenBytes", "must be between 16 and 64")
        try check(accessTokenBytes >= 32 && accessTokenBytes <= 64, "accessTokenBytes", "must be between 32 and 64")
        try check(defaultLinkLifetime > 0, "defaultLinkLifetime", "must be positive")
        try check(maximumLinkLifetime >= defaultLinkLifetime, "maximumLinkLifetime", "must be at least defaultLinkLifetime")
        try check(mailDeliveryAttempts >= 1, "mailDeliveryAttempts", "must be at least 1")
        try check(mailRetryBaseDelay > 0, "mailRetryBaseDelay", "must be positive")
        try check(mailRetryMaximumDelay >= mailRetryBaseDelay, "mailRetryMaximumDelay", "must be at least mailRetryBaseDelay")
        try check(mailLease > 0, "mailLease", "must be positive")
        try check(failedMailRetention >= 0, "failedMailRetention", "must not be negative")
        try check(auditRetention >= rateWindow, "auditRetention", "must be at least rateWindow")
    }
}

extension Policy {
    /// The name of every number, as a policy file spells it (`codeLength`, `codeLifetime`, ...), in declaration order.
    public static let settingNames: [String] = CodingKeys.allCases.map(\.rawValue)

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case codeLength, codeLifetime, resendCooldown, wrongCodesPerChallenge, wrongCodesPerAddressPerWindow,
             consecutiveWrongCodesPerLink, codeMailsPerAddressPerWindow, rateWindow, accessTokenLifetime,
             linkTokenBytes, accessTokenBytes, defaultLinkLifetime, maximumLinkLifetime, mailDeliveryAttempts,
             mailRetryBaseDelay, mailRetryMaximumDelay, mailLease, failedMailRetention, auditRetention
    }

    /// Decodes a policy in which every key is optional: a missing number keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Policy()
        self.init(
            codeLength: try c.decodeIfPresent(Int.self, forKey: .codeLength) ?? d.codeLength,
            codeLifetime: try c.decodeIfPresent(TimeInterval.self, forKey: .codeLifetime) ?? d.codeLifetime,
            resendCooldown: try c.decodeIfPresent(TimeInterval.self, forKey: .resendCooldown) ?? d.resendCooldown,
            wrongCodesPerChallenge: try c.decodeIfPresent(Int.self, forKey: .wrongCodesPerChallenge) ?? d.wrongCodesPerChallenge,
            wrongCodesPerAddressPerWindow: try c.decodeIfPresent(Int.self, forKey: .wrongCodesPerAddressPerWindow)
                ?? d.wrongCodesPerAddressPerWindow,
            consecutiveWrongCodesPerLink: try c.decodeIfPresent(Int.self, forKey: .consecutiveWrongCodesPerLink)
                ?? d.consecutiveWrongCodesPerLink,
            codeMailsPerAddressPerWindow: try c.decodeIfPresent(Int.self, forKey: .codeMailsPerAddressPerWindow)
                ?? d.codeMailsPerAddressPerWindow,
            rateWindow: try c.decodeIfPresent(TimeInterval.self, forKey: .rateWindow) ?? d.rateWindow,
            accessTokenLifetime: try c.decodeIfPresent(TimeInterval.self, forKey: .accessTokenLifetime) ?? d.accessTokenLifetime,
            linkTokenBytes: try c.decodeIfPresent(Int.self, forKey: .linkTokenBytes) ?? d.linkTokenBytes,
            accessTokenBytes: try c.decodeIfPresent(Int.self, forKey: .accessTokenBytes) ?? d.accessTokenBytes,
            defaultLinkLifetime: try c.decodeIfPresent(TimeInterval.self, forKey: .defaultLinkLifetime) ?? d.defaultLinkLifetime,
            maximumLinkLifetime: try c.decodeIfPresent(TimeInterval.self, forKey: .maximumLinkLifetime) ?? d.maximumLinkLifetime,
            mailDeliveryAttempts: try c.decodeIfPresent(Int.self, forKey: .mailDeliveryAttempts) ?? d.mailDeliveryAttempts,
            mailRetryBaseDelay: try c.decodeIfPresent(TimeInterval.self, forKey: .mailRetryBaseDelay) ?? d.mailRetryBaseDelay,
            mailRetryMaximumDelay: try c.decodeIfPresent(TimeInterval.self, forKey: .mailRetryMaximumDelay)
                ?? d.mailRetryMaximumDelay,
            mailLease: try c.decodeIfPresent(TimeInterval.self, forKey: .mailLease) ?? d.mailLease,
            failedMailRetention: try c.decodeIfPresent(TimeInterval.self, forKey: .failedMailRetention) ?? d.failedMailRetention,
            auditRetention: try c.decodeIfPresent(TimeInterval.self, forKey: .auditRetention) ?? d.auditRetention)
    }
}
