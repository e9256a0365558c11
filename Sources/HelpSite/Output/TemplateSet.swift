import Foundation
import Mustache

/// The Mustache templates of `templates/`, each parsed once, shared by every page render.
///
/// `templates/email/` belongs to the API's mail and is not loaded here.
struct TemplateSet: Sendable {
    /// The templates helpgen renders pages with; each must exist.
    static let required = ["page", "auth/link", "404", "search"]

    private let library: MustacheLibrary
    /// The same templates compiled for typed values (nil when they use what is not compiled).
    private let compiled: CompiledTemplates?
    /// The digest of every template's name and text: a page rendered with other templates is rendered again.
    let digest: ContentDigest

    /// Renders `object` (nested dictionaries and arrays) with the template called `name`: through the
    /// compiled templates when they and the object allow, else with swift-mustache; the text is the same.
    func render(_ object: [String: Any], with name: String) -> String {
        render(TemplateValue.object(object), orValues: object, with: name)
    }

    /// Renders `typed` through the compiled templates when there is one and they are compiled, else
    /// `values` (the same, untyped) with swift-mustache.
    func render(_ typed: TemplateValue?, orValues values: @autoclosure () -> [String: Any], with name: String) -> String {
        if let typed, let compiled, let text = try? compiled.render(typed, with: name) { return text }
        return renderWithLibrary(values(), with: name)
    }

    /// Renders `object` through the compiled templates alone; nil when they, or `object`, are not compiled.
    func renderCompiled(_ object: [String: Any], with name: String) -> String? {
        guard let compiled, let value = TemplateValue.object(object) else { return nil }
        return try? compiled.render(value, with: name)
    }

    /// Renders `object` with swift-mustache alone.
    func renderWithLibrary(_ object: [String: Any], with name: String) -> String {
        library.render(object, withTemplate: name) ?? ""
    }

    /// Whether the templates were compiled (else every page is rendered by swift-mustache).
    var isCompiled: Bool { compiled != nil }

    /// Parses every `.mustache` file under `directory`; every file that fails to parse, every
    /// missing required template and every partial or parent that names no template is a problem.
    static func load(directory: String, problems: inout [SiteProblem]) -> TemplateSet {
        TemplateEscaping.register
        var templates: [String: MustacheTemplate] = [:]
        var references: [(file: String, line: Int, name: String)] = []
        var digest = DigestBuilder()
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            problems.append(SiteProblem(file: root, message: "the templates folder does not exist (give it with --templates)"))
            return TemplateSet(library: MustacheLibrary(), compiled: nil, digest: ContentDigest(of: [UInt8]()))
        }
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".mustache") && !$0.hasPrefix("email/") }
            .sorted()
        for relative in files {
            let file = root + "/" + relative
            let name = String(relative.dropLast(".mustache".count))
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                problems.append(SiteProblem(file: file, message: "the template cannot be read as UTF-8 text"))
                continue
            }
            digest.add(name)
            digest.add(text)
            do {
                templates[name] = try MustacheTemplate(string: TemplateEscaping.firstLine + text)
                references += Self.referencedTemplates(in: text).map { (file, $0.line, $0.name) }
            } catch let error as MustacheTemplate.ParserError {
                // At the end of the file the parser points past the last line: name the last line instead.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let lastLine = max(1, lines.last?.isEmpty == true ? lines.count - 1 : lines.count)
                let line = min(max(error.context.lineNumber - 1, 1), lastLine)
                let near = lines.indices.contains(line - 1) ? lines[line - 1].trimmingCharacters(in: .whitespaces) : ""
                problems.append(SiteProblem(file: file, line: line, message: "the template does not parse: \(Self.explain(error.error)) (near \"\(near)\")"))
            } catch {
                problems.append(SiteProblem(file: file, message: "the template does not parse: \(error)"))
            }
        }
        for name in required where templates[name] == nil && !files.contains(name + ".mustache") {
            problems.append(SiteProblem(file: "\(root)/\(name).mustache", message: "the template does not exist; helpgen needs it to render the site"))
        }
        for reference in references where templates[reference.name] == nil && !files.contains(reference.name + ".mustache") {
            problems.append(SiteProblem(file: reference.file, line: reference.line, message: "the template \"\(reference.name)\" does not exist (no \(root)/\(reference.name).mustache)"))
        }
        return TemplateSet(library: MustacheLibrary(templates: templates), compiled: CompiledTemplates(templates), digest: digest.finish())
    }

    /// Names used as `{{> partial}}` or `{{< parent}}`, with their lines.
    private static func referencedTemplates(in text: String) -> [(line: Int, name: String)] {
        var found: [(Int, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                guard let close = rest.range(of: "}}") else { break }
                let tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if let first = tag.first, first == ">" || first == "<" {
                    let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                    if !name.isEmpty { found.append((number + 1, name)) }
                }
                rest = rest[close.upperBound...]
            }
        }
        return found
    }

    private static func explain(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened and never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "an inherited template holds something other than blocks"
        case .textInsideInheritSection: return "an inherited template holds text outside blocks"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a config tag is malformed"
        case nil: return "\(error)"
        }
    }
}

/// How `{{name}}` is escaped in helpgen's pages: `HTMLText.escapeAttribute`, over the UTF-8 bytes.
///
/// swift-mustache's own HTML escaping walks the text Character by Character through a dictionary
/// (at 10,000 pages the largest single cost of rendering), and keeps a `<` or `"` that a combining
/// mark follows, which a browser still reads as markup. Each template is parsed with `firstLine`
/// before its own first line: a standalone tag that selects this escaping and leaves no text.
private struct TemplateEscaping: MustacheContentType {
    static let name = "HELPGEN_HTML"
    static let firstLine = "{{% CONTENT_TYPE: \(name)}}\n"

    /// Registers the escaping under `name` (once; before any template is parsed).
    static let register: Void = MustacheContentTypes.register(TemplateEscaping(), named: name)

    func escapeText(_ text: String) -> String {
        HTMLText.escapeAttribute(text)
    }
}
