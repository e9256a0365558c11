import Foundation
import LinkVerification
import PostgresNIO

extension PostgresTransaction {
    // MARK: Audit trail

    func appendEvent(_ event: AuditEvent) throws {
        try statements.run("""
            INSERT INTO events (at, link_id, kind, address, client_ip, may_open, detail)
            VALUES (\(event.at.seconds), \(event.linkID), \(event.kind.rawValue), \(event.address?.value),
                    \(event.clientIP), \(event.mayOpen), \(event.detail))
            """)
    }

    func lastEventTime(linkID: String, address: EmailAddress, kind: AuditEvent.Kind) throws -> Date? {
        try statements.row("""
            SELECT at FROM events WHERE link_id = \(linkID) AND address = \(address.value) AND kind = \(kind.rawValue)
            ORDER BY sequence DESC LIMIT 1
            """).map { try $0.date("at") }
    }

    func events(linkID: String) throws -> [AuditEvent] {
        try statements.rows("SELECT * FROM events WHERE link_id = \(linkID) ORDER BY sequence").map { row in
            let sequence: Int64 = try row.value("sequence")
            let kindName: String = try row.value("kind")
            guard let kind = AuditEvent.Kind(rawValue: kindName) else {
                throw LinkStoreError("event \(sequence) has the unknown kind '\(kindName)'")
            }
            return AuditEvent(
                sequence: sequence, at: try row.date("at"), linkID: try row.value("link_id"), kind: kind,
                address: try row.value("address", as: String?.self).flatMap(EmailAddress.init),
                clientIP: try row.value("client_ip"), mayOpen: try row.value("may_open"), detail: try row.value("detail"))
        }
    }

    // MARK: Mail queue

    /// Queues a mail and rings the doorbell: `NOTIFY` is delivered at commit, to every instance's worker.
    func enqueueMail(_ mail: QueuedMail) throws {
        try statements.run("""
            INSERT INTO mail_queue (id, link_id, sealed_payload, created_at, next_attempt_at, attempts, last_error, failed_at)
            VALUES (\(mail.id.uuidString), \(mail.linkID), \(mail.sealedPayload), \(mail.createdAt.seconds),
                    \(mail.nextAttemptAt.seconds), \(mail.attempts), \(mail.lastError), \(mail.failedAt?.seconds))
            """)
        try statements.rows("SELECT pg_notify(\(PostgresLinkStore.mailChannel), '')")
    }

    /// Due mail, skipping rows another transaction holds (`FOR UPDATE SKIP LOCKED`): two workers taking
    /// mail at once get different messages instead of waiting for each other.
    func dueMail(now: Date, limit: Int) throws -> [QueuedMail] {
        try statements.rows("""
            SELECT * FROM mail_queue WHERE failed_at IS NULL AND next_attempt_at <= \(now.seconds)
            ORDER BY next_attempt_at, created_at, position LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """).map(decodeMail)
    }

    func updateMail(_ mail: QueuedMail) throws {
        let changed = try statements.run("""
            UPDATE mail_queue SET link_id = \(mail.linkID), sealed_payload = \(mail.sealedPayload),
                created_at = \(mail.createdAt.seconds), next_attempt_at = \(mail.nextAttemptAt.seconds),
                attempts = \(mail.attempts), last_error = \(mail.lastError), failed_at = \(mail.failedAt?.seconds)
            WHERE id = \(mail.id.uuidString)
            """)
        guard changed == 1 else { throw LinkStoreError("queued mail \(mail.id) does not exist") }
    }

    func deleteMail(id: UUID) throws {
        try statements.run("DELETE FROM mail_queue WHERE id = \(id.uuidString)")
    }

    func queuedMail() throws -> [QueuedMail] {
        try statements.rows("SELECT * FROM mail_queue ORDER BY created_at, position").map(decodeMail)
    }

    /// One aggregate query: the metrics stay cheap however long the queue has grown.
    func mailCounts() throws -> MailQueueStatus {
        let row = try statements.row("""
            SELECT COUNT(*) FILTER (WHERE failed_at IS NULL) AS pending,
                   COUNT(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
            FROM mail_queue
            """)
        return MailQueueStatus(pending: try row?.value("pending", as: Int.self) ?? 0, failed: try row?.value("failed", as: Int.self) ?? 0)
    }

    private func decodeMail(_ row: PostgresRandomAccessRow) throws -> QueuedMail {
        let idText: String = try row.value("id")
        guard let id = UUID(uuidString: idText) else { throw LinkStoreError("queued mail '\(idText)' has a malformed id") }
        return QueuedMail(
            id: id, linkID: try row.value("link_id"), sealedPayload: try row.value("sealed_payload"),
            createdAt: try row.date("created_at"), nextAttemptAt: try row.date("next_attempt_at"),
            attempts: try row.value("attempts"), lastError: try row.value("last_error"),
            failedAt: try row.optionalDate("failed_at"))
    }

    // MARK: Retention

    func purge(
        codesIssuedBefore: Date, wrongCodesBefore: Date, grantsExpiredBefore: Date,
        challengesExpiredBefore: Date, failedMailBefore: Date, eventsBefore: Date
    ) throws -> Int {
        var deleted = try statements.run("DELETE FROM grants WHERE expires_at < \(grantsExpiredBefore.seconds)")
        deleted += try statements.run("DELETE FROM codes WHERE issued_at < \(codesIssuedBefore.seconds)")
        deleted += try statements.run("DELETE FROM wrong_codes WHERE at < \(wrongCodesBefore.seconds)")
        deleted += try statements.run("""
            DELETE FROM challenges WHERE expires_at < \(challengesExpiredBefore.seconds)
                AND NOT EXISTS (SELECT 1 FROM codes WHERE codes.challenge_id = challenges.id)
                AND NOT EXISTS (SELECT 1 FROM grants WHERE grants.challenge_id = challenges.id)
            """)
        deleted += try statements.run("DELETE FROM mail_queue WHERE failed_at < \(failedMailBefore.seconds)")
        deleted += try statements.run("DELETE FROM events WHERE at < \(eventsBefore.seconds)")
        return deleted
    }
}
