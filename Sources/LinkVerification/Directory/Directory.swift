import Foundation

/// The organization's directory: its mail domains, its internal members and its mailing lists.
///
/// Decodes from `{"domains":[...],"members":[...],"lists":[{"address":...,"members":[...]}]}`
/// (every key optional). Addresses are canonicalized (trimmed, lowercased) when decoded or built,
/// and a malformed one is refused with the path of the bad entry.
///
/// A directory is immutable and indexed when it is made (``DirectoryIndex``): whether an address is
/// internal, and whether it is on a list through any depth of nested lists, are answered with a few hash
/// lookups whatever the directory's size, so a challenge costs the same for every address.
public struct Directory: Sendable, Equatable, Codable {
    /// The organization's mail domains (`example.com`), lowercased.
    public let domains: [String]
    /// The internal members' addresses.
    public let members: [EmailAddress]
    /// The mailing lists and who is on each.
    public let lists: [MailingList]
    private let index: DirectoryIndex

    /// An empty directory: nobody is internal, there are no lists.
    public static let empty = Directory()

    /// Creates a directory.
    public init(domains: [String] = [], members: [EmailAddress] = [], lists: [MailingList] = []) {
        self.domains = domains.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        self.members = members
        self.lists = lists
        self.index = DirectoryIndex(domains: self.domains, members: members, lists: lists)
    }

    /// Two directories are equal when they list the same domains, members and lists.
    public static func == (left: Directory, right: Directory) -> Bool {
        left.domains == right.domains && left.members == right.members && left.lists == right.lists
    }

    private enum CodingKeys: String, CodingKey { case domains, members, lists }

    /// Decodes a directory; missing keys are empty lists.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            domains: try container.decodeIfPresent([String].self, forKey: .domains) ?? [],
            members: try container.decodeIfPresent([EmailAddress].self, forKey: .members) ?? [],
            lists: try container.decodeIfPresent([MailingList].self, forKey: .lists) ?? [])
    }

    /// Whether `address` belongs to the organization: a listed member, or an address in one of its domains.
    public func isInternal(_ address: EmailAddress) -> Bool {
        index.isInternal(address)
    }

    /// The mailing list with this address, if the directory has one.
    public func list(_ address: EmailAddress) -> MailingList? {
        index.listNumber(address).map { lists[$0] }
    }

    /// Whether `address` is a mailing list of the directory.
    public func isList(_ address: EmailAddress) -> Bool {
        index.listNumber(address) != nil
    }

    /// Whether `address` is on the list `listAddress`, directly or through lists on it (nested lists, to
    /// any depth; cycles of lists are fine).
    public func isMember(_ address: EmailAddress, of listAddress: EmailAddress) -> Bool {
        index.isMember(address, of: listAddress)
    }

    /// Checks the directory's content: domains must look like domains, list addresses must be unique.
    ///
    /// Throws ``VerificationError/invalidRequest(field:reason:)`` naming the entry (`domains[2]`, `lists[0]`).
    public func validate() throws {
        for (index, domain) in domains.enumerated() where EmailAddress("x@\(domain)") == nil {
            throw VerificationError.invalidRequest(field: "domains[\(index)]", reason: "'\(domain)' is not a mail domain")
        }
        var seen = Set<EmailAddress>()
        for (index, list) in lists.enumerated() {
            guard seen.insert(list.address).inserted else {
                throw VerificationError.invalidRequest(
                    field: "lists[\(index)].address", reason: "'\(list.address)' is listed twice")
            }
        }
    }
}

/// A mailing list: its address and the addresses on it.
public struct MailingList: Sendable, Equatable, Codable {
    /// The list's own address (`team@example.com`).
    public var address: EmailAddress
    /// The members' addresses.
    public var members: [EmailAddress]

    /// Creates a mailing list.
    public init(address: EmailAddress, members: [EmailAddress]) {
        self.address = address
        self.members = members
    }
}
