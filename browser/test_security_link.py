"""The security link in a real browser: the recipient's scenarios against the real server.

Each test shares its own file through its own link, so the per-link and per-address limits of
one scenario never touch another.
"""

import os
import re
import secrets
import time
from datetime import datetime, timedelta, timezone

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from auth_page import WAIT_SECONDS
from otplink_harness import ROOT
from otplink_server import OTPLinkServer, wait_until

DOMAIN = "example.com"
ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
DAVE = "dave@example.com"
TEAM = "team@example.com"
OUTSIDER = "partner@elsewhere.test"
STRANGER = "mallory@elsewhere.test"

KAKAOTALK_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 KAKAOTALK 10.6.5"
)


@pytest.fixture(scope="session")
def organization(server):
    """The directory every scenario uses: one domain, four members, one mailing list."""
    server.load_directory(
        domains=[DOMAIN],
        members=[ALICE, BOB, CAROL, DAVE],
        lists=[{"address": TEAM, "members": [BOB, CAROL]}],
    )
    return server


def share(server, recipients, sender=DAVE, name=None, content=None, expires_at=None, locale="en"):
    """Uploads a file and shares it; returns (link answer, file name, file bytes)."""
    name = name or f"Quarterly report {secrets.token_hex(2)}.pdf"
    content = content if content is not None else os.urandom(150_000)
    file_id = server.upload_file(name, content, "application/pdf")
    link = server.create_link(file_id, recipients, sender, expires_at=expires_at, locale=locale)
    return link, name, content


def wait_for_download(folder, name, timeout=30):
    """The downloaded file once Chromium has finished writing it."""
    target = folder / name

    def finished():
        partial = list(folder.glob("*.crdownload"))
        return target.is_file() and not partial and target.stat().st_size > 0

    try:
        wait_until(finished, timeout=timeout, interval=0.2, what=f"{name} in {folder}")
    except TimeoutError:
        present = sorted(p.name for p in folder.iterdir())
        raise AssertionError(f"{name!r} was not downloaded; the download folder holds {present}") from None
    return target.read_bytes()


def paths(server):
    return [mail.path for mail in server.mails()]


def enter_code_from_mail(page, server, address, seen):
    """Reads the code mailed to `address` and enters it on the page; returns the mail."""
    mail = server.wait_for_mail(address, seen=seen)
    page.submit_code(mail.code())
    return mail


def test_whole_flow_from_the_keyboard_downloads_the_shared_file(organization, browser, downloads):
    server = organization
    link, name, content = share(server, [ALICE])
    page = browser().open(link["url"])

    page.wait_for_step("step-email")
    assert page.element("external-browser-tip").is_displayed()
    page.screenshot("email-step")

    seen = paths(server)
    page.submit_email("Alice@Example.com")
    page.wait_for_step("step-code")
    assert page.active_id() == "code", "focus must move to the code field"
    assert page.message("code_hint") in page.element("step-code").text
    assert not page.element("resend").is_enabled(), "resend waits for its cooldown"
    assert page.message_pattern("resend_in").search(page.element("resend-countdown").text)
    page.screenshot("code-step")

    enter_code_from_mail(page, server, ALICE, seen)
    page.wait_for_step("step-file")
    assert page.element("file-name").text == name
    assert page.element("file-size").text.strip() != ""
    assert "150" in page.element("file-size").text, "150,000 bytes read as about 150 kB"
    assert page.active_id() == "download", "focus must move to the Download button"
    page.screenshot("file-step")

    page.driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert wait_for_download(downloads, name) == content
    assert page.storage_in_use() == {"cookie": "", "local": 0, "session": 0}
    assert page.console_problems() == [], "no script error and no Content-Security-Policy violation"


def test_the_site_script_keeps_no_state_in_browser_storage():
    """The flow's state lives in page memory only: link.js never touches a storage API."""
    source = (ROOT / "site" / "assets" / "link.js").read_text()
    script = re.sub(r"/\*.*?\*/|^\s*//.*$", "", source, flags=re.S | re.M)  # the code, not its comments
    for api in ("localStorage", "sessionStorage", "indexedDB", "document.cookie", "caches.open"):
        assert api not in script, f"link.js uses {api}"


def test_resend_counts_down_then_mails_a_new_code_and_the_first_code_still_works(organization, browser):
    server = organization
    link, name, _ = share(server, [ALICE])
    page = browser().open(link["url"])
    seen = paths(server)
    page.submit_email(ALICE)
    page.wait_for_step("step-code")
    first = server.wait_for_mail(ALICE, seen=seen)
    assert not page.element("resend").is_enabled()
    assert page.message_pattern("resend_in").search(page.element("resend-countdown").text)

    WebDriverWait(page.driver, OTPLinkServer.RESEND_COOLDOWN_SECONDS + WAIT_SECONDS).until(
        lambda d: page.element("resend").is_enabled(), message="Resend never became available")
    assert page.element("resend-countdown").text.strip() == ""
    page.screenshot("resend-available")

    seen = paths(server)
    page.element("resend").click()
    WebDriverWait(page.driver, WAIT_SECONDS).until(
        lambda d: not page.element("resend").is_enabled() and page.element("resend-countdown").text,
        message="the countdown did not restart after Resend")
    server.wait_for_mail(ALICE, seen=seen)
    assert page.active_id() == "code"

    page.submit_code(first.code())  # earlier unexpired codes of the challenge stay valid
    page.wait_for_step("step-file")
    assert page.element("file-name").text == name


