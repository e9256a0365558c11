/// Why the email templates could not be loaded at start; each case names the file or folder.
public enum MailTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The templates folder does not exist or is not a folder.
    case folderMissing(path: String)
    /// There is no folder for the fallback locale (`en`), so some mails could not be written.
    case defaultLocaleMissing(path: String)
    /// A locale folder lacks one of the templates every locale needs.
    case templateMissing(path: String)
    /// A template file could not be read as UTF-8 text.
    case unreadable(path: String, reason: String)
    /// A template is not valid mustache.
    case unparsable(path: String, line: Int, column: Int, reason: String)
    /// A template parses, but what it renders is unusable (a subject on two lines, a body without the code).
    case unusable(path: String, reason: String)

    /// What is wrong and where, for the person starting the service.
    public var description: String {
        switch self {
        case .folderMissing(let path):
            return "\(path): email templates folder not found"
        case .defaultLocaleMissing(let path):
            return "\(path): no '\(MailTemplates.fallbackLocale)' folder; it is the fallback for every locale"
        case .templateMissing(let path):
            return "\(path): email template missing (every locale needs code and link-shared subject, text and html)"
        case .unreadable(let path, let reason):
            return "\(path): email template cannot be read: \(reason)"
        case .unparsable(let path, let line, let column, let reason):
            return "\(path):\(line):\(column): email template is not valid mustache: \(reason)"
        case .unusable(let path, let reason):
            return "\(path): email template \(reason)"
        }
    }
}
