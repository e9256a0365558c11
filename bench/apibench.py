"""The verification API under wrk, and the static authentication page: otplink-api against nginx.

`ApiBench` prepares a data folder in a temporary directory (a shared file, one link, a policy whose
per-address and per-link limits are raised so a load test is not refused), starts the release
`otplink-api serve` on 127.0.0.1 with the per-IP rate limit raised by its flags, and drives each call
with wrk (64 connections, 2 threads, a fixed duration after a short warm-up). For every call it reports
requests/s, p50, p99 and the HTTP statuses the server counted in `/metrics` during the run, so a run that
only measured errors is visible as such.
"""

import http.client
import json
import os
import re
import subprocess
from pathlib import Path

from otplink_harness import ApiServer, RoundRobinProxy, big_directory, free_port

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WRK = BENCH / "wrk"
CONNECTIONS = 64
THREADS = 2

# Policy limits that a load test from one address would hit at once; raised for the run only.
LOAD_POLICY = {
    "wrongCodesPerChallenge": 1_000_000,
    "wrongCodesPerAddressPerWindow": 1_000_000,
    "consecutiveWrongCodesPerLink": 1_000_000_000,
    "codeMailsPerAddressPerWindow": 1_000_000,
    "resendCooldown": 0,
}
# The largest the flags take: wrk's 64 connections come from one address.
RATE_FLAGS = ["--rate-burst", "1000000", "--rate-per-minute", "1000000", "--connections-per-client", "100000"]


