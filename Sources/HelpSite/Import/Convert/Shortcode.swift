import Foundation

/// WordPress shortcodes (`[caption id="…"]`, `[embed]`) found in the text of a page.
///
/// Help pages write UI labels in brackets (`[Settings]`), so a bracketed word counts as a shortcode
/// only when it is one WordPress or a common plugin registers, carries `key=value` attributes, or is
/// a closing `[/name]`.
enum Shortcode {
    /// Shortcodes of WordPress itself and of the plugins help centers use most.
    static let known: Set<String> = [
        "caption", "wp_caption", "embed", "gallery", "audio", "video", "playlist", "contact-form-7", "gravityform",
        "toc", "button", "tabs", "tab", "accordion", "vc_row", "vc_column", "vc_column_text", "su_note", "su_box",
    ]

    /// The name and attributes of each opening shortcode in `text` (`caption id="x"`), in order.
    static func all(in text: String) -> [String] {
        guard text.contains("[") else { return [] }
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            let inner = after[..<close]
            rest = after[after.index(after: close)...]
            guard !inner.hasPrefix("/") else { continue }
            let name = inner.prefix { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }
            guard !name.isEmpty, name.first!.isLetter else { continue }
            let attributes = inner.dropFirst(name.count)
            guard attributes.isEmpty || attributes.first!.isWhitespace || attributes == "/" else { continue }
            let closed = text.contains("[/\(name)]")
            if known.contains(String(name)) || attributes.contains("=") || closed {
                found.append(CleanHTML.excerpt(String(inner), limit: 60))
            }
        }
        return found
    }
}
