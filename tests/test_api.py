"""The JSON API over the seeds: a table of queries and the articles they must return."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import KI, LBC, MT


def sources(client, **params) -> list[str]:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return [hit["source"] for hit in response.get_json()["results"]]


@pytest.mark.parametrize(
    "params, expected",
    [
        # plain words: OR-ed, articles with more of the words first
        ({"q": "kellogg"}, {MT, KI, LBC}),
        ({"q": "Peskov Kremlin"}, [LBC]),
        ({"q": "Fox News Kellogg"}, [MT, LBC, KI]),  # LBC also cites "NBC News"
        ({"q": "Munich Security Conference Kellogg"}, [LBC, KI, MT]),
        ({"q": "running"}, []),  # stems match stems: "run" is nowhere in the seeds
        ({"q": "Crimean peninsula annexed"}, [MT]),
        # a whole sentence still finds the article even with words it lacks
        ({"q": "what did the kremlin spokesperson say about the phone call with trump"}, [LBC, MT, KI]),
        # phrases
        ({"q": '"rare earth"'}, [LBC]),
        ({"q": '"earth rare"'}, []),
        ({"q": '"going pretty well"'}, [KI]),
        ({"q": '"end the war" Kursk'}, [MT, LBC, KI]),
        # boolean
        ({"q": "kellogg AND fox"}, [MT]),
        ({"q": "kellogg NOT zelenskyy"}, {MT, KI}),
        ({"q": "kellogg -zelenskyy -zelensky"}, []),
        ({"q": "(peskov OR kursk) AND putin"}, {MT, LBC}),
        ({"q": "+azov"}, []),
        ({"q": "NOT kursk"}, {KI, LBC}),
        ({"q": "-kursk"}, {KI, LBC}),  # only exclusions: everything else, as NOT
        ({"q": "-outlet:lbc"}, {MT, KI}),
        # fields
        ({"q": "title:plan"}, [LBC]),
        ({"q": "outlet:lbc"}, [LBC]),
        ({"q": 'outlet:"moscow times" putin'}, [MT]),
        ({"q": "putin outlet:lbc outlet:kyiv"}, {LBC, KI}),  # one outlet an article: either
        ({"q": "outlet:lbc outlet:kyiv author:goncharova"}, [KI]),
        ({"q": "author:conroy"}, [LBC]),
        ({"q": "author:goncharova"}, [KI]),
        ({"q": "trump author:goncharova"}, [KI]),
        ({"q": "crimean outlet:lbc"}, []),  # the words must match too, within the outlet
        ({"q": "crimean date:2025-02"}, [MT]),
        ({"q": "the outlet:lbc"}, [LBC]),  # stop words only: the outlet's articles
        ({"q": "author:olena goncharova"}, [KI]),  # a name goes on where the field's names do
        ({"q": "outlet:kyiv independent"}, [KI]),
        ({"q": "outlet:the moscow times putin"}, [MT]),
        ({"q": "(outlet:moscow times) putin"}, [MT]),
        ({"q": "outlet:lbc kellogg"}, [LBC]),  # (no outlet "LBC Kellogg": a word of the text)
        ({"q": "outlet:lbc starmer~"}, [LBC]),
        # dates
        ({"q": "date:2025-02-03"}, {MT, KI}),
        ({"q": "date:[2025-02-01 TO 2025-02-05]"}, {MT, KI}),
        ({"q": "date:>2025-02-03"}, [LBC]),
        ({"q": "date:<2025-02-10"}, {MT, KI}),
        ({"q": "date:2025-02 putin"}, {MT, KI, LBC}),
        ({"q": "putin date:[2025-02-04 TO]"}, [LBC]),
        ({"q": "putin date:2025-02-03 date:2025-02-10"}, {MT, KI, LBC}),  # one date an article: either
        ({"q": "date:2025-02-03 date:[2025-02-09 TO 2025-02-11]"}, {MT, KI, LBC}),
        ({"q": "date:2025-02 date:>2025-02-03"}, [LBC]),  # a bound narrows
        ({"q": "date:>2025-02-01 date:<2025-02-05"}, {MT, KI}),  # two bounds: a range
        # wildcards and fuzzy
        ({"q": "negotiat*"}, {KI, LBC}),
        ({"q": "negotiat!"}, {KI, LBC}),  # (Nexis's root expander)
        ({"q": "*eskov"}, [LBC]),  # no letters first: matched against the word list
        ({"q": "?eskov"}, [LBC]),
        ({"q": "P*k?v"}, [LBC]),
        ({"q": "title:*lan"}, [LBC]),
        ({"q": "Zelenskiy~"}, {MT, KI, LBC}),
        ({"q": "Peskof~"}, [LBC]),
        ({"q": "title:pla*"}, [LBC]),  # in that field only
        ({"q": "title:kell*"}, []),  # Kellogg is in every body, no title
        ({"q": "title:Kellog~"}, []),
        # furniture is not searchable
        ({"q": "Kanye nuggets Piccadilly Invictus"}, []),
        # filters outside the query
        ({"q": "putin", "outlet": "LBC"}, [LBC]),
        ({"q": "putin", "outlet": ["LBC", "The Moscow Times"]}, {LBC, MT}),
        ({"q": "putin", "from": "2025-02-04"}, [LBC]),
        ({"q": "putin", "to": "2025-02-03"}, {MT, KI}),
        ({"q": "putin", "from": "2025-02-03", "to": "2025-02-03", "outlet": "LBC"}, []),
        # sorts and browsing
        ({"q": "putin", "sort": "newest"}, [LBC, MT, KI]),
        ({"q": "putin", "sort": "oldest"}, [MT, KI, LBC]),
        ({}, [LBC, MT, KI]),
        ({"sort": "oldest"}, [MT, KI, LBC]),
        ({"outlet": "The Kyiv Independent"}, [KI]),
    ],
)
def test_search_table(client, params, expected):
    found = sources(client, **params)
    if isinstance(expected, set):
        assert set(found) == expected and len(found) == len(expected)
    else:
        assert found == expected


def test_newest_first_breaks_same_day_ties_stably(client):
    assert sources(client, sort="newest")[0] == LBC


def test_response_shape(client):
    data = client.get("/api/search", query_string={"q": "kellogg", "per_page": 2}).get_json()
    assert set(data) == {
        "ok",
        "query",
        "total",
        "folded",
        "page",
        "per_page",
        "took_ms",
        "partial",
        "suggestion",
        "results",
        "facets",
    }
    assert (data["ok"], data["query"], data["total"], data["page"], data["per_page"]) == (
        True,
        "kellogg",
        3,
        1,
        2,
    )
    assert data["partial"] is False and data["suggestion"] is None
    hit = data["results"][0]
    fields = {"id", "source", "title", "outlet", "date", "added", "author", "url", "score", "title_html"}
    assert set(hit) == fields | {"snippet", "copies", "copy_count"}
    assert (hit["copies"], hit["copy_count"]) == ([], 0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", hit["added"])
    assert hit["score"] > data["results"][1]["score"] > 0
    lbc = client.get("/api/search", query_string={"q": "kellogg", "outlet": "LBC"}).get_json()["results"][0]
    assert (lbc["source"], lbc["date"], lbc["author"], lbc["outlet"]) == (
        LBC,
        "2025-02-10T15:52:00",
        "Will Conroy",
        "LBC",
    )
    assert lbc["url"].startswith("https://www.lbc.co.uk/news/") and lbc["title"].startswith(
        "Trump's Russia-Ukraine plan"
    )
    page2 = client.get("/api/search", query_string={"q": "kellogg", "per_page": 2, "page": 2}).get_json()
    assert [h["source"] for h in page2["results"]] == [
        s for s in [MT, KI, LBC] if s not in {h["source"] for h in data["results"]}
    ]


def test_facets(client):
    facets = client.get("/api/search", query_string={"q": "putin", "outlet": "LBC"}).get_json()["facets"]
    # outlet counts ignore the outlet filter itself, so that more outlets can be ticked
    assert facets["outlet"] == [
        {"value": "LBC", "count": 1},
        {"value": "The Kyiv Independent", "count": 1},
        {"value": "The Moscow Times", "count": 1},
    ]
    assert facets["date"] == {"interval": "day", "buckets": [{"start": "2025-02-10", "count": 1, "of": 1}]}
    everything = client.get("/api/search").get_json()["facets"]["date"]
    assert everything["buckets"] == [
        {"start": "2025-02-03", "count": 2, "of": 2},
        {"start": "2025-02-10", "count": 1, "of": 1},
    ]


def test_an_archive_of_decades_is_charted_by_year(tmp_path):
    """Over more than ten years the date facet counts years (months would be hundreds of bars),
    each with its articles (`of`) from all of that year; the page's bars link to their year."""
    records = [
        {"id": "a", "body": "Wheat rose.", "date": "1990-01-15"},
        {"id": "b", "body": "Oil rose.", "date": "1990-11-20"},
        {"id": "c", "body": "Wheat fell.", "date": "2005-06-01"},
        {"id": "d", "body": "Oil fell.", "date": "2005-12-20"},  # (months after the last match: its year's)
    ]
    client = _client_of(tmp_path, records)
    facet = client.get("/api/search", query_string={"q": "wheat"}).get_json()["facets"]["date"]
    assert facet == {
        "interval": "year",
        "buckets": [
            {"start": "1990-01-01", "count": 1, "of": 2},
            {"start": "2005-01-01", "count": 1, "of": 2},
        ],
    }
    page = client.get("/", query_string={"q": "wheat"}).get_data(as_text=True)
    assert "(by year)" in page and 'href="/?q=wheat&amp;from=1990-01-01&amp;to=1990-12-31"' in page


def test_the_timeline_gives_a_searchs_share_of_each_periods_articles(client):
    """`of`: the articles of the period that the filters allow, matching or not (Media Cloud's
    normalised attention), and the page's bars say the share."""

    def buckets(**params) -> list[dict]:
        return client.get("/api/search", query_string=params).get_json()["facets"]["date"]["buckets"]

    assert buckets(q="crimean") == [{"start": "2025-02-03", "count": 1, "of": 2}]  # MT of MT and KI
    assert buckets(q="crimean", outlet="The Moscow Times") == [{"start": "2025-02-03", "count": 1, "of": 1}]
    assert buckets(q="crimean", outlet=["The Moscow Times", "LBC"], to="2025-02-09")[0]["of"] == 1
    page = client.get("/", query_string={"q": "crimean"}).get_data(as_text=True)
    assert "1 article: 2025-02-03 (50% of the 2 then)</title>" in page
    assert "<title>50% of the 2 articles: 2025-02-03</title>" in page  # the share chart
    assert "highest: 50% (2025-02-03)" in page
    assert "Share of all articles" not in client.get("/").get_data(as_text=True)  # (all: 100%)


def snippet(client, q: str, source: str) -> str:
    data = client.get("/api/search", query_string={"q": q}).get_json()
    return next(h["snippet"] for h in data["results"] if h["source"] == source)


def test_highlight_marks_stems_and_escapes_the_rest(client):
    html = snippet(client, "negotiations", KI)
    assert "<mark>negotiate</mark>" in html and "<mark>negotiations</mark>" in html
    assert "&#34;good for both sides.&#34;" in html  # quotes from the article are escaped
    assert html.count("<mark>") == html.count("</mark>")
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")


def test_phrase_highlights_the_phrase_not_its_words_elsewhere(client):
    html = snippet(client, '"end the war"', MT)
    assert "<mark>end the war</mark>" in html
    assert "<mark>end</mark>" not in html and "<mark>war</mark>" not in html


def test_excluded_words_are_not_highlighted(client):
    html = snippet(client, "kellogg -peskov", KI)
    assert "<mark>Kellogg</mark>" in html


def test_title_only_match_shows_the_opening_lines(client):
    html = snippet(client, "title:explained", LBC)
    assert html.startswith("Donald Trump has said he is working on a plan") and "<mark>" not in html


def test_result_titles_are_highlighted(client):
    data = client.get("/api/search", query_string={"q": "plans explained"}).get_json()
    hit = next(h for h in data["results"] if h["source"] == LBC)
    assert hit["title"].startswith("Trump's Russia-Ukraine plan explained")
    assert hit["title_html"].startswith(
        "Trump&#39;s Russia-Ukraine <mark>plan</mark> <mark>explained</mark>:"
    )
    html = client.get("/", query_string={"q": "plans explained"}).get_data(as_text=True)
    assert "Russia-Ukraine <mark>plan</mark> <mark>explained</mark>" in html


def _client_over(seeds: Path, index: Path):
    """A test client of an index built from `seeds` alone."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    build_index(seeds, index)
    return create_app({"INDEX_DIR": str(index)}).test_client()


def _next_second() -> None:
    """Wait for the clock's next second: a rebuild dates the articles it adds to the second."""
    started = int(time.time())
    while int(time.time()) == started:
        time.sleep(0.02)


def _client_of(tmp_path: Path, records: list[dict]):
    """A test client of an index of the given JSON Lines records alone."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return _client_over(seeds, tmp_path / "ix")


def _snippets_over(tmp_path: Path, bodies: dict[str, str]) -> Callable[[str], dict[str, str]]:
    """A search over articles of the given bodies by id: each hit's snippet by id, in rank order."""
    return _snippets_of(_client_of(tmp_path, _reports(bodies)))


def _reports(bodies: dict[str, str]) -> list[dict[str, str]]:
    return [{"id": id_, "title": "Report", "body": body} for id_, body in bodies.items()]


def _snippets_of(client) -> Callable[[str], dict[str, str]]:
    """A search through `client`: each hit's snippet by id, in rank order."""

    def found(q: str) -> dict[str, str]:
        data = client.get("/api/search", query_string={"q": q}).get_json()
        return {hit["id"]: hit["snippet"] for hit in data["results"]}

    return found


