"""Search in a real browser: the header box and the search page of the built help center, in
Korean and English, against the real server (its CSP included), and the analysis table run
against search.js.
"""

import json
import time
from urllib.parse import unquote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from auth_page import WAIT_SECONDS
from otplink_harness import ROOT
CASES = json.loads((ROOT / "Tests/HelpSiteTests/Support/search-cases.json").read_text(encoding="utf-8"))

KO_GUIDE = "/ko/drive/send-file-or-link/send-as-link/otp-link-authenticate/"
EN_GUIDE = "/en/drive/send-file-or-link/send-as-link/otp-link-authenticate/"


def wait(driver, condition, what):
    return WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.05).until(condition, message=what)


def open_page(page, url):
    """Opens a help page and waits until search.js has started."""
    page.driver.get("about:blank")
    page.driver.get(url)
    wait(page.driver, lambda d: d.execute_script("return !!(window.helpSearch && document.readyState === 'complete')"),
         f"search.js to start on {url}")
    return page


def options(driver):
    """The header popup's result options (the last one is "see all results"), as shown."""
    listbox = driver.find_element(By.ID, "site-search-listbox")
    if not listbox.is_displayed():
        return []
    return listbox.find_elements(By.CSS_SELECTOR, "[role=option]")


def typed(page, text):
    """Types `text` into the header box key by key (as a reader does) and waits for the popup."""
    box = page.driver.find_element(By.ID, "site-search-input")
    box.clear()
    for character in text:
        box.send_keys(character)
    wait(page.driver, lambda d: d.find_element(By.ID, "site-search-listbox").get_attribute("data-query") == text
         and len(options(d)) >= 1, f"results for {text!r}")
    return box


def result_links(driver, container_id):
    return [unquote(a.get_attribute("href")) for a in driver.find_elements(By.CSS_SELECTOR, f"#{container_id} a")]


def test_the_analysis_table_holds_in_the_browser(server, browser):
    page = browser()
    open_page(page, server.origin + "/en/")
    outcome = page.driver.execute_script(
        """
        const cases = arguments[0], s = window.helpSearch, nfc = (x) => x.normalize("NFC");
        const failures = [];
        let count = 0;
        for (const c of cases.tokens) {
          count++;
          const got = s.analyze(c.text).map(t => [nfc(t.term), nfc(t.surface), t.script, t.pieces.map(nfc)]);
          if (JSON.stringify(got) !== JSON.stringify(c.tokens)) failures.push(["tokens", c.text, got]);
        }
        for (const [word, stem] of Object.entries(cases.stems.word)) {
          count++;
          if (s.stemEnglish(word) !== stem) failures.push(["stem", word, s.stemEnglish(word)]);
        }
        for (const [word, stem] of Object.entries(cases.stems.hangul)) {
          count++;
          if (s.stemKorean(word) !== stem) failures.push(["stem", word, s.stemKorean(word)]);
        }
        for (const c of cases.typingKeys) {
          count++;
          const got = s.typingKeys(c.word).map(nfc);
          if (JSON.stringify(got) !== JSON.stringify(c.keys)) failures.push(["typingKeys", c.word, got]);
        }
        for (const c of cases.matches) {
          count++;
          const got = s.matchesAll(s.planQuery(c.query), s.indexTerms(c.text));
          if (got !== c.match) failures.push(["match", c.query, c.text, got]);
        }
        return {count, failures};
        """,
        CASES,
    )
    expected = len(CASES["tokens"]) + len(CASES["stems"]["word"]) + len(CASES["stems"]["hangul"]) \
        + len(CASES["typingKeys"]) + len(CASES["matches"])
    assert outcome["count"] == expected
    assert outcome["failures"] == []


def test_korean_in_the_header_box_across_particles_and_while_typing(server, browser):
    page = browser()
    open_page(page, server.origin + "/ko/")
    driver = page.driver
    # A particle form finds the page that writes the word with other particles.
    typed(page, "링크를")
    links = [unquote(a.get_attribute("href")) for a in driver.find_elements(By.CSS_SELECTOR, "#site-search-listbox a")]
    assert any(KO_GUIDE in link for link in links), links
    first = options(driver)[0]
    assert "보안 OTP 링크 인증" in first.text
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#site-search-listbox mark")]
    assert any("링크" in m for m in marks), marks
    assert driver.find_element(By.ID, "site-search-input").get_attribute("aria-expanded") == "true"
    page.artifacts.save(driver, "ko-particle")

    # A word found inside a section links to that heading's anchor.
    typed(page, "메일링")
    links = [unquote(a.get_attribute("href")) for a in driver.find_elements(By.CSS_SELECTOR, "#site-search-listbox a")]
    assert any(KO_GUIDE + "#보안-otp-링크-열기" in link for link in links), links
    assert page.console_problems() == []


