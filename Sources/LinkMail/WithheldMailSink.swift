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
public actor WithheldMailSink: MailDelivery {
    private let scratch: OutboxDelivery

    /// Creates a sink writing into `folder` (created when missing).
    public init(folder: URL, composer: MessageComposer) {
        scratch = OutboxDelivery(folder: folder, composer: composer)
    }

    /// Composes and writes `mail` as the outbox would, then removes the file.
    public func deliver(_ mail: OutgoingMail) async throws {
        if let written = try await scratch.writeMessage(mail) {
            unlink(written.path)
        }
    }
}
