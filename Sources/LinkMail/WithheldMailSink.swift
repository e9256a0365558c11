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
/// Each message is composed from its templates, written whole to a hidden scratch folder, flushed to
/// disk, renamed and its folder flushed, exactly as ``OutboxDelivery`` writes a real one, and then
/// deleted. So the mail worker's work after a challenge, and with it the latency of the requests that
/// follow, is the same whether or not the address may open the link. Nothing is ever sent.
public actor WithheldMailSink: MailDelivery {
    /// The scratch folder (created when missing, owner-only).
    public nonisolated let folder: URL
    private let composer: MessageComposer

    /// Creates a sink writing into `folder`.
    public init(folder: URL, composer: MessageComposer) {
        self.folder = folder
        self.composer = composer
    }

    /// Composes and writes `mail` as the outbox would, then removes the file.
    public func deliver(_ mail: OutgoingMail) async throws {
        let message: ComposedMessage
        do {
            message = try composer.compose(mail)
        } catch {
            throw MailDeliveryFailure.permanent("mail \(mail.id): \(error)")
        }
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw MailDeliveryFailure.transient("withheld mail \(folder.path): cannot create the folder: \(error.localizedDescription)")
        }
        // The outbox looks for an earlier copy before writing; so does this.
        let suffix = "-\(mail.id.uuidString.lowercased()).eml"
        _ = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.contains { $0.hasSuffix(suffix) }
        let final = folder.appendingPathComponent(MessageDate.fileStamp(Date()) + suffix)
        let temporary = folder.appendingPathComponent(".\(mail.id.uuidString.lowercased()).\(UInt64.random(in: 0...UInt64.max)).tmp")
        defer {
            unlink(temporary.path)
            unlink(final.path)
        }
        do {
            try OutboxDelivery.writeDurably(message.data, to: temporary.path, chunkWritten: nil)
            guard rename(temporary.path, final.path) == 0 else { throw OutboxWriteError(step: "rename to \(final.lastPathComponent)") }
            OutboxDelivery.syncFolder(folder.path)
        } catch {
            throw MailDeliveryFailure.transient("withheld mail \(folder.path): \(error)")
        }
    }
}
