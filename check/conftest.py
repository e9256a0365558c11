"""pytest wiring of the reliability suite: build check, run folder, figures, the closing line."""
import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import otplink  # noqa: E402
import otplink_harness  # noqa: E402

_outcomes = {"passed": 0, "failed": 0}


def _terminated(signum, frame):
    """`timeout` (make check's bound) sends SIGTERM: stop every server before going."""
    otplink.stop_all()
    raise SystemExit(128 + signum)


signal.signal(signal.SIGTERM, _terminated)


@pytest.fixture(scope="session")
def postgres():
    """One throwaway PostgreSQL for the run (parts 1, 4, 7 once on it; part 9's cluster)."""
    server = otplink_harness.ThrowawayPostgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store_args(request):
    """The server flags of each store a part runs against: none (SQLite in the data folder), or a new
    database on the run's PostgreSQL."""
    if request.param == "sqlite":
        return []
    return ["--database", request.getfixturevalue("postgres").new_database()]


def pytest_sessionstart(session):
    try:
        otplink.BINARIES.require()
    except otplink.HarnessError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.fixture(autouse=True)
def stop_servers_of_each_test():
    """Servers a test started are stopped when it ends, pass or fail (their data folders stay for part 7)."""
    started_before = len(otplink._servers)
    yield
    for server in otplink._servers[started_before:]:
        server.stop()


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome == "failed":
        if report.passed and report.when == "call":
            _outcomes["passed"] += 1
        elif report.failed:
            _outcomes["failed"] += 1


def pytest_terminal_summary(terminalreporter):
    otplink.stop_all()
    figures = otplink.FIGURES
    write = terminalreporter.write_line
    terminalreporter.section("reliability figures")
    for key in sorted(figures):
        write(f"{key}: {figures[key]}")
    out = otplink.ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "check-figures.json").write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    write(f"(figures also in {out / 'check-figures.json'}; data and server logs in {otplink.RUN_DIR}, "
          "kept when a test failed or CHECK_KEEP=1)")


def pytest_unconfigure(config):
    otplink.stop_all()
    if os.environ.get("CHECK_KEEP") != "1" and _outcomes["failed"] == 0:
        shutil.rmtree(otplink.RUN_DIR, ignore_errors=True)
    # The plain closing line, after pytest's own.
    print(f"{_outcomes['passed']} passed, {_outcomes['failed']} failed", flush=True)
