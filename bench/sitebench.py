"""helpgen against Hugo on the same synthetic help center: wall time, CPU time and peak memory.

Each build runs under `/usr/bin/time -v` (peak resident memory, CPU seconds); wall time is measured
around it. One warm-up build of each, then `runs` pairs, alternating which generator goes first. The
output folder is removed before every full build (outside the timing), so both write a fresh site.
The one-page rebuild edits one leaf page of an already built site and builds again.
"""

import re
import shutil
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


def compare_rebuilds(generators, leaf_page, runs, log):
    """With each site built (by `compare_builds`, else here), edit one page and build again: `runs` times each, alternating."""
    names = ["helpgen", "hugo"]
    for name in names:
        if not generators.output(name).is_dir():
            full_build(generators, name)
    samples = {name: [] for name in names}
    for round_number in range(1, runs + 1):
        order = names if round_number % 2 == 0 else list(reversed(names))
        for name in order:
            for locale in ("en", "ko"):
                source = generators.folder / name / "content" / locale / leaf_page
                with open(source, "a", encoding="utf-8") as page:
                    page.write(f"\nEdited for rebuild {round_number}.\n")
            result = timed(generators.command(name))
            edited = generators.output(name) / "en" / leaf_page.removesuffix(".md") / "index.html"
            if f"Edited for rebuild {round_number}." not in edited.read_text(encoding="utf-8"):
                raise RuntimeError(f"{name}: the rebuilt {edited} does not show the edit")
            samples[name].append(result)
        log(f"  rebuild {round_number}/{runs}: " + ", ".join(f"{n} {samples[n][-1]['wall_s'] * 1000:.0f} ms" for n in names))
    return {name: summary(samples[name]) | {"samples": samples[name]} for name in names}
