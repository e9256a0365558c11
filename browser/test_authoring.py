"""The reader's and the writer's side of the help center in a real browser: dark mode, the
favicon and an alias's redirect through the real server, and `helpgen serve`'s live preview
(a page reloads after an edit; a build's problems show over the last good page).
"""

import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from auth_page import WAIT_SECONDS
from otplink_harness import ROOT, Binaries
from otplink_server import wait_until

EN_GUIDE = "/en/drive/send-file-or-link/send-as-link/otp-link-authenticate/"
GUIDE_FILE = "content/en/drive/send-file-or-link/send-as-link/otp-link-authenticate.md"


def wait(driver, condition, what, seconds=WAIT_SECONDS):
    # A page that reloads itself can answer a command mid-navigation with an error: ask again.
    return WebDriverWait(driver, seconds, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(
        condition, message=what)


def background(driver, selector):
    return driver.execute_script(f"return getComputedStyle(document.querySelector({selector!r})).backgroundColor")


def luminance(rgb):
    parts = [int(p) for p in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    return sum(parts) / 3


def test_dark_mode_follows_the_system_setting(server, browser):
    page = browser()
    driver = page.driver
    driver.get(server.origin + EN_GUIDE)
    light = luminance(background(driver, "body"))
    page.artifacts.save(driver, "light")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    wait(driver, lambda d: luminance(background(d, "body")) < 60, "a dark page background")
    dark_text = driver.execute_script("return getComputedStyle(document.querySelector('article h1')).color")
    page.artifacts.save(driver, "dark")
    assert light > 200
    assert luminance(dark_text) > 180, f"the title must stay readable on the dark background: {dark_text}"


def test_a_printed_page_is_the_article_alone(server, browser):
    page = browser()
    driver = page.driver
    driver.get(server.origin + EN_GUIDE)
    shown = "return [...arguments[0]].map(s => getComputedStyle(document.querySelector(s)).display)"
    parts = [".site-header", ".section-nav", ".site-footer", "article"]
    assert "none" not in driver.execute_script(shown, parts)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert driver.execute_script(shown, parts) == ["none", "none", "none", "block"]


def test_the_favicon_loads_and_an_old_url_redirects(server, browser):
    page = browser()
    driver = page.driver
    driver.get(server.origin + EN_GUIDE)
    icon = driver.execute_script("return document.querySelector('link[rel=icon]').href")
    status = driver.execute_async_script(
        "var done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('content-type')))", icon)
    assert status.startswith("200 image/svg+xml")
    driver.get(server.origin + "/en/use-guides/drive/send-as-link/")
    wait(driver, lambda d: d.current_url == server.origin + EN_GUIDE, "the alias to redirect to the page")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Security OTP link authentication"


class Preview:
    """`helpgen serve` on a free port over a copy of the site, stopped whatever happens."""

    def __init__(self, workdir):
        self.site = workdir / "site"
        shutil.copytree(ROOT / "site", self.site)
        helpgen = Binaries.from_environment().require().helpgen
        self.log = open(workdir / "serve.log", "w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [str(helpgen), "serve", "--port", "0", "--site", str(self.site), "--templates", str(ROOT / "templates"),
             "--output", str(workdir / "public")],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
        self.origin = wait_until(self._origin, timeout=60, interval=0.1, what="helpgen serve to start watching")

    def _origin(self):
        if self.process.poll() is not None:
            raise RuntimeError("helpgen serve stopped:\n" + self.output())
        text = self.output()
        if "watching " not in text:
            return None
        line = next(l for l in text.splitlines() if l.startswith("serving "))
        return line.split()[1].rstrip("/")

    def output(self):
        self.log.flush()
        return Path(self.log.name).read_text(encoding="utf-8")

    def edit(self, relative, change):
        path = self.site / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.close()


@pytest.fixture
def preview():
    workdir = Path(tempfile.mkdtemp(prefix="helpgen-serve-"))
    instance = None
    try:
        instance = Preview(workdir)
        yield instance
    finally:
        if instance is not None:
            instance.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def test_an_edit_reloads_the_open_page(preview, browser):
    page = browser()
    driver = page.driver
    driver.get(preview.origin + EN_GUIDE)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Security OTP link authentication"
    driver.execute_script("window.notReloaded = true")
    preview.edit(GUIDE_FILE, lambda text: text.replace("title: Security OTP link authentication", "title: Open a protected link", 1))
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Open a protected link", "the page to show the edit", seconds=30)
    assert driver.execute_script("return window.notReloaded === undefined"), "the page reloaded itself"
    page.artifacts.save(driver, "reloaded")


def test_a_build_error_shows_over_the_last_good_page_until_fixed(preview, browser):
    page = browser()
    driver = page.driver
    driver.get(preview.origin + EN_GUIDE)
    preview.edit(GUIDE_FILE, lambda text: text.replace("order: 1", "order: first", 1))
    overlay = wait(driver, lambda d: d.find_elements(By.ID, "helpgen-problems"), "the problems over the page", seconds=30)[0]
    assert GUIDE_FILE.split("/")[-1] + ":4: `order:` must be a whole number" in overlay.text
    assert driver.find_element(By.TAG_NAME, "h1").text == "Security OTP link authentication", "the last good page stays"
    assert "`order:` must be a whole number" in preview.output(), "the terminal shows the problem too"
    page.artifacts.save(driver, "problems")
    # A page opened while the site has problems shows them as well.
    driver.get(preview.origin + EN_GUIDE)
    wait(driver, lambda d: d.find_elements(By.ID, "helpgen-problems"), "the problems on a page opened afterwards")
    preview.edit(GUIDE_FILE, lambda text: text.replace("order: first", "order: 1", 1).replace(
        "title: Security OTP link authentication", "title: Fixed title", 1))
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Fixed title", "the fixed page", seconds=30)
    assert not driver.find_elements(By.ID, "helpgen-problems")


def test_a_built_page_has_no_reload_script_and_code_blocks_get_a_copy_button(preview, browser):
    built = (Path(preview.site).parent / "public" / EN_GUIDE.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "__helpgen" not in built
    preview.edit(GUIDE_FILE, lambda text: text + "\n```\nmake serve-site\n```\n")
    page = browser()
    driver = page.driver
    driver.get(preview.origin + EN_GUIDE)
    button = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".code-block .copy-code"), "the copy button", seconds=30)[0]
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": preview.origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    assert button.text == "Copy"
    button.click()
    wait(driver, lambda d: button.text == "Copied", "the button to say the code was copied")
    copied = driver.execute_async_script(
        "var done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('failed: ' + e))")
    assert copied.strip() == "make serve-site"
