# A real SMTP server on 127.0.0.1 for the mail tests (Debian's aiosmtpd, /usr/bin/python3).
# Usage: smtp_sink.py FOLDER OPTIONS_JSON. Prints "READY <port>" once it listens, and exits when its stdin
# closes (the test process went away). Every accepted message becomes FOLDER/NNNNNN.json: envelope, TLS,
# connection, AUTH login, the raw message (base64) and the message parsed with Python's `email` (subject
# decoded, MIME parts). Every chunk the server reads is logged to FOLDER/chunks.log (base64 lines), so a
# test can see which commands arrived together (pipelining).
# Options (SMTPSink.Options): mode, cert, key, port, user, password, excludeAuth, rcptReply,
# rejectRecipients, pipelining, dropAfter.
import asyncio, base64, email, email.policy, json, os, signal, socket, ssl, sys, threading, time, warnings
warnings.simplefilter('ignore')
folder, options = sys.argv[1], json.loads(sys.argv[2])
# The test process may block SIGTERM in the thread that started us; take it back.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

def watch_parent():
    sys.stdin.read()
    os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()

def listening(receive_buffer=None):
    listener = socket.socket()
    if receive_buffer:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    listener.bind(('127.0.0.1', options.get('port') or 0)); listener.listen(8)
    print('READY %d' % listener.getsockname()[1], flush=True)
    return listener

def serve_each(listener, serve):
    number = 0
    while True:
        connection, _ = listener.accept(); number += 1
        threading.Thread(target=serve, args=(connection, number), daemon=True).start()

if options['mode'] == 'silent':
    # Accepts connections and never answers.
    listener = listening(); held = []
    while True:
        connection, _ = listener.accept(); held.append(connection)

if options['mode'] == 'lax':
    # Pipelining, refuses every RCPT TO with 550 yet answers DATA with 354; logs each connection's lines.
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
    serve_each(listening(), serve)

if options['mode'] == 'slow':
    # A plain server that answers every line 0.1 s late; logs each line it read to slow.log.
    def serve(connection, number):
        time.sleep(0.1); connection.sendall(b'220 slow.example ESMTP\r\n')
        log = open(os.path.join(folder, 'slow.log'), 'ab')
        in_data = False
        for line in connection.makefile('rb'):
            log.write(line); log.flush()
            if in_data and line != b'.\r\n':
                continue
            in_data = line.upper().startswith(b'DATA')
            time.sleep(0.1)
            if line.upper().startswith(b'QUIT'):
                connection.sendall(b'221 bye\r\n'); connection.close(); return
            connection.sendall(b'354 go ahead\r\n' if in_data else b'250 OK\r\n')
    serve_each(listening(), serve)

if options['mode'] == 'stall':
    # Answers like a server up to DATA's 354, then never reads again (a tiny receive buffer).
    def serve(connection, number):
        connection.sendall(b'220 stall.example ESMTP\r\n')
        for line in connection.makefile('rb'):
            if line.upper().startswith(b'DATA'):
                connection.sendall(b'354 go ahead\r\n')
                time.sleep(3600)
            connection.sendall(b'250 OK\r\n')
    serve_each(listening(4096), serve)

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

lock = threading.Lock()
counter = [0]
per_connection = {}

def parsed(content):
    message = email.message_from_bytes(content, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        try:
            text = part.get_content()
        except Exception:
            text = ''
        parts.append({'contentType': part.get_content_type(), 'charset': part.get_content_charset(),
                      'text': text if isinstance(text, str) else ''})
    return {'subject': str(message['subject']), 'from': str(message['from']), 'to': str(message['to']),
            'contentType': message.get_content_type(), 'messageId': str(message['message-id']),
            'autoSubmitted': str(message['auto-submitted']), 'defects': len(message.defects), 'parts': parts}

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
        tls = session.ssl is not None or server.transport.get_extra_info('ssl_object') is not None
        auth = session.auth_data.login.decode() if session.authenticated and session.auth_data is not None else None
        connection = '%s:%s' % tuple(session.peer[:2])
        record = {'mailFrom': envelope.mail_from, 'rcptTos': envelope.rcpt_tos, 'tls': tls, 'connection': connection,
                  'authenticatedAs': auth, 'data': base64.b64encode(envelope.original_content).decode(),
                  'mime': parsed(envelope.original_content)}
        with lock:
            per_connection[connection] = per_connection.get(connection, 0) + 1
            counter[0] += 1
            path = os.path.join(folder, '%06d.json' % counter[0])
        with open(path + '.tmp', 'w') as f: json.dump(record, f)
        os.rename(path + '.tmp', path)
        return '250 2.0.0 Accepted'

class RecordingSMTP(SMTP):
    def data_received(self, data):
        with lock, open(os.path.join(folder, 'chunks.log'), 'ab') as f:
            f.write(base64.b64encode(data) + b'\n')
        super().data_received(data)

class RecordingController(Controller):
    def factory(self):
        return RecordingSMTP(self.handler, **self.SMTP_kwargs)

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == options['user'].encode() and auth_data.password == options['password'].encode()
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

def context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(options['cert'], options['key'])
    return ctx

port = options.get('port') or 0
if not port:
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
kwargs = {'hostname': '127.0.0.1', 'port': port, 'auth_require_tls': False}
if options.get('user'):
    kwargs['authenticator'] = authenticator
    kwargs['auth_exclude_mechanism'] = options.get('excludeAuth') or []
if options['mode'] == 'starttls':
    kwargs['tls_context'] = context()
    kwargs['require_starttls'] = True
elif options['mode'] == 'implicit':
    kwargs['ssl_context'] = context()
controller = RecordingController(Handler(), **kwargs)
controller.start()
print('READY %d' % port, flush=True)
while True:
    time.sleep(3600)
