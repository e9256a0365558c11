import Foundation
import Mustache

/// The email templates of every locale, read and checked once when the service starts.
///
/// The folder holds one subfolder per locale (`en/`, `ko/`), each with a subject, a plain-text body
/// and an HTML body for each kind of mail: `code.subject.mustache`, `code.text.mustache`,
/// `code.html.mustache`, and the same for `link-shared`. Files at the top (`layout.html.mustache`)
/// are shared partials and layouts, used as `{{<layout.html}}`. Only `*.html.mustache` files escape
/// values for HTML; the others insert them as they are.
///
/// Loading fails with a ``MailTemplateError`` naming the file when a template is missing, is not valid
/// mustache, or renders something unusable (a subject on several lines, a body without the code or URL).
public struct MailTemplates: Sendable {
    /// The locale used when a mail's locale has no templates.
    public static let fallbackLocale = "en"

    /// The locales that have templates, sorted.
    public let locales: [String]
    private let library: MustacheLibrary

    /// Reads, parses and checks every template under `folder`.
    public init(folder: URL) throws(MailTemplateError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .folderMissing(path: folder.path)
        }
        var library = MustacheLibrary()
        var locales: [String] = []
        for entry in Self.sortedEntries(of: folder) {
            if Self.isFolder(entry) {
                locales.append(entry.lastPathComponent)
                for file in Self.sortedEntries(of: entry) where file.lastPathComponent.hasSuffix(".mustache") {
                    try Self.register(file, as: "\(entry.lastPathComponent)/\(file.lastPathComponent)", in: &library)
                }
            } else if entry.lastPathComponent.hasSuffix(".mustache") {
                try Self.register(entry, as: entry.lastPathComponent, in: &library)
            }
        }
        guard locales.contains(Self.fallbackLocale) else {
            throw .defaultLocaleMissing(path: folder.appendingPathComponent(Self.fallbackLocale).path)
        }
        for locale in locales {
            for kind in MailKind.allCases {
                for part in MailPart.allCases {
                    let name = Self.templateName(kind, part, locale: locale)
                    guard library.getTemplate(named: name) != nil else {
                        throw .templateMissing(path: folder.appendingPathComponent(name + ".mustache").path)
                    }
                }
            }
        }
        self.library = library
        self.locales = locales.sorted()
        for locale in locales {
            try checkRendering(locale: locale, folder: folder)
        }
    }

    /// The locale whose templates a mail in `requested` uses: `ko-KR` → `ko`, unknown → `en`.
    public func resolve(locale requested: String) -> String {
        let wanted = requested.trimmingWhitespace.lowercased().replacingOccurrences(of: "_", with: "-")
        if locales.contains(wanted) { return wanted }
        if let language = wanted.split(separator: "-").first, locales.contains(String(language)) {
            return String(language)
        }
        return Self.fallbackLocale
    }

    /// Renders one part of one kind of mail in an already resolved locale.
    func render(_ kind: MailKind, _ part: MailPart, locale: String, values: MailValues) -> String {
        library.render(values.dictionary, withTemplate: Self.templateName(kind, part, locale: locale)) ?? ""
    }

    // MARK: Loading

    /// Put first in every template that is not HTML: values are inserted unescaped.
    private static let textPragma = "{{% CONTENT_TYPE: TEXT }}"

    private static func templateName(_ kind: MailKind, _ part: MailPart, locale: String) -> String {
        "\(locale)/\(kind.rawValue).\(part.rawValue)"
    }

    private static func register(_ file: URL, as fileName: String, in library: inout MustacheLibrary) throws(MailTemplateError) {
        let source: String
        do {
            source = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw .unreadable(path: file.path, reason: "not UTF-8 text or not readable (\(error.localizedDescription))")
        }
        let isHTML = fileName.hasSuffix(".html.mustache")
        let prefix = isHTML ? "" : textPragma
        do {
            let template = try MustacheTemplate(string: prefix + source)
            library.register(template, named: String(fileName.dropLast(".mustache".count)))
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let column = line == 1 ? max(1, error.context.columnNumber - prefix.count) : error.context.columnNumber
            throw .unparsable(path: file.path, line: line, column: column, reason: "\(error.error)")
        } catch {
            throw .unparsable(path: file.path, line: 1, column: 1, reason: "\(error)")
        }
    }

    private static func sortedEntries(of folder: URL) -> [URL] {
        let entries = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isDirectoryKey])) ?? []
        return entries.filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    // MARK: Checking

    /// Renders every template of `locale` with sample values and refuses output a reader could not use.
    private func checkRendering(locale: String, folder: URL) throws(MailTemplateError) {
        let sample = MailValues(
            lang: locale, serviceName: "Sample Service", recipient: "sample.recipient@example.com",
            expiresAt: "sample-expiry", code: "918273", lifetimeMinutes: 10,
            sender: "sample.sender@example.com", fileName: "sample-file-name.pdf", url: "https://example.com/sample/link/#sample-token"
        )
        for kind in MailKind.allCases {
            for part in MailPart.allCases {
                let path = folder.appendingPathComponent(Self.templateName(kind, part, locale: locale) + ".mustache").path
                let output = render(kind, part, locale: locale, values: sample)
                if part == .subject {
                    let subject = output.trimmingWhitespace
                    if subject.isEmpty { throw .unusable(path: path, reason: "renders an empty subject") }
                    if subject.contains(where: \.isNewline) { throw .unusable(path: path, reason: "renders a subject on more than one line") }
                    continue
                }
                let required: [(String, String)] = switch kind {
                case .code: [("code", sample.code!), ("expiresAt", sample.expiresAt)]
                case .linkShared: [("url", sample.url!), ("fileName", sample.fileName!), ("expiresAt", sample.expiresAt)]
                }
                for (name, value) in required where !output.contains(value) {
                    throw .unusable(path: path, reason: "does not show {{\(name)}} when rendered (is a partial or its layout missing?)")
                }
            }
        }
    }
}

/// The kinds of mail the service sends; the raw value is the templates' file name.
enum MailKind: String, CaseIterable, Sendable {
    /// The one-time code of a challenge.
    case code
    /// The notification that a file was shared as a security link.
    case linkShared = "link-shared"
}

/// The three templates of a kind of mail.
enum MailPart: String, CaseIterable, Sendable {
    case subject, text, html
}
