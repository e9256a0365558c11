"""The real otplink server for the browser suite: the site built for its origin, the API on a loopback
port with a fresh data folder, seeded through the admin API, and its outbox read back.

A thin layer over the harness (otplink_harness), which builds nothing itself here: `make test-browser`
builds `helpgen` and `otplink-api` first. The names below are the ones the suite's tests use.
"""

import os
import secrets
from pathlib import Path

from otplink_harness import ROOT, ApiServer, HarnessError, build_site, free_port, wait_until

__all__ = ["OTPLinkServer", "ServerError", "wait_until"]

# The server could not be built, started or seeded; the message says which step and why.
ServerError = HarnessError


class OTPLinkServer:
    """A running `otplink-api serve --public` with its own data folder and site build, in `workdir`
    (of the repository's site and templates, or of the `site` and `templates` folders given)."""

    # The resend cooldown, shortened from 60 s so the suite can wait it out; every other policy
    # number keeps its default.
    RESEND_COOLDOWN_SECONDS = 8

    def __init__(self, workdir, binaries, site=ROOT / "site", templates=ROOT / "templates"):
        self.workdir = Path(workdir)
        self.binaries = binaries
        self.site = Path(site)
        self.templates = Path(templates)
        self.public = self.workdir / "public"
        self.data = self.workdir / "data"
        self.log_path = self.workdir / "server.log"
        self.admin_key_file = self.workdir / "admin.key"
        # One browser drives many flows from 127.0.0.1, so the per-IP limit is raised (the per-link
        # and per-address limits stay as configured).
        self.api = ApiServer(binaries.api, self.data, self.log_path, public=self.public,
                             policy={"resendCooldown": self.RESEND_COOLDOWN_SECONDS},
                             admin_key_file=self.admin_key_file,
                             args=["--rate-burst", "1000", "--rate-per-minute", "1000"],
                             port=free_port())  # known now, so the site is built for the server's origin
        self.origin = self.api.origin

    # ------------------------------------------------------------------ lifecycle

    def build_site(self):
        """`helpgen build` into the work folder, with this server's origin as the base URL."""
        build_site(self.binaries.helpgen, self.public, site=self.site, templates=self.templates, base_url=self.origin)
        if not (self.public / "en" / "link" / "index.html").is_file():
            raise ServerError(f"helpgen built no authentication page at {self.public}/en/link/index.html")

    def start(self):
        """Starts the server and waits (bounded) until /healthz answers."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.admin_key_file.write_text(secrets.token_urlsafe(32) + "\n")
        os.chmod(self.admin_key_file, 0o600)
        self.api.start()

    def stop(self):
        """Stops the server (SIGTERM, then SIGKILL after 10 s); safe to call twice."""
        self.api.stop(grace=10)

    def log_tail(self, lines=40):
        """The last lines the server wrote, for failure messages."""
        return self.api.log_tail(lines)

    # ------------------------------------------------------------------ admin API

    def admin(self, method, path, body=None):
        """Calls `/api/v1/admin/...` with the admin key; returns the decoded JSON answer."""
        return self.api.admin(method, path, body=body)

    def load_directory(self, domains, members, lists):
        """Replaces the organization's directory."""
        return self.api.load_directory(domains, members, lists)

    def upload_file(self, name, content, content_type="application/octet-stream"):
        """Stores a file to share; returns its id."""
        return self.api.upload(name, content, content_type)

    def create_link(self, file_id, recipients, sender, expires_at=None, locale="en"):
        """Shares a file without notifying anyone; returns the admin answer (`linkId`, `token`, `url`)."""
        fields = {"locale": locale, "notify": False}
        if expires_at is not None:
            fields["expiresAt"] = expires_at
        return self.api.create_link(recipients, sender, file_id, **fields)

    def revoke_link(self, link_id):
        """Revokes a link."""
        return self.api.revoke(link_id)

    # ------------------------------------------------------------------ outbox

    def mails(self):
        """Every message the outbox holds (CodeMail: `path`, `to`, `subject`, `text`, `code()`), oldest first."""
        return self.api.outbox.mails()

    def wait_for_mail(self, to, seen=(), timeout=20):
        """The first message to `to` that is not among the paths in `seen`; TimeoutError after `timeout` s."""
        found = self.api.outbox.wait_for(to, seen, timeout, interval=0.2)
        if not found:
            raise TimeoutError(f"waited {timeout} s for a mail to {to} in {self.data / 'outbox'}")
        return found[0]

