"""The advanced search form: its fields written as the search box's query, which the results
page then shows, to be read and changed, as Google's advanced search and Factiva's search
builder fill in the search box. What each field means is the query language's, not the form's."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .query import LEAD, MAX_DISTANCE, OPERATOR_WORDS, QueryError

FIELDS = (
    "all",
    "phrase",
    "any",
    "none",
    "title",
    "lead",
    "author",
    "near_a",
    "near_b",
    "near_by",
    "within",
    "in_order",
)
UNITS = {"": "within N words of", "s": "in one sentence with", "p": "in one paragraph with"}  # near_by
WITHIN = 5  # words apart, where the form's number is left empty

_SYNTAX = re.compile(r'["()\[\]{}^~:]')  # what would make a field's words more than words


def query_of(form: Mapping[str, str]) -> str:
    """The query that the filled-in fields ask for, after the search typed in `q` (kept as typed);
    QueryError if the words-near fields are half filled or the distance is not a number."""
    parts = [(form.get("q") or "").strip()]
    parts += [f"+{word}" for word in _words(form, "all")]
    if phrase := _words(form, "phrase"):
        parts.append('+"{}"'.format(" ".join(phrase)))
    if any_of := _words(form, "any"):
        parts.append(f"+{any_of[0]}" if len(any_of) == 1 else "+({})".format(" OR ".join(any_of)))
    parts += [f"-{word}" for word in _words(form, "none")]
    parts += [f"title:{word}" for word in _words(form, "title")]
    parts += [f"{LEAD}:{word}" for word in _words(form, "lead")]
    if author := " ".join(_words(form, "author")):
        parts.append(f'author:"{author}"')
    parts.append(_near(form))
    return " ".join(part for part in parts if part)


def _near(form: Mapping[str, str]) -> str:
    """`a w/N b`, or `a pre/N b` in order, or `a w/s b` or `a w/p b`, from the first word of
    each side."""
    a, b = _words(form, "near_a")[:1], _words(form, "near_b")[:1]
    if not a and not b:
        return ""
    if not (a and b):
        raise QueryError("words near each other: give a word on each side")
    unit = form.get("near_by") or ""
    if unit not in UNITS:
        raise QueryError(f"words near each other: unknown {unit!r}: use one of {', '.join(UNITS)}")
    if unit:
        return f"{a[0]} w/{unit} {b[0]}"
    within = (form.get("within") or "").strip() or str(WITHIN)
    if not within.isdigit() or not 1 <= int(within) <= MAX_DISTANCE:
        raise QueryError(
            f"words near each other: give how many words apart as a number from 1 to {MAX_DISTANCE}"
        )
    return f"{a[0]} {'pre' if form.get('in_order') else 'w'}/{int(within)} {b[0]}"


def _words(form: Mapping[str, str], name: str) -> list[str]:
    """A field's words, without what the query language would read as syntax: quotes, groups,
    fields, boosts, fuzziness, a leading + or -, and operators in capitals (wildcards stay)."""
    words = (_SYNTAX.sub("", word).lstrip("+-") for word in (form.get(name) or "").split())
    return [word.lower() if word in OPERATOR_WORDS else word for word in words if word]
