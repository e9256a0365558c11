import GRDB

/// The database's versioned migrations; a new version is a new `registerMigration`, never an edit of an old one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: links, challenges, codes, grants, directory, events, mail queue") { db in
            try db.execute(sql: """
                CREATE TABLE files (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    content_type TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE links (
                    id TEXT PRIMARY KEY NOT NULL,
                    token_digest BLOB NOT NULL UNIQUE,
                    file_id TEXT NOT NULL REFERENCES files(id),
                    recipients TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    revoked_at REAL,
                    locked_at REAL,
                    consecutive_wrong_codes INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE challenges (
                    id TEXT PRIMARY KEY NOT NULL,
                    link_id TEXT NOT NULL REFERENCES links(id),
                    address TEXT NOT NULL,
                    may_open INTEGER NOT NULL,
                    created_at REAL NOT NULL,
                    last_code_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    wrong_codes INTEGER NOT NULL DEFAULT 0,
                    locked_at REAL,
                    verified_at REAL,
                    client_ip TEXT
                );
                CREATE TABLE codes (
                    id INTEGER PRIMARY KEY,
                    challenge_id TEXT NOT NULL REFERENCES challenges(id),
                    link_id TEXT NOT NULL REFERENCES links(id),
                    address TEXT NOT NULL,
                    digest BLOB NOT NULL,
                    issued_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                CREATE INDEX codes_by_challenge ON codes(challenge_id);
                CREATE INDEX codes_by_link_address ON codes(link_id, address, issued_at);
                CREATE TABLE wrong_codes (
                    id INTEGER PRIMARY KEY,
                    link_id TEXT NOT NULL REFERENCES links(id),
                    address TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX wrong_codes_by_link_address ON wrong_codes(link_id, address, at);
                CREATE TABLE grants (
                    token_digest BLOB PRIMARY KEY NOT NULL,
                    link_id TEXT NOT NULL REFERENCES links(id),
                    challenge_id TEXT NOT NULL REFERENCES challenges(id),
                    address TEXT NOT NULL,
                    issued_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                CREATE TABLE directory (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    document TEXT NOT NULL
                );
                CREATE TABLE events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    link_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    address TEXT,
                    client_ip TEXT,
                    may_open INTEGER,
                    detail TEXT
                );
                CREATE INDEX events_by_link ON events(link_id, sequence);
                CREATE TABLE mail_queue (
                    id TEXT PRIMARY KEY NOT NULL,
                    link_id TEXT,
                    sealed_payload BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    next_attempt_at REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    failed_at REAL
                );
                CREATE INDEX mail_queue_due ON mail_queue(failed_at, next_attempt_at);
                """)
        }
        migrator.registerMigration("v2: directory revision") { db in
            // A new random value with each replacement, so a decoded directory can be kept per revision.
            try db.execute(sql: "ALTER TABLE directory ADD COLUMN revision TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v3: audit retention and coalesced refusals") { db in
            try db.execute(sql: """
                CREATE INDEX events_by_time ON events(at);
                CREATE INDEX events_by_link_address_kind ON events(link_id, address, kind, sequence);
                """)
        }
        return migrator
    }
}
