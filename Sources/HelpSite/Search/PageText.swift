/// The plain text of a rendered article body, cut into sections at its headings.
///
/// helpgen writes every heading on one line as `<h2 id="…">…</h2>` (see `CommonMarkTree`), so the
/// sections are found without an HTML parser. Tags are dropped, the entities helpgen and cmark write
/// and numeric references are decoded, and callout titles (`Tip`, `Note`) are left out. Works on
/// UTF-8 bytes: every page of a site goes through it.
enum PageText {
    /// The sections of `html`: the text before the first heading with an `id`, then one per heading.
    static func sections(ofArticle html: String) -> [SearchSection] {
        let bytes = Array(html.utf8)
        var sections: [SearchSection] = []
        var anchor: String?
        var heading: String?
        var textStart = 0
        var textParts: [ArraySlice<UInt8>] = []
        var position = 0
        while let open = find(Array("<h".utf8), in: bytes, from: position) {
            let level = open + 2 < bytes.count ? bytes[open + 2] : 0
            let idStart = open + 3 + 5  // `<hN id="`
            // Raw HTML in a page may hold any heading: the closing tag is looked for after the id.
            guard (UInt8(ascii: "2")...UInt8(ascii: "6")).contains(level),
                  idStart <= bytes.count, bytes[(open + 3)..<idStart].elementsEqual(" id=\"".utf8),
                  let idEnd = bytes[idStart...].firstIndex(of: UInt8(ascii: "\"")),
                  let close = find(Array("</h".utf8) + [level, UInt8(ascii: ">")], in: bytes, from: idEnd)
            else {
                position = open + 2
                continue
            }
            textParts.append(bytes[textStart..<open])
            sections.append(SearchSection(anchor: anchor, heading: heading, text: plain(textParts)))
            anchor = decodeEntities(String(decoding: bytes[idStart..<idEnd], as: UTF8.self))
            let innerStart = bytes[idEnd..<close].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? close
            heading = plain([bytes[innerStart..<close]])
            textParts = []
            position = close + 5
            textStart = position
        }
        textParts.append(bytes[textStart...])
        sections.append(SearchSection(anchor: anchor, heading: heading, text: plain(textParts)))
        return sections
    }

    /// Tags out (callout titles with their text), entities decoded, whitespace collapsed.
    static func plain(_ parts: [ArraySlice<UInt8>]) -> String {
        let calloutTitle = Array("<p class=\"callout-title\">".utf8)
        var out: [UInt8] = []
        var inTag = false
        var pendingSpace = false
        for part in parts {
            var index = part.startIndex
            while index < part.endIndex {
                let byte = part[index]
                if !inTag, byte == UInt8(ascii: "<"), part[index...].starts(with: calloutTitle),
                   let end = find(Array("</p>".utf8), in: part, from: index) {
                    index = end + 4
                    pendingSpace = true
                    continue
                }
                switch byte {
                case UInt8(ascii: "<"):
                    inTag = true
                case UInt8(ascii: ">") where inTag:
                    inTag = false
                    pendingSpace = true
                case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                    if !inTag { pendingSpace = true }
                default:
                    if !inTag {
                        if pendingSpace, !out.isEmpty { out.append(0x20) }
                        pendingSpace = false
                        out.append(byte)
                    }
                }
                index += 1
            }
        }
        let text = String(decoding: out, as: UTF8.self)
        guard out.contains(UInt8(ascii: "&")) else { return text }
        // Decoding can bring back spaces (`&nbsp;`): collapse them too.
        return decodeEntities(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Tags out, entities decoded, whitespace collapsed.
    static func plain(_ html: String) -> String {
        plain([ArraySlice(html.utf8)])
    }

    /// The first position of `needle` in `bytes` at or after `start`.
    private static func find<Bytes: RandomAccessCollection>(_ needle: [UInt8], in bytes: Bytes, from start: Int) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let first = needle.first, start < bytes.endIndex else { return nil }
        var index = max(start, bytes.startIndex)
        let last = bytes.endIndex - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
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
