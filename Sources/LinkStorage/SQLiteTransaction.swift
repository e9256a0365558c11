import Foundation
import GRDB
import LinkVerification

/// ``LinkStoreTransaction`` on an open GRDB connection, inside the transaction GRDB opened for it.
struct SQLiteTransaction: LinkStoreTransaction {
    let db: Database
    /// The store's decoded directory, shared by its transactions.
    let directories: DirectoryCache

    init(_ db: Database, directories: DirectoryCache) {
        self.db = db
        self.directories = directories
    }

    // MARK: Files

    func insertFile(_ file: StoredFile) throws {
        try run(
            "INSERT INTO files (id, name, size, content_type, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [file.id, file.name, file.size, file.contentType, file.sha256, file.createdAt.seconds])
    }

    func file(id: String) throws -> StoredFile? {
        try fetchRow("SELECT * FROM files WHERE id = ?", arguments: [id]).map { row in
            StoredFile(
                id: row["id"], name: row["name"], size: row["size"], contentType: row["content_type"],
                sha256: row["sha256"], createdAt: try row.date("created_at"))
        }
    }

    // MARK: Links

    func insertLink(_ link: Link) throws {
        try run(
            """
                INSERT INTO links (id, token_digest, file_id, recipients, sender, locale, created_at, expires_at,
                                   revoked_at, locked_at, consecutive_wrong_codes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                link.id, link.tokenDigest, link.fileID, try encodeAddresses(link.recipients), link.sender.value,
                link.locale, link.createdAt.seconds, link.expiresAt.seconds, link.revokedAt?.seconds,
                link.lockedAt?.seconds, link.consecutiveWrongCodes,
            ])
    }

    func link(id: String) throws -> Link? {
        try fetchRow("SELECT * FROM links WHERE id = ?", arguments: [id]).map(decodeLink)
    }

    func link(tokenDigest: Data) throws -> Link? {
        try fetchRow("SELECT * FROM links WHERE token_digest = ?", arguments: [tokenDigest]).map(decodeLink)
    }

    func links() throws -> [Link] {
        try fetchRows("SELECT * FROM links ORDER BY created_at, id").map(decodeLink)
    }

    func linkState(tokenDigest: Data) throws -> LinkState? {
        try fetchRow(
            "SELECT id, expires_at, revoked_at, locked_at FROM links WHERE token_digest = ?", arguments: [tokenDigest]
        ).map { row in
            LinkState(
                id: row["id"], expiresAt: try row.date("expires_at"), revokedAt: row.optionalDate("revoked_at"),
                lockedAt: row.optionalDate("locked_at"))
        }
    }

    func updateLink(_ link: Link) throws {
        try run(
            """
                UPDATE links SET token_digest = ?, file_id = ?, recipients = ?, sender = ?, locale = ?, created_at = ?,
                    expires_at = ?, revoked_at = ?, locked_at = ?, consecutive_wrong_codes = ?
                WHERE id = ?
                """,
            arguments: [
                link.tokenDigest, link.fileID, try encodeAddresses(link.recipients), link.sender.value, link.locale,
                link.createdAt.seconds, link.expiresAt.seconds, link.revokedAt?.seconds, link.lockedAt?.seconds,
                link.consecutiveWrongCodes, link.id,
            ])
        guard db.changesCount == 1 else { throw LinkStoreError("link \(link.id) does not exist") }
    }

    private func decodeLink(_ row: Row) throws -> Link {
        let id: String = row["id"]
        guard let sender = EmailAddress(row["sender"] as String) else {
            throw LinkStoreError("link \(id) has a malformed sender")
        }
        return Link(
            id: id, tokenDigest: row["token_digest"], fileID: row["file_id"],
            recipients: try decodeAddresses(row["recipients"], record: "link \(id)"), sender: sender,
            locale: row["locale"], createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"),
            revokedAt: row.optionalDate("revoked_at"), lockedAt: row.optionalDate("locked_at"),
            consecutiveWrongCodes: row["consecutive_wrong_codes"])
    }

    // MARK: Challenges and codes

    func insertChallenge(_ challenge: Challenge) throws {
        try run(
            """
                INSERT INTO challenges (id, link_id, address, may_open, created_at, last_code_at, expires_at,
                                        wrong_codes, locked_at, verified_at, client_ip)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                challenge.id, challenge.linkID, challenge.address.value, challenge.mayOpen,
                challenge.createdAt.seconds, challenge.lastCodeAt.seconds, challenge.expiresAt.seconds,
                challenge.wrongCodes, challenge.lockedAt?.seconds, challenge.verifiedAt?.seconds, challenge.clientIP,
            ])
    }

