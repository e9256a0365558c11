/// A page's body as HTML, rendered once when the page is parsed, with a slot wherever a link to
/// another page goes: the URL such a link resolves to is known only once the whole site is assembled,
/// so it is filled in when the page is rendered (`html(links:)`), without cmark.
struct PageBodyHTML: Sendable, Equatable {
    /// The HTML around the slots: one part more than there are slots.
    let parts: [String]

    /// How many links to pages the body holds.
    var slotCount: Int { parts.count - 1 }

    /// The body with `urls[i]` in slot `i`, each escaped as cmark escapes a link's URL.
    func html(links urls: [String]) -> String {
        precondition(urls.count == slotCount, "a page body needs one URL per link to a page")
        guard !urls.isEmpty else { return parts[0] }
        var html = parts[0]
        html.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count } + urls.count * 32)
        for (url, part) in zip(urls, parts.dropFirst()) {
            Self.appendEscapedHref(url, to: &html)
            html += part
        }
        return html
    }

    /// Appends `url` written as cmark writes an `href`: bytes outside its safe set percent-encoded,
    /// `&` and `'` as character references.
    static func appendEscapedHref(_ url: String, to html: inout String) {
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): html += "&amp;"
            case UInt8(ascii: "'"): html += "&#x27;"
            case _ where isSafeInHref(byte): html.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                html.unicodeScalars.append("%")
                html.unicodeScalars.append(hex[Int(byte >> 4)])
                html.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
    }

    private static let hex = Array("0123456789ABCDEF".unicodeScalars)

    /// Letters, digits and the punctuation URLs use are written as they are.
    private static func isSafeInHref(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-_.!~*()/?:@=+$,;#%".utf8.contains(byte)
        }
    }
}