def test_long_articles_are_highlighted_beyond_32k(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    filler = "Nothing to see in this sentence at all. " * 1200  # ~48K characters
    (seeds / "long.txt").write_text(f"A very long report indeed\n\n{filler}The zeppelin landed at dawn.\n")
    client = _client_over(seeds, tmp_path / "ix")
    [hit] = client.get("/api/search", query_string={"q": "zeppelin"}).get_json()["results"]
    assert "The <mark>zeppelin</mark> landed at dawn." in hit["snippet"]


def test_snippet_sentences_end_at_blank_lines():
    from searchapp.highlight import Terms, snippet

    text = (
        "The opening sentence. Another one follows.\n\nA paragraph about nothing.\n\n"
        "Zeppelin spotted over the harbour\n\nWitnesses said it flew low. The zeppelin then left."
    )
    html = snippet(text, Terms(stems=frozenset({"zeppelin"})))
    assert html == "… <mark>Zeppelin</mark> spotted over the harbour … The <mark>zeppelin</mark> then left."
    assert snippet(text, Terms(stems=frozenset({"absent"}))).startswith("The opening sentence. Another")


def test_snippet_paragraphs_start_at_indented_lines():
    """Wire copy is wrapped, with paragraphs (and table rows) starting on indented lines."""
    from searchapp.highlight import Terms, snippet

    text = (
        "Grain stocks were reported in\nelevators as follows.\n"
        "    Wheat   7743   8154\n    Corn    1296   2046\n"
        "    Stocks of corn fell, traders\nsaid. Barley was steady.\n"
    )
    html = snippet(text, Terms(stems=frozenset({"corn"})))
    assert html == "… <mark>Corn</mark>    1296   2046 … Stocks of <mark>corn</mark> fell, traders\nsaid. …"


def test_snippets_use_the_sentences_stored_at_indexing(app, client):
    """Articles are split into sentences once, when indexed; snippets are those of splitting now."""
    from searchapp.highlight import snippet
    from searchapp.sentences import split, unpack

    engine = app.extensions["searchapp"]
    stored = list(engine.searcher().reader().all_stored_fields())
    assert sum(len(unpack(fields["sentences"])) for fields in stored) > 50
    assert all(unpack(fields["sentences"]) == split(fields.get("body", "")) for fields in stored)
    for q in ("negotiations", "trump putin", '"end the war"', "ukraine -kellogg"):
        for hit in client.get("/api/search", query_string={"q": q}).get_json()["results"]:
            body = client.get(f"/api/articles/{hit['id']}").get_json()["article"]["body"]
            assert hit["snippet"] == snippet(body, engine.terms(q))


def test_a_query_of_stop_words_matches_them_as_written(client):
    """The stop list would leave nothing to rank; "only" must still find the articles with it."""
    every = client.get("/api/search", query_string={"per_page": 100}).get_json()["results"]
    bodies = [client.get(f"/api/articles/{hit['id']}").get_json()["article"]["body"] for hit in every]
    having = sum(bool(re.search(r"\bonly\b", body, re.I)) for body in bodies)
    data = client.get("/api/search", query_string={"q": "only"}).get_json()
    assert having and data["total"] == having
    assert all("<mark>only</mark>" in hit["snippet"].lower() for hit in data["results"])
    ranked = client.get("/api/search", query_string={"q": "only kremlin"}).get_json()
    assert all("<mark>only</mark>" not in hit["snippet"].lower() for hit in ranked["results"])


def test_did_you_mean(client):
    data = client.get("/api/search", query_string={"q": "Peskof kremlinn"}).get_json()
    assert data["total"] == 0 and data["suggestion"] == "peskov kremlin"
    assert client.get("/api/search", query_string={"q": "kremlin"}).get_json()["suggestion"] is None

    def suggestion(q: str) -> str | None:
        return client.get("/api/search", query_string={"q": q}).get_json()["suggestion"]

    assert suggestion("title:Peskof outlet:lbc") == "title:peskov outlet:lbc"
    assert suggestion("outlet:lbcc") == "outlet:lbc" and suggestion("author:Conory") == "author:conroy"
    assert suggestion("outlet:peskof") is None  # names from names only
    assert suggestion("Peskof~ kremlinn*") is None
    assert suggestion("whitehouse peaceplan") == "white house peace plan"  # words run together
    assert suggestion("kremlin whitehouse") == "kremlin white house"


def test_did_you_mean_whatever_the_other_words_found(tmp_path):
    """A word the index has never seen is in none of the results, however many the other words
    find: the correction is offered, on the page too. A spelling the synonyms list gives is
    not corrected: it found its line's other spellings."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    bodies = [
        "Brazil's coffee harvest.",
        "Brazil exports.",
        "Brazil votes.",
        "Brazil and Gaddafi.",
        "Coffee prices.",
    ]
    (seeds / "a.jsonl").write_text(
        "".join(json.dumps({"id": str(n), "body": b}) + "\n" for n, b in enumerate(bodies))
    )
    (seeds / "synonyms.txt").write_text("Gaddafi, Gadhafi\n")
    client = _client_over(seeds, tmp_path / "ix")
    data = client.get("/api/search", query_string={"q": "coffe brazil"}).get_json()
    assert data["total"] == 4 and data["suggestion"] == "coffee brazil"
    page = client.get("/", query_string={"q": "coffe brazil"}).get_data(as_text=True)
    assert 'Did you mean <a href="/?q=coffee+brazil">coffee brazil</a>?' in page
    data = client.get("/api/search", query_string={"q": "Gadhafi"}).get_json()
    assert data["total"] == 1 and data["suggestion"] is None


def test_angle_brackets_bound_only_a_fields_value(client):
    """`<` and `>` are bounds right after a field's colon (`date:>2025-02-05`); elsewhere, as in
    pasted markup, they are punctuation (Whoosh's parser had failed on a leading "<")."""
    putin = client.get("/api/search", query_string={"q": "putin"}).get_json()["total"]
    for q in ("<b>putin</b>", "(<i>putin)"):
        response = client.get("/api/search", query_string={"q": q})
        assert response.status_code == 200 and response.get_json()["total"] == putin, q
    dated = client.get("/api/search", query_string={"q": "date:>2025-02-05"}).get_json()
    assert [hit["date"][:10] for hit in dated["results"]] == ["2025-02-10"]


def test_operators_in_a_row_are_a_clear_400(client):
    """Whoosh's parser fails on NOT followed by another operator; the message says what to mend
    rather than what failed inside the parser."""
    for q, said in (
        ("NOT AND putin", "NOT needs a word after it, not AND"),
        ("trump NOT NOT putin", "NOT needs a word after it, not NOT"),
        ("trump ANDNOT ANDMAYBE putin", "ANDNOT needs a word after it, not ANDMAYBE"),
    ):
        response = client.get("/api/search", query_string={"q": q})
        assert response.status_code == 400 and response.get_json()["error"] == said, q
    assert client.get("/api/search", query_string={"q": "trump AND NOT putin"}).status_code == 200


def test_compare_searches_over_time(client):
    """/api/compare: two to five searches' matches period by period under the same filters,
    with each period's articles (`of`); every match is in one bucket; the page shows them side
    by side, escaped, and a bad search is a 400 in the form."""

    def compare(*queries: str, **filters: str) -> Any:
        return client.get("/api/compare", query_string=[*(("q", q) for q in queries), *filters.items()])

    data = compare("trump", "putin").get_json()
    assert data["ok"] and data["interval"] == "day" and not data["partial"]
    totals = [q["total"] for q in data["queries"]]
    assert [q["q"] for q in data["queries"]] == ["trump", "putin"] and totals == [
        client.get("/api/search", query_string={"q": q}).get_json()["total"] for q in ("trump", "putin")
    ]
    assert [sum(b["counts"][n] for b in data["buckets"]) for n in (0, 1)] == totals
    assert all(max(b["counts"]) <= b["of"] for b in data["buckets"])
    assert sum(b["of"] for b in data["buckets"]) == 3  # (every seed article is dated, and each matched one)
    narrowed = compare("trump", "putin", outlet="LBC").get_json()
    assert [q["total"] for q in narrowed["queries"]] == [1, 1] and [b["of"] for b in narrowed["buckets"]] == [
        1
    ]
    # Outlet by outlet: those with any match, the most first (then by name), each with its articles.
    by_outlet = {o["name"]: o for o in data["outlets"]}
    assert [sum(o["counts"][n] for o in data["outlets"]) for n in (0, 1)] == totals
    assert [o["name"] for o in data["outlets"]] == sorted(
        by_outlet, key=lambda name: (-sum(by_outlet[name]["counts"]), name)
    )
    assert all(o["of"] == 1 for o in data["outlets"])  # (an article each in the seeds)
    assert narrowed["outlets"] == [{"name": "LBC", "of": 1, "counts": [1, 1]}]
    # As CSV for a spreadsheet: a table a download, a search that reads as a formula made inert.
    response = compare("trump", "-putin", format="csv", by="outlet", outlet="LBC")
    assert (
        response.mimetype == "text/csv" and "compare-by-outlet.csv" in response.headers["Content-Disposition"]
    )
    assert response.get_data(as_text=True).splitlines() == ["outlet,trump,'-putin,all articles", "LBC,1,0,1"]
    by_period = compare("trump", "putin", format="csv").get_data(as_text=True).splitlines()
    assert by_period == ["period,trump,putin,all articles"] + [
        ",".join(map(str, [b["start"], *b["counts"], b["of"]])) for b in data["buckets"]
    ]
    for bad in (
        compare("trump", "putin", format="xlsx"),
        compare("trump", "putin", format="csv", by="author"),
    ):
        assert bad.status_code == 400 and "use" in bad.get_json()["error"]

    for bad in (compare("trump"), compare(*"abcdef"), compare("trump", "date:banana")):
        assert bad.status_code == 400 and bad.get_json()["error"]
    page = client.get("/compare", query_string=[("q", "trump"), ("q", "<b>putin</b>")])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "&lt;b&gt;putin&lt;/b&gt;" in html and "<b>putin" not in html
    assert html.count('<th scope="row">') == len(data["buckets"]) + len(data["outlets"])
    assert '<th scope="row"><a href="/?outlet=LBC">LBC</a></th>' in html
    assert (
        'href="/api/compare?q=trump&amp;q=%3Cb%3Eputin%3C%2Fb%3E&amp;format=csv&amp;by=outlet" download'
        in html
    )
    assert client.get("/compare").status_code == 200  # the form, to fill in
    bad = client.get("/compare", query_string=[("q", "trump"), ("q", "date:banana")])
    assert bad.status_code == 400 and "cannot read the date" in bad.get_data(as_text=True)
    results = client.get("/", query_string={"q": "trump", "outlet": "LBC", "sort": "oldest"}).get_data(
        as_text=True
    )
    assert 'href="/compare?q=trump&amp;q=&amp;outlet=LBC">Compare with another search</a>' in results
    form = client.get("/compare", query_string=[("q", "trump"), ("q", ""), ("outlet", "LBC")]).get_data(
        as_text=True
    )
    assert '<input type="hidden" name="outlet" value="LBC">' in form and "Only articles from LBC" in form


def test_a_phrase_finds_the_word_in_the_possessive(client):
    """The phrase "end Russia" finds "end Russia's": as written, "Russia's" is "Russia"."""
    data = client.get("/api/search", query_string={"q": '"end Russia"'}).get_json()
    assert data["total"] >= 1 and data["suggestion"] is None
    assert all(re.search(r"<mark>end Russia(&#39;|’)s</mark>", hit["snippet"]) for hit in data["results"])


def test_accented_possessive_and_inflected_words_are_not_corrected(tmp_path):
    """Did-you-mean looks words up as the index has them ("Zürich's" is "zurich"), and leaves a
    word the search found in another form ("banker" found "bankers")."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "z.txt").write_text(
        "Bankers meet in Zürich\n\nZürich's bankers met on Monday. The café was full.\n"
    )
    client = _client_over(seeds, tmp_path / "ix")
    for q in ("Zürich", "zurich", "Zürich's", "Zürich’s", "café", "banker", "meeting"):
        data = client.get("/api/search", query_string={"q": q}).get_json()
        assert data["total"] == 1 and data["suggestion"] is None, q
    assert client.get("/api/search", query_string={"q": "Zurick"}).get_json()["suggestion"] == "zurich"


def test_words_found_together_in_a_passage_rank_first(tmp_path):
    """Two articles alike in length and in how often they use each word: the one whose words stand
    in the same passage ranks first, though too far apart for the side-by-side bonus (8 words)."""
    filler = [f"filler{n}" for n in range(200)]

    def body(gap: int) -> str:
        words = ["Ceasefire", *filler[:gap], "Gaza", *filler[gap:]]
        return " ".join(words) + "."

    records = [{"id": id_, "title": "Report", "body": body(gap)} for id_, gap in (("far", 150), ("near", 20))]
    client = _client_of(tmp_path, records)
    results = client.get("/api/search", query_string={"q": "ceasefire gaza", "copies": "show"}).get_json()[
        "results"
    ]
    assert [hit["id"] for hit in results] == ["near", "far"]


def test_articles_with_both_words_of_a_two_word_query_come_first(tmp_path):
    """BM25 alone ranks an article that repeats the rare word in its title and body above one
    that has both words once each; a search box user expects the second first."""
    records = [
        {"id": "one-word", "title": "Tariffs, tariffs", "body": "Tariffs and more tariffs. " * 5},
        {
            "id": "both-words",
            "title": "Report",
            "body": "Tariffs were raised. " + "Filler words. " * 40 + "Trump said.",
        },
    ]
    records += [{"id": f"other{n}", "title": "News", "body": f"Trump spoke at event {n}."} for n in range(8)]
    client = _client_of(tmp_path, records)
    results = client.get("/api/search", query_string={"q": "tariffs trump"}).get_json()["results"]
    assert [hit["id"] for hit in results[:2]] == ["both-words", "one-word"]


def test_a_wildcard_is_one_typed_word_however_completed(tmp_path):
    """A wildcard counts as one word of the query: the articles with it and the other words come
    first, and an article of many completions (summed, they outranked every other word) ranks
    by its best one."""
    records = [
        {"id": "completions", "title": "Talks", "body": "Negotiators negotiated; negotiations, negotiating."},
        {
            "id": "both",
            "title": "Trade",
            "body": "Tariffs were the subject of negotiations. " + "Filler words. " * 30,
        },
        {"id": "tariffs", "title": "Trade", "body": "Tariffs rose. " + "Filler words. " * 30},
    ]
    records += [{"id": f"other{n}", "title": "News", "body": f"Negotiations at event {n}."} for n in range(8)]
    client = _client_of(tmp_path, records)

    def ids(q: str) -> list[str]:
        return [hit["id"] for hit in client.get("/api/search", query_string={"q": q}).get_json()["results"]]

    assert ids("negotiat* tariffs")[:1] == ["both"]
    assert ids("*tiations tariffs")[:1] == ["both"]
    assert ids("tariffs negotiat*")[:3] == ["both", "tariffs", "completions"]


def test_an_acronym_finds_itself_with_or_without_periods(tmp_path):
    """ "UK" finds "U.K." and "U.S.A." finds "USA", each marked as written, in a phrase too; but
    "PM" is not "p.m.", nor "AM" "a.m."."""
    bodies = {
        "dotted": "The U.K. economy grew, the U.S.A. said.",
        "plain": "The UK economy grew, the USA said.",
        "time": "Markets closed at 4 p.m. on Friday, and opened at 9 a.m. on the radio.",
        "pm": "The PM spoke on Friday.",
        "am": "The AM radio station closed.",
    }
    found = _snippets_over(tmp_path, bodies)

    for q in ("UK economy", "U.K. economy", "usa"):
        hits = found(q)
        assert set(hits) == {"dotted", "plain"}, q
    assert "<mark>U.K.</mark>" in found("UK")["dotted"] and "<mark>UK</mark>" in found("U.K.")["plain"]
    assert "<mark>U.S.A.</mark>" in found("USA")["dotted"]
    assert set(found("PM")) == {"pm"} and set(found("p.m.")) == {"time"}
    assert list(found("AM station")) == ["am"]
    for q in ('"UK economy"', '"U.K. economy"'):  # in a phrase too
        hits = found(q)
        assert set(hits) == {"dotted", "plain"} and "<mark>U.K. economy</mark>" in hits["dotted"], q
    assert set(found('"4 p.m."')) == {"time"} and set(found('"the PM spoke"')) == {"pm"}


def test_numbers_and_names_are_found_as_written(tmp_path):
    """ "1.5 billion" is not "15 billion", "3M" is not "3", and "S&P" and "AT&T" are names to find
    (their letters alone are single characters, or a stop word), marked whole."""
    bodies = {
        "decimal": "Exports rose 1.5 billion dollars, or 2.5 pct, to £3.5bn.",
        "whole": "Exports rose 15 billion dollars, or 25 pct, in 3 days.",
        "company": "3M filed its 10K for the 1st quarter.",
        "names": "The S&P 500 fell as AT&T slid; R&D spending and M&A deals were flat.",
        "letters": "At the start, S and P were the letters on the sign.",
    }
    found = _snippets_over(tmp_path, bodies)

    assert list(found("1.5 billion")) == ["decimal", "whole"]  # "billion" alone still counts
    assert set(found('"1.5 billion"')) == {"decimal"} and set(found("2.5")) == {"decimal"}
    assert "<mark>1.5</mark>" in found("1.5")["decimal"] and set(found("15")) == {"whole"}
    assert set(hits := found("3M")) == {"company"} and "<mark>3M</mark>" in hits["company"]
    assert set(found("10k")) == {"company"} and set(found("3")) == {"whole"}
    assert set(hits := found("3.5bn")) == {"decimal"} and "£<mark>3.5bn</mark>" in hits["decimal"]
    for q, marked in [
        ("S&P", "S&amp;P"),
        ("AT&T", "AT&amp;T"),
        ("at&t slid", "AT&amp;T"),
        ("M&A", "M&amp;A"),
    ]:
        hits = found(q)
        assert list(hits)[0] == "names" and f"<mark>{marked}</mark>" in hits["names"], q
        assert "letters" not in hits, q


def test_a_fuzzy_word_ranks_its_own_spelling_first(tmp_path):
    """`opec~` finds the near spellings too, but an article saying OPEC ranks above one saying
    only a rarer near-miss, or two of them (scored at their own IDF, the rarest ranked first)."""
    bodies = {
        **{f"opec{n}": f"The OPEC meeting ended, report {n} said." for n in range(4)},
        "opel": "The Opel plant, and its Oper. unit, ended the meeting.",
        "none": "The meeting ended.",
    }
    found = _snippets_over(tmp_path, bodies)

    hits = list(found("opec~"))
    assert set(hits) == {"opec0", "opec1", "opec2", "opec3", "opel"} and hits[-1] == "opel"
    assert list(found("Opel~"))[0] == "opel"  # (the typed spelling counts most, however rare)
    assert set(found("apec~")) == set()  # the first letter stands: a typo seldom hits it


def test_a_stop_word_in_capitals_is_an_acronym(tmp_path):
    """ "WHO" and "IT" in a text with lowercase letters are the organisation and the trade, not
    the pronouns; typed in capitals, with other words or alone, they find just those. In a text
    written in capitals, even with the odd "mln", there is no telling: they stay stop words."""
    bodies = {
        "agency": "The WHO said the virus spread. IT budgets rose in the US.",
        "pronoun": "Those who said it spread were wrong about the virus, they told us.",
        "shouting": "THOSE WHO SAID IT SPREAD",
        "wire": "THE BANK SAID IT SET THE RATE AT 844.30 WON, UP 2.5 mln FROM THE DAY BEFORE",
    }
    found = _snippets_over(tmp_path, bodies)

    assert set(hits := found("WHO")) == {"agency"} and "The <mark>WHO</mark> said" in hits["agency"]
    assert list(found("WHO virus")) == ["agency", "pronoun"]  # the pronoun counts for nothing
    assert set(hits := found("IT budgets")) == {"agency"} and "<mark>IT</mark>" in hits["agency"]
    assert set(found("IT")) == {"agency"}
    for q in ("US", "us", "VIRUS IN US"):  # typed, "us" is the country
        hits = found(q)
        assert "<mark>US</mark>" in hits["agency"] and "<mark>us</mark>" not in hits.get("pronoun", ""), q
    assert set(found('"told us"')) == {"pronoun"}
    assert set(found('"who said"')) == {"agency", "pronoun", "shouting"}  # quoted: as written
    assert set(found('"said it"')) == {"pronoun", "shouting", "wire"}


def test_names_keep_their_capitals_and_us(tmp_path):
    """An outlet's or author's name is matched as written: `outlet:US` is "US Weekly", not U.S.
    (only the ranked text reads "US" and "WHO" as acronyms), in a group of names too, which
    restricts the results as one name does."""
    records = [
        {"id": "weekly", "title": "Markets", "body": "Stocks rose.", "outlet": "US Weekly"},
        {
            "id": "who",
            "title": "Markets",
            "body": "Stocks fell.",
            "outlet": "WHO News",
            "author": "Us Bandar",
        },
        {"id": "gazette", "title": "Markets", "body": "Stocks rose in the US.", "outlet": "Gazette"},
    ]
    client = _client_of(tmp_path, records)

    def ids(q: str) -> list[str]:
        return sorted(
            hit["id"] for hit in client.get("/api/search", query_string={"q": q}).get_json()["results"]
        )

    assert ids("outlet:us") == ids("stocks outlet:US") == ["weekly"]
    assert ids("outlet:WHO") == ["who"] and ids("author:us") == ["who"]
    assert ids("outlet:(us OR gazette)") == ["gazette", "weekly"]  # in a field's group too
    assert ids("stocks outlet:(WHO OR US)") == ["weekly", "who"] and ids("author:(us)") == ["who"]
    assert ids("body:US") == ids("body:us") == ["gazette"]


def test_a_quoted_phrase_after_title_must_stand_in_the_title(tmp_path):
    """`title:"peace talks"` finds the phrase in titles only, and restricts as `title:word` does
    (quoted phrases search the title and body together)."""
    records = [
        {"id": "title", "title": "Peace talks resume in Geneva", "body": "Delegates met."},
        {"id": "body", "title": "Markets rally", "body": "Investors cheered the peace talks in Geneva."},
        {"id": "apart", "title": "Peace and talks", "body": "Talks of peace in Geneva."},
    ]
    client = _client_of(tmp_path, records)

    def ids(q: str) -> list[str]:
        return sorted(
            hit["id"] for hit in client.get("/api/search", query_string={"q": q}).get_json()["results"]
        )

    assert ids('title:"peace talks"') == ids('geneva title:"Peace Talks"') == ["title"]
    assert ids('"peace talks"') == ["body", "title"]
    assert ids('title:("peace talks" OR rally)') == ["body", "title"]
    assert ids('title:"talks resume"~2 delegates') == ["title"]


def test_russian_and_ukrainian_words_match_in_any_form(tmp_path):
    """Words in Cyrillic are stemmed by Snowball's Russian stemmer (Ukrainian shares most of its
    endings), less Russian and Ukrainian stop words: "президента" finds "Президент", and the
    form found is what gets marked. ё is е, but й stays a letter of its own."""
    bodies = {
        "ru": "Президент России Владимир Путин заявил, что переговоры с Украиной возможны. Новый закон.",
        "uk": "Президент України Володимир Зеленський заявив, що війна закінчиться.",
        "en": "The president said that talks were possible.",
    }
    client = _client_of(tmp_path, _reports(bodies))
    found = _snippets_of(client)

    assert found("президента").keys() == {"ru", "uk"}
    assert "<mark>Президент</mark> России" in found("президента")["ru"]
    assert "<mark>переговоры</mark>" in found("переговорах")["ru"]
    assert "<mark>Украиной</mark>" in found("украина")["ru"]
    assert "<mark>війна</mark>" in found("війни")["uk"]
    assert found("Зеленського").keys() == {"uk"}
    assert found("нового").keys() == found("новый").keys() == {"ru"}
    completions = client.get("/api/complete", query_string={"q": "путин чт"}).get_json()
    assert completions["completions"] == []  # "что" is a stop word
    assert found("president").keys() == {"en"}
    page = client.get("/articles/uk", query_string={"q": "війни"}).get_data(as_text=True)
    assert "що <mark>війна</mark> закінчиться" in page


def test_text_files_saved_in_a_windows_code_page_are_read_in_it(tmp_path):
    """A text in Cyrillic that an older Windows tool saved (cp1251) had read as cp1252's accented
    Latin ("Ïðåçèäåíò"); one saved in KOI8-R or KOI8-U (Unix, mail, early Russian web) is read
    in that; a French one in cp1252 must stay cp1252."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    ru = "Переговоры в Москве\n\nПрезидент заявил сегодня о новых переговорах в Москве с делегацией.\n"
    (seeds / "ru.txt").write_bytes(ru.encode("cp1251"))
    koi8r = "Выборы в Думе\n\nДепутаты обсудили сегодня новый закон о выборах в Государственную думу.\n"
    (seeds / "koi8r.txt").write_bytes(koi8r.encode("koi8_r"))
    koi8u = "Вибори у Києві\n\nДепутати обговорили сьогодні новий закон про вибори до міської ради.\n"
    (seeds / "koi8u.txt").write_bytes(koi8u.encode("koi8_u"))
    fr = "Le café ferme\n\nLe café du coin a fermé ses portes après trente années de service à Genève.\n"
    (seeds / "fr.txt").write_bytes(fr.encode("cp1252"))
    client = _client_over(seeds, tmp_path / "ix")
    [hit] = client.get("/api/search", query_string={"q": "переговоры"}).get_json()["results"]
    assert hit["title"] == "Переговоры в Москве" and "<mark>переговорах</mark>" in hit["snippet"]
    [hit] = client.get("/api/search", query_string={"q": "café genève"}).get_json()["results"]
    assert hit["title"] == "Le café ferme"
    [hit] = client.get("/api/search", query_string={"q": "выборах"}).get_json()["results"]
    assert hit["title"] == "Выборы в Думе"
    [hit] = client.get("/api/search", query_string={"q": "міської ради"}).get_json()["results"]
    assert hit["title"] == "Вибори у Києві"


def test_russian_ukrainian_and_dotted_dates_are_read(tmp_path):
    """A Russian or Ukrainian page's dateline ("3 февраля 2025 года, 15:52") dates it, and a
    dotted date is day first, as everywhere dates are dotted ("03.02.2025" had read as 2 March)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = "Президент заявил сегодня о новых переговорах в Москве с делегацией из соседней страны."
    (seeds / "ru.txt").write_text(
        f"Переговоры в Москве\n\nОпубликовано: 3 февраля 2025 года, 15:52\n\n{body}\n"
    )
    uk = "Президент заявив сьогодні про нові переговори у Києві з делегацією сусідньої країни."
    (seeds / "uk.txt").write_text(f"Переговори у Києві\n\n4 лютого 2025 р. о 09:10\n\n{uk}\n")
    (seeds / "de.jsonl").write_text(
        json.dumps({"id": "de", "title": "Gespräche", "body": "Gespräche.", "date": "05.02.2025"}) + "\n"
    )
    client = _client_over(seeds, tmp_path / "ix")
    dates = {
        h["id"]: h["date"]
        for h in client.get("/api/search", query_string={"per_page": 10}).get_json()["results"]
    }
    assert sorted(dates.values()) == ["2025-02-03T15:52:00", "2025-02-04T09:10:00", "2025-02-05"]
    narrowed = client.get("/api/search", query_string={"from": "2025-02-04", "to": "2025-02-04"}).get_json()
    assert [h["title"] for h in narrowed["results"]] == ["Переговори у Києві"]


def test_words_near_each_other_in_any_order(tmp_path):
    """`"a b"~N`: the words within N moves of the phrase, in either order (one word between is
    1, swapped is 2), as Lucene, Elasticsearch and Media Cloud read it; only the occurrences
    near each other are marked, in snippets and on the article page."""
    bodies = {
        "phrase": "The Putin Zelensky summit was called off.",
        "ordered": "Putin met with Zelensky in Geneva.",
        "reversed": "Zelensky rejected Putin's offer.",
        "apart": "Putin spoke for an hour about taxes, farming, roads, schools and the army before Zelensky.",
        "twice": "Putin and Zelensky met. In a long speech about taxes, farming, roads and schools, Putin spoke.",
    }
    client = _client_of(tmp_path, _reports(bodies))
    found = _snippets_of(client)

    assert found('"putin zelensky"~0').keys() == found('"putin zelensky"').keys() == {"phrase"}
    assert found('"putin zelensky"~2').keys() == {"phrase", "ordered", "twice"}
    assert found('"putin zelensky"~3').keys() == {"phrase", "ordered", "twice", "reversed"}
    assert found('"zelensky putin"~1').keys() == {"reversed"}
    assert found('"putin zelensky"~99999999').keys() == set(bodies)  # (read as 1,000: anywhere here)
    assert (
        "<mark>Zelensky</mark> rejected <mark>Putin&#39;s</mark>" in found('"putin zelensky"~3')["reversed"]
    )
    page = client.get("/articles/twice", query_string={"q": '"putin zelensky"~2'}).get_data(as_text=True)
    assert "<mark>Putin</mark> and <mark>Zelensky</mark> met" in page and page.count("<mark>") == 2
    assert (
        "The <mark>Putin Zelensky</mark> summit" in found('"zelensky putin"~2')["phrase"]
    )  # (side by side: one mark)
    html = client.get("/", query_string={"q": '"zelensky putin"~1'}).get_data(as_text=True)
    assert "1 article" in html and "<mark>Zelensky</mark> rejected <mark>Putin&#39;s</mark>" in html


def test_nexis_and_factiva_connectors(tmp_path):
    """`a w/N b` (Nexis; `/N`, `near/N`, Factiva's `nearN`): the words at most N words apart, either
    order, in any form with their stem or a truncation's, or a quoted phrase; `a pre/N b`
    (Factiva's `adjN`), the first before the second; `a not w/N b`, an a apart from every b; a
    side may be a group of them, `(tariffs OR "new duty")`. Every word counts, but title and body are
    apart. Only the occurrences near each other are marked; a connector that joins no two words
    is a 400."""
    records = [
        {"id": "close", "title": "Report", "body": "Tariffs on China rose."},
        {"id": "reversed", "title": "Report", "body": "China answered the new tariffs quickly."},
        {"id": "singular", "title": "Report", "body": "A tariff war with China began."},
        {
            "id": "far",
            "title": "Report",
            "body": "China spoke first. Weather, sport, food, music and films came up before tariffs.",
        },
        {"id": "apart", "title": "Talks on China", "body": "Tariffs were raised again near the port."},
        {"id": "duty", "title": "Report", "body": "A new duty on Chinese steel."},
    ]
    client = _client_of(tmp_path, records)
    found = _snippets_of(client)

    assert found("tariffs w/2 china").keys() == {"close"}
    assert found("tariffs w/4 china").keys() == {"close", "reversed", "singular"}
    assert (
        found("tariffs near/4 china").keys()
        == found("tariffs near4 china").keys()
        == {"close", "reversed", "singular"}
    )
    assert found("TARIFFS W/4 CHINA").keys() == {"close", "reversed", "singular"}
    assert found("tariffs /4 china").keys() == {"close", "reversed", "singular"}  # (Lexis's, Westlaw's)
    assert found("tariffs pre/4 china").keys() == found("tariffs adj4 china").keys() == {"close", "singular"}
    assert found("china pre/4 tariffs").keys() == {"reversed"}
    assert found("tariff* w/4 chin!").keys() == {"close", "reversed", "singular"}
    assert "far" not in found("china w/11 tariffs") and "far" in found("china w/12 tariffs")  # (12 words on)
    assert "apart" not in found("china w/99 tariffs")  # (title and body: no connector spans both)
    assert "apart" not in found('"china tariffs"')  # (nor a phrase)
    assert "<mark>Tariffs</mark> on <mark>China</mark> rose" in found("tariffs w/2 china")["close"]
    # A quoted phrase counts from its first word or its last: "new tariffs" begins 3 after China.
    assert found('china w/3 "new tariffs"').keys() == {"reversed"} and not found('china w/2 "new tariffs"')
    assert found('"new tariffs" w/3 china').keys() == {"reversed"} and not found('"new tariffs" pre/3 china')
    assert (
        "<mark>China</mark> answered the <mark>new tariffs</mark>"
        in found('"new tariffs" w/3 china')["reversed"]
    )
    # `a not w/N b`: an occurrence of a apart from every b (and in another sentence, or title and body)
    assert found("tariffs not w/4 china").keys() == found("tariffs NOT W/S china").keys() == {"far", "apart"}
    assert found("tariffs not w/12 china").keys() == {"apart"}
    assert "before <mark>tariffs</mark>" in found("tariffs not w/4 china")["far"]
    assert "<mark>China</mark>" not in found("tariffs not w/4 china")["far"]
    far = found("china w/12 tariffs")["far"]
    assert far.count("<mark>") == 2 and "films came up before <mark>tariffs</mark>" in far
    # A group of words, each in any form: any of them
    assert found("(tariffs OR duty) w/4 (china or chinese)").keys() == {
        "close",
        "reversed",
        "singular",
        "duty",
    }
    assert found("(tariff* OR levy) pre/4 (china)").keys() == {"close", "singular"}
    assert (
        "new <mark>duty</mark> on <mark>Chinese</mark> steel"
        in found("(tariffs OR duty) w/2 chinese")["duty"]
    )
    # ...and phrases, each counted by its own words: "new tariffs" begins 3 words after China
    assert (
        found('china w/3 (duty OR "new tariffs")').keys() == found('china w/3 ("new tariffs" OR duty)').keys()
    )
    assert found('china w/3 (duty OR "new tariffs")').keys() == {"reversed"}
    assert found('(duty OR "new tariffs") w/3 (china OR chinese)').keys() == {"reversed", "duty"}
    assert found('(duty OR "new tariffs") not w/3 china').keys() == {"duty"}
    assert (
        "<mark>China</mark> answered the <mark>new tariffs</mark>"
        in found('china w/3 (duty OR "new tariffs")')["reversed"]
    )
    page = client.get("/articles/singular", query_string={"q": "tariffs w/3 china"}).get_data(as_text=True)
    assert "A <mark>tariff</mark> war with <mark>China</mark> began" in page
    html = client.get("/", query_string={"q": "china pre/4 tariffs"}).get_data(as_text=True)
    assert "1 article" in html and "<mark>China</mark> answered the new <mark>tariffs</mark>" in html

    for bad, said in [
        ("tariffs w/5", "w/5 joins two words"),
        ("tariffs not w/2 china w/3 soybean", "cannot hold not w/N"),
        ("(trade war) w/5 china", "w/5 joins two words, quoted phrases or groups of them"),
        ("(t* OR duty) w/3 china", "too broad"),
        ("tariffs w/0 china", "1 or more words apart"),
        ("tariffs AND w/5 china", "w/5 joins two words"),  # (an operator is no word to join)
        ("author:(tariffs w/5 china)", "searches title and text together, the headline"),
        ("t* w/3 china", "too broad"),
    ]:
        response = client.get("/api/search", query_string={"q": bad})
        assert response.status_code == 400 and said in response.get_json()["error"], bad
    for typed in ("china near4 tariffs", "china adj4 tariffs", "china pre/4 tariffs"):
        assert client.get("/api/search", query_string={"q": typed}).get_json()["suggestion"] is None
    fixed = client.get("/api/search", query_string={"q": "china near4 tarifs"}).get_json()["suggestion"]
    assert fixed == "china near4 tariffs"


def test_a_negated_connector_at_the_start_of_the_index(tmp_path):
    """`a not w/N b` where a stands fewer than N words into the index's first document: b before
    it is still near (positions are unsigned there, and had wrapped round)."""
    records = [
        {"id": "first", "title": "China tariffs", "body": "Nothing else."},
        {"id": "other", "title": "Report", "body": "Tariffs rose."},
    ]
    client = _client_of(tmp_path, records)
    assert _snippets_of(client)("tariffs not w/3 china").keys() == {"other"}
    assert _snippets_of(client)("china w/3 tariffs w/3 china").keys() == {"first"}


def test_lexis_chains_of_connectors(tmp_path):
    """`a w/3 b w/5 c`, Lexis's chains: the connector of the smallest reach first (the smallest N,
    then w/s, then w/p), or what parentheses say; the occurrences of a pair that meet its terms are
    the operand of the next connector. Only those occurrences are marked."""
    records = [
        {
            "id": "chain",
            "title": "Report",
            "body": "Tariffs on China rose as soybean farmers waited. China said little.",
        },
        {
            "id": "far",
            "title": "Report",
            "body": "Tariffs on China rose sharply this week and in the long run soybean farmers waited.",
        },
        {
            "id": "loose",
            "title": "Report",
            "body": "Soybean prices fell. Tariffs went up later, long after the talks with China.",
        },
    ]
    client = _client_of(tmp_path, records)
    found = _snippets_of(client)

    assert found("tariffs w/3 china w/5 soybean").keys() == {"chain"}
    assert found("tariffs w/10 china w/5 soybean").keys() == {"chain"}  # (china w/5 soybean first)
    assert found("(tariffs w/10 china) w/10 soybean").keys() == {"chain", "far", "loose"}
    assert found("tariffs w/10 china w/10 soybean").keys() == {
        "chain",
        "far",
        "loose",
    }  # (the leftmost first)
    assert found("tariffs w/10 (china w/10 soybean)").keys() == {"chain", "far"}
    assert (
        found("(tariffs w/3 china) w/s soybean").keys()
        == found("tariffs w/3 china /s soybean").keys()
        == {"chain", "far"}
    )
    assert found("tariff* pre/3 china pre/5 (soybean OR wheat)").keys() == {"chain"}
    assert (
        "<mark>Tariffs</mark> on <mark>China</mark> rose as <mark>soybean</mark>"
        in found("tariffs w/3 china w/5 soybean")["chain"]
    )
    page = client.get("/articles/chain", query_string={"q": "tariffs w/3 china w/5 soybean"}).get_data(
        as_text=True
    )
    assert "rose as <mark>soybean</mark> farmers waited. China said little." in page  # (not near: unmarked)


def test_nexis_sentence_and_paragraph_connectors(tmp_path):
    """`a w/s b` (or `w/sent`, `/s`): the words in one sentence; `a w/p b` (`w/para`, `/p`): in one
    paragraph, as Nexis reads them; the headline is a sentence and a paragraph of its own. Lexis's
    `a w/seg b`: in one segment, the headline or the text. Only the occurrences that share one are
    marked."""
    records = [
        {"id": "sentence", "title": "Report", "body": "Tariffs on goods from China rose sharply."},
        {"id": "paragraph", "title": "Report", "body": "Tariffs rose sharply. China answered at once."},
        {"id": "apart", "title": "Report", "body": "Tariffs rose sharply.\n\nChina answered at once."},
        {"id": "headline", "title": "China tariffs", "body": "Nothing else happened."},
        {"id": "across", "title": "China", "body": "Tariffs rose."},
        {
            "id": "text",
            "title": "Markets",
            "body": "Tariffs went up.\n\nLater that week, once the markets had closed for the day, China replied.",
        },
    ]
    client = _client_of(tmp_path, records)
    found = _snippets_of(client)

    assert (
        found("tariffs w/s china").keys()
        == found("tariffs w/sent china").keys()
        == found("tariffs /s china").keys()  # (as Lexis and Westlaw also write it)
        == {"sentence", "headline"}
    )
    assert found("china /p tariffs").keys() == {"sentence", "paragraph", "headline"}
    # Lexis's w/seg: both in the headline, or both in the text
    assert found("tariffs w/seg china").keys() == {
        "sentence",
        "paragraph",
        "headline",
        "text",
    }  # (apart: a copy)
    assert found("tariffs not w/seg china").keys() == {"across"}
    assert (
        found("china w/p tariffs").keys()
        == found("China W/PARA tariff").keys()
        == {
            "sentence",
            "paragraph",
            "headline",
        }
    )
    assert found("tariffs w/6 china").keys() == {
        "sentence",
        "paragraph",
        "headline",
    }  # (words, not sentences)
    marked = found("tariffs w/p china")["paragraph"]
    assert "<mark>Tariffs</mark> rose sharply." in marked and "<mark>China</mark> answered" in marked
    title = client.get("/api/search", query_string={"q": "tariffs w/s china"}).get_json()["results"]
    assert {hit["id"]: hit["title_html"] for hit in title}["headline"] == "<mark>China tariffs</mark>"
    page = client.get("/articles/apart", query_string={"q": "tariffs w/p china"}).get_data(as_text=True)
    assert "<mark>" not in page.split("</h1>", 1)[1]  # (no paragraph holds both: nothing marked)


def test_nexis_segments_and_factiva_field_codes(tmp_path):
    """`headline(...)`, `byline(...)`, `publication(...)` (Nexis) and `hd=`, `by=`, `sn=` (Factiva)
    search the title, the author and the outlet: words as a phrase, as Nexis reads them, or a
    group with operators (Factiva's `hd=(a OR b)` too); `hlead(...)` and `hlp=`, the headline and
    first paragraph (`lead:`, which also takes a group); a connector in either keeps to it. In
    quotes they are words."""
    rows = [
        ("war", "Trade war looms", "Tariffs rose.", "Jo Marsh", "Reuters"),
        ("trade", "Trade talks and a war of words", "Talks.", None, "AP"),
        ("other", "Markets", "Trade war looms, they said.", "Ann Lee", "AP"),
        ("late", "Report", "Markets were calm.\n\nLater, trade war fears grew.", None, "UPI"),
    ]
    records = [{"id": i, "title": t, "body": b, "author": a, "outlet": o} for i, t, b, a, o in rows]
    client = _client_of(tmp_path, records)

    def ids(q: str) -> set[str]:
        return {hit["id"] for hit in client.get("/api/search", query_string={"q": q}).get_json()["results"]}

    assert ids("headline(trade war)") == ids('hd="trade war"') == ids('title:"trade war"') == {"war"}
    assert ids("headline(trade AND war)") == ids("HEADLINE(trade AND war)") == {"war", "trade"}
    assert ids("hd=talks") == {"trade"} and ids("hd=(talks OR looms)") == {"war", "trade"}
    assert ids("byline(jo marsh)") == ids("by=marsh") == {"war"}
    assert ids("publication(ap)") == ids("sn=ap") == {"trade", "other"}
    assert ids("tariffs sn=reuters") == {"war"}
    assert ids('"byline(jo marsh)"') == set()  # (quoted: words)
    # In the headline or the first paragraph: `lead:`, Nexis's hlead(...), Factiva's hlp=
    assert ids('"trade war"') == {"war", "other", "late"}
    assert ids("hlead(trade war)") == ids('lead:"trade war"') == ids('hlp="trade war"') == {"war", "other"}
    assert ids("lead:fears") == set() and ids("lead:calm") == {"late"}
    assert ids("hlead(markets AND calm)") == {"late"} and ids("lead:tariff") == {"war"}  # (any form)
    assert ids("lead:(tariff OR talk)") == ids("hlp=(tariff OR talk)") == {"war", "trade"}  # (any of a group)
    # A connector in the headline (headline(), title:, hd=) or the lead (hlead(), lead:): a restriction
    assert (
        ids("headline(trade w/3 war)") == ids("title:(trade w/3 war)") == ids("hd=(trade w/3 war)") == {"war"}
    )
    assert ids("headline(trade w/4 war)") == {"war", "trade"}
    assert ids("trade w/2 war") == {"war", "other", "late"}
    assert (
        ids("hlead(trade w/2 war)")
        == ids("lead:(trade w/2 war)")
        == ids("lead:trade w/2 lead:war")
        == {"war", "other"}
    )
    assert ids("hlead(trade not w/2 war)") == {"trade"} and ids("hlead(markets w/s calm)") == {"late"}
    assert ids("headline(tariffs w/3 rose)") == set() and ids("tariffs w/3 rose") == {"war"}  # (not in one)
    assert (
        ids("hlead((trade OR talks) w/3 war)")
        == ids("lead:((trade OR talks) w/3 war)")
        == {"war", "trade", "other"}
    )
    assert ids("hlead(trade w/2 war AND looms)") == {"war", "other"}
    assert ids("headline(trade w/4 war) talks") == {"trade"} and ids("trade w/2 war talks") == {
        "war",
        "other",
        "late",
        "trade",
    }
    fixed = client.get("/api/search", query_string={"q": "lead:calmm"}).get_json()["suggestion"]
    assert fixed == "lead:calm"
    page = client.get("/", query_string={"q": "lead:calm"}).get_data(as_text=True)
    assert "Markets were <mark>calm</mark>." in page
    response = client.get("/api/search", query_string={"q": "headline()"})
    assert response.status_code == 400 and "holds no words" in response.get_json()["error"]


def test_a_connector_kept_to_a_segment_is_marked_there_only(tmp_path):
    """`headline(a w/3 b)` marks its words in the headline, not in the text; `hlead(a w/3 b)` in
    the headline and the first paragraph, not in the others (the article page and the snippet).
    The article page marks words near each other across a paragraph break."""
    records = [
        {"id": "x", "title": "Trade war looms", "body": "Trade war fears grew.\n\nThe trade war went on."},
        {"id": "y", "title": "Report", "body": "Talks went on about tariffs.\n\nChina replied at once."},
    ]
    client = _client_of(tmp_path, records)

    hit = client.get("/api/search", query_string={"q": "headline(trade w/3 war)"}).get_json()["results"][0]
    assert hit["title_html"] == "<mark>Trade war</mark> looms" and "<mark>" not in hit["snippet"]
    page = client.get("/articles/x", query_string={"q": "headline(trade w/3 war)"}).get_data(as_text=True)
    assert "<mark>Trade war</mark> looms" in page and "<mark>Trade war</mark> fears" not in page
    page = client.get("/articles/x", query_string={"q": "hlead(trade w/3 war)"}).get_data(as_text=True)
    assert "<mark>Trade war</mark> fears grew." in page and "The trade war went on." in page
    hit = client.get("/api/search", query_string={"q": "hlead(trade w/3 war)"}).get_json()["results"][0]
    assert "<mark>Trade war</mark> fears grew." in hit["snippet"] and "<mark>trade war" not in hit["snippet"]
    page = client.get("/articles/x", query_string={"q": "trade w/3 war"}).get_data(as_text=True)
    assert "The <mark>trade war</mark> went on." in page
    page = client.get("/articles/x", query_string={"q": "lead:war"}).get_data(as_text=True)
    assert "Trade <mark>war</mark> looms" in page and "Trade <mark>war</mark> fears" in page
    assert "The trade war went on." in page  # (`lead:` too marks its word in the lead only)
    page = client.get("/articles/y", query_string={"q": "tariffs w/2 china"}).get_data(as_text=True)
    assert "about <mark>tariffs</mark>.</p>" in page and "<p><mark>China</mark> replied" in page  # (across)


def test_atleast_counts_a_word_in_the_article(tmp_path):
    """`atleast3 kellogg` (Factiva's): the articles that use the word at least three times,
    headline and text together, in any form with its stem or a truncation's (or a phrase, or any
    word or phrase of a group, all counted together); a condition on the
    results, as a field clause is, that the other words typed then search within. A count
    without a word, or beyond 1 to 100, is a 400."""
    records = [
        {"id": "three", "title": "Report", "body": "Kellogg met Kellogg's aides; Kellogg left."},
        {"id": "two", "title": "Report", "body": "Kellogg spoke. Kellogg left, atleast for now."},
        {"id": "headline", "title": "Kellogg visit", "body": "Kellogg met Zelensky and Kellogg left."},
        {"id": "ukraine", "title": "Report", "body": "Ukraine hosted Kellogg. Ukraine, Ukraine!"},
        {"id": "forms", "title": "Report", "body": "Tariffs rose; the tariff on steel and tariffs on cars."},
    ]
    client = _client_of(tmp_path, records)
    found = _snippets_of(client)

    assert found("atleast3 kellogg").keys() == {"three", "headline"}
    assert found("atleast2 kellogg").keys() == {"three", "two", "headline"}
    assert found("atleast3 kellogg zelensky").keys() == {"headline"}  # (as `outlet:x zelensky`)
    assert found("atleast3 ukraine kellogg").keys() == {"ukraine"}
    assert found("ATLEAST3 KELLOGG").keys() == found("atleast3(kellogg)").keys() == {"three", "headline"}
    assert found("atleast3 tariff").keys() == found("atleast3 tarif*").keys() == {"forms"}
    assert found("atleast3 kellogg")["three"].count("<mark>Kellogg") == 3
    # A quoted phrase or a group counts its occurrences, any of a group's together
    assert found('atleast2 "kellogg left"').keys() == set() and found('atleast1 "kellogg left"').keys() == {
        "three",
        "two",
        "headline",
    }
    assert found("atleast3 (zelensky OR ukraine)").keys() == {"ukraine"}
    assert found("atleast4 (kellogg OR zelensky)").keys() == {"headline"}
    data = client.get("/api/search", query_string={"q": "atleast3 kellogg"}).get_json()
    assert data["suggestion"] is None  # (not a misspelling of "atleast")
    for bad, said in [
        ("atleast3", "counts a word, a quoted phrase or a group"),
        ("atleast0 kellogg", "from 1 to 100"),
        ("atleast101 kellogg", "from 1 to 100"),
        ("outlet:(atleast2 kellogg)", "searches title and text together: not outlet:"),
    ]:
        response = client.get("/api/search", query_string={"q": bad})
        assert response.status_code == 400 and said in response.get_json()["error"], bad


def test_advanced_search_writes_its_fields_as_the_query(tmp_path):
    """The advanced search form's fields become the search box's query (kept as typed after the
    search it started from), its filters kept: each field narrows the results as its clause
    does. A field's words are only words (quotes, fields and operators dropped); a half-filled
    words-near pair is a 400 in the form."""
    base = {"title": "OPEC meets", "body": "Crude oil prices rose as Saudi Arabia cut output."}
    records = [
        {"id": "a", **base, "author": "Jo Marsh", "outlet": "Reuters", "date": "2025-02-03"},
        {"id": "gas", **base, "body": base["body"] + " Gas fell.", "author": "Jo Marsh", "outlet": "Reuters"},
        {
            "id": "neither",
            **base,
            "body": "Crude oil prices rose.",
            "author": "Jo Marsh",
            "outlet": "Reuters",
        },
        {"id": "headline", **base, "title": "Markets", "author": "Jo Marsh", "outlet": "Reuters"},
        {"id": "author", **base, "author": "Ann Lee", "outlet": "Reuters"},
        {"id": "outlet", **base, "author": "Jo Marsh", "outlet": "AP"},
        {"id": "phrase", **base, "body": "Oil rose; crude supplies fell, Kuwait said.", "author": "Jo Marsh"},
    ]
    client = _client_of(tmp_path, records)
    form = client.get("/advanced", query_string={"q": "output", "outlet": "Reuters"}).get_data(as_text=True)
    assert 'name="q" type="search" value="output"' in form and 'value="Reuters" checked' in form
    assert '<option value="AP">' in form  # (the outlets offered)

    fields = {
        "q": "output",
        "all": "oil prices",
        "phrase": "crude oil",
        "any": "saudi kuwait",
        "none": "gas",
        "title": "opec",
        "lead": "saudi",
        "author": "Jo Marsh",
        "near_a": "oil",
        "within": "",
        "near_b": "saudi",
        "outlet": ["Reuters", ""],
        "from": "",
        "to": "",
        "sort": "newest",
    }
    response = client.get("/advanced", query_string=fields)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    args = parse_qs(location.query)
    assert args["q"] == [
        'output +oil +prices +"crude oil" +(saudi OR kuwait) -gas title:opec lead:saudi author:"Jo Marsh" oil w/5 saudi'
    ]
    assert args["outlet"] == ["Reuters"] and args["sort"] == ["newest"]
    found = client.get("/api/search", query_string={"q": args["q"][0], "outlet": "Reuters"}).get_json()
    assert [hit["id"] for hit in found["results"]] == ["a"]
    page = client.get(f"{location.path}?{location.query}").get_data(as_text=True)
    assert "1 article" in page and "Advanced search" in page

    def query(**typed: str) -> str:
        return parse_qs(urlsplit(client.get("/advanced", query_string=typed).headers["Location"]).query)["q"][
            0
        ]

    assert query(near_a="oil prices", near_b="saudi", within="3", in_order="1") == "oil pre/3 saudi"
    assert query(near_a="oil", near_b="saudi", near_by="s", within="3") == "oil w/s saudi"
    assert query(near_a="oil", near_b="saudi", near_by="p") == "oil w/p saudi"
    assert query(all='x" OR title:(y -z', none="+gas") == "+x +or +titley +z -gas"
    assert client.get("/advanced", query_string={"all": ""}).headers["Location"] == "/"
    for typed, said in [
        ({"near_a": "oil"}, "give a word on each side"),
        ({"near_a": "a", "near_b": "b", "within": "x"}, "as a number"),
        ({"near_a": "a", "near_b": "b", "near_by": "x"}, "unknown"),
    ]:
        response = client.get("/advanced", query_string=typed)
        assert response.status_code == 400 and said in response.get_data(as_text=True)


def test_a_hyphenated_word_finds_its_other_spellings_and_only_them(tmp_path):
    """ "non-profit" and "nonprofit" find each other, "Coca-Cola" also "Coca Cola"; a compound
    never matches its parts apart, and whichever spelling matched is what gets marked."""
    bodies = {
        "hyphenated": "The non-profit group sued the e-mail provider.",
        "closed": "A nonprofit group emailed its donors by email.",
        "apart": "Profit is not the only aim, said the non executive director of the mail office.",
        "spaced": "Coca Cola sales rose.",
        "cola": "Coca-Cola and CocaCola, the drink.",
    }
    found = _snippets_over(tmp_path, bodies)

    for q in ("nonprofit", "non-profit", "Non-Profit groups"):
        hits = found(q)
        assert hits.keys() >= {"hyphenated", "closed"} and "apart" not in hits, q
        assert "<mark>non-profit</mark>" in hits["hyphenated"] and "<mark>nonprofit</mark>" in hits["closed"]
    hits = found("e-mail")
    assert set(hits) == {"hyphenated", "closed"}
    assert "<mark>e-mail</mark>" in hits["hyphenated"] and "by <mark>email</mark>" in hits["closed"]
    hits = found("coca-cola")
    assert set(hits) == {"spaced", "cola"}
    assert "<mark>Coca Cola</mark>" in hits["spaced"]
    assert "<mark>Coca-Cola</mark> and <mark>CocaCola</mark>" in hits["cola"]
    assert set(found("cocacola")) == {"cola"}  # written as one word: no telling where it splits
    for q in ('"non-profit group"', '"nonprofit group"'):  # quoted: either spelling
        assert set(found(q)) == {"hyphenated", "closed"}, q
    hits = found('"by e-mail"')
    assert set(hits) == {"closed"} and "<mark>by email</mark>" in hits["closed"]
    hits = found('"non-profit group sued"')
    assert set(hits) == {"hyphenated"} and "<mark>non-profit group sued</mark>" in hits["hyphenated"]


def test_articles_with_every_word_come_first_whatever_the_spelling(tmp_path):
    """ "Coca Cola sales" has both words of "Coca-Cola sales": it ranks above an article that
    says "Coca-Cola" three times but nothing of sales."""
    bodies = {
        "spaced": "Coca Cola sales rose this quarter, the company said in a statement on Tuesday.",
        "brand": "Coca-Cola, Coca-Cola and more Coca-Cola: the brand is everywhere.",
        "pepsi": "Pepsi sales fell.",
        "other": "Nothing to see here.",
    }
    found = _snippets_over(tmp_path, bodies)
    assert list(found("Coca-Cola sales")) == ["spaced", "brand", "pepsi"]


def test_a_compound_ranks_the_same_hyphenated_or_spaced(tmp_path):
    """The bonus for words standing together counts a compound in either spelling: "Coca Cola
    sales" scores what "Coca-Cola sales" does (it had no bonus for the spaced one)."""
    pairs = {"Coca-Cola": "Coca Cola", "non-profit": "non profit"}
    records = [
        {"id": f"{n}-{kind}", "title": "Report", "body": f"The {spelling} group reported sales on Monday."}
        for n, (hyphenated, spaced) in enumerate(pairs.items())
        for kind, spelling in (("hyphenated", hyphenated), ("spaced", spaced))
    ]
    client = _client_of(tmp_path, records + [{"id": "other", "title": "Report", "body": "Sales fell."}])
    for n, hyphenated in enumerate(pairs):
        for q in (f"{hyphenated} sales", f"{hyphenated} group", f"group {hyphenated} sales"):
            # (the two spellings are one text, punctuation aside: shown apart, not folded)
            results = client.get("/api/search", query_string={"q": q, "copies": "show"}).get_json()["results"]
            scores = {hit["id"]: hit["score"] for hit in results}
            assert scores[f"{n}-hyphenated"] == pytest.approx(scores[f"{n}-spaced"], abs=1e-4), q


def test_pages_follow_one_ranking_beyond_the_rescored_window(tmp_path, monkeypatch):
    """The bonus for words standing together re-ranks only the top RESCORE_WINDOW hits, as
    Elasticsearch's rescore does; every page must cut the same ranking, however deep, so that
    no article shows twice or never when paging."""
    from searchapp import search

    filler = " ".join(f"word{n}" for n in range(60)) + ". "
    records = []
    for n in range(16):  # the words often but far apart, or once and side by side (every fourth)
        body = "The wheat price rose. " if n % 4 == 3 else "Wheat. " * 3 + filler + "Price. " * 3
        records.append({"id": f"a{n:02}", "title": "Report", "body": body + "More text here. " * n})
    client = _client_of(tmp_path, records)
    monkeypatch.setattr(search, "RESCORE_WINDOW", 5)

    def ids(**params: object) -> list[str]:
        data = client.get(
            "/api/search", query_string={"q": "wheat price", "copies": "show", **params}
        ).get_json()
        return [hit["id"] for hit in data["results"]]

    whole = ids(per_page=16)
    assert len(whole) == 16
    for size in (2, 3, 4, 7):
        pages = [ids(per_page=size, page=p) for p in range(1, -(-16 // size) + 1)]
        assert [i for page in pages for i in page] == whole, size


def test_did_you_mean_prefers_the_nearest_word_to_the_most_frequent(tmp_path):
    bodies = ["Reuter said so.", "Reuter again.", "As Reuter said.", "Reuters reported it."]
    client = _client_of(
        tmp_path, [{"id": f"r{n}", "title": "Wire", "body": body} for n, body in enumerate(bodies)]
    )
    assert client.get("/api/search", query_string={"q": "Reutres"}).get_json()["suggestion"] == "reuters"
    assert client.get("/api/search", query_string={"q": "Reuteer"}).get_json()["suggestion"] == "reuter"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "date:banana"}, "cannot read the date 'banana'"),
        ({"q": "date:[2025-02-01 TO nonsense]"}, "cannot read the date 'nonsense'"),
        ({"q": "date:20250203094500"}, "use YYYY, YYYY-MM or YYYY-MM-DD"),  # days at the finest
        ({"q": "*"}, "too broad"),
        ({"q": "a*"}, "the wildcard 'a*' is too broad"),
        ({"q": "a?"}, "the wildcard 'a?' is too broad"),
        ({"q": "ab~"}, "fuzzy matching needs a word of at least"),
        ({"q": "Peskov~3"}, "fuzzy matching allows at most 2 letters off"),
        ({"q": "x" * 1001}, "the query is too long"),
        ({"q": "(" * 500 + ")" * 500}, "the query nests parentheses 500 deep (at most 20)"),  # (it was a 500)
        ({"q": " ".join(f"w{i}" for i in range(150))}, "too many terms"),
        ({"sort": "best"}, "unknown sort 'best'"),
        ({"from": "2025-02-30"}, "'from' must be a date as YYYY-MM-DD"),
        ({"to": "yesterday"}, "'to' must be a date"),
        ({"from": "2025-03-01", "to": "2025-02-01"}, "'from' is after 'to'"),
        ({"page": "0"}, "'page' must be between 1 and 10000"),
        ({"page": "two"}, "'page' must be a whole number"),
        ({"page": "9"}, "page 9 is beyond the last page (1)"),
        ({"per_page": "101"}, "'per_page' must be between 1 and 100"),
        ({"page": "200", "per_page": "100"}, "results beyond the first 10000"),
    ],
)
def test_errors_are_400_with_a_message(client, params, message):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400
    assert response.is_json
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400 and message in body["error"]


def test_article_endpoint(client):
    [hit] = [h for h in client.get("/api/search", query_string={"q": "peskov"}).get_json()["results"]]
    data = client.get(f"/api/articles/{hit['id']}").get_json()
    article = data["article"]
    assert data["ok"] and article["source"] == LBC and article["outlet"] == "LBC"
    assert "Dmitry Peskov" in article["body"] and "Kanye" not in article["body"]
    assert article["origins"]["date"] == "catalog"


def test_an_article_comes_with_the_articles_most_like_it(tmp_path):
    """More like this: ranked by the article's most distinctive words, itself left out, and an
    article sharing none of them not at all."""
    records = [
        {
            "id": "a",
            "title": "Wheat exports",
            "body": "Argentine wheat exports to Brazil rose. Wheat shipments grew.",
        },
        {
            "id": "b",
            "title": "Grain trade",
            "body": "Argentine wheat shipments to Brazil and wheat exports fell.",
        },
        {"id": "c", "title": "Prices", "body": "Wheat prices were steady in Chicago."},
        {"id": "d", "title": "Football", "body": "The cup final ended in a draw."},
    ]
    client = _client_of(tmp_path, records)
    similar = client.get("/api/articles/a").get_json()["similar"]
    assert [hit["id"] for hit in similar] == ["b", "c"]
    assert similar[0]["title"] == "Grain trade" and similar[0]["score"] > similar[1]["score"] > 0
    assert client.get("/api/articles/d").get_json()["similar"] == []
    page = client.get("/articles/a").get_data(as_text=True)
    assert page.index("Grain trade") < page.index("Prices") and "Football" not in page


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/articles/does-not-exist", 404),
        ("/api/articles/..%2F..%2Fetc%2Fpasswd", 404),
        ("/api/articles/" + "x" * 300, 400),
        ("/api/nowhere", 404),
    ],
)
def test_not_found_is_json(client, path, status):
    response = client.get(path)
    assert response.status_code == status and response.is_json
    assert response.get_json()["ok"] is False