    func challenge(id: String) throws -> Challenge? {
        try fetchRow("SELECT * FROM challenges WHERE id = ?", arguments: [id]).map { row in
            Challenge(
                id: row["id"], linkID: row["link_id"], address: try row.address("address"), mayOpen: row["may_open"],
                createdAt: try row.date("created_at"), lastCodeAt: try row.date("last_code_at"),
                expiresAt: try row.date("expires_at"), wrongCodes: row["wrong_codes"],
                lockedAt: row.optionalDate("locked_at"), verifiedAt: row.optionalDate("verified_at"),
                clientIP: row["client_ip"])
        }
    }

    func updateChallenge(_ challenge: Challenge) throws {
        try run(
            """
                UPDATE challenges SET link_id = ?, address = ?, may_open = ?, created_at = ?, last_code_at = ?,
                    expires_at = ?, wrong_codes = ?, locked_at = ?, verified_at = ?, client_ip = ?
                WHERE id = ?
                """,
            arguments: [
                challenge.linkID, challenge.address.value, challenge.mayOpen, challenge.createdAt.seconds,
                challenge.lastCodeAt.seconds, challenge.expiresAt.seconds, challenge.wrongCodes,
                challenge.lockedAt?.seconds, challenge.verifiedAt?.seconds, challenge.clientIP, challenge.id,
            ])
        guard db.changesCount == 1 else { throw LinkStoreError("challenge \(challenge.id) does not exist") }
    }

    func insertCode(_ code: IssuedCode) throws {
        try run(
            """
                INSERT INTO codes (challenge_id, link_id, address, digest, issued_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                code.challengeID, code.linkID, code.address.value, code.digest, code.issuedAt.seconds,
                code.expiresAt.seconds,
            ])
    }

    func codes(challengeID: String) throws -> [IssuedCode] {
        try fetchRows("SELECT * FROM codes WHERE challenge_id = ? ORDER BY id", arguments: [challengeID])
            .map { row in
                IssuedCode(
                    challengeID: row["challenge_id"], linkID: row["link_id"], address: try row.address("address"),
                    digest: row["digest"], issuedAt: try row.date("issued_at"), expiresAt: try row.date("expires_at"))
            }
    }

    func codeIssueTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date] {
        try fetchTimes(
            "SELECT issued_at FROM codes WHERE link_id = ? AND address = ? AND issued_at > ? ORDER BY issued_at",
            arguments: [linkID, address.value, since.seconds])
    }

    func insertWrongCode(linkID: String, address: EmailAddress, at: Date) throws {
        try run(
            "INSERT INTO wrong_codes (link_id, address, at) VALUES (?, ?, ?)",
            arguments: [linkID, address.value, at.seconds])
    }

    func wrongCodeTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date] {
        try fetchTimes(
            "SELECT at FROM wrong_codes WHERE link_id = ? AND address = ? AND at > ? ORDER BY at",
            arguments: [linkID, address.value, since.seconds])
    }

    // MARK: Access grants

    func insertGrant(_ grant: AccessGrant) throws {
        try run(
            """
                INSERT INTO grants (token_digest, link_id, challenge_id, address, issued_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                grant.tokenDigest, grant.linkID, grant.challengeID, grant.address.value, grant.issuedAt.seconds,
                grant.expiresAt.seconds,
            ])
    }

    func grant(tokenDigest: Data) throws -> AccessGrant? {
        try fetchRow("SELECT * FROM grants WHERE token_digest = ?", arguments: [tokenDigest]).map { row in
            AccessGrant(
                tokenDigest: row["token_digest"], linkID: row["link_id"], challengeID: row["challenge_id"],
                address: try row.address("address"), issuedAt: try row.date("issued_at"),
                expiresAt: try row.date("expires_at"))
        }
    }

    // MARK: Directory

