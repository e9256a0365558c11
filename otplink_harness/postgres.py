"""A throwaway PostgreSQL for the suites: the tests' own script (Tests/PostgresTestSupport/
throwaway_postgres.py: Debian's server, initdb in a temporary folder, a free 127.0.0.1 port, run as the
`postgres` user when we are root), durable (fsync on) as production runs it, gone when stopped."""

from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

from .binaries import ROOT
from .errors import HarnessError
from .server import die_with_the_parent

SCRIPT = ROOT / "Tests" / "PostgresTestSupport" / "throwaway_postgres.py"
_databases = itertools.count(1)


class ThrowawayPostgres:
    """One cluster; `stop` (closing the script's standard input) stops it and removes its folder."""

    def __init__(self):
        self.process = subprocess.Popen(["/usr/bin/python3", str(SCRIPT), "--durable"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=die_with_the_parent)
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            raise HarnessError(f"the throwaway PostgreSQL did not start: {line}{self.process.stderr.read()[-2000:]}")
        self.port = int(line.split()[1])

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Runs `sql` with Debian's psql as the `otplink` role; its unaligned output."""
        psql = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))[-1]
        return subprocess.run([str(psql), "-h", "127.0.0.1", "-p", str(self.port), "-U", "otplink", "-d", database,
                               "-At", "-c", sql], check=True, capture_output=True, text=True, timeout=60).stdout

    def new_database(self, name: str | None = None) -> str:
        """A fresh database (`name`, else a new one of this process); its postgres:// URL."""
        name = name or f"otplink_{os.getpid()}_{next(_databases)}"
        self.psql(f"CREATE DATABASE {name}")
        return f"postgres://otplink@127.0.0.1:{self.port}/{name}"

    def restart(self) -> None:
        """Fast shutdown (clients disconnected, open transactions rolled back), then start on the same port."""
        self.process.stdin.write("restart\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if answer.strip() != "RESTARTED":
            raise HarnessError(f"the throwaway PostgreSQL did not restart: {answer!r}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=120)
