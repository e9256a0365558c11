/// An email address with an optional display name, checked so it can be written into a header safely.
///
/// Only plain ASCII `local@domain` addresses are accepted (a dot-atom local part and a host name),
/// which is what the service sends to and from. Line breaks and other control characters are
/// refused, so an address can never inject a header.
public struct MailboxAddress: Sendable, Equatable, CustomStringConvertible {
    /// The `local@domain` part.
    public let address: String
    /// The name shown before the address (`Help Center` in `Help Center <no-reply@example.com>`).
    public let displayName: String?

    /// Checks `address` (and `displayName`, if any) and keeps them.
    ///
    /// - Throws: ``MailAddressError`` saying what is wrong with which value.
    public init(address: String, displayName: String? = nil) throws(MailAddressError) {
        try Self.check(address: address)
        if let displayName {
            if let bad = displayName.unicodeScalars.first(where: HeaderText.isForbidden) {
                throw .forbiddenCharacter(displayName, bad)
            }
        }
        self.address = address
        let trimmed = displayName?.trimmingCharacters(in: .whitespaces)
        self.displayName = (trimmed?.isEmpty ?? true) ? nil : trimmed
    }

    /// Reads `Name <local@domain>` or a bare `local@domain`, as given in configuration.
    ///
    /// The name may be quoted (`"Help Center" <…>`) and may be in any script.
    /// - Throws: ``MailAddressError`` saying what is wrong with `text`.
    public init(parsing text: String) throws(MailAddressError) {
        if let bad = text.unicodeScalars.first(where: HeaderText.isForbidden) {
            throw .forbiddenCharacter(text, bad)
        }
        let text = text.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(">") else {
            try self.init(address: text)
            return
        }
        guard let open = text.lastIndex(of: "<") else { throw .malformed(text, "a '>' without a '<'") }
        let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        var name = text[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast())
                .replacingOccurrences(of: "\\\"", with: "\"")
                .replacingOccurrences(of: "\\\\", with: "\\")
        }
        try self.init(address: inner, displayName: name)
    }

    /// The part after the `@`.
    public var domain: Substring {
        address[address.index(after: address.lastIndex(of: "@")!)...]
    }

    /// `Name <local@domain>` or `local@domain`, unencoded, for people to read.
    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
    private static let labelCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

    private static func check(address: String) throws(MailAddressError) {
        if let bad = address.unicodeScalars.first(where: HeaderText.isForbidden) {
            throw .forbiddenCharacter(address, bad)
        }
        guard !address.isEmpty else { throw .malformed(address, "it is empty") }
        guard address.utf8.count <= 254 else { throw .malformed(address, "it is longer than 254 characters") }
        guard address.unicodeScalars.allSatisfy(\.isASCII) else {
            throw .malformed(address, "only ASCII addresses are supported")
        }
        guard let at = address.lastIndex(of: "@") else { throw .malformed(address, "it has no '@'") }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64 else {
            throw .malformed(address, "the part before '@' must have 1 to 64 characters")
        }
        for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
            guard !atom.isEmpty else { throw .malformed(address, "the part before '@' has an empty dot-separated piece") }
            guard atom.allSatisfy(atext.contains) else {
                throw .malformed(address, "the part before '@' may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~")
            }
        }
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.allSatisfy(labelCharacters.contains),
                  label.first != "-", label.last != "-"
            else { throw .malformed(address, "the domain '\(domain)' is not a host name") }
        }
    }
}

/// Why an email address was refused.
public enum MailAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value holds a line break or another control character (a header-injection attempt or a typo).
    case forbiddenCharacter(String, Unicode.Scalar)
    /// The value is not an address of the supported form; the second value says why.
    case malformed(String, String)

    /// What is wrong, naming the value.
    public var description: String {
        switch self {
        case .forbiddenCharacter(let value, let scalar):
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true)
            return "mail address \(value.debugDescription) contains a control character (\(code)); line breaks are never allowed in a header"
        case .malformed(let value, let reason):
            return "mail address \(value.debugDescription) is not valid: \(reason)"
        }
    }
}
