import Foundation

/// The values a mail template sees, by name: `{{code}}`, `{{url}}`, `{{expiresAt}}`, …
///
/// Times are already written out for the mail's locale and time zone.
struct MailValues {
    /// The resolved template locale (`en`, `ko`), also the HTML `lang`.
    var lang: String
    /// Who sends the mail, as the signature names it (`Help Center`).
    var serviceName: String
    /// The address the mail goes to.
    var recipient: String
    /// The expiry of the code or link, for people to read (`November 27, 2026 at 5:12 AM UTC`).
    var expiresAt: String
    /// The one-time code (code mail only).
    var code: String?
    /// Whole minutes left until the code expires, rounded up (code mail only).
    var lifetimeMinutes: Int?
    /// Who shared the file (notification mail only).
    var sender: String?
    /// The shared file's name (notification mail only).
    var fileName: String?
    /// The link to open (notification mail only).
    var url: String?

    /// The values as the template engine reads them.
    var dictionary: [String: Any] {
        var values: [String: Any] = ["lang": lang, "serviceName": serviceName, "recipient": recipient, "expiresAt": expiresAt]
        if let code { values["code"] = code }
        if let lifetimeMinutes {
            values["lifetimeMinutes"] = lifetimeMinutes
            values["lifetimeIsOneMinute"] = lifetimeMinutes == 1
        }
        if let sender { values["sender"] = sender }
        if let fileName { values["fileName"] = fileName }
        if let url { values["url"] = url }
        return values
    }

    /// `date` written for people reading `locale`, in `timeZone`, with the zone's name.
    static func readable(_ date: Date, locale: String, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale)
        formatter.timeZone = timeZone
        // "GMT" would be right but surprises readers; a UTC time says UTC.
        let isUTC = timeZone.secondsFromGMT(for: date) == 0 && ["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(timeZone.identifier)
        formatter.setLocalizedDateFormatFromTemplate(isUTC ? "yMMMMdjmm" : "yMMMMdjmmz")
        return formatter.string(from: date) + (isUTC ? " UTC" : "")
    }
}
