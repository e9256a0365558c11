/// Why a mail could not be turned into a message. Retrying cannot help: the mail's values are wrong.
public enum MailCompositionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The recipient is not a usable address (or tries to inject a header).
    case invalidRecipient(MailAddressError)
    /// A value of the mail (`sender`, `fileName`, …) holds a line break or another control character.
    case forbiddenCharacter(field: String, Unicode.Scalar)
    /// A value of the mail is empty or not of the expected form.
    case invalidValue(field: String, reason: String)

    /// What is wrong, naming the field; never the code's value.
    public var description: String {
        switch self {
        case .invalidRecipient(let error):
            return "recipient: \(error)"
        case .forbiddenCharacter(let field, let scalar):
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true)
            return "\(field) contains a control character (\(code)); line breaks are never allowed in mail values"
        case .invalidValue(let field, let reason):
            return "\(field) \(reason)"
        }
    }
}
