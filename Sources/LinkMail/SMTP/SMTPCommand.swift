import Foundation

/// The commands this client sends (RFC 5321 §4.1, RFC 3207, RFC 4954), as the bytes that go on the wire.
enum SMTPCommand: Sendable, Equatable {
    case ehlo(String)
    case startTLS
    /// `AUTH PLAIN <base64(\0user\0password)>`.
    case authPlain(username: String, password: String)
    /// `AUTH LOGIN`; the user and password follow as ``authResponse(_:)``.
    case authLogin
    /// One base64 line answering a `334` challenge.
    case authResponse(String)
    case mailFrom(String)
    case recipient(String)
    case data
    /// `RSET`: forget any transaction in progress (between the messages of one connection).
    case reset
    case quit

    /// The command line, CRLF included. Values were checked before (addresses by ``MailboxAddress``).
    var line: String {
        switch self {
        case .ehlo(let name): return "EHLO \(name)\r\n"
        case .startTLS: return "STARTTLS\r\n"
        case .authPlain(let username, let password):
            return "AUTH PLAIN " + Data("\0\(username)\0\(password)".utf8).base64EncodedString() + "\r\n"
        case .authLogin: return "AUTH LOGIN\r\n"
        case .authResponse(let text): return Data(text.utf8).base64EncodedString() + "\r\n"
        case .mailFrom(let address): return "MAIL FROM:<\(address)>\r\n"
        case .recipient(let address): return "RCPT TO:<\(address)>\r\n"
        case .data: return "DATA\r\n"
        case .reset: return "RSET\r\n"
        case .quit: return "QUIT\r\n"
        }
    }

    /// How the command is named in errors and logs; never shows credentials.
    var name: String {
        switch self {
        case .ehlo: return "EHLO"
        case .startTLS: return "STARTTLS"
        case .authPlain: return "AUTH PLAIN"
        case .authLogin, .authResponse: return "AUTH LOGIN"
        case .mailFrom: return "MAIL FROM"
        case .recipient: return "RCPT TO"
        case .data: return "DATA"
        case .reset: return "RSET"
        case .quit: return "QUIT"
        }
    }
}

/// The message as it goes after `DATA` (RFC 5321 §4.5.2): every line that starts with `.` gets a second
/// `.`, the message ends with CRLF, and `.` CRLF ends the data.
enum SMTPDataBlock {
    static func encode(_ message: Data) -> Data {
        var output = Data()
        output.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart, byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.isEmpty, !output.ends(with: [13, 10]) { output.append(contentsOf: [13, 10]) }
        output.append(contentsOf: Array(".\r\n".utf8))
        return output
    }
}

private extension Data {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self.suffix(suffix.count)) == suffix }
}
