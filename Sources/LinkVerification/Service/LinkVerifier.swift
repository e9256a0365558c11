import Foundation

/// The verification service: every public and admin operation of otplink, over a ``LinkStore``.
///
/// Each operation runs as one store transaction. Codes and tokens come from the ``RandomSource``,
/// are handed to the caller (or sealed into queued mail) once, and are stored only as HMACs under
/// the ``ServerSecret``. Mail is only queued here; a ``MailDispatcher`` delivers it. Calls that read
/// (``inspectLink(token:)``, ``openContent(token:accessToken:client:)``) never consume anything.
public struct LinkVerifier: Sendable {
    /// Where records are kept.
    public let store: any LinkStore
    /// Where file bytes are kept.
    public let files: any FileStorage
    /// The key of every digest and seal.
    public let secret: ServerSecret
    /// The policy numbers.
    public let policy: Policy
    /// The time source.
    public let clock: any WallClock
    /// The randomness of codes, tokens and ids.
    public let random: any RandomSource
    /// Told when an operation has queued mail (after its transaction commits); nil tells no one.
    public let mailObserver: (any MailQueueObserver)?

    /// Creates the service; `policy` must pass ``Policy/validate()``.
    public init(
        store: any LinkStore,
        files: any FileStorage,
        secret: ServerSecret,
        policy: Policy = Policy(),
        clock: any WallClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        mailObserver: (any MailQueueObserver)? = nil
    ) throws {
        try policy.validate()
        self.store = store
        self.files = files
        self.secret = secret
        self.policy = policy
        self.clock = clock
        self.random = random
        self.mailObserver = mailObserver
    }

    /// The digest a link token is stored under; a token that cannot be one is `link_not_found` at once.
    func linkTokenDigest(_ token: String) throws -> Data {
        // Any length a policy may set (16...64 bytes): links made under an earlier policy keep working.
        guard Base64URL.isToken(token, bytes: 16...64) else {
            throw VerificationError.linkNotFound
        }
        return secret.tokenDigest(kind: "link", token: token)
    }

    /// Seconds until the oldest event that keeps a window at its `limit` leaves it (at least 1).
    func retryAfter(_ times: [Date], limit: Int, now: Date) -> Int {
        let index = max(0, times.count - limit)
        let freeAt = times[index].addingTimeInterval(policy.rateWindow)
        return max(1, Int(freeAt.timeIntervalSince(now).rounded(.up)))
    }

    /// Seals `mail` for the queue, bound to its id.
    func queued(_ mail: OutgoingMail, linkID: String?, now: Date) throws -> QueuedMail {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let payload = try secret.seal(try encoder.encode(mail), context: mail.id.uuidString)
        return QueuedMail(id: mail.id, linkID: linkID, sealedPayload: payload, createdAt: now, nextAttemptAt: now)
    }
}

extension Result where Failure == VerificationError {
    /// The value, or the domain error thrown after the transaction has committed.
    func unwrap() throws -> Success { try get() }
}
