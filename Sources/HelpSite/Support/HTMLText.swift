/// Escaping for text the generator writes into HTML or XML itself (templates escape on their own).
enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'` so the text is safe inside an attribute value or element.
    static func escapeAttribute(_ text: String) -> String {
        // Worked on the UTF-8 bytes (the five are ASCII, and no byte of a longer sequence is below
        // 0x80); most text has none of them and is returned as it is.
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: escaped += "&amp;".utf8
            case 0x3C: escaped += "&lt;".utf8
            case 0x3E: escaped += "&gt;".utf8
            case 0x22: escaped += "&quot;".utf8
            case 0x27: escaped += "&#39;".utf8
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}