def test_wrong_method_is_json(client):
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["status"] == 405


def test_health_and_openapi(client):
    health = client.get("/api/health").get_json()
    assert health["ok"] and health["articles"] == 3 and health["index_built"]
    spec = client.get("/api/openapi.json").get_json()
    assert set(spec["paths"]) == {
        "/api/search",
        "/api/words",
        "/api/complete",
        "/api/compare",
        "/api/export",
        "/api/feed",
        "/api/outlets",
        "/api/articles/{id}",
        "/api/health",
    }


def test_no_index_yet_is_503(tmp_path):
    from searchapp.app import create_app

    response = create_app({"INDEX_DIR": str(tmp_path / "empty")}).test_client().get("/api/search")
    assert response.status_code == 503 and "python -m searchapp.index" in response.get_json()["error"]


def test_security_headers(client):
    headers = client.get("/api/health").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "no-referrer"


def test_undated_articles_sort_last_and_stay_out_of_the_timeline(tmp_path, seeds):
    (seeds / "undated.txt").write_text(
        "Putin undated story here\n\nPutin said something on an unknown day.\n"
    )
    client = _client_over(seeds, tmp_path / "ix")
    data = client.get("/api/search", query_string={"q": "putin", "sort": "newest"}).get_json()
    assert [h["source"] for h in data["results"]][-1] == "undated.txt"
    assert data["results"][-1]["date"] is None
    assert sum(b["count"] for b in data["facets"]["date"]["buckets"]) == 3
    assert client.get("/api/search").get_json()["results"][-1]["source"] == "undated.txt"


@pytest.fixture(scope="module")
def wide_index(tmp_path_factory):
    """5,000 small articles sharing words, enough for a search to outlast a tiny time limit."""
    from searchapp.index import build_index

    root = tmp_path_factory.mktemp("wide")
    (root / "seeds").mkdir()
    lines = [
        json.dumps(
            {"id": f"w{i}", "title": f"Report {i}", "body": f"wheat word{i % 300} market report number {i}"}
        )
        for i in range(5000)
    ]
    (root / "seeds" / "wide.jsonl").write_text("\n".join(lines))
    build_index(root / "seeds", root / "ix")
    return root / "ix"


