"""Search as you type: the word being typed completed from the index's words, those in the most
articles first, as Elasticsearch's completion suggester and Meilisearch's search boxes offer
them. A name is spelled as the articles spell it before the search is even run
("zelen" -> zelensky, zelenskyy)."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from itertools import islice

from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from .analysis import analyse, stop_words
from .query import EXACT_FIELD, NAME_FIELDS
from .vocabulary import BySegments

COMPLETIONS = 8
MIN_PREFIX = 2  # letters typed before words are offered
READ_MOST = 20_000  # words read per segment for one prefix (a two-letter prefix at 95k: ~3,000)

# The last word of the text, still being typed (no space after it), after a field name if any:
# not a pattern, a fuzzy word or an operator's sign, but after a sign, a parenthesis or a quote.
_TYPING = re.compile(
    rf'(?:^|(?<=[\s("+\-]))(?:(?P<field>{"|".join(NAME_FIELDS)}|title):)?'
    r'(?P<word>[^\s"():*?~^+\-][^\s"():*?~^]*)$'
)
_STOP = frozenset(word.encode("utf-8") for word in stop_words())
PREFIXES_KEPT = 4096  # prefixes whose words a process keeps (a few hundred bytes each)
_kept: BySegments[list[str]] = BySegments(PREFIXES_KEPT)


def complete(s: Searcher, text: str) -> list[str]:
    """The text with its last word completed in up to COMPLETIONS ways, as the text's articles
    write it (lowercased): the most frequent words first, stop words never. After `outlet:` or
    `author:`, from the words of the outlets' or authors' names."""
    typing = _TYPING.search(text)
    if typing is None:
        return []
    prefix = analyse(typing["word"])[0]
    if len(prefix) < MIN_PREFIX or not prefix.isprintable():
        return []
    fieldname = typing["field"] if typing["field"] in NAME_FIELDS else EXACT_FIELD
    head = text[: typing.start("word")]
    return [head + word for word in _words(s, fieldname, prefix)]


def _words(s: Searcher, fieldname: str, prefix: str) -> list[str]:
    """The field's most frequent words that start with `prefix`, kept for the next keystrokes:
    a two-letter prefix reads thousands of words (30 ms at 95k articles), and every search box
    user types one."""

    def most_frequent(leaves: list[IndexReader]) -> list[str]:
        counts: Counter[bytes] = Counter()
        for reader in leaves:
            for word, info in islice(reader.iter_prefix(fieldname, prefix), READ_MOST):
                counts[word] += info.doc_frequency()
        best = heapq.nsmallest(COMPLETIONS, ((-n, w) for w, n in counts.items() if w not in _STOP))
        return [word.decode("utf-8") for _, word in best]

    return _kept.get(s, f"{fieldname}:{prefix}", most_frequent)
