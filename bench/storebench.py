"""The API on PostgreSQL: one instance, and two behind nginx's round robin, on a throwaway server.

The same calls as on SQLite (`ApiBench.measure_calls`, without the large directory), each instance with
the same raised limits. The throwaway PostgreSQL is the tests' (`Tests/PostgresTestSupport`), started
durable (fsync on), as production runs it, on a free 127.0.0.1 port, and removed at the end.
"""

import os
import subprocess
from pathlib import Path

import apibench

REPO = Path(__file__).resolve().parent.parent
THROWAWAY = REPO / "Tests" / "PostgresTestSupport" / "throwaway_postgres.py"


class ThrowawayPostgres:
    """A durable PostgreSQL cluster in a temporary folder, gone when `stop` closes its standard input."""

    def __init__(self):
        self.process = subprocess.Popen(["/usr/bin/python3", str(THROWAWAY), "--durable"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"the throwaway PostgreSQL did not start: {line}{self.process.stderr.read()[-2000:]}")
        self.port = int(line.split()[1])

    def new_database(self, name):
        """Creates database `name`; its postgres:// URL."""
        psql = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))[-1]
        subprocess.run([str(psql), "-h", "127.0.0.1", "-p", str(self.port), "-U", "otplink", "-d", "postgres",
                        "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True, timeout=60)
        return f"postgres://otplink@127.0.0.1:{self.port}/{name}"

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=120)


def measure(api, work, servers, seconds, warmup, log):
    """{"postgres-1": calls, "postgres-2": calls} (as `ApiBench.measure_calls` gives them)."""
    postgres = ThrowawayPostgres()
    results = {}
    try:
        for instances in (1, 2):
            name = f"postgres-{instances}"
            log(f"API on PostgreSQL, {instances} instance{'s behind nginx' if instances > 1 else ''}")
            folder = Path(work) / name
            folder.mkdir(parents=True)
            secret = folder / "secret.key"
            secret.write_bytes(os.urandom(32))
            secret.chmod(0o600)
            store = ["--database", postgres.new_database(name.replace("-", "_")), "--secret-file", str(secret)]
            bench = apibench.ApiBench(api, folder, servers, log, store_args=store, instances=instances)
            bench.start(bench.prepare([]))
            try:
                results[name] = bench.measure_calls(seconds, warmup, big_directory=False) | {"instances": instances}
            finally:
                bench.stop()
    finally:
        postgres.stop()
    return results
