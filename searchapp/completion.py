"""Search as you type: the word being typed completed from the index's words, those in the most
articles first, as Elasticsearch's completion suggester and Meilisearch's search boxes offer
them. A name is spelled as the articles spell it before the search is even run
("zelen" -> zelensky, zelenskyy)."""

from __future__ import annotations

import heapq
import re
import threading
from collections import Counter, OrderedDict
from itertools import islice

from whoosh.searching import Searcher

from .analysis import analyse, stop_words
from .query import EXACT_FIELD

COMPLETIONS = 8
MIN_PREFIX = 2  # letters typed before words are offered
READ_MOST = 20_000  # words read per segment for one prefix (a two-letter prefix at 95k: ~3,000)

# The last word of the text, still being typed (no space after it): not a field, a pattern, a
# fuzzy word or an operator's sign, but after a sign, a parenthesis or a quote.
_TYPING = re.compile(r'(?:^|(?<=[\s("+\-]))(?P<word>[^\s"():*?~^+\-][^\s"():*?~^]*)$')
_STOP = frozenset(word.encode("utf-8") for word in stop_words())
PREFIXES_KEPT = 4096  # prefixes whose words a process keeps (a few hundred bytes each)
_kept: OrderedDict[tuple[tuple[str, ...], str], list[str]] = OrderedDict()  # by segments, prefix
_kept_lock = threading.Lock()


def complete(s: Searcher, text: str) -> list[str]:
    """The text with its last word completed in up to COMPLETIONS ways, as the text's articles
    write it (lowercased): the most frequent words first, stop words never."""
    typing = _TYPING.search(text)
    if typing is None:
        return []
    prefix = analyse(typing["word"])[0]
    if len(prefix) < MIN_PREFIX or not prefix.isprintable():
        return []
    head = text[: typing.start("word")]
    return [head + word for word in _words(s, prefix)]


def _words(s: Searcher, prefix: str) -> list[str]:
    """The index's most frequent words that start with `prefix`, kept for the next keystrokes:
    a two-letter prefix reads thousands of words (30 ms at 95k articles), and every search box
    user types one."""
    leaves = [reader for reader, _ in s.reader().leaf_readers()]
    key = (tuple(reader.segment().segment_id() for reader in leaves), prefix)
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    counts: Counter[bytes] = Counter()
    for reader in leaves:
        for word, info in islice(reader.iter_prefix(EXACT_FIELD, prefix), READ_MOST):
            counts[word] += info.doc_frequency()
    best = heapq.nsmallest(COMPLETIONS, ((-n, word) for word, n in counts.items() if word not in _STOP))
    words = [word.decode("utf-8") for _, word in best]
    with _kept_lock:
        _kept[key] = words
        while len(_kept) > PREFIXES_KEPT:
            _kept.popitem(last=False)
    return words
