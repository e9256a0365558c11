/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and one or more lines of text.
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The reply code, e.g. 250.
    var code: Int
    /// The text of each line, without code and separator.
    var lines: [String]

    /// 2xx: the command succeeded.
    var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (after `DATA`, during `AUTH`).
    var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure; the same command may work later.
    var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure.
    var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// `250 first line text`, as the server said it (first line only).
    var description: String { "\(code) \(lines.first ?? "")" }

    /// The `EHLO` keywords the server announced, upper-cased: `["STARTTLS", "AUTH PLAIN LOGIN", …]`.
    var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    /// Whether the `EHLO` reply announces `keyword` (e.g. `STARTTLS`).
    func announces(_ keyword: String) -> Bool {
        extensions.contains { $0 == keyword || $0.hasPrefix(keyword + " ") }
    }

    /// The `AUTH` mechanisms of an `EHLO` reply.
    var authMechanisms: Set<String> {
        Set(extensions.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }.flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) })
    }
}

/// Assembles replies from the lines a server sends: `250-first`, `250-second`, `250 last`.
struct SMTPReplyAssembler {
    /// More lines than this in one reply is not a server worth waiting for.
    static let maxLines = 100

    private var code: Int?
    private var lines: [String] = []

    /// Takes one line (without its line break); returns the reply when this line was its last.
    mutating func take(_ line: String) throws(SMTPProtocolError) -> SMTPReply? {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 3, let value = Int(String(String.UnicodeScalarView(scalars[0..<3]))), (200...599).contains(value) || (100...199).contains(value) else {
            throw .malformedReply(line)
        }
        let separator: Unicode.Scalar = scalars.count > 3 ? scalars[3] : " "
        guard separator == " " || separator == "-" else { throw .malformedReply(line) }
        if let code, code != value { throw .malformedReply(line) }
        code = value
        lines.append(scalars.count > 4 ? String(String.UnicodeScalarView(scalars[4...])) : "")
        if separator == " " {
            defer { code = nil; lines = [] }
            return SMTPReply(code: value, lines: lines)
        }
        guard lines.count < Self.maxLines else { throw .replyTooLong }
        return nil
    }
}

/// The server broke the protocol; the delivery may be tried again later.
enum SMTPProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line that is not `ddd text` / `ddd-text`, or a multi-line reply whose codes differ.
    case malformedReply(String)
    /// A line or reply far longer than SMTP allows.
    case replyTooLong
    /// The server closed the connection before replying.
    case connectionClosed

    var description: String {
        switch self {
        case .malformedReply(let line): return "the server sent a malformed reply line \(String(line.prefix(120)).debugDescription)"
        case .replyTooLong: return "the server sent a reply longer than SMTP allows"
        case .connectionClosed: return "the server closed the connection"
        }
    }
}
