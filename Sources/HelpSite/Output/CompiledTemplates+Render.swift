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
        return try render(nodes, Context(stack: [value]))
    }

    private func render(_ nodes: [Node], _ context: Context) throws -> String {
        var text = ""
        var context = context
        if let indentation = context.indentation, !indentation.isEmpty {
            // A partial's indentation starts every line it writes something on.
            for node in nodes {
                let rendered = try render(node, &context)
                if !rendered.isEmpty, text.last == "\n" { text += indentation }
                text += rendered
            }
        } else {
            for node in nodes { text += try render(node, &context) }
        }
        return text
    }

    private func render(_ node: Node, _ context: inout Context) throws -> String {
        switch node {
        case let .text(text):
            return text
        case let .variable(name, escaped):
            switch lookUp(name, in: context.stack) {
            case let .text(text)?: return escaped ? context.escaped(text) : text
            case let .flag(flag)?: return flag ? "true" : "false"
            case .list?, .object?: throw NeedsGeneralRendering()
            case nil: return ""
            }
        case let .section(name, nodes):
            switch lookUp(name, in: context.stack) {
            case let .list(elements)?:
                var text = ""
                for element in elements { text += try render(nodes, context.with(element)) }
                return text
            case let .flag(flag)?: return flag ? try render(nodes, context) : ""
            case let value?: return try render(nodes, context.with(value))
            case nil: return ""
            }
        case let .invertedSection(name, nodes):
            switch lookUp(name, in: context.stack) {
            case let .list(elements)? where elements.isEmpty: return try render(nodes, context.with(.list(elements)))
            case let .flag(flag)?: return flag ? "" : try render(nodes, context)
            case nil: return try render(nodes, context)
            case _?: return ""
            }
        case let .partial(name, indentation, overrides):
            guard let nodes = templates[name] else { return "" }
            var inner = context.indented(indentation)
            if let overrides {
                // Blocks overridden further out win over these.
                inner.inherited = context.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            inner.contentType = nil
            return try render(nodes, inner)
        case let .block(name, defaults, indentation):
            return try render(context.inherited?[name] ?? defaults, context.indented(indentation))
        case let .contentType(contentType):
            context.contentType = contentType
            return ""
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
