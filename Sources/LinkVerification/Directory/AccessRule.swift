import Foundation

/// The rules of which addresses may open a link, as a pure function of the link and the directory.
///
/// For a link shared with recipients R by sender S:
/// 1. an address equal to a recipient in R (a person or a list) may open it; the code goes to that address
///    (for a list, the list address, so everyone on it receives it);
/// 2. if S is internal, an internal member's own address may open it when the member is on a mailing list
///    in R, directly or through lists nested in it; the code goes to the member;
/// 3. nobody else may. Addresses compare case-insensitively after trimming (``EmailAddress``).
public struct AccessRule: Sendable {
    /// The link's recipients (people or lists).
    public let recipients: [EmailAddress]
    /// Who shared the link.
    public let sender: EmailAddress
    /// The directory the rule reads lists and members from.
    public let directory: Directory

    /// Creates the rule of one link.
    public init(recipients: [EmailAddress], sender: EmailAddress, directory: Directory) {
        self.recipients = recipients
        self.sender = sender
        self.directory = directory
    }

    /// Decides whether `address` may open the link, and why.
    public func decide(_ address: EmailAddress) -> AccessDecision {
        if recipients.contains(address) { return .recipient }
        guard directory.isInternal(sender), directory.isInternal(address) else { return .denied }
        for recipient in recipients where directory.isList(recipient) {
            if directory.isMember(address, of: recipient) { return .memberOfList(recipient) }
        }
        return .denied
    }
}

/// The answer of ``AccessRule``: may the address open the link, and by which rule.
public enum AccessDecision: Sendable, Equatable {
    /// The address is one of the link's recipients (rule 1).
    case recipient
    /// The address is an internal member of this recipient list and the sender is internal (rule 2).
    case memberOfList(EmailAddress)
    /// The address may not open the link (rule 3).
    case denied

    /// Whether the address may open the link; the code then goes to that same address.
    public var mayOpen: Bool { self != .denied }
}
