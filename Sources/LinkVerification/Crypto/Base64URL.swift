import Foundation

/// URL-safe base64 without padding (RFC 4648 §5), the alphabet of tokens and identifiers.
public enum Base64URL {
    /// Encodes bytes as URL-safe base64 without `=` padding.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `text` is `length` characters of the URL-safe alphabet (a well-formed token).
    public static func isToken(_ text: String, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }

    /// Whether `text` is a well-formed token of `bytes` random bytes, for any byte count in `bytes`.
    public static func isToken(_ text: String, bytes: ClosedRange<Int>) -> Bool {
        let length = text.utf8.count
        return length >= encodedLength(ofBytes: bytes.lowerBound) && length <= encodedLength(ofBytes: bytes.upperBound)
            && isToken(text, length: length)
    }

    /// The encoded length of `count` bytes.
    public static func encodedLength(ofBytes count: Int) -> Int {
        (count * 4 + 2) / 3
    }
}
