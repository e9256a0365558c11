"""The API on PostgreSQL: one instance, and two behind nginx's round robin, on a throwaway server.

The same calls as on SQLite (`ApiBench.measure_calls`, without the large directory), each instance with
the same raised limits. The throwaway PostgreSQL is the harness's (otplink_harness.ThrowawayPostgres):
durable (fsync on), as production runs it, on a free 127.0.0.1 port, and removed at the end.
"""

import os
from pathlib import Path

import apibench
from otplink_harness import ThrowawayPostgres


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
            bench.prepare([])
            bench.start()
            try:
                results[name] = bench.measure_calls(seconds, warmup, big_directory=False) | {"instances": instances}
            finally:
                bench.stop()
    finally:
        postgres.stop()
    return results
