"""Reading a help page in a real browser, served by the real server (its CSP included): the table of
contents ("On this page") on a phone and on a wide screen, with the heading being read marked while
scrolling; an image beside the page loading (its 2x file on a 2x screen); a wide table scrolling
inside its box while the page never scrolls sideways.

The site is the repository's, with one more page written for these tests into a copy of it.
"""

import shutil
import struct
import tempfile
import zlib
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from auth_page import WAIT_SECONDS
from otplink_harness import ROOT, Binaries
from otplink_server import OTPLinkServer

PAGE = "/en/drive/reading-check/"
SECTIONS = ["Before you start", "Share the file", "Check who opened it", "Revoke the link", "If something goes wrong"]


def png(width, height, rgb):
    """A real, decodable PNG of one colour."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def reading_page():
    paragraphs = "\n\n".join(
        f"Paragraph {n} of this section: enough text that every section is taller than the window." for n in range(12))
    wide_row = " | ".join(f"column-{n}-with-a-long-unbroken-value" for n in range(8))
    table = ("| " + " | ".join(f"Head {n}" for n in range(8)) + " |\n|" + "---|" * 8 + "\n| " + wide_row + " |\n")
    sections = "\n\n".join(f"## {title}\n\n{paragraphs}" for title in SECTIONS)
    return (f"---\ntitle: Reading check\n---\n\nA page for the browser tests.\n\n"
            f"![The Revoke button](revoke-button.png)\n\n{table}\n### A sub-heading\n\nText.\n\n{sections}\n")


@pytest.fixture(scope="module")
def reading_server():
    """The server over a copy of the repository's site with the reading page added."""
    root = Path(tempfile.mkdtemp(prefix="otplink-reading-"))
    try:
        shutil.copytree(ROOT / "site", root / "site")
        shutil.copytree(ROOT / "templates", root / "templates")
        folder = root / "site/content/en/drive/reading-check"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(reading_page(), encoding="utf-8")
        (folder / "revoke-button.png").write_bytes(png(120, 40, (200, 40, 40)))
        (folder / "revoke-button@2x.png").write_bytes(png(240, 80, (40, 40, 200)))
        binaries = Binaries.from_environment().require()
        server = OTPLinkServer(root / "work", binaries, site=root / "site", templates=root / "templates")
        (root / "work").mkdir()
        server.build_site()
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def wait(driver, condition, what):
    return WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.05).until(condition, message=what)


def open_page(page, url):
    page.driver.get("about:blank")
    page.driver.get(url)
    wait(page.driver, lambda d: d.execute_script("return document.readyState === 'complete'"), f"{url} to load")
    return page.driver


def rect(driver, selector):
    return driver.execute_script(
        "var r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height};",
        selector)


def visible(driver, element):
    """Rendered and not inside a folded <details> (WebDriver's own check misses the latter)."""
    return driver.execute_script("return arguments[0].checkVisibility()", element)


def current_link(driver):
    return driver.execute_script(
        "var a = document.querySelector('nav.toc a[aria-current]'); return a ? a.textContent : null;")


def scroll_to_heading(driver, title):
    driver.execute_script(
        "var title = arguments[0];"
        "var h = Array.prototype.find.call(document.querySelectorAll('article h2'), function (h) {"
        "  return h.textContent === title; });"
        "window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10);", title)


def csp_violations(driver):
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def test_on_a_phone_the_contents_are_folded_above_the_article_and_nothing_scrolls_sideways(reading_server, browser, artifacts):
    page = browser(width=390, height=844, mobile=True)
    driver = open_page(page, reading_server.origin + PAGE)
    nav = driver.find_element(By.CSS_SELECTOR, "nav.toc[aria-label='On this page']")
    details = nav.find_element(By.TAG_NAME, "details")
    assert details.get_attribute("open") is None, "folded on a phone"
    assert rect(driver, "nav.toc")["bottom"] <= rect(driver, "main#content")["top"], "above the article"
    first_link = nav.find_element(By.CSS_SELECTOR, "ol a")
    assert not visible(driver, first_link)
    artifacts.save(driver, "phone-folded")

    nav.find_element(By.TAG_NAME, "summary").click()
    wait(driver, lambda d: visible(d, first_link), "the list to unfold")
    assert [a.text for a in nav.find_elements(By.CSS_SELECTOR, "ol > li:not(.toc-sub) a")] == SECTIONS
    artifacts.save(driver, "phone-open")

    # A tap on an entry goes to its heading.
    nav.find_element(By.LINK_TEXT, "Revoke the link").click()
    wait(driver, lambda d: d.execute_script("return location.hash") == "#revoke-the-link", "the anchor")
    assert abs(rect(driver, "#revoke-the-link")["top"]) < 5

    # The wide table scrolls in its box; the page itself never scrolls sideways.
    widths = driver.execute_script(
        "var box = document.querySelector('.table-scroll');"
        "return {page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth,"
        "        box: box.clientWidth, table: box.scrollWidth, overflow: getComputedStyle(box).overflowX};")
    assert widths["page"] <= widths["window"], widths
    assert widths["table"] > widths["box"] and widths["overflow"] == "auto", widths
    assert csp_violations(driver) == []


def test_on_a_wide_screen_the_contents_stand_beside_the_article_and_follow_the_reading(reading_server, browser, artifacts):
    page = browser(width=1440, height=900)
    driver = open_page(page, reading_server.origin + PAGE)
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "nav.toc details").get_attribute("open") is not None,
         "the contents to stand open")
    toc, main = rect(driver, "nav.toc"), rect(driver, "main#content")
    assert toc["left"] >= main["right"], (toc, main)
    assert toc["top"] < main["top"] + 50
    assert visible(driver, driver.find_element(By.LINK_TEXT, SECTIONS[0]))
    # Before any heading is reached, the first entry is the current one.
    assert current_link(driver) == "A sub-heading"

    for title in (SECTIONS[2], SECTIONS[1]):
        scroll_to_heading(driver, title)
        wait(driver, lambda d: current_link(d) == title, f"{title!r} to be marked")
        # The contents stay in view (sticky) while the page scrolls.
        assert 0 <= rect(driver, "nav.toc")["top"] < 900
    artifacts.save(driver, "wide-marked")
    driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    wait(driver, lambda d: current_link(d) == SECTIONS[-1], "the last heading at the bottom of the page")
    assert csp_violations(driver) == []


def test_an_image_beside_the_page_loads_with_its_size_and_its_2x_file_on_a_2x_screen(reading_server, browser):
    page = browser(width=390, height=844, mobile=True)
    driver = open_page(page, reading_server.origin + PAGE)
    image = driver.find_element(By.CSS_SELECTOR, "article img[alt='The Revoke button']")
    assert image.get_attribute("loading") == "lazy"
    assert (image.get_attribute("width"), image.get_attribute("height")) == ("120", "40")
    driver.execute_script("arguments[0].scrollIntoView()", image)
    wait(driver, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image),
         "the image to load")
    loaded = driver.execute_script("return {natural: arguments[0].naturalWidth, src: arguments[0].currentSrc}", image)
    assert "/assets/images/revoke-button@2x." in loaded["src"], loaded
    # The 2x file's 240 pixels count as 120 CSS pixels (its density descriptor).
    assert loaded["natural"] == 120
    # Laid out at its own size (no jump when it loads), never wider than the article.
    assert rect(driver, "article img")["width"] == 120
    assert csp_violations(driver) == []
