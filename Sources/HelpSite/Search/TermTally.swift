/// One page's terms counted by key number (`AnalysedRuns`), in arrays a thread reuses for every
/// page it analyses (kept in its `AnalysisScratch`): a count is found by indexing, not by hashing its
/// key, and nothing is cleared between sections or pages — each entry remembers which section and
/// page wrote it last.
struct TermTally {
    /// A term's counts in one section: its occurrences in the body, and its best place (title,
    /// heading).
    struct Counts {
        var body = 0.0
        var place = 0.0
    }

    /// A term of the page and its postings, in section order.
    struct Entry {
        let number: Int32
        let first: PageTerms.Posting
        var more: [PageTerms.Posting]
    }

    private var counts: [Counts] = []
    /// By number: the section (`section`'s value) that last counted it.
    private var countedIn: [Int] = []
    /// By number: the page (`page`'s value) that last gave it an entry, and where that entry is.
    private var enteredIn: [Int] = []
    private var entryIndex: [Int32] = []
    /// Goes up with every section of every page, and every page.
    private var section = 0
    private var page = 0
    /// The numbers counted in this section, in order.
    private var counted: [Int32] = []
    /// The page's terms so far, in the order first counted.
    private(set) var entries: [Entry] = []

    /// Starts a page: no terms yet.
    mutating func startPage() {
        page += 1
        entries.removeAll(keepingCapacity: true)
    }

    /// Starts a section.
    mutating func startSection() {
        section += 1
        counted.removeAll(keepingCapacity: true)
    }

    /// Counts `share` of an occurrence of `number` in the section's body.
    mutating func addBody(_ number: Int32, _ share: Double) {
        let index = Int(number)
        touch(index)
        counts[index].body += share
    }

    /// Counts `number` in a place worth `value` (the title or the heading); the best place counts.
    mutating func addPlace(_ number: Int32, _ value: Double) {
        let index = Int(number)
        touch(index)
        counts[index].place = Swift.max(counts[index].place, value)
    }

    /// Ends the section numbered `sectionIndex` in the page: each term counted in it gets a posting
    /// with the score `score` gives its counts.
    mutating func finishSection(_ sectionIndex: Int, score: (Counts) -> Int) {
        for number in counted {
            let index = Int(number)
            let posting = PageTerms.Posting(section: sectionIndex, score: score(counts[index]))
            if enteredIn[index] == page {
                entries[Int(entryIndex[index])].more.append(posting)
            } else {
                enteredIn[index] = page
                entryIndex[index] = Int32(entries.count)
                entries.append(Entry(number: number, first: posting, more: []))
            }
        }
    }

    private mutating func touch(_ index: Int) {
        if index >= counts.count { grow(toHold: index) }
        guard countedIn[index] != section else { return }
        countedIn[index] = section
        counts[index] = Counts()
        counted.append(Int32(index))
    }

    /// Makes room for every number up to `index`, and as many again.
    private mutating func grow(toHold index: Int) {
        let more = Swift.max(index + 1, counts.count)
        counts.append(contentsOf: repeatElement(Counts(), count: more))
        countedIn.append(contentsOf: repeatElement(0, count: more))
        enteredIn.append(contentsOf: repeatElement(0, count: more))
        entryIndex.append(contentsOf: repeatElement(0, count: more))
    }
}
