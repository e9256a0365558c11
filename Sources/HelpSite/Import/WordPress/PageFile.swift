import Foundation

/// The Markdown file of an imported page: front matter, then the converted body.
enum PageFile {
    /// The file of a WordPress page.
    static func text(of placed: PlacedPage, body: String) -> String {
        let page = placed.page
        var lines = ["---", "title: " + yaml(page.title)]
        if let slug = page.slug { lines.append("slug: " + yaml(slug)) }
        if let order = page.menuOrder { lines.append("order: \(order)") }
        if let modified = page.modifiedGMT, modified.count >= 10 {
            let date = String(modified.prefix(10))
            if date.split(separator: "-").map(\.count) == [4, 2, 2] { lines.append("updated: " + date) }
        }
        if let description = page.description { lines.append("description: " + yaml(description)) }
        let path = URLComponents(url: page.link, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? page.link.path
        lines += ["aliases:", "  - " + yaml(path.isEmpty ? "/" : path)]
        lines += ["wordpress:", "  id: \(page.id)"]
        if let parent = page.parent { lines.append("  parent: \(parent)") }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + (body.isEmpty ? "" : "\n" + body)
    }

    /// The file of a section page made for a missing parent.
    static func text(of parent: CreatedParent) -> String {
        "---\ntitle: \(yaml(parent.title))\n---\n"
    }

    /// `text` as a YAML scalar: plain when YAML reads it back as the same string (it starts with a letter,
    /// is not a YAML keyword, and has no `: `, ` #`, line break or control character), else double-quoted.
    static func yaml(_ text: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]
        let plain = !text.isEmpty && text.first!.isLetter && text.last.map { !$0.isWhitespace } == true
            && !reserved.contains(text.lowercased())
            && !text.contains(": ") && !text.contains(" #") && !text.hasSuffix(":")
            && !text.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        if plain { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case _ where scalar.properties.generalCategory == .control:
                quoted += String(format: "\\u%04X", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
