"""Several otplink-api instances on one real PostgreSQL: the throwaway server, the instances, and a
round-robin client that sends each call to the next instance (every call is a new connection, so this
is what a round-robin load balancer in front does).
"""
from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

import otplink
from otplink_harness import Outbox, die_with_the_parent

SCRIPT = otplink.ROOT / "Tests" / "PostgresTestSupport" / "throwaway_postgres.py"
_databases = itertools.count(1)


class Postgres:
    """A throwaway PostgreSQL cluster (durable: fsync on) on a free 127.0.0.1 port, gone when stopped."""

    def __init__(self):
        self.process = subprocess.Popen(["/usr/bin/python3", str(SCRIPT), "--durable"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=die_with_the_parent)
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"the throwaway PostgreSQL did not start: {line}{self.process.stderr.read()}")
        self.port = int(line.split()[1])

    def psql(self, sql: str, database: str = "postgres") -> str:
        psql = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))[-1]
        return subprocess.run([str(psql), "-h", "127.0.0.1", "-p", str(self.port), "-U", "otplink", "-d", database,
                               "-At", "-c", sql], check=True, capture_output=True, text=True).stdout

    def new_database(self) -> str:
        """A fresh database; its postgres:// URL."""
        name = f"otplink_check_{os.getpid()}_{next(_databases)}"
        self.psql(f"CREATE DATABASE {name}")
        return f"postgres://otplink@127.0.0.1:{self.port}/{name}"

    def restart(self) -> None:
        """Fast shutdown (clients disconnected, open transactions rolled back), then start on the same port."""
        self.process.stdin.write("restart\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer.strip() == "RESTARTED", answer

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=60)


class Cluster:
    """`count` instances on one new database, with one secret and one admin key."""

    def __init__(self, postgres: Postgres, name: str, count: int = 2, policy: dict | None = None,
                 rate: tuple[int, int] = (1_000_000, 1_000_000)):
        self.url = postgres.new_database()
        folder = otplink.new_folder(name)
        secret, admin_key = folder / "secret.key", folder / "admin.key"
        secret.write_bytes(os.urandom(32))
        admin_key.write_text(os.urandom(24).hex())
        for path in (secret, admin_key):
            path.chmod(0o600)
        self.instances: list[otplink.ApiServer] = []
        common = ["--database", self.url, "--secret-file", str(secret), "--admin-key-file", str(admin_key),
                  "--rate-burst", str(rate[0]), "--rate-per-minute", str(rate[1])]
        for n in range(count):
            data = folder / f"instance-{n}"
            data.mkdir()
            (data / "admin.key").write_text(admin_key.read_text())  # ApiServer.admin_key reads it there
            (data / "admin.key").chmod(0o600)
            self.instances.append(otplink.ApiServer(name=f"{name}-{n}", data=data, args=common, policy=policy))
        for instance in self.instances:
            instance.start()
        self._next = itertools.cycle(range(count))

    def next(self) -> otplink.ApiServer:
        """The instance the next call goes to (round robin over the live ones)."""
        for _ in range(len(self.instances)):
            instance = self.instances[next(self._next)]
            if instance.alive:
                return instance
        raise RuntimeError("no instance is running")

    def call(self, method: str, path: str, body=None, **kwargs) -> otplink.Response:
        return self.next().call(method, path, body=body, **kwargs)

    @property
    def outbox(self) -> Outbox:
        """The outboxes of every instance, read as one."""
        return Outbox(*(instance.data / "outbox" for instance in self.instances))

    def stop(self) -> None:
        for instance in self.instances:
            instance.stop()