    /// The stored directory, decoded once per revision (``DirectoryCache``).
    func directory() throws -> Directory {
        guard let revision = try String.fetchOne(db.cachedStatement(sql: "SELECT revision FROM directory WHERE id = 1")) else {
            return .empty
        }
        if let kept = directories.directory(revision: revision) {
            return kept
        }
        let document = try String.fetchOne(db.cachedStatement(sql: "SELECT document FROM directory WHERE id = 1")) ?? ""
        let directory: Directory
        do {
            directory = try JSONDecoder().decode(Directory.self, from: Data(document.utf8))
        } catch {
            throw LinkStoreError("the stored directory cannot be decoded: \(error)")
        }
        directories.keep(directory, revision: revision)
        return directory
    }

    /// Stores `directory` under a new random revision.
    func replaceDirectory(_ directory: Directory) throws {
        let document = String(decoding: try JSONEncoder().encode(directory), as: UTF8.self)
        try run(
            """
                INSERT INTO directory (id, document, revision) VALUES (1, ?, ?)
                ON CONFLICT(id) DO UPDATE SET document = excluded.document, revision = excluded.revision
                """,
            arguments: [document, UUID().uuidString])
    }

    // MARK: Audit trail

    func appendEvent(_ event: AuditEvent) throws {
        try run(
            """
                INSERT INTO events (at, link_id, kind, address, client_ip, may_open, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                event.at.seconds, event.linkID, event.kind.rawValue, event.address?.value, event.clientIP,
                event.mayOpen, event.detail,
            ])
    }

    func lastEventTime(linkID: String, address: EmailAddress, kind: AuditEvent.Kind) throws -> Date? {
        try fetchRow(
            "SELECT at FROM events WHERE link_id = ? AND address = ? AND kind = ? ORDER BY sequence DESC LIMIT 1",
            arguments: [linkID, address.value, kind.rawValue]
        ).map { try $0.date("at") }
    }

    func events(linkID: String) throws -> [AuditEvent] {
        try fetchRows("SELECT * FROM events WHERE link_id = ? ORDER BY sequence", arguments: [linkID])
            .map { row in
                let kindName: String = row["kind"]
                guard let kind = AuditEvent.Kind(rawValue: kindName) else {
                    throw LinkStoreError("event \(row["sequence"] as Int64) has the unknown kind '\(kindName)'")
                }
                return AuditEvent(
                    sequence: row["sequence"], at: try row.date("at"), linkID: row["link_id"], kind: kind,
                    address: (row["address"] as String?).flatMap(EmailAddress.init), clientIP: row["client_ip"],
                    mayOpen: row["may_open"], detail: row["detail"])
            }
    }

    // MARK: Statements

    // Every statement goes through the connection's statement cache: it is prepared (parsed, planned and
    // checked by GRDB's authorizer) once per connection, then only bound and stepped. GRDB empties the
    // cache when the schema changes.

    /// Runs an INSERT, UPDATE or DELETE.
    func run(_ sql: String, arguments: StatementArguments = []) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// The first row `sql` selects, copied out of the statement.
    func fetchRow(_ sql: String, arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// Every row `sql` selects.
    func fetchRows(_ sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// The times (seconds since 1970) in the first column of the rows `sql` selects.
    func fetchTimes(_ sql: String, arguments: StatementArguments) throws -> [Date] {
        try Double.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Date.init(timeIntervalSince1970:))
    }

    // MARK: Addresses as JSON

    private func encodeAddresses(_ addresses: [EmailAddress]) throws -> String {
        String(decoding: try JSONEncoder().encode(addresses), as: UTF8.self)
    }

    private func decodeAddresses(_ text: String, record: String) throws -> [EmailAddress] {
        do {
            return try JSONDecoder().decode([EmailAddress].self, from: Data(text.utf8))
        } catch {
            throw LinkStoreError("\(record) has malformed recipients: \(error)")
        }
    }
}

extension Date {
    /// Seconds since 1970, the unit of every time column.
    var seconds: Double { timeIntervalSince1970 }
}

extension Row {
    func date(_ column: String) throws -> Date {
        guard let seconds: Double = self[column] else { throw LinkStoreError("column \(column) is empty") }
        return Date(timeIntervalSince1970: seconds)
    }

    func optionalDate(_ column: String) -> Date? {
        (self[column] as Double?).map(Date.init(timeIntervalSince1970:))
    }

    func address(_ column: String) throws -> EmailAddress {
        let text: String = self[column]
        guard let address = EmailAddress(text) else { throw LinkStoreError("column \(column) holds a malformed address") }
        return address
    }
}
