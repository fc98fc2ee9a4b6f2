"""NLTK-backed text analysis as a Whoosh pipeline.

These classes live at module level because Whoosh pickles the schema, analyzers included,
into the index; they must stay importable under the same names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from whoosh.analysis import Analyzer, Token

# Acronyms ("U.S.", "U.N"), numbers ("2,000", "15:52") and words with inner apostrophes ("Trump's").
TOKEN_PATTERN = r"(?:[^\W\d_]\.)+[^\W\d_](?!\w)\.?|\d+(?:[.,:]\d+)*|\w+(?:['’]\w+)*"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def word_list(name: str) -> frozenset[str]:
    """A word list shipped in searchapp/data: one word a line, `#` lines are comments."""
    text = resources.files("searchapp").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@cache
def stop_words() -> frozenset[str]:
    """The shipped English stop list (NLTK's, without its download)."""
    return word_list("stopwords.txt")


class _OwnPatternTokenizer(RegexpTokenizer):
    """NLTK's RegexpTokenizer on the standard `re` engine. NLTK runs caller-supplied patterns
    through its ReDoS guard (the `regex` engine and a timer on every call), which doubles the
    cost of tokenising; ours is a fixed, linear pattern. Spans come without a Python generator
    step per token (a fifth of a snippet's time)."""

    def _check_regexp(self) -> None:
        if self._regexp is None:
            self._regexp = re.compile(self._pattern, self._flags)

    def span_tokenize(self, text: str) -> Iterator[tuple[int, int]]:
        return map(re.Match.span, self.token_matches(text))

    def token_matches(self, text: str, start: int = 0) -> Iterator[re.Match[str]]:
        self._check_regexp()
        return self._regexp.finditer(text, start)

    def strings(self, text: str) -> list[str]:
        """The tokens' text alone, the fastest way to read them (no match objects)."""
        self._check_regexp()
        return self._regexp.findall(text)


_TOKENIZER = _OwnPatternTokenizer(TOKEN_PATTERN)


def spans(text: str) -> Iterator[tuple[int, int]]:
    """Each token's character offsets in `text`."""
    return _TOKENIZER.span_tokenize(text)


def tokens(text: str, start: int = 0) -> Iterator[re.Match[str]]:
    """Each token of `text` from `start` (which must not fall inside a token) as a match: its
    text and its offsets."""
    return _TOKENIZER.token_matches(text, start)


def fold(text: str) -> str:
    """Curly apostrophes straight, accents stripped, acronyms without a final period:
    "Zürich’s" -> "Zurich's", "U.N." -> "U.N"."""
    text = text.translate(_APOSTROPHES).rstrip(".")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_STEMMER = SnowballStemmer("english")
_ANALYSED: dict[str, tuple[str, str | None]] = {}
_CACHE_SIZE = 200_000


def analyse(token: str) -> tuple[str, str | None]:
    """A token as the index sees it: the word as written (lowercased, folded, less a final 's, so
    that the phrase "by Moody" finds "by Moody's"), and its Snowball stem, or None for a stop word
    (or a single character). Cached: the same words recur in every article."""
    found = _ANALYSED.get(token)
    if found is None:
        word = fold(token.lower())
        written = word[:-2] if word.endswith("'s") else word
        if word in stop_words() or len(word) < 2:
            found = (written, None)
        else:  # acronyms ("u.s") are not plurals
            found = (written, word if "." in word else _STEMMER.stem(word))
        if len(_ANALYSED) >= _CACHE_SIZE:
            _ANALYSED.clear()
        _ANALYSED[token] = found
    return found


@lru_cache(maxsize=8)
def analysed(text: str) -> list[tuple[str, str | None]]:
    """`analyse` of each token of `text`, kept for the next few calls: an article's title and body
    are indexed both stemmed and as written (the `exact` field), and reading each once rather
    than twice takes a seventh off a build's instructions. Shared: callers must not change it."""
    return [analyse(token) for token in _TOKENIZER.strings(text)]


class NewsAnalyzer(Analyzer):
    """NLTK's regexp tokenizer, lowercase, fold, and for ranked text the stop list and NLTK's
    Snowball stemmer ("running" -> "run", not Whoosh's "runn"), in one loop over the tokens with
    one cache look-up each: as a chain of five Whoosh filters it was most of the indexing time.
    Stop words leave no gap in the positions, as with Whoosh's StopFilter."""

    def __init__(self, stem: bool) -> None:
        self.stem = stem

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.stem == self.stem

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, start, end, text, stopped in self._terms(value, tokenize, removestops, start_pos):
            t.text, t.stopped, t.boost = text, stopped, 1.0
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t

    def positions(self, value: str | tuple[str, ...]) -> dict[str, list[int]]:
        """Each indexed word's positions in `value`: what indexing needs, without a Token per word.
        Several texts are read as one, as if joined by line breaks (no token spans one)."""
        if isinstance(value, str):
            tokens = analysed(value)
        else:
            tokens = [token for text in value for token in analysed(text)]
        found: dict[str, list[int]] = defaultdict(list)
        if not self.stem:
            for position, (word, _) in enumerate(tokens):
                found[word].append(position)
            return found
        kept = [(n, stem) for n, (_, stem) in enumerate(tokens) if stem is not None]
        for position, (_, stem) in enumerate(kept, start=kept[0][0] if kept else 0):  # as _terms counts
            found[stem].append(position)
        return found

    def _terms(
        self, value: str, tokenize: bool = True, removestops: bool = True, start_pos: int = 0
    ) -> Iterator[tuple[int, int, int, str, bool]]:
        """(position, start, end, text, stopped) for each token."""
        kept = None  # the position of the last word kept, when stop words are dropped
        for pos, (start, end) in enumerate(spans(value) if tokenize else [(0, len(value))], start=start_pos):
            word, stem = analyse(value[start:end])
            if not self.stem:
                yield pos, start, end, word, False
            elif stem is not None:
                kept = pos if kept is None else kept + 1
                yield kept, start, end, stem, False
            elif not removestops:
                yield pos, start, end, word, True


def word_analyzer() -> NewsAnalyzer:
    """Words as written (lowercased, folded): exact phrases, wildcards, names, spelling."""
    return NewsAnalyzer(stem=False)


def text_analyzer() -> NewsAnalyzer:
    """The analyzer for article text and the queries against it: words, less stop words, stemmed."""
    return NewsAnalyzer(stem=True)
