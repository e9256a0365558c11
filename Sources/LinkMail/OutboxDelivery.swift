import Foundation
import LinkVerification
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers mail into a folder: each message one `<UTC time>-<id>.eml` file (development and tests).
///
/// A file appears whole or not at all: it is written under a hidden temporary name, flushed to disk
/// and renamed. Delivering the same mail id again does nothing when its file is already there, so a
/// retry after a crash never makes a second copy. The folder is created when missing.
/// Files are readable by their owner only: they hold one-time codes.
public actor OutboxDelivery: MailDelivery {
    /// Where the `.eml` files go.
    public nonisolated let folder: URL
    /// The folder whose names say whether a mail was written already: `folder`, except for the withheld
    /// sink's scratch delivery (see ``WithheldMailSink``).
    private let namesFolder: URL
    private let composer: MessageComposer
    private let now: @Sendable () -> Date
    /// Called after each chunk written (tests look at the folder mid-write, or fail the write).
    private let chunkWritten: (@Sendable () throws -> Void)?

    /// Bytes written per `write` call.
    static let chunkSize = 4096

    /// Creates an outbox writing into `folder`; `now` stamps the file names.
    public init(folder: URL, composer: MessageComposer, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(folder: folder, composer: composer, now: now, chunkWritten: nil)
    }

    init(
        folder: URL, composer: MessageComposer, now: @escaping @Sendable () -> Date, chunkWritten: (@Sendable () throws -> Void)?,
        namesFolder: URL? = nil
    ) {
        self.folder = folder
        self.namesFolder = namesFolder ?? folder
        self.composer = composer
        self.now = now
        self.chunkWritten = chunkWritten
    }

    /// Writes the message of `mail` into the folder, unless a file for its id is already there.
    ///
    /// - Throws: ``MailDeliveryFailure/permanent(_:)`` when the mail cannot be composed,
    ///   ``MailDeliveryFailure/transient(_:)`` when the folder cannot be written (full disk, permissions).
    public func deliver(_ mail: OutgoingMail) async throws {
        _ = try writeMessage(mail)
    }

    /// Composes `mail` and writes it into the folder; the file's URL, or nil when one was already there.
    func writeMessage(_ mail: OutgoingMail) throws -> URL? {
        let message: ComposedMessage
        do {
            message = try composer.compose(mail)
        } catch {
            throw MailDeliveryFailure.permanent("mail \(mail.id): \(error)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw MailDeliveryFailure.transient("outbox \(folder.path): cannot create the folder: \(error.localizedDescription)")
        }
        let suffix = "-\(mail.id.uuidString.lowercased()).eml"
        if let names = try? FileManager.default.contentsOfDirectory(atPath: namesFolder.path), names.contains(where: { $0.hasSuffix(suffix) }) {
            return nil
        }
        let final = folder.appendingPathComponent(MessageDate.fileStamp(now()) + suffix)
        let temporary = folder.appendingPathComponent(".\(mail.id.uuidString.lowercased()).\(UInt64.random(in: 0...UInt64.max)).tmp")
        do {
            try Self.writeDurably(message.data, to: temporary.path, chunkWritten: chunkWritten)
            guard rename(temporary.path, final.path) == 0 else { throw OutboxWriteError(step: "rename to \(final.lastPathComponent)") }
            Self.syncFolder(folder.path)
        } catch {
            unlink(temporary.path)
            throw MailDeliveryFailure.transient("outbox \(folder.path): \(error)")
        }
        return final
    }

    /// Writes `data` to a new file at `path` and flushes it to disk.
    private static func writeDurably(_ data: Data, to path: String, chunkWritten: (@Sendable () throws -> Void)?) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutboxWriteError(step: "create a temporary file") }
        defer { close(descriptor) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, min(chunkSize, buffer.count - offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutboxWriteError(step: "write the message")
                }
                offset += written
                try chunkWritten?()
            }
        }
        guard fsync(descriptor) == 0 else { throw OutboxWriteError(step: "flush the message to disk") }
    }

    /// Flushes the folder's entries, so the rename survives a crash (best effort).
    private static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

/// A failed step of writing an outbox file, with the system's reason (read from `errno` when made).
struct OutboxWriteError: Error, CustomStringConvertible {
    let step: String
    let reason = String(cString: strerror(errno))

    var description: String { "cannot \(step): \(reason)" }
}
