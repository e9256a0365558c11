import Foundation

/// A real SMTP server on 127.0.0.1 for the tests: Debian's `aiosmtpd` (for `/usr/bin/python3`),
/// storing every accepted message as a JSON file, with STARTTLS, implicit TLS, AUTH and scripted refusals.
final class SMTPSink: @unchecked Sendable {
    struct Options: Encodable {
        /// plain, starttls, implicit, silent (accepts connections and never answers),
        /// stall (answers up to DATA, then stops reading), or lax (a pipelining server that refuses every
        /// RCPT TO with 550 yet answers DATA with 354; it logs each connection's lines to `lax.log`).
        var mode = "plain"
        var cert: String?
        var key: String?
        var user: String?
        var password: String?
        /// AUTH mechanisms the server must not offer, e.g. ["PLAIN"].
        var excludeAuth: [String] = []
        /// The reply to every RCPT TO, e.g. "550 5.1.1 No such user here" (default: accept).
        var rcptReply: String?
        /// Recipients answered with `550 5.1.1 No such user here`.
        var rejectRecipients: [String] = []
        /// Announce PIPELINING in the EHLO reply.
        var pipelining = false
        /// After this many messages on a connection, answer `RSET` with 421 and close it (0: never).
        var dropAfter = 0
    }

    struct Received: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var tls: Bool
        var authenticatedAs: String?
        /// The client's address and port: the same for messages of one connection.
        var connection: String
        /// base64 of the message as the server received it (dot-stuffing undone).
        var data: String

        var message: Data { Data(base64Encoded: data) ?? Data() }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    let port: Int
    let folder: URL
    private let process: Process
    /// Held open while the sink should live; the sink exits when it closes.
    private let input: Pipe

    private init(port: Int, folder: URL, process: Process, input: Pipe) {
        self.port = port
        self.folder = folder
        self.process = process
        self.input = input
    }

    deinit { stop() }