def test_too_many_challenges_for_one_address_say_when_to_try_again(organization, browser):
    server = organization
    link, _, _ = share(server, [BOB])
    page = browser().open(link["url"])
    for attempt in range(5):  # the policy allows 5 challenges per (link, address) per hour
        page.submit_email(BOB)
        page.wait_for_step("step-code")
        page.element("start-over").click()
        page.wait_for_step("step-email")

    page.submit_email(BOB)
    WebDriverWait(page.driver, WAIT_SECONDS).until(
        lambda d: page.message_pattern("rate_limited").search(page.error_text()),
        message=f"no rate-limit message; the error line shows {page.error_text()!r}")
    assert page.visible_step() == "step-email"
    assert page.element("retry").is_displayed()
    page.screenshot("rate-limited")


def test_mailing_list_member_and_the_list_address_both_open_a_list_link(organization, browser):
    server = organization
    link, name, _ = share(server, [TEAM], sender=ALICE)  # an internal sender
    page = browser().open(link["url"])

    seen = paths(server)
    page.submit_email(BOB)  # a member of the list, entering their own address
    page.wait_for_step("step-code")
    enter_code_from_mail(page, server, BOB, seen)
    page.wait_for_step("step-file")
    assert page.element("file-name").text == name
    page.screenshot("member-file-step")

    page.open(link["url"])  # a new visit starts over
    page.wait_for_step("step-email")
    seen = paths(server)
    page.submit_email(TEAM)  # the list address itself: the code goes to the list
    page.wait_for_step("step-code")

    def list_mail():
        for mail in server.mails():
            if mail.path not in seen and ({TEAM, BOB, CAROL} & set(mail.to)):
                return mail
        return None

    mail = wait_until(list_mail, timeout=20, interval=0.2, what=f"the code mailed to {TEAM}")
    page.submit_code(mail.code())
    page.wait_for_step("step-file")
    page.screenshot("list-address-file-step")


def code_step_view(page):
    """What the code step shows, less the running resend countdown."""
    text = page.element("step-code").text.replace(page.element("resend-countdown").text, "")
    return text, page.status_text(), page.error_text()


def test_an_address_that_may_not_open_the_link_sees_the_code_step_and_no_mail_is_written(organization, browser):
    server = organization
    link, _, _ = share(server, [ALICE])
    page = browser().open(link["url"])
    seen = paths(server)

    page.submit_email(STRANGER)
    page.wait_for_step("step-code")
    stranger_view = code_step_view(page)
    assert page.message("code_hint") in stranger_view[0]
    page.screenshot("stranger-code-step")

    # A recipient after the stranger: once their mail is written, the queue is past the stranger.
    page.open(link["url"])
    page.wait_for_step("step-email")
    page.submit_email(ALICE)
    page.wait_for_step("step-code")
    recipient_view = code_step_view(page)
    assert recipient_view == stranger_view, "the page must not tell the two addresses apart"
    server.wait_for_mail(ALICE, seen=seen)

    new_mails = [mail for mail in server.mails() if mail.path not in set(seen)]
    assert [mail.to for mail in new_mails] == [[ALICE]]
    assert not any(STRANGER in mail.to for mail in server.mails())


def test_five_wrong_codes_lock_the_challenge_and_start_over_works(organization, browser):
    server = organization
    link, name, _ = share(server, [CAROL])
    page = browser().open(link["url"])

    seen = paths(server)
    page.submit_email(CAROL)
    page.wait_for_step("step-code")
    code = server.wait_for_mail(CAROL, seen=seen).code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    for attempts_left in (4, 3, 2, 1):
        page.submit_code(wrong)
        page.wait_for_text("error", page.message("wrong_code", attempts=attempts_left), exact=True)
        assert page.active_id() == "code"
    page.screenshot("wrong-code")

    page.submit_code(wrong)
    page.wait_for_text("error", page.message("challenge_locked"))
    assert page.active_id() == "start-over", "focus must move to Start over"
    assert not page.element("code").is_enabled()
    page.screenshot("locked")

    page.driver.switch_to.active_element.send_keys(Keys.ENTER)
    page.wait_for_step("step-email")
    assert page.active_id() == "email"
    assert page.error_text() == ""

    seen = paths(server)
    page.submit_email(CAROL)
    page.wait_for_step("step-code")
    enter_code_from_mail(page, server, CAROL, seen)
    page.wait_for_step("step-file")
    assert page.element("file-name").text == name