def test_a_search_that_runs_out_of_time_returns_what_it_found_flagged_partial(wide_index, monkeypatch):
    from searchapp import search
    from searchapp.app import create_app
    from searchapp.scoring import Deadline

    class Expired(Deadline):
        """As if the time limit passed once the first word's postings were read."""

        def __init__(self, seconds: float) -> None:
            super().__init__(seconds)
            self.checks = 0

        def check(self) -> bool:
            self.checks += 1
            self.passed = self.passed or self.checks > 2  # a word is looked up in title and body
            return self.passed

    def client():  # (a new one each time: a word's postings, once read, are kept for the next search)
        return create_app({"INDEX_DIR": str(wide_index)}).test_client()

    complete = client().get("/api/search", query_string={"q": "word7 wheat"}).get_json()
    assert complete["partial"] is False and complete["total"] == 5000
    monkeypatch.setattr(search, "Deadline", Expired)
    data = client().get("/api/search", query_string={"q": "word7 wheat"}).get_json()
    assert data["ok"] and data["partial"] is True and 0 < data["total"] < 5000
    assert len(data["results"]) == 10


def test_a_csv_of_articles_is_searched_and_filtered_by_its_columns(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "news.csv").write_text(
        "title,publication,date,content\n"
        "Wheat exports rise,Farm Weekly,2024-03-05,Wheat exports rose sharply in March.\n"
        "Wheat prices fall,Grain Daily,2024-04-09,Wheat prices fell on Tuesday.\n"
    )
    client = _client_over(seeds, tmp_path / "ix")
    data = client.get("/api/search", query_string={"q": "wheat", "outlet": "Grain Daily"}).get_json()
    assert [(hit["title"], hit["date"], hit["source"]) for hit in data["results"]] == [
        ("Wheat prices fall", "2024-04-09", "news.csv#2")
    ]
    assert {facet["value"] for facet in data["facets"]["outlet"]} == {"Farm Weekly", "Grain Daily"}


def test_copies_of_one_text_fold_into_one_hit(tmp_path):
    """A wire story that several outlets ran (the same text, case and punctuation aside) is one
    hit naming the others, oldest first; pages count texts; copies=show lists each."""
    import csv
    import io

    story = "Storm hits the coast. Thousands are without power, officials said."
    records = [
        {"id": "ap", "title": "Storm hits coast", "body": story, "outlet": "AP", "date": "2025-02-01"},
        {
            "id": "guardian",
            "title": "Storm batters coast",
            "body": story,
            "outlet": "Guardian",
            "date": "2025-02-02",
        },
        {
            "id": "indy",
            "title": "Storm",
            "body": story.lower().replace(",", ""),
            "outlet": "Indy",
            "date": "2025-02-03",
        },
        {"id": "north", "title": "Warnings", "body": "Storm warnings for the north.", "outlet": "AP"},
    ]
    client = _client_of(tmp_path, records)

    def search(**params: object) -> dict:
        return client.get("/api/search", query_string={"q": "storm", **params}).get_json()

    data = search()
    assert (data["total"], data["folded"], len(data["results"])) == (4, 2, 2)
    [story_hit] = [hit for hit in data["results"] if hit["id"] != "north"]
    others = [copy["id"] for copy in story_hit["copies"]]
    assert story_hit["copy_count"] == 2 and sorted([story_hit["id"], *others]) == ["ap", "guardian", "indy"]
    assert others == sorted(others, key=["ap", "guardian", "indy"].index)  # oldest first
    assert {hit["copy_count"] for hit in data["results"] if hit["id"] == "north"} == {0}
    assert [hit["id"] for hit in search(sort="oldest")["results"]] == ["ap", "north"]  # (undated last)
    assert (
        search(per_page=1, page=2)["results"]
        and "beyond the last page (2)" in search(per_page=1, page=3)["error"]
    )
    shown = search(copies="show")
    assert (shown["folded"], len(shown["results"])) == (0, 4) and shown["results"][0]["copies"] == []
    assert [h["copy_count"] for h in search(outlet="Guardian")["results"]] == [0]  # copies among the matches
    assert search(copies="all")["error"] == "unknown copies 'all': use one of fold, show"
    page = client.get("/", query_string={"q": "storm", "sort": "oldest"}).get_data(as_text=True)
    assert (
        "Same story also in" in page and 'href="/articles/guardian?q=storm">Guardian (2025-02-02)</a>' in page
    )
    assert (
        "2 copies of the same story folded" in page
        and 'href="/?q=storm&amp;sort=oldest&amp;copies=show"' in page
    )
    exported = client.get("/api/export", query_string={"q": "storm", "sort": "oldest"}).get_data(as_text=True)
    rows = {row["id"]: row["copy_of"] for row in csv.DictReader(io.StringIO(exported))}
    assert rows == {"ap": "", "guardian": "ap", "indy": "ap", "north": ""}  # every article, copies marked
    shown_page = client.get("/", query_string={"q": "storm", "copies": "show"}).get_data(as_text=True)
    assert (
        'shown apart (<a href="/?q=storm">fold them</a>)' in shown_page
        and "Same story also in" not in shown_page
    )
    article = client.get("/api/articles/guardian").get_json()  # an article names its copies too,
    assert [c["id"] for c in article["copies"]] == ["ap", "indy"] and article["copy_count"] == 2
    assert [hit["id"] for hit in article["similar"]] == ["north"]  # which are not "more like this",
    from searchapp.search import Engine
    from searchapp.similar import like

    s = Engine(tmp_path / "ix").searcher()  # nor are the words only they share ("coast") asked for
    asked = {term.text for term in like(Engine(tmp_path / "ix").article("guardian"), s, copies=2).leaves()}
    assert "storm" in asked and "coast" not in asked
    assert 'href="/articles/ap">AP (2025-02-01)</a>' in client.get("/articles/guardian").get_data(
        as_text=True
    )


def test_saves_of_one_address_fold_into_one_hit(tmp_path):
    """A feed's summary of an article and the article saved whole, at one address (the feed's
    link with its tracking parameters), are one hit, the whole article (though the summary ranks
    higher), the summary its copy; another article of the site is not, nor are two items that
    give only the site's front page (both indexed: their one address names neither's id)."""

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><description>{text}</description></item>"
        for title, link, text in (
            (
                "Port fees rise",
                "https://harbour.example/2026/fees?utm_source=rss&amp;utm_medium=feed",
                "The harbour board raised its fees.",
            ),
            ("Ferry cut", "https://harbour.example/2026/ferry", "The harbour ferry loses its late crossing."),
            ("Harbour notes", "https://harbour.example/", "Notes from the harbour, first."),
            ("More harbour notes", "https://harbour.example/", "Notes from the harbour, second."),
        )
    )
    (seeds / "harbour.rss").write_text(f"<rss><channel><title>Harbour</title>{items}</channel></rss>")
    whole = {
        "title": "Port fees rise",
        "text": "The harbour board raised its fees by nine percent on Wednesday, the second rise this year, "
        "and shipping lines said they would pass the cost on to importers of grain and timber.",
        "url": "https://www.harbour.example/2026/fees/",
    }
    (seeds / "saved.jsonl").write_text(json.dumps(whole) + "\n")
    client = _client_over(seeds, tmp_path / "ix")
    data = client.get("/api/search", query_string={"q": "harbour"}).get_json()
    assert (data["total"], data["folded"]) == (5, 1)
    by_title = {hit["title"]: hit for hit in data["results"]}
    assert sorted(by_title) == ["Ferry cut", "Harbour notes", "More harbour notes", "Port fees rise"]
    fees = by_title["Port fees rise"]
    assert fees["copy_count"] == 1 and fees["source"] == "saved.jsonl#1"  # (the fuller save speaks for them)
    shown = client.get("/api/search", query_string={"q": "harbour", "copies": "show"}).get_json()["results"]
    source = {hit["id"]: hit["source"] for hit in shown}
    assert {source[fees["id"]], *(source[copy["id"]] for copy in fees["copies"])} == {
        "saved.jsonl#1",
        "harbour.rss#1",
    }
    assert {by_title[t]["copy_count"] for t in ("Ferry cut", "Harbour notes", "More harbour notes")} == {0}


def test_a_wire_story_edited_a_little_folds_too(tmp_path):
    """Copies need not be word for word: an outlet that rewords a phrase and adds a line still ran
    the wire's story (80% of their 5-word runs shared). Texts worded alike with other figures (a
    daily market report) are other stories, and so are briefs under 100 words that differ at all."""
    story = (
        "Heavy storms swept across the northern coast on Saturday, cutting power to more than 40,000 "
        "homes and forcing the closure of two ports, officials said. Winds of up to 120 kilometres an "
        "hour brought down trees and power lines in several towns, and rail services between the "
        "coastal cities were suspended until further notice. Emergency crews worked through the night "
        "to clear roads, and the regional government opened shelters in schools and sports halls for "
        "families whose homes were flooded. Forecasters warned that a second band of rain would reach "
        "the area on Sunday evening, with the risk of landslides in the hills behind the harbour. The "
        "national weather service said the storm was the strongest to hit the region in a decade, and "
        "urged residents to stay indoors and avoid travel unless it was essential."
    )
    edited = story.replace("cutting power", "knocking out power") + "\n\nAdditional reporting by staff."

    def report(day: str, a: str, b: str, c: str, d: str, e: str, f: str) -> str:
        return (
            f"Wheat futures closed {a} cents higher on {day} in moderate trading, dealers said. The May "
            f"contract settled at {b} dollars a bushel and the July contract at {c} dollars, while corn "
            f"ended {d} cents lower on farmer selling and soybeans rose {e} cents on export demand. "
            "Dealers said the market was supported by reports of dry weather in the southern plains, "
            "where the winter crop is entering a critical stage of its development, and by steady "
            "buying from flour millers ahead of the weekend. Volume was estimated at "
            f"{f} contracts, about average for the session, and open interest was little changed. "
            "Analysts expect the government crop report due next week to show smaller stocks than a "
            "year ago, which could lend further support to prices in the weeks ahead."
        )

    records = [
        {"id": "wire", "title": "Storms hit coast", "body": story, "outlet": "Wire", "date": "2025-03-01"},
        {"id": "herald", "title": "Coast battered", "body": edited, "outlet": "Herald", "date": "2025-03-02"},
        {"id": "brief", "title": "Warning", "body": "A storm warning was issued for the north coast."},
        {"id": "briefs", "title": "Warnings", "body": "A storm warning was issued for the north coasts."},
        {
            "id": "mon",
            "title": "Grains",
            "body": report("Monday", "2-1/4", "2.85", "2.91", "1-1/2", "3", "41,000"),
        },
        {
            "id": "tue",
            "title": "Grains",
            "body": report("Tuesday", "3-1/2", "2.88", "2.94", "1/4", "5", "38,500"),
        },
    ]
    client = _client_of(tmp_path, records)
    storm = client.get("/api/search", query_string={"q": "storm coast"}).get_json()
    assert (storm["total"], storm["folded"]) == (4, 1)
    assert {hit["id"]: [c["id"] for c in hit["copies"]] for hit in storm["results"]} == {
        "wire": ["herald"],
        "brief": [],
        "briefs": [],
    }
    wheat = client.get("/api/search", query_string={"q": "wheat futures"}).get_json()
    assert (wheat["folded"], sorted(hit["id"] for hit in wheat["results"])) == (0, ["mon", "tue"])
    assert [c["id"] for c in client.get("/api/articles/herald").get_json()["copies"]] == ["wire"]


def test_significant_words_say_what_the_matches_talk_about(tmp_path):
    """/api/words: the words the best matches use far more often than the other articles do,
    as Elasticsearch's significant_text scores them (JLH), less the words searched for and those
    every article uses; the page lists them, each narrowing the search to the articles with it."""
    storms = [
        f"The storm hit the coast, residents said this week. Day {n}."
        + (" A landslide blocked the road." if n < 5 else "")
        for n in range(8)
    ]
    markets = [f"Shares rose this week, traders said. Report {n}." for n in range(20)]
    records = [{"id": f"a{n:02}", "title": "News", "body": body} for n, body in enumerate(storms + markets)]
    client = _client_of(tmp_path, records)
    data = client.get("/api/words", query_string={"q": "storm"}).get_json()
    assert (data["total"], data["sample"]) == (8, 8)
    assert [w["word"] for w in data["words"]] == [  # best first; "storm" asked, "week" in every article
        *["coast", "day", "hit", "residents"],  # in all 8 matches, and in 8 of 28 articles
        *["blocked", "landslide", "road"],  # in 5 of 8, and 5 of 28
    ]
    phrase = client.get("/api/words", query_string={"q": '"storm hit"'}).get_json()["words"]
    assert [w["word"] for w in phrase][:3] == ["coast", "day", "residents"]  # (a phrase's words asked too)
    for near in ('"storm hit"~2', "storm w/2 hit", "storm w/s hit"):  # (and words near each other)
        assert [w["word"] for w in client.get("/api/words", query_string={"q": near}).get_json()["words"]][
            :3
        ] == ["coast", "day", "residents"], near
    landslide = data["words"][5]
    assert (landslide["matches"], landslide["share"], landslide["background"]) == (5, 5 / 8, 5 / 28)
    assert (
        client.get("/api/words", query_string={"q": "shares", "to": "2000-01-01"}).get_json()["words"] == []
    )
    assert (
        "cannot read the date"
        in client.get("/api/words", query_string={"q": "date:banana"}).get_json()["error"]
    )

    page = client.get("/words", query_string={"q": "storm <b>"}).get_data(as_text=True)
    assert "storm &lt;b&gt;" in page and "<b>" not in page
    link = re.search(r'<a href="([^"]+)">landslide</a>', page)
    assert link and html.unescape(link[1]) == "/?q=%28storm+%3Cb%3E%29+AND+landslide"
    narrowed = client.get("/api/search", query_string={"q": "(storm) AND landslide"}).get_json()
    assert narrowed["total"] == 5
    assert 'href="/words?q=storm"' in client.get("/", query_string={"q": "storm"}).get_data(as_text=True)
    assert client.get("/words", query_string={"q": "a*"}).status_code == 400


def test_a_page_printed_to_pdf_is_searched(tmp_path):
    import shutil

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "printed.pdf", seeds / "wheat.pdf")
    client = _client_over(seeds, tmp_path / "ix")
    [hit] = client.get(
        "/api/search", query_string={"q": "Rosario exporters", "from": "2024-03-01"}
    ).get_json()["results"]
    assert (hit["title"], hit["author"], hit["date"], hit["source"]) == (
        "Wheat exports hit record as Argentina ships more grain",
        "Maria Lopez",
        "2024-03-05",
        "wheat.pdf",
    )
    assert "<mark>Rosario</mark>" in hit["snippet"]


def test_a_leading_wildcard_finds_the_words_a_rebuild_added(tmp_path):
    """The word list that a leading wildcard is matched against is listed again for a new index
    generation, by the running service."""
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.jsonl").write_text(json.dumps({"id": "a", "title": "Grain", "body": "Wheat prices."}) + "\n")
    client = _client_over(seeds, tmp_path / "ix")

    def found(q: str) -> list[str]:
        return [hit["id"] for hit in client.get("/api/search", query_string={"q": q}).get_json()["results"]]

    assert found("*eat") == ["a"] and found("*aize") == []
    (seeds / "b.jsonl").write_text(json.dumps({"id": "b", "title": "Grain", "body": "Maize prices."}) + "\n")
    build_index(seeds, tmp_path / "ix")
    assert found("*aize") == ["b"] and found("*eat") == ["a"]


def test_wildcards_expand_to_the_most_frequent_words_only(wide_index):
    from whoosh import query as q

    from searchapp.query import MAX_EXPANSIONS, parse
    from searchapp.search import Engine

    parsed = parse("word*", Engine(wide_index).searcher())
    terms = [leaf for leaf in parsed.leaves() if isinstance(leaf, q.Term)]
    assert len(terms) == MAX_EXPANSIONS < 300


@pytest.mark.parametrize(
    "q, status",
    [
        ("*port", 200),  # a leading wildcard scans the vocabulary, capped at the most frequent words
        ("*or*", 200),
        ("word1~2", 200),
        ("*", 400),
        ("?*", 400),
        ("ab~", 400),
        (" OR ".join(f"word{i}" for i in range(150)), 400),
    ],
)
def test_expensive_queries_answer_in_time_or_are_refused(wide_index, q, status):
    from searchapp.app import create_app

    client = create_app({"INDEX_DIR": str(wide_index)}).test_client()
    response = client.get("/api/search", query_string={"q": q})
    body = response.get_json()
    assert response.status_code == status, body
    if status == 200:
        assert body["took_ms"] < 3000 + 1000 and (body["total"] > 0 or body["partial"])
    else:
        assert body["error"]


def test_debug_mode_is_off(app):
    assert app.debug is False and app.testing is True
    from searchapp.app import create_app

    assert create_app().debug is False


def test_export_streams_every_match_in_the_searchs_order(tmp_path):
    """/api/export: all the matches, not a page, ranked as the search ranks them, filters and
    sort applied; as CSV (a title that a spreadsheet would run as a formula made inert) or as
    JSON Lines; linked from the results page."""
    import csv
    import io

    records = [
        {
            "id": f"r{n}",
            "title": f"Wheat report {n}",
            "body": "Wheat prices rose. " * (n + 1),
            "date": f"2025-02-{n + 1:02d}",
        }
        for n in range(25)
    ]
    records.append({"id": "evil", "title": '=HYPERLINK("http://x")', "body": "Wheat.", "date": "2025-03-01"})
    client = _client_of(tmp_path, records)

    ranked = [
        hit["id"]
        for page in (1, 2, 3)
        for hit in client.get("/api/search", query_string={"q": "wheat", "page": page}).get_json()["results"]
    ]
    response = client.get("/api/export", query_string={"q": "wheat"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["id"] for row in rows] == ranked and len(rows) == 26
    assert next(row for row in rows if row["id"] == "evil")["title"] == '\'=HYPERLINK("http://x")'

    query = {"q": "wheat", "from": "2025-02-10", "to": "2025-02-12", "sort": "oldest", "format": "jsonl"}
    lines = client.get("/api/export", query_string=query).get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["r9", "r10", "r11"]
    assert json.loads(lines[0])["date"] == "2025-02-10"
    assert (
        json.loads(lines[0])["text"] == "Wheat prices rose. " * 9 + "Wheat prices rose."
    )  # (the whole text)
    assert "text" not in rows[0]  # (CSV: for a spreadsheet, which cuts long cells)

    bad = client.get("/api/export", query_string={"q": "wheat", "format": "xlsx"})
    assert bad.status_code == 400 and "use csv, jsonl or ris" in bad.get_json()["error"]
    page = client.get("/", query_string={"q": "wheat"}).get_data(as_text=True)
    assert 'href="/api/export?q=wheat&amp;format=csv"' in page and "Export all 26 as CSV" in page
    assert 'href="/api/export?q=wheat&amp;format=ris"' in page
    assert 'href="/api/export?q=wheat&amp;format=jsonl"' in page


def test_export_for_reference_managers(tmp_path):
    """format=ris: a newspaper article record (RIS, as Zotero and EndNote import it) a match,
    in the search's order: title, publication, each author (a "Last, First" name kept whole),
    date, year, URL and id, values on one line; what an article lacks is left out."""
    records = [
        {"id": "a", "title": "Wheat talks\nresume", "body": "Wheat.", "date": "2025-02-03T09:30:00", "outlet": "Farm Weekly",
         "author": ["Jo Marsh", "Ann Lee"], "url": "https://example.com/wheat"},
        {"id": "b", "title": "Wheat falls", "body": "Wheat wheat.", "date": "2025-02-01", "author": "Marsh, Jo"},
        {"id": "c", "body": "Wheat, wheat, wheat."},
        {"id": "d", "body": "Wheat.", "date": "2025-01-01", "author": "Jo Marsh and Ann Lee"},
    ]  # fmt: skip
    client = _client_of(tmp_path, records)
    response = client.get("/api/export", query_string={"q": "wheat", "sort": "newest", "format": "ris"})
    assert response.status_code == 200 and response.mimetype == "application/x-research-info-systems"
    assert 'filename="searchapp-export.ris"' in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).split("\r\n") == [
        "TY  - NEWS", "TI  - Wheat talks resume", "T2  - Farm Weekly", "AU  - Jo Marsh", "AU  - Ann Lee",
        "DA  - 2025/02/03", "PY  - 2025", "UR  - https://example.com/wheat", "AN  - a", "ER  - ", "",
        "TY  - NEWS", "TI  - Wheat falls", "AU  - Marsh, Jo", "DA  - 2025/02/01", "PY  - 2025", "AN  - b", "ER  - ", "",
        "TY  - NEWS", "AU  - Jo Marsh", "AU  - Ann Lee", "DA  - 2025/01/01", "PY  - 2025", "AN  - d", "ER  - ", "",
        "TY  - NEWS", "AN  - c", "ER  - ", "", "",
    ]  # fmt: skip


def test_the_authors_who_wrote_the_most_matches(tmp_path):
    """facets.author: the people who wrote the most matches, each of an author line's people
    counted ("Jo Marsh, Ann Lee" and "Jo Marsh and Ann Lee" are two; "Marsh, Jo" is one, as
    written), after the filters; the page lists them, each narrowing the search to its articles
    with `author:"name"` in the query."""
    records = [
        {"id": "a", "body": "Wheat rose.", "author": ["Jo Marsh", "Ann Lee"], "outlet": "Farm Weekly"},
        {"id": "b", "body": "Wheat fell.", "author": "Jo Marsh", "outlet": "Grain Post"},
        {"id": "c", "body": "Wheat held.", "author": "Marsh, Jo", "outlet": "Farm Weekly"},
        {"id": "d", "body": "Oil rose.", "author": "Ann Lee", "outlet": "Farm Weekly"},
        {"id": "e", "body": "Wheat rallied.", "author": "Jo Marsh and Ann Lee", "outlet": "Farm Weekly"},
        {"id": "f", "body": "Wheat slid.", "outlet": "Farm Weekly"},
    ]
    client = _client_of(tmp_path, records)

    def authors(**args: str) -> list[tuple[str, int]]:
        facet = client.get("/api/search", query_string=args).get_json()["facets"]["author"]
        return [(item["value"], item["count"]) for item in facet]

    assert authors(q="wheat") == [("Jo Marsh", 3), ("Ann Lee", 2), ("Marsh, Jo", 1)]
    assert authors(q="wheat", outlet="Farm Weekly") == [("Ann Lee", 2), ("Jo Marsh", 2), ("Marsh, Jo", 1)]
    assert authors(q="oil") == [("Ann Lee", 1)] and authors(q="nothing") == []
    page = client.get("/", query_string={"q": "wheat"}).get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Jo Marsh</a> <span class="n">3</span>', page)
    assert link and html.unescape(link[1]) == "/?q=wheat+author%3A%22Jo+Marsh%22"
    narrowed = client.get(html.unescape(link[1]).replace("/?", "/api/search?")).get_json()
    assert sorted(hit["id"] for hit in narrowed["results"]) == ["a", "b", "e"]


