/// Plain-text shortening for meta descriptions.
enum PlainText {
    /// `text` with whitespace collapsed, cut at a word boundary to at most `limit` characters plus `…`.
    static func summary(_ text: String, limit: Int = 160) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard collapsed.count > limit else { return collapsed }
        let cut = collapsed.prefix(limit)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            return String(cut[..<space]) + "…"
        }
        return String(cut) + "…"
    }
}
