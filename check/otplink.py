"""The real otplink-api and helpgen, driven from Python: start, call, kill, restart.

Every server this module starts is recorded and stopped by `stop_all()` (pytest calls it at the end
of the session, and atexit does too), so no server outlives the suite whatever happens.
"""
from __future__ import annotations

import atexit
import ctypes
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("OTPLINK_BIN", ROOT / ".build" / "debug"))
API = BIN / "otplink-api"
HELPGEN = BIN / "helpgen"
TEMPLATES = ROOT / "templates" / "email"

# The folder of this run: data folders, server logs. Removed at the end unless CHECK_KEEP=1.
RUN_DIR = Path(tempfile.mkdtemp(prefix="otplink-check-"))
LOG_DIR = RUN_DIR / "logs"
LOG_DIR.mkdir()

# Figures the parts measure, printed at the end and written to test-artifacts/check-figures.json.
FIGURES: dict[str, object] = {}
# Every code, token and key the suite saw; part 7 looks for each of them in every server log.
SECRETS: set[str] = set()

_servers: list["ApiServer"] = []


def _die_with_the_suite() -> None:
    """Runs in the server's process before exec: the kernel SIGKILLs it if the suite dies (even by SIGKILL)."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def new_folder(name: str) -> Path:
    """A fresh folder inside this run's folder."""
    return Path(tempfile.mkdtemp(prefix=name + "-", dir=RUN_DIR))


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float = 0.0

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def error_code(self) -> str | None:
        try:
            return self.json["error"]["code"]
        except Exception:
            return None


@dataclass
class ApiServer:
    """One otplink-api process on 127.0.0.1 with its own data folder and log file."""

    name: str
    data: Path
    args: list[str] = field(default_factory=list)
    policy: dict | None = None
    process: subprocess.Popen | None = None
    port: int = 0
    starts: int = 0
    open_files: int | None = None  # RLIMIT_NOFILE of the server process, when given

    @property
    def log_path(self) -> Path:
        return LOG_DIR / f"{self.name}.log"

    @property
    def admin_key(self) -> str:
        key = (self.data / "admin.key").read_text().strip()
        SECRETS.add(key)
        return key

    def start(self, timeout: float = 60) -> "ApiServer":
        """Starts the server (on the same port after the first start) and waits until it listens."""
        command = [str(API), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                   "--data", str(self.data), "--templates", str(TEMPLATES),
                   "--site-url", "http://127.0.0.1:9", *self.args]
        if self.policy is not None:
            policy_file = self.data.parent / f"{self.name}-policy.json"
            policy_file.write_text(json.dumps(self.policy))
            command += ["--policy-file", str(policy_file)]
        log = open(self.log_path, "ab")
        log.write(f"--- start {self.starts + 1}\n".encode())
        log.flush()
        open_files = self.open_files

        def prepare_child():
            _die_with_the_suite()
            if open_files is not None:
                import resource
                resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True, preexec_fn=prepare_child)
        log.close()
        if self not in _servers:
            _servers.append(self)
        self.starts += 1
        deadline = time.monotonic() + timeout
        pattern = re.compile(rb"listening on http://127\.0\.0\.1:(\d+)/")
        while time.monotonic() < deadline:
            match = None
            for match in pattern.finditer(self.log_path.read_bytes()):
                pass
            if match and self.process.poll() is None:
                port = int(match.group(1))
                if self.port in (0, port) and self._answers(port):
                    self.port = port
                    return self
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: otplink-api exited with {self.process.returncode} while starting; "
                                   f"log {self.log_path}:\n{self.log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"{self.name}: otplink-api did not listen within {timeout} s; log {self.log_path}")

    def _answers(self, port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    def resident_bytes(self) -> int:
        """The server process's resident memory now (VmRSS)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a power cut would: no shutdown code runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 15 s; the exit status (None if it had to be killed)."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    # --- HTTP ---------------------------------------------------------------------------------

    def call(self, method: str, path: str, body=None, headers: dict | None = None, source: str | None = None,
             timeout: float = 15, admin: bool = False) -> Response:
        """One HTTP/1.1 request on a new connection (from `source`, a 127.x address, when given)."""
        headers = dict(headers or {})
        if admin:
            headers["Authorization"] = f"Bearer {self.admin_key}"
        return http_call(self.port, method, path, body=body, headers=headers, source=source, timeout=timeout)

    # --- admin shortcuts ------------------------------------------------------------------------

    def upload(self, name: str = "report.pdf", data: bytes = b"%PDF-1.4 quarterly numbers\n") -> str:
        from urllib.parse import quote
        answer = self.call("POST", f"/api/v1/admin/files?name={quote(name)}", body=data,
                           headers={"Content-Type": "application/pdf"}, admin=True)
        assert answer.status == 201, (answer.status, answer.body)
        return answer.json["fileId"]

    def create_link(self, recipients: list[str], sender: str = "alice@corp.example", file_id: str | None = None,
                    **extra) -> dict:
        body = {"fileId": file_id or self.upload(), "recipients": recipients, "sender": sender, **extra}
        answer = self.call("POST", "/api/v1/admin/links", body=body, admin=True)
        assert answer.status == 201, (answer.status, answer.body)
        link = answer.json
        SECRETS.add(link["token"])
        return link

    def events(self, link_id: str) -> list[dict]:
        answer = self.call("GET", f"/api/v1/admin/links/{link_id}/events", admin=True)
        assert answer.status == 200, (answer.status, answer.body)
        return answer.json["events"]

    # --- mail -------------------------------------------------------------------------------------

    def outbox(self) -> list[Path]:
        folder = self.data / "outbox"
        return sorted(p for p in folder.glob("*.eml")) if folder.exists() else []


def http_call(port: int, method: str, path: str, body=None, headers: dict | None = None, source: str | None = None,
              timeout: float = 15) -> Response:
    """One HTTP/1.1 request to 127.0.0.1:`port` on a new connection (from `source`, a 127.x address, when given)."""
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


def mail_code(path: Path) -> tuple[str, str]:
    """The recipient and the code in one outbox mail (the plain-text part)."""
    import email
    from email import policy
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"\b(\d{6,12})\b", text)
    assert match, f"no code in {path}"
    SECRETS.add(match.group(1))
    return str(message["To"]), match.group(1)


def codes_for(server: ApiServer, address: str, seen: set[Path] | None = None, timeout: float = 20) -> list[str]:
    """Codes mailed to `address` that are not in `seen`, waiting (bounded) for the mail worker."""
    seen = seen if seen is not None else set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for path in server.outbox():
            if path in seen:
                continue
            to, code = mail_code(path)
            if address.lower() in to.lower():
                seen.add(path)
                found.append(code)
        if found:
            return found
        time.sleep(0.1)
    return []


def start_server(name: str, args: list[str] | None = None, policy: dict | None = None, **kwargs) -> ApiServer:
    """A new server with a fresh data folder."""
    return ApiServer(name=name, data=new_folder(name) / "data", args=args or [], policy=policy, **kwargs).start()


def stop_all() -> None:
    """Stops every server this run started (SIGTERM, then SIGKILL)."""
    for server in _servers:
        try:
            server.stop()
        except Exception:
            server.kill()


atexit.register(stop_all)
