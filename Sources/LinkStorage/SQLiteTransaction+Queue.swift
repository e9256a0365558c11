import Foundation
import GRDB
import LinkVerification

/// The mail queue and the retention sweep of ``SQLiteTransaction``.
extension SQLiteTransaction {
    // MARK: Mail queue

    func enqueueMail(_ mail: QueuedMail) throws {
        try run(
            """
                INSERT INTO mail_queue (id, link_id, sealed_payload, created_at, next_attempt_at, attempts, last_error, failed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                mail.id.uuidString, mail.linkID, mail.sealedPayload, mail.createdAt.seconds,
                mail.nextAttemptAt.seconds, mail.attempts, mail.lastError, mail.failedAt?.seconds,
            ])
    }

    func dueMail(now: Date, limit: Int) throws -> [QueuedMail] {
        try fetchRows(
            """
                SELECT * FROM mail_queue WHERE failed_at IS NULL AND next_attempt_at <= ?
                ORDER BY next_attempt_at, created_at LIMIT ?
                """,
            arguments: [now.seconds, limit]
        ).map(decodeMail)
    }

    func updateMail(_ mail: QueuedMail) throws {
        try run(
            """
                UPDATE mail_queue SET link_id = ?, sealed_payload = ?, created_at = ?, next_attempt_at = ?, attempts = ?,
                    last_error = ?, failed_at = ?
                WHERE id = ?
                """,
            arguments: [
                mail.linkID, mail.sealedPayload, mail.createdAt.seconds, mail.nextAttemptAt.seconds, mail.attempts,
                mail.lastError, mail.failedAt?.seconds, mail.id.uuidString,
            ])
        guard db.changesCount == 1 else { throw LinkStoreError("queued mail \(mail.id) does not exist") }
    }

    func deleteMail(id: UUID) throws {
        try run("DELETE FROM mail_queue WHERE id = ?", arguments: [id.uuidString])
    }

    func queuedMail() throws -> [QueuedMail] {
        try fetchRows("SELECT * FROM mail_queue ORDER BY created_at, rowid").map(decodeMail)
    }

    /// One aggregate query: `GET /metrics` stays cheap however long the queue has grown.
    func mailCounts() throws -> MailQueueStatus {
        let row = try fetchRow(
            """
                SELECT
                    COALESCE(SUM(failed_at IS NULL), 0) AS pending,
                    COALESCE(SUM(failed_at IS NOT NULL), 0) AS failed
                FROM mail_queue
                """,
            arguments: [])
        return MailQueueStatus(pending: row?["pending"] ?? 0, failed: row?["failed"] ?? 0)
    }

    private func decodeMail(_ row: Row) throws -> QueuedMail {
        let idText: String = row["id"]
        guard let id = UUID(uuidString: idText) else { throw LinkStoreError("queued mail '\(idText)' has a malformed id") }
        return QueuedMail(
            id: id, linkID: row["link_id"], sealedPayload: row["sealed_payload"], createdAt: try row.date("created_at"),
            nextAttemptAt: try row.date("next_attempt_at"), attempts: row["attempts"], lastError: row["last_error"],
            failedAt: row.optionalDate("failed_at"))
    }

    // MARK: Retention

    func purge(
        codesIssuedBefore: Date, wrongCodesBefore: Date, grantsExpiredBefore: Date,
        challengesExpiredBefore: Date, failedMailBefore: Date, eventsBefore: Date
    ) throws -> Int {
        var deleted = 0
        try run("DELETE FROM grants WHERE expires_at < ?", arguments: [grantsExpiredBefore.seconds])
        deleted += db.changesCount
        try run("DELETE FROM codes WHERE issued_at < ?", arguments: [codesIssuedBefore.seconds])
        deleted += db.changesCount
        try run("DELETE FROM wrong_codes WHERE at < ?", arguments: [wrongCodesBefore.seconds])
        deleted += db.changesCount
        try run(
            """
                DELETE FROM challenges WHERE expires_at < ?
                    AND NOT EXISTS (SELECT 1 FROM codes WHERE codes.challenge_id = challenges.id)
                    AND NOT EXISTS (SELECT 1 FROM grants WHERE grants.challenge_id = challenges.id)
                """,
            arguments: [challengesExpiredBefore.seconds])
        deleted += db.changesCount
        try run("DELETE FROM mail_queue WHERE failed_at < ?", arguments: [failedMailBefore.seconds])
        deleted += db.changesCount
        try run("DELETE FROM events WHERE at < ?", arguments: [eventsBefore.seconds])
        deleted += db.changesCount
        return deleted
    }
}
