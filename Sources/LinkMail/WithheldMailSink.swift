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
/// templates, written whole, flushed to disk, renamed, the folder flushed — exactly as a real one, and
/// then deleted. So the mail worker's work after a challenge, and with it the latency of the requests
/// that follow, is the same whether or not the address may open the link. Nothing is ever sent.
///
/// Where real mail goes to an outbox, the scratch delivery reads the names of that outbox, not of its
/// own always empty folder, to see whether the message was written already: an outbox delivery does
/// (so a retry makes no second copy), and reading a folder takes longer the more mail it holds.
public actor WithheldMailSink: MailDelivery {
    private let scratch: OutboxDelivery

    /// Creates a sink writing into `folder` (created when missing); `outbox` is the folder real mail
    /// is delivered into, if any.
    public init(folder: URL, composer: MessageComposer, outbox: URL? = nil) {
        scratch = OutboxDelivery(folder: folder, composer: composer, now: { Date() }, chunkWritten: nil, namesFolder: outbox)
    }

    /// Composes and writes `mail` as the outbox would, then removes the file.
    public func deliver(_ mail: OutgoingMail) async throws {
        if let written = try await scratch.writeMessage(mail) {
            unlink(written.path)
        }
    }
}
