import Testing
@testable import LinkVerification

/// The byte-level check of plain ASCII addresses against the full check it shortcuts.
struct EmailAddressCheckTests {
    @Test("the ASCII shortcut accepts only what the full check accepts, with the same canonical text")
    func shortcutAgreesWithFullCheck() {
        var random = SplitMix64(seed: 0x6f74_706c_696e_6b)
        var acceptedByShortcut = 0
        var refused = 0
        for _ in 0..<20_000 {
            let text = Self.candidate(&random)
            let full = EmailAddress.checkedFully(text)
            if let shortcut = EmailAddress.checkedPlainASCII(text) {
                acceptedByShortcut += 1
                #expect(shortcut == full, "\(text.debugDescription)")
            }
            #expect(EmailAddress(text)?.value == full, "\(text.debugDescription)")
            if full == nil { refused += 1 }
        }
        // Both sides were exercised: many valid addresses took the shortcut, many inputs were refused.
        #expect(acceptedByShortcut > 1_000)
        #expect(refused > 2_000)
    }

    @Test("addresses the shortcut leaves to the full check keep their old answers", arguments: [
        ("\u{00A0}jane@example.com\u{00A0}", "jane@example.com"),  // non-ASCII space trimmed by the full check
        ("\u{2003}Ann@Example.org", "ann@example.org"),
    ])
    func nonASCIISpaceStillTrimmed(input: String, expected: String) {
        #expect(EmailAddress.checkedPlainASCII(input) == nil)
        #expect(EmailAddress(input)?.value == expected)
    }

    /// An address-like string: mostly well-formed pieces, with characters that break the rules mixed in.
    static func candidate(_ random: inout SplitMix64) -> String {
        let plain = Array("abcxyzABCXYZ019+_-'.")
        let odd: [Character] = [" ", "\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{7F}", "<", ">", "(", ")", "[", "]", ",", ";",
                                ":", "\"", "\\", "@", ".", "-", "é", "김", "\u{A0}", "\u{2028}", "\r\n"]
        func piece(_ length: Int) -> String {
            String((0..<length).map { _ in
                random.next() % 12 == 0 ? odd[Int(random.next() % UInt64(odd.count))] : plain[Int(random.next() % UInt64(plain.count))]
            })
        }
        let pad = [" ", "", "", "\n", "\t ", "\u{A0}"]
        let local = piece(Int(random.next() % 8))
        let labels = (0..<(1 + random.next() % 3)).map { _ in piece(Int(random.next() % 6)) }
        let long = random.next() % 50 == 0 ? String(repeating: "a", count: 60 + Int(random.next() % 200)) : ""
        return pad[Int(random.next() % UInt64(pad.count))] + long + local + "@" + labels.joined(separator: ".")
            + pad[Int(random.next() % UInt64(pad.count))]
    }
}

/// A small deterministic generator (SplitMix64), so a failure replays.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
