import Foundation
import LinkVerification

/// Where the API keeps its state: SQLite in the data folder (one instance), or PostgreSQL shared by
/// several instances; and which server secret keys its tokens and codes.
public struct StorageSettings: Sendable {
    /// The data folder: the SQLite file and `files/` when ``database`` is nil; the outbox, the admin key
    /// and the generated `secret.key` either way.
    public var dataFolder: DataFolder
    /// The PostgreSQL database every instance shares; nil keeps SQLite in ``dataFolder``.
    public var database: PostgresAddress?
    /// The server secret's file (32 bytes, mode 0600); nil uses (or creates) `<data>/secret.key`.
    /// Several instances on one database must all be given the same one.
    public var secretFile: URL?

    /// Describes the storage; nothing is opened until ``open()``.
    public init(dataFolder: DataFolder, database: PostgresAddress? = nil, secretFile: URL? = nil) {
        self.dataFolder = dataFolder
        self.database = database
        self.secretFile = secretFile
    }

    /// What ``open()`` returns: the store, the files, the secret, and the PostgreSQL store when there is one.
    public struct Opened: Sendable {
        /// The links, challenges, mail queue, audit trail and directory.
        public let store: any LinkStore
        /// The shared files' bytes.
        public let files: any FileStorage
        /// The server secret.
        public let secret: ServerSecret
        /// The PostgreSQL store (for its mail doorbell), nil on SQLite.
        public let postgres: PostgresLinkStore?
    }

    /// Prepares the data folder, reads the secret and opens the store and files (migrating the schema).
    ///
    /// Throws ``LinkStoreError`` naming the file or database at fault (a secret file others may read, a
    /// database newer than this binary or used with another secret), or ``LinkStoreUnavailable`` when the
    /// database cannot be reached.
    public func open() async throws -> Opened {
        try dataFolder.prepare()
        let secret = try secretFile.map { try DataFolder.readSecret(at: $0) } ?? dataFolder.loadOrCreateSecret()
        guard let database else {
            return Opened(store: try dataFolder.openStore(), files: try dataFolder.fileStorage(), secret: secret, postgres: nil)
        }
        let store = try await PostgresLinkStore(address: database, secret: secret)
        return Opened(store: store, files: store.fileStorage(), secret: secret, postgres: store)
    }

    /// Where the state is, for log lines: the database (without its password) or the SQLite file.
    public var location: String {
        database?.description ?? dataFolder.databaseURL.path
    }
}
