import Foundation

/// A link lifetime written as on the command line: a whole number and a unit, `30m`, `12h`, `7d`, `2w`.
struct LinkLifetime: Equatable {
    /// The lifetime in seconds.
    let seconds: TimeInterval

    /// Parses `text`; `nil` when it is not a positive number followed by `m`, `h`, `d` or `w`.
    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count > 0, count <= 100_000 else { return nil }
        let unitSeconds: TimeInterval
        switch unit {
        case "m": unitSeconds = 60
        case "h": unitSeconds = 3600
        case "d": unitSeconds = 86400
        case "w": unitSeconds = 7 * 86400
        default: return nil
        }
        self.seconds = TimeInterval(count) * unitSeconds
    }
}
