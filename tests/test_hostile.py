"""Untrusted text: hostile markup in articles and queries is indexed, found and shown as text."""

from __future__ import annotations

import json
import threading

import pytest
from markupsafe import escape

from .test_browser import ARGS, CHROMIUM

HOSTILE_TITLE = 'Quarterly <script>alert("t")</script> report "><svg onload=alert(2)>'
HOSTILE_BODY = (
    "The grain report <img src=x onerror=alert(1)> was filed. "
    'Click <a href="javascript:alert(3)">here</a> for more. '
    "Direction \u202egnihtemos\u202c override. Grain prices rose <b>sharply</b> today."
)


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    from searchapp.index import build_index

    root = tmp_path_factory.mktemp("hostile")
    (root / "seeds").mkdir()
    record = {"id": "evil-1", "title": HOSTILE_TITLE, "body": HOSTILE_BODY, "url": "javascript:alert(4)"}
    copy = {**record, "id": "evil-2", "outlet": "<img src=x onerror=alert(5)>"}  # named as a copy
    (root / "seeds" / "evil.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(copy) + "\n")
    build_index(root / "seeds", root / "ix")
    return root / "ix"


@pytest.fixture(scope="module")
def hostile_client(hostile_index):
    from searchapp.app import create_app

    return create_app({"INDEX_DIR": str(hostile_index)}).test_client()


def test_json_snippets_escape_article_markup(hostile_client):
    [hit] = hostile_client.get("/api/search", query_string={"q": "grain"}).get_json()["results"]
    assert hit["title"] == HOSTILE_TITLE  # JSON carries the text itself; clients must escape it
    assert hit["title_html"] == str(escape(HOSTILE_TITLE))  # and as HTML, escaped
    snippet = hit["snippet"]
    assert "<img" not in snippet and "<a " not in snippet and "<b>" not in snippet
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet and "<mark>grain</mark>" in snippet
    [hit] = hostile_client.get("/api/search", query_string={"q": "report alert"}).get_json()["results"]
    assert hit["title_html"] == str(escape(HOSTILE_TITLE)).replace("report", "<mark>report</mark>").replace(
        "alert", "<mark>alert</mark>"
    )


@pytest.mark.parametrize("path", ["/?q=grain", "/articles/evil-1?q=grain"])
def test_pages_show_hostile_text_as_text(hostile_client, path):
    html = hostile_client.get(path).get_data(as_text=True)
    for raw in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:', "<b>sharply"):
        assert raw not in html
    assert "&lt;script&gt;" in html
    assert "Same story also in" in html and "&lt;img src=x onerror=alert(5)&gt;" in html  # the copy's outlet


@pytest.mark.parametrize(
    "q", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "date:<svg/onload=alert(1)>"]
)
def test_hostile_queries_are_echoed_escaped(hostile_client, q):
    page = hostile_client.get("/", query_string={"q": q})
    html = page.get_data(as_text=True)
    assert page.status_code in (200, 400)
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg/onload" not in html
    form = hostile_client.get("/advanced", query_string={"q": q, "near_a": q})  # (a 400: refilled)
    html = form.get_data(as_text=True)
    assert form.status_code == 400 and "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(5)&gt;" in html  # (an outlet the form offers)
    api = hostile_client.get("/api/search", query_string={"q": q})  # JSON is data: echoed as is
    assert api.mimetype == "application/json" and api.headers["X-Content-Type-Options"] == "nosniff"
    assert api.get_json().get("query", q) == q


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
def test_no_script_runs_in_a_real_browser(hostile_index):
    playwright = pytest.importorskip("playwright.sync_api")
    from werkzeug.serving import make_server

    from searchapp.app import create_app

    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(hostile_index)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in ("/?q=grain", "/?q=%3Cscript%3Ealert(9)%3C/script%3E", "/articles/evil-1?q=grain"):
                page.goto(base + path)
                assert page.locator("main script, main img, main svg, main b").count() == 0
                assert page.locator("a[href^='javascript:']").count() == 0
            page.goto(base + "/?q=grain")
            assert "<script>" in page.locator(".result-title a").inner_text()  # shown, as text
            browser.close()
        assert dialogs == []
    finally:
        server.shutdown()


def _searched_apart(tmp_path, text: str, queries: list[str]) -> list[tuple[int, dict]]:
    """Each query's status and reply over an index of one article (`text`), searched in a process
    of its own limited to 3 GB and a minute (run_apart)."""
    from .conftest import run_apart

    seeds, index_dir = tmp_path / "seeds", tmp_path / "ix"
    seeds.mkdir()
    (seeds / "article.txt").write_text(text)
    script = f"""
import json
from pathlib import Path
from searchapp.app import create_app
from searchapp.index import build_index
build_index(Path({str(seeds)!r}), Path({str(index_dir)!r}))
client = create_app({{"INDEX_DIR": {str(index_dir)!r}}}).test_client()
replies = [client.get("/api/search", query_string={{"q": q}}) for q in {queries!r}]
print(json.dumps([[reply.status_code, reply.get_json()] for reply in replies]))
"""
    return [tuple(reply) for reply in json.loads(run_apart(script).splitlines()[-1])]


def test_a_chain_of_one_word_is_answered_within_memory(tmp_path):
    """`grain w/5 grain w/5 grain ...`: each link's occurrences count once. Marking had counted an
    occurrence again for each it met at every link (6 to the 40th spans here), past any memory:
    the server's, shared by all."""
    text = "Grain report\n\nThe grain grain grain grain grain grain grain prices rose.\n"
    [(status, data)] = _searched_apart(tmp_path, text, ["grain w/5 " * 40 + "grain"])
    assert status == 200 and data["total"] == 1, data
    assert data["results"][0]["snippet"].count("<mark>") == 1  # (the seven side by side: one mark)


def test_connectors_between_phrases_are_read_in_one_pass(tmp_path):
    """A quoted phrase as an operand has one reading: the pattern for one had 2 ways to read
    `"a b"`, so a run of them that failed to close (`lead:(` with no `)`) tried 2^n readings, for
    ever at 50 phrases."""
    text = "Grain report\n\nThe grain prices rose as the grain prices fell.\n"
    queries = [
        ("lead:(" * 83 + '"grain prices" w/5 ' * 50)[:1000],
        '"grain prices" w/5 ' * 40 + '"prices rose"',
    ]
    (unclosed, _), (status, data) = _searched_apart(tmp_path, text, queries)
    assert unclosed in (200, 400) and status == 200 and data["total"] == 1, data


def test_a_run_of_asterisks_is_one_wildcard(tmp_path):
    """`***ain` reads as `*ain`: 299 asterisks in a row had the wildcard's expression try every
    way to share a word's letters among them, for ever on each word it did not match."""
    text = "Grain report\n\nThe grain prices rose as the grains market closed.\n"
    queries = ["*" * 299 + "ain", "*" * 299 + "xq", "gr" + "*" * 299 + "ns"]
    replies = _searched_apart(tmp_path, text, queries)
    assert [(status, data.get("total")) for status, data in replies] == [(200, 1), (200, 0), (200, 1)]
