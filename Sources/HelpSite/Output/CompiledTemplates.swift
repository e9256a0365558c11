import Mustache

/// The templates as trees of typed nodes, rendered over ``TemplateValue``s.
///
/// swift-mustache parses the templates (its parser decides the syntax, the standalone lines and their
/// indentation, and reports the errors); each parsed template is then read once into nodes. Rendering
/// follows swift-mustache's own rules step for step, but looks names up in typed values: on a help
/// center's pages it is the same text, several times faster.
///
/// Only what help-center templates use is compiled: variables, sections, inverted sections, comments,
/// partials, parents and blocks, and the content type. A template set with anything else (transforms,
/// dynamic partials) is not compiled, and ``TemplateSet`` renders it with swift-mustache.
struct CompiledTemplates: Sendable {
    /// A name as a template writes it: `.` (the current value), `a.b` (looked up the context stack),
    /// `.a.b` (in the current value only).
    struct Name: Sendable {
        let parts: [String]
        let current: Bool
    }

    enum Node: Sendable {
        case text(String)
        case variable(Name, escaped: Bool)
        case section(Name, [Node])
        case invertedSection(Name, [Node])
        case partial(String, indentation: String?, overrides: [String: [Node]]?)
        case block(String, defaults: [Node], indentation: String?)
        case contentType(any MustacheContentType)
    }

    let templates: [String: [Node]]

    /// Reads every template of `parsed`; nil when one holds something that is not compiled.
    init?(_ parsed: [String: MustacheTemplate]) {
        var templates: [String: [Node]] = [:]
        for (name, template) in parsed {
            guard let nodes = Self.nodes(of: template) else { return nil }
            templates[name] = nodes
        }
        self.templates = templates
    }

    // MARK: - Reading swift-mustache's parsed templates

    /// The nodes of `template`, read from its tokens through reflection (swift-mustache keeps them internal).
    private static func nodes(of template: MustacheTemplate) -> [Node]? {
        guard let tokens = Mirror(reflecting: template).descendant("tokens") as? [Any] else { return nil }
        var nodes: [Node] = []
        nodes.reserveCapacity(tokens.count)
        for token in tokens {
            guard let node = node(of: token) else { return nil }
            nodes.append(node)
        }
        return nodes
    }

    private static func node(of token: Any) -> Node? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let (label, payload) = mirror.children.first.map({ ($0.label, $0.value) }) else { return nil }
        let fields = Mirror(reflecting: payload).children.map(\.value)
        switch label {
        case "text":
            return (payload as? String).map(Node.text)
        case "variable", "unescapedVariable":
            guard fields.count == 2, let name = fields[0] as? String, let transforms = fields[1] as? [String], transforms.isEmpty else { return nil }
            return .variable(Self.name(name), escaped: label == "variable")
        case "section", "invertedSection":
            guard fields.count == 3, let name = fields[0] as? String, let transforms = fields[1] as? [String], transforms.isEmpty,
                  let inner = fields[2] as? MustacheTemplate, let nodes = nodes(of: inner)
            else { return nil }
            return label == "section" ? .section(Self.name(name), nodes) : .invertedSection(Self.name(name), nodes)
        case "partial":
            guard fields.count == 3, let name = fields[0] as? String, let indentation = fields[1] as? String?,
                  let inherits = fields[2] as? [String: MustacheTemplate]?
            else { return nil }
            var overrides: [String: [Node]]?
            if let inherits {
                overrides = [:]
                for (block, template) in inherits {
                    guard let nodes = nodes(of: template) else { return nil }
                    overrides![block] = nodes
                }
            }
            return .partial(name, indentation: indentation, overrides: overrides)
        case "blockExpansion":
            guard fields.count == 3, let name = fields[0] as? String, let defaults = fields[1] as? MustacheTemplate,
                  let indentation = fields[2] as? String?, let nodes = nodes(of: defaults)
            else { return nil }
            return .block(name, defaults: nodes, indentation: indentation)
        case "contentType":
            return (payload as? any MustacheContentType).map(Node.contentType)
        default:
            return nil  // A dynamic partial, or a token this reading does not know.
        }
    }

    /// A name split as swift-mustache splits it (at each `.`, empty parts dropped).
    private static func name(_ text: String) -> Name {
        if text == "." { return Name(parts: [], current: true) }
        return Name(parts: text.split(separator: ".").map(String.init), current: text.first == ".")
    }
}
