import Foundation

/// Writing text so that CommonMark reads it back as the same text.
extension MarkdownWriter {
    /// `text` with every character CommonMark could take for syntax escaped; non-breaking spaces as `&nbsp;`.
    /// The site parses with smart punctuation, so straight quotes, `--` and `...` are escaped too: the
    /// page shows the characters WordPress had, not curly quotes and dashes it never showed.
    static func escape(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            switch character {
            case "\\", "`", "*", "[", "]", "<", "'", "\"":
                result += "\\" + String(character)
            case "-", ".":
                result += index > 0 && characters[index - 1] == character ? "\\" + String(character) : String(character)
            case "_":
                // Inside a word `_` never makes emphasis; left as is there, it reads better.
                let before = index > 0 ? characters[index - 1] : " "
                let after = index + 1 < characters.count ? characters[index + 1] : " "
                result += before.isLetter || before.isNumber ? (after.isLetter || after.isNumber ? "_" : "\\_") : "\\_"
            case "&":
                result += startsReference(characters, at: index) ? "\\&" : "&"
            case "\u{A0}":
                result += "&nbsp;"
            default:
                result.append(character)
            }
        }
        return result
    }

    /// Whether `&` at `index` starts what CommonMark would read as a character reference.
    private static func startsReference(_ characters: [Character], at index: Int) -> Bool {
        var position = index + 1
        while position < characters.count, position - index <= 32, characters[position].isLetter || characters[position].isNumber || characters[position] == "#" {
            position += 1
        }
        return position > index + 1 && position < characters.count && characters[position] == ";"
    }

    /// A line of a paragraph with what would start a heading, quote, list or rule escaped.
    static func escapeLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "#>+-=".contains(first) { return "\\" + line }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = line.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")" {
                return digits + "\\" + rest
            }
        }
        return line
    }

    /// A code span for `code`, with a fence longer than any backtick run in it.
    static func codeSpan(_ code: String) -> String {
        guard !code.isEmpty else { return "" }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: code) + 1)
        let pad = code.hasPrefix("`") || code.hasSuffix("`") || (code.hasPrefix(" ") && code.hasSuffix(" ")) ? " " : ""
        return fence + pad + code + pad + fence
    }

    /// A link destination CommonMark reads whole: spaces, parentheses and angle brackets percent-encoded.
    static func destination(_ url: String) -> String {
        url.replacingEach([" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"])
    }

    /// Every line of `text` after `prefix`; an empty line becomes `empty`.
    static func prefixLines(_ text: String, with prefix: String, empty: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? empty : prefix + $0 }.joined(separator: "\n")
    }

    /// The longest run of `character` in `text`.
    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, current = 0
        for each in text {
            current = each == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

extension String {
    /// The string with each character that `table` names replaced by its text.
    func replacingEach(_ table: [Character: String]) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if let replacement = table[character] { result += replacement } else { result.append(character) }
        }
        return result
    }
}
