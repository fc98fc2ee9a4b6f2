"""The index's words that a wildcard (`negot*`, `*ation`) matches, and those near a given word:
what a fuzzy term (`Zelenskiy~`) matches, and where did-you-mean looks for a correction."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Generic, TypeVar

from whoosh import query as q
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from .analysis import analyse, stem_start

LISTS_KEPT = 8  # fields' word lists kept per process (an index generation has a few that need them)
T = TypeVar("T")


def wildcard_words(s: Searcher, fieldname: str, pattern: str) -> Iterator[str]:
    """Each word of the field that `pattern` matches whole: `*` stands for any letters, `?` for
    one (Lucene's wildcards; no character classes). A pattern that starts with letters reads just
    the words that start so. One that does not (`*ation`, `?il`) made Whoosh walk its whole term
    list, 0.5 s a search at 19k articles: it is matched by one regular expression over the
    field's words, listed once per index generation (0.2 s at 19k), in 4 ms. A run of `*` is one
    (300 in a row had the expression try every way to share a word among them: for ever)."""
    pattern = re.sub(r"\*+", "*", pattern)
    body = "".join(r"[^\n]*" if c == "*" else r"[^\n]" if c == "?" else re.escape(c) for c in pattern)
    start = re.match(r"[^*?]*", pattern).group()
    if not start:
        yield from re.findall(f"(?m)^{body}$", _listed(s, fieldname))
        return
    whole = re.compile(body)
    for btext in s.reader().expand_prefix(fieldname, start):
        word = btext.decode("utf-8")
        if whole.fullmatch(word):
            yield word


def stem_words(s: Searcher, fieldname: str, stem: str | None) -> Iterator[str]:
    """Each word of the field (words as written) whose Snowball stem is `stem`, read from those
    that begin as its words do (analysis.stem_start; for a short stem, with all of it)."""
    if stem is None:
        return
    start = stem_start(stem)
    for btext in s.reader().expand_prefix(fieldname, start if len(start) > 1 else stem):
        word = btext.decode("utf-8")
        if analyse(word)[1] == stem:
            yield word


def side_by_side(s: Searcher, fieldname: str, words: list[str], most: int | None = None) -> int:
    """In how many articles the field has `words` side by side, in order (counting stops at
    `most`): whether a name goes on, where words run together belong apart."""
    return sum(1 for _ in islice(s.docs_for_query(q.Phrase(fieldname, words)), most))


def near_words(s: Searcher, fieldname: str, word: str, maxdist: int) -> Iterator[tuple[int, str]]:
    """Each word of the field within `maxdist` edits (Damerau-Levenshtein) of `word`, with its
    edits. Only words with the same first letter (most typos spare it) and a length within reach
    are compared, and only those whose letters allow it: Whoosh's fuzzy term compared every word
    of the field, 1.2 s a search at 19k articles, where this takes 5-10 ms."""
    letters = set(word)
    for btext in s.reader().expand_prefix(fieldname, word[:1]):
        candidate = btext.decode("utf-8")
        if abs(len(candidate) - len(word)) <= maxdist and may_be_near(letters, candidate, maxdist):
            edits = distance(candidate, word, limit=maxdist)
            if edits <= maxdist:
                yield edits, candidate


def may_be_near(letters: set[str], candidate: str, maxdist: int) -> bool:
    """False if `candidate` is surely more than `maxdist` edits from the word of `letters`: an
    edit adds or removes at most two letters of a word's set of letters. A quarter or less of
    the candidates pass, so most edit distances (26 µs each, in Python) are never computed."""
    return len(letters.symmetric_difference(candidate)) <= 2 * maxdist


class BySegments(Generic[T]):
    """Values worked out from an index's segments, kept per process for the next searches of the
    same segments (a rebuild that adds or merges segments gets new ones) and shared by threads,
    which wait for the first to work a value out; the `kept` most recently used."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._values: OrderedDict[tuple[tuple[str, ...], str], T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, s: Searcher, name: str, make: Callable[[list[IndexReader]], T]) -> T:
        """The value `name` of the searcher's segments, made from their readers if not kept."""
        leaves = [reader for reader, _ in s.reader().leaf_readers()]
        key = (tuple(reader.segment().segment_id() for reader in leaves), name)
        with self._lock:
            if key not in self._values:
                self._values[key] = make(leaves)
                while len(self._values) > self.kept:
                    self._values.popitem(last=False)
            self._values.move_to_end(key)
            return self._values[key]


_lists: BySegments[str] = BySegments(LISTS_KEPT)


def _listed(s: Searcher, fieldname: str) -> str:
    """The field's words, one a line, listed once for the segments the searcher reads."""

    def listed(leaves: list[IndexReader]) -> str:
        words = set()
        for reader in leaves:
            words.update(reader.lexicon(fieldname))
        return "\n".join(sorted(word.decode("utf-8") for word in words))

    return _lists.get(s, fieldname, listed)
