import Foundation

/// The keys each run of text counts for, kept by one thread for the pages it analyses: pages
/// repeat their words, and a site its vocabulary, so each distinct run is analysed about once.
final class AnalysedRuns {
    typealias Keys = (term: SearchKey, pieces: [SearchKey])

    /// Runs kept at most; then the thread starts again (a long `watch` sees ever more text).
    static let limit = 100_000

    private var keys: [SearchAnalyzer.Run: [Keys]] = [:]

    /// The calling thread's own.
    static var ofThisThread: AnalysedRuns {
        let name = "helpgen.analysedRuns"
        if let runs = Thread.current.threadDictionary[name] as? AnalysedRuns { return runs }
        let runs = AnalysedRuns()
        Thread.current.threadDictionary[name] = runs
        return runs
    }

    /// The keys of `run`'s tokens (`SearchAnalyzer.tokens(of:)`): each token's term and pieces.
    func keys(of run: SearchAnalyzer.Run) -> [Keys] {
        if let known = keys[run] { return known }
        if keys.count >= Self.limit { keys.removeAll() }
        let found = SearchAnalyzer.tokens(of: run).map { (SearchKey(term: $0.term), $0.pieces.map(SearchKey.init(term:))) }
        keys[run] = found
        return found
    }
}
