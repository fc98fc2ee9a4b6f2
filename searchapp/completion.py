"""Search as you type: the word being typed completed from the index's words, those in the most
articles first, as Elasticsearch's completion suggester and Meilisearch's search boxes offer
them. A name is spelled as the articles spell it before the search is even run
("zelen" -> zelensky, zelenskyy). After other words, the completions found with them come first
("japan ye" offers yen before the more frequent year)."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable
from itertools import islice

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from .analysis import analyse, stop_words
from .query import EXACT_FIELD, LEAD, NAME_FIELDS
from .vocabulary import BySegments

COMPLETIONS = 8
CANDIDATES = 24  # the most frequent completions, of which those found with the words before come first
MIN_PREFIX = 2  # letters typed before words are offered
READ_MOST = 20_000  # words read per segment for one prefix (a two-letter prefix at 95k: ~3,000)

# The last word of the text, still being typed (no space after it), after a field name if any:
# not a pattern, a fuzzy word or an operator's sign, but after a sign, a parenthesis or a quote.
_TYPING = re.compile(
    rf'(?:^|(?<=[\s("+\-=]))(?:(?P<field>{"|".join(NAME_FIELDS)}|title|{LEAD}):)?'
    r'(?P<word>[^\s"():*?~^=+\-][^\s"():*?~^=]*)$'  # (after `hd=`, Factiva's codes: see query)
)
_STOP = frozenset(word.encode("utf-8") for word in stop_words())
PREFIXES_KEPT = 4096  # prefixes whose words a process keeps (a few hundred bytes each)
_kept: BySegments[list[str]] = BySegments(PREFIXES_KEPT)


# How well each completion (field, word) goes with the words typed before (a text); None where
# the text before cannot be read as a search.
Together = Callable[[str], Callable[[str, str], float] | None]


def complete(s: Searcher, text: str, together: Together | None = None) -> list[str]:
    """The text with its last word completed in up to COMPLETIONS ways, as the text's articles
    write it (lowercased): those that go best with the words typed before it first (`together`),
    then the most frequent words; stop words and the words typed before never. After `outlet:`
    or `author:`, from the words of the outlets' or authors' names."""
    typing = _TYPING.search(text)
    if typing is None:
        return []
    prefix = analyse(typing["word"])[0]
    if len(prefix) < MIN_PREFIX or not prefix.isprintable():
        return []
    fieldname = typing["field"] if typing["field"] in NAME_FIELDS else EXACT_FIELD
    before = text[: typing.start()]
    typed = {analyse(word)[0] for word in before.split()}
    words = [word for word in _words(s, fieldname, prefix) if word not in typed]
    fit = together(before) if together and before.strip() else None
    if fit is not None:
        found = {word: fit(fieldname, word) for word in words}
        words = sorted(words, key=lambda word: -found[word])  # (ties: the more frequent first)
    head = text[: typing.start("word")]
    return [head + word for word in words[:COMPLETIONS]]


def _words(s: Searcher, fieldname: str, prefix: str) -> list[str]:
    """The field's CANDIDATES most frequent words that start with `prefix`, kept for the next keystrokes:
    a two-letter prefix reads thousands of words (30 ms at 95k articles), and every search box
    user types one."""

    def most_frequent(leaves: list[IndexReader]) -> list[str]:
        counts: Counter[bytes] = Counter()
        for reader in leaves:
            for word, info in islice(reader.iter_prefix(fieldname, prefix), READ_MOST):
                counts[word] += info.doc_frequency()
        best = heapq.nsmallest(CANDIDATES, ((-n, w) for w, n in counts.items() if w not in _STOP))
        return [word.decode("utf-8") for _, word in best]

    return _kept.get(s, f"{fieldname}:{prefix}", most_frequent)
