import Mustache

extension CompiledTemplates {
    /// Thrown when a value meets a node that swift-mustache would render through Swift's description
    /// of a collection (`{{list}}`): the caller renders that page the general way.
    struct NeedsGeneralRendering: Error {}

    /// What a node renders in: swift-mustache's context, over typed values.
    private struct Context {
        var stack: [TemplateValue]
        var indentation: String?
        var inherited: [String: [Node]]?
        /// nil: swift-mustache's HTML escaping, which a partial starts with.
        var contentType: (any MustacheContentType)?

        func with(_ value: TemplateValue) -> Context {
            var context = self
            context.stack.append(value)
            return context
        }

        func indented(_ indented: String?) -> Context {
            var context = self
            if let indented { context.indentation = (indentation ?? "") + indented }
            return context
        }

        func escaped(_ text: String) -> String {
            contentType?.escapeText(text) ?? Self.htmlEscaped(text)
        }

        /// swift-mustache's HTML escaping, Character by Character.
        private static func htmlEscaped(_ text: String) -> String {
            var escaped = ""
            escaped.reserveCapacity(text.utf8.count)
            for character in text {
                switch character {
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "&": escaped += "&amp;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                default: escaped.append(character)
                }
            }
            return escaped
        }
    }

    /// Renders the template called `name` over `value`; nil when there is no such template.
    func render(_ value: TemplateValue, with name: String) throws -> String? {
        guard let nodes = templates[name] else { return nil }
        var text = ""
        try render(nodes, Context(stack: [value]), into: &text)
        return text
    }

    /// Appends what `nodes` render to `text`.
    private func render(_ nodes: [Node], _ context: Context, into text: inout String) throws {
        var context = context
        guard let indentation = context.indentation, !indentation.isEmpty else {
            for node in nodes { try render(node, &context, into: &text) }
            return
        }
        // A partial's indentation starts every line it writes something on, judged (as swift-mustache
        // does) by what this template wrote so far.
        var own = ""
        for node in nodes {
            var rendered = ""
            try render(node, &context, into: &rendered)
            if !rendered.isEmpty, own.last == "\n" { own += indentation }
            own += rendered
        }
        text += own
    }

    private func render(_ node: Node, _ context: inout Context, into text: inout String) throws {
        switch node {
        case let .text(constant):
            text += constant
        case let .variable(name, escaped):
            switch lookUp(name, in: context.stack) {
            case let .text(value)?: text += escaped ? context.escaped(value) : value
            case let .flag(flag)?: text += flag ? "true" : "false"
            case .list?, .object?: throw NeedsGeneralRendering()
            case nil: break
            }
        case let .section(name, nodes):
            switch lookUp(name, in: context.stack) {
            case let .list(elements)?:
                for element in elements { try render(nodes, context.with(element), into: &text) }
            case let .flag(flag)?: if flag { try render(nodes, context, into: &text) }
            case let value?: try render(nodes, context.with(value), into: &text)
            case nil: break
            }
        case let .invertedSection(name, nodes):
            switch lookUp(name, in: context.stack) {
            case let .list(elements)? where elements.isEmpty: try render(nodes, context.with(.list(elements)), into: &text)
            case let .flag(flag)?: if !flag { try render(nodes, context, into: &text) }
            case nil: try render(nodes, context, into: &text)
            case _?: break
            }
        case let .partial(name, indentation, overrides):
            guard let nodes = templates[name] else { return }
            var inner = context.indented(indentation)
            if let overrides {
                // Blocks overridden further out win over these.
                inner.inherited = context.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            inner.contentType = nil
            try render(nodes, inner, into: &text)
        case let .block(name, defaults, indentation):
            try render(context.inherited?[name] ?? defaults, context.indented(indentation), into: &text)
        case let .contentType(contentType):
            context.contentType = contentType
        }
    }

    /// The value `name` names: the first part is looked up from the top of the stack down (or in
    /// the top value only, for `.a.b`), each further part in the value found.
    private func lookUp(_ name: Name, in stack: [TemplateValue]) -> TemplateValue? {
        guard let first = name.parts.first else { return stack.last }
        var found: TemplateValue?
        if name.current {
            found = stack.last?.child(first)
        } else {
            for value in stack.reversed() {
                if let child = value.child(first) {
                    found = child
                    break
                }
            }
        }
        for part in name.parts.dropFirst() {
            found = found?.child(part)
        }
        return found
    }
}
