/// A value a template reads, typed: a help page's values as `PageContext` builds them (and any nested
/// `[String: Any]` dictionaries and arrays, converted), so that each name a template looks up is a
/// dictionary lookup and each section a `switch`, not a chain of dynamic casts.
///
/// Each case behaves in a template as the Swift value it came from does in swift-mustache: `{{name}}`
/// writes a string or number as it is and a Boolean as `true` or `false`; a section over a list
/// repeats, over `false` or nothing is skipped, over anything else is entered with the value on top
/// of the context.
enum TemplateValue: Sendable {
    /// A string, or a number as the text swift-mustache writes for it.
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    /// A dictionary: the only value with named children.
    case object([String: TemplateValue])

    /// Converts `value`; nil when it holds anything else (a struct read through reflection, an
    /// optional, a lambda), which the caller then renders the general way.
    init?(_ value: Any) {
        switch value {
        case let text as String:
            self = .text(text)
        case let flag as Bool:
            self = .flag(flag)
        case let number as Int:
            self = .text(String(number))
        case let map as [String: Any]:
            guard let object = Self.object(map) else { return nil }
            self = object
        case let array as [Any]:
            var elements: [TemplateValue] = []
            elements.reserveCapacity(array.count)
            for element in array {
                guard let converted = TemplateValue(element) else { return nil }
                elements.append(converted)
            }
            self = .list(elements)
        default:
            return nil
        }
    }

    /// `map` as an object, or nil when one of its values cannot be converted.
    static func object(_ map: [String: Any]) -> TemplateValue? {
        var children: [String: TemplateValue] = [:]
        children.reserveCapacity(map.count)
        for (key, child) in map {
            guard let converted = TemplateValue(child) else { return nil }
            children[key] = converted
        }
        return .object(children)
    }

    /// The child called `name`: only a dictionary has children.
    func child(_ name: String) -> TemplateValue? {
        if case let .object(children) = self { return children[name] }
        return nil
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral text: String) { self = .text(text) }
    init(booleanLiteral flag: Bool) { self = .flag(flag) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    init(dictionaryLiteral children: (String, TemplateValue)...) { self = .object(Dictionary(uniqueKeysWithValues: children)) }

    /// The value as swift-mustache reads it, for a template the compiled renderer leaves to it.
    var anyValue: Any {
        switch self {
        case let .text(text): text
        case let .flag(flag): flag
        case let .list(elements): elements.map(\.anyValue)
        case let .object(children): children.mapValues(\.anyValue)
        }
    }
}
