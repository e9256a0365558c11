import Foundation

/// What a thread keeps between the pages it analyses (`PageTerms`): the runs and keys it has seen,
/// and the arrays it counts a page's terms in. A page takes them out, works on them as local
/// values, and puts them back: a value held in a local variable is worked on in place, where a
/// class's stored property would be checked for overlapping access on every count.
final class AnalysisScratch {
    private var runs = AnalysedRuns()
    private var tally = TermTally()

    /// The calling thread's own.
    static var ofThisThread: AnalysisScratch {
        let name = "helpgen.analysisScratch"
        if let scratch = Thread.current.threadDictionary[name] as? AnalysisScratch { return scratch }
        let scratch = AnalysisScratch()
        Thread.current.threadDictionary[name] = scratch
        return scratch
    }

    /// The runs and the tally, left empty here until `keep(_:_:)` puts them back.
    func take() -> (runs: AnalysedRuns, tally: TermTally) {
        defer {
            runs = AnalysedRuns()
            tally = TermTally()
        }
        return (runs, tally)
    }

    func keep(_ runs: AnalysedRuns, _ tally: TermTally) {
        self.runs = runs
        self.tally = tally
    }
}
