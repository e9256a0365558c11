/// Bare URLs and email addresses in text, found as GitHub's autolink extension finds them:
/// `www.` and `http://`, `https://`, `ftp://` after a line start, a space or one of `*_~(`, and
/// `name@example.com` anywhere. Trailing punctuation, an unmatched `)` and a trailing entity-like
/// `&name;` are left out of the link.
enum ExtendedAutolinks {
    /// One link found: where it is in the text (in characters) and where it points.
    struct Match: Equatable {
        let range: Range<Int>
        let destination: String
    }

    /// The links in `text`, in order. `startsAfterDelimiter` says whether the character before the text
    /// (the end of the previous inline, or the line start) lets a URL begin at its first character.
    static func matches(in text: String, startsAfterDelimiter: Bool) -> [Match] {
        guard mayHoldLink(text.utf8) else { return [] }
        let characters = Array(text)
        var found: [Match] = []
        var gapStart = 0
        var index = 0
        while index < characters.count {
            let mayStart = index == 0 ? startsAfterDelimiter : isDelimiter(characters[index - 1])
            if mayStart, let match = url(in: characters, at: index) {
                found += emails(in: characters, from: gapStart, to: index)
                found.append(match)
                index = match.range.upperBound
                gapStart = index
            } else {
                index += 1
            }
        }
        return found + emails(in: characters, from: gapStart, to: characters.count)
    }

    /// Whether `text` holds an `@`, `://` or `www.`, without which it holds no link: most text
    /// is passed over in one scan of its bytes.
    private static func mayHoldLink(_ text: String.UTF8View) -> Bool {
        var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in text {
            switch byte {
            case UInt8(ascii: "@"): return true
            case UInt8(ascii: "/") where previous.1 == UInt8(ascii: ":") && previous.2 == UInt8(ascii: "/"): return true
            case UInt8(ascii: ".") where previous == (UInt8(ascii: "w"), UInt8(ascii: "w"), UInt8(ascii: "w")): return true
            default: break
            }
            previous = (previous.1, previous.2, byte)
        }
        return false
    }

    private static func isDelimiter(_ character: Character) -> Bool {
        character.isWhitespace || "*_~(".contains(character)
    }

    /// A `www.` or scheme URL starting at `start`, cut by the path rules, with a valid domain.
    private static func url(in characters: [Character], at start: Int) -> Match? {
        let rest = characters[start...]
        var domainStart = start
        var prefix = ""
        if rest.starts(with: "www.") {
            prefix = "http://"
        } else if let scheme = ["http://", "https://", "ftp://"].first(where: { rest.starts(with: $0) }) {
            domainStart += scheme.count
        } else {
            return nil
        }
        var end = start
        while end < characters.count, !characters[end].isWhitespace, characters[end] != "<" { end += 1 }
        end = trimmedEnd(characters, from: start, to: end)
        var domainEnd = domainStart
        while domainEnd < end, isDomainCharacter(characters[domainEnd]) { domainEnd += 1 }
        guard isValidDomain(characters[domainStart..<domainEnd], needsPeriod: !prefix.isEmpty) else { return nil }
        return Match(range: start..<end, destination: prefix + String(characters[start..<end]))
    }

    /// The end of a URL once trailing `?!.,:*_~`, unmatched closing parentheses and a trailing
    /// `&entity;` are left out.
    private static func trimmedEnd(_ characters: [Character], from start: Int, to initialEnd: Int) -> Int {
        var end = initialEnd
        while end > start {
            let last = characters[end - 1]
            if "?!.,:*_~".contains(last) {
                end -= 1
            } else if last == ")" {
                let link = characters[start..<end]
                guard link.filter({ $0 == ")" }).count > link.filter({ $0 == "(" }).count else { break }
                end -= 1
            } else if last == ";" {
                var nameStart = end - 1
                while nameStart > start, characters[nameStart - 1].isASCII, characters[nameStart - 1].isLetter || characters[nameStart - 1].isNumber {
                    nameStart -= 1
                }
                guard nameStart < end - 1, nameStart > start, characters[nameStart - 1] == "&" else { break }
                end = nameStart - 1
            } else {
                break
            }
        }
        return end
    }

    private static func isDomainCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_" || character == "."
    }

    /// Segments of letters, digits, `_` and `-` separated by periods, no `_` in the last two segments;
    /// `www.` domains need a period, scheme URLs may be a single name (`http://localhost`).
    private static func isValidDomain(_ domain: ArraySlice<Character>, needsPeriod: Bool) -> Bool {
        let segments = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !domain.isEmpty, !segments.contains(where: \.isEmpty), !needsPeriod || segments.count >= 2 else { return false }
        return !segments.suffix(2).contains { $0.contains("_") }
    }

    /// Email addresses in `characters[from..<to]`: a local part of letters, digits and `.-_+`, an `@`,
    /// then a domain with at least one period that does not end in `-` or `_` (a final `.` is left out).
    private static func emails(in characters: [Character], from lower: Int, to upper: Int) -> [Match] {
        var found: [Match] = []
        var searchFrom = lower
        for at in lower..<upper where characters[at] == "@" && at >= searchFrom {
            var start = at
            while start > searchFrom, isLocalCharacter(characters[start - 1]) { start -= 1 }
            var end = at + 1
            while end < upper, isAlphanumeric(characters[end]) || "-_.".contains(characters[end]) { end += 1 }
            while end > at + 1, characters[end - 1] == "." { end -= 1 }
            let domain = characters[(at + 1)..<end]
            guard start < at, domain.contains("."), let last = domain.last, last != "-", last != "_",
                  !domain.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
            else { continue }
            found.append(Match(range: start..<end, destination: "mailto:" + String(characters[start..<end])))
            searchFrom = end
        }
        return found
    }

    private static func isAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    private static func isLocalCharacter(_ character: Character) -> Bool {
        isAlphanumeric(character) || ".-_+".contains(character)
    }
}
