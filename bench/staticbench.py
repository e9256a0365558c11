"""The static authentication page (`public/en/link/`) served by otplink-api and by nginx.

Both serve the same `public/` folder built by the release helpgen from the repository's `site/`.
nginx (Debian's) runs from `bench/nginx.conf.template` with its files in the run's temporary folder,
on a free 127.0.0.1 port, logging each request as it does by default; otplink-api serves the folder
with `serve --public`.
"""

import os
import urllib.request
from pathlib import Path

from apibench import wrk
from otplink_harness import free_port

BENCH = Path(__file__).resolve().parent
PAGE = "/en/link/"


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status, answer.read()


def start_nginx(servers, folder, public):
    """nginx serving `public` on a free port of 127.0.0.1; returns the port."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = (BENCH / "nginx.conf.template").read_text().format(
        folder=folder, public=Path(public).resolve(), port=port,
        user="user root;" if os.geteuid() == 0 else "")
    (folder / "nginx.conf").write_text(config)
    servers.start("nginx", ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")], folder / "nginx.log")
    servers.wait_until_answering("nginx", f"http://127.0.0.1:{port}{PAGE}")
    return port


def measure_page(label, port, public, seconds, warmup, log):
    """Checks the server answers the page's exact bytes, then measures it with wrk."""
    expected = (Path(public) / PAGE.strip("/") / "index.html").read_bytes()
    status, body = fetch(f"http://127.0.0.1:{port}{PAGE}")
    if status != 200 or body != expected:
        raise RuntimeError(f"{label} answered {PAGE} with status {status} and {len(body)} bytes, not the {len(expected)} bytes of the built page")
    if warmup:
        wrk(f"http://127.0.0.1:{port}{PAGE}", warmup)
    figures = wrk(f"http://127.0.0.1:{port}{PAGE}", seconds)
    figures["bytes"] = len(expected)
    log(f"  {label} {PAGE}: {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms")
    return figures
