"""The authentication page as a recipient sees it, driven through WebDriver.

Texts are compared with the page's own message catalog (`script#otp-messages`), so the same
assertions hold in every locale.
"""

import json
import re

from selenium.common.exceptions import JavascriptException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT_SECONDS = 15

STEPS = ("step-email", "step-code", "step-file", "step-unavailable")


class AuthPage:
    """One browser tab on `<origin>/<locale>/link/#<token>`."""

    def __init__(self, driver, artifacts):
        self.driver = driver
        self.artifacts = artifacts
        self._catalog = None

    # ------------------------------------------------------------------ navigation and state

    def open(self, url):
        """Loads the link as a new visit and waits (bounded) until the page has left its "checking" state.

        Going through about:blank makes it a real page load even when the tab already shows the
        same URL (otherwise the browser treats it as a same-document fragment navigation).
        """
        self.driver.get("about:blank")
        self.driver.get(url)
        self._catalog = None
        WebDriverWait(self.driver, WAIT_SECONDS).until(
            lambda d: self.visible_step() is not None,
            message=f"no step became visible after opening {url}",
        )
        return self

    def element(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def visible_step(self):
        """The id of the step section on screen, or None while none is."""
        shown = [step for step in STEPS if self._displayed(step)]
        return shown[0] if len(shown) == 1 else None

    def _displayed(self, element_id):
        found = self.driver.find_elements(By.ID, element_id)
        return bool(found) and found[0].is_displayed()

    def wait_for_step(self, step):
        WebDriverWait(self.driver, WAIT_SECONDS).until(
            lambda d: self.visible_step() == step,
            message=f"waited for #{step}; on screen: #{self.visible_step()}, error: {self.error_text()!r}",
        )

    def wait_for_text(self, element_id, expected, exact=False):
        """Waits until #element_id shows `expected` (contained, or equal when `exact`)."""

        def shows(_):
            text = self.element(element_id).text.strip()
            return text == expected if exact else expected in text

        WebDriverWait(self.driver, WAIT_SECONDS).until(
            shows, message=f"#{element_id} never showed {expected!r}; it shows {self.element(element_id).text!r}"
        )

    def active_id(self):
        return self.driver.switch_to.active_element.get_attribute("id")

    def status_text(self):
        return self.element("status").text.strip()

    def error_text(self):
        found = self.driver.find_elements(By.ID, "error")
        return found[0].text.strip() if found else ""

    # ------------------------------------------------------------------ messages

    def catalog(self):
        if self._catalog is None:
            raw = self.driver.execute_script("return document.getElementById('otp-messages').textContent")
            self._catalog = json.loads(raw)
        return self._catalog

    def message(self, key, **values):
        text = self.catalog()[key]
        for name, value in values.items():
            text = text.replace("{%s}" % name, str(value))
        return text

    def message_pattern(self, key):
        """A regex matching `key`'s message whatever its placeholders hold."""
        parts = re.split(r"\{[a-zA-Z]+\}", self.catalog()[key])
        return re.compile(".+?".join(re.escape(part) for part in parts))

    # ------------------------------------------------------------------ the steps, from the keyboard

    def submit_email(self, address):
        """Types the address and presses Enter."""
        field = self.element("email")
        field.clear()
        field.send_keys(address, Keys.ENTER)

    def submit_code(self, code):
        field = self.element("code")
        field.clear()
        field.send_keys(code, Keys.ENTER)

    # ------------------------------------------------------------------ browser facts

    def storage_in_use(self):
        """What the page left in cookies and Web Storage (all must stay empty)."""
        return self.driver.execute_script(
            "return {cookie: document.cookie, local: window.localStorage.length,"
            " session: window.sessionStorage.length}"
        )

    def console_problems(self):
        """Script errors and Content-Security-Policy violations the browser reported so far.

        Failed API calls (the 4xx answers a flow expects) are network entries, not problems.
        """
        problems = []
        for entry in self.driver.get_log("browser"):
            message = entry.get("message", "")
            if entry.get("source") == "javascript" or "Content Security Policy" in message \
                    or "Refused to" in message:
                problems.append(message)
        return problems

    def horizontal_overflow(self):
        """How many CSS pixels the page is wider than the window (0 = no horizontal scrolling)."""
        return self.driver.execute_script(
            "var d = document.documentElement;"
            " return Math.max(d.scrollWidth, document.body.scrollWidth) - d.clientWidth;"
        )

    def screenshot(self, name):
        """Saves the screen as test-artifacts/browser/<test>-<nn>-<name>.png."""
        return self.artifacts.save(self.driver, name)

    def read_clipboard(self):
        try:
            return self.driver.execute_async_script(
                "var done = arguments[arguments.length - 1];"
                " navigator.clipboard.readText().then(done, function (e) { done('ERROR ' + e); });"
            )
        except JavascriptException as error:
            return f"ERROR {error}"
