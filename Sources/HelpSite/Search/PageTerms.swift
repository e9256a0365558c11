import Foundation

/// One page's part of its locale's index: its document (for the result list and snippets) and, for
/// each term, the sections it occurs in with how well each answers it. Made from the page alone, so
/// pages are analysed in parallel, kept between builds (`SearchPages`), and an edit changes only
/// its own page's terms.
///
/// A posting's score is `(place + BM25 body weight) × page weight × 100`, rounded, where `place`
/// ranks a match in the title (5) over one in the section's heading (2.5) over the body (0, BM25
/// only, which saturates below 2.2). The body weight normalizes the section's length (rounded:
/// `roundedLength`) against a fixed reference length rather than the site's average, and the term's rarity (idf) is left to the
/// browser, which knows it from the term's number of postings and the locale's number of sections
/// (`meta.json`): no page's scores depend on another page. A term found only as a piece of a longer
/// word (`링크` inside `보안링크`) counts half, so whole words come first.
struct PageTerms: Sendable {
    /// One section's score for a term.
    struct Posting: Sendable, Equatable {
        // Stored in 32 bits each: a build holds every posting of every page at once.
        private let storedSection: Int32
        private let storedScore: Int32

        init(section: Int, score: Int) {
            storedSection = Int32(clamping: section)
            storedScore = Int32(clamping: score)
        }

        var section: Int { Int(storedSection) }
        var score: Int { Int(storedScore) }
    }

    /// A term's postings, by section: the first kept in place, any more in an array. Most of a
    /// page's hundreds of terms are in one section only, and need no allocation of their own.
    struct Postings: RandomAccessCollection, Sendable, Equatable {
        private let first: Posting
        private let more: [Posting]

        /// `postings`, which must not be empty.
        init(_ postings: some Collection<Posting>) {
            first = postings.first!
            more = postings.count == 1 ? [] : Array(postings.dropFirst())
        }

        /// `first`, then `more`.
        init(first: Posting, more: [Posting]) {
            self.first = first
            self.more = more
        }

        var startIndex: Int { 0 }
        var endIndex: Int { more.count + 1 }
        subscript(position: Int) -> Posting { position == 0 ? first : more[position - 1] }
    }

    /// A term and its postings, by section.
    struct Term: Sendable, Equatable {
        let key: SearchKey
        let postings: Postings
    }

    let document: SearchDocument
    /// Sorted by key.
    let terms: [Term]

    static let titlePlace = 5.0
    static let headingPlace = 2.5
    static let pieceShare = 0.5
    static let k1 = 1.2
    static let b = 0.75
    /// The section length (in tokens) at which the body weight is neither raised nor lowered.
    static let referenceLength = 60.0

    /// Analyses a page: counts the terms of its title, headings and sections, and scores them.
    init(_ document: SearchDocument) {
        let scratch = AnalysisScratch.ofThisThread
        var (analysed, tally) = scratch.take()
        analysed.trim()
        tally.startPage()
        for (sectionIndex, section) in document.sections.enumerated() {
            tally.startSection()
            for (text, value) in [(sectionIndex == 0 ? document.title : nil, Self.titlePlace), (section.heading, Self.headingPlace)] {
                guard let text else { continue }
                SearchAnalyzer.forEachRun(in: text) { run in
                    for token in analysed.keys(of: run) {
                        tally.addPlace(token.term, value)
                        for piece in token.pieces { tally.addPlace(piece, value * Self.pieceShare) }
                    }
                }
            }
            var length = 0
            SearchAnalyzer.forEachRun(in: section.text) { run in
                for token in analysed.keys(of: run) {
                    length += 1
                    tally.addBody(token.term, 1)
                    for piece in token.pieces { tally.addBody(piece, Self.pieceShare) }
                }
            }
            let norm = Self.k1 * (1 - Self.b + Self.b * Self.roundedLength(length) / Self.referenceLength)
            tally.finishSection(sectionIndex) { counts in
                let bodyWeight = counts.body * (Self.k1 + 1) / (counts.body + norm)
                return max(Int(((counts.place + bodyWeight) * document.weight * 100).rounded()), 1)
            }
        }
        // One term per key, sorted by key (the keys sorted with their entry's place, then the terms made).
        let entries = tally.entries
        let order = entries.indices.map { (key: analysed.key(entries[$0].number), entry: $0) }.sorted { $0.key < $1.key }
        let terms = order.map { Term(key: $0.key, postings: Postings(first: entries[$0.entry].first, more: entries[$0.entry].more)) }
        scratch.keep(analysed, tally)
        self.init(document: document, terms: terms)
    }

    /// A section's length rounded to a step of about a fifth (four steps to each doubling), so that
    /// an edit of a few words changes the scores of the words it touched, not those of every word in
    /// the section (and the index chunks that hold them).
    static func roundedLength(_ length: Int) -> Double {
        exp2((log2(Double(length) + 1) * 4).rounded() / 4)
    }

    /// A page's terms as analysed before (read back from `SearchPages`).
    init(document: SearchDocument, terms: [Term]) {
        self.document = document
        self.terms = terms
    }
}
