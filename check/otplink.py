"""The reliability suite's layer over the harness (otplink_harness): this run's folder, figures and
secrets, and the promise that every server it starts is stopped.

Every server started through `start_server` or `ApiServer` here is recorded and stopped by
`stop_all()` (pytest calls it at the end of the session, and atexit does too), so no server outlives
the suite whatever happens. Every code, token and key a server hands out is added to SECRETS, which
part 7 looks for in every log.
"""
from __future__ import annotations

import atexit
import tempfile
from pathlib import Path

import otplink_harness
from otplink_harness import ROOT, HarnessError, Response, run_helpgen  # noqa: F401 (the parts import them from here)

BINARIES = otplink_harness.Binaries.from_environment()
API = BINARIES.api
HELPGEN = BINARIES.helpgen

# The folder of this run: data folders, server logs. Removed at the end unless CHECK_KEEP=1.
RUN_DIR = Path(tempfile.mkdtemp(prefix="otplink-check-"))
LOG_DIR = RUN_DIR / "logs"
LOG_DIR.mkdir()

# Figures the parts measure, printed at the end and written to test-artifacts/check-figures.json.
FIGURES: dict[str, object] = {}
# Every code, token and key the suite saw; part 7 looks for each of them in every server log.
SECRETS: set[str] = set()

_servers: list["ApiServer"] = []


def new_folder(name: str) -> Path:
    """A fresh folder inside this run's folder."""
    return Path(tempfile.mkdtemp(prefix=name + "-", dir=RUN_DIR))


class ApiServer(otplink_harness.ApiServer):
    """The harness's server, its log in this run's log folder, recorded for `stop_all`, and every
    secret it hands out added to SECRETS."""

    def __init__(self, name: str, data: Path, args: list[str] | None = None, policy: dict | None = None, **options):
        super().__init__(API, data, LOG_DIR / f"{name}.log", args=args or [], policy=policy, name=name, **options)

    def start(self, timeout: float = 60) -> "ApiServer":
        if self not in _servers:
            _servers.append(self)
        return super().start(timeout)

    @property
    def admin_key(self) -> str:
        key = super().admin_key
        SECRETS.add(key)
        return key

    def create_link(self, recipients: list[str], sender: str = "alice@corp.example", file_id: str | None = None,
                    **fields) -> dict:
        link = super().create_link(recipients, sender, file_id, **fields)
        SECRETS.add(link["token"])
        return link


def codes_for(server, address: str, seen: set[Path] | None = None, timeout: float = 20) -> list[str]:
    """Codes mailed to `address` by `server` (or anything with an `outbox`, such as a cluster) that are
    not in `seen`, waiting (bounded) for the mail worker; their paths are added to `seen`."""
    seen = seen if seen is not None else set()
    mails = server.outbox.wait_for(address, seen, timeout)
    seen.update(mail.path for mail in mails)
    codes = [code for code in (mail.find_code() for mail in mails) if code]
    SECRETS.update(codes)
    return codes


def start_server(name: str, args: list[str] | None = None, policy: dict | None = None, **options) -> ApiServer:
    """A new server with a fresh data folder."""
    return ApiServer(name, new_folder(name) / "data", args, policy, **options).start()


def stop_all() -> None:
    """Stops every server this run started (SIGTERM, then SIGKILL)."""
    for server in _servers:
        try:
            server.stop()
        except Exception:
            server.kill()


atexit.register(stop_all)