def test_reloading_mid_flow_returns_to_the_email_step(organization, browser):
    server = organization
    link, _, _ = share(server, [ALICE])
    page = browser().open(link["url"])
    page.submit_email(ALICE)
    page.wait_for_step("step-code")

    page.driver.refresh()
    page.wait_for_step("step-email")
    assert not page.element("step-code").is_displayed()
    assert page.storage_in_use() == {"cookie": "", "local": 0, "session": 0}
    page.screenshot("after-reload")


def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_expired_revoked_and_unknown_links_say_so_and_what_to_do(organization, browser, locale):
    server = organization
    expires = datetime.now(timezone.utc) + timedelta(seconds=3)
    expired, _, _ = share(server, [ALICE], expires_at=iso(expires), locale=locale)
    revoked, _, _ = share(server, [ALICE], locale=locale)
    server.revoke_link(revoked["linkId"])
    time.sleep(max(0.0, (expires - datetime.now(timezone.utc)).total_seconds()) + 1.5)

    page = browser()
    for link, key in ((expired, "link_expired"), (revoked, "link_revoked")):
        assert f"/{locale}/link/" in link["url"]
        page.open(link["url"])
        page.wait_for_step("step-unavailable")
        assert page.driver.find_element(By.TAG_NAME, "html").get_attribute("lang").startswith(locale)
        expected = page.message(key) + " " + page.message("ask_sender")
        assert page.element("unavailable-message").text.strip() == expected
        page.screenshot(f"{key}-{locale}")

    unknown = expired["url"].split("#")[0] + "#" + secrets.token_urlsafe(16)
    page.open(unknown)
    page.wait_for_step("step-unavailable")
    assert page.element("unavailable-message").text.startswith(page.message("link_not_found"))


def test_a_320_pixel_wide_phone_never_scrolls_sideways(organization, browser):
    server = organization
    link, _, _ = share(server, [TEAM], sender=ALICE, name="A rather long file name for a narrow phone screen.pdf")
    page = browser(width=320, height=720, mobile=True).open(link["url"])
    assert page.driver.execute_script("return window.innerWidth") == 320

    page.wait_for_step("step-email")
    assert page.horizontal_overflow() <= 0, "the email step (with the mailing-list table) is wider than 320 px"
    page.screenshot("phone-email-step")

    seen = paths(server)
    page.submit_email(BOB)
    page.wait_for_step("step-code")
    assert page.horizontal_overflow() <= 0, "the code step is wider than 320 px"
    page.screenshot("phone-code-step")

    enter_code_from_mail(page, server, BOB, seen)
    page.wait_for_step("step-file")
    assert page.horizontal_overflow() <= 0, "the file step is wider than 320 px"
    page.screenshot("phone-file-step")


def test_in_an_app_webview_the_tip_comes_first_and_copy_link_copies_the_whole_link(organization, browser):
    server = organization
    link, _, _ = share(server, [ALICE])
    page = browser(width=390, height=844, user_agent=KAKAOTALK_ANDROID, mobile=True)
    page.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": server.origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
    })
    page.open(link["url"])
    page.wait_for_step("step-email")

    tip = page.element("external-browser-tip")
    assert tip.is_displayed()
    assert tip.rect["y"] < page.element("step-email").rect["y"], "the tip must come before the email step"
    assert "is-prominent" in tip.get_attribute("class").split()
    page.screenshot("in-app-tip")

    page.element("copy-link").click()
    page.wait_for_text("status", page.message("copied"), exact=True)
    assert page.read_clipboard() == link["url"], "the copied link keeps its #token"


def test_copy_link_falls_back_to_selecting_the_link_without_the_clipboard_api(organization, browser):
    server = organization
    link, _, _ = share(server, [ALICE])
    page = browser().open(link["url"])
    tip = page.element("external-browser-tip")
    assert tip.rect["y"] > page.element("step-email").rect["y"], "outside an app the tip follows the form"

    page.driver.execute_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});")
    page.element("copy-link").click()
    fallback = page.element("link-fallback")
    assert fallback.is_displayed()
    assert fallback.get_attribute("value") == link["url"]
    assert page.active_id() == "link-fallback"
    selected = page.driver.execute_script(
        "var i = document.getElementById('link-fallback'); return [i.selectionStart, i.selectionEnd];")
    assert selected == [0, len(link["url"])]
    assert page.status_text() == page.message("copied") or page.error_text() == page.message("copy_failed")


def test_a_network_failure_says_so_and_retry_recovers(organization, browser):
    server = organization
    link, _, _ = share(server, [ALICE])
    page = browser().open(link["url"])
    page.wait_for_step("step-email")

    page.driver.execute_cdp_cmd("Network.enable", {})
    page.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1,
    })
    seen = paths(server)
    page.submit_email(ALICE)
    page.wait_for_text("error", page.message("network_error"), exact=True)
    retry = page.element("retry")
    assert retry.is_displayed() and retry.is_enabled()
    assert page.visible_step() == "step-email"
    page.screenshot("offline")

    page.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1,
    })
    retry.click()
    page.wait_for_step("step-code")
    assert page.error_text() == ""
    server.wait_for_mail(ALICE, seen=seen)
