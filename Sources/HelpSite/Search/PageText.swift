/// The plain text of a rendered article body, cut into sections at its headings.
///
/// helpgen writes every heading on one line as `<h2 id="…">…</h2>` (see `CommonMarkTree`), so the
/// sections are found without an HTML parser. Tags are dropped, the five entities helpgen and cmark
/// write and numeric references are decoded, and callout titles (`Tip`, `Note`) are left out.
enum PageText {
    /// The sections of `html`: the text before the first heading with an `id`, then one per heading.
    static func sections(ofArticle html: String) -> [SearchSection] {
        var sections: [SearchSection] = []
        var anchor: String?
        var heading: String?
        var text = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<h") {
            let afterTag = rest[open.upperBound...]
            // Raw HTML in a page may hold any heading: the closing tag is looked for after the id.
            guard let level = afterTag.first, ("2"..."6").contains(level),
                  afterTag.dropFirst().hasPrefix(" id=\""),
                  let idEnd = afterTag.dropFirst(6).firstIndex(of: "\""),
                  let close = afterTag[idEnd...].range(of: "</h\(level)>")
            else {
                text += rest[..<open.upperBound]
                rest = afterTag
                continue
            }
            text += rest[..<open.lowerBound]
            sections.append(SearchSection(anchor: anchor, heading: heading, text: plain(text)))
            anchor = decodeEntities(String(afterTag[afterTag.index(afterTag.startIndex, offsetBy: 6)..<idEnd]))
            let inner = afterTag[afterTag.index(after: idEnd)..<close.lowerBound].drop { $0 != ">" }.dropFirst()
            heading = plain(String(inner))
            text = ""
            rest = afterTag[close.upperBound...]
        }
        text += rest
        sections.append(SearchSection(anchor: anchor, heading: heading, text: plain(text)))
        return sections
    }

    /// Tags out, entities decoded, whitespace collapsed.
    static func plain(_ html: String) -> String {
        var html = Substring(html)
        var out = ""
        // Callout titles are labels, not content.
        while let start = html.range(of: "<p class=\"callout-title\">") {
            out += html[..<start.lowerBound]
            guard let end = html[start.upperBound...].range(of: "</p>") else { html = html[start.upperBound...]; break }
            out += " "
            html = html[end.upperBound...]
        }
        out += html
        var text = ""
        var inTag = false
        for character in out {
            switch character {
            case "<": inTag = true
            case ">" where inTag: inTag = false; text += " "
            default: if !inTag { text.append(character) }
            }
        }
        return decodeEntities(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` and `&#NNN;` / `&#xHH;` decoded.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
            var decoded: String? = named[name]
            if decoded == nil, name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                decoded = value.flatMap(Unicode.Scalar.init).map { String($0) }
            }
            if let decoded {
                out += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
