"""`helpgen` runs: any command line, and the build of a site into a folder."""

import subprocess
from pathlib import Path

from .binaries import ROOT
from .errors import HarnessError


def run_helpgen(helpgen, *arguments, cwd=ROOT, timeout=300):
    """Runs `helpgen ARGUMENTS` in `cwd`; the finished process (its output captured as text, bytes that
    are not UTF-8 replaced), whatever its status."""
    return subprocess.run([str(helpgen), *map(str, arguments)], cwd=cwd, capture_output=True, encoding="utf-8",
                          errors="replace", timeout=timeout)


def build_site(helpgen, output, site=ROOT / "site", templates=ROOT / "templates", base_url=None, timeout=300):
    """`helpgen build` of `site` into `output` (for `base_url` when given); raises HarnessError with
    helpgen's output when the build fails. Returns the output folder."""
    arguments = ["build", "--site", site, "--templates", templates, "--output", output]
    if base_url:
        arguments += ["--base-url", base_url]
    finished = run_helpgen(helpgen, *arguments, timeout=timeout)
    if finished.returncode != 0:
        raise HarnessError(f"helpgen build of {site} failed ({finished.returncode}):\n"
                           f"{finished.stdout[-2000:]}{finished.stderr[-3000:]}")
    return Path(output)
