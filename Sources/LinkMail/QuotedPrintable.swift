/// Quoted-printable body encoding (RFC 2045 §6.7) for UTF-8 text, with CRLF line endings.
///
/// Encoded lines are at most 76 characters (soft line breaks `=` where a line is longer). Besides
/// what the RFC requires, `.` and `F` are encoded at the start of a line, so no encoded line is a lone
/// `.` (SMTP's end of data) or starts with `From ` (mbox).
enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    static let maxLineLength = 76

    /// Encodes `text`; any of CRLF, CR or LF in it ends a line. The result ends with CRLF.
    static func encode(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map { encode(line: Array($0.utf8)) }
        if lines.last == [""] { lines.removeLast() }
        return lines.map { $0.joined(separator: "\r\n") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One source line as one or more encoded lines (all but the last end with a soft break `=`).
    private static func encode(line bytes: [UInt8]) -> [String] {
        var output: [String] = []
        var current = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal: Bool
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                literal = !isLast
            case UInt8(ascii: "="):
                literal = false
            case UInt8(ascii: "."), UInt8(ascii: "F"):
                literal = !current.isEmpty
            case 33...126:
                literal = true
            default:
                literal = false
            }
            let piece = literal ? String(UnicodeScalar(byte)) : escape(byte)
            // Keep room for the soft break unless this is the line's last piece.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if current.count + piece.count > limit {
                output.append(current + "=")
                current = ""
                // A piece that now starts a line may need re-escaping ('.' or 'F' at line start).
                current = (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "F")) ? escape(byte) : piece
            } else {
                current += piece
            }
        }
        output.append(current)
        return output
    }

    private static func escape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
