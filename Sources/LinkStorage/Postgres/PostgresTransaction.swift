import Foundation
import LinkVerification
import PostgresNIO

/// ``LinkStoreTransaction`` on a PostgreSQL session, inside the transaction ``PostgresLinkStore`` began.
///
/// Columns mirror the SQLite schema (times as seconds since 1970 in `double precision`), so both stores
/// answer the suite the same way. The mail queue, audit trail and retention are in
/// `PostgresTransaction+Queue.swift`.
struct PostgresTransaction: LinkStoreTransaction {
    let statements: PostgresStatements
    /// The store's decoded directory, shared by its transactions.
    let directories: DirectoryCache

    // MARK: Files

    func insertFile(_ file: StoredFile) throws {
        try statements.run("""
            INSERT INTO files (id, name, size, content_type, sha256, created_at)
            VALUES (\(file.id), \(file.name), \(file.size), \(file.contentType), \(file.sha256), \(file.createdAt.seconds))
            """)
    }

    func file(id: String) throws -> StoredFile? {
        try statements.row("SELECT * FROM files WHERE id = \(id)").map { row in
            StoredFile(
                id: try row.value("id"), name: try row.value("name"), size: try row.value("size"),
                contentType: try row.value("content_type"), sha256: try row.value("sha256"),
                createdAt: try row.date("created_at"))
        }
    }

    // MARK: Links

    func insertLink(_ link: Link) throws {
        try statements.run("""
            INSERT INTO links (id, token_digest, file_id, recipients, sender, locale, created_at, expires_at,
                               revoked_at, locked_at, consecutive_wrong_codes)
            VALUES (\(link.id), \(link.tokenDigest), \(link.fileID), \(try encodeAddresses(link.recipients)),
                    \(link.sender.value), \(link.locale), \(link.createdAt.seconds), \(link.expiresAt.seconds),
                    \(link.revokedAt?.seconds), \(link.lockedAt?.seconds), \(link.consecutiveWrongCodes))
            """)
    }

    func link(id: String) throws -> Link? {
        try statements.row("SELECT * FROM links WHERE id = \(id)").map(decodeLink)
    }

    func link(tokenDigest: Data) throws -> Link? {
        try statements.row("SELECT * FROM links WHERE token_digest = \(tokenDigest)").map(decodeLink)
    }

    func links() throws -> [Link] {
        try statements.rows("SELECT * FROM links ORDER BY created_at, id").map(decodeLink)
    }

    func linkState(tokenDigest: Data) throws -> LinkState? {
        try statements.row(
            "SELECT id, expires_at, revoked_at, locked_at FROM links WHERE token_digest = \(tokenDigest)"
        ).map { row in
            LinkState(
                id: try row.value("id"), expiresAt: try row.date("expires_at"),
                revokedAt: try row.optionalDate("revoked_at"), lockedAt: try row.optionalDate("locked_at"))
        }
    }

    func updateLink(_ link: Link) throws {
        let changed = try statements.run("""
            UPDATE links SET token_digest = \(link.tokenDigest), file_id = \(link.fileID),
                recipients = \(try encodeAddresses(link.recipients)), sender = \(link.sender.value),
                locale = \(link.locale), created_at = \(link.createdAt.seconds), expires_at = \(link.expiresAt.seconds),
                revoked_at = \(link.revokedAt?.seconds), locked_at = \(link.lockedAt?.seconds),
                consecutive_wrong_codes = \(link.consecutiveWrongCodes)
            WHERE id = \(link.id)
            """)
        guard changed == 1 else { throw LinkStoreError("link \(link.id) does not exist") }
    }

