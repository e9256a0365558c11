import Foundation
import LinkVerification
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where code mails for addresses that may not open a link go: through the same work an outbox
/// delivery does, then nowhere.
///
/// Each message is written by an ``OutboxDelivery`` into a private scratch folder — composed from its
/// templates, written whole, flushed to disk, renamed, the folder flushed — exactly as a real one. So the
/// mail worker's work after a challenge, and with it the latency of the requests that follow, is the
/// same whether or not the address may open the link. Nothing is ever sent.
///
/// A delivery leaves its file, as an outbox delivery does; ``removeWritten()`` deletes the files on a
/// clock of its own (the server calls it every second). Deleting each file as it was written would make
/// a withheld delivery longer than a real one by the time the file system takes to free it.
///
/// Where real mail goes to an outbox, the scratch delivery reads the names of that outbox, not of its
/// own folder, to see whether the message was written already: an outbox delivery does (so a retry
/// makes no second copy), and reading a folder takes longer the more mail it holds.
public actor WithheldMailSink: MailDelivery {
    /// The scratch folder.
    public nonisolated let folder: URL
    private let scratch: OutboxDelivery

    /// A temporary file older than this was left by an interrupted write, not one in progress.
    static let abandonedAfter: TimeInterval = 60

    /// Creates a sink writing into `folder` (created when missing); `outbox` is the folder real mail
    /// is delivered into, if any.
    public init(folder: URL, composer: MessageComposer, outbox: URL? = nil) {
        self.folder = folder
        scratch = OutboxDelivery(folder: folder, composer: composer, now: { Date() }, chunkWritten: nil, namesFolder: outbox)
    }

    /// Composes and writes `mail` as the outbox would; the file stays until ``removeWritten()``.
    public func deliver(_ mail: OutgoingMail) async throws {
        _ = try await scratch.writeMessage(mail)
    }

    /// Deletes the messages written so far, and the temporary files an interrupted write left; returns
    /// how many files were deleted. A message being written meanwhile is left for the next call.
    ///
    /// - Throws: ``WithheldMailSweepError`` when the folder cannot be read or a file cannot be deleted
    ///   (after trying every other file).
    @discardableResult
    public func removeWritten(now: Date = Date()) throws -> Int {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw WithheldMailSweepError(path: folder.path, reason: error.localizedDescription)
        }
        var removed = 0
        var failure: WithheldMailSweepError?
        for name in names {
            let path = folder.appendingPathComponent(name).path
            if name.hasSuffix(".tmp") {
                guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                      now.timeIntervalSince(modified) > Self.abandonedAfter
                else { continue }
            } else if !name.hasSuffix(".eml") {
                continue
            }
            if unlink(path) == 0 {
                removed += 1
            } else if errno != ENOENT {
                failure = failure ?? WithheldMailSweepError(path: path, reason: String(cString: strerror(errno)))
            }
        }
        if let failure { throw failure }
        return removed
    }
}

/// A withheld message's file, or the scratch folder, that the sweep could not delete or read.
public struct WithheldMailSweepError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}
