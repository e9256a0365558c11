/// The lookups a ``Directory`` answers, computed once when the directory is made.
///
/// - internal members and domains as hash sets;
/// - each address's lists, the ones it is directly on;
/// - each list's enclosing lists: every list that contains it through any chain of nested lists, itself
///   included, as a bit set over the lists (cycles end because a list is marked once).
///
/// "Is `a` on list `L`" is then "does one of `a`'s direct lists have `L` among its enclosing lists": a
/// few hash lookups and bit tests, however many lists and members the directory has.
final class DirectoryIndex: Sendable {
    private let memberSet: Set<EmailAddress>
    private let domainSet: Set<String>
    private let listNumbers: [EmailAddress: Int]
    private let directLists: [EmailAddress: [Int]]
    /// For each list, the bit set of the lists that contain it (itself included).
    private let enclosing: [[UInt64]]

    init(domains: [String], members: [EmailAddress], lists: [MailingList]) {
        memberSet = Set(members)
        domainSet = Set(domains)
        var numbers: [EmailAddress: Int] = [:]
        for (number, list) in lists.enumerated() where numbers[list.address] == nil {
            numbers[list.address] = number
        }
        listNumbers = numbers
        var direct: [EmailAddress: [Int]] = [:]
        // parents[c]: the lists that have list c directly among their members.
        var parents = Array(repeating: [Int](), count: lists.count)
        for (number, list) in lists.enumerated() {
            for member in Set(list.members) {
                direct[member, default: []].append(number)
                if let child = numbers[member] { parents[child].append(number) }
            }
        }
        directLists = direct
        let words = (lists.count + 63) / 64
        enclosing = (0..<lists.count).map { start in
            var seen = [UInt64](repeating: 0, count: words)
            var pending = [start]
            seen[start / 64] |= 1 << UInt64(start % 64)
            while let next = pending.popLast() {
                for parent in parents[next] where seen[parent / 64] & (1 << UInt64(parent % 64)) == 0 {
                    seen[parent / 64] |= 1 << UInt64(parent % 64)
                    pending.append(parent)
                }
            }
            return seen
        }
    }

    func isInternal(_ address: EmailAddress) -> Bool {
        memberSet.contains(address) || domainSet.contains(address.domain)
    }

    func listNumber(_ address: EmailAddress) -> Int? {
        listNumbers[address]
    }

    func isMember(_ address: EmailAddress, of listAddress: EmailAddress) -> Bool {
        guard let target = listNumbers[listAddress], let lists = directLists[address] else { return false }
        return lists.contains { enclosing[$0][target / 64] & (1 << UInt64(target % 64)) != 0 }
    }
}
