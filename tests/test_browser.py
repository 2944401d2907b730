"""The search pages in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium)
against the app served on 127.0.0.1 from the sample index.

Every test fails on a JavaScript error or a console error (which includes Content-Security-
Policy violations and failed resource loads). Skipped when Playwright or Chromium is missing;
CI installs both.
"""

import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import SEED_ID

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOT_COPY = Path("/tmp/telusur-search.png")

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright is not installed (pip install playwright)")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Chromium is not installed at /usr/bin/chromium "
                                       "(apt-get install chromium)")


@pytest.fixture(scope="module")
def base_url(sample_index):
    """The app on the sample index, served by werkzeug on 127.0.0.1 and a free port."""
    from werkzeug.serving import make_server

    from webui.app import create_app

    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(sample_index)}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, width: int, height: int):
    """A fresh page of the given viewport that records JavaScript errors, console errors and
    dialogs (an ``alert`` from a hostile article would be one)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.problems = []
    page.expected_errors = []          # substrings of console errors a test provokes on purpose
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    page.on("console", lambda message: message.type == "error"
            and page.problems.append(f"console: {message.text}"))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    return page


def unexpected(page) -> list[str]:
    return [p for p in page.problems if not any(e in p for e in page.expected_errors)]


def checked_page(browser, width: int, height: int):
    """A page of the given size; the test fails if anything went wrong in the browser."""
    page = open_page(browser, width, height)
    yield page
    problems = unexpected(page)
    page.context.close()
    assert problems == []


@pytest.fixture
def page(browser):
    """A desktop-sized page."""
    yield from checked_page(browser, 1280, 900)


@pytest.fixture
def phone(browser):
    """A page 360 px wide, like a small phone."""
    yield from checked_page(browser, 360, 740)


def test_type_a_query_and_see_results(page, base_url):
    page.goto(base_url + "/")
    box = page.get_by_label("Kata kunci")
    assert box.evaluate("element => element === document.activeElement")      # autofocus
    box.fill("banjir jakarta")
    box.press("Enter")
    page.wait_for_url("**/?q=banjir+jakarta")
    results = page.locator(".result")
    assert results.count() > 0
    assert results.first.locator(".result-title a").is_visible()
    assert page.locator(".snippet mark").count() > 0
    assert "artikel" in page.locator(".summary").inner_text()


def test_person_facet_filters_the_results(page, base_url):
    page.goto(base_url + "/?q=presiden")
    before = page.locator(".result").count()
    facet = page.locator("#facet-persons + ul .facet-link").first
    person = facet.locator(".facet-value").inner_text().strip()
    facet.click()
    page.wait_for_load_state()
    assert "person=" in page.url
    chip = page.locator(".chip-active")
    assert chip.count() == 1 and person in chip.inner_text()
    assert page.locator(".facet-link.is-active").first.inner_text().find(person) >= 0
    assert 0 < page.locator(".result").count() <= before
    for result in page.locator(".result").all():              # each result names the person
        assert person in result.inner_text()
    chip.click()                                              # and the chip takes it away
    page.wait_for_load_state()
    assert page.locator(".chip-active").count() == 0 and "person=" not in page.url


def test_follow_a_result_to_the_article_and_its_quotes(page, base_url):
    page.goto(base_url + "/?q=Stoltenberg+Pyongyang")
    page.locator(".result-title a").first.click()
    page.wait_for_url(f"**/articles/{SEED_ID}")
    assert "Vladimir Putin" in page.locator("h1").inner_text()
    assert page.locator(".article-body p").count() > 3
    quotes = page.get_by_role("heading", name="Kutipan")
    assert quotes.is_visible()
    assert page.locator(".quotes").is_visible()
    assert page.get_by_role("link", name="Vladimir Putin").count() >= 1


def test_timeline_bar_narrows_the_dates(page, base_url):
    page.goto(base_url + "/?q=indonesia")
    bar = page.locator(".timeline-chart a").first
    label = bar.get_attribute("aria-label")
    bar.click()
    page.wait_for_load_state()
    assert "from=" in page.url and "to=" in page.url
    count = int(label.split(": ")[1].split()[0])
    assert page.locator(".summary strong").inner_text().replace(".", "") == str(count)


def test_keyboard_skip_link_and_visible_focus(page, base_url):
    page.goto(base_url + "/?q=banjir")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0                              # shown when focused
    assert skip.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "konten"


def test_hostile_articles_run_no_script(page, base_url):
    for path in ("/?q=banjir", "/articles/hostile-script", "/articles/hostile-link"):
        page.goto(base_url + path)
    assert page.locator('a[href^="javascript:"]').count() == 0
    page.goto(base_url + "/articles/hostile-script")
    assert "<script>alert('judul')</script>" in page.locator("h1").inner_text()


def test_no_javascript_errors_on_any_page(page, base_url):
    for path in ("/", "/?q=banjir&sort=newest", "/?q=presiden&page=2", f"/articles/{SEED_ID}",
                 "/quotes", "/quotes?q=perang", "/?q=pertahnan"):
        response = page.goto(base_url + path)
        assert response.status == 200, path
        # the stylesheet applied (a CSP block or a missing file would leave it unstyled)
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex"
    assert page.problems == []


@pytest.mark.parametrize("path", ["/", "/?q=presiden&person=Joko+Widodo", "/?q=banjir",
                                  f"/articles/{SEED_ID}", "/quotes", "/?q=banjir&from=xx"])
def test_phone_width_has_no_horizontal_scrolling(phone, base_url, path, tmp_path):
    if "from=xx" in path:                                     # a 400 page, on purpose
        phone.expected_errors.append("status of 400")
    phone.goto(base_url + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide"
    if path == "/?q=banjir":
        phone.screenshot(path=tmp_path / "search-360.png", full_page=True)
        shutil.copy(tmp_path / "search-360.png", "/tmp/telusur-search-360.png")


def test_screenshot_of_the_search_page(page, base_url, tmp_path):
    page.goto(base_url + "/?q=presiden+jokowi")
    shot = tmp_path / "telusur-search.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 10_000
    shutil.copy(shot, SCREENSHOT_COPY)
