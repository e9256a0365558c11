"""The real otplink server for the browser suite: the site built for its origin, the API on a
loopback port with a fresh data folder, seeded through the admin API, and its outbox read back.

Nothing here compiles anything: the Makefile builds `helpgen` and `otplink-api` first and
passes their paths in OTPLINK_API_BIN and HELPGEN_BIN.
"""

import email
import email.policy
import email.utils
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


class ServerError(RuntimeError):
    """The server could not be built, started or seeded; the message says which step and why."""


def free_port():
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout, interval=0.1, what="condition"):
    """Polls `condition` until it returns something truthy; raises TimeoutError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        time.sleep(interval)


class OutboxMail:
    """One `.eml` file of the outbox: its recipients, subject and text."""

    def __init__(self, path):
        self.path = Path(path)
        with open(path, "rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
        self.to = [addr.lower() for _, addr in email.utils.getaddresses(message.get_all("To", []))]
        self.subject = str(message.get("Subject", ""))
        parts = [message] if not message.is_multipart() else list(message.walk())
        texts = []
        for part in parts:
            if part.get_content_type() == "text/plain":
                texts.append(part.get_content())
        self.text = "\n".join(texts)

    def code(self, length=6):
        """The one-time code in the mail's text part (the first run of exactly `length` digits)."""
        match = re.search(r"(?<!\d)(\d{%d})(?!\d)" % length, self.text)
        if not match:
            raise AssertionError(f"no {length}-digit code in {self.path.name}: {self.text[:300]!r}")
        return match.group(1)


class OTPLinkServer:
    """A running `otplink-api serve --public` with its own data folder and site build."""

    def __init__(self, root, workdir, api_bin, helpgen_bin):
        self.root = Path(root)
        self.workdir = Path(workdir)
        self.api_bin = str(api_bin)
        self.helpgen_bin = str(helpgen_bin)
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.public = self.workdir / "public"
        self.data = self.workdir / "data"
        self.outbox = self.data / "outbox"
        self.admin_key = secrets.token_urlsafe(32)
        self.admin_key_file = self.workdir / "admin.key"
        self.log_path = self.workdir / "server.log"
        self.process = None
        self._log = None

    # ------------------------------------------------------------------ lifecycle

    def build_site(self):
        """`helpgen build` into the work folder, with this server's origin as the base URL."""
        command = [
            self.helpgen_bin, "build",
            "--site", str(self.root / "site"),
            "--templates", str(self.root / "templates"),
            "--output", str(self.public),
            "--base-url", self.origin,
        ]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise ServerError(f"helpgen build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        if not (self.public / "en" / "link" / "index.html").is_file():
            raise ServerError(f"helpgen built no authentication page at {self.public}/en/link/index.html")

    def start(self):
        """Starts the server and waits (bounded) until /healthz answers."""
        self.data.mkdir(parents=True, exist_ok=True)
        self.admin_key_file.write_text(self.admin_key + "\n")
        os.chmod(self.admin_key_file, 0o600)
        command = [
            self.api_bin, "serve",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--data", str(self.data),
            "--site-url", self.origin,
            "--admin-key-file", str(self.admin_key_file),
            "--public", str(self.public),
        ] + self.extra_serve_arguments()
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            command, cwd=self.root, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )

        def healthy():
            if self.process.poll() is not None:
                raise ServerError(f"otplink-api exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.origin + "/healthz", timeout=2) as response:
                    return response.status == 200
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                return False

        try:
            wait_until(healthy, timeout=60, interval=0.2, what=f"{self.origin}/healthz")
        except TimeoutError as error:
            self.stop()
            raise ServerError(f"{error}\n{self.log_tail()}") from None

    # The resend cooldown, shortened from 60 s so the suite can wait it out; every other policy
    # number keeps its default.
    RESEND_COOLDOWN_SECONDS = 8

    def extra_serve_arguments(self):
        """Serve flags beyond the basics: one browser drives many flows from 127.0.0.1, so the
        per-IP limit is raised (the per-link and per-address limits stay as configured), and the
        resend cooldown is short enough to wait for."""
        policy = self.workdir / "policy.json"
        policy.write_text(json.dumps({"resendCooldown": self.RESEND_COOLDOWN_SECONDS}))
        return ["--rate-burst", "1000", "--rate-per-minute", "1000", "--policy-file", str(policy)]

    def stop(self):
        """Stops the server (SIGTERM, then SIGKILL after 10 s); safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines=40):
        """The last lines the server wrote, for failure messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # ------------------------------------------------------------------ admin API

    def admin(self, method, path, body=None, raw=None, content_type="application/json"):
        """Calls `/api/v1/admin/...` with the admin key; returns the decoded JSON answer."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.origin + "/api/v1/admin" + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.admin_key)
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            raise ServerError(f"{method} /api/v1/admin{path} answered {error.code}: {error.read().decode()}") from None
        return json.loads(text) if text.strip() else None

    def load_directory(self, domains, members, lists):
        """Replaces the organization's directory."""
        return self.admin("PUT", "/directory", {"domains": domains, "members": members, "lists": lists})

    def upload_file(self, name, content, content_type="application/octet-stream"):
        """Stores a file to share; returns its id."""
        answer = self.admin("POST", "/files?name=" + urllib.parse.quote(name, safe=""), raw=content,
                            content_type=content_type)
        return answer.get("fileId") or answer.get("id")

    def create_link(self, file_id, recipients, sender, expires_at=None, locale="en"):
        """Shares a file; returns the admin answer (`linkId`, `token`, `url`)."""
        body = {"fileId": file_id, "recipients": recipients, "sender": sender, "locale": locale, "notify": False}
        if expires_at is not None:
            body["expiresAt"] = expires_at
        return self.admin("POST", "/links", body)

    def revoke_link(self, link_id):
        """Revokes a link."""
        return self.admin("DELETE", "/links/" + urllib.parse.quote(link_id))

    # ------------------------------------------------------------------ outbox

    def mails(self):
        """Every message the outbox holds, oldest first."""
        if not self.outbox.is_dir():
            return []
        paths = sorted(self.outbox.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [OutboxMail(path) for path in paths]

    def wait_for_mail(self, to, seen=(), timeout=20):
        """Waits (bounded) for a message to `to` that is not among the paths in `seen`."""
        address = to.lower()
        seen = {Path(p) for p in seen}

        def arrived():
            for mail in self.mails():
                if mail.path not in seen and address in mail.to:
                    return mail
            return None

        return wait_until(arrived, timeout=timeout, interval=0.2, what=f"a mail to {to} in {self.outbox}")
