import Foundation

/// A `YYYY-MM-DD` date written for a locale's readers (`November 29, 2026`, `2026년 11월 29일`).
///
/// The locale's translations say how: `date.format` with `{year}`, `{month}` (the number),
/// `{monthName}` (from the twelve `date.months`) and `{day}`. Without a format the date stays ISO.
enum LocaleDate {
    /// `iso` written with `strings`' `date.format`.
    static func text(iso: String, strings: Translations?) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), let format = strings?.value("date.format") else { return iso }
        let months = strings?.list("date.months") ?? []
        let monthName = months.count == 12 ? months[parts[1] - 1] : String(parts[1])
        let values = [("{year}", String(parts[0])), ("{monthName}", monthName), ("{month}", String(parts[1])), ("{day}", String(parts[2]))]
        // One pass over the format: a value is never searched for placeholders again.
        var text = ""
        var rest = format[...]
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            rest = rest[open...]
            if let (placeholder, value) = values.first(where: { rest.hasPrefix($0.0) }) {
                text += value
                rest = rest.dropFirst(placeholder.count)
            } else {
                text += "{"
                rest = rest.dropFirst()
            }
        }
        return text + rest
    }
}
