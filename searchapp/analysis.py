"""NLTK-backed text analysis as a Whoosh pipeline.

These classes live at module level because Whoosh pickles the schema, analyzers included,
into the index; they must stay importable under the same names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from whoosh.analysis import Filter, LowercaseFilter, StopFilter, Token, Tokenizer

# Acronyms ("U.S.", "U.N"), numbers ("2,000", "15:52") and words with inner apostrophes ("Trump's").
TOKEN_PATTERN = r"(?:[^\W\d_]\.)+[^\W\d_](?!\w)\.?|\d+(?:[.,:]\d+)*|\w+(?:['’]\w+)*"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


@cache
def stop_words() -> frozenset[str]:
    """The shipped English stop list (NLTK's, without its download)."""
    text = resources.files("searchapp").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


class _OwnPatternTokenizer(RegexpTokenizer):
    """NLTK's RegexpTokenizer on the standard `re` engine. NLTK runs caller-supplied patterns
    through its ReDoS guard (the `regex` engine and a timer on every call), which doubles the
    cost of tokenising; ours is a fixed, linear pattern."""

    def _check_regexp(self) -> None:
        if self._regexp is None:
            self._regexp = re.compile(self._pattern, self._flags)


class NltkTokenizer(Tokenizer):
    """NLTK's regexp tokenizer, whose spans give each token its exact character offsets."""

    def __init__(self, pattern: str = TOKEN_PATTERN) -> None:
        self.pattern = pattern
        self._nltk = _OwnPatternTokenizer(pattern)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.pattern == self.pattern

    def __getstate__(self) -> dict[str, Any]:
        return {"pattern": self.pattern}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["pattern"])

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        return self._nltk.span_tokenize(text)

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
        spans = self.spans(value) if tokenize else [(0, len(value))]
        for pos, (start, end) in enumerate(spans, start=start_pos):
            t.text = value[start:end]
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def fold(text: str) -> str:
    """Curly apostrophes straight, accents stripped, acronyms without a final period:
    "Zürich’s" -> "Zurich's", "U.N." -> "U.N"."""
    text = text.translate(_APOSTROPHES).rstrip(".")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class FoldFilter(Filter):
    """Applies `fold` to each token."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            yield t


class SnowballFilter(Filter):
    """NLTK's Snowball (Porter2) stemmer with a cache; "running" -> "run", not "runn"."""

    def __init__(self, language: str = "english", cachesize: int = 100_000) -> None:
        self.language = language
        self.cachesize = cachesize
        self._stemmer = SnowballStemmer(language)
        self._cache: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.language == self.language

    def __getstate__(self) -> dict[str, Any]:
        return {"language": self.language, "cachesize": self.cachesize}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)

    def stem(self, word: str) -> str:
        if "." in word:  # acronyms: "u.s" is not a plural
            return word
        stemmed = self._cache.get(word)
        if stemmed is None:
            stemmed = self._stemmer.stem(word)
            if len(self._cache) >= self.cachesize:
                self._cache.clear()
            self._cache[word] = stemmed
        return stemmed

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.stopped:
                t.text = self.stem(t.text)
            yield t


def word_analyzer() -> Any:
    """Words as written (lowercased, folded): exact phrases, wildcards, names, spelling."""
    return NltkTokenizer() | LowercaseFilter() | FoldFilter()


def text_analyzer() -> Any:
    """The analyzer for article text and the queries against it: words, less stop words, stemmed."""
    return word_analyzer() | StopFilter(stoplist=stop_words()) | SnowballFilter()
