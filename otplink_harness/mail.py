"""Code mails: the one parser of the messages `otplink-api` writes (an outbox `.eml`, or the raw bytes
an SMTP server received), and the outbox folders they are read from."""

import email
import email.policy
import email.utils
import re
import time
from pathlib import Path

# The code stands alone on an indented line of the text part, in every locale's template
# (templates/email/*/code.text.mustache), its line ending CRLF in a MIME message; codes are 6 digits by
# default, up to 12 by policy.
CODE_LINE = re.compile(r"^[ \t]+(\d{4,12})[ \t]*\r?$", re.MULTILINE)


class CodeMail:
    """One message: its recipients (lowercase), subject and plain text, and the code it carries."""

    def __init__(self, data, path=None):
        message = email.message_from_bytes(data, policy=email.policy.default)
        self.path = Path(path) if path is not None else None
        self.to = [address.lower() for _, address in email.utils.getaddresses(message.get_all("To", []))]
        self.subject = str(message.get("Subject", ""))
        body = message.get_body(preferencelist=("plain",))
        self.text = body.get_content() if body is not None else ""

    @classmethod
    def read(cls, path):
        """The message in the file at `path`."""
        return cls(Path(path).read_bytes(), path)

    def find_code(self):
        """The one-time code, or None when the message carries none (a link-shared notification)."""
        found = CODE_LINE.search(self.text)
        return found.group(1) if found else None

    def code(self):
        """The one-time code; AssertionError (naming the message) when the text carries none."""
        code = self.find_code()
        if code is None:
            raise AssertionError(f"no code in {self.path or 'the message'}: {self.text[:300]!r}")
        return code

    def is_to(self, address):
        """Whether `address` (any case) is among the recipients."""
        return address.lower() in self.to


class Outbox:
    """The `.eml` files of one or more outbox folders (a server's `<data>/outbox`, a cluster's several)."""

    def __init__(self, *folders):
        self.folders = [Path(folder) for folder in folders]

    def paths(self):
        """Every message file, oldest first (then by name)."""
        found = [path for folder in self.folders if folder.is_dir() for path in folder.glob("*.eml")]
        return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))

    def mails(self, seen=()):
        """The messages whose paths are not in `seen`, oldest first."""
        seen = {Path(path) for path in seen}
        return [CodeMail.read(path) for path in self.paths() if path not in seen]

    def wait_for(self, address, seen=(), timeout=20, interval=0.1):
        """The messages to `address` not in `seen`, once there is at least one; waits at most `timeout`
        seconds and returns [] when none came."""
        deadline = time.monotonic() + timeout
        while True:
            found = [mail for mail in self.mails(seen) if mail.is_to(address)]
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(interval)