def test_korean_syllable_being_composed_in_the_header_box(server, browser):
    page = browser()
    open_page(page, server.origin + "/ko/")
    driver = page.driver
    # A syllable still being composed and a bare initial consonant: 인증 from `이` and from `ㅇ`.
    for partial in ("이", "ㅇ"):
        typed(page, partial)
        texts = [o.text for o in options(driver)]
        assert any("인증" in t for t in texts), (partial, texts)


def test_the_popup_stays_open_when_the_box_is_left_and_entered_again(server, browser):
    page = browser()
    open_page(page, server.origin + "/en/")
    driver = page.driver
    box = typed(page, "sharing")
    # Leaving the box closes the popup a moment later; coming back at once keeps it (clearing the box
    # in a test, or a reader's quick click elsewhere, does exactly this).
    driver.execute_script("arguments[0].blur(); arguments[0].focus();", box)
    time.sleep(0.4)
    assert driver.find_element(By.ID, "site-search-listbox").is_displayed()
    assert len(options(driver)) >= 1


def test_keyboard_moves_through_results_opens_one_and_escape_closes(server, browser):
    page = browser()
    open_page(page, server.origin + "/en/")
    driver = page.driver
    box = typed(page, "sharing")
    status = driver.find_element(By.ID, "site-search-status").text
    assert "result" in status, status
    box.send_keys(Keys.ARROW_DOWN)
    selected = driver.find_elements(By.CSS_SELECTOR, "#site-search-listbox [aria-selected=true]")
    assert len(selected) == 1
    assert box.get_attribute("aria-activedescendant") == selected[0].get_attribute("id")
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("aria-expanded") == "false"
    assert not driver.find_element(By.ID, "site-search-listbox").is_displayed()

    typed(page, "authentic")
    box.send_keys(Keys.ARROW_DOWN)
    target = driver.find_element(By.CSS_SELECTOR, "#site-search-listbox [aria-selected=true] a").get_attribute("href")
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.current_url == target, "the selected result to open")
    assert EN_GUIDE in unquote(driver.current_url)
    assert page.console_problems() == []


def test_the_search_page_reads_q_and_answers_as_the_reader_types(server, browser):
    page = browser()
    open_page(page, server.origin + "/en/search/?q=shared+links")
    driver = page.driver
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"), "results for ?q=")
    assert driver.find_element(By.ID, "search-page-input").get_attribute("value") == "shared links"
    links = result_links(driver, "search-results")
    assert any(EN_GUIDE in link for link in links), links
    guide = next(li for li in driver.find_elements(By.CSS_SELECTOR, "#search-results li")
                 if EN_GUIDE in unquote(li.find_element(By.TAG_NAME, "a").get_attribute("href")))
    assert "Security OTP link authentication" in guide.find_element(By.CLASS_NAME, "search-result-title").text
    marked = [m.text.lower() for m in guide.find_elements(By.CSS_SELECTOR, ".search-result-snippet mark")]
    assert any(m.startswith("link") or m.startswith("shar") for m in marked), marked
    assert guide.find_element(By.CLASS_NAME, "search-result-path").text == "Drive › Send a file or link › Send as link"
    page.artifacts.save(driver, "en-search-page")

    # Typing on the page updates the results and the shareable URL.
    box = driver.find_element(By.ID, "search-page-input")
    box.clear()
    for character in "zzzqx":
        box.send_keys(character)
    # Results and the URL follow the last keystroke; the first letters already match nothing, so wait
    # for the URL of the whole word rather than for the empty list.
    wait(driver, lambda d: "q=zzzqx" in d.current_url, "the URL to carry the whole query")
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#search-results li"), "no results")
    assert driver.find_element(By.ID, "search-status").text == "No pages match your search."
    assert page.console_problems() == []


def test_the_korean_search_page_finds_compounds_and_particles(server, browser):
    page = browser()
    open_page(page, server.origin + "/ko/search/?q=" + "인증하려면")
    driver = page.driver
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"), "results for 인증하려면")
    links = result_links(driver, "search-results")
    assert any(KO_GUIDE in link for link in links), links
    assert "검색 결과" in driver.find_element(By.ID, "search-status").text
    # Without script the box is a plain form: it submits to this page with ?q=.
    form = driver.find_element(By.CSS_SELECTOR, "form.site-search")
    assert form.get_attribute("action").endswith("/ko/search/")
    assert form.get_attribute("method") == "get"
    assert page.console_problems() == []
