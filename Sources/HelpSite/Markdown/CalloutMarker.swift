import Foundation

/// The first line of a callout blockquote: `[!TIP]`, `[!NOTE]` or `[!WARNING]` (GitHub's syntax).
enum CalloutMarker {
    /// The kinds of callout the help center styles.
    static let kinds = ["tip", "note", "warning"]

    /// The lowercased kind named by `line` when it is exactly a marker such as `[!TIP]`, else nil.
    static func word(in line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]"), trimmed.count > 3 else { return nil }
        let word = trimmed.dropFirst(2).dropLast().lowercased()
        return kinds.contains(word) ? word : nil
    }
}
