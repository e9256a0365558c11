"""Several otplink-api instances on one real PostgreSQL (otplink_harness.ThrowawayPostgres), and nginx
in front of them sending each connection to the next instance (otplink_harness.RoundRobinProxy).
"""
from __future__ import annotations

import itertools
import os

import otplink
from otplink_harness import Outbox, RoundRobinProxy, ThrowawayPostgres


class Cluster:
    """`count` instances on one new database, with one secret and one admin key."""

    def __init__(self, postgres: ThrowawayPostgres, name: str, count: int = 2, policy: dict | None = None,
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
                  "--rate-burst", str(rate[0]), "--rate-per-minute", str(rate[1]), "--trust-proxy", "127.0.0.1"]
        for n in range(count):
            data = folder / f"instance-{n}"
            data.mkdir()
            (data / "admin.key").write_text(admin_key.read_text())  # ApiServer.admin_key reads it there
            (data / "admin.key").chmod(0o600)
            self.instances.append(otplink.ApiServer(name=f"{name}-{n}", data=data, args=common, policy=policy))
        for instance in self.instances:
            instance.start()
        self.proxy = RoundRobinProxy(folder, [instance.port for instance in self.instances])
        self._next = itertools.cycle(range(count))

    def next(self) -> otplink.ApiServer:
        """An instance to call directly (admin calls, checks of one instance), in turn over the live ones."""
        for _ in range(len(self.instances)):
            instance = self.instances[next(self._next)]
            if instance.alive:
                return instance
        raise RuntimeError("no instance is running")

    def call(self, method: str, path: str, body=None, **kwargs) -> otplink.Response:
        """A recipient's call, through the proxy (from `source`, a 127.x address, when given)."""
        return self.proxy.call(method, path, body=body, **kwargs)

    @property
    def outbox(self) -> Outbox:
        """The outboxes of every instance, read as one."""
        return Outbox(*(instance.data / "outbox" for instance in self.instances))

    def stop(self) -> None:
        self.proxy.stop()
        for instance in self.instances:
            instance.stop()
