import Foundation
import LinkStorage
import LinkVerification
import PostgresTestSupport

/// The stores the behavioural suite runs against: in memory, SQLite, and a real PostgreSQL server
/// (``ThrowawayPostgres``, one fresh database per harness).
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, sqlite, postgres
    var description: String { rawValue }
}

/// A mail transport that keeps what it is given, and can be told to fail.
final class RecordingDelivery: MailDelivery, @unchecked Sendable {
    private let lock = NSLock()
    private var delivered: [OutgoingMail] = []
    private var failures: [MailDeliveryFailure] = []

    /// The next deliveries fail with these, in order.
    func failNext(_ failures: [MailDeliveryFailure]) { lock.withLock { self.failures += failures } }

    func deliver(_ mail: OutgoingMail) async throws {
        let failure: MailDeliveryFailure? = lock.withLock { failures.isEmpty ? nil : failures.removeFirst() }
        if let failure { throw failure }
        lock.withLock { delivered.append(mail) }
    }

    var mails: [OutgoingMail] { lock.withLock { delivered } }

    /// The codes delivered to `address`, oldest first.
    func codes(to address: String) -> [String] {
        mails.compactMap { mail in
            guard mail.recipient == address, case .code(let code, _) = mail.content else { return nil }
            return code
        }
    }
}

/// Randomness whose 8-byte draws (the code digits) always give 7, and whose other draws count up:
/// every code is `777777`, every id and token is different.
final class SevensRandom: RandomSource, @unchecked Sendable {
    private let lock = NSLock()
    private var counter: UInt64 = 0
    func bytes(_ count: Int) -> [UInt8] {
        if count == 8 { return [0, 0, 0, 0, 0, 0, 0, 7] }
        return lock.withLock {
            counter += 1
            let value = counter
            return (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0 % 8))) ^ UInt8($0) }
        }
    }
}

/// One service over one store, a manual clock and a recording mail transport.
final class Harness: @unchecked Sendable {
    let kind: StoreKind
    let clock = ManualClock()
    let secret: ServerSecret
    let policy: Policy
    let folder: URL
    let store: any LinkStore
    let files: any FileStorage
    let verifier: LinkVerifier
    let delivery = RecordingDelivery()
    /// Where withheld codes go (the dispatcher's withheld sink).
    let withheld = RecordingDelivery()
    let dispatcher: MailDispatcher

    static let siteURL = "https://help.example.com"
    static let directory = Directory(
        domains: ["example.com"],
        lists: [MailingList(address: EmailAddress("team@example.com")!,
                            members: [EmailAddress("ann@example.com")!, EmailAddress("partner@other.org")!])])

    /// A harness over a new store of `kind`; with `database`, a PostgreSQL store on that database (a
    /// second instance beside another harness's).
    init(_ kind: StoreKind, policy: Policy = Policy(), random: any RandomSource = SystemRandomSource(),
         folder: URL? = nil, secret: ServerSecret? = nil, database: PostgresAddress? = nil) async throws {
        self.kind = kind
        self.policy = policy
        self.secret = secret ?? ServerSecret.generate()
        self.folder = folder ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("otplink-domain-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        switch kind {
        case .memory:
            store = InMemoryLinkStore()
            files = InMemoryFileStorage()
        case .sqlite:
            let data = DataFolder(path: self.folder.path)
            try data.prepare()
            store = try data.openStore()
            files = try data.fileStorage()
        case .postgres:
            let address: PostgresAddress
            if let database {
                address = database
            } else {
                address = try await ThrowawayPostgres.newDatabase()
            }
            let postgres = try await PostgresLinkStore(address: address, secret: self.secret, connections: 2)
            store = postgres
            files = postgres.fileStorage()
        }
        verifier = try LinkVerifier(
            store: store, files: files, secret: self.secret, policy: policy, clock: clock, random: random)
        dispatcher = MailDispatcher(
            store: store, delivery: delivery, withheldSink: withheld, secret: self.secret, policy: policy, clock: clock)
    }

    /// The PostgreSQL database (PostgreSQL only).
    var database: PostgresAddress? { (store as? PostgresLinkStore)?.address }

    /// The database file (SQLite only).
    var databaseURL: URL { DataFolder(path: folder.path).databaseURL }

    /// Removes the data folder and closes a PostgreSQL store's connections (its database stays with
    /// the throwaway server).
    func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
        if let postgres = store as? PostgresLinkStore {
            Task { await postgres.close() }
        }
    }

    static let fileBytes = Data("Quarterly report: revenue up 12 %.\n".utf8)

    /// Stores a file and shares it; by default with carol@customer.net and the team list, from an internal sender.
    func share(
        recipients: [String] = ["carol@customer.net", "team@example.com"], sender: String = "boss@example.com",
        notify: Bool = false, expiresAt: Date? = nil
    ) async throws -> CreatedLink {
        try await verifier.loadDirectory(Self.directory)
        let file = try await verifier.storeFile(name: "Report Q3 (연말).pdf", contentType: "application/pdf", bytes: Self.fileBytes)
        return try await verifier.createLink(
            fileID: file.id, recipients: recipients, sender: sender, expiresAt: expiresAt, locale: "en",
            notify: notify, siteURL: Self.siteURL)
    }

    /// Delivers due mail and returns the newest code mailed to `address`, if any.
    func latestCode(to address: String) async throws -> String? {
        try await dispatcher.deliverDue()
        return delivery.codes(to: address).last
    }

    /// Starts a challenge for `address` and returns its id and the mailed code.
    func challenge(_ link: CreatedLink, _ address: String, ip: String = "203.0.113.7") async throws -> (id: String, code: String?) {
        let started = try await verifier.startChallenge(token: link.token, email: address, client: ClientInfo(ipAddress: ip))
        return (started.challengeID, try await latestCode(to: address.trimmingCharacters(in: .whitespaces).lowercased()))
    }

    /// A six-digit code that is not `code`.
    static func wrong(_ code: String?) -> String { code == "000000" ? "111111" : "000000" }
}

/// The domain error `body` throws, or nil when it throws none (another error fails the test by rethrowing).
func domainError(_ body: () async throws -> Void) async throws -> VerificationError? {
    do {
        try await body()
        return nil
    } catch let error as VerificationError {
        return error
    }
}
