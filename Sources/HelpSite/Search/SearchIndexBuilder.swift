extension SearchIndex {
    /// A whole index, made page by page: every term with its postings, in the order of the pages
    /// added, then sorted by key.
    ///
    /// A term's postings are held packed until its chunk is cut: each as the difference of its
    /// page from the term's page before, its section and its score, as varints (about four bytes,
    /// where three 32-bit numbers took twelve). At 100,000 pages a locale has tens of millions of
    /// postings.
    struct Builder {
        private struct Gathered {
            let key: SearchKey
            var packed: [UInt8] = []
            var lastPage: Int32 = 0

            mutating func add(_ postings: PageTerms.Postings, page: Int32) {
                for posting in postings {
                    append(UInt32(bitPattern: page &- lastPage))
                    append(UInt32(bitPattern: Int32(posting.section)))
                    append(UInt32(bitPattern: Int32(posting.score)))
                    lastPage = page
                }
            }

            private mutating func append(_ number: UInt32) {
                var rest = number
                while rest >= 0x80 {
                    packed.append(UInt8(rest & 0x7F) | 0x80)
                    rest >>= 7
                }
                packed.append(UInt8(rest))
            }

            /// The term's entry, its postings unpacked.
            var entry: SearchChunks.Entry {
                var numbers: [Int32] = []
                numbers.reserveCapacity(packed.count)
                var page: Int32 = 0
                var position = 0
                while position < packed.count {
                    page = page &+ Self.number(in: packed, at: &position)
                    numbers.append(page)
                    numbers.append(Self.number(in: packed, at: &position))
                    numbers.append(Self.number(in: packed, at: &position))
                }
                return SearchChunks.Entry(key: key, numbers: numbers)
            }

            private static func number(in packed: [UInt8], at position: inout Int) -> Int32 {
                var value: UInt32 = 0, shift: UInt32 = 0
                while true {
                    let byte = packed[position]
                    position += 1
                    value |= UInt32(byte & 0x7F) << shift
                    if byte < 0x80 { return Int32(bitPattern: value) }
                    shift += 7
                }
            }
        }

        private var positions: [SearchKey: Int] = [:]
        private var gathered: [Gathered] = []

        /// Adds the terms of page `page`.
        mutating func add(_ terms: [PageTerms.Term], page: Int32) {
            for term in terms {
                let position: Int
                if let known = positions[term.key] {
                    position = known
                } else {
                    position = gathered.count
                    positions[term.key] = position
                    gathered.append(Gathered(key: term.key))
                }
                gathered[position].add(term.postings, page: page)
            }
        }

        /// Every term added, sorted by key; each entry is unpacked when it is read.
        func entries() -> some Collection<SearchChunks.Entry> {
            gathered.sorted { $0.key < $1.key }.lazy.map(\.entry)
        }
    }
}
