import Foundation
import LinkVerification

/// Turns an ``OutgoingMail`` into a MIME message from the templates of its locale.
///
/// The message is `multipart/alternative` (UTF-8 text and HTML, quoted-printable) with `From`, `To`,
/// an RFC 2047 encoded `Subject`, `Date`, a `Message-ID` made from the mail's id (stable across
/// retries), `MIME-Version`, `Auto-Submitted: auto-generated` and `Content-Language`. Lines end with
/// CRLF and none passes 78 characters. A value holding a line break is refused, never written.
public struct MessageComposer: Sendable {
    /// Who mails are from and how their times read.
    public struct Configuration: Sendable {
        /// The `From` of every message, e.g. `Help Center <no-reply@example.com>`.
        public var from: MailboxAddress
        /// The name that signs the mails; the `From` display name when not given.
        public var serviceName: String
        /// The zone expiry times are written in (UTC unless set).
        public var timeZone: TimeZone

        /// Creates a configuration; `serviceName` defaults to the display name of `from`, or its domain.
        public init(from: MailboxAddress, serviceName: String? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
            self.from = from
            self.serviceName = serviceName ?? from.displayName ?? String(from.domain)
            self.timeZone = timeZone
        }
    }

    private let templates: MailTemplates
    private let configuration: Configuration
    private let now: @Sendable () -> Date

    /// Creates a composer over loaded templates; `now` is the clock for the `Date` header and code lifetimes.
    public init(templates: MailTemplates, configuration: Configuration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.templates = templates
        self.configuration = configuration
        self.now = now
    }

    /// Writes `mail` as a message.
    ///
    /// - Throws: ``MailCompositionError`` when the recipient or a value cannot be written safely.
    public func compose(_ mail: OutgoingMail) throws(MailCompositionError) -> ComposedMessage {
        let recipient: MailboxAddress
        do {
            // Control characters are refused before any trimming: a trailing CR or LF is never "just whitespace".
            recipient = try MailboxAddress(address: mail.recipient.trimmingCharacters(in: .whitespaces))
        } catch {
            throw .invalidRecipient(error)
        }
        let date = now()
        let locale = templates.resolve(locale: mail.locale)
        let (kind, values) = try self.values(for: mail, recipient: recipient, locale: locale, date: date)

        let subject = templates.render(kind, .subject, locale: locale, values: values).trimmingWhitespace
        if let bad = subject.unicodeScalars.first(where: HeaderText.isForbidden) {
            throw .forbiddenCharacter(field: "subject", bad)
        }
        let text = templates.render(kind, .text, locale: locale, values: values)
        let html = templates.render(kind, .html, locale: locale, values: values)

        let messageID = "<\(mail.id.uuidString.lowercased())@\(configuration.from.domain)>"
        let boundary = "=_otplink_" + mail.id.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let headers = [
            HeaderText.mailbox("From", configuration.from),
            HeaderText.mailbox("To", recipient),
            HeaderText.unstructured("Subject", subject),
            "Date: " + MessageDate.header(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "X-Auto-Response-Suppress: All",
            "Content-Language: " + locale,
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
        ]
        var message = headers.joined(separator: "\r\n") + "\r\n\r\n"
        message += "This is a MIME message: the same text as plain text and as HTML.\r\n"
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            message += "\r\n--\(boundary)\r\n"
            message += "Content-Type: \(type); charset=utf-8\r\n"
            message += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            message += QuotedPrintable.encode(body)
        }
        message += "\r\n--\(boundary)--\r\n"
        return ComposedMessage(id: mail.id, messageID: messageID, sender: configuration.from, recipient: recipient, data: Data(message.utf8))
    }

    private func values(
        for mail: OutgoingMail, recipient: MailboxAddress, locale: String, date: Date
    ) throws(MailCompositionError) -> (MailKind, MailValues) {
        var values = MailValues(
            lang: locale, serviceName: configuration.serviceName, recipient: recipient.address, expiresAt: ""
        )
        switch mail.content {
        case .code(let code, let expiresAt):
            try Self.check("code", code)
            values.code = code
            values.expiresAt = MailValues.readable(expiresAt, locale: locale, timeZone: configuration.timeZone)
            values.lifetimeMinutes = max(1, Int((expiresAt.timeIntervalSince(date) / 60).rounded(.up)))
            return (.code, values)
        case .linkShared(let sender, let fileName, let url, let expiresAt):
            try Self.check("sender", sender)
            try Self.check("fileName", fileName)
            try Self.check("url", url)
            guard let components = URLComponents(string: url), ["https", "http"].contains(components.scheme?.lowercased()),
                  components.host?.isEmpty == false
            else { throw .invalidValue(field: "url", reason: "must be an absolute http(s) URL, got \(url.debugDescription)") }
            values.sender = sender.trimmingWhitespace
            values.fileName = fileName.trimmingWhitespace
            values.url = url
            values.expiresAt = MailValues.readable(expiresAt, locale: locale, timeZone: configuration.timeZone)
            return (.linkShared, values)
        }
    }

    private static func check(_ field: String, _ value: String) throws(MailCompositionError) {
        if let bad = value.unicodeScalars.first(where: HeaderText.isForbidden) {
            throw .forbiddenCharacter(field: field, bad)
        }
        if value.trimmingWhitespace.isEmpty {
            throw .invalidValue(field: field, reason: "is empty")
        }
    }
}
