/// Escaping for text the generator writes into HTML or XML itself (templates escape on their own).
enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'` so the text is safe inside an attribute value or element.
    static func escapeAttribute(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