    private func decodeLink(_ row: PostgresRandomAccessRow) throws -> Link {
        let id: String = try row.value("id")
        guard let sender = EmailAddress(try row.value("sender", as: String.self)) else {
            throw LinkStoreError("link \(id) has a malformed sender")
        }
        return Link(
            id: id, tokenDigest: try row.value("token_digest"), fileID: try row.value("file_id"),
            recipients: try decodeAddresses(try row.value("recipients"), record: "link \(id)"), sender: sender,
            locale: try row.value("locale"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"), revokedAt: try row.optionalDate("revoked_at"),
            lockedAt: try row.optionalDate("locked_at"), consecutiveWrongCodes: try row.value("consecutive_wrong_codes"))
    }

    // MARK: Challenges and codes

    func insertChallenge(_ challenge: Challenge) throws {
        try statements.run("""
            INSERT INTO challenges (id, link_id, address, may_open, created_at, last_code_at, expires_at,
                                    wrong_codes, locked_at, verified_at, client_ip)
            VALUES (\(challenge.id), \(challenge.linkID), \(challenge.address.value), \(challenge.mayOpen),
                    \(challenge.createdAt.seconds), \(challenge.lastCodeAt.seconds), \(challenge.expiresAt.seconds),
                    \(challenge.wrongCodes), \(challenge.lockedAt?.seconds), \(challenge.verifiedAt?.seconds),
                    \(challenge.clientIP))
            """)
    }

    func challenge(id: String) throws -> Challenge? {
        try statements.row("SELECT * FROM challenges WHERE id = \(id)").map { row in
            Challenge(
                id: try row.value("id"), linkID: try row.value("link_id"), address: try row.address("address"),
                mayOpen: try row.value("may_open"), createdAt: try row.date("created_at"),
                lastCodeAt: try row.date("last_code_at"), expiresAt: try row.date("expires_at"),
                wrongCodes: try row.value("wrong_codes"), lockedAt: try row.optionalDate("locked_at"),
                verifiedAt: try row.optionalDate("verified_at"), clientIP: try row.value("client_ip"))
        }
    }

    func updateChallenge(_ challenge: Challenge) throws {
        let changed = try statements.run("""
            UPDATE challenges SET link_id = \(challenge.linkID), address = \(challenge.address.value),
                may_open = \(challenge.mayOpen), created_at = \(challenge.createdAt.seconds),
                last_code_at = \(challenge.lastCodeAt.seconds), expires_at = \(challenge.expiresAt.seconds),
                wrong_codes = \(challenge.wrongCodes), locked_at = \(challenge.lockedAt?.seconds),
                verified_at = \(challenge.verifiedAt?.seconds), client_ip = \(challenge.clientIP)
            WHERE id = \(challenge.id)
            """)
        guard changed == 1 else { throw LinkStoreError("challenge \(challenge.id) does not exist") }
    }

    func insertCode(_ code: IssuedCode) throws {
        try statements.run("""
            INSERT INTO codes (challenge_id, link_id, address, digest, issued_at, expires_at)
            VALUES (\(code.challengeID), \(code.linkID), \(code.address.value), \(code.digest),
                    \(code.issuedAt.seconds), \(code.expiresAt.seconds))
            """)
    }

    func codes(challengeID: String) throws -> [IssuedCode] {
        try statements.rows("SELECT * FROM codes WHERE challenge_id = \(challengeID) ORDER BY id").map { row in
            IssuedCode(
                challengeID: try row.value("challenge_id"), linkID: try row.value("link_id"),
                address: try row.address("address"), digest: try row.value("digest"),
                issuedAt: try row.date("issued_at"), expiresAt: try row.date("expires_at"))
        }
    }

    func codeIssueTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date] {
        try statements.rows("""
            SELECT issued_at AS at FROM codes WHERE link_id = \(linkID) AND address = \(address.value)
                AND issued_at > \(since.seconds) ORDER BY issued_at
            """).map { try $0.date("at") }
    }

    func insertWrongCode(linkID: String, address: EmailAddress, at: Date) throws {
        try statements.run("INSERT INTO wrong_codes (link_id, address, at) VALUES (\(linkID), \(address.value), \(at.seconds))")
    }

    func wrongCodeTimes(linkID: String, address: EmailAddress, since: Date) throws -> [Date] {
        try statements.rows("""
            SELECT at FROM wrong_codes WHERE link_id = \(linkID) AND address = \(address.value) AND at > \(since.seconds)
            ORDER BY at
            """).map { try $0.date("at") }
    }

    // MARK: Access grants

    func insertGrant(_ grant: AccessGrant) throws {
        try statements.run("""
            INSERT INTO grants (token_digest, link_id, challenge_id, address, issued_at, expires_at)
            VALUES (\(grant.tokenDigest), \(grant.linkID), \(grant.challengeID), \(grant.address.value),
                    \(grant.issuedAt.seconds), \(grant.expiresAt.seconds))
            """)
    }

    func grant(tokenDigest: Data) throws -> AccessGrant? {
        try statements.row("SELECT * FROM grants WHERE token_digest = \(tokenDigest)").map { row in
            AccessGrant(
                tokenDigest: try row.value("token_digest"), linkID: try row.value("link_id"),
                challengeID: try row.value("challenge_id"), address: try row.address("address"),
                issuedAt: try row.date("issued_at"), expiresAt: try row.date("expires_at"))
        }
    }

    // MARK: Directory

    /// The stored directory, decoded once per revision (``DirectoryCache``). The revision is read in
    /// every transaction, so a directory another instance loaded is used from its commit on.
    func directory() throws -> Directory {
        guard let revision = try statements.row("SELECT revision FROM directory WHERE id = 1")?.value("revision", as: String.self) else {
            return .empty
        }
        if let kept = directories.directory(revision: revision) { return kept }
        let document = try statements.row("SELECT document FROM directory WHERE id = 1")?.value("document", as: String.self) ?? ""
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
        try statements.run("""
            INSERT INTO directory (id, document, revision) VALUES (1, \(document), \(UUID().uuidString))
            ON CONFLICT (id) DO UPDATE SET document = excluded.document, revision = excluded.revision
            """)
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
