/// What one thread has learnt of the text it analysed (kept in its `AnalysisScratch`): the keys each
/// run of text counts for, and every key numbered in the order first seen. Pages repeat their words,
/// and a site its vocabulary, so each distinct run is analysed about once, and a page's terms are
/// counted by number, in arrays, rather than by key in dictionaries (`PageTerms`).
struct AnalysedRuns {
    /// One token as numbers of `key(_:)`: its term and its pieces.
    struct Keys {
        let term: Int32
        let pieces: [Int32]
    }

    /// Runs kept at most; then the thread starts again (a long `watch` sees ever more text).
    static let limit = 100_000

    private var runs: [SearchAnalyzer.Run: [Keys]] = [:]
    private var keys: [SearchKey] = []
    private var numbers: [SearchKey: Int32] = [:]

    /// How many keys are numbered: every number is below it.
    var count: Int { keys.count }

    /// The key numbered `number`.
    func key(_ number: Int32) -> SearchKey { keys[Int(number)] }

    /// Forgets everything once over `limit`. Numbers handed out before are then meaningless: call it
    /// only between pages.
    mutating func trim() {
        guard runs.count >= Self.limit else { return }
        runs.removeAll()
        keys.removeAll()
        numbers.removeAll()
    }

    /// The keys of each of `run`'s tokens (`SearchAnalyzer.tokens(of:)`), as numbers.
    mutating func keys(of run: SearchAnalyzer.Run) -> [Keys] {
        if let known = runs[run] { return known }
        let found = SearchAnalyzer.tokens(of: run).map { token in
            Keys(term: number(of: SearchKey(term: token.term)), pieces: token.pieces.map { number(of: SearchKey(term: $0)) })
        }
        runs[run] = found
        return found
    }

    private mutating func number(of key: SearchKey) -> Int32 {
        if let known = numbers[key] { return known }
        let number = Int32(keys.count)
        keys.append(key)
        numbers[key] = number
        return number
    }
}
