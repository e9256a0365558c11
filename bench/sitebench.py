"""helpgen against Hugo on the same synthetic help center: wall time, CPU time and peak memory.

Each build runs under `/usr/bin/time -v` (peak resident memory, CPU seconds); wall time is measured
around it. One warm-up build of each, then `runs` pairs, alternating which generator goes first. The
output folder is removed before every full build (outside the timing), so both write a fresh site.
The one-page rebuild runs each generator in watch mode and times edit → edited page written.
"""

import re
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Generators:
    """How to build one synthetic site (from `sitegen.write_site`) with each generator."""

    def __init__(self, helpgen_binary, site_folder):
        self.helpgen_binary = str(helpgen_binary)
        self.folder = Path(site_folder)

    def output(self, name):
        return self.folder / f"out-{name}"

    def command(self, name):
        if name == "helpgen":
            return [self.helpgen_binary, "build", "--site", str(self.folder / "helpgen"),
                    "--templates", str(REPO / "templates"), "--output", str(self.output(name))]
        return ["hugo", "--quiet", "--source", str(self.folder / "hugo"), "--destination", str(self.output(name)),
                "--cacheDir", str(self.folder / "hugo-cache")]


def timed(command):
    """Runs `command` under /usr/bin/time -v; returns {wall_s, cpu_s, peak_mib} or raises with its output."""
    start = time.perf_counter()
    finished = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if finished.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed (status {finished.returncode}):\n{finished.stdout[-2000:]}{finished.stderr[-3000:]}")
    report = finished.stderr

    def number(label):
        found = re.search(rf"{re.escape(label)}: ([0-9.]+)", report)
        if not found:
            raise RuntimeError(f"/usr/bin/time printed no '{label}' for {' '.join(command)}")
        return float(found.group(1))

    return {
        "wall_s": wall,
        "cpu_s": number("User time (seconds)") + number("System time (seconds)"),
        "peak_mib": number("Maximum resident set size (kbytes)") / 1024,
    }


def full_build(generators, name):
    shutil.rmtree(generators.output(name), ignore_errors=True)
    return timed(generators.command(name))


def page_urls(output):
    """The pages of a built site, as URL paths (`/en/area-01/`), without the authentication pages."""
    return sorted("/" + str(p.parent.relative_to(output)) + "/" for p in Path(output).rglob("index.html")
                  if p.parent != Path(output) and "/link" not in "/" + str(p.parent.relative_to(output)))


def summary(samples):
    """Medians (and the spread) of a list of `timed` results."""
    return {
        "wall_s": statistics.median(s["wall_s"] for s in samples),
        "wall_min_s": min(s["wall_s"] for s in samples),
        "wall_max_s": max(s["wall_s"] for s in samples),
        "cpu_s": statistics.median(s["cpu_s"] for s in samples),
        "peak_mib": statistics.median(s["peak_mib"] for s in samples),
        "runs": len(samples),
    }


def compare_builds(generators, runs, log):
    """Warm-up, then `runs` alternating pairs of full builds; checks both built the same pages."""
    names = ["helpgen", "hugo"]
    for name in names:
        log(f"  warm-up: {name}")
        full_build(generators, name)
    urls = {name: page_urls(generators.output(name)) for name in names}
    if urls["helpgen"] != urls["hugo"]:
        only_helpgen = sorted(set(urls["helpgen"]) - set(urls["hugo"]))[:5]
        only_hugo = sorted(set(urls["hugo"]) - set(urls["helpgen"]))[:5]
        raise RuntimeError(f"helpgen and Hugo built different pages: only helpgen {only_helpgen}, only Hugo {only_hugo}")
    samples = {name: [] for name in names}
    for pair in range(runs):
        order = names if pair % 2 == 0 else list(reversed(names))
        for name in order:
            samples[name].append(full_build(generators, name))
        log(f"  pair {pair + 1}/{runs}: " + ", ".join(f"{n} {samples[n][-1]['wall_s']:.2f} s" for n in names))
    result = {name: summary(samples[name]) | {"samples": samples[name]} for name in names}
    result["pages"] = len(urls["helpgen"])
    return result


class Watcher:
    """A generator running in watch mode (`helpgen watch`, `hugo --watch`), its output captured to a file."""

    def __init__(self, name, command, folder, ready_text, timeout):
        self.name = name
        self.log_path = Path(folder) / f"watch-{name}.log"
        self.log = open(self.log_path, "w+", encoding="utf-8")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while ready_text not in self.text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{name} watch did not start (no '{ready_text}' within {timeout} s):\n{self.text()[-3000:]}")
            time.sleep(0.05)

    def text(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


def edit_latency(source, edited_output, marker, timeout=30.0):
    """Appends a line with `marker` to `source`; returns the seconds until `edited_output` contains it (polled every ~1 ms)."""
    needle = marker.encode()
    start = time.perf_counter()
    with open(source, "a", encoding="utf-8") as page:
        page.write(f"\n{marker}\n")
    while True:
        try:
            if needle in edited_output.read_bytes():
                return time.perf_counter() - start
        except FileNotFoundError:
            pass  # between a generator's delete and its write
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{edited_output} did not show '{marker}' within {timeout} s of the edit")
        time.sleep(0.001)


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def compare_rebuilds(generators, leaf_page, runs, log):
    """Edit-to-written latency with each generator in watch mode: `helpgen watch` and `hugo --watch`
    (writing to disk), each started over the built site's sources with a fresh output folder. Each of
    `runs` edits appends a line to one English leaf page; the time runs from writing the edit to the
    edited page's output file containing the new text, polled every ~1 ms. Edits are 0.5 s apart."""
    results = {}
    commands = {
        "helpgen": (generators.command("helpgen")[:1] + ["watch"] + generators.command("helpgen")[2:], "watching ", 300),
        "hugo": ([part for part in generators.command("hugo") if part != "--quiet"] + ["--watch"], "Press Ctrl+C to stop", 600),
    }
    for name, (command, ready, timeout) in commands.items():
        shutil.rmtree(generators.output(name), ignore_errors=True)  # no old tree to delete while measuring
        source = generators.folder / name / "content" / "en" / leaf_page
        edited = generators.output(name) / "en" / leaf_page.removesuffix(".md") / "index.html"
        original = source.read_bytes()
        try:
            started = time.perf_counter()
            watcher = Watcher(name, command, generators.folder, ready, timeout)
            log(f"  {name} watch: ready after {time.perf_counter() - started:.1f} s (full build included)")
            printed_before = len(watcher.text())
            samples, loads = [], []
            try:
                for number in range(1, runs + 1):
                    time.sleep(0.5)
                    loads.append(load_average())
                    latency = edit_latency(source, edited, f"Edited for rebuild {number} of {name}.")
                    samples.append(latency)
                    log(f"  {name} edit {number}/{runs}: {latency * 1000:.1f} ms (load {loads[-1]})")
                time.sleep(0.5)
                printed = watcher.text()[printed_before:]
            finally:
                status = watcher.stop()
            results[name] = {
                "wall_s": statistics.median(samples), "wall_min_s": min(samples), "wall_max_s": max(samples),
                "runs": len(samples), "samples_s": samples, "load": loads,
                "printed": [line for line in printed.splitlines() if line.strip()][-2 * runs:],
                "stop_status": status,
            }
        except RuntimeError as error:
            if name != "hugo":
                raise
            results[name] = {"error": str(error).splitlines()[0]}
            log(f"  hugo --watch not measured: {results[name]['error']}")
        finally:
            source.write_bytes(original)
    return results
