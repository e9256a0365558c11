import Foundation

/// An email address in its canonical form: trimmed and lowercased, so addresses compare case-insensitively.
public struct EmailAddress: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The canonical text (`jane.doe@example.com`).
    public let value: String

    /// Checks and canonicalizes `text`; returns nil unless it looks like `local@domain.tld`.
    ///
    /// Refused: more or fewer than one `@`, empty parts, whitespace or control characters inside,
    /// `<>()[],;:"\` characters, a domain without a dot or with empty labels, more than 254 characters,
    /// and anything not ASCII (the mail layer sends no SMTPUTF8, so such an address could never get its code).
    public init?(_ text: String) {
        // Addresses read back from the store and typed by people are nearly always plain ASCII and valid:
        // checked byte by byte they skip Foundation's character sets and Unicode property lookups. Anything
        // the byte check does not accept takes the full check, which decides.
        guard let canonical = Self.checkedPlainASCII(text) ?? Self.checkedFully(text) else { return nil }
        value = canonical
    }

    /// The canonical form of `text` if it is an address, by the rules ``init(_:)`` documents; nil otherwise.
    static func checkedFully(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 254, trimmed.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return nil }
        let forbidden = Set("<>()[],;:\"\\ ")
        for scalar in trimmed.unicodeScalars {
            if scalar.properties.generalCategory == .control || CharacterSet.whitespacesAndNewlines.contains(scalar) {
                return nil
            }
        }
        guard !trimmed.contains(where: { forbidden.contains($0) }) else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { return nil }
        return trimmed
    }

    /// The canonical form of `text` when it is a valid address made of printable ASCII (with ASCII
    /// whitespace around it); nil for anything else, which the full check in ``init(_:)`` then decides.
    ///
    /// Accepts only what the full check accepts, and gives the same canonical text.
    static func checkedPlainASCII(_ text: String) -> String? {
        var utf8 = text.utf8[...]
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        while let first = utf8.first, isSpace(first) { utf8.removeFirst() }
        while let last = utf8.last, isSpace(last) { utf8.removeLast() }
        guard !utf8.isEmpty, utf8.count <= 254 else { return nil }
        var canonical: [UInt8] = []
        canonical.reserveCapacity(utf8.count)
        var atIndex: Int?
        for byte in utf8 {
            // Printable ASCII only: no control character, no space, nothing above 0x7E.
            guard byte > 0x20, byte < 0x7F else { return nil }
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\""),
                 UInt8(ascii: "\\"):
                return nil
            case UInt8(ascii: "@"):
                guard atIndex == nil else { return nil }
                atIndex = canonical.count
                canonical.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                canonical.append(byte + 0x20)
            default:
                canonical.append(byte)
            }
        }
        guard let atIndex, atIndex > 0, atIndex <= 64 else { return nil }
        let labels = canonical[(atIndex + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let hyphen = UInt8(ascii: "-")
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != hyphen && $0.last != hyphen })
        else { return nil }
        return String(decoding: canonical, as: UTF8.self)
    }

    /// The part after the `@`.
    public var domain: String { String(value[value.index(after: value.firstIndex(of: "@")!)...]) }

    /// The canonical text.
    public var description: String { value }

    /// Orders addresses by their canonical text.
    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.value < rhs.value }

    /// Decodes an address from a JSON string, refusing one that is not an address.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = EmailAddress(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an email address")
        }
        self = address
    }

    /// Encodes the canonical text as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
