"""The servers a benchmark run starts (otplink-api, nginx), and the promise that each one is stopped.

Every server is started in its own process group through `ServerProcesses.start`, which remembers it;
`stop_all` (called from the driver's `finally`, also after SIGINT/SIGTERM/SIGHUP, which `stop_on_signals`
turns into an ordinary exit) sends SIGTERM to each group, waits a bounded time, then SIGKILL.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_on_signals():
    """SIGTERM and SIGHUP end the run like Ctrl-C does, so `finally` blocks stop the servers."""

    def leave(signum, _frame):
        raise SystemExit(f"bench: stopped by signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, leave)


class ServerProcesses:
    """The servers this run started, by name."""

    def __init__(self):
        self.running = {}

    def start(self, name, command, log_path, cwd=None):
        """Starts `command` in a new process group, its output appended to `log_path`."""
        log = open(log_path, "ab")
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.running[name] = (process, log_path)
        return process

    def wait_until_answering(self, name, url, seconds=60):
        """Polls `url` until it answers 200; raises with the server's log tail if it exits or never answers."""
        process, log_path = self.running[name]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with status {process.returncode} before answering {url}:\n{tail(log_path)}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{name} did not answer {url} within {seconds} s:\n{tail(log_path)}")

    def stop(self, name):
        """Stops one server's process group: SIGTERM, up to 15 s, then SIGKILL."""
        process, _ = self.running.pop(name)
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)

    def stop_all(self):
        """Stops every server still running, newest first."""
        for name in reversed(list(self.running)):
            try:
                self.stop(name)
            except Exception as error:  # keep stopping the others
                print(f"bench: could not stop {name}: {error}")


def tail(path, lines=20):
    """The last lines of a log file, for error messages."""
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as log:
            return "".join(log.readlines()[-lines:])
    except OSError:
        return "(no log)"
