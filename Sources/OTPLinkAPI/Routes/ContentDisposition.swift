import Foundation

/// The `Content-Disposition` value of a download, safe for any file name (RFC 6266, RFC 8187).
enum ContentDisposition {
    /// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>`.
    ///
    /// The fallback replaces every character outside printable ASCII, and `"` and `\`, with `_`,
    /// so no name can break out of the header.
    static func attachment(fileName: String) -> String {
        let fallback = String(fileName.unicodeScalars.map { scalar -> Character in
            let printable = scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\"
            return printable ? Character(scalar) : "_"
        })
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
