"""Property tests for the query path: any text and any parameters give 200 or 400, never a 500."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp.search import _by_added, date_histogram

QUERY_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                "trump",
                "putin",
                "AND",
                "OR",
                "NOT",
                "ANDNOT",
                "ANDMAYBE",
                "added:",
                "-",
                "+",
                '"',
                "(",
                ")",
                "*",
                "?",
                "~",
                "~2",
                "~0",
                "~99999",
                '"putin trump"~3',
                '"kyiv-independent us"~1',
                ":",
                "title:",
                "outlet:",
                "author:",
                " ",
                "kyiv",
                "independent",
                "olena goncharova",
                "date:",
                "date:[",
                " TO ",
                "]",
                "2025-02-03",
                ">",
                "<",
                "^2",
                "\\",
                "{",
                "}",
                "/",
                " w/5 ",
                "(trump OR putin)",
                "(putin w/3 trump) w/9 ",
                '("kyiv independent" or zelensk*)',
                " or ",
                " pre/2 ",
                " not w/3 ",
                " w/s ",
                " W/PARA ",
                " w/seg ",
                " near3 ",
                "adj2",
                "atleast2 ",
                "headline(",
                "lead:",
                "hlead(",
                "headline(putin w/3 ",
                "lead:(",
                "hd=",
                "sn=",
                "w/0",
                "!",
                "é",
                "zelensk*",
                "kellog~",
                "<script>",
                "'",
                ",",
                ".",
            ]
        ),
        max_size=12,
    ).map("".join),
)
PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "outlet": st.lists(
            st.one_of(st.sampled_from(["LBC", "The Moscow Times"]), st.text(max_size=10)), max_size=3
        ),
        "from": st.one_of(st.dates().map(str), st.text(max_size=12)),
        "to": st.one_of(st.dates().map(str), st.text(max_size=12)),
        "sort": st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), st.text(max_size=8)),
        "page": st.one_of(st.integers(-5, 20).map(str), st.text(max_size=4)),
        "per_page": st.one_of(st.integers(-5, 200).map(str), st.text(max_size=4)),
    },
)
# What an exception's own text says: a message that reads so tells the user nothing.
_PYTHON_ERROR = re.compile(r"out of range|NoneType|has no attribute|object is not|positional|keyword|: $")
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(q=QUERY_TEXT, params=PARAMS)
def test_api_answers_200_or_400_for_any_input(client, q, params):
    response = client.get("/api/search", query_string={"q": q, **params})
    body = response.get_json()
    assert response.status_code in (200, 400), body
    assert body["ok"] is (response.status_code == 200)
    if response.status_code == 400:
        assert body["status"] == 400 and body["error"]
        assert not _PYTHON_ERROR.search(body["error"]), body["error"]  # (a crash dressed as a 400)


@SETTINGS
@given(q=QUERY_TEXT, params=PARAMS)
def test_page_answers_200_or_400_for_any_input(client, q, params):
    response = client.get("/", query_string={"q": q, **params})
    assert response.status_code in (200, 400)
    assert response.mimetype == "text/html"


@settings(deadline=None)  # the first example imports the search module
@given(st.text("abcde", max_size=8), st.text("abcde", max_size=8), st.integers(0, 3))
def test_the_letter_set_test_never_drops_a_near_word(word, candidate, maxdist):
    """Did-you-mean skips the edit distance for candidates whose letters rule it out: it must
    never skip one within reach."""
    from whoosh.support.levenshtein import distance

    from searchapp.vocabulary import may_be_near

    if distance(word, candidate) <= maxdist:
        assert may_be_near(set(word), candidate, maxdist)


_DAYS = (
    st.lists(st.integers(0, date.max.toordinal()), max_size=30)
    | st.lists(st.sampled_from([0, 738_000]) | st.integers(738_000, 738_400), max_size=30)
    | st.lists(st.integers(735_000, 741_000), max_size=30)  # (a few years to a few decades)
)


@given(_DAYS, _DAYS)
def test_the_date_facet_counts_each_day_in_its_bucket(days, others):
    """The numpy bucketing against the plain reading: each dated day counted under its day, its
    week's Monday, its month's or its year's first day, as the span of the days decides; and, as `of`, the
    days of all the articles (the matches' and others) that fall in each of those buckets."""
    dated = [date.fromordinal(day) for day in days if day]
    span = (max(dated) - min(dated)).days if dated else 0
    interval = "day" if span <= 62 else "week" if span <= 366 else "month" if span <= 3653 else "year"
    start = {
        "day": lambda d: d,
        "week": lambda d: d - timedelta(days=d.weekday()),
        "month": lambda d: d.replace(day=1),
        "year": lambda d: d.replace(month=1, day=1),
    }[interval]
    counts = Counter(start(d) for d in dated)
    among = Counter(start(date.fromordinal(day)) for day in days + others if day)
    assert date_histogram(np.array(days, np.int64), np.array(days + others, np.int64)) == {
        "interval": interval,
        "buckets": [{"start": k.isoformat(), "count": counts[k], "of": among[k]} for k in sorted(counts)],
    }
    assert all(b["of"] == b["count"] for b in date_histogram(np.array(days, np.int64))["buckets"])


@given(
    st.lists(
        st.tuples(st.sampled_from([0.0, 1e9, 2e9]), st.sampled_from([np.nan, 1.0, 5.0, 9.0])), max_size=40
    ),
    st.integers(1, 45),
)
def test_the_added_sort_takes_the_latest_indexed_then_the_newest(articles, wanted):
    """_by_added's partial sort against a plain one: when first indexed, the latest first; then
    the article's own date, newest first, undated last; then document order."""
    added = np.array([a for a, _ in articles], float)
    stamp = np.array([t for _, t in articles], float)
    docs = np.arange(len(articles))
    plain = sorted(docs, key=lambda d: (-added[d], np.isnan(stamp[d]), -np.nan_to_num(stamp[d]), d))
    assert _by_added(docs, added, stamp, wanted) == [int(d) for d in plain[:wanted]]
