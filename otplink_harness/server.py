"""`otplink-api serve` on 127.0.0.1: started with its own data folder and log, stopped whatever happens,
called over real HTTP, its admin API and its outbox at hand."""

from __future__ import annotations

import ctypes
import http.client
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .binaries import ROOT
from .errors import HarnessError
from .mail import Outbox
from .network import free_port

TEMPLATES = ROOT / "templates" / "email"


def die_with_the_parent():
    """Runs in a child process before exec: the kernel SIGKILLs the child when the thread that started it
    ends, so a server never outlives a suite that died (even by SIGKILL). Start servers from a thread
    that outlives them (the main thread)."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class Response:
    """One HTTP answer, with the time it took."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float = 0.0

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def error_code(self) -> str | None:
        """`error.code` of a JSON error answer, else None."""
        try:
            return self.json["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None


def http_call(port, method, path, body=None, headers=None, source=None, timeout=15):
    """One HTTP/1.1 request to 127.0.0.1:`port` on a new connection (from `source`, a 127.x address,
    when given); a body that is not bytes or str is sent as JSON."""
    headers = dict(headers or {})
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                            source_address=(source, 0) if source else None)
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
        seconds = time.perf_counter() - started
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data, seconds)
    finally:
        connection.close()


class ApiServer:
    """One `otplink-api serve` process on 127.0.0.1.

    `data` is its data folder (created by the server), `log_path` collects its output across starts.
    `args` are further serve flags; `policy` (a dict) is written beside the data folder and passed as
    `--policy-file`; `admin_key_file` replaces the key the server makes in its data folder;
    `open_files` sets the process's RLIMIT_NOFILE. The port is chosen at the first start and kept
    for restarts. Also a context manager that stops the server at the end.
    """

    def __init__(self, binary, data, log_path, args=(), policy=None, admin_key_file=None, public=None,
                 templates=TEMPLATES, port=0, open_files=None, name="otplink-api"):
        self.binary = Path(binary)
        self.data = Path(data)
        self.log_path = Path(log_path)
        self.args = list(args)
        self.policy = policy
        self.admin_key_file = Path(admin_key_file) if admin_key_file else None
        self.public = public
        self.templates = templates
        self.port = port
        self.open_files = open_files
        self.name = name
        self.process = None
        self.starts = 0
        self.outbox = Outbox(self.data / "outbox")

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin_key(self):
        """The admin key (from `admin_key_file`, else the one the server wrote into its data folder)."""
        return (self.admin_key_file or self.data / "admin.key").read_text().strip()

    # --- lifecycle ------------------------------------------------------------------------------

    def command(self):
        """The serve command line of the next start."""
        command = [str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--data", str(self.data), "--templates", str(self.templates), "--site-url", self.origin]
        if self.admin_key_file:
            command += ["--admin-key-file", str(self.admin_key_file)]
        if self.public:
            command += ["--public", str(self.public)]
        if self.policy is not None:
            policy_file = self.data.parent / f"{self.name}-policy.json"
            policy_file.parent.mkdir(parents=True, exist_ok=True)
            policy_file.write_text(json.dumps(self.policy))
            command += ["--policy-file", str(policy_file)]
        return command + self.args

    def start(self, timeout=60):
        """Starts the server (on the same port after the first start) and waits, at most `timeout`
        seconds, until `GET /healthz` answers 200; raises HarnessError with the log's end otherwise."""
        if self.port == 0:
            self.port = free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"--- start {self.starts + 1}\n".encode())
            log.flush()
            open_files = self.open_files

            def prepare_child():
                die_with_the_parent()
                if open_files is not None:
                    import resource
                    resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

            self.process = subprocess.Popen(self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True,
                                            preexec_fn=prepare_child)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"{self.name}: otplink-api exited with {self.process.returncode} while "
                                   f"starting; log {self.log_path}:\n{self.log_tail()}")
            if self._healthy():
                return self
            time.sleep(0.05)
        self.kill()
        raise HarnessError(f"{self.name}: {self.origin}/healthz did not answer within {timeout} s; "
                           f"log {self.log_path}:\n{self.log_tail()}")

    def _healthy(self):
        try:
            return self.call("GET", "/healthz", timeout=2).status == 200
        except OSError:
            return False

    @property
    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """SIGKILL, as a power cut would: no shutdown code runs."""
        if self.alive:
            self._signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self, grace=15):
        """SIGTERM, then SIGKILL after `grace` seconds; the exit status (None if it had to be killed).
        Safe to call on a server that is not running."""
        if not self.alive:
            return self.process.returncode if self.process else None
        self._signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def _signal(self, number):
        try:
            os.killpg(self.process.pid, number)
        except ProcessLookupError:
            pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exception):
        self.stop()

    def log_tail(self, lines=40):
        """The last lines the server wrote, for failure messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def resident_bytes(self):
        """The server process's resident memory now (VmRSS)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise HarnessError(f"{self.name}: no VmRSS in /proc/{self.process.pid}/status")

    # --- HTTP -----------------------------------------------------------------------------------

    def call(self, method, path, body=None, headers=None, source=None, timeout=15, admin=False):
        """`http_call` to this server, with the admin key when `admin`."""
        headers = dict(headers or {})
        if admin:
            headers["Authorization"] = f"Bearer {self.admin_key}"
        return http_call(self.port, method, path, body=body, headers=headers, source=source, timeout=timeout)

    # --- admin API ------------------------------------------------------------------------------

    def admin(self, method, path, body=None, headers=None, expect=(200, 201, 204), timeout=30):
        """Calls `/api/v1/admin<path>` with the admin key; raises HarnessError unless the status is
        one of `expect`. Returns the decoded JSON answer (None for an empty one)."""
        answer = self.call(method, "/api/v1/admin" + path, body=body, headers=headers, admin=True, timeout=timeout)
        if answer.status not in expect:
            raise HarnessError(f"{method} /api/v1/admin{path} answered {answer.status}: {answer.body[:500]!r}")
        return answer.json if answer.body.strip() else None

    def upload(self, name="report.pdf", data=b"%PDF-1.4 quarterly numbers\n", content_type="application/pdf"):
        """Stores a file to share; returns its id."""
        answer = self.admin("POST", f"/files?name={quote(name, safe='')}", body=data,
                            headers={"Content-Type": content_type}, expect=(201,))
        return answer["fileId"]

    def create_link(self, recipients, sender="alice@corp.example", file_id=None, **fields):
        """Shares a file (`file_id`, else a new upload) with `recipients`; further body `fields`
        (`locale`, `notify`, `expiresAt`, ...) as given. Returns the answer (`linkId`, `token`, `url`)."""
        body = {"fileId": file_id or self.upload(), "recipients": recipients, "sender": sender, **fields}
        return self.admin("POST", "/links", body=body, expect=(201,))

    def revoke(self, link_id):
        """Revokes a link."""
        return self.admin("DELETE", "/links/" + quote(link_id, safe=""))

    def load_directory(self, domains, members, lists, timeout=30):
        """Replaces the organization's directory."""
        return self.admin("PUT", "/directory", body={"domains": domains, "members": members, "lists": lists},
                          timeout=timeout)

    def events(self, link_id):
        """The link's audit events."""
        return self.admin("GET", f"/links/{quote(link_id, safe='')}/events")["events"]
