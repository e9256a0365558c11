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
        value = trimmed
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
