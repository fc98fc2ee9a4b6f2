"""The index's words that a wildcard (`negot*`, `*ation`) matches, and those near a given word:
what a fuzzy term (`Zelenskiy~`) matches, and where did-you-mean looks for a correction."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from itertools import islice

from whoosh import query as q
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

LISTS_KEPT = 8  # fields' word lists kept per process (an index generation has a few that need them)


def wildcard_words(s: Searcher, fieldname: str, pattern: str) -> Iterator[str]:
    """Each word of the field that `pattern` matches whole: `*` stands for any letters, `?` for
    one (Lucene's wildcards; no character classes). A pattern that starts with letters reads just
    the words that start so. One that does not (`*ation`, `?il`) made Whoosh walk its whole term
    list, 0.5 s a search at 19k articles: it is matched by one regular expression over the
    field's words, listed once per index generation (0.2 s at 19k), in 4 ms."""
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


_lists: OrderedDict[tuple[tuple[str, ...], str], str] = OrderedDict()
_lists_lock = threading.Lock()


def _listed(s: Searcher, fieldname: str) -> str:
    """The field's words, one a line: listed once for the segments the searcher reads (a
    rebuild that adds or merges segments makes another list) and shared by the process's
    threads, which wait for the first to list them."""
    leaves = [reader for reader, _ in s.reader().leaf_readers()]
    key = (tuple(reader.segment().segment_id() for reader in leaves), fieldname)
    with _lists_lock:
        if key not in _lists:
            words = set()
            for reader in leaves:
                words.update(reader.lexicon(fieldname))
            _lists[key] = "\n".join(sorted(word.decode("utf-8") for word in words))
            while len(_lists) > LISTS_KEPT:
                _lists.popitem(last=False)
        _lists.move_to_end(key)
        return _lists[key]
