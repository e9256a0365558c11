import Foundation
import LinkVerification

/// The decoded directory of one database file, kept beside the revision it was decoded from.
///
/// Every challenge needs the directory (who is a member, who is on which list), and decoding the stored
/// document is proportional to its size: a directory of 5,000 members decoded on every challenge, inside
/// the serialized writer, held the whole API to about 120 challenges a second. The document is decoded
/// once per revision instead. Each replacement stores a new random revision, so a revision names one
/// document only: a replacement that was rolled back leaves an entry no row will ever name again, and one
/// made by another process (`otplink-api directory load`) is seen at the next read of the revision.
/// Its state is guarded by `lock` (hence `@unchecked Sendable`).
final class DirectoryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var revision: String?
    private var directory = Directory.empty

    /// The directory decoded from `revision`, if it is the one kept.
    func directory(revision: String) -> Directory? {
        lock.withLock { self.revision == revision ? directory : nil }
    }

    /// Keeps `directory` as the one decoded from `revision`.
    func keep(_ directory: Directory, revision: String) {
        lock.withLock {
            self.revision = revision
            self.directory = directory
        }
    }
}
