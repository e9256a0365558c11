import Foundation
import LinkVerification
import PostgresNIO

/// The PostgreSQL database's versioned migrations and the checks made before an instance uses it.
///
/// Instances starting together take a session advisory lock before migrating, so exactly one applies a
/// migration and the others then see it applied. A database whose version is newer than this binary's
/// is refused (an older binary would write rows a newer schema does not expect). The database also keeps
/// a fingerprint of the server secret (an HMAC under the secret, never the secret), and an instance
/// started with another secret is refused: its tokens and codes would never match the stored ones.
/// A new version is a new entry in ``migrations``, never an edit of an old one.
enum PostgresSchema {
    /// One version of the schema: statements applied together in one transaction.
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [PostgresQuery]
    }

    /// The advisory lock class of otplink's locks ("otpl"); the second key names the lock.
    static let lockClass: Int32 = 0x6f74_706c
    /// Held while migrating.
    static let migrationLock: Int32 = 1
    /// Held by every write transaction until it ends: writes are serialized across instances.
    static let writeLock: Int32 = 2

    static let migrations: [Migration] = [
        Migration(version: 1, name: "links, challenges, codes, grants, directory, events, mail queue, files", statements: [
            """
            CREATE TABLE otplink_settings (name text PRIMARY KEY, value bytea NOT NULL)
            """,
            """
            CREATE TABLE files (
                id text PRIMARY KEY, name text NOT NULL, size bigint NOT NULL, content_type text NOT NULL,
                sha256 text NOT NULL, created_at double precision NOT NULL)
            """,
            """
            CREATE TABLE file_chunks (
                file_id text NOT NULL, index bigint NOT NULL, bytes bytea NOT NULL, PRIMARY KEY (file_id, index))
            """,
            """
            CREATE TABLE links (
                id text PRIMARY KEY, token_digest bytea NOT NULL UNIQUE, file_id text NOT NULL REFERENCES files(id),
                recipients text NOT NULL, sender text NOT NULL, locale text NOT NULL,
                created_at double precision NOT NULL, expires_at double precision NOT NULL,
                revoked_at double precision, locked_at double precision,
                consecutive_wrong_codes bigint NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE challenges (
                id text PRIMARY KEY, link_id text NOT NULL REFERENCES links(id), address text NOT NULL,
                may_open boolean NOT NULL, created_at double precision NOT NULL,
                last_code_at double precision NOT NULL, expires_at double precision NOT NULL,
                wrong_codes bigint NOT NULL DEFAULT 0, locked_at double precision, verified_at double precision,
                client_ip text)
            """,
            """
            CREATE TABLE codes (
                id bigserial PRIMARY KEY, challenge_id text NOT NULL REFERENCES challenges(id),
                link_id text NOT NULL REFERENCES links(id), address text NOT NULL, digest bytea NOT NULL,
                issued_at double precision NOT NULL, expires_at double precision NOT NULL)
            """,
            "CREATE INDEX codes_by_challenge ON codes (challenge_id)",
            "CREATE INDEX codes_by_link_address ON codes (link_id, address, issued_at)",
            """
            CREATE TABLE wrong_codes (
                id bigserial PRIMARY KEY, link_id text NOT NULL REFERENCES links(id), address text NOT NULL,
                at double precision NOT NULL)
            """,
            "CREATE INDEX wrong_codes_by_link_address ON wrong_codes (link_id, address, at)",
            """
            CREATE TABLE grants (
                token_digest bytea PRIMARY KEY, link_id text NOT NULL REFERENCES links(id),
                challenge_id text NOT NULL REFERENCES challenges(id), address text NOT NULL,
                issued_at double precision NOT NULL, expires_at double precision NOT NULL)
            """,
            """
            CREATE TABLE directory (
                id bigint PRIMARY KEY CHECK (id = 1), document text NOT NULL, revision text NOT NULL)
            """,
            """
            CREATE TABLE events (
                sequence bigserial PRIMARY KEY, at double precision NOT NULL, link_id text NOT NULL,
                kind text NOT NULL, address text, client_ip text, may_open boolean, detail text)
            """,
            "CREATE INDEX events_by_link ON events (link_id, sequence)",
            "CREATE INDEX events_by_time ON events (at)",
            "CREATE INDEX events_by_link_address_kind ON events (link_id, address, kind, sequence)",
            """
            CREATE TABLE mail_queue (
                position bigserial UNIQUE, id text PRIMARY KEY, link_id text, sealed_payload bytea NOT NULL,
                created_at double precision NOT NULL, next_attempt_at double precision NOT NULL,
                attempts bigint NOT NULL DEFAULT 0, last_error text, failed_at double precision)
            """,
            "CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE failed_at IS NULL",
        ]),
        Migration(version: 2, name: "per-client rate limits shared by every instance", statements: [
            """
            CREATE UNLOGGED TABLE client_rate_buckets (
                client text PRIMARY KEY, tokens double precision NOT NULL, updated_at double precision NOT NULL,
                allowed boolean NOT NULL)
            """,
            "CREATE INDEX client_rate_buckets_by_age ON client_rate_buckets (updated_at)",
        ]),
    ]

    /// The newest version this binary knows.
    static var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// Applies the missing migrations under the migration lock; refuses a database newer than this binary.
    static func migrate(_ statements: PostgresStatements, database: String) throws {
        try statements.rows("SELECT pg_advisory_lock(\(lockClass), \(migrationLock))")
        defer { _ = try? statements.rows("SELECT pg_advisory_unlock(\(lockClass), \(migrationLock))") }
        try statements.run("""
            CREATE TABLE IF NOT EXISTS otplink_schema (
                version bigint PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        let applied = try statements.row("SELECT COALESCE(MAX(version), 0) AS version FROM otplink_schema")?
            .value("version", as: Int.self) ?? 0
        guard applied <= latestVersion else {
            throw LinkStoreError(
                "the database \(database) has schema version \(applied), newer than this otplink-api knows (\(latestVersion)): run the newer otplink-api that migrated it")
        }
        for migration in migrations where migration.version > applied {
            try statements.transaction(begin: "BEGIN") {
                for statement in migration.statements { try statements.run(statement) }
                try statements.run("INSERT INTO otplink_schema (version, name) VALUES (\(migration.version), \(migration.name))")
            }
        }
    }

    /// Stores the secret's fingerprint on first use; refuses a secret other than the stored one's.
    static func checkSecret(_ secret: ServerSecret, _ statements: PostgresStatements, database: String) throws {
        let fingerprint = secret.tokenDigest(kind: "database-fingerprint", token: "otplink")
        let stored = try statements.transaction(begin: "BEGIN") { () -> Data? in
            try statements.run("""
                INSERT INTO otplink_settings (name, value) VALUES ('secret_fingerprint', \(fingerprint))
                ON CONFLICT (name) DO NOTHING
                """)
            return try statements.row("SELECT value FROM otplink_settings WHERE name = 'secret_fingerprint'")?
                .value("value", as: Data.self)
        }
        guard let stored, constantTimeEquals(stored, fingerprint) else {
            throw LinkStoreError(
                "the database \(database) is used with another server secret: every instance and admin command must be given the same --secret-file (OTPLINK_SECRET_FILE) as the instance that first used this database")
        }
    }
}

extension PostgresRandomAccessRow {
    /// The value of column `name`; a column that cannot be read as `T` is a ``LinkStoreError`` naming it.
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        do {
            return try self[name].decode(T.self)
        } catch {
            throw LinkStoreError("the column \(name) does not hold a \(T.self): \(error)")
        }
    }

    /// A time column (seconds since 1970).
    func date(_ name: String) throws -> Date {
        Date(timeIntervalSince1970: try value(name, as: Double.self))
    }

    /// A nullable time column.
    func optionalDate(_ name: String) throws -> Date? {
        try value(name, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }

    /// An address column.
    func address(_ name: String) throws -> EmailAddress {
        let text = try value(name, as: String.self)
        guard let address = EmailAddress(text) else { throw LinkStoreError("the column \(name) holds a malformed address") }
        return address
    }
}
