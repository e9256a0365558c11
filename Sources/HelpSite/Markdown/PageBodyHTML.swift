/// A page's body as HTML, rendered once when the page is parsed, with a slot wherever a link to
/// another page or an image of the site goes: the URL such a link resolves to is known only once the
/// whole site is assembled, and an image's element once its file is found and measured, so they are
/// filled in when the page is rendered (`html(links:images:)`), without cmark.
struct PageBodyHTML: Sendable, Equatable {
    /// The HTML around the slots: one part more than there are slots.
    let parts: [String]
    /// The numbers of the slots that hold an image's element, in order; the others hold a link's URL.
    var imageSlots: [Int] = []

    /// How many links to pages the body holds.
    var slotCount: Int { parts.count - 1 - imageSlots.count }

    /// The body with the URLs of its links to pages, in order, each escaped as cmark escapes a link's
    /// URL, and the `<img>` elements of its images, in order, as they are.
    func html(links urls: [String], images: [String] = []) -> String {
        precondition(urls.count == slotCount, "a page body needs one URL per link to a page")
        precondition(images.count == imageSlots.count, "a page body needs one element per image")
        guard parts.count > 1 else { return parts[0] }
        var html = parts[0]
        html.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count } + urls.count * 32 + images.reduce(0) { $0 + $1.utf8.count })
        var nextURL = urls.makeIterator(), nextImage = images.makeIterator()
        var imageSlots = imageSlots[...]
        for (slot, part) in parts.dropFirst().enumerated() {
            if imageSlots.first == slot {
                imageSlots.removeFirst()
                html += nextImage.next()!
            } else {
                Self.appendEscapedHref(nextURL.next()!, to: &html)
            }
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
