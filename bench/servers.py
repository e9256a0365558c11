"""The servers a benchmark run starts (otplink-api, nginx), and the promise that each one is stopped.

Every server runs in its own process group: nginx is started through `ServerProcesses.start`, and
otplink-api by the harness (otplink_harness.ApiServer), handed to `ServerProcesses.track`. `stop_all`
(called from the driver's `finally`, also after SIGINT/SIGTERM/SIGHUP, which `stop_on_signals` turns
into an ordinary exit) sends SIGTERM to each group, waits a bounded time, then SIGKILL.
"""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request


def stop_on_signals():
    """SIGTERM and SIGHUP end the run like Ctrl-C does, so `finally` blocks stop the servers."""

    def leave(signum, _frame):
        raise SystemExit(f"bench: stopped by signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, leave)


class ProcessGroup:
    """A server started in a process group of its own, its output in `log_path`."""

    def __init__(self, process, log_path):
        self.process = process
        self.log_path = log_path

    def stop(self):
        """SIGTERM to the group, up to 15 s, then SIGKILL."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


class ServerProcesses:
    """The servers this run started, by name: anything with `process`, `log_path` and `stop()`."""

    def __init__(self):
        self.running = {}

    def start(self, name, command, log_path, cwd=None):
        """Starts `command` in a new process group, its output appended to `log_path`."""
        log = open(log_path, "ab")
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.running[name] = ProcessGroup(process, log_path)
        return process

    def track(self, name, server):
        """A server started elsewhere (an otplink_harness.ApiServer), stopped with the others."""
        self.running[name] = server

    def wait_until_answering(self, name, url, seconds=60):
        """Polls `url` until it answers 200; raises with the server's log tail if it exits or never answers."""
        process, log_path = self.running[name].process, self.running[name].log_path
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
        """Stops one server: SIGTERM to its process group, up to 15 s, then SIGKILL."""
        self.running.pop(name).stop()

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
