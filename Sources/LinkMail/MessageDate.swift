import Foundation

/// Dates as mail headers and outbox file names write them, always in UTC.
enum MessageDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday, .nanosecond], from: date)
    }

    /// RFC 5322 §3.3 `date-time`: `Fri, 27 Nov 2026 05:02:37 +0000`.
    static func header(_ date: Date) -> String {
        let c = components(date)
        return "\(days[c.weekday! - 1]), \(c.day!) \(months[c.month! - 1]) \(c.year!) "
            + "\(two(c.hour!)):\(two(c.minute!)):\(two(c.second!)) +0000"
    }

    /// A name part that sorts in time order: `20261127T050237.123Z`.
    static func fileStamp(_ date: Date) -> String {
        let c = components(date)
        let millis = min(999, c.nanosecond! / 1_000_000)
        return "\(c.year!)\(two(c.month!))\(two(c.day!))T\(two(c.hour!))\(two(c.minute!))\(two(c.second!))."
            + String(format: "%03d", millis) + "Z"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