def wrk(url, seconds, script="get.lua", args=()):
    """Runs wrk against `url`; returns its figures (requests/s, latencies in ms, socket errors)."""
    command = ["wrk", "--threads", str(THREADS), "--connections", str(CONNECTIONS), "--duration", f"{seconds}s",
               "--timeout", "5s", "--script", script, url]
    if args:
        command += ["--"] + list(args)
    finished = subprocess.run(command, cwd=WRK, capture_output=True, text=True, timeout=seconds + 60)
    line = next((l for l in finished.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if finished.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed on {url} (status {finished.returncode}):\n{finished.stdout[-2000:]}{finished.stderr[-2000:]}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "socket_errors": raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
        "non_2xx_3xx": raw["status_errors"],
    }


class Client:
    """A keep-alive HTTP/1.1 client for one 127.0.0.1 port."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def call(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        answer = self.connection.getresponse()
        data = answer.read()
        return answer.status, data

    def json(self, method, path, body=None, expect=200, headers=None):
        status, data = self.call(method, path, body, headers)
        if status != expect:
            raise RuntimeError(f"{method} {path.split('/')[3] if path.count('/') > 3 else path}: expected {expect}, got {status}: {data[:300]!r}")
        return json.loads(data)

    def close(self):
        self.connection.close()


def request_counts(port):
    """`otplink_http_requests_total` from the metrics listener's /metrics: {(route, status): count}."""
    client = Client(port)
    try:
        status, data = client.call("GET", "/metrics")
    finally:
        client.close()
    if status != 200:
        raise RuntimeError(f"GET /metrics answered {status}")
    counts = {}
    for line in data.decode().splitlines():
        if not line.startswith("otplink_http_requests_total{"):
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', line[: line.rindex("}")]))
        key = (labels.get("route", "?"), labels.get("status", "?"))
        counts[key] = counts.get(key, 0) + float(line.rsplit(" ", 1)[1])
    return counts


def statuses_during(before, after, route):
    """The statuses counted for `route` between two `request_counts` readings: {"400": n, ...}."""
    result = {}
    for (counted_route, status), value in after.items():
        delta = value - before.get((counted_route, status), 0)
        if counted_route == route and delta > 0:
            result[status] = int(delta)
    return result


class ApiBench:
    """otplink-api with its data, and the measurements taken against it: one instance on SQLite in its
    data folder (the default), or `instances` sharing the store `store_args` names (`--database URL
    --secret-file F`) behind nginx's round robin when there are several."""

    def __init__(self, binary, folder, servers, log, public=None, store_args=(), instances=1):
        self.binary = str(binary)
        self.folder = Path(folder)
        self.servers = servers
        self.log = log
        self.public = public
        self.store_args = list(store_args)
        self.instances = instances
        self.data = self.folder / "data"
        self.admin_key_file = self.folder / "admin.key"
        self.port = None
        self.api_servers = []
        self.metrics_ports = []
        self.token = None
        self.proxy = None

    def prepare(self, flow_addresses):
        """Data folder and one link shared with `flow_addresses` (and team@example.com)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.admin_key_file.write_text(os.urandom(24).hex())
        self.admin_key_file.chmod(0o600)
        shared = self.folder / "report.pdf"
        shared.write_bytes(bytes(range(256)) * 256)
        created = subprocess.run(
            [self.binary, "link", "create", "--data", str(self.data), *self.store_args, "--file", str(shared),
             "--to", "team@example.com", *flow_addresses, "--sender", "alice@example.com", "--expires", "1d"],
            capture_output=True, text=True, cwd=REPO, timeout=120)
        found = re.search(r"#([A-Za-z0-9_-]{16,})", created.stdout)
        if created.returncode != 0 or not found:
            raise RuntimeError(f"otplink-api link create failed (status {created.returncode}): {created.stderr[-1500:]}")
        self.token = found.group(1)

    def start(self):
        """Starts the instances (and nginx in front of several), each with LOAD_POLICY and the raised
        rate flags and stopped with the run's other servers; `port` is where calls go."""
        for n in range(self.instances):
            metrics_port = free_port()
            name = "otplink-api" if n == 0 else f"otplink-api-{n}"
            args = [*self.store_args, "--metrics-listen", f"127.0.0.1:{metrics_port}", *RATE_FLAGS]
            if self.instances > 1:
                args += ["--trust-proxy", "127.0.0.1"]
            server = ApiServer(self.binary, self.data if n == 0 else self.folder / f"data-{n}",
                               self.folder / f"{name}.log", args=args, policy=LOAD_POLICY,
                               admin_key_file=self.admin_key_file, public=self.public, name=name)
            self.servers.track(name, server)
            self.api_servers.append(server.start())
            self.metrics_ports.append(metrics_port)
        self.port = self.api_servers[0].port
        if self.instances > 1:
            self.proxy = RoundRobinProxy(self.folder, [server.port for server in self.api_servers], keepalive=True)
            self.port = self.proxy.port

    def stop(self):
        if self.proxy:
            self.proxy.stop()
        for server in self.api_servers:
            self.servers.stop(server.name)

    def counts(self):
        """`request_counts` summed over the instances."""
        total = {}
        for port in self.metrics_ports:
            for key, value in request_counts(port).items():
                total[key] = total.get(key, 0) + value
        return total

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def measure(self, label, route, path, seconds, warmup, script="get.lua", args=(), warm_args=None):
        """A warm-up run, then the measured one; adds the statuses the server counted."""
        if warmup:
            wrk(self.url(path), warmup, script, warm_args if warm_args is not None else args)
        before = self.counts()
        figures = wrk(self.url(path), seconds, script, args)
        figures["statuses"] = statuses_during(before, self.counts(), route)
        self.log(f"  {label}: {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms, statuses {figures['statuses']}")
        return figures

    def challenge_ids(self, count):
        """Starts `count` challenges (each a fresh address that may not open the link); returns their ids."""
        client = Client(self.port)
        try:
            return [client.json("POST", f"/api/v1/links/{self.token}/challenges",
                                {"email": f"verifier-{n}@example.com"}, expect=202)["challengeId"]
                    for n in range(count)]
        finally:
            client.close()

    def measure_calls(self, seconds, warmup, big_directory=True):
        """/healthz, the per-client limit alone, GET /links/{token}, POST challenges, POST verify."""
        results = {}
        results["healthz"] = self.measure("GET /healthz", "/healthz", "/healthz", seconds, warmup)
        # A token that cannot be one is refused before the store is asked: what is left is HTTP and the
        # per-client limit (in memory on one instance, a statement in PostgreSQL when shared).
        results["limit_only"] = self.measure("GET /links/{malformed token}", "/api/v1/links/{token}",
                                             "/api/v1/links/not-a-token", seconds, warmup)
        results["link"] = self.measure("GET /links/{token}", "/api/v1/links/{token}",
                                       f"/api/v1/links/{self.token}", seconds, warmup)
        results["challenge"] = self.measure("POST /links/{token}/challenges", "/api/v1/links/{token}/challenges",
                                            f"/api/v1/links/{self.token}/challenges", seconds, warmup,
                                            "challenges.lua", (self.token, "measured"), (self.token, "warmup"))
        ids_file = self.folder / "challenge-ids.txt"
        ids_file.write_text("\n".join(self.challenge_ids(2000)) + "\n")
        results["verify"] = self.measure("POST /challenges/{id}/verify", "/api/v1/challenges/{challengeId}/verify",
                                         "/api/v1/challenges/", seconds, warmup, "verify.lua", (str(ids_file),))
        if big_directory:
            results["challenge_big_directory"] = self.measure_big_directory(seconds, warmup)
        return results

    def measure_big_directory(self, seconds, warmup):
        """POST challenges on a link shared with `all@example.com` of a directory of 50,000 members in 2,000
        nested lists, by an internal sender: every address wrk sends is internal, so the access rule looks
        through the lists for each."""
        first = self.api_servers[0]
        first.load_directory(**big_directory("example.com"), timeout=120)
        token = first.create_link(["all@example.com"], sender="boss@example.com")["token"]
        return self.measure("POST challenges, 50,000 members in 2,000 nested lists", "/api/v1/links/{token}/challenges",
                            f"/api/v1/links/{token}/challenges", seconds, warmup,
                            "challenges.lua", (token, "directory"), (token, "directory-warmup"))
