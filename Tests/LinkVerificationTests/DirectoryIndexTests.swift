import Foundation
import Testing
import LinkVerification

/// The indexed directory answers exactly what walking the lists answers.
struct DirectoryIndexTests {
    private func address(_ text: String) -> EmailAddress { EmailAddress(text)! }

    /// Membership by walking the lists, the definition the index must agree with.
    private func walkIsMember(_ directory: Directory, _ member: EmailAddress, of start: EmailAddress) -> Bool {
        var visited: Set<EmailAddress> = []
        var pending = [start]
        while let next = pending.popLast() {
            guard visited.insert(next).inserted, let list = directory.lists.first(where: { $0.address == next }) else { continue }
            if list.members.contains(member) { return true }
            pending.append(contentsOf: list.members)
        }
        return false
    }

    @Test("nested lists to any depth, and cycles of lists, are answered like a walk of the lists")
    func nestedAndCycles() {
        let a = address("a@example.com"), b = address("b@example.com"), c = address("c@example.com")
        let ann = address("ann@example.com"), bob = address("bob@example.com")
        let directory = Directory(lists: [
            MailingList(address: a, members: [b]),
            MailingList(address: b, members: [c, a]),  // a cycle a → b → a
            MailingList(address: c, members: [ann]),
            MailingList(address: address("d@example.com"), members: [bob]),
        ])
        #expect(directory.isMember(ann, of: a))
        #expect(directory.isMember(ann, of: b))
        #expect(directory.isMember(ann, of: c))
        #expect(!directory.isMember(bob, of: a))
        #expect(directory.isMember(a, of: b) && directory.isMember(b, of: a))
        #expect(!directory.isMember(ann, of: address("nobody@example.com")))
        #expect(directory.isList(c) && !directory.isList(ann))
    }

    @Test("on random directories (seeded), every answer equals the walk's", arguments: [1, 2, 3, 4, 5])
    func randomDirectories(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let people = (0..<40).map { address("p\($0)@example.com") }
        let listAddresses = (0..<25).map { address("l\($0)@example.com") }
        let lists = listAddresses.map { list in
            MailingList(address: list, members: (0..<Int(random.next() % 6)).map { _ in
                random.next() % 3 == 0 ? listAddresses[Int(random.next() % 25)] : people[Int(random.next() % 40)]
            })
        }
        let directory = Directory(lists: lists)
        for member in people + listAddresses {
            for list in listAddresses {
                #expect(directory.isMember(member, of: list) == walkIsMember(directory, member, of: list),
                        "\(member) on \(list)")
            }
        }
    }

    @Test("a directory of 50,000 members in 2,000 nested lists: the deepest member is found, strangers are not")
    func large() {
        let members = (0..<50_000).map { address("m\($0)@example.com") }
        // A chain top → l1 → … → l1999, each list with 25 members.
        let lists = (0..<2000).map { number in
            MailingList(
                address: address("l\(number)@example.com"),
                members: Array(members[(number * 25)..<(number * 25 + 25)])
                    + (number + 1 < 2000 ? [address("l\(number + 1)@example.com")] : []))
        }
        let directory = Directory(domains: ["example.com"], members: members, lists: lists)
        #expect(directory.isMember(members[49_999], of: address("l0@example.com")))
        #expect(!directory.isMember(members[0], of: address("l1@example.com")))
        #expect(!directory.isMember(address("stranger@example.com"), of: address("l0@example.com")))
        #expect(directory.isInternal(members[12_345]))
    }
}

/// A small seeded generator, so a failure can be replayed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
