"""Takes the README's screenshots (docs/link-*.png) of the real page against the real server.

Run after building: `make readme-screenshots`. Uses the browser suite's server and page helpers;
a phone-sized window (390 px) keeps the pictures small.
"""

import os
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, str(Path(__file__).resolve().parent))
from auth_page import AuthPage  # noqa: E402
from otplink_harness import ROOT, Binaries  # noqa: E402
from otplink_server import OTPLinkServer  # noqa: E402
DOCS = ROOT / "docs"
KAKAOTALK = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 KAKAOTALK 10.6.5"
)


class Shots:
    def save(self, driver, name):
        path = DOCS / f"{name}.png"
        height = driver.execute_script(
            "return Math.min(1400, Math.ceil(document.documentElement.scrollHeight))")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 390, "height": height, "deviceScaleFactor": 1, "mobile": True})
        driver.save_screenshot(str(path))
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


def phone(user_agent=None):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--lang=en-US", "--window-size=500,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    if user_agent:
        driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": user_agent})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    return driver


def main():
    DOCS.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="otplink-screenshots-"))
    server = OTPLinkServer(workdir, Binaries.from_environment().require())
    drivers = []
    try:
        server.build_site()
        server.start()
        server.load_directory(["example.com"], ["alice@example.com", "bob@example.com", "carol@example.com"],
                              [{"address": "team@example.com", "members": ["bob@example.com", "carol@example.com"]}])
        file_id = server.upload_file("Quarterly report.pdf", os.urandom(482_133), "application/pdf")
        link = server.create_link(file_id, ["team@example.com"], "alice@example.com")

        driver = phone()
        drivers.append(driver)
        page = AuthPage(driver, Shots())
        page.open(link["url"])
        page.wait_for_step("step-email")
        page.screenshot("link-email-step")
        seen = [mail.path for mail in server.mails()]
        page.submit_email("bob@example.com")
        page.wait_for_step("step-code")
        mail = server.wait_for_mail("bob@example.com", seen=seen)
        page.element("code").send_keys(mail.code())
        page.screenshot("link-code-step")
        page.element("code").send_keys("\n")
        page.wait_for_step("step-file")
        page.screenshot("link-file-step")

        in_app = phone(KAKAOTALK)
        drivers.append(in_app)
        page = AuthPage(in_app, Shots())
        page.open(link["url"])
        page.wait_for_step("step-email")
        in_app.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 390, "height": 560, "deviceScaleFactor": 1, "mobile": True})
        in_app.save_screenshot(str(DOCS / "link-in-app-tip.png"))
        print(f"docs/link-in-app-tip.png: {(DOCS / 'link-in-app-tip.png').stat().st_size} bytes")
    finally:
        for driver in drivers:
            driver.quit()
        server.stop()


if __name__ == "__main__":
    main()
