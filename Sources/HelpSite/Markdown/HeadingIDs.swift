/// Makes the `id` of each heading of one page: readable, stable for the same text, unique in the page.
///
/// Letters and digits of every script are kept (Korean and Japanese headings keep their text),
/// case is folded, spaces and dashes become one `-`, other punctuation is dropped. A repeated id
/// gets `-1`, `-2`, … as GitHub and Hugo do.
struct HeadingIDs {
    /// Ids the page layout itself uses (`<main id="content">`); a heading never takes them.
    static let layoutIDs: Set<String> = ["content"]

    private var used: Set<String> = HeadingIDs.layoutIDs
    /// For each base id, the first suffix not yet tried: suffixes below it are taken (ids are never
    /// released), so the n-th repeat of a heading costs one step instead of n.
    private var nextSuffix: [String: Int] = [:]

    /// The id for a heading with this plain text.
    mutating func id(for text: String) -> String {
        let base = Self.slug(text)
        var candidate = base
        var counter = nextSuffix[base] ?? 1
        if used.contains(candidate) {
            repeat {
                candidate = "\(base)-\(counter)"
                counter += 1
            } while used.contains(candidate)
            nextSuffix[base] = counter
        }
        used.insert(candidate)
        return candidate
    }

    /// The id part made from a text, before it is made unique.
    static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
                || properties.generalCategory == .spacingMark || scalar == "_" {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else if properties.isWhitespace || scalar == "-" {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}
