"""Did-you-mean: the query with the words the index has never seen, in any form, replaced by the
nearest words it has."""

from __future__ import annotations

import re

from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from .analysis import analyse
from .query import EXACT_FIELD, OPERATOR_WORDS, TEXT_FIELDS

NAME_FIELDS = ("outlet", "author")  # their words are corrected against their own words
# A word, alone or after a field's prefix (`title:wheet`, `outlet:reutres`).
_WORD = re.compile(
    rf"(?:\b(?P<field>{'|'.join((*TEXT_FIELDS, *NAME_FIELDS))}):|(?<![\w:~*?]))"
    r"(?P<word>[^\W\d_][\w'’]*)(?![\w:~*?])"
)


def suggest(text: str, s: Searcher) -> str | None:
    """The corrected query, or None if every word is known or has no near word."""
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        field, word = match.group("field"), match.group("word")
        if word in OPERATOR_WORDS or len(word) < 3:
            return match.group()
        folded, stem = analyse(word)  # as the index has it: "Zürich's" is "zurich"
        vocabulary = field if field in NAME_FIELDS else EXACT_FIELD  # (the text fields hold stems)
        known = s.doc_frequency(vocabulary, folded) or (  # in another form ("wages" for "wage"): found
            vocabulary == EXACT_FIELD and any(s.doc_frequency(f, stem) for f in TEXT_FIELDS if stem)
        )
        best = None if known else _nearest(s, folded, 1 if len(folded) < 6 else 2, vocabulary)
        if best is None:
            return match.group()
        changed = True
        return f"{field}:{best}" if field else best

    corrected = _WORD.sub(fix, text)
    return corrected if changed else None


def may_be_near(letters: set[str], candidate: str, maxdist: int) -> bool:
    """False if `candidate` is surely more than `maxdist` edits from the word of `letters`: an
    edit adds or removes at most two letters of a word's set of letters. A quarter or less of
    the candidates pass, so most edit distances (26 µs each, in Python) are never computed."""
    return len(letters.symmetric_difference(candidate)) <= 2 * maxdist


def _nearest(s: Searcher, word: str, maxdist: int, fieldname: str) -> str | None:
    """The index's word fewest edits (Damerau-Levenshtein) from `word`, the most frequent among
    equally near ones. Only words with the same first letter (most typos spare it) and a length
    within reach are compared; Whoosh's corrector compared every word with the first letter, and
    ranked all within reach by frequency alone, the farther ones included."""
    found: list[tuple[int, int, str]] = []
    letters = set(word)
    for btext in s.reader().expand_prefix(fieldname, word[:1]):
        candidate = btext.decode("utf-8")
        if abs(len(candidate) - len(word)) <= maxdist and may_be_near(letters, candidate, maxdist):
            edits = distance(candidate, word, limit=maxdist)
            if edits <= maxdist:
                found.append((edits, -s.doc_frequency(fieldname, candidate), candidate))
    return min(found)[2] if found else None
