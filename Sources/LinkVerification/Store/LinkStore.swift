import Foundation

/// Where links, challenges, grants, the mail queue, the audit trail and the directory are kept.
///
/// Every domain operation runs as ONE transaction through ``write(_:)``: the body sees a consistent
/// state, and either all of its changes are kept or none. Writes are serialized, which is what makes
/// "of two simultaneous correct verifies exactly one succeeds", the hourly counters and the link lock
/// correct. Implementations: ``InMemoryLinkStore`` (tests), `SQLiteLinkStore` (LinkStorage).
public protocol LinkStore: Sendable {
    /// Runs `body` in one read-write transaction; if it throws, nothing it changed is kept.
    ///
    /// The body runs synchronously and must not block on anything but the transaction. It acts only
    /// through the transaction: a store may run it again when the transaction it ran in could not be
    /// committed (nothing of the first run is kept then).
    func write<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T

    /// Runs `body` against a consistent snapshot; the body must not change anything.
    func read<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T

    /// Like ``read(_:)``, for a body of ONE indexed query (a link by its token digest): the store may run
    /// it on the calling thread, which is cheaper than handing a microsecond's work to another thread, and
    /// without a transaction around it, since one query is consistent on its own.
    ///
    /// The body must not change anything, must not scan, and must make a single query: two queries may
    /// see different states. It may hold the caller's thread while it runs.
    func lookUp<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T
}

extension LinkStore {
    /// Runs `body` through ``read(_:)``: stores without a cheaper path for short reads.
    public func lookUp<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        try await read(body)
    }
}

/// The records one transaction can read and change. Every method acts inside the enclosing transaction.
public protocol LinkStoreTransaction {
    // MARK: Files

    /// Stores a file's metadata.
    func insertFile(_ file: StoredFile) throws
    /// A file's metadata by id.
    func file(id: String) throws -> StoredFile?

    // MARK: Links

    /// Stores a new link.
    func insertLink(_ link: Link) throws
    /// A link by id.
    func link(id: String) throws -> Link?
    /// A link by the HMAC of its token.
    func link(tokenDigest: Data) throws -> Link?
    /// Every link, oldest first (the admin's list).
    func links() throws -> [Link]
    /// Replaces a stored link (matched by id).
    func updateLink(_ link: Link) throws
    /// Whether the link with this token HMAC opens now, without its recipients (``LinkState``).
    func linkState(tokenDigest: Data) throws -> LinkState?

    // MARK: Challenges and codes

    /// Stores a new challenge.
    func insertChallenge(_ challenge: Challenge) throws
    /// A challenge by id.
    func challenge(id: String) throws -> Challenge?
    /// Replaces a stored challenge (matched by id).
    func updateChallenge(_ challenge: Challenge) throws
    /// Stores an issued code.
    func insertCode(_ code: IssuedCode) throws
    /// The codes issued for a challenge, oldest first.
    func codes(challengeID: String) throws -> [IssuedCode]
    /// When codes were issued for (link, address) since `since`, oldest first (the mail rate limit).
    func codeIssueTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date]
    /// Records a wrong code for (link, address) at `at`.
    func insertWrongCode(linkID: String, address: EmailAddress, at: Date) throws
    /// When wrong codes were entered for (link, address) since `since`, oldest first.
    func wrongCodeTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date]

    // MARK: Access grants

    /// Stores an access grant.
    func insertGrant(_ grant: AccessGrant) throws
    /// A grant by the HMAC of its access token.
    func grant(tokenDigest: Data) throws -> AccessGrant?

    // MARK: Directory

    /// The stored directory (``Directory/empty`` before one is loaded).
    func directory() throws -> Directory
    /// Replaces the stored directory.
    func replaceDirectory(_ directory: Directory) throws

    // MARK: Audit trail

    /// Appends an event; its ``AuditEvent/sequence`` is assigned by the store.
    func appendEvent(_ event: AuditEvent) throws
    /// A link's events in the order they happened.
    func events(linkID: String) throws -> [AuditEvent]
    /// When the newest event of `kind` for (link, address) happened, if there is one.
    func lastEventTime(linkID: String, address: EmailAddress, kind: AuditEvent.Kind) throws -> Date?

    // MARK: Mail queue

    /// Queues a mail.
    func enqueueMail(_ mail: QueuedMail) throws
    /// Pending mails (not failed) whose ``QueuedMail/nextAttemptAt`` is at or before `now`, oldest first, at most `limit`.
    func dueMail(now: Date, limit: Int) throws -> [QueuedMail]
    /// Replaces a queued mail (matched by id).
    func updateMail(_ mail: QueuedMail) throws
    /// Removes a delivered mail from the queue.
    func deleteMail(id: UUID) throws
    /// Every mail still in the queue (pending or failed), oldest first.
    func queuedMail() throws -> [QueuedMail]
    /// How many queued mails are pending and how many failed, without reading the mails.
    func mailCounts() throws -> MailQueueStatus

    // MARK: Retention

    /// Deletes records no rule needs any more and returns how many were deleted: codes issued before
    /// `codesIssuedBefore`, wrong codes entered before `wrongCodesBefore`, grants expired before
    /// `grantsExpiredBefore`, challenges expired before `challengesExpiredBefore` that no code or grant
    /// still names, mail given up before `failedMailBefore`, and events before `eventsBefore`. Links and
    /// files are kept.
    func purge(
        codesIssuedBefore: Date, wrongCodesBefore: Date, grantsExpiredBefore: Date,
        challengesExpiredBefore: Date, failedMailBefore: Date, eventsBefore: Date
    ) throws -> Int
}

extension LinkStoreTransaction {
    /// Counts ``queuedMail()``: stores without a cheaper count.
    public func mailCounts() throws -> MailQueueStatus {
        var status = MailQueueStatus(pending: 0, failed: 0)
        for mail in try queuedMail() {
            if mail.failedAt == nil {
                status.pending += 1
            } else {
                status.failed += 1
            }
        }
        return status
    }

    /// The state of the link ``link(tokenDigest:)`` finds: stores without a narrower query.
    public func linkState(tokenDigest: Data) throws -> LinkState? {
        try link(tokenDigest: tokenDigest)?.state
    }
}

/// A store record that should exist is missing, or a record breaks the store's constraints.
public struct LinkStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the record.
    public var description: String

    /// Creates a store error.
    public init(_ description: String) {
        self.description = description
    }
}

/// The database does not answer now (a lost connection, a restart): nothing was changed that the caller
/// was told about, and the same call may succeed a moment later. The API answers it with 503.
public struct LinkStoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the database (never a password).
    public var description: String

    /// Creates the error.
    public init(_ description: String) {
        self.description = description
    }
}
