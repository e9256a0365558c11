import Foundation

/// Writes header fields as RFC 5322 asks: printable ASCII only, non-ASCII text as RFC 2047
/// encoded-words (UTF-8, base64), folded so no line passes 78 characters.
///
/// Values are checked first: control characters (CR and LF above all) are refused by the callers,
/// so a value can never start a header of its own.
enum HeaderText {
    /// The longest line written (RFC 5322 §2.1.1 prefers 78, requires at most 998).
    static let preferredLineLength = 78
    /// RFC 2047 §2: an encoded-word is at most 75 characters; 45 bytes make 60 base64 characters.
    private static let maxEncodedBytes = 45

    /// Control characters and the Unicode line separators: never allowed in a header value.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// `Name: value` for free text (a subject), folded, without the final CRLF.
    static func unstructured(_ name: String, _ value: String) -> String {
        var field = FoldedField(name: name)
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        let plain = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            && !value.contains("=?")
            && words.allSatisfy { $0.count < preferredLineLength - 1 - name.count - 2 }
        if plain {
            words.forEach { field.append(atom: String($0)) }
        } else {
            field.append(encoding: value)
        }
        return field.text
    }

    /// `Name: Display Name <local@domain>` (or `Name: local@domain`), the display name quoted or encoded as needed.
    static func mailbox(_ name: String, _ mailbox: MailboxAddress) -> String {
        var field = FoldedField(name: name)
        if let display = mailbox.displayName {
            let printable = display.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            let specials = Set("()<>[]:;@\\,.\"")
            if printable, !display.contains("=?"), !display.contains(where: specials.contains), display.count < 60 {
                display.split(separator: " ").forEach { field.append(atom: String($0)) }
            } else if printable, !display.contains("=?"), display.count < 60 {
                let escaped = display.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "\"", with: "\\\"")
                field.append(atom: "\"\(escaped)\"")
            } else {
                field.append(encoding: display)
            }
        }
        field.append(atom: mailbox.displayName == nil ? mailbox.address : "<\(mailbox.address)>")
        return field.text
    }

    /// A header field whose lines are filled up to ``preferredLineLength`` and folded with CRLF SP.
    private struct FoldedField {
        private var lines: [String] = []
        private var current: String

        init(name: String) { current = name + ":" }

        var text: String { (lines + [current]).joined(separator: "\r\n") }

        /// Adds a piece that may not be split, after one space, on a new line if it does not fit.
        mutating func append(atom: String) {
            if atom.isEmpty || current.count + 1 + atom.count <= HeaderText.preferredLineLength || lines.isEmpty && current.hasSuffix(":") {
                current += " " + atom
            } else {
                lines.append(current)
                current = " " + atom
            }
        }

        /// Adds `text` as encoded-words, each sized to the room left on its line.
        mutating func append(encoding text: String) {
            var scalars = Substring(text).unicodeScalars[...]
            while !scalars.isEmpty {
                var room = HeaderText.preferredLineLength - current.count - 1 - 12
                if room < 8 {
                    lines.append(current)
                    current = ""
                    room = HeaderText.preferredLineLength - 1 - 12
                }
                let budget = min(HeaderText.maxEncodedBytes, room / 4 * 3)
                var bytes = 0
                var end = scalars.startIndex
                while end < scalars.endIndex, bytes + scalars[end].utf8.count <= budget {
                    bytes += scalars[end].utf8.count
                    end = scalars.index(after: end)
                }
                let chunk = String(Substring(scalars[..<end]))
                current += " =?UTF-8?B?" + Data(chunk.utf8).base64EncodedString() + "?="
                scalars = scalars[end...]
            }
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingWhitespace: String {
        String(self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
