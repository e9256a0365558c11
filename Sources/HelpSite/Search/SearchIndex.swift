/// One locale's term chunks: cut whole from every page's terms, or made from the last build's by
/// cutting again only the chunks that hold an edited page's terms (what a clean build would cut
/// there: see `SearchChunks`).
enum SearchIndex {
    /// A chunk of the index: one the last build wrote and this one keeps, or one to write.
    enum ChunkFile: Sendable {
        case kept(SearchChunks.Chunk)
        case made(SearchChunks.Cut)

        var chunk: SearchChunks.Chunk {
            switch self {
            case let .kept(chunk): chunk
            case let .made(cut): cut.chunk
            }
        }
    }

    /// One page's terms before and after an edit.
    struct Change: Sendable {
        let old: [PageTerms.Term]
        let new: [PageTerms.Term]

        /// Only the terms whose postings the edit changed (both lists are sorted by key).
        var differing: Change {
            var old: [PageTerms.Term] = [], new: [PageTerms.Term] = []
            var before = self.old[...], after = self.new[...]
            while let first = before.first, let second = after.first {
                if first.key < second.key {
                    old.append(before.removeFirst())
                } else if second.key < first.key {
                    new.append(after.removeFirst())
                } else {
                    if first.postings != second.postings {
                        old.append(first)
                        new.append(second)
                    }
                    before.removeFirst()
                    after.removeFirst()
                }
            }
            return Change(old: old + before, new: new + after)
        }
    }

    /// Every term of `pages` (page ids are their positions) with its postings, sorted by key.
    static func entries(of pages: [PageTerms]) -> [SearchChunks.Entry] {
        var builder = Builder()
        for (id, page) in pages.enumerated() { builder.add(page.terms, page: Int32(id)) }
        return Array(builder.entries())
    }

    /// The chunks of a whole index.
    static func chunks(of pages: [PageTerms]) -> [ChunkFile] {
        SearchChunks.cut(entries(of: pages)[...]).map(ChunkFile.made)
    }

    /// The last build's `chunks` with the pages of `changes` (by page id) given their new terms:
    /// every chunk holding a term of one of those pages, before or after the edit, is read
    /// (`read`), changed and cut again, with a neighbour where a start may move; the others are
    /// kept. Nil when there are no chunks or one cannot be read.
    static func patch(
        _ chunks: [SearchChunks.Chunk], changes: [Int32: Change], read: (SearchChunks.Chunk) -> [SearchChunks.Entry]?
    ) -> [ChunkFile]? {
        guard !chunks.isEmpty else { return nil }
        let changes = changes.mapValues(\.differing)
        var affected = Set<SearchKey>()
        for change in changes.values {
            for term in change.old { affected.insert(term.key) }
            for term in change.new { affected.insert(term.key) }
        }
        // A chunk holding a changed term is cut again; so is the one before it when the term is its
        // first (the term may lose its start), and the one after it when the term is its last (a
        // start depends on the size of the term before it). A new term between two chunks touches both.
        var marked = Set<Int>()
        for key in affected {
            let holder = lastChunk(startingAtOrBefore: key, in: chunks)
            if holder >= 0, key <= chunks[holder].last {
                marked.insert(holder)
                if key == chunks[holder].first { marked.insert(holder - 1) }
                if key == chunks[holder].last { marked.insert(holder + 1) }
            } else {
                marked.formUnion([holder, holder + 1])
            }
        }
        var files: [ChunkFile] = []
        var index = 0
        while index < chunks.count {
            guard marked.contains(index) else {
                files.append(.kept(chunks[index]))
                index += 1
                continue
            }
            var end = index
            var entries: [SearchChunks.Entry] = []
            while end < chunks.count, marked.contains(end) {
                guard let read = read(chunks[end]) else { return nil }
                entries += read
                end += 1
            }
            let lower = index == 0 ? nil : chunks[index].first
            let upper = end == chunks.count ? nil : chunks[end].first
            let inRun = { (key: SearchKey) in (lower.map { $0 <= key } ?? true) && (upper.map { key < $0 } ?? true) }
            entries = replacing(changes, in: entries, where: inRun)
            files += SearchChunks.cut(entries[...]).map(ChunkFile.made)
            index = end
        }
        return files
    }

    /// Where `key`'s entry is in `entries` (indexed by `positions`), added empty when it is not there.
    fileprivate static func position(of key: SearchKey, in entries: inout [SearchChunks.Entry], positions: inout [SearchKey: Int]) -> Int {
        if let known = positions[key] { return known }
        positions[key] = entries.count
        entries.append(SearchChunks.Entry(key: key, numbers: []))
        return entries.count - 1
    }

    /// The index of the last chunk whose first key is `key` or before it; -1 when none is.
    private static func lastChunk(startingAtOrBefore key: SearchKey, in chunks: [SearchChunks.Chunk]) -> Int {
        var low = 0, high = chunks.count - 1, found = -1
        while low <= high {
            let middle = (low + high) / 2
            if chunks[middle].first <= key {
                found = middle
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return found
    }

    /// `entries` (a run of whole chunks) with the changed pages' postings taken out and their new
    /// ones, for the keys of the run, put in; terms left without postings are dropped.
    private static func replacing(
        _ changes: [Int32: Change], in entries: [SearchChunks.Entry], where inRun: (SearchKey) -> Bool
    ) -> [SearchChunks.Entry] {
        var entries = entries
        var positions: [SearchKey: Int] = [:]
        for (position, entry) in entries.enumerated() { positions[entry.key] = position }
        var leaving: [Int: Set<Int32>] = [:]
        for (page, change) in changes {
            for term in change.old { if let position = positions[term.key] { leaving[position, default: []].insert(page) } }
        }
        var touched = Set(leaving.keys)
        for (position, pages) in leaving {
            var kept: [Int32] = []
            let numbers = entries[position].numbers
            for start in stride(from: 0, to: numbers.count, by: 3) where !pages.contains(numbers[start]) {
                kept += numbers[start..<start + 3]
            }
            entries[position].numbers = kept
        }
        for (page, change) in changes {
            for term in change.new where inRun(term.key) {
                let position = position(of: term.key, in: &entries, positions: &positions)
                for posting in term.postings { entries[position].numbers += [page, Int32(posting.section), Int32(posting.score)] }
                touched.insert(position)
            }
        }
        for position in touched {
            let numbers = entries[position].numbers
            let triples = stride(from: 0, to: numbers.count, by: 3).map { (numbers[$0], numbers[$0 + 1], numbers[$0 + 2]) }
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            entries[position].numbers = triples.flatMap { [$0.0, $0.1, $0.2] }
        }
        return entries.filter { !$0.numbers.isEmpty }.sorted { $0.key < $1.key }
    }
}
