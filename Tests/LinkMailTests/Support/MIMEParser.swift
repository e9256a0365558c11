import Foundation

/// A message as Python's `email` package (a real, strict MIME parser) reads it.
struct ParsedMessage: Decodable {
    struct Part: Decodable {
        var type: String
        var charset: String?
        var encoding: String?
        /// The decoded text of the part.
        var content: String
    }

    var subject: String?
    var to: String?
    var fromAddress: String?
    var fromDisplayName: String?
    var date: String?
    /// The `Date` header as ISO 8601, as Python understood it.
    var dateParsed: String?
    var messageID: String?
    var mimeVersion: String?
    var autoSubmitted: String?
    var contentLanguage: String?
    var contentType: String
    var headerNames: [String]
    /// Everything the parser found wrong, in the message and in each header.
    var defects: [String]
    var parts: [Part]
    /// The `href` of every link in the HTML part.
    var hrefs: [String]
    /// The HTML part's text as a browser shows it (tags removed, entities decoded).
    var htmlText: String

    var plain: Part? { parts.first { $0.type == "text/plain" } }
    var html: Part? { parts.first { $0.type == "text/html" } }
}

enum MIMEParser {
    static let script = #"""
import sys, json, email, email.policy
from html.parser import HTMLParser

data = open(sys.argv[1], 'rb').read()
msg = email.message_from_bytes(data, policy=email.policy.strict)

class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs, self.text, self.skip = [], [], 0
    def handle_starttag(self, tag, attrs):
        if tag in ('title', 'style', 'script'): self.skip += 1
        if tag == 'a':
            self.hrefs += [v for k, v in attrs if k == 'href']
    def handle_endtag(self, tag):
        if tag in ('title', 'style', 'script'): self.skip -= 1
    def handle_data(self, d):
        if not self.skip: self.text.append(d)

def header(name):
    value = msg[name]
    return None if value is None else str(value)

defects = [repr(d) for part in msg.walk() for d in part.defects]
for name, value in msg.items():
    defects += ['%s: %r' % (name, d) for d in getattr(value, 'defects', ())]
parts = []
reader = Reader()
for part in msg.iter_parts():
    # Line ends as a mail client shows them (the raw CRLF is checked on the bytes).
    content = part.get_content().replace('\r\n', '\n')
    parts.append({'type': part.get_content_type(), 'charset': part.get_content_charset(),
                  'encoding': part.get('Content-Transfer-Encoding'), 'content': content})
    if part.get_content_type() == 'text/html':
        reader.feed(content)
sender = msg['From'].addresses[0] if msg['From'] is not None else None
print(json.dumps({
    'subject': header('Subject'), 'to': header('To'), 'date': header('Date'),
    'dateParsed': msg['Date'].datetime.isoformat() if msg['Date'] is not None else None,
    'fromAddress': sender.addr_spec if sender else None,
    'fromDisplayName': sender.display_name if sender else None,
    'messageID': header('Message-ID'), 'mimeVersion': header('MIME-Version'),
    'autoSubmitted': header('Auto-Submitted'), 'contentLanguage': header('Content-Language'),
    'contentType': msg.get_content_type(), 'headerNames': list(msg.keys()),
    'defects': defects, 'parts': parts, 'hrefs': reader.hrefs, 'htmlText': ' '.join(''.join(reader.text).split()),
}))
"""#

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `data` with Python's `email` package (strict policy) and returns what it read.
    static func parse(_ data: Data) throws -> ParsedMessage {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("otplink-mime-\(UUID().uuidString).eml")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python email parser failed: \(String(decoding: stderr, as: UTF8.self))")
        }
        return try JSONDecoder().decode(ParsedMessage.self, from: stdout)
    }
}