def test_feed_follows_a_search_latest_first(tmp_path):
    """/api/feed: a search's matches as Atom that a feed reader can parse (escaped, stripped of
    what XML cannot hold), filters applied, copies folded, those indexed last first: an article
    indexed later comes first, however old its own date; an unchanged feed answers 304; a bad
    request is a 400; the results page links it."""
    from xml.etree import ElementTree as ET

    from searchapp.index import build_index

    ns = {"a": "http://www.w3.org/2005/Atom"}
    wire = "Grain shipments from the port resumed after the strike ended, traders said on Tuesday. " * 12
    records = [
        {"id": "old", "title": "Wheat report", "body": "Wheat prices rose.", "date": "2025-02-01", "outlet": "Farm Weekly"},
        {"id": "new", "title": "Wheat & <b>barley</b>\x0c", "body": "Wheat fell.\x00", "date": "2025-02-03T09:30:00",
         "outlet": "Grain Post", "author": "A. Writer", "url": "https://example.com/wheat?a=1&b=2"},
        {"id": "undated", "title": "Wheat undated", "body": "Wheat stocks.", "outlet": "Farm Weekly"},
        {"id": "other", "title": "Oil report", "body": "Oil rose.", "date": "2025-02-05", "outlet": "Farm Weekly"},
        {"id": "wire1", "title": "Wheat strike", "body": "Wheat. " + wire, "date": "2025-02-02", "outlet": "Grain Post"},
        {"id": "wire2", "title": "Wheat strike", "body": "Wheat. " + wire, "date": "2025-02-02", "outlet": "Farm Weekly"},
    ]  # fmt: skip
    client = _client_of(tmp_path, records)

    response = client.get("/api/feed", query_string={"q": "wheat"})
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # (a form feed or a NUL left in would make this fail)
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [
        "Wheat & <b>barley</b>",  # text, as typed: the reader escapes it
        "Wheat strike",  # one entry for the two copies
        "Wheat report",
        "Wheat undated",  # all indexed at once: by their own dates, undated last
    ]
    assert "&lt;b&gt;" in response.get_data(as_text=True)
    assert feed.find("a:title", ns).text == "“wheat” · searchapp"
    first = entries[0]
    assert first.find("a:id", ns).text.endswith("/articles/new")
    assert first.find("a:link[@rel='alternate']", ns).get("href").endswith("/articles/new?q=wheat")
    assert first.find("a:link[@rel='related']", ns).get("href") == "https://example.com/wheat?a=1&b=2"
    assert first.find("a:published", ns).text == "2025-02-03T09:30:00Z"
    assert first.find("a:author/a:name", ns).text == "A. Writer"
    assert first.find("a:category", ns).get("term") == "Grain Post"
    assert (
        "Wheat fell" in first.find("a:summary", ns).text and "<mark>" not in first.find("a:summary", ns).text
    )
    added = client.get("/api/search", query_string={"q": "wheat"}).get_json()["results"][0]["added"]
    assert {e.find("a:updated", ns).text for e in entries} == {added}  # when first indexed
    assert entries[-1].find("a:published", ns) is None
    assert feed.find("a:updated", ns).text == added

    narrowed = client.get(
        "/api/feed", query_string={"q": "wheat", "outlet": "Farm Weekly", "from": "2025-02-01"}
    )
    ids = [
        e.find("a:id", ns).text.rsplit("/", 1)[1] for e in ET.fromstring(narrowed.data).findall("a:entry", ns)
    ]
    assert ids == ["wire2", "old"]  # (the copy that Farm Weekly ran; the undated one is outside the dates)

    etag = response.headers["ETag"]
    assert (
        client.get("/api/feed", query_string={"q": "wheat"}, headers={"If-None-Match": etag}).status_code
        == 304
    )
    seeds = tmp_path / "seeds"
    later = {"id": "later", "title": "Wheat harvest", "body": "Wheat harvest began.", "date": "2019-08-01"}
    (seeds / "later.jsonl").write_text(json.dumps(later) + "\n")
    _next_second()
    build_index(seeds, tmp_path / "ix")
    response = client.get("/api/feed", query_string={"q": "wheat"}, headers={"If-None-Match": etag})
    assert response.status_code == 200
    latest, *earlier = ET.fromstring(response.data).findall("a:entry", ns)
    assert latest.find("a:title", ns).text == "Wheat harvest"  # a back-filled article: new here
    assert latest.find("a:published", ns).text == "2019-08-01T00:00:00Z"
    assert latest.find("a:updated", ns).text > added == earlier[0].find("a:updated", ns).text

    assert client.get("/api/feed", query_string={"q": "wheat", "per_page": "1"}).data.count(b"<entry>") == 1
    bad = client.get("/api/feed", query_string={"q": "wheat", "from": "yesterday"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_json()["error"]
    page = client.get("/", query_string={"q": "wheat", "sort": "oldest"}).get_data(as_text=True)
    assert (
        '<link rel="alternate" type="application/atom+xml" title="“wheat” · searchapp" href="/api/feed?q=wheat">'
        in page
    )
    assert 'href="/api/feed?q=wheat" type="application/atom+xml">Follow as a feed</a>' in page


def test_sort_by_when_added_keeps_each_articles_first_indexing(tmp_path):
    """sort=added: the articles indexed last first, each rebuild's newest by date first. An
    article keeps the time it was first indexed when its file changes and through a --full
    rebuild; the export and the page's sort menu offer it."""
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    records = [
        {"id": "a", "title": "Tariff talks", "body": "Tariff talks resumed.", "date": "2025-01-02"},
        {"id": "b", "title": "Tariff rise", "body": "Tariffs rose.", "date": "2025-01-05"},
    ]
    (seeds / "first.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    client = _client_over(seeds, tmp_path / "ix")

    def added() -> dict[str, str]:
        data = client.get("/api/search", query_string={"q": "tariff", "sort": "added"}).get_json()
        return {hit["id"]: hit["added"] for hit in data["results"]}

    first = added()
    assert list(first) == ["b", "a"] and len(set(first.values())) == 1  # one build: newest by date first

    _next_second()
    (seeds / "old.jsonl").write_text(
        json.dumps({"id": "c", "title": "Tariff", "body": "Tariffs.", "date": "1999-05-01"})
    )
    records[0]["body"] = "Tariff talks resumed on Monday."  # the file changes: its articles are read again
    (seeds / "first.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    build_index(seeds, tmp_path / "ix")
    second = added()
    assert list(second) == ["c", "b", "a"]  # the back-filled 1999 article first
    assert second["c"] > first["a"] and (second["a"], second["b"]) == (first["a"], first["b"])

    _next_second()
    build_index(seeds, tmp_path / "ix", full=True)
    assert added() == second

    def total(q: str) -> int:
        return client.get("/api/search", query_string={"q": q}).get_json()["total"]

    first_day, today = min(second.values())[:10], second["c"][:10]
    assert total(f"tariff added:[{first_day} TO {today}]") == total(f"added:>{int(first_day[:4]) - 1}") == 3
    assert total("tariff added:<2020") == total(f"added:>{today}") == 0
    assert total(f"added:{today} date:1999") == 1  # (a bound on each field)
    assert client.get("/api/search", query_string={"q": "added:soon"}).status_code == 400

    newest = client.get("/api/search", query_string={"q": "tariff", "sort": "newest"}).get_json()
    assert [hit["id"] for hit in newest["results"]] == ["b", "a", "c"]
    export = client.get("/api/export", query_string={"q": "tariff", "sort": "added", "format": "jsonl"})
    assert [json.loads(line)["added"] for line in export.get_data(as_text=True).splitlines()] == list(
        second.values()
    )
    page = client.get("/", query_string={"q": "tariff", "sort": "added"}).get_data(as_text=True)
    assert '<option value="added" selected>Recently added</option>' in page
    article = client.get("/articles/c").get_data(as_text=True)
    at = second["c"][:-1].replace("T", " ")[:16]
    assert f'indexed <time datetime="{second["c"]}">{at} UTC</time>' in article
    assert client.get("/api/articles/c").get_json()["article"]["added"] == second["c"]
    bad = client.get("/api/search", query_string={"q": "tariff", "sort": "first"})
    assert bad.status_code == 400 and "added" in bad.get_json()["error"]


def test_word_documents_and_nexis_uni_exports(tmp_path):
    """A .docx (or an OpenDocument .odt) is read as a text dump; a Nexis Uni export is split into
    its articles (`#n`), each with its headline, publication, date, byline and body, and nothing
    of the cover page, the tags or the classification; an article without text and a broken file
    are reported."""
    from searchapp.index import build_index

    from .conftest import docx, odt

    nb = "\xa0"  # (Nexis writes a non-breaking space after a tag's colon)
    export = [
        "User Name: Ann Analyst",
        "Date and Time: November 20, 2026 9:15 AM EST",
        "Job Number: 123456",
        "Documents (4)",
        "1. Ports reopen after strike",
        "Client/Matter: -None-",
        "Search Terms: strike",
        "Ports reopen after strike",
        "The Harbour Gazette",
        "March 3, 2021 Wednesday",
        "Copyright 2021 Harbour Media Ltd All Rights Reserved",
        f"Section:{nb}NEWS; Pg. 4",
        f"Length:{nb}412 words",
        f"Byline:{nb}By Jo Marsh",
        "Body",
        "Dockworkers returned to the cranes on Tuesday after a week-long strike.",
        "Shipping lines said backlogs would clear within days.",
        "Classification",
        f"Language:{nb}ENGLISH",
        f"Subject:{nb}STRIKES (90%); LABOR UNIONS (88%)",
        f"Load-Date:{nb}March 4, 2021",
        "End of Document",
        "No Headline In Original",
        "March 5, 2021 Friday 10:15 AM EST",
        "Copyright 2021 Wire Service",
        "Body",
        "Strike talks\tcollapsed at the harbour authority.",
        "Graphic",
        "Photo of idle cranes.",
        f"Load-Date:{nb}March 6, 2021",
        "End of Document",
        "Cranes idle",
        "The Harbour Gazette",
        "March 7, 2021 Sunday",
        "Copyright 2021 Harbour Media Ltd",
        "Body",
        f"Load-Date:{nb}March 8, 2021",
        "End of Document",
        "Harbours after the strike",
        "Ports Monthly",
        "April 2021",
        "Copyright 2021 Ports Monthly",
        "Body",
        "A month on from the strike, the harbour is busy.",
        "End of Document",
    ]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "nexis.docx").write_bytes(docx(export))
    (seeds / "memo.docx").write_bytes(
        docx(["Harbour strike ends", "By Lee Park", "The strike at the harbour ended."])
    )
    (seeds / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    (seeds / "talks.odt").write_bytes(
        odt(["Harbour strike talks", "By Ann Lee", "Talks on the strike resumed."])
    )
    (seeds / "broken.odt").write_bytes(docx(["A Word document named .odt"]))
    report = build_index(seeds, tmp_path / "ix")
    from searchapp.app import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    problems = {(p.source, p.reason) for p in report.problems}
    assert ("nexis.docx#3", "no article text found") in problems
    assert any(source == "broken.docx" and "not a readable Word document" in why for source, why in problems)
    assert ("broken.odt", "not a readable OpenDocument text (no content.xml inside)") in problems
    hits = client.get("/api/search", query_string={"q": "strike", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["outlet"], h["date"], h["author"]) for h in hits] == [
        ("nexis.docx#1", "Ports reopen after strike", "The Harbour Gazette", "2021-03-03", "Jo Marsh"),
        ("nexis.docx#2", "", None, "2021-03-05T15:15:00", None),
        ("nexis.docx#4", "Harbours after the strike", "Ports Monthly", "2021-04-01", None),  # (a monthly)
        ("memo.docx", "Harbour strike ends", None, None, "Lee Park"),
        ("talks.odt", "Harbour strike talks", None, None, "Ann Lee"),
    ]
    first = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert first.startswith("Dockworkers returned") and first.endswith("clear within days.")
    for cover_or_tag in ("Analyst", "123456", "Client", "words", "Subject", "Photo", "English"):
        assert client.get("/api/search", query_string={"q": cover_or_tag}).get_json()["total"] == 0, (
            cover_or_tag
        )
    assert client.get("/api/search", query_string={"q": '"talks collapsed"'}).get_json()["total"] == 1


def test_a_nexis_uni_download_as_pdf_is_split_into_its_articles(tmp_path):
    """A Nexis Uni download saved as PDF (tests/data/nexis.pdf, laid out as Nexis Uni lays out
    its downloads, printed by Chromium with a page number at each page's foot) is split into its
    articles as its DOCX is: headline, publication, date, byline and text, without the cover
    page, the tags or the page numbers; a headline on a new page is not read as the sentence
    before it going on."""
    import shutil

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "nexis.pdf", seeds / "nexis.pdf")
    client = _client_over(seeds, tmp_path / "ix")
    hits = client.get("/api/search", query_string={"q": "strike OR ferry", "sort": "oldest"}).get_json()[
        "results"
    ]
    assert [(h["source"], h["title"], h["outlet"], h["date"], h["author"]) for h in hits] == [
        ("nexis.pdf#1", "Ports reopen after strike", "The Harbour Gazette", "2021-03-03", "Jo Marsh"),
        (
            "nexis.pdf#2",
            "Ferry fares frozen for the winter",
            "Island Courier",
            "2021-03-05T15:15:00",
            "Ann Lee",
        ),
        ("nexis.pdf#3", "Harbours after the strike", "Ports Monthly", "2021-04-01", None),
    ]
    body = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert body == (
        "Dockworkers returned to the cranes on Tuesday after a week-long strike over pay and night shifts,"
        " the union said, and the first ships were unloaded before noon.\n\n"
        "Shipping lines said the backlog of some forty vessels would clear within days."
    )
    for not_text in ("analyst", "client", "words", "english", "page"):
        assert client.get("/api/search", query_string={"q": not_text}).get_json()["total"] == 0, not_text


def test_pages_saved_as_one_file_by_chrome_or_safari_are_read(tmp_path):
    """A page saved as MHTML (tests/data/saved.mhtml, saved by Chromium with its stylesheet, photo
    and a frame) or as a Safari web archive is read as a saved .html page is: its article, title,
    author and site, in its own charset, with the address it was saved from (and the date that
    address holds, not a year its text mentions); its frames, images and styles are not text, nor
    its navigation. A file of either kind that holds no page is reported."""
    import shutil

    from searchapp.index import build_index

    from .conftest import webarchive

    safari = (
        "<html><head><title>Рыбаки вернулись в порт</title></head><body><article>"
        "<h1>Рыбаки вернулись в порт</h1><p>Рыболовецкие суда вернулись в порт Мурманска после "
        "шторма, который продолжался три дня и закрыл залив для всех судов.</p>"
        "<p>Капитаны говорят, что улов в этом сезоне был хорошим, несмотря на погоду.</p>"
        "</article></body></html>"
    )
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "saved.mhtml", seeds / "hochwasser.mhtml")
    (seeds / "port.webarchive").write_bytes(
        webarchive(safari.encode("iso-8859-5"), "iso-8859-5", "https://severnews.example/2026/10/02/port")
    )
    (seeds / "no page.mhtml").write_bytes(b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n\r\n")
    (seeds / "broken.webarchive").write_bytes(b"bplist00 not really")
    report = build_index(seeds, tmp_path / "ix")
    from searchapp.app import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    assert {(p.source, p.reason) for p in report.problems} == {
        ("no page.mhtml", "no web page in the MHTML file"),
        ("broken.webarchive", "not a readable Safari web archive (InvalidFileException)"),
    }
    [hit] = client.get("/api/search", query_string={"q": "hochwasser limmat"}).get_json()["results"]
    assert (hit["source"], hit["title"], hit["outlet"], hit["author"], hit["date"], hit["url"]) == (
        "hochwasser.mhtml",
        "Hochwasser in Zürich: Altstadt evakuiert",
        "Alpenpost",
        "Anna Keller",
        "2026-11-20",
        "https://www.alpenpost.example/2026/11/20/hochwasser-zuerich",
    )
    body = client.get(f"/api/articles/{hit['id']}").get_json()["article"]["body"]
    assert body.startswith("Die Dämme an der Limmat") and body.endswith("eine Woche lang schloss.")
    [hit] = client.get("/api/search", query_string={"q": "рыбаки"}).get_json()["results"]
    assert (hit["source"], hit["title"], hit["outlet"], hit["date"], hit["url"]) == (
        "port.webarchive",
        "Рыбаки вернулись в порт",
        "severnews.example",
        "2026-10-02",
        "https://severnews.example/2026/10/02/port",
    )
    for not_text in ("stilwort", "rahmenwort", "Startseite", "imageword"):
        assert client.get("/api/search", query_string={"q": not_text}).get_json()["total"] == 0, not_text


def test_evernote_exports_are_split_into_their_notes(tmp_path):
    """An Evernote export (.enex) is split into its notes (`file.enex#n`), each read as a saved
    page: a web clip's article with its headline, and the address it was clipped from as its URL
    (with the date and site it holds); its images are not text, nor its clipping date. A note
    without text (a clip of an image) is reported, and so is where a broken export stops, after the
    notes before it."""
    from searchapp.index import build_index

    from .conftest import enex

    clip = (
        "<h1>Harbour workers end strike</h1><p>Dockworkers returned to work on Tuesday after a "
        "two-week strike over pay, and the first container ships were unloaded by the evening.</p>"
        "<p>The union said the new contract raised wages by six percent over two years.</p>"
    )
    dated = (
        "<h1>Ferry timetable cut</h1><div class='byline'>By Lee Park, 3 February 2025</div>"
        "<p>The island ferry will sail twice a day instead of four times from March, the operator "
        "said, blaming the cost of fuel and a shortage of crew after the strike.</p>"
    )
    notes = [
        {
            "title": "Harbour workers end strike - The Harbour Gazette",
            "content": clip,
            "url": "https://harbourgazette.example/2026/11/17/strike-ends",
        },
        {"title": "Screenshot", "content": ""},  # (a clip of an image alone)
        {"title": "Ferry timetable cut", "content": dated},
    ]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "clips.enex").write_bytes(enex(notes))
    fees = (
        "<h1>Port fees rise</h1><p>The port authority raised its fees for cargo ships by a tenth on "
        "Monday, the first rise since the strike, and shipping lines said they would pass it on.</p>"
    )
    broken = enex([{"title": "Port fees rise", "content": fees}, notes[2]])
    (seeds / "broken.enex").write_bytes(broken[: broken.index(b"Ferry timetable cut") + 100])
    report = build_index(seeds, tmp_path / "ix")
    from searchapp.app import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    problems = {(p.source, p.reason.split(" (")[0]) for p in report.problems}
    assert problems == {
        ("clips.enex#2", "no article text found in the HTML"),
        ("broken.enex", "not a readable Evernote export"),
    }
    assert [p.reason for p in report.problems if p.source == "broken.enex"][0].endswith("; read up to note 1")
    hits = client.get("/api/search", query_string={"q": "strike", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["date"], h["outlet"], h["url"]) for h in hits] == [
        ("clips.enex#3", "Ferry timetable cut", "2025-02-03", None, None),
        (
            "clips.enex#1",
            "Harbour workers end strike",
            "2026-11-17",
            "harbourgazette.example",
            "https://harbourgazette.example/2026/11/17/strike-ends",
        ),
        ("broken.enex#1", "Port fees rise", None, None, None),  # (undated last)
    ]
    body = client.get(f"/api/articles/{hits[1]['id']}").get_json()["article"]["body"]
    assert body.startswith("Dockworkers returned to work") and body.endswith("over two years.")
    for not_text in ("imageword", "clippings", "screenshot"):
        assert client.get("/api/search", query_string={"q": not_text}).get_json()["total"] == 0, not_text


NEWS_RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>NYT &gt; World News</title>
  <link>https://www.nytimes.com/section/world</link>
  <atom:link href="https://rss.nytimes.com/services/xml/rss/nyt/World.xml" rel="self"/>
  <image><title>NYT &gt; World News</title><url>https://static01.nyt.com/logo.png</url></image>
  <item>
    <title>Drones Strike Refinery as Ceasefire Talks Stall</title>
    <atom:link href="https://www.nytimes.com/2026/11/24/world/refinery.html" rel="standout"/>
    <link>https://www.nytimes.com/2026/11/24/world/refinery.html</link>
    <description>Drones hit a refinery on the Volga overnight, officials said, as negotiators in Geneva
      failed to agree on a ceasefire timetable for the third week running.</description>
    <dc:creator>Jane Roe</dc:creator>
    <dc:creator>John Doe</dc:creator>
    <pubDate>Tue, 24 Nov 2026 10:14:05 +0000</pubDate>
    <media:content url="https://static01.nyt.com/refinery.jpg" medium="image"/>
    <media:title>Firefighters at the refinery</media:title>
    <media:description>Firefighters sprayed foam on the burning tanks.</media:description>
  </item>
  <item>
    <title>Headline of a story without its text</title>
    <link>https://www.nytimes.com/2026/11/24/world/headline.html</link>
  </item>
  <item>
    <title>Harbour strike ends after &lt;em&gt;two weeks&lt;/em&gt; - The Harbour Gazette</title>
    <guid>https://harbourgazette.example/strike-ends</guid>
    <author>desk@harbourgazette.example (Lee Park)</author>
    <pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>
    <source url="https://harbourgazette.example/rss">The Harbour Gazette</source>
    <description><![CDATA[<p>Dockworkers went back to work on Monday after a strike over pay.</p>]]></description>
    <content:encoded><![CDATA[<p>Dockworkers went back to work on Monday after a two-week strike over pay,
      and the first ships were unloaded by the evening.</p><p>The union said the contract raised
      wages by six percent over two years.</p><script>alert(1)</script>]]></content:encoded>
  </item>
  <item>
    <title>Grain prices slip</title>
    <link>https://grainwire.example/prices</link>
    <pubDate>on a Tuesday</pubDate>
    <description>Wheat futures slipped for a third day as the harvest in the south came in larger than traders expected.</description>
  </item>
</channel>
</rss>
"""
BLOG_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Notes</title>
  <link rel="self" href="https://harbournotes.example/feed.atom"/>
  <link rel="alternate" href="https://harbournotes.example/"/>
  <updated>2026-11-20T08:00:00Z</updated>
  <entry>
    <title type="html">Port fees rise &amp;amp; shippers object</title>
    <link rel="replies" href="https://harbournotes.example/2026/port-fees#comments"/>
    <link rel="alternate" href="/2026/port-fees"/>
    <published>2026-11-19T07:30:00+01:00</published>
    <updated>2026-11-20T08:00:00Z</updated>
    <author><name>Ann Lee</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The harbour board raised
      berthing fees by nine percent on Wednesday, the second rise this year.</p><p>Shippers said
      the increase would be passed on to importers of grain and timber.</p></div></content>
  </entry>
  <entry>
    <title>Ferry timetable cut</title>
    <link href="https://harbournotes.example/2026/ferry"/>
    <updated>2026-11-18T10:00:00Z</updated>
    <summary>The winter ferry timetable drops the late crossing to the island from December,
      after the strike left the operator short of crew.</summary>
  </entry>
</feed>
"""
RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://tidings.example/"><title>Tidings</title><link>https://tidings.example/</link></channel>
  <item rdf:about="https://tidings.example/lock">
    <title>Canal lock reopens</title>
    <link>https://tidings.example/lock</link>
    <dc:date>2026-11-02</dc:date>
    <description>The canal lock reopened after repairs, and barges loaded with grain passed again.</description>
  </item>
</rdf:RDF>
"""


def test_news_feeds_are_split_into_their_items(tmp_path):
    """A saved news feed (RSS 2.0, RSS 1.0, Atom; .rss, .atom or .xml) is split into its items
    (`file#n`), each read as a saved page of its content (the whole article where the feed has
    it, else its summary), with the feed's headline, address, date, authors and outlet: the
    item's own source (Google News's, whose name it takes off the headline), else its address's
    outlet as the table names it, else the feed's title.
    An item without text, a date that is none, an XML file that is no feed and a feed cut short
    are reported, the items before the cut indexed."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "world.xml").write_text(NEWS_RSS, encoding="utf-8")
    (seeds / "notes.atom").write_text(BLOG_ATOM, encoding="utf-8")
    (seeds / "tidings.rss").write_text(RDF, encoding="utf-8")
    (seeds / "cut.rss").write_text(NEWS_RSS[: NEWS_RSS.index("Headline of a story")], encoding="utf-8")
    (seeds / "sitemap.xml").write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')
    report = build_index(seeds, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()

    assert {(p.source, p.reason) for p in report.problems} == {
        ("world.xml#2", "no article text found in the HTML"),
        ("world.xml#4", "date 'on a Tuesday' is not a date; ignored"),
        ("cut.rss", "not a readable news feed (no element found: line 23, column 11); read up to item 1"),
        ("sitemap.xml", "not a news feed (RSS or Atom): its root element is <urlset>"),
    }
    assert report.duplicates == [("world.xml#1", "cut.rss#1")]  # (a feed saved again holds its items)

    def found(q: str) -> list[tuple]:
        hits = client.get("/api/search", query_string={"q": q, "sort": "oldest"}).get_json()["results"]
        return [(h["source"], h["title"], h["date"], h["outlet"], h["author"], h["url"]) for h in hits]

    assert found("refinery") == [
        (
            "cut.rss#1",
            "Drones Strike Refinery as Ceasefire Talks Stall",
            "2026-11-24T10:14:05",
            "The New York Times",  # (its address's outlet, not the feed's "NYT > World News")
            "Jane Roe, John Doe",
            "https://www.nytimes.com/2026/11/24/world/refinery.html",
        )
    ]
    assert found("strike") == [
        (
            "notes.atom#2",
            "Ferry timetable cut",
            "2026-11-18T10:00:00",  # (updated: it has no published date)
            "Harbour Notes",
            None,
            "https://harbournotes.example/2026/ferry",
        ),
        (
            "world.xml#3",
            "Harbour strike ends after two weeks",
            "2026-11-23T08:00:00",
            "The Harbour Gazette",
            "Lee Park",
            "https://harbourgazette.example/strike-ends",
        ),
        found("refinery")[0],
    ]
    assert found("grain") == [
        (
            "tidings.rss#1",
            "Canal lock reopens",
            "2026-11-02",
            "Tidings",
            None,
            "https://tidings.example/lock",
        ),
        (
            "notes.atom#1",
            "Port fees rise & shippers object",
            "2026-11-19T06:30:00",
            "Harbour Notes",
            "Ann Lee",
            "https://harbournotes.example/2026/port-fees",
        ),
        (
            "world.xml#4",
            "Grain prices slip",
            None,
            "grainwire.example",
            None,
            "https://grainwire.example/prices",
        ),
    ]
    strike = client.get("/api/search", query_string={"q": "dockworkers"}).get_json()["results"][0]
    body = client.get(f"/api/articles/{strike['id']}").get_json()["article"]["body"]
    assert body.startswith("Dockworkers went back to work on Monday after a two-week strike")
    assert body.endswith("over two years.")
    for not_text in ("firefighters", "alert", "nyt", "comments"):
        assert client.get("/api/search", query_string={"q": not_text}).get_json()["total"] == 0, not_text


NYT_NITF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd">
<nitf change.date="June 10, 2005" change.time="19:30" version="-//IPTC//DTD NITF 3.3//EN">
  <head>
    <title>Harbour Pilots Walk Out</title>
    <meta content="B" name="print_section"/>
    <pubdata date.publication="19960103T000000" ex-ref="http://query.nytimes.com/gst/fullpage.html?res=9A0C" item-length="412" name="The New York Times" unit-of-measure="word"/>
    <docdata>
      <doc-id id-string="815012"/>
      <doc.copyright holder="The New York Times" year="1996"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Harbour Pilots Walk Out Over Night Shifts</hl1></hedline>
      <byline class="print_byline">By MARIA OLSEN</byline>
      <byline class="normalized_byline">Olsen, Maria</byline>
      <abstract><p>Pilots strike; ships wait offshore.</p></abstract>
    </body.head>
    <body.content>
      <block class="lead_paragraph">
        <p>Harbour pilots walked out at dawn on Tuesday, leaving forty ships at anchor.</p>
      </block>
      <block class="full_text">
        <p>Harbour pilots walked out at dawn on Tuesday, leaving forty ships at anchor.</p>
        <p>The pilots' union said the <org>Port Authority</org> had doubled night shifts
        without notice; the authority said talks would resume on Friday.</p>
      </block>
    </body.content>
  </body>
</nitf>
"""

G2_MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2026-11-20T09:00:00Z</sent></header>
  <itemSet>
    <newsItem guid="tag:wire.example,2026:newsml_A1" standard="NewsML-G2" standardversion="2.28">
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider literal="reuters.com"/>
        <versionCreated>2026-11-20T08:59:00Z</versionCreated>
        <firstCreated>2026-11-20T08:30:00Z</firstCreated>
      </itemMeta>
      <contentMeta>
        <headline>Grain barges stranded as river falls</headline>
        <by>By Tom Reyes and Ana Lima</by>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/xhtml+xml">
          <html xmlns="http://www.w3.org/1999/xhtml"><head><title>ignored head</title></head>
          <body><p>Grain barges sat stranded on Thursday&nbsp;as the river fell to a record low.</p>
          <p>Shippers said the drought had cut loads by half &mdash; the worst since 1988.</p></body></html>
        </inlineXML>
      </contentSet>
    </newsItem>
    <newsItem guid="tag:wire.example,2026:newsml_A2" standard="NewsML-G2">
      <itemMeta><itemClass qcode="ninat:picture"/><provider qcode="nprov:REUTERS"/></itemMeta>
      <contentMeta><headline>Barges on the river</headline></contentMeta>
      <contentSet><remoteContent href="https://wire.example/barges.jpg" contenttype="image/jpeg"/></contentSet>
    </newsItem>
    <newsItem guid="tag:wire.example,2026:newsml_A3" standard="NewsML-G2">
      <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AP"/></itemMeta>
      <contentMeta>
        <contentCreated>2026-11-19T16:00:00-05:00</contentCreated>
        <creator><name>Ruth Kagame</name></creator>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/nitf+xml">
          <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">
            <body><body.head><hedline><hl1>Ferry fares frozen for winter</hl1></hedline>
            <byline>By Ruth Kagame<byttl>AP Writer</byttl></byline></body.head>
            <body.content><p>Ferry fares will stay frozen through the winter, the operator said.</p>
            <media media-type="image"><media-caption>A ferry at the quay.</media-caption></media>
            <p>Commuters had feared a rise of a fifth.</p></body.content></body>
          </nitf>
        </inlineXML>
      </contentSet>
    </newsItem>
  </itemSet>
</newsMessage>
"""

NEWSML1 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<NewsML Version="1.2">
  <NewsEnvelope><DateAndTime>20261118T101500Z</DateAndTime></NewsEnvelope>
  <NewsItem>
    <Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><NewsItemId>TX-1</NewsItemId>
    </NewsIdentifier></Identification>
    <NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20261118T101500Z</FirstCreated></NewsManagement>
    <NewsComponent>
      <NewsLines><HeadLine>Caf\xe9 owners protest night-time tax</HeadLine><ByLine>Luc Moreau</ByLine></NewsLines>
      <NewsComponent>
        <ContentItem><MediaType FormalName="Text"/><DataContent><p>Caf\xe9 owners marched on the town hall over the night-time tax.</p><p>The mayor agreed to meet them on Monday.</p></DataContent></ContentItem>
      </NewsComponent>
    </NewsComponent>
  </NewsItem>
</NewsML>
"""

RCV1_ITEM = """<?xml version="1.0" encoding="iso-8859-1" ?>
<newsitem itemid="2286" id="root" date="1996-08-20" xml:lang="en">
<title>MEXICO: Recovery brings Mexican markets to life.</title>
<headline>Recovery brings Mexican markets to life.</headline>
<byline>Henry Tricks</byline>
<dateline>MEXICO CITY</dateline>
<text>
<p>Emerging evidence that Mexico's economy was back on the recovery track sent Mexican markets into a buzz.</p>
<p>Analysts said the peso would hold its ground.</p>
</text>
<copyright>(c) Reuters Limited 1996</copyright>
<metadata>
<codes class="bip:countries:1.0"><code code="MEX"></code></codes>
<dc element="dc.date.created" value="1996-08-20"/>
<dc element="dc.publisher" value="Reuters Holdings Plc"/>
<dc element="dc.date.published" value="1996-08-20"/>
<dc element="dc.source" value="Reuters"/>
</metadata>
</newsitem>
"""


def test_news_agencies_stories_are_read_as_the_agency_marked_them_up(tmp_path):
    """An agency's story in .xml is read by its format (wire.py): NITF as the New York Times
    Annotated Corpus writes it (the full text alone, not its lead paragraphs again; the print
    byline; the publication's date, address and name), a NewsML-G2 message split into its items
    (XHTML or NITF inline; a photo's item, without text, reported), NewsML 1 and Reuters Corpus
    Volume 1's newsitem. HTML's named entities (`&nbsp;`), which XML does not know, are read,
    in a news feed too; a broken story is reported by name."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "1996" / "01" / "03").mkdir(parents=True)
    (seeds / "1996" / "01" / "03" / "815012.xml").write_text(NYT_NITF, encoding="utf-8")
    (seeds / "wire.xml").write_text(G2_MESSAGE, encoding="utf-8")
    (seeds / "afp.xml").write_bytes(NEWSML1.encode("latin-1"))
    (seeds / "2286newsML.xml").write_bytes(RCV1_ITEM.encode("latin-1"))
    (seeds / "broken.xml").write_text(NYT_NITF[: NYT_NITF.index("<body.content>")], encoding="utf-8")
    feed = NEWS_RSS.replace("Dockworkers went back", "Dockworkers&nbsp;went back")
    (seeds / "world.rss").write_text(
        feed.replace("Harbour strike ends", "Harbour strike ends &mdash; at last")
    )
    report = build_index(seeds, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()

    assert {(p.source, p.reason.split(":")[0]) for p in report.problems} >= {
        ("wire.xml#2", "no article text found"),
        ("broken.xml", "not a readable news agency story (no element found"),
    }
    assert not [
        p
        for p in report.problems
        if p.source.startswith(("1996/", "afp", "2286", "wire.xml#1", "wire.xml#3"))
    ]

    def found(q: str) -> list[tuple]:
        hits = client.get("/api/search", query_string={"q": q}).get_json()["results"]
        return [(h["source"], h["title"], h["date"], h["outlet"], h["author"], h["url"]) for h in hits]

    def body(q: str) -> str:
        [hit] = client.get("/api/search", query_string={"q": q}).get_json()["results"]
        return client.get(f"/api/articles/{hit['id']}").get_json()["article"]["body"]

    assert found("pilots") == [
        (
            "1996/01/03/815012.xml",
            "Harbour Pilots Walk Out Over Night Shifts",
            "1996-01-03",
            "The New York Times",
            "MARIA OLSEN",
            "http://query.nytimes.com/gst/fullpage.html?res=9A0C",
        )
    ]
    assert body("pilots") == (
        "Harbour pilots walked out at dawn on Tuesday, leaving forty ships at anchor.\n\n"
        "The pilots' union said the Port Authority had doubled night shifts without notice; the"
        " authority said talks would resume on Friday."
    )
    assert found("barges") == [
        (
            "wire.xml#1",
            "Grain barges stranded as river falls",
            "2026-11-20T08:30:00",
            "Reuters",
            "Tom Reyes and Ana Lima",
            None,
        )
    ]
    assert body("barges") == (
        "Grain barges sat stranded on Thursday as the river fell to a record low.\n\n"
        "Shippers said the drought had cut loads by half \u2014 the worst since 1988."
    )
    assert found("ferry fares") == [
        ("wire.xml#3", "Ferry fares frozen for winter", "2026-11-19T21:00:00", "AP", "Ruth Kagame", None)
    ]
    assert body("ferry fares") == (
        "Ferry fares will stay frozen through the winter, the operator said.\n\n"
        "Commuters had feared a rise of a fifth."
    )
    assert found("caf\xe9") == [
        ("afp.xml", "Caf\xe9 owners protest night-time tax", "2026-11-18", "AFP", "Luc Moreau", None)
    ]
    assert found("peso") == [
        (
            "2286newsML.xml",
            "Recovery brings Mexican markets to life.",
            "1996-08-20",
            "Reuters",
            "Henry Tricks",
            None,
        )
    ]
    assert client.get("/api/search", query_string={"q": "ignored"}).get_json()["total"] == 0
    assert client.get("/api/search", query_string={"q": "quay"}).get_json()["total"] == 0
    assert client.get("/api/search", query_string={"q": "dockworkers"}).get_json()["total"] == 1
    assert found("strike ends")[0][1] == "Harbour strike ends \u2014 at last after two weeks"


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://harbourgazette.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[jsmith]]></wp:author_login>
    <wp:author_display_name><![CDATA[Jane Smith]]></wp:author_display_name></wp:author>
  <item>
    <title>Tug crews vote to strike</title>
    <link>https://harbourgazette.example/2026/11/tug-crews-vote/</link>
    <pubDate>Tue, 17 Nov 2026 09:00:00 +0000</pubDate>
    <dc:creator><![CDATA[jsmith]]></dc:creator>
    <guid isPermaLink="false">https://harbourgazette.example/?p=41</guid>
    <content:encoded><![CDATA[Tug crews voted on Monday to strike over <strong>rosters</strong>, their union said.

The port said tugs would still serve ships carrying fuel.]]></content:encoded>
    <wp:post_id>41</wp:post_id><wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
  </item>
  <item>
    <title>tug-photo</title>
    <link>https://harbourgazette.example/tug-photo/</link>
    <dc:creator><![CDATA[jsmith]]></dc:creator>
    <content:encoded><![CDATA[]]></content:encoded>
    <wp:status><![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type>
  </item>
  <item>
    <title>About us</title>
    <content:encoded><![CDATA[The Harbour Gazette has covered the port since 1921 and its tug crews too.]]></content:encoded>
    <wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[page]]></wp:post_type>
  </item>
  <item>
    <title>Tug strike: what next (draft)</title>
    <pubDate>Mon, 30 Nov -0001 00:00:00 +0000</pubDate>
    <content:encoded><![CDATA[Notes on the tug strike, not ready.]]></content:encoded>
    <wp:status><![CDATA[draft]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
  </item>
  <item>
    <title>Ferry timetable changes</title>
    <link>https://harbourgazette.example/stories/ferry-timetable/</link>
    <pubDate>Wed, 18 Nov 2026 07:30:00 +0000</pubDate>
    <dc:creator><![CDATA[guestwriter]]></dc:creator>
    <content:encoded><![CDATA[<!-- wp:paragraph --><p>The winter ferry timetable starts on Sunday, with tugs on standby.</p><!-- /wp:paragraph -->]]></content:encoded>
    <wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[story]]></wp:post_type>
  </item>
</channel>
</rss>
"""


def test_archives_are_read_member_by_member(tmp_path):
    """A .zip, .tar, .tgz or .tar.gz of article files (a database's download, a dataset, the NYT
    corpus's days) is read member by member without unpacking it, each member as the file it is,
    named `archive#member` (and `archive#member#n` for a member of several articles); the
    archive's row of the catalog holds for each. Members of a kind not read, archives within
    it, an unreadable archive and where a broken one stops are reported; the members before are
    indexed. A rebuild after the archive is deleted drops its articles."""
    import io
    import random
    import tarfile
    import zipfile

    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    dump = "Harbour pilots walk out\n\nHarbour pilots walked out at dawn on Tuesday, leaving forty ships at anchor.\n"
    records = "".join(
        json.dumps(
            {"title": f"Tug crews vote {n}", "body": f"Tug crews at the harbour voted on motion {n} today."}
        )
        + "\n"
        for n in (1, 2)
    )
    with zipfile.ZipFile(seeds / "download.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Files/pilots.txt", dump)
        archive.writestr("Files/tugs.jsonl", records)
        archive.writestr("Files/photo.png", b"\x89PNG")
        archive.writestr("Files/older.zip", b"PK")
        archive.writestr("__MACOSX/Files/._pilots.txt", b"\x00\x05")
        archive.writestr("Files/.DS_Store", b"\x00")
    stories = io.BytesIO()
    with tarfile.open(fileobj=stories, mode="w:gz") as archive:
        for name, text in (
            ("1996/01/03/815012.xml", NYT_NITF),
            ("1996/01/03/notes.txt", dump.replace("Tuesday", "Wednesday")),
        ):
            member = tarfile.TarInfo(name)
            member.size = len(text.encode())
            archive.addfile(member, io.BytesIO(text.encode()))
    (seeds / "nyt-1996-01-03.tar.gz").write_bytes(stories.getvalue())
    cut = io.BytesIO()
    with tarfile.open(fileobj=cut, mode="w:gz") as archive:
        noise = random.Random(7).randbytes(100_000)  # (not compressed: the cut falls in it)
        for name, data in (("first.txt", dump.replace("Tuesday", "Thursday").encode()), ("noise.txt", noise)):
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    (seeds / "cut.tgz").write_bytes(cut.getvalue()[: len(cut.getvalue()) // 2])  # (in noise.txt)
    (seeds / "broken.zip").write_bytes(b"not a zip at all")
    newer = bytearray((seeds / "download.zip").read_bytes())  # (a zip of a version Python cannot read)
    at = newer.index(b"PK\x01\x02") + 6  # (its central directory's "version needed to extract")
    newer[at : at + 2] = (220).to_bytes(2, "little")
    (seeds / "newer.zip").write_bytes(bytes(newer))
    (seeds / "catalog.csv").write_text("file,outlet\ndownload.zip,Harbour Gazette\n")
    report = build_index(seeds, tmp_path / "ix")
    problems = {(p.source, p.reason.split(" (")[0]) for p in report.problems}
    assert problems == {
        ("download.zip#Files/photo.png", "unsupported file type '.png'"),
        ("download.zip#Files/older.zip", "an archive inside an archive is not read"),
        ("broken.zip", "not a readable archive"),
        ("newer.zip", "not a readable archive"),
        ("cut.tgz#noise.txt", "cannot be unpacked"),
        ("cut.tgz", "not a readable archive"),
    }
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()

    def found(q: str) -> list[tuple]:
        hits = client.get("/api/search", query_string={"q": q, "copies": "show"}).get_json()["results"]
        return sorted((h["source"], h["title"], h["outlet"]) for h in hits)

    assert found("pilots walked") == [
        ("cut.tgz#first.txt", "Harbour pilots walk out", None),
        ("download.zip#Files/pilots.txt", "Harbour pilots walk out", "Harbour Gazette"),
        (
            "nyt-1996-01-03.tar.gz#1996/01/03/815012.xml",
            "Harbour Pilots Walk Out Over Night Shifts",
            "The New York Times",
        ),
        ("nyt-1996-01-03.tar.gz#1996/01/03/notes.txt", "Harbour pilots walk out", None),
    ]
    assert found("tug crews") == [
        ("download.zip#Files/tugs.jsonl#1", "Tug crews vote 1", "Harbour Gazette"),
        ("download.zip#Files/tugs.jsonl#2", "Tug crews vote 2", "Harbour Gazette"),
    ]
    (seeds / "download.zip").unlink()
    (seeds / "catalog.csv").unlink()
    build_index(seeds, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    assert found("tug crews") == []
    assert [source for source, _, _ in found("pilots walked")] == [
        "cut.tgz#first.txt",
        "nyt-1996-01-03.tar.gz#1996/01/03/815012.xml",
        "nyt-1996-01-03.tar.gz#1996/01/03/notes.txt",
    ]


def _warc_record(
    kind: str, uri: str, block: bytes, media: str = "application/http; msgtype=response"
) -> bytes:
    """A WARC/1.1 record, as ArchiveWeb.page and wget write one."""
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-11-24T12:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uri[-12:]:>012}-{kind}>\r\nContent-Type: {media}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def test_a_web_archive_gives_the_html_pages_it_captured(tmp_path):
    """A web archive (.warc, .warc.gz: ArchiveWeb.page's, wget's, a crawler's) gives each HTML
    page it captured as a saved page, with the address it was captured from: a response of 200
    (chunked, gzipped, as the server sent it) or an HTML resource. Its requests, images,
    redirects are passed over; a page in a compression not read (Brotli) and where a cut archive
    breaks off are reported, the pages before it indexed."""
    import gzip

    from searchapp.app import create_app
    from searchapp.index import build_index

    def page(headline: str, text: str) -> bytes:
        paragraphs = "".join(f"<p>{text} Sentence {n} of the report, with more words.</p>" for n in range(6))
        return f"<html><head><title>{headline}</title></head><body><nav>Home | World</nav><article><h1>{headline}</h1>{paragraphs}</article></body></html>".encode()

    pilots = gzip.compress(page("Harbour pilots walk out", "Harbour pilots walked out at dawn on Tuesday."))
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(pilots[i : i + 100]), pilots[i : i + 100]) for i in range(0, len(pilots), 100)
    )
    records = [
        _warc_record("warcinfo", "urn:x", b"software: ArchiveWeb.page", "application/warc-fields"),
        _warc_record(
            "request",
            "https://harbourgazette.example/2026/11/24/pilots",
            b"GET /2026/11/24/pilots HTTP/1.1\r\n\r\n",
            "application/http; msgtype=request",
        ),
        _warc_record(
            "response",
            "https://harbourgazette.example/2026/11/24/pilots",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunked
            + b"0\r\n\r\n",
        ),
        _warc_record(
            "response",
            "https://harbourgazette.example/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ),
        _warc_record(
            "response",
            "https://harbourgazette.example/old",
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nContent-Type: text/html\r\n\r\n<p>Moved</p>",
        ),
        _warc_record(
            "resource",
            "https://harbourgazette.example/2026/11/25/ferry",
            page("Ferry timetable cut", "The harbour ferry will run less often this winter."),
            "text/html; charset=utf-8",
        ),
        _warc_record(
            "response",
            "https://harbourgazette.example/brotli",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n\x1b\x03",
        ),
    ]
    ferry = records[5].split(b"\r\n\r\n", 1)  # (8-bit bytes in a header it reads)
    records[5] = ferry[0].replace(b"charset=utf-8", b"charset=utf-8; note=caf\xe9") + b"\r\n\r\n" + ferry[1]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "crawl.warc.gz").write_bytes(b"".join(gzip.compress(record) for record in records))
    whole = b"".join(
        records[:3] + [records[5].replace(b"ferry will run less often", b"ferry will run more often")]
    )
    (seeds / "cut.warc").write_bytes(whole[:-200])
    report = build_index(seeds, tmp_path / "ix")
    assert {(p.source, p.reason.split(" (")[0]) for p in report.problems} == {
        ("crawl.warc.gz#3", "compressed with br, which is not read"),
        ("cut.warc#2", "the web archive breaks off here"),
    }
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    hits = client.get(
        "/api/search", query_string={"q": "harbour", "copies": "show", "sort": "oldest"}
    ).get_json()["results"]
    assert sorted((h["source"], h["title"], h["date"], h["url"]) for h in hits) == [
        (
            "crawl.warc.gz#1",
            "Harbour pilots walk out",
            "2026-11-24",
            "https://harbourgazette.example/2026/11/24/pilots",
        ),
        (
            "crawl.warc.gz#2",
            "Ferry timetable cut",
            "2026-11-25",
            "https://harbourgazette.example/2026/11/25/ferry",
        ),
    ]
    assert report.duplicates == [("cut.warc#1", "crawl.warc.gz#1")]  # (the page captured twice)
    body = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert body.startswith("Harbour pilots walked out at dawn on Tuesday.") and "Home" not in body


def test_a_file_compressed_whole_is_read_as_the_file_it_holds(tmp_path):
    """A file compressed whole, as datasets come (`articles.jsonl.gz`, `.csv.bz2`, `.xml.xz`), in
    the seeds folder or in an archive, is read as the file it holds; one that cannot be
    uncompressed is reported by name."""
    import bz2
    import gzip
    import lzma
    import zipfile

    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    records = "".join(
        json.dumps(
            {
                "id": f"tug-{n}",
                "title": f"Tug crews vote {n}",
                "body": f"Tug crews at the harbour voted on motion {n}.",
            }
        )
        + "\n"
        for n in (1, 2)
    )
    (seeds / "tugs.jsonl.gz").write_bytes(gzip.compress(records.encode()))
    (seeds / "ferries.csv.bz2").write_bytes(
        bz2.compress(b"title,text\nFerry fares frozen,The harbour ferry keeps its fares.\n")
    )
    (seeds / "815012.xml.xz").write_bytes(lzma.compress(NYT_NITF.encode()))
    (seeds / "broken.jsonl.gz").write_bytes(b"\x1f\x8bnot really gzip")
    with zipfile.ZipFile(seeds / "more.zip", "w") as archive:
        archive.writestr(
            "pilots.jsonl.gz",
            gzip.compress(records.replace("Tug", "Pilot").replace("tug-", "pilot-").encode()),
        )
    report = build_index(seeds, tmp_path / "ix")
    assert [(p.source, p.reason.split(" (")[0]) for p in report.problems] == [
        ("broken.jsonl.gz", "cannot be uncompressed")
    ]
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    hits = client.get("/api/search", query_string={"q": "harbour"}).get_json()["results"]
    assert sorted((h["source"], h["title"]) for h in hits) == [
        ("815012.xml.xz", "Harbour Pilots Walk Out Over Night Shifts"),
        ("ferries.csv.bz2#1", "Ferry fares frozen"),
        ("more.zip#pilots.jsonl.gz#1", "Pilot crews vote 1"),
        ("more.zip#pilots.jsonl.gz#2", "Pilot crews vote 2"),
        ("tugs.jsonl.gz#1", "Tug crews vote 1"),
        ("tugs.jsonl.gz#2", "Tug crews vote 2"),
    ]


def test_captions_are_transcripts_titled_by_their_video(tmp_path):
    """A caption file (.vtt, .srt) is a transcript: the words said, without timings, cue numbers
    or styling, a rolling caption's repeated line once, a paragraph where the speaker changes
    (">>") or pauses. yt-dlp's info file beside a video's captions gives its title, channel, date
    and address, and is not itself reported; without one the file's name less its language and
    video id is the title."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    video = "Harbour board meets [aB3dE5fG7hI]"
    (seeds / f"{video}.en.vtt").write_text(
        "WEBVTT\nKind: captions\nLanguage: en\n\n"
        "00:00:00.000 --> 00:00:02.500 align:start position:0%\n"
        "the<00:00:00.400><c> harbour</c><00:00:00.800><c> board</c>\n\n"
        "00:00:02.500 --> 00:00:02.510 align:start position:0%\nthe harbour board\n\n"
        "00:00:02.510 --> 00:00:05.000 align:start position:0%\nthe harbour board\n"
        "met<00:00:03.000><c> on</c><00:00:03.500><c> monday</c> about mooring fees\n\n"
        "NOTE the chair speaks next\n\n"
        "00:00:09.000 --> 00:00:11.000\n&gt;&gt; THE FEES WILL RISE IN APRIL, SHE SAID.\n"
    )
    (seeds / f"{video}.info.json").write_text(
        json.dumps(
            {
                "id": "aB3dE5fG7hI",
                "title": "Harbour board meets on mooring fees",
                "channel": "Harbour TV",
                "upload_date": "20261124",
                "webpage_url": "https://www.youtube.com/watch?v=aB3dE5fG7hI",
            }
        )
    )
    (seeds / "evening-news.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\n<i>Harbour pilots walked out</i>\nat dawn on Tuesday.\n\n"
        "2\n00:00:04,500 --> 00:00:06,000\n>> REPORTER: Forty ships wait at anchor.\n"
    )
    (seeds / video).write_text("not the video's info, nor an article")  # (reported, not passed over)
    report = build_index(seeds, tmp_path / "ix")
    assert [(p.source, p.reason) for p in report.problems] == [(video, "unsupported file type '(none)'")]
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    hits = client.get("/api/search", query_string={"q": "harbour", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["outlet"], h["date"], h["url"]) for h in hits] == [
        (
            f"{video}.en.vtt",
            "Harbour board meets on mooring fees",
            "Harbour TV",
            "2026-11-24",
            "https://www.youtube.com/watch?v=aB3dE5fG7hI",
        ),
        ("evening-news.srt", "evening-news", None, None, None),
    ]
    bodies = [client.get(f"/api/articles/{h['id']}").get_json()["article"]["body"] for h in hits]
    assert bodies == [
        "the harbour board met on monday about mooring fees\n\nTHE FEES WILL RISE IN APRIL, SHE SAID.",
        "Harbour pilots walked out at dawn on Tuesday.\n\nREPORTER: Forty ships wait at anchor.",
    ]
    assert (
        client.get("/api/search", query_string={"q": '"harbour board the harbour"'}).get_json()["total"] == 0
    )


def test_a_wordpress_export_gives_its_published_posts(tmp_path):
    """A WordPress site's export (WXR, an RSS feed of every post, page and image) gives its
    published posts, and a site's own kinds of post (a "story"), as articles: by their authors'
    names (the export's bylines are logins), in paragraphs where the classic editor saved blank
    lines. Its pages, images and drafts are reported as no article."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "harbourgazette.WordPress.2026-11-20.xml").write_text(WXR, encoding="utf-8")
    report = build_index(seeds, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    assert {(p.source.rpartition("#")[2], p.reason) for p in report.problems} == {
        ("2", "a WordPress attachment, not an article"),
        ("3", "a WordPress page, not an article"),
        ("4", "a WordPress post not published (draft)"),
    }
    hits = client.get("/api/search", query_string={"q": "tugs", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["author"], h["date"], h["outlet"]) for h in hits] == [
        (
            "harbourgazette.WordPress.2026-11-20.xml#1",
            "Tug crews vote to strike",
            "Jane Smith",
            "2026-11-17T09:00:00",
            "Harbour Gazette",
        ),
        (
            "harbourgazette.WordPress.2026-11-20.xml#5",
            "Ferry timetable changes",
            "guestwriter",
            "2026-11-18T07:30:00",
            "Harbour Gazette",
        ),
    ]
    body = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert body == (
        "Tug crews voted on Monday to strike over rosters, their union said.\n\n"
        "The port said tugs would still serve ships carrying fuel."
    )


def test_a_feed_saved_again_keeps_its_items_ids_and_when_they_were_indexed(tmp_path):
    """A feed saved again over its file puts its new items first: each item keeps its article's
    id (from its guid, Atom's id, else its address; not its place) and when it was first indexed,
    so a bookmarked article stays the same and a feed of new matches shows only the new one."""
    from searchapp.index import build_index

    def item(n: int, guid: bool = True) -> str:
        mark = f"<guid isPermaLink='false'>harbour-{n}</guid>" if guid else ""
        return (
            f"<item><title>Harbour story {n}</title><link>https://harbour.example/{n}</link>{mark}"
            f"<description>The harbour board met for the {n}th time about fees.</description></item>"
        )

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    feed = seeds / "harbour.rss"
    feed.write_text(f"<rss><channel><title>Harbour</title>{item(1)}{item(2, guid=False)}</channel></rss>")
    client = _client_over(seeds, tmp_path / "ix")

    def added() -> dict[str, tuple[str, str, str]]:
        hits = client.get("/api/search", query_string={"q": "harbour", "sort": "added"}).get_json()["results"]
        return {hit["title"]: (hit["id"], hit["source"], hit["added"]) for hit in hits}

    first = added()
    _next_second()
    feed.write_text(
        f"<rss><channel><title>Harbour</title>{item(3)}{item(1)}{item(2, guid=False)}</channel></rss>"
    )
    build_index(seeds, tmp_path / "ix")
    second = added()
    assert list(second)[0] == "Harbour story 3" and len(second) == 3  # (the new one first)
    for n in (1, 2):
        title = f"Harbour story {n}"
        assert (second[title][0], second[title][2]) == (first[title][0], first[title][2])
        assert (first[title][1], second[title][1]) == (f"harbour.rss#{n}", f"harbour.rss#{n + 1}")
    assert second["Harbour story 3"][2] > first["Harbour story 1"][2]
    article = client.get(f"/api/articles/{first['Harbour story 1'][0]}").get_json()["article"]
    assert article["title"] == "Harbour story 1"


SUBSTACK_HTML = """<html><head><meta charset="utf-8"><title>Title</title></head><body class="email-body">
<img src="https://mailgun.substack.com/api/v1/email/open?token=x" alt="" width="1" height="1">
<div style="display: none; max-height: 0px; overflow: hidden" class="preview">Why it matters &nbsp;&#8204;</div>
<table role="presentation" width="100%" class="email-body-container"><tr><td></td><td class="content">
<table role="presentation" width="100%"><tr><td align="right"><a href="https://open.substack.com/pub/x">Open
 in app</a> or <a href="https://substack.com/redirect/2/abc">online</a></td></tr></table>
<div class="post typography"><div class="post-header">
<h1 class="post-title published"><a href="https://substack.com/app-link/post?id=2">The harbour deal, explained</a></h1>
<h3 class="subtitle">Why it matters</h3>
<table role="presentation" class="post-meta"><tr><td><div class="custom-css-email-post-author">
<a href="https://substack.com/redirect/94f5">Lee Park</a></div><div><time datetime="2026-11-23T07:02:41.149Z">Nov
 23</time></div></td></tr></table>
<table role="presentation" class="email-ufi-2-top"><tr><td><a href="https://substack.com/app-link/post?like=1"
 class="email-button-outline"><span class="email-button-text">Share</span></a></td></tr></table></div></div>
<div class="post typography"><div dir="auto" class="body markup">
<p>The port authority and the dockworkers' union signed a three-year contract on Sunday night, ending a
 strike that had idled the harbour for two weeks.</p>
<p>The deal raises wages by six percent over the life of the contract and limits the automation of the
 container cranes, the issue that had stalled the talks since September.</p></div></div>
<table role="presentation" width="100%" class="email-ufi-2-bottom"><tr><td><a href="https://substack.com/like"
 class="email-button-outline"><span class="email-button-text">Like</span></a></td><td><a
 href="https://substack.com/restack" class="email-button-outline"><span class="email-button-text">Restack</span></a>
</td></tr></table>
<div class="footer"><div>Read Harbour Letter in the app</div><div>Listen to posts, join subscriber chats, and never
 miss an update from Lee Park.</div><p class="small">&#169; 2026 <span>Lee Park</span><br>548 Market Street PMB
 72296, San Francisco, CA 94104 <br><a href="https://substack.com/redirect/2/u"><span>Unsubscribe</span></a></p>
</div></td><td></td></tr></table></body></html>"""


def test_newsletters_saved_as_email_are_articles(tmp_path):
    """A newsletter saved as an email (.eml) is read as a saved page of its HTML part (within
    multipart/alternative within multipart/mixed, its layout tables read as text), else its
    plain text, under its headers' word: the subject as its headline, when it was sent, the
    sender's domain's outlet as the table names it, else its name (Substack's "writer from
    letter" naming both), and Substack's List-Post address. An email without text, and a file
    that is no email, are reported."""
    from email.message import EmailMessage
    from email.policy import SMTP

    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()

    def save(name: str, headers: dict[str, str], *parts: tuple[str, str]) -> None:
        message = EmailMessage()
        for key, value in headers.items():
            message[key] = value
        for n, (kind, text) in enumerate(parts):
            if kind == "attachment":
                message.add_attachment(text.encode(), maintype="application", subtype="pdf", filename="a.pdf")
            elif n == 0:
                message.set_content(text, subtype=kind, charset="iso-8859-1", cte="quoted-printable")
            else:
                message.add_alternative(text, subtype=kind)
        (seeds / name).write_bytes(message.as_bytes(policy=SMTP))

    save(
        "harbour.eml",
        {
            "From": "Lee Park from Harbour Letter <harbourletter@substack.com>",
            "Subject": "The harbour deal, explained",
            "Date": "Mon, 23 Nov 2026 07:02:43 +0000",
            "List-Post": "<https://harbourletter.substack.com/p/the-deal>",
        },
        ("plain", "View this post on the web at https://harbourletter.substack.com/p/the-deal"),
        ("html", SUBSTACK_HTML),
    )
    playbook = (
        "<html><body><table width='600'><tr><td><h1>Playbook</h1><p>DRIVING THE DAY: Congress "
        "passed a stopgap bill late Tuesday, averting a shutdown, and the harbour dredging money was "
        "pushed into the new year.</p><p>The bill funds the government through January.</p></td></tr>"
        "</table></body></html>"
    )
    save(
        "playbook.eml",
        {
            "From": "POLITICO Playbook <politicoplaybook@email.politico.com>",
            "Subject": "Playbook: The shutdown that wasn't",
            "Date": "Wed, 25 Nov 2026 06:30:00 -0500",
        },
        ("plain", "Playbook, in plain text"),
        ("html", playbook),
        ("attachment", "%PDF-1.4"),
    )
    grain = (
        "Wheat futures slipped for a third day as the harvest in the south came in larger.\n\n"
        "Café owners on the harbour said nothing.\n"
    )
    save(
        "grain.eml",
        {
            "From": '"Grain Desk" <desk@grainwire.example>',
            "Subject": "=?utf-8?q?Wheat_slips_=E2=80=94_third_day?=",
            "Date": "Tue, 24 Nov 2026 06:00:00 -0500",
        },
        ("plain", grain),
    )
    save("receipt.eml", {"From": "Shop <shop@example.com>", "Subject": "Receipt"}, ("attachment", "%PDF-1.4"))
    (seeds / "notes.eml").write_text("harbour notes without any headers")
    report = build_index(seeds, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    assert {(p.source, p.reason) for p in report.problems} == {
        ("receipt.eml", "no text in the email"),
        ("notes.eml", "not an email (no headers)"),
    }
    hits = client.get("/api/search", query_string={"q": "harbour", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["date"], h["outlet"], h["author"], h["url"]) for h in hits] == [
        (
            "harbour.eml",
            "The harbour deal, explained",
            "2026-11-23T07:02:43",
            "Harbour Letter",
            "Lee Park",
            "https://harbourletter.substack.com/p/the-deal",
        ),
        ("grain.eml", "Wheat slips — third day", "2026-11-24T11:00:00", "Grain Desk", None, None),
        ("playbook.eml", "Playbook: The shutdown that wasn't", "2026-11-25T11:30:00", "Politico", None, None),
    ]
    bodies = [client.get(f"/api/articles/{h['id']}").get_json()["article"]["body"] for h in hits]
    assert bodies[0].startswith("The port authority and the dockworkers' union signed")
    assert bodies[0].endswith("since September.")
    assert bodies[1] == grain.strip()
    assert bodies[2].startswith("DRIVING THE DAY: Congress") and "|" not in bodies[2]
    assert "\n\nThe bill funds the government through January." in bodies[2]
    for not_text in ("unsubscribe", "restack", "market street", "plain text", "receipt"):
        assert client.get("/api/search", query_string={"q": not_text}).get_json()["total"] == 0, not_text


def test_a_forwarded_newsletter_is_the_newsletter_it_forwards(tmp_path):
    """A newsletter forwarded ("Fwd: ...", as a journalist sends one to an archive's address) is
    the one forwarded: its sender's outlet, date and subject as Gmail, Apple Mail or Outlook
    quote them, not the forwarder's; the quoted lines are not the article (trafilatura had taken
    Gmail's for it, and dropped the newsletter; Apple Mail's began it)."""
    from email.message import EmailMessage

    content = (
        "<table width='600'><tr><td><h1>Playbook</h1><p>DRIVING THE DAY: Congress passed a stopgap bill "
        "late Tuesday, averting a shutdown, and the harbour dredging money was pushed into the new "
        "year.</p><p>The bill funds the government through January.</p></td></tr></table>"
    )
    quoted = {
        "gmail": (
            '<div dir="ltr">FYI<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- '
            "Forwarded message ---------<br>From: <strong>POLITICO Playbook</strong> &lt;playbook@email."
            "politico.com&gt;<br>Date: Tue, Nov 24, 2026 at 6:00\u202fAM<br>Subject: Playbook: The shutdown "
            "that wasn&#39;t<br>To: &lt;me@example.com&gt;<br></div><br><div>"
            + content
            + "</div></div></div>"
        ),
        "apple": (
            '<div>FYI</div><blockquote type="cite"><div>Begin forwarded message:</div><br><div><b>From: </b>'
            "POLITICO Playbook &lt;playbook@email.politico.com&gt;</div><div><b>Subject: </b><b>Playbook: "
            "The shutdown that wasn't</b></div><div><b>Date: </b>24 November 2026 at 11:00:12 GMT</div><div>"
            "<b>To: </b>me@example.com</div><br><div>" + content + "</div></blockquote>"
        ),
        "outlook": (
            '<div>FYI</div><hr><div id="divRplyFwdMsg"><b>From:</b> POLITICO Playbook &lt;playbook@email.'
            "politico.com&gt;<br><b>Sent:</b> Tuesday, November 24, 2026 6:05 AM<br><b>To:</b> Me<br><b>"
            "Subject:</b> Playbook: The shutdown that wasn't</div><div>" + content + "</div>"
        ),
    }
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for client, page in quoted.items():
        message = EmailMessage()
        message["From"] = "Lee Park <lee@harbourgazette.example>"
        message["Subject"] = {"gmail": "Fwd: ", "apple": "Fwd: ", "outlook": "FW: "}[client] + "Playbook"
        message["Date"] = "Wed, 25 Nov 2026 09:00:00 +0000"
        message.set_content(page, subtype="html")
        (seeds / f"{client}.eml").write_bytes(bytes(message))
    outlook = (seeds / "outlook.eml").read_bytes()  # (a charset that is none: read as UTF-8)
    (seeds / "outlook.eml").write_bytes(outlook.replace(b'charset="utf-8"', b'charset="utf-8o"'))
    client = _client_over(seeds, tmp_path / "ix")
    asked = {"q": "dredging", "copies": "show"}  # (Gmail's and Outlook's are one text, copies)
    hits = client.get("/api/search", query_string=asked).get_json()["results"]
    assert sorted((h["source"], h["title"], h["date"], h["outlet"]) for h in hits) == [
        ("apple.eml", "Playbook: The shutdown that wasn't", "2026-11-24T11:00:12", "Politico"),
        ("gmail.eml", "Playbook: The shutdown that wasn't", "2026-11-24T06:00:00", "Politico"),
        ("outlook.eml", "Playbook: The shutdown that wasn't", "2026-11-24T06:05:00", "Politico"),
    ]
    for hit in hits:  # (none of the quoted lines: "Begin forwarded message:", "From: ...", "To: ...")
        body = client.get(f"/api/articles/{hit['id']}").get_json()["article"]["body"]
        assert "DRIVING THE DAY: Congress" in body.partition("\n")[0], hit["source"]
        assert not re.search(r"forwarded|original message|me@example|\b(?:from|to|subject):", body, re.I), (
            body
        )


def test_a_mailbox_is_split_into_its_newsletters(tmp_path):
    """A mailbox (.mbox, as Google Takeout exports a label) is split into its messages
    (`file.mbox#n`), each read as a newsletter saved as .eml is; a message without text is
    reported by its number. Exported again with a new message first, each keeps its article's id
    (from its Message-ID). A file that is no mailbox is reported."""
    import mailbox
    from email.message import EmailMessage

    from searchapp.app import create_app
    from searchapp.index import build_index

    def letter(n: int, html: str, attachment: bool = False) -> EmailMessage:
        message = EmailMessage()
        message["From"] = "Harbour Letter <letter@harbourletter.example>"
        message["Subject"] = f"Harbour Letter no. {n}"
        message["Date"] = f"Mon, {n} Nov 2026 07:00:00 +0000"
        message["Message-ID"] = f"<letter-{n}@harbourletter.example>"
        if attachment:
            message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
        else:
            message.set_content(html, subtype="html")
        return message

    story = "<html><body><p>The harbour board met on Monday for the {}th time this year about the fees.</p></body></html>"
    seeds = tmp_path / "seeds"
    seeds.mkdir()

    def export(numbers: list[int]) -> None:
        (seeds / "Newsletters.mbox").unlink(missing_ok=True)
        box = mailbox.mbox(seeds / "Newsletters.mbox")
        for n in numbers:
            box.add(letter(n, story.format(n), attachment=n == 3))
        box.close()

    export([1, 2, 3])
    (seeds / "Inbox.mbox").write_text("Subject: not a mailbox\n\nharbour words")
    report = build_index(seeds, tmp_path / "ix")
    assert {(p.source, p.reason) for p in report.problems} == {
        ("Newsletters.mbox#3", "no text in the email"),
        ("Inbox.mbox", "not a mailbox (mbox: it begins with a 'From ' line)"),
    }
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()

    def found() -> dict[str, tuple[str, str, str, str]]:
        hits = client.get("/api/search", query_string={"q": "harbour board"}).get_json()["results"]
        return {h["title"]: (h["id"], h["source"], h["date"], h["outlet"]) for h in hits}

    first = found()
    assert first == {
        "Harbour Letter no. 1": (
            first["Harbour Letter no. 1"][0],
            "Newsletters.mbox#1",
            "2026-11-01T07:00:00",
            "Harbour Letter",
        ),
        "Harbour Letter no. 2": (
            first["Harbour Letter no. 2"][0],
            "Newsletters.mbox#2",
            "2026-11-02T07:00:00",
            "Harbour Letter",
        ),
    }
    export([4, 1, 2])
    build_index(seeds, tmp_path / "ix")
    again = found()
    assert [again[f"Harbour Letter no. {n}"][1] for n in (4, 1, 2)] == [
        f"Newsletters.mbox#{n}" for n in (1, 2, 3)
    ]
    assert [again[f"Harbour Letter no. {n}"][0] for n in (1, 2)] == [
        first[f"Harbour Letter no. {n}"][0] for n in (1, 2)
    ]


def test_mail_clients_mailboxes_are_read_without_their_suffix(tmp_path):
    """A Thunderbird mail folder ("Newsletters", an mbox beside its index "Newsletters.msf") and
    an Apple Mail export ("Harbour.mbox/mbox") are read as an .mbox is; the indexes and tables of
    contents beside them are neither articles nor reported. Thunderbird leaves a body's "From "
    lines unquoted: "From the editor" begins no message. A file without a suffix that is no
    mailbox is still reported."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    letter = (
        "From - Mon Nov 23 07:00:00 2026\n"
        "From: Harbour Letter <letter@harbourletter.example>\n"
        "Subject: Harbour Letter no. {n}\n"
        "Date: Mon, {n} Nov 2026 07:00:00 +0000\n"
        "Message-ID: <letter-{n}@harbourletter.example>\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "The harbour board met on Monday about the mooring fees, for the {n}th time.\n\n"
        "From the editor: the board meets again in the new year, and the fees with it.\n\n"
    )
    seeds = tmp_path / "seeds"
    (seeds / "Mail" / "Local Folders").mkdir(parents=True)
    (seeds / "Mail" / "Local Folders" / "Newsletters").write_text(letter.format(n=1) + letter.format(n=2))
    (seeds / "Mail" / "Local Folders" / "Newsletters.msf").write_bytes(b'// <!-- <mdb:mork:z v="1.4"/> -->')
    (seeds / "Harbour.mbox").mkdir()
    (seeds / "Harbour.mbox" / "mbox").write_text(
        letter.format(n=3).replace("From - ", "From letter@x.example ")
    )
    (seeds / "Harbour.mbox" / "table_of_contents").write_bytes(b"\x00\x01binary")
    (seeds / "Harbour.mbox" / "Info.plist").write_text("<plist/>")
    (seeds / "Stray").write_text("From the editor: not a mailbox, nor beside one.")
    report = build_index(seeds, tmp_path / "ix")
    assert {(p.source, p.reason) for p in report.problems} == {("Stray", "unsupported file type '(none)'")}
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    hits = client.get("/api/search", query_string={"q": "mooring fees", "sort": "oldest"}).get_json()[
        "results"
    ]
    assert [(h["source"], h["title"], h["outlet"]) for h in hits] == [
        ("Mail/Local Folders/Newsletters#1", "Harbour Letter no. 1", "Harbour Letter"),
        ("Mail/Local Folders/Newsletters#2", "Harbour Letter no. 2", "Harbour Letter"),
        ("Harbour.mbox/mbox#1", "Harbour Letter no. 3", "Harbour Letter"),
    ]
    body = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert body.endswith("From the editor: the board meets again in the new year, and the fees with it.")


def test_a_records_html_text_is_read_as_its_paragraphs(tmp_path):
    """A record whose text is HTML (a dataset's or an API's "content": "<p>...</p>") is indexed
    as its paragraphs, its tags out and its entities read, in JSON Lines and CSV alike: no "p"
    or "strong" to find, no markup in a snippet. A text without paragraphs marked up stays as
    written (its "<b>" may be its own words)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    html = (
        "<div class='article'><p>Harbour pilots <strong>walked out</strong> at dawn &amp; left forty ships"
        " at anchor.</p><script>track('pilots')</script><p>Talks resume on Friday.<br><br>The union"
        " said so.</p></div>"
    )
    record = {"title": "Pilots walk out", "content": html, "outlet": "Harbour Gazette"}
    declared = {
        **record,
        "content": '<?xml version="1.0" encoding="utf-8"?>' + html.replace("Harbour", "Canal"),
    }
    (seeds / "feed.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(declared) + "\n")
    plain = "Tug crews said 3 < 4 &amp; struck on Friday, and <b> stayed out"  # (no paragraphs: as written)
    (seeds / "rows.csv").write_text(
        "title,text\n"
        + "\n".join(
            f'"{t}","{b}"' for t, b in (("Pilots, again", html.replace("Harbour", "River")), ("Tugs", plain))
        )
    )
    client = _client_over(seeds, tmp_path / "ix")

    def body(source: str) -> str:
        [hit] = [
            h
            for h in client.get("/api/search", query_string={"q": "friday"}).get_json()["results"]
            if h["source"] == source
        ]
        return client.get(f"/api/articles/{hit['id']}").get_json()["article"]["body"]

    expected = "{} pilots walked out at dawn & left forty ships at anchor.\n\nTalks resume on Friday.\n\nThe union said so."
    assert body("feed.jsonl#1") == expected.format("Harbour")
    assert body("feed.jsonl#2") == expected.format("Canal")  # (lxml refuses text declaring an encoding)
    assert body("rows.csv#1") == expected.format("River")
    assert body("rows.csv#2") == plain
    for markup in ("p", "strong", "div", "article", "track"):
        assert client.get("/api/search", query_string={"q": markup}).get_json()["total"] == 0, markup
    snippet = client.get("/api/search", query_string={"q": "pilots"}).get_json()["results"][0]["snippet"]
    assert "&lt;" not in snippet and "<p" not in snippet


def test_news_apis_responses_are_read_as_they_nest_their_articles(tmp_path):
    """A response saved from the Guardian's Open Platform (`response.results[]`, each article's
    text and byline under `fields`, its text HTML), from Elasticsearch (`hits.hits[]._source`)
    and from the NYT's Article Search (`response.docs[]`: a headline's `main`, a byline's
    `original`, the lead paragraph, the only text it gives) gives its articles, each `file#n`."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    guardian = {
        "response": {
            "status": "ok",
            "total": 1,
            "results": [
                {
                    "id": "world/2026/nov/24/harbour-pilots-strike",
                    "webPublicationDate": "2026-11-24T09:15:00Z",
                    "webTitle": "Harbour pilots strike over night shifts",
                    "webUrl": "https://www.theguardian.com/world/2026/nov/24/harbour-pilots-strike",
                    "fields": {
                        "byline": "Maria Olsen",
                        "body": "<p>Harbour pilots walked out at dawn.</p><p>Talks resume on Friday.</p>",
                        "publication": "The Guardian",
                    },
                }
            ],
        }
    }
    elastic = {
        "took": 3,
        "hits": {
            "total": {"value": 1},
            "hits": [
                {
                    "_id": "wire-77",
                    "_score": 1.0,
                    "_source": {
                        "title": "Tug crews join pilots",
                        "text": "Tug crews joined the harbour pilots on Tuesday.",
                        "date": "2026-11-25",
                    },
                }
            ],
        },
    }
    nyt = {
        "status": "OK",
        "response": {
            "docs": [
                {
                    "_id": "nyt://article/5c3f",
                    "web_url": "https://www.nytimes.com/2026/11/24/nyregion/harbour-pilots.html",
                    "headline": {"main": "Pilots Idle the Harbour", "print_headline": "Harbour Idled"},
                    "byline": {"original": "By Ruth Kagame", "person": []},
                    "lead_paragraph": "The harbour stood idle on Tuesday as pilots stayed home.",
                    "pub_date": "2026-11-24T10:00:00+0000",
                    "source": "The New York Times",
                }
            ]
        },
    }
    for name, value in (("guardian", guardian), ("elastic", elastic), ("nyt", nyt)):
        (seeds / f"{name}.json").write_text(json.dumps(value))
    client = _client_over(seeds, tmp_path / "ix")
    hits = client.get("/api/search", query_string={"q": "harbour", "sort": "oldest"}).get_json()["results"]
    assert [
        (h["id"], h["source"], h["title"], h["date"], h["outlet"], h["author"], h["url"]) for h in hits
    ] == [
        (
            "world/2026/nov/24/harbour-pilots-strike",
            "guardian.json#1",
            "Harbour pilots strike over night shifts",
            "2026-11-24T09:15:00",
            "The Guardian",
            "Maria Olsen",
            "https://www.theguardian.com/world/2026/nov/24/harbour-pilots-strike",
        ),
        (
            "nyt://article/5c3f",
            "nyt.json#1",
            "Pilots Idle the Harbour",
            "2026-11-24T10:00:00",
            "The New York Times",
            "Ruth Kagame",
            "https://www.nytimes.com/2026/11/24/nyregion/harbour-pilots.html",
        ),
        ("wire-77", "elastic.json#1", "Tug crews join pilots", "2026-11-25", None, None, None),
    ]
    body = client.get("/api/articles/world/2026/nov/24/harbour-pilots-strike").get_json()
    assert body["article"]["body"] == "Harbour pilots walked out at dawn.\n\nTalks resume on Friday."


def test_json_files_hold_a_record_a_list_of_them_an_api_response_or_a_json_feed(tmp_path):
    """A .json file is one record (news-please's article files), a list of records (`file#n`),
    an API's response with its records under a usual key (NewsAPI's "articles", whose mark on a
    text it cut comes off), or a JSON Feed, whose items are read as a news feed's are. Invalid
    JSON, an object without a text, and a feed item that is no object are reported."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    newsapi = {
        "status": "ok",
        "totalResults": 1,
        "articles": [
            {
                "source": {"id": None, "name": "Harbour Gazette"},
                "author": "Lee Park",
                "title": "Harbour strike ends",
                "url": "https://harbourgazette.example/strike",
                "publishedAt": "2026-11-23T08:00:00Z",
                "content": "Dockworkers went back to work on Monday after a strike over pay… [+2345 chars]",
            }
        ],
    }
    article = {
        "authors": ["Jane Roe"],
        "date_publish": "2026-11-19 09:00:00",
        "maintext": "The harbour board raised berthing fees by nine percent on Wednesday.",
        "source_domain": "harbournotes.example",
        "title": "Port fees rise",
        "url": "https://harbournotes.example/port-fees",
    }
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Harbour Notes",
        "home_page_url": "https://harbournotes.example/",
        "items": [
            {
                "id": "ferry-2026",
                "url": "https://harbournotes.example/ferry",
                "title": "Ferry timetable cut",
                "content_text": "The winter ferry timetable drops the late crossing.\n\nThe harbour operator blamed fuel.",
                "date_published": "2026-11-18T10:00:00Z",
                "authors": [{"name": "Ann Lee"}],
            },
            "junk",
        ],
    }
    (seeds / "newsapi.json").write_text(json.dumps(newsapi))
    (seeds / "port.json").write_text(json.dumps(article))
    (seeds / "list.json").write_text(json.dumps([{"title": "Dredging", "text": "Harbour dredging resumed."}]))
    (seeds / "feed.json").write_text(json.dumps(feed))
    (seeds / "broken.json").write_text('{"title": "Harbour"')
    (seeds / "meta.json").write_text(json.dumps({"title": "Harbour", "count": 3}))
    report = build_index(seeds, tmp_path / "ix")
    assert {(p.source, p.reason.split(":")[0]) for p in report.problems} == {
        ("broken.json", "invalid JSON"),
        (
            "meta.json",
            "record has no text (body, text, content, article, articlebody, maintext, full_text, lead_paragraph, abstract)",
        ),
        ("feed.json#2", "a JSON Feed item must be an object"),
    }
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    hits = client.get("/api/search", query_string={"q": "harbour", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["date"], h["outlet"], h["author"]) for h in hits] == [
        ("feed.json#1", "Ferry timetable cut", "2026-11-18T10:00:00", "Harbour Notes", "Ann Lee"),
        ("port.json", "Port fees rise", "2026-11-19T09:00:00", "harbournotes.example", "Jane Roe"),
        ("newsapi.json#1", "Harbour strike ends", "2026-11-23T08:00:00", "Harbour Gazette", "Lee Park"),
        ("list.json#1", "Dredging", None, None, None),
    ]
    bodies = [client.get(f"/api/articles/{h['id']}").get_json()["article"]["body"] for h in hits]
    assert (
        bodies[0]
        == "The winter ferry timetable drops the late crossing.\n\nThe harbour operator blamed fuel."
    )
    assert bodies[2] == "Dockworkers went back to work on Monday after a strike over pay…"


def test_proquest_text_exports_are_split_into_articles(tmp_path):
    """A ProQuest "Text only" export is split into its records (`#n`), each with its title,
    publication, date, authors (as bylines name them), link and full text, and nothing of the
    fields or of ProQuest's notice; a record without full text is reported."""
    rule = "_" * 60
    export = f"""{rule}

Document 1 of 2

Ports reopen after strike

Author: Marsh, Jo; Lee, Ann

Publication info: The Harbour Gazette; Dover [Dover]. 03 Mar 2021: A4.

ProQuest document link

Abstract: None available.

Full text: Dockworkers returned to the cranes on Tuesday after a week-long strike.
Shipping lines said backlogs would clear within days.

Subject: Labor disputes; Ports

Title: Ports reopen after strike

Publication title: The Harbour Gazette; Dover

Publication date: Mar 3, 2021

Document URL: https://www.proquest.com/newspapers/ports-reopen/docview/123/se-2

Database: Global Newsstream
{rule}

Document 2 of 2

Strike ballot planned

Abstract: Union leaders plan a ballot.

Title: Strike ballot planned

Publication title: Wire Service

Publication date: Mar 5, 2021
{rule}

Contact ProQuest
Copyright © 2021 ProQuest LLC. All rights reserved. Terms and Conditions
"""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ProQuestDocuments-2021-03-08.txt").write_text(export)
    from searchapp.app import create_app
    from searchapp.index import build_index

    report = build_index(seeds, tmp_path / "ix")
    assert [(p.source, p.reason) for p in report.problems] == [
        ("ProQuestDocuments-2021-03-08.txt#2", "no article text found")
    ]
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    data = client.get("/api/search", query_string={"q": "strike"}).get_json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert (hit["source"], hit["title"], hit["outlet"], hit["date"], hit["author"], hit["url"]) == (
        "ProQuestDocuments-2021-03-08.txt#1",
        "Ports reopen after strike",
        "The Harbour Gazette",
        "2021-03-03",
        "Jo Marsh, Ann Lee",
        "https://www.proquest.com/newspapers/ports-reopen/docview/123/se-2",
    )
    body = client.get(f"/api/articles/{hit['id']}").get_json()["article"]["body"]
    assert (
        body
        == "Dockworkers returned to the cranes on Tuesday after a week-long strike.\n\nShipping lines said backlogs would clear within days."
    )
    for field_word in ("ProQuest", "Newsstream", "disputes", "Dover", "ballot"):
        assert client.get("/api/search", query_string={"q": field_word}).get_json()["total"] == 0, field_word


def test_lexisnexis_academic_text_exports_are_split_into_articles(tmp_path):
    """A LexisNexis Academic .txt export (as archives of research hold them) is split at each
    "N of M DOCUMENTS": publication and date from the indented lines (an edition after the date),
    the headline, the byline, the text with its wrapped lines joined; nothing of the request
    header, the tags or the copyright notices is indexed."""
    export = """


Download Request: Selected Items: 1-2
Time Of Request: Friday, March 20, 2018  16:51:31

Terms: (harbour strike)


                               1 of 2 DOCUMENTS



                                  Harbour Gazette

                            January 11, 2010 Monday
                                   Edition 1;
                                    Scotland

Dockers vote to end
the harbour strike

BYLINE: By JO MARSH

SECTION: NEWS; Pg. 6

LENGTH: 355 words

DATELINE: DOVER

Dockworkers voted on Sunday to end the
strike at the harbour.

Shipping lines said backlogs
would clear within days.

LOAD-DATE: January 12, 2010

LANGUAGE: ENGLISH

PUBLICATION-TYPE: Newspaper


                       Copyright 2010 Harbour Media Ltd
                              All Rights Reserved

                               2 of 2 DOCUMENTS



                                  Wire Service

Strike ballot planned

LENGTH: 80 words

Union leaders plan a ballot on the strike.

LOAD-DATE: February 2, 2010

LANGUAGE: ENGLISH
"""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "lexis.txt").write_text(export)
    client = _client_over(seeds, tmp_path / "ix")
    hits = client.get("/api/search", query_string={"q": "strike", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["outlet"], h["date"], h["author"]) for h in hits] == [
        (
            "lexis.txt#1",
            "Dockers vote to end the harbour strike",
            "Harbour Gazette",
            "2010-01-11",
            "JO MARSH",
        ),
        ("lexis.txt#2", "Strike ballot planned", "Wire Service", "2010-02-02", None),  # (dated as loaded)
    ]
    body = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert (
        body
        == "Dockworkers voted on Sunday to end the strike at the harbour.\n\nShipping lines said backlogs would clear within days."
    )
    for field_word in ("Request", "Terms", "Scotland", "Dover", "words", "English", "Rights"):
        assert client.get("/api/search", query_string={"q": field_word}).get_json()["total"] == 0, field_word


# A Factiva article's fields before its text, by their codes ("plus Indexing"): in HTML and RTF
FACTIVA_HEADER = [
    ("HD", "Dockers vote to end\nthe harbour strike"),
    ("BY", "By Jo Marsh"),
    ("WC", "355 words"),
    ("PD", "11 January 2010"),
    ("ET", "09:45"),
    ("SN", "Harbour Gazette"),
    ("SC", "HRBGZT"),
    ("LA", "English"),
    ("CY", "(c) 2010 Harbour Media Ltd"),
]


def test_factiva_html_exports_are_split_into_articles(tmp_path):
    """A Factiva HTML export ("Full Article/Report plus Indexing": a table of field codes an
    article) is split into its articles: headline, byline, date and time, source, lead and text
    paragraphs; none of its codes or indexing is indexed; an article without text is reported by
    its number; so is one in the "Article" display (no codes); an HTML page with ordinary tables is
    still read as a page."""

    def article(*rows: tuple[str, str]) -> str:
        cells = "".join(f"<tr><td><b>{code}</b></td><td>{value}</td></tr>" for code, value in rows)
        return f'<div class="article enArticle"><table border="0">{cells}</table></div><br>'

    export = (
        "<html><head><title>Factiva</title></head><body><p>Search Summary: harbour strike</p>"
        + article(
            *FACTIVA_HEADER,
            ("LP", "<p>Dockworkers voted on Sunday to end the\nstrike at the harbour.</p>"),
            ("TD", "<p>Shipping lines said backlogs &amp; delays would clear.</p><p>Unions agreed.</p>"),
            ("NS", "c42 : Labor/Personnel"),
            ("AN", "Document HRBGZT0020100111e61b0000g"),
        )
        + article(
            ("HD", "Strike ballot planned"),
            ("PD", "2 February 2010"),
            ("SN", "Wire Service"),
            ("TD", "<p>Union leaders plan a ballot on the strike.</p>"),
        )
        + article(("HD", "Photo: the harbour"), ("PD", "3 February 2010"), ("LP", ""))
        + "</body></html>"
    )
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "factiva.html").write_text(export)
    (seeds / "page.html").write_text(
        "<html><head><title>Harbour strike timeline</title></head><body><article><h1>Harbour strike timeline</h1>"
        + "<p>The strike at the harbour began in December and ended in January after a vote.</p>" * 3
        + "<table><tr><td>HD</td><td>Not a Factiva code</td></tr></table></article></body></html>"
    )
    display = "".join(  # (the "Article" display: the same fields without codes, a block each)
        f'<div class="article enArticle"><div id="hd"><span class="enHeadline">{headline}</span></div>'
        + "".join(f"<div>{line}</div>" for line in header)
        + "".join(f'<p class="articleParagraph">{p}</p>' for p in paragraphs)
        + f"<div>Document {number}</div></div>"
        for headline, header, paragraphs, number in [
            (
                "Pilots join the strike",
                [
                    "By Ann Lee",
                    "120 words",
                    "5 February 2010",
                    "07:30",
                    "Harbour Gazette",
                    "HRBGZT",
                    "English",
                ],
                ["Harbour pilots joined the strike &amp; the port closed.", "Talks resume today."],
                "HRBGZT0020100205e625000cd",
            ),
            (
                "Pilots back at work",
                ["80 words", "9 February 2010", "Wire Service", "English"],
                ["The pilots' strike ended."],
                "WIRSVC0020100209e629000ef",
            ),
        ]
    )
    (seeds / "factiva-display.html").write_text(
        f"<html><head><title>Factiva</title><script>var d = 1;</script></head><body>{display}</body></html>"
    )
    client = _client_over(seeds, tmp_path / "ix")
    hits = client.get("/api/search", query_string={"q": "strike", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["outlet"], h["date"], h["author"]) for h in hits] == [
        (
            "factiva.html#1",
            "Dockers vote to end the harbour strike",
            "Harbour Gazette",
            "2010-01-11T09:45:00",
            "Jo Marsh",
        ),
        ("factiva.html#2", "Strike ballot planned", "Wire Service", "2010-02-02", None),
        (
            "factiva-display.html#1",
            "Pilots join the strike",
            "Harbour Gazette",
            "2010-02-05T07:30:00",
            "Ann Lee",
        ),
        ("factiva-display.html#2", "Pilots back at work", "Wire Service", "2010-02-09", None),
        ("page.html", "Harbour strike timeline", None, None, None),
    ]
    body = client.get(f"/api/articles/{hits[2]['id']}").get_json()["article"]["body"]
    assert body == "Harbour pilots joined the strike & the port closed.\n\nTalks resume today."
    body = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert body == (
        "Dockworkers voted on Sunday to end the strike at the harbour.\n\n"
        "Shipping lines said backlogs & delays would clear.\n\nUnions agreed."
    )
    for field_word in ("HRBGZT", "Labor", "words", "Summary", "Rights", "Document"):
        assert client.get("/api/search", query_string={"q": field_word}).get_json()["total"] == 0, field_word
    from searchapp.readers import read_file

    assert [(p.source, p.reason) for p in read_file(seeds, "factiva.html", {}).problems][:1] == [
        ("factiva.html#3", "no article text found")
    ]


def test_rtf_files_and_factiva_nexis_rtf_exports(tmp_path):
    """RTF, as Factiva, Nexis Uni and word processors write it: a Factiva RTF export ("plus
    Indexing": each article a table of field codes) and one in the "Article" display (the same
    fields without codes; here saved as text) are split into their articles, as is a Nexis Uni
    RTF; any other RTF is a text dump; one that is not RTF is reported by name."""
    from searchapp.readers import read_file

    from .conftest import rtf

    indexed = [
        "Search Summary",
        ("SE", "Business"),
        *FACTIVA_HEADER,
        ("LP", "Dockworkers at the café voted on Sunday to end the strike."),
        ("TD", "Shipping lines said backlogs & delays would clear.\nUnions agreed. \U0001f6a2"),
        ("NS", "c42 : Labor/Personnel"),
        ("AN", "Document HRBGZT0020100111e61b0000g"),
        ("HD", "Photo: the harbour"),
        ("PD", "3 February 2010"),
        ("LP", ""),
        ("AN", "Document HRBGZT0020100203e62c0000h"),
    ]
    article_display = "\n".join(
        [
            "Search Summary",
            "Text\tharbour strike",
            "Date\tIn the last year",
            "",
            "Strike ballot planned",
            "By Lee Park",
            "212 words",
            "2 February 2010",
            "14:05 GMT",
            "Wire Service",
            "WIRSVC",
            "English",
            "Copyright 2010 Wire Service Ltd. All Rights Reserved.",
            "",
            "Union leaders plan a ballot on the strike.",
            "",
            "The vote is due in March.",
            "",
            "Document WIRSVC0020100202e62b0000x",
            "",
            "Cranes stand idle",
            "98 words",
            "4 February 2010",
            "Harbour Gazette",
            "HRBGZT",
            "English",
            "Cranes stood idle through the strike's last week.",
            "Document HRBGZT0020100204e624000ab",
            "© 2026 Factiva, Inc. All rights reserved.",
        ]
    )
    nb = "\xa0"
    nexis = [
        "Documents (1)",
        "1. Ports reopen after strike",
        "Ports reopen after strike",
        "The Harbour Gazette",
        "March 3, 2021 Wednesday",
        "Copyright 2021 Harbour Media Ltd All Rights Reserved",
        f"Byline:{nb}By Jo Marsh",
        "Body",
        "Dockworkers returned to the cranes after the strike.",
        "Classification",
        f"Load-Date:{nb}March 4, 2021",
        "End of Document",
    ]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "factiva.rtf").write_bytes(rtf(indexed))
    (seeds / "factiva-articles.txt").write_text(article_display)
    (seeds / "nexis.rtf").write_bytes(rtf(nexis))
    (seeds / "memo.rtf").write_bytes(
        rtf(["Harbour strike ends", "By Lee Park", "The strike at the harbour ended."])
    )
    (seeds / "broken.rtf").write_bytes(b"%PDF-1.4 not rtf at all")
    client = _client_over(seeds, tmp_path / "ix")
    hits = client.get("/api/search", query_string={"q": "strike", "sort": "oldest"}).get_json()["results"]
    assert [(h["source"], h["title"], h["outlet"], h["date"], h["author"]) for h in hits] == [
        (
            "factiva.rtf#1",
            "Dockers vote to end the harbour strike",
            "Harbour Gazette",
            "2010-01-11T09:45:00",
            "Jo Marsh",
        ),
        (
            "factiva-articles.txt#1",
            "Strike ballot planned",
            "Wire Service",
            "2010-02-02T14:05:00",
            "Lee Park",
        ),
        ("factiva-articles.txt#2", "Cranes stand idle", "Harbour Gazette", "2010-02-04", None),
        ("nexis.rtf#1", "Ports reopen after strike", "The Harbour Gazette", "2021-03-03", "Jo Marsh"),
        ("memo.rtf", "Harbour strike ends", None, None, "Lee Park"),
    ]
    body = client.get(f"/api/articles/{hits[0]['id']}").get_json()["article"]["body"]
    assert body == (
        "Dockworkers at the café voted on Sunday to end the strike.\n\n"
        "Shipping lines said backlogs & delays would clear.\n\nUnions agreed. \U0001f6a2"
    )
    body = client.get(f"/api/articles/{hits[1]['id']}").get_json()["article"]["body"]
    assert body == "Union leaders plan a ballot on the strike.\n\nThe vote is due in March."
    for not_text in (
        "HRBGZT",
        "WIRSVC",
        "Labor",
        "words",
        "Summary",
        "Rights",
        "Document",
        "English",
        "Factiva",
    ):
        assert client.get("/api/search", query_string={"q": not_text}).get_json()["total"] == 0, not_text
    assert [(p.source, p.reason) for p in read_file(seeds, "factiva.rtf", {}).problems] == [
        ("factiva.rtf#2", "no article text found")
    ]
    assert [(p.source, p.reason) for p in read_file(seeds, "broken.rtf", {}).problems] == [
        ("broken.rtf", "not an RTF file (it does not begin with {\\rtf)")
    ]


def test_synonyms_list_makes_spellings_one_word(tmp_path):
    """seeds/synonyms.txt: each line's words and phrases find each other, scored as one word (an
    article with the rarer spelling does not outrank one with the common spelling), marked in
    snippets and on the article page; quotes search as written; a phrase's words alone are not
    the phrase; the lines it cannot use are reported, and the entries no article holds named;
    an edited list takes effect at the rebuild, with no article read again."""
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    records = [
        {"id": "kyiv", "title": "Talks", "body": "Officials met in Kyiv on Monday."},
        {"id": "kiev", "title": "Talks", "body": "Officials met in Kiev on Monday."},
        {"id": "ussr", "title": "Grain", "body": "The USSR bought grain, traders said."},
        {"id": "soviet", "title": "Grain", "body": "The Soviet Union bought grain from farmers."},
        {"id": "union", "title": "Farm", "body": "The union of farmers met about grain prices."},
        {"id": "boe", "title": "Rates", "body": "The BoE raised rates."},
    ]
    records += [
        {"id": f"old{n}", "title": "Archive", "body": f"A Kiev report, number {n}."} for n in range(8)
    ]
    (seeds / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (seeds / "synonyms.txt").write_text(
        "# places\nKyiv, Kiev\nUSSR, Soviet Union  # the acronym\nthe, of\nlonely\nUK => Britain\nBoE, Bank of England\n"
    )
    index = tmp_path / "ix"
    report = build_index(seeds, index)
    assert report.articles == len(records) and report.synonyms == 6  # (synonyms.txt is no article)
    assert report.synonyms_unused == ["Bank of England"]  # (named in the rebuild's summary: a typo?)
    assert {(p.source, p.reason) for p in report.problems} >= {
        ("synonyms.txt line 4", "'the' has no searchable word (stop words only)"),
        ("synonyms.txt line 5", "needs two or more words or phrases, separated by commas"),
        ("synonyms.txt line 6", "one-way rules (=>) are not supported: list words that mean the same"),
    }
    from searchapp.app import create_app

    client = create_app({"INDEX_DIR": str(index)}).test_client()

    def scores(q: str) -> dict[str, float]:
        data = client.get("/api/search", query_string={"q": q, "per_page": 50}).get_json()
        return {hit["id"]: hit["score"] for hit in data["results"]}

    for spelling in ("kiev", "Kyiv"):
        found = scores(spelling)
        assert set(found) == {"kyiv", "kiev"} | {f"old{n}" for n in range(8)}
        assert found["kyiv"] == found["kiev"]  # one word: Kyiv's rarity does not count
    hits = client.get("/api/search", query_string={"q": "kiev", "per_page": 50}).get_json()["results"]
    assert "<mark>Kyiv</mark>" in next(hit["snippet"] for hit in hits if hit["id"] == "kyiv")
    assert set(scores("soviet union")) == {"ussr", "soviet"} and set(scores("USSR")) == {"ussr", "soviet"}
    assert "ussr" not in scores("union") and "ussr" not in scores("soviet")  # a phrase's word is no phrase
    assert list(scores("ussr grain"))[:2] in (["ussr", "soviet"], ["soviet", "ussr"])
    assert "boe" in scores("bank of england")  # (its stop word typed too)
    assert set(scores('"kiev"')) == {"kiev"} | {f"old{n}" for n in range(8)}  # quoted: as written
    assert set(scores("-kiev")) == {"ussr", "soviet", "union", "boe"}
    page = client.get("/articles/kyiv", query_string={"q": "kiev"}).get_data(as_text=True)
    assert "<mark>Kyiv</mark>" in page

    (seeds / "synonyms.txt").write_text("grain, wheat\n")
    report = build_index(seeds, index)
    assert report.reread == 0 and not report.unchanged and report.synonyms == 2
    assert set(scores("kiev")) == {"kiev"} | {f"old{n}" for n in range(8)}
    assert set(scores("wheat")) == {"ussr", "soviet", "union"}
    (seeds / "synonyms.txt").unlink()
    build_index(seeds, index)
    assert scores("wheat") == {}


def test_complete_offers_the_word_being_typed_as_the_articles_write_it(client, seed_index):
    """/api/complete: the text with its last word completed from the index's words, those in the
    most articles first, stop words never; after outlet: or author:, from their names; nothing
    for a finished word, another field, a pattern or a single letter; the text kept as typed
    before the word; too long a text is a 400."""

    def completions(text: str) -> list[str]:
        response = client.get("/api/complete", query_string={"q": text})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["completions"]

    assert completions("kel")[0] == "kellogg"  # (in all three articles)
    assert completions("Putin ZELEN")[:1] == ["Putin zelensky"]
    assert set(completions("zelensk")) >= {"zelensky", "zelenskyy"}
    found = completions("pr")
    assert len(found) == 8 and found[0] == "president"
    from searchapp.search import Engine

    s = Engine(seed_index).searcher()
    frequencies = [s.doc_frequency("exact", word) for word in found]
    assert frequencies == sorted(frequencies, reverse=True) and frequencies[-1] < 3  # the most articles first
    assert "the" not in completions("th") and "that" not in completions("th")
    in_quotes = completions('"rare ea')
    assert '"rare earth' in in_quotes and all(c.startswith('"rare ea') for c in in_quotes)
    assert completions("kellogg -zelen")[0].startswith("kellogg -zelensk")
    assert completions("putin outlet:ky") == ["putin outlet:kyiv"]  # from the outlets' names
    assert completions("author:gon") == ["author:goncharova"] and completions("title:pla")[0] == "title:plan"
    for text in ("kellogg ", "outlet:l", "date:20", "kel*", "k", "", "kell~"):
        assert completions(text) == [], text
    too_long = client.get("/api/complete", query_string={"q": "a" * 1001})
    assert too_long.status_code == 400 and "too long" in too_long.get_json()["error"]


def test_completions_that_go_with_the_words_before_come_first(tmp_path):
    """After other words, the completions found with them come first: "japan ye" offers yen
    before the more frequent year, which "ye" alone offers first, and so does "japan w/5 ye"; a
    word typed before is not offered again."""
    records = [{"id": f"y{n}", "body": f"Exports rose this year, report {n} said."} for n in range(6)]
    records += [
        {"id": "j1", "body": "Japan intervened to support the yen."},
        {"id": "j2", "body": "The yen fell as Japan cut rates."},
        {"id": "j3", "body": "Japan had a good year, Japanese officials said."},
    ]
    client = _client_of(tmp_path, records)

    def completions(text: str) -> list[str]:
        return client.get("/api/complete", query_string={"q": text}).get_json()["completions"]

    assert completions("ye") == ["year", "yen"]
    assert completions("japan ye") == ["japan yen", "japan year"]
    assert completions("japan w/5 ye") == ["japan w/5 yen", "japan w/5 year"]  # (a connector aside)
    assert completions("japan lead:ye") == ["japan lead:yen", "japan lead:year"]
    assert set(completions("hd=ye")) == {"hd=yen", "hd=year"}  # (after Factiva's field codes too)
    assert completions("japan ja") == ["japan japanese"]


def test_an_archive_of_many_outlets_lists_the_first_ten_and_folds_the_rest(tmp_path, monkeypatch):
    """The outlet facet on the page: the ten with the most matches, any ticked one too, and the
    rest under "N more outlets" (a <details>: no script needed). The API lists the first
    OUTLETS_LISTED (and any asked for), and counts the others."""
    records = [
        {"id": f"r{i}", "title": f"Wheat {i}", "body": "Wheat rose.", "outlet": f"Outlet {i % 14:02d}"}
        for i in range(14 * 3 + 10)  # outlets 00-09 have four articles, 10-13 three
    ]
    client = _client_of(tmp_path, records)
    page = client.get("/", query_string={"q": "wheat", "outlet": "Outlet 13"}).get_data(as_text=True)
    listed = re.findall(r'name="outlet" id="(outlet-[a-z-]*\d+)" value="([^"]+)"', page)
    assert [value for _, value in listed] == [f"Outlet {n:02d}" for n in [*range(10), 13, 10, 11, 12]]
    assert [id_ for id_, _ in listed][-3:] == ["outlet-more-1", "outlet-more-2", "outlet-more-3"]
    assert "<summary>3 more outlets</summary>" in page and 'value="Outlet 13" checked' in page
    facets = client.get("/api/search", query_string={"q": "wheat"}).get_json()["facets"]
    assert len(facets["outlet"]) == 14 and facets["outlet_others"] == 0

    from searchapp import search

    monkeypatch.setattr(search, "OUTLETS_LISTED", 11)
    facets = client.get("/api/search", query_string={"q": "wheat", "outlet": "Outlet 13"}).get_json()[
        "facets"
    ]
    listed = [f["value"] for f in facets["outlet"]]
    assert listed == [f"Outlet {n:02d}" for n in [*range(11), 13]] and facets["outlet_others"] == 2
    page = client.get("/", query_string={"q": "wheat"}).get_data(as_text=True)
    assert "and 3 more: narrow the search" in page


def test_outlets_list_what_the_archive_holds(tmp_path, client):
    """/api/outlets and /outlets: every outlet with its articles and first and last dates, the
    most articles first, deleted articles left out; the page escapes names and links each to its
    articles; the results page links the page."""
    data = client.get("/api/outlets").get_json()
    assert data == {
        "ok": True,
        "outlets": [
            {"name": "LBC", "articles": 1, "first": "2025-02-10", "last": "2025-02-10"},
            {"name": "The Kyiv Independent", "articles": 1, "first": "2025-02-03", "last": "2025-02-03"},
            {"name": "The Moscow Times", "articles": 1, "first": "2025-02-03", "last": "2025-02-03"},
        ],
        "without_outlet": 0,
    }
    records = [
        {"id": "a", "title": "A", "body": "Wheat.", "outlet": "<b>Farm</b>", "date": "2025-01-05"},
        {"id": "b", "title": "B", "body": "Wheat.", "outlet": "<b>Farm</b>", "date": "2024-12-30"},
        {"id": "c", "title": "C", "body": "Wheat.", "outlet": "<b>Farm</b>"},
        {"id": "d", "title": "D", "body": "Wheat.", "outlet": "Grain Post"},
        {"id": "e", "title": "E", "body": "Wheat."},
    ]
    farm = _client_of(tmp_path, records)
    data = farm.get("/api/outlets").get_json()
    assert data["outlets"] == [
        {"name": "<b>Farm</b>", "articles": 3, "first": "2024-12-30", "last": "2025-01-05"},
        {"name": "Grain Post", "articles": 1, "first": None, "last": None},
    ]
    assert data["without_outlet"] == 1
    page = farm.get("/outlets").get_data(as_text=True)
    assert "<b>Farm</b>" not in page and ">&lt;b&gt;Farm&lt;/b&gt;</a>" in page
    assert 'href="/?outlet=%3Cb%3EFarm%3C/b%3E"' in page and "1 article has no outlet" in page
    results_page = farm.get("/", query_string={"q": "wheat"}).get_data(as_text=True)
    assert 'href="/outlets">All outlets</a>' in results_page

    from searchapp.index import build_index

    (tmp_path / "seeds" / "wire.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records if r["id"] != "d")
    )
    build_index(tmp_path / "seeds", tmp_path / "ix")  # (incremental: the old documents are deleted)
    assert [o["name"] for o in farm.get("/api/outlets").get_json()["outlets"]] == ["<b>Farm</b>"]


def test_an_articles_page_links_its_web_address_alone(tmp_path):
    """The article's page links the address it was saved from where that is a web address, its
    scheme in any case ("HTTPS://", as some exports write it); not a javascript: or file: one."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    urls = {
        "a": "HTTPS://harbourgazette.example/pilots",
        "b": "javascript:alert(1)",
        "c": "file:///etc/passwd",
    }
    records = (
        {"id": k, "title": "Pilots", "body": f"Harbour pilots walked out ({k}).", "url": v}
        for k, v in urls.items()
    )
    (seeds / "links.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records))
    client = _client_over(seeds, tmp_path / "ix")
    links = {
        k: re.findall(
            r'<p class="original"><a href="([^"]*)"', client.get(f"/articles/{k}").get_data(as_text=True)
        )
        for k in urls
    }
    assert links == {"a": ["HTTPS://harbourgazette.example/pilots"], "b": [], "c": []}
