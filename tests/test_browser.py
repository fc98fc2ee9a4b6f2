"""The web page as a person uses it: Debian's Chromium driven by Playwright against the app on
loopback. Skipped where Chromium or Playwright is missing (CI installs both, see .ci/run)."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = Path(os.environ.get("SEARCHAPP_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(os.environ.get("SEARCHAPP_AXE", ROOT / ".ci" / "npm" / "node_modules" / "axe-core" / "axe.min.js"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def base_url(seed_index):
    from werkzeug.serving import make_server

    from searchapp.app import create_app

    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(seed_index)}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.script_errors = errors
    yield pg
    context.close()
    assert errors == [], errors  # no script errors, no CSP violations


def titles(pg) -> list[str]:
    return pg.locator(".result-title a").all_inner_texts()


def test_type_a_query_and_see_highlighted_results(page, base_url):
    page.goto(base_url)
    box = page.get_by_label("Search articles")
    assert box.evaluate("el => el === document.activeElement")  # autofocus
    box.fill("peskov kremlin")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=peskov"))
    assert page.locator("h1.count").inner_text() == "1 article for peskov kremlin"
    assert titles(page) == [
        "Trump's Russia-Ukraine plan explained: How the US President intends to end the war"
    ]
    marks = page.locator(".snippet mark").all_inner_texts()
    assert "Peskov" in marks and "Kremlin" in marks
    assert (
        page.locator("link[rel=alternate][type='application/json']")
        .get_attribute("href")
        .startswith("/api/search?q=peskov")
    )


def test_slash_focuses_the_search_box(page, base_url):
    page.goto(base_url + "/?q=putin")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.get_by_label("Search articles").evaluate("el => el === document.activeElement")


def test_typing_offers_completions_of_the_word(page, base_url):
    """Search as you type: the box's datalist (which the browser shows under the box) fills with
    the word being typed completed as the articles write it, the text before it kept."""
    page.goto(base_url)
    box = page.get_by_label("Search articles")
    box.press_sequentially("putin kel", delay=20)
    options = page.locator("datalist#q-completions option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("os => os.map(o => o.value)")[0] == "putin kellogg"


def test_tick_outlets_then_remove_the_chip(page, base_url):
    page.goto(base_url + "/?q=putin")
    assert len(titles(page)) == 3
    page.get_by_label(re.compile(r"^LBC")).check()
    page.wait_for_url(re.compile(r"outlet=LBC"))
    assert len(titles(page)) == 1
    page.get_by_label(re.compile(r"^The Moscow Times")).check()  # still offered: counts ignore the filter
    page.wait_for_url(re.compile(r"outlet=LBC&outlet=The\+Moscow\+Times|outlet=The\+Moscow\+Times"))
    assert len(titles(page)) == 2
    page.get_by_role("link", name="Remove filter: LBC").click()
    page.wait_for_load_state()
    assert len(titles(page)) == 1 and "LBC" not in page.url
    assert page.locator(".result .outlet").all_inner_texts() == ["The Moscow Times"]


def test_sort_and_page(page, base_url):
    page.goto(base_url + "/?q=putin&per_page=1")
    page.get_by_label("Sort by").select_option("oldest")
    page.wait_for_url(re.compile(r"sort=oldest"))
    first = titles(page)
    assert first == ["U.S. and Russia in ‘Serious’ Discussions About Ukraine War, Trump Says"]
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator(".pagination [aria-current=page]").inner_text() == "2"
    assert titles(page) != first
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=3"))
    assert titles(page) == [
        "Trump's Russia-Ukraine plan explained: How the US President intends to end the war"
    ]
    assert page.get_by_role("link", name="Next").count() == 0


def test_timeline_bar_filters_to_its_period(page, base_url):
    page.goto(base_url + "/?q=putin")
    bars = page.locator(".timeline a")
    assert bars.count() == 2
    bars.nth(1).click()
    page.wait_for_url(re.compile(r"from=2025-02-10&to=2025-02-10"))
    assert len(titles(page)) == 1
    assert page.get_by_role("link", name="Remove filter: from 2025-02-10").is_visible()


def test_open_an_article_from_the_results(page, base_url):
    page.goto(base_url + "/?q=kellogg+negotiations")
    page.get_by_role("link", name=re.compile("going pretty well")).click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.locator("article h1").inner_text().startswith("Trump says talks with Ukraine")
    assert "Olena Goncharova" in page.locator("article .meta").inner_text()
    assert (
        page.get_by_role("link", name="Original article")
        .get_attribute("href")
        .startswith("https://kyivindependent.com/")
    )
    marks = page.locator("article .body mark").all_inner_texts()
    assert {"Kellogg", "negotiations", "negotiate"} <= set(marks)
    related = page.locator(".related a").all_inner_texts()
    assert len(related) == 2 and not any("going pretty well" in t for t in related)
    page.get_by_role("link", name=re.compile("Back to results")).click()
    page.wait_for_url(re.compile(r"/\?q=kellogg"))


def test_step_through_the_matches_of_an_article(page, base_url):
    """On an article opened from a search, a bar counts the matches and steps through them (its
    buttons, or n and p), outlining the current one; it wraps around at either end."""
    page.goto(base_url + "/?q=putin")
    page.locator(".result-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    marks = page.locator("article .body mark")
    count = marks.count()
    status = page.locator("nav.matches [aria-live]")
    assert count > 1 and status.inner_text() == f"{count} matches"
    page.get_by_role("button", name="Next").click()
    assert status.inner_text() == f"Match 1 of {count}" and "current" in marks.nth(0).get_attribute("class")
    page.keyboard.press("n")
    assert status.inner_text() == f"Match 2 of {count}" and page.locator("mark.current").count() == 1
    assert "current" in marks.nth(1).get_attribute("class")
    page.keyboard.press("p")
    page.get_by_role("button", name="Previous").click()
    assert status.inner_text() == f"Match {count} of {count}"
    page.get_by_label("Search articles").press("n")  # (typing in the box is not a key of the bar)
    assert status.inner_text() == f"Match {count} of {count}"
    page.goto(page.url.split("?")[0])  # (no search: nothing to step through)
    assert page.locator("nav.matches").count() == 0


def test_words_of_the_results_and_back(page, base_url):
    """Three seed articles are too few for a word to stand out; the page says so and leads back."""
    page.goto(base_url + "/?q=putin&outlet=LBC")
    page.get_by_role("link", name="What these articles talk about").click()
    page.wait_for_url(re.compile(r"/words\?q=putin&outlet=LBC"))
    assert page.locator("main h1").inner_text() == "What these articles talk about"
    assert "too few articles match" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("Back to the 1 article for")).click()
    page.wait_for_url(re.compile(r"/\?q=putin&outlet=LBC$"))
    assert len(titles(page)) == 1


def test_compare_two_searches(page, base_url):
    """From a search's results to the comparison of it and another, period by period and outlet
    by outlet."""
    page.goto(base_url + "/?q=trump")
    page.get_by_role("link", name="Compare with another search").click()
    assert page.get_by_label("Search 1").input_value() == "trump"
    page.get_by_label("Search 2").fill("putin")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare\?q=trump&q=putin"))
    periods, outlets = page.locator(".compare-table").first, page.locator(".compare-outlets")
    headers = periods.locator("thead th").all_inner_texts()
    assert headers[0] == "Day from" and headers[1].startswith("trump") and headers[2].startswith("putin")
    assert periods.locator("tbody tr").count() == 2  # (the seeds' two days)
    assert outlets.locator("tbody th").all_inner_texts() == [
        "LBC",
        "The Kyiv Independent",
        "The Moscow Times",
    ]


def test_advanced_search_from_the_results(page, base_url):
    """From a search's results to the advanced form, starting from it, and back to results of
    the query the form makes, shown in the search box."""
    page.goto(base_url + "/?q=putin")
    before = len(titles(page))
    page.get_by_role("link", name="Advanced search").click()
    assert page.get_by_label("Your search").input_value() == "putin"
    page.get_by_label("None of these words").fill("kursk")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/\?q=putin\+-kursk$"))
    assert page.locator("#q").input_value() == "putin -kursk"
    assert 0 < len(titles(page)) < before  # (one of the seeds is about Kursk)


def test_empty_state_and_did_you_mean(page, base_url):
    page.goto(base_url + "/?q=kremlinn&outlet=LBC")
    assert page.locator(".empty h2").inner_text() == "No articles found"
    page.get_by_role("link", name="Search again without the filters").is_visible()
    page.get_by_role("link", name="kremlin").click()
    page.wait_for_url(re.compile(r"q=kremlin&"))
    assert len(titles(page)) == 1


def test_unreadable_query_gets_a_message_not_an_error_page(page, base_url):
    response = page.goto(base_url + "/?q=date:banana")
    assert response.status == 400
    assert "cannot read the date 'banana'" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Search articles").input_value() == "date:banana"
    page.script_errors.remove(
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    )


def test_browsing_lists_newest_first(page, base_url):
    page.goto(base_url)
    assert page.locator("h1.count").inner_text() == "3 articles, newest first"
    assert page.locator(".result time").all_inner_texts() == [
        "2025-02-10 15:52:00",
        "2025-02-03",
        "2025-02-03",
    ]


def test_usable_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(base_url + "/?q=putin")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # no sideways scrolling
    background = pg.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 24, 28)"  # the dark scheme follows the system setting
    context.close()


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not installed at {AXE}")
@pytest.mark.parametrize(
    "path",
    [
        "/?q=putin",
        "/",
        "/?q=zzzzqx",
        "/?q=date:banana",
        "article",
        "/words?q=putin",
        "/outlets",
        "/compare?q=putin&q=trump",
        "/advanced?q=putin",
    ],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, base_url, path, scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)  # to inject axe
    pg = context.new_page()
    if path == "article":
        pg.goto(base_url + "/?q=putin")
        pg.locator(".result-title a").first.click()
        pg.wait_for_url(re.compile("/articles/"))
    else:
        pg.goto(base_url + path)
    pg.wait_for_load_state("networkidle")  # (one run of many met a serious violation; not reproduced)
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("async () => await axe.run(document)")
    serious = [
        (v["id"], v["impact"], [n["html"][:120] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert serious == []
