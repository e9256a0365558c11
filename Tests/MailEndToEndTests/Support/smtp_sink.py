# A real SMTP server on 127.0.0.1 for the end-to-end mail tests (Debian's aiosmtpd, /usr/bin/python3).
# Usage: smtp_sink.py FOLDER OPTIONS_JSON. Prints "READY <port>" once it listens. Every accepted message
# becomes FOLDER/NNNNNN.json: envelope, TLS, connection, and the message parsed with Python's `email`
# (subject decoded, MIME parts); every chunk the server reads is logged to FOLDER/chunks.log (base64 lines),
# so a test can see which commands arrived together (pipelining).
# Options: mode (plain | starttls), cert, key, port (0: any free one), pipelining (announce PIPELINING),
# rcptReply (the answer to every RCPT TO, e.g. "550 5.1.1 No such user").
import asyncio, base64, email, email.policy, json, os, signal, socket, ssl, sys, threading, time, warnings
warnings.simplefilter('ignore')
folder, options = sys.argv[1], json.loads(sys.argv[2])
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

def watch_parent():
    # Exit when the test process goes away (its end of our stdin closes).
    sys.stdin.read()
    os._exit(0)
threading.Thread(target=watch_parent, daemon=True).start()

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

lock = threading.Lock()
counter = [0]

def parsed(content):
    message = email.message_from_bytes(content, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append({'contentType': part.get_content_type(), 'charset': part.get_content_charset(),
                      'text': part.get_content()})
    return {'subject': str(message['subject']), 'from': str(message['from']), 'to': str(message['to']),
            'contentType': message.get_content_type(), 'messageId': str(message['message-id']),
            'autoSubmitted': str(message['auto-submitted']), 'defects': len(message.defects), 'parts': parts}

class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if options.get('pipelining'):
            responses.insert(-1, '250-PIPELINING')
        return responses
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if options.get('rcptReply'):
            return options['rcptReply']
        envelope.rcpt_tos.append(address)
        return '250 OK'
    async def handle_DATA(self, server, session, envelope):
        tls = server.transport.get_extra_info('ssl_object') is not None or session.ssl is not None
        record = {'mailFrom': envelope.mail_from, 'rcptTos': envelope.rcpt_tos, 'tls': tls,
                  'connection': '%s:%s' % tuple(session.peer[:2]),
                  'data': base64.b64encode(envelope.original_content).decode(),
                  'mime': parsed(envelope.original_content)}
        with lock:
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

port = options.get('port') or 0
if not port:
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
kwargs = {'hostname': '127.0.0.1', 'port': port}
if options['mode'] == 'starttls':
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(options['cert'], options['key'])
    kwargs['tls_context'] = context
    kwargs['require_starttls'] = True
controller = RecordingController(Handler(), **kwargs)
controller.start()
print('READY %d' % port, flush=True)
while True:
    time.sleep(3600)
