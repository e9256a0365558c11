import Foundation

/// A ``LinkStore`` in memory, for fast tests: transactions are serialized and roll back when their body throws.
public final class InMemoryLinkStore: LinkStore, @unchecked Sendable {
    private let lock = NSLock()
    private var state = State()

    /// Creates an empty store.
    public init() {}

    /// Runs `body` with exclusive access; its changes are kept only if it returns.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        try lock.withLock {
            let transaction = Transaction(state)
            let result = try body(transaction)
            state = transaction.state
            return result
        }
    }

    /// Runs `body` against a copy of the state; changes it makes are dropped.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any LinkStoreTransaction) throws -> T) async throws -> T {
        let snapshot = lock.withLock { state }
        return try body(Transaction(snapshot))
    }

    struct State {
        var files: [String: StoredFile] = [:]
        var links: [String: Link] = [:]
        var challenges: [String: Challenge] = [:]
        var codes: [IssuedCode] = []
        var wrongCodes: [(linkID: String, address: EmailAddress, at: Date)] = []
        var grants: [Data: AccessGrant] = [:]
        var directory = Directory.empty
        var events: [AuditEvent] = []
        var lastEventSequence: Int64 = 0
        var mail: [QueuedMail] = []
    }

    final class Transaction: LinkStoreTransaction {
        var state: State
        init(_ state: State) { self.state = state }

        func insertFile(_ file: StoredFile) throws {
            guard state.files[file.id] == nil else { throw LinkStoreError("file \(file.id) already exists") }
            state.files[file.id] = file
        }
        func file(id: String) throws -> StoredFile? { state.files[id] }

        func insertLink(_ link: Link) throws {
            guard state.links[link.id] == nil else { throw LinkStoreError("link \(link.id) already exists") }
            state.links[link.id] = link
        }
        func link(id: String) throws -> Link? { state.links[id] }
        func link(tokenDigest: Data) throws -> Link? { state.links.values.first { $0.tokenDigest == tokenDigest } }
        func links() throws -> [Link] { state.links.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
        func updateLink(_ link: Link) throws {
            guard state.links[link.id] != nil else { throw LinkStoreError("link \(link.id) does not exist") }
            state.links[link.id] = link
        }

        func insertChallenge(_ challenge: Challenge) throws {
            guard state.challenges[challenge.id] == nil else {
                throw LinkStoreError("challenge \(challenge.id) already exists")
            }
            state.challenges[challenge.id] = challenge
        }
        func challenge(id: String) throws -> Challenge? { state.challenges[id] }
        func updateChallenge(_ challenge: Challenge) throws {
            guard state.challenges[challenge.id] != nil else {
                throw LinkStoreError("challenge \(challenge.id) does not exist")
            }
            state.challenges[challenge.id] = challenge
        }
        func insertCode(_ code: IssuedCode) throws { state.codes.append(code) }
        func codes(challengeID: String) throws -> [IssuedCode] { state.codes.filter { $0.challengeID == challengeID } }
        func codeIssueTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date] {
            state.codes.filter { $0.linkID == linkID && $0.address == address && $0.issuedAt > since }
                .map(\.issuedAt).sorted()
        }
        func insertWrongCode(linkID: String, address: EmailAddress, at: Date) throws {
            state.wrongCodes.append((linkID, address, at))
        }
        func wrongCodeTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date] {
            state.wrongCodes.filter { $0.linkID == linkID && $0.address == address && $0.at > since }.map(\.at).sorted()
        }

        func insertGrant(_ grant: AccessGrant) throws { state.grants[grant.tokenDigest] = grant }
        func grant(tokenDigest: Data) throws -> AccessGrant? { state.grants[tokenDigest] }

        func directory() throws -> Directory { state.directory }
        func replaceDirectory(_ directory: Directory) throws { state.directory = directory }

        func appendEvent(_ event: AuditEvent) throws {
            var event = event
            state.lastEventSequence += 1
            event.sequence = state.lastEventSequence
            state.events.append(event)
        }
        func events(linkID: String) throws -> [AuditEvent] { state.events.filter { $0.linkID == linkID } }
        func lastEventTime(linkID: String, address: EmailAddress, kind: AuditEvent.Kind) throws -> Date? {
            state.events.last { $0.linkID == linkID && $0.address == address && $0.kind == kind }?.at
        }

        func enqueueMail(_ mail: QueuedMail) throws { state.mail.append(mail) }
        func dueMail(now: Date, limit: Int) throws -> [QueuedMail] {
            Array(state.mail.filter { $0.failedAt == nil && $0.nextAttemptAt <= now }.prefix(limit))
        }
        func updateMail(_ mail: QueuedMail) throws {
            guard let index = state.mail.firstIndex(where: { $0.id == mail.id }) else {
                throw LinkStoreError("queued mail \(mail.id) does not exist")
            }
            state.mail[index] = mail
        }
        func deleteMail(id: UUID) throws { state.mail.removeAll { $0.id == id } }
        func queuedMail() throws -> [QueuedMail] { state.mail }

        func purge(
            codesIssuedBefore: Date, wrongCodesBefore: Date, grantsExpiredBefore: Date,
            challengesExpiredBefore: Date, failedMailBefore: Date, eventsBefore: Date
        ) throws -> Int {
            let before = state.codes.count + state.wrongCodes.count + state.grants.count + state.challenges.count
                + state.mail.count + state.events.count
            state.grants = state.grants.filter { $0.value.expiresAt >= grantsExpiredBefore }
            state.codes.removeAll { $0.issuedAt < codesIssuedBefore }
            state.wrongCodes.removeAll { $0.at < wrongCodesBefore }
            let named = Set(state.codes.map(\.challengeID)).union(state.grants.values.map(\.challengeID))
            state.challenges = state.challenges.filter { $0.value.expiresAt >= challengesExpiredBefore || named.contains($0.key) }
            state.mail.removeAll { ($0.failedAt ?? .distantFuture) < failedMailBefore }
            state.events.removeAll { $0.at < eventsBefore }
            return before - (state.codes.count + state.wrongCodes.count + state.grants.count + state.challenges.count
                + state.mail.count + state.events.count)
        }
    }
}
