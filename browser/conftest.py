"""Fixtures of the browser suite: one real server for the session, one Chromium per test.

Environment (all optional):
  OTPLINK_BIN       the folder of the built programs (default .build/debug, which make test-browser builds)
  OTPLINK_API_BIN   the built `otplink-api`, HELPGEN_BIN the built `helpgen` (default: in OTPLINK_BIN)
  CHROMIUM_BIN      default /usr/bin/chromium
  CHROMEDRIVER_BIN  default /usr/bin/chromedriver
  BROWSER_ARTIFACTS where screenshots go (default test-artifacts/browser)
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from auth_page import AuthPage
from otplink_harness import ROOT, Binaries, HarnessError
from otplink_server import OTPLinkServer


def _path_from_env(name, default):
    value = os.environ.get(name) or default
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


class Artifacts:
    """Numbered screenshots per test under one folder, kept after the run."""

    def __init__(self, folder):
        self.folder = folder
        self.test = "session"
        self.counter = 0

    def start(self, test_name):
        self.test = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")
        self.counter = 0

    def save(self, driver, name):
        self.counter += 1
        path = self.folder / f"{self.test}-{self.counter:02d}-{name}.png"
        driver.save_screenshot(str(path))
        return path


@pytest.fixture(scope="session")
def artifacts():
    folder = _path_from_env("BROWSER_ARTIFACTS", "test-artifacts/browser")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return Artifacts(folder)


@pytest.fixture(scope="session")
def server():
    """The site built for the server's origin and the server on 127.0.0.1, stopped whatever happens."""
    try:
        binaries = Binaries.from_environment().require()
    except HarnessError as error:
        pytest.fail(str(error), pytrace=False)
    workdir = Path(tempfile.mkdtemp(prefix="otplink-browser-"))
    instance = OTPLinkServer(workdir, binaries)
    try:
        instance.build_site()
        instance.start()
        yield instance
    finally:
        instance.stop()
        log = instance.log_path
        if log.is_file():
            artifacts_folder = _path_from_env("BROWSER_ARTIFACTS", "test-artifacts/browser")
            artifacts_folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, artifacts_folder / "server.log")
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


@pytest.fixture
def downloads(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(request, artifacts, downloads):
    """A fresh headless Chromium (new profile, no storage carried over) with its download folder.

    Call it with `user_agent=` or `width=` for a phone; it quits at the end of the test.
    """
    drivers = []
    artifacts.start(request.node.name)

    def launch(width=1280, height=900, user_agent=None, mobile=False):
        options = webdriver.ChromeOptions()
        options.binary_location = str(_path_from_env("CHROMIUM_BIN", "/usr/bin/chromium"))
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", "--lang=en-US",
                         f"--window-size={max(width, 500)},{height}"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
        })
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=str(_path_from_env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")))
        driver = webdriver.Chrome(options=options, service=service)
        drivers.append(driver)
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(15)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {
            "behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True,
        })
        if user_agent:
            driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": user_agent})
        if width < 500 or mobile:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 2, "mobile": True,
            })
        return AuthPage(driver, artifacts)

    yield launch

    failed = getattr(request.node, "report_call", None)
    for driver in drivers:
        try:
            if failed is not None and failed.failed:
                artifacts.save(driver, "FAILED")
                logs = driver.get_log("browser")
                if logs:
                    (artifacts.folder / f"{artifacts.test}-console.txt").write_text(
                        "\n".join(f"{entry['level']} {entry['message']}" for entry in logs))
        except Exception:  # the browser may be gone already; quitting below still runs
            pass
        finally:
            driver.quit()
