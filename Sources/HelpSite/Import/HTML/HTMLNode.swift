import Foundation

/// One node of an HTML fragment as WordPress stored it: an element, text (entities decoded) or a comment.
enum HTMLNode: Sendable, Equatable {
    case element(HTMLElement)
    case text(String)
    case comment(String)

    /// The element, when this node is one.
    var element: HTMLElement? {
        if case let .element(element) = self { return element }
        return nil
    }

    /// True for text that is only whitespace (non-breaking spaces included), which layout ignores.
    var isBlankText: Bool {
        if case let .text(text) = self { return text.allSatisfy { $0.isWhitespace } }
        return false
    }

    /// The text a reader sees, tags left out.
    var plainText: String {
        switch self {
        case let .text(text): text
        case .comment: ""
        case let .element(element): element.name == "br" ? "\n" : element.children.map(\.plainText).joined()
        }
    }
}

/// An element with its attributes in source order and its children.
struct HTMLElement: Sendable, Equatable {
    /// Lowercased tag name.
    let name: String
    /// Attributes in source order; names lowercased, values decoded.
    let attributes: [HTMLAttribute]
    /// The child nodes.
    var children: [HTMLNode]

    /// The value of attribute `name`, if present.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The words of `class`.
    var classes: [String] {
        (attribute("class") ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The children that are not whitespace-only text nor comments.
    var significantChildren: [HTMLNode] {
        children.filter { node in
            if node.isBlankText { return false }
            if case .comment = node { return false }
            return true
        }
    }

    /// HTML elements that never have content or an end tag.
    static let voidNames: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
}

/// One attribute of an element.
struct HTMLAttribute: Sendable, Equatable {
    /// Lowercased name.
    let name: String
    /// The value with entities decoded ("" for an attribute written without a value).
    let value: String
}
