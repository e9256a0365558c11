/// The known name a mistyped one was most likely meant to be (`codeLenght` → `codeLength`).
enum ClosestName {
    /// The name of `known` nearest to `typed` by edit distance (letter case ignored), when it is near
    /// enough to be a typo: at most a third of its letters differ (and at least one may); else `nil`.
    static func suggestion(for typed: String, among known: some Sequence<String>) -> String? {
        let target = Array(typed.lowercased())
        var best: (name: String, distance: Int)?
        for name in known {
            let distance = editDistance(target, Array(name.lowercased()))
            if distance <= max(1, name.count / 3), distance < (best?.distance ?? .max) {
                best = (name, distance)
            }
        }
        return best?.name
    }

    /// ` (did you mean `name`?)` when a known name is near `typed`, else an empty string.
    static func hint(for typed: String, among known: some Sequence<String>) -> String {
        suggestion(for: typed, among: known).map { " (did you mean `\($0)`?)" } ?? ""
    }

    /// Insertions, deletions, substitutions and swaps of two neighbours that turn `a` into `b`.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
