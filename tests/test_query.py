"""The query parser's shortcut for plain words builds exactly what Whoosh's parser builds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as q

from searchapp.query import EXACT_FIELD, TEXT_FIELDS, _parser, _plain
from searchapp.schema import build_schema

SCHEMA = build_schema()
PIECES = st.sampled_from(
    [
        "wheat",
        "Wheat",
        "prices",
        "the",
        "of",
        "a",
        "U.S.",
        "trade-off",
        "non-profit",
        "Coca-Cola",
        "state-of-the-art",
        "e-mail",
        "F-16",
        "U.S.-led",
        "Moody's",
        "Moody’s",
        "2,000",
        "1987",
        "2025-02-05",
        "Zürich",
        "naïve",
        "x",
        "AND",
        "and",
        "OR",
        "NOT",
        "ANDMAYBE",
        "running",
        "runs",
        "e.g.",
        "rock'n'roll",
        "wheat.",
        "wheat,prices",
        "_",
        "a_b",
        "ﬁnance",
        "Ελλάδα",
        "''",
        "'word'",
        "-",
        "+",
        "*",
        "?",
    ]
)
SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u3000"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.one_of(PIECES, st.text(min_size=1, max_size=6)), max_size=6))
    return "".join(word + draw(SPACES) for word in words)


@settings(max_examples=600, deadline=None)
@given(texts(), st.sampled_from([TEXT_FIELDS, (EXACT_FIELD,)]))
def test_plain_words_give_the_parsers_query(text, fields):
    ours = _plain(text, SCHEMA, fields)
    if ours is not None:
        assert _shape(ours) == _shape(_parser(SCHEMA, fields).parse(text, normalize=False, debug=False))


def _shape(node: q.Query) -> tuple:
    """A query's structure, comparable (Whoosh's own == holds no empty Or equal to another)."""
    own = (type(node), getattr(node, "fieldname", None), getattr(node, "text", None), node.boost)
    own += (tuple(getattr(node, "words", ())),)
    return own + tuple(_shape(child) for child in node.children())


@pytest.mark.parametrize(
    "text", ["wheat prices", "the U.S. trade-off", "Moody's 2,000 tonnes", "Zürich naïve"]
)
def test_plain_words_take_the_shortcut(text):
    assert _plain(text, SCHEMA, TEXT_FIELDS) is not None


@pytest.mark.parametrize(
    "text", ['"wheat prices"', "wheat AND prices", "title:wheat", "whe*", "wheat^2", "-wheat"]
)
def test_anything_else_goes_through_the_parser(text):
    assert _plain(text, SCHEMA, TEXT_FIELDS) is None
