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
        return format
            .replacingOccurrences(of: "{year}", with: String(parts[0]))
            .replacingOccurrences(of: "{monthName}", with: monthName)
            .replacingOccurrences(of: "{month}", with: String(parts[1]))
            .replacingOccurrences(of: "{day}", with: String(parts[2]))
    }
}
