/// Told after a transaction that queued mail has committed — never inside it, never with the mail.
///
/// The server wakes its mail worker and counts the queued mail here, so whatever queues mail (a
/// recipient's call, an admin call, a command) does both without knowing of either. Code mails for
/// addresses that may open the link and withheld ones are reported alike.
public protocol MailQueueObserver: Sendable {
    /// `count` messages were queued and committed.
    func mailQueued(_ count: Int)
}