    static func start(_ options: Options = Options()) throws -> SMTPSink {
        let folder = try Fixtures.temporaryFolder()
        let script = folder.appendingPathComponent("smtp_sink.py")
        try Data(self.script.utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let settings = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        process.arguments = [script.path, folder.path, settings]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var text = ""
        for _ in 0..<200 where !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).prefix { $0.isNumber }) else {
            process.terminate()
            let stderr = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            throw Failure(description: "the SMTP sink did not start (is python3-aiosmtpd installed? `make test` installs it): \(text) \(stderr)")
        }
        return SMTPSink(port: port, folder: folder, process: process, input: input)
    }

    /// Every message accepted so far, in order.
    func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSONDecoder().decode(Received.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A port on 127.0.0.1 where nothing listens (bound by Python, then closed).
    static func closedPort() throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        return Int(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 9
    }

    static let script = #"""
import asyncio, base64, json, os, signal, socket, ssl, sys, threading, time, warnings
warnings.simplefilter('ignore')
folder, options = sys.argv[1], json.loads(sys.argv[2])
# The test process may block SIGTERM in the thread that started us; take it back.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
# Exit when the test process goes away (its end of our stdin closes), even if it never stops us.
def watch_parent():
    sys.stdin.read()
    os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()

def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close(); return port

if options['mode'] == 'silent':
    listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(8)
    print('READY %d' % listener.getsockname()[1], flush=True)
    held = []
    while True:
        connection, _ = listener.accept(); held.append(connection)

if options['mode'] == 'lax':
    listener = socket.socket(); listener.bind(('127.0.0.1', 0)); listener.listen(8)
    print('READY %d' % listener.getsockname()[1], flush=True)
    def serve(connection, number):
        connection.sendall(b'220 lax.example ESMTP\r\n')
        log = open(os.path.join(folder, 'lax.log'), 'ab')
        in_data = False
        for line in connection.makefile('rb'):
            log.write(b'%d ' % number + line); log.flush()
            command = line.upper()
            if in_data:
                if line == b'.\r\n':
                    in_data = False
                    connection.sendall(b'554 5.5.1 No valid recipients\r\n')
            elif command.startswith(b'EHLO'):
                connection.sendall(b'250-lax.example\r\n250 PIPELINING\r\n')
            elif command.startswith(b'RCPT'):
                connection.sendall(b'550 5.1.1 No such user here\r\n')
            elif command.startswith(b'DATA'):
                in_data = True
                connection.sendall(b'354 go ahead\r\n')
            elif command.startswith(b'QUIT'):
                connection.sendall(b'221 bye\r\n'); connection.close(); return
            else:
                connection.sendall(b'250 OK\r\n')
    number = 0
    while True:
        connection, _ = listener.accept(); number += 1
        threading.Thread(target=serve, args=(connection, number), daemon=True).start()

if options['mode'] == 'stall':
    # Answers like a server up to DATA's 354, then never reads again (a tiny receive buffer).
    listener = socket.socket(); listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(('127.0.0.1', 0)); listener.listen(8)
    print('READY %d' % listener.getsockname()[1], flush=True)
    def serve(connection):
        connection.sendall(b'220 stall.example ESMTP\r\n')
        reader = connection.makefile('rb')
        for line in reader:
            if line.upper().startswith(b'DATA'):
                connection.sendall(b'354 go ahead\r\n')
                time.sleep(3600)
            connection.sendall(b'250 OK\r\n')
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

counter = [0]
per_connection = {}
class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if options.get('pipelining'):
            responses.insert(-1, '250-PIPELINING')
        return responses
    async def handle_RSET(self, server, session, envelope):
        # A server's limit of messages per connection: 421 and close, as Postfix does.
        if options.get('dropAfter') and per_connection.get('%s:%s' % tuple(session.peer[:2]), 0) >= options['dropAfter']:
            asyncio.get_event_loop().call_soon(server.transport.close)
            return '421 4.7.0 Too many messages on this connection, closing'
        return '250 OK'
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if options.get('rcptReply'):
            return options['rcptReply']
        if address in options.get('rejectRecipients', []):
            return '550 5.1.1 No such user here'
        envelope.rcpt_tos.append(address)
        return '250 OK'
    async def handle_DATA(self, server, session, envelope):
        counter[0] += 1
        tls = session.ssl is not None or server.transport.get_extra_info('ssl_object') is not None
        auth = session.auth_data.login.decode() if session.authenticated and session.auth_data is not None else None
        connection = '%s:%s' % tuple(session.peer[:2])
        record = {'mailFrom': envelope.mail_from, 'rcptTos': envelope.rcpt_tos, 'tls': tls, 'connection': connection,
                  'authenticatedAs': auth, 'data': base64.b64encode(envelope.original_content).decode()}
        per_connection[connection] = per_connection.get(connection, 0) + 1
        path = os.path.join(folder, '%06d.json' % counter[0])
        with open(path + '.tmp', 'w') as f: json.dump(record, f)
        os.rename(path + '.tmp', path)
        return '250 2.0.0 Accepted'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == options['user'].encode() and auth_data.password == options['password'].encode()
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

def context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(options['cert'], options['key'])
    return ctx

kwargs = {'hostname': '127.0.0.1', 'port': free_port(), 'auth_require_tls': False}
if options.get('user'):
    kwargs['authenticator'] = authenticator
    kwargs['auth_exclude_mechanism'] = options.get('excludeAuth') or []
if options['mode'] == 'starttls':
    kwargs['tls_context'] = context()
    kwargs['require_starttls'] = True
elif options['mode'] == 'implicit':
    kwargs['ssl_context'] = context()
controller = Controller(Handler(), **kwargs)
controller.start()
print('READY %d' % kwargs['port'], flush=True)
while True:
    time.sleep(3600)
"""#
}

/// A self-signed certificate for `localhost` and `127.0.0.1`, made once with `openssl`.
enum TestCertificate {
    struct Files: Sendable {
        var certificate: String
        var key: String
    }

    static let files: Result<Files, any Error> = Result {
        let folder = try Fixtures.temporaryFolder()
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                             "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SMTPSink.Failure(description: "openssl could not make a test certificate") }
        return Files(certificate: certificate, key: key)
    }
}
