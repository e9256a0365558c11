/// Plain-text shortening for meta descriptions.
enum PlainText {
    /// `text` with whitespace collapsed, cut at a word boundary to at most `limit` characters plus `…`.
    /// Reads only as far as the cut: a long paragraph is not walked to its end.
    static func summary(_ text: String, limit: Int = 160) -> String {
        var collapsed = ""
        var count = 0
        var spaceBefore = false
        for character in text {
            if character.isWhitespace {
                spaceBefore = count > 0
                continue
            }
            if spaceBefore {
                collapsed.append(" ")
                count += 1
                spaceBefore = false
            }
            collapsed.append(character)
            count += 1
            if count > limit { break }
        }
        guard count > limit else { return collapsed }
        let cut = collapsed.prefix(limit)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            return String(cut[..<space]) + "…"
        }
        return String(cut) + "…"
    }
}
