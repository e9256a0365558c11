import Foundation

/// A request's URL path as the site reads it: percent-decoded, then checked in one pass over its
/// bytes, so a page hit costs no Foundation string search and no allocation when nothing is encoded.
enum RequestedPath: Equatable {
    /// A path the site may look up (`/en/link/`).
    case path(String)
    /// The same path with each run of slashes made one: where to send the browser.
    case normalised(String)
    /// A path that could leave the folder or that no file has: `..` or `.` segments, a NUL, a
    /// backslash, bad percent-encoding, no leading slash.
    case refused

    /// Reads `raw`, a URL path as the request sent it.
    init(_ raw: String) {
        let decoded: String
        if raw.utf8.contains(UInt8(ascii: "%")) {
            guard let text = raw.removingPercentEncoding else { self = .refused; return }
            decoded = text
        } else {
            decoded = raw
        }
        guard decoded.utf8.first == UInt8(ascii: "/") else { self = .refused; return }
        var segmentLength = 0
        var segmentDots = 0
        var repeatedSlash = false
        var previous: UInt8 = 0
        for byte in decoded.utf8 {
            switch byte {
            case 0, UInt8(ascii: "\\"):
                self = .refused
                return
            case UInt8(ascii: "/"):
                if Self.isDotSegment(length: segmentLength, dots: segmentDots) { self = .refused; return }
                repeatedSlash = repeatedSlash || previous == UInt8(ascii: "/")
                segmentLength = 0
                segmentDots = 0
            case UInt8(ascii: "."):
                segmentLength += 1
                segmentDots += 1
            default:
                segmentLength += 1
            }
            previous = byte
        }
        if Self.isDotSegment(length: segmentLength, dots: segmentDots) { self = .refused; return }
        // `//en` (or `/%2Fen`) is `/en`: the browser is sent there. Sending it to `//en/` would send it
        // to another host (a browser reads `//en/` as `https://en/`).
        self = repeatedSlash ? .normalised(Self.collapsingSlashes(decoded)) : .path(decoded)
    }

    /// `.` and `..`: segments that name the folder itself or its parent.
    private static func isDotSegment(length: Int, dots: Int) -> Bool {
        length > 0 && length <= 2 && dots == length
    }

    private static func collapsingSlashes(_ path: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count)
        for byte in path.utf8 where !(byte == UInt8(ascii: "/") && bytes.last == UInt8(ascii: "/")) {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
