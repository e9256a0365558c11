import Foundation

/// The inverted index of one locale: for each term, the sections it occurs in and how well each
/// one answers it, scored at build time so the browser only adds numbers.
///
/// A posting's score is `idf × (place + BM25 body weight) × page weight`, where `place` ranks a
/// match in the title (5) over one in the section's heading (2.5) over the body (0, BM25 only,
/// which saturates below 2.2): title over headings over body, then a BM25 score. A term found only
/// as a piece of a longer word (`링크` inside `보안링크`) counts half, so whole words come first.
struct SearchIndex: Sendable {
    /// One section's score for one term.
    struct Posting: Sendable, Equatable {
        /// Index of the page in `documents`.
        let page: Int
        /// Index of the section in the page.
        let section: Int
        /// The score × 100, rounded.
        let score: Int
    }

    /// One page's terms, counted per section: the part of indexing that needs no other page, so
    /// pages are analysed in parallel (`analyze`) and only the scoring sees them all.
    struct AnalyzedPage: Sendable {
        /// How often a term occurs in a section's body, and the best place (title, heading) it has.
        struct Counts: Sendable {
            var body = 0.0
            var place = 0.0
        }

        let document: SearchDocument
        /// Per section: its body's length in tokens and its terms.
        let sections: [(length: Int, counts: [String: Counts])]
    }

    /// The pages, in the order their ids refer to.
    let documents: [SearchDocument]
    /// Term (NFC) → postings, sorted by page, then section.
    let postings: [String: [Posting]]

    static let titlePlace = 5.0
    static let headingPlace = 2.5
    static let pieceShare = 0.5
    static let k1 = 1.2
    static let b = 0.75

    /// Counts the terms of one page's title, headings and sections.
    static func analyze(_ document: SearchDocument) -> AnalyzedPage {
        var sections: [(length: Int, counts: [String: AnalyzedPage.Counts])] = []
        for (sectionIndex, section) in document.sections.enumerated() {
            var counts: [String: AnalyzedPage.Counts] = [:]
            func place(_ text: String, _ value: Double) {
                for token in SearchAnalyzer.tokens(text) {
                    counts[token.term, default: .init()].place = max(counts[token.term]?.place ?? 0, value)
                    for piece in token.pieces {
                        counts[piece, default: .init()].place = max(counts[piece]?.place ?? 0, value * pieceShare)
                    }
                }
            }
            if sectionIndex == 0 { place(document.title, titlePlace) }
            if let heading = section.heading { place(heading, headingPlace) }
            let body = SearchAnalyzer.tokens(section.text)
            for token in body {
                counts[token.term, default: .init()].body += 1
                for piece in token.pieces { counts[piece, default: .init()].body += pieceShare }
            }
            sections.append((body.count, counts))
        }
        return AnalyzedPage(document: document, sections: sections)
    }

    /// Indexes `documents` (pages with `search: false` are left out before), analysing them in parallel.
    init(documents: [SearchDocument]) {
        self.init(pages: documents.parallelMap(Self.analyze))
    }

    /// Scores analysed pages: idf over all their sections, BM25 length normalization against the
    /// average section.
    init(pages: [AnalyzedPage]) {
        documents = pages.map(\.document)
        var frequency: [String: Int] = [:]
        var sectionCount = 0
        var totalLength = 0
        for page in pages {
            for section in page.sections {
                sectionCount += 1
                totalLength += section.length
                for term in section.counts.keys { frequency[term, default: 0] += 1 }
            }
        }
        let total = Double(max(sectionCount, 1))
        let averageLength = max(Double(totalLength) / total, 1)
        var idf: [String: Double] = [:]
        idf.reserveCapacity(frequency.count)
        for (term, df) in frequency { idf[term] = log(1 + (total - Double(df) + 0.5) / (Double(df) + 0.5)) }
        var postings: [String: [Posting]] = [:]
        for (pageIndex, page) in pages.enumerated() {
            let weight = page.document.weight
            for (sectionIndex, section) in page.sections.enumerated() {
                let norm = Self.k1 * (1 - Self.b + Self.b * Double(section.length) / averageLength)
                for (term, counts) in section.counts {
                    let body = counts.body * (Self.k1 + 1) / (counts.body + norm)
                    let score = Int(((idf[term] ?? 0) * (counts.place + body) * weight * 100).rounded())
                    postings[term, default: []].append(Posting(page: pageIndex, section: sectionIndex, score: max(score, 1)))
                }
            }
        }
        self.postings = postings
    }
}
