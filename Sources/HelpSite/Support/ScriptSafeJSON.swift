/// JSON written for a `<script>` data block (JSON-LD, the message catalog): keys sorted so output is
/// stable, and `<`, `>`, `&` written as `\u003c`, `\u003e`, `\u0026` so no text can end the element.
///
/// Hand-written rather than `JSONSerialization` because it runs once per page and the generic
/// serializer was the largest cost of a page render.
enum ScriptSafeJSON {
    /// Encodes strings, integers, booleans, and dictionaries (`[String: Any]`) and arrays of them
    /// (anything else is `null`), as `Value`s.
    static func encode(_ value: Any) -> String {
        encode(Value(value))
    }

    /// By byte: whether it may begin something `writeString` escapes (controls, `"`, `\`, `<`, `>`, `&`,
    /// and 0xE2, the first byte of U+2028 and U+2029).
    private static let mayNeedEscape: [Bool] = (0...255).map { byte in
        byte < 0x20 || [0x22, 0x5C, 0x3C, 0x3E, 0x26, 0xE2].contains(byte)
    }

    /// Appends `text` as a JSON string.
    static func writeString(_ text: String, into out: inout String) {
        out += "\""
        // Most text needs no escape: append it whole (search fragments carry whole sections).
        let mayNeedEscape = Self.mayNeedEscape
        if !text.utf8.contains(where: { mayNeedEscape[Int($0)] }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
