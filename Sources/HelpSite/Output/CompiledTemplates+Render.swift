import Mustache

extension CompiledTemplates {
    /// Thrown when a value meets a node that swift-mustache would render through Swift's description
    /// of a collection (`{{list}}`): the caller renders that page the general way.
    struct NeedsGeneralRendering: Error {}

    /// What a node renders in: swift-mustache's context, over typed values. One context goes
    /// through a whole render, changed on the way in to a section, partial or block and changed back
    /// on the way out (no copy of the stack for each section entered).
    private struct Context {
        var stack: [TemplateValue]
        var indentation: String?
        var inherited: [String: [Node]]?
        /// nil: swift-mustache's HTML escaping, which a partial starts with.
        var contentType: (any MustacheContentType)?

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
        var context = Context(stack: [value])
        try render(nodes, &context, into: &text)
        return text
    }

    /// Appends what `nodes` render to `text`, with `value` on top of the context's stack.
    private func render(_ nodes: [Node], pushing value: TemplateValue, _ context: inout Context, into text: inout String) throws {
        context.stack.append(value)
        defer { context.stack.removeLast() }
        try render(nodes, &context, into: &text)
    }

    /// Appends what `nodes` render to `text`. A content type set among them holds until their end.
    private func render(_ nodes: [Node], _ context: inout Context, into text: inout String) throws {
        let contentType = context.contentType
        defer { context.contentType = contentType }
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
                for element in elements { try render(nodes, pushing: element, &context, into: &text) }
            case let .flag(flag)?: if flag { try render(nodes, &context, into: &text) }
            case let value?: try render(nodes, pushing: value, &context, into: &text)
            case nil: break
            }
        case let .invertedSection(name, nodes):
            switch lookUp(name, in: context.stack) {
            case let .list(elements)? where elements.isEmpty: try render(nodes, pushing: .list(elements), &context, into: &text)
            case let .flag(flag)?: if !flag { try render(nodes, &context, into: &text) }
            case nil: try render(nodes, &context, into: &text)
            case _?: break
            }
        case let .partial(name, indentation, overrides):
            guard let nodes = templates[name] else { return }
            let (outerIndentation, outerInherited, outerContentType) = (context.indentation, context.inherited, context.contentType)
            defer { (context.indentation, context.inherited, context.contentType) = (outerIndentation, outerInherited, outerContentType) }
            if let indentation { context.indentation = (outerIndentation ?? "") + indentation }
            if let overrides {
                // Blocks overridden further out win over these.
                context.inherited = outerInherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            context.contentType = nil
            try render(nodes, &context, into: &text)
        case let .block(name, defaults, indentation):
            let outerIndentation = context.indentation
            defer { context.indentation = outerIndentation }
            if let indentation { context.indentation = (outerIndentation ?? "") + indentation }
            try render(context.inherited?[name] ?? defaults, &context, into: &text)
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
