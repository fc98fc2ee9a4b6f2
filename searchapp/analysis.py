"""NLTK-backed text analysis as a Whoosh pipeline.

These classes live at module level because Whoosh pickles the schema, analyzers included,
into the index; they must stay importable under the same names.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from whoosh.analysis import Analyzer, Token

TOKEN_PATTERN = "|".join(
    [
        r"(?:[^\W\d_]\.)+[^\W\d_](?!\w)\.?",  # acronyms: "U.S.", "U.N"
        # numbers, with the letters they run into ("2,000", "1.5", "15:52"; "3M", "1st", "2.5bn" are
        # one word, as Unicode's word boundaries have it)
        r"\d+(?:[.,:]\d+)*\w*",
        # words, with inner apostrophes ("Trump's"), or joined by "&" ("S&P", "AT&T"; but "AT&amp;T"
        # is an HTML entity). (A pattern of its own for "&" made tokenising twice as slow.)
        r"\w+(?:['’]\w+)*(?:&[^\W\d_]+(?![\w;]))*",
    ]
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_TOKEN = re.compile(TOKEN_PATTERN)
HYPHENS = "-\u2010\u2011"
# A hyphen joining the words either side of it ("non-profit"). No token holds a hyphen: the token
# before one ends at it, the token after begins just past it.
_JOIN = re.compile(f"[{HYPHENS}](?<=[^\\W_][{HYPHENS}])(?=[^\\W_])")  # (the hyphen first: 4x faster)


def word_list(name: str) -> frozenset[str]:
    """A word list shipped in searchapp/data: one word a line, `#` lines are comments."""
    text = resources.files("searchapp").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@cache
def stop_words() -> frozenset[str]:
    """The shipped stop lists: English and Russian (NLTK's, without its download), Ukrainian."""
    return word_list("stopwords-en.txt") | word_list("stopwords-ru.txt") | word_list("stopwords-uk.txt")


class _OwnPatternTokenizer(RegexpTokenizer):
    """NLTK's RegexpTokenizer on the standard `re` engine. NLTK runs caller-supplied patterns
    through its ReDoS guard (the `regex` engine and a timer on every call), which doubles the
    cost of tokenising; ours is a fixed, linear pattern. Matches come without a Python generator
    step per token (a fifth of a snippet's time)."""

    def _check_regexp(self) -> None:
        if self._regexp is None:
            self._regexp = re.compile(self._pattern, self._flags)

    def token_matches(self, text: str, start: int = 0) -> Iterator[re.Match[str]]:
        self._check_regexp()
        return self._regexp.finditer(text, start)


_TOKENIZER = _OwnPatternTokenizer(TOKEN_PATTERN)


def tokens(text: str, start: int = 0) -> Iterator[re.Match[str]]:
    """Each token of `text` from `start` (which must not fall inside a token) as a match: its
    text and its offsets."""
    return _TOKENIZER.token_matches(text, start)


def joined(text: str) -> str | None:
    """A hyphenated compound written as one word ("non-profit" -> "nonprofit", "F-16" -> "F16"),
    indexed beside its parts so that either spelling finds both; None where that makes no word
    (numbers, "2025-02-05"; acronyms, "U.S-led")."""
    word = unhyphenated(text)
    bare = word.replace("'", "").replace("’", "")
    return word if bare.isalnum() and not bare.isdigit() else None


def unhyphenated(text: str) -> str:
    for hyphen in HYPHENS:  # (a tenth of the time of str.translate)
        text = text.replace(hyphen, "")
    return text


class Compound(NamedTuple):
    """A hyphenated compound: its first and last tokens' numbers, its offsets, its one word."""

    first: int
    last: int
    start: int
    end: int
    word: str


def _read(text: str, start: int = 0, stop: int | None = None) -> tuple[list[str], list[Compound]]:
    """The tokens of text[start:stop], and its hyphenated compounds that make a word (see
    `joined`). Tokenising the stretches between hyphens numbers the compounds' tokens in C rather
    than walking every token in Python: half of news texts hold a hyphen (most, one or two)."""
    stop = len(text) if stop is None else stop
    found: list[str] = []
    runs: list[list[int]] = []  # first and last token numbers, where the first hyphen begins, the last ends
    after = start  # where the last hyphen ends
    for hyphen in _JOIN.finditer(text, start, stop):
        found += _TOKEN.findall(text, after, hyphen.start())
        after = hyphen.end()
        if runs and runs[-1][1] == len(found) - 1:
            runs[-1][1], runs[-1][3] = len(found), after
        else:
            runs.append([len(found) - 1, len(found), hyphen.start(), after])
    found += _TOKEN.findall(text, after, stop)
    return found, [
        Compound(first, last, begins - len(found[first]), ends + len(found[last]), word)
        for first, last, begins, ends in runs
        if (word := joined("".join(found[first : last + 1]))) is not None
    ]


def token_numbers(text: str, offsets: list[int]) -> list[int]:
    """The number of the first token at or after each of the ascending `offsets` (none of which
    falls inside a token), counted as the index counts a text's positions (no token holds a
    hyphen, so _read's stretches between hyphens need not be told apart)."""
    numbers, counted, at = [], 0, 0
    for offset in offsets:
        counted += len(_TOKEN.findall(text, at, offset))
        numbers.append(counted)
        at = offset
    return numbers


def compounds(text: str, start: int = 0, stop: int | None = None) -> list[Compound]:
    """The hyphenated compounds of text[start:stop] (which must not cut a token)."""
    return _read(text, start, stop)[1]


def solid(text: str) -> list[str] | None:
    """The words of `text` as written (see `analyse`) with each hyphenated compound as one word
    ("re-election campaign" -> reelection, campaign), or None if it has no compound."""
    found, joins = _read(text)
    if not joins:
        return None
    words = [analyse(token)[0] for token in found]
    for compound in reversed(joins):
        words[compound.first : compound.last + 1] = [analyse(compound.word)[0]]
    return words


_SPACE = re.compile(r"\s")


def compound_at(text: str, start: int) -> Compound | None:
    """The hyphenated compound whose first token begins at `start`; none where a hyphen joins that
    token to the one before, as indexing reads the whole run ("1-Ü1-S" holds no "Ü1-S").
    (No compound holds a space.)"""
    if start > 0 and _JOIN.match(text, start - 1):
        return None
    space = _SPACE.search(text, start)
    found = compounds(text, start, space.start() if space else None)
    return found[0] if found and found[0].start == start else None


def fold(text: str) -> str:
    """Curly apostrophes straight, accents stripped, acronyms without a final period:
    "Zürich’s" -> "Zurich's", "U.N." -> "U.N"; but the Cyrillic letters that look accented are
    letters of their own (й is not и, ї not і), except ё, which Russian writes as е."""
    text = text.translate(_APOSTROPHES).rstrip(".")
    if text.isascii():
        return text
    return "".join(map(_unaccented, unicodedata.normalize("NFC", text)))


@lru_cache(maxsize=4096)
def _unaccented(letter: str) -> str:
    if letter in "йЙїЇўЎ":
        return letter
    return "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))


_STEMMER = SnowballStemmer("english")
_CYRILLIC_STEMMER = SnowballStemmer("russian")  # (Ukrainian shares many endings: війна, війни -> війн)
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _stemmed(word: str) -> str:
    """A folded word's Snowball stem: Russian for a word in Cyrillic, English for the rest."""
    if not word.isascii() and _CYRILLIC.search(word):
        found = _CYRILLIC_STEMMER.stem(word)  # (it reads an apostrophe as ь: сім'я -> сімья)
        return found if word.startswith(found[:-1]) else word  # (highlight looks for the start)
    return _STEMMER.stem(word)


_ANALYSED: dict[bool, dict[str, tuple[str, str | None]]] = {False: {}, True: {}}  # by `capitals`
_CACHE_SIZE = 200_000


def cased(text: str) -> bool:
    """Whether `text` is written mostly in lowercase, so that its capitals mean something: a stop
    word in capitals is then an acronym ("IT", "WHO"); in an all-caps headline, or an old wire
    story in capitals with the odd "mln", it is not. Counting the vowels is a quick poll."""
    return sum(map(text.count, "aeiou")) > sum(map(text.count, "AEIOU"))


def analyse(token: str, capitals: bool = False) -> tuple[str, str | None]:
    """A token as the index sees it: the word as written (lowercased, folded, less a final 's, so
    that the phrase "by Moody" finds "by Moody's"; an acronym without its periods), and its
    Snowball stem, or None for a stop word (or a single character), unless it is in capitals
    where `capitals` mean something (the text is `cased`). Cached: the same words recur in every
    article."""
    cache = _ANALYSED[capitals]
    found = cache.get(token)
    if found is None:
        word = fold(token.lower())
        written = word[:-2] if word.endswith("'s") else word
        if len(word) < 2 or (word in stop_words() and not (capitals and token.isupper())):
            found = (written, None)
        elif "." in word and not word[0].isdigit():  # an acronym ("u.s"), not a plural
            found = (_undotted(word),) * 2  # (so the phrase "UK economy" finds "U.K. economy")
        else:  # (a number keeps its decimal point: "1.5" is not "15")
            found = (written, _stemmed(word))
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[token] = found
    return found


def stem_start(stem: str) -> str:
    """What every word with this Snowball stem begins with: all but the stem's last letter (the
    last two of "-ie": "dying" is "die"; checked on the 109,000 distinct words of our benchmark
    collections)."""
    return stem[:-2] if stem.endswith("ie") else stem[:-1]


# Times of day keep their periods: "PM" is a prime minister, "p.m." half a day.
TIMES_OF_DAY = frozenset({"a.m", "p.m"})  # dotted, but not acronyms


def _undotted(acronym: str) -> str:
    """An acronym's stem: its letters, so that "UK" and "U.K." find each other."""
    return acronym if acronym in TIMES_OF_DAY else acronym.replace(".", "")


WordStem = tuple[str, str | None]


@lru_cache(maxsize=8)
def analysed(text: str) -> tuple[list[WordStem], list[tuple[int, WordStem]]]:
    """`analyse` of each token of `text`, and of each hyphenated compound written as one word
    with the number of its last token; kept for the next few calls: an article's title and body
    are indexed both stemmed and as written (the `exact` field), and reading each once rather
    than twice takes a seventh off a build's instructions. Shared: callers must not change it."""
    found, joins = _read(text)
    capitals = cased(text)
    known = _ANALYSED[capitals].get  # (looked up inline: a call per token was a fifth of the time)
    words = [known(token) or analyse(token, capitals) for token in found]
    return words, [(c.last, analyse(c.word, capitals)) for c in joins]


# Positions between a field's texts (the exact field's title and body), so that no phrase spans
# two: Elasticsearch's position_increment_gap for a field of several values.
VALUE_GAP = 100
_GAP: list[WordStem] = [("", None)] * VALUE_GAP


class NewsAnalyzer(Analyzer):
    """NLTK's regexp tokenizer, lowercase, fold, and for ranked text the stop list and NLTK's
    Snowball stemmer ("running" -> "run", not Whoosh's "runn"), in one loop over the tokens with
    one cache look-up each: as a chain of five Whoosh filters it was most of the indexing time.
    Stop words leave no gap in the positions, as with Whoosh's StopFilter. Indexing adds each
    hyphenated compound written as one word at its last part's position (see `joined`); a query
    reads the parts alone (query.word_query decides what to make of a compound)."""

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
        terms = self._terms(value, tokenize, removestops, start_pos, joins=mode != "query")
        for pos, start, end, text, stopped in terms:
            t.text, t.stopped, t.boost = text, stopped, 1.0
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t

    def positions(self, value: str | tuple[str, ...]) -> tuple[dict[str, list[int]], Counter[str]]:
        """Each indexed word's positions in `value`: what indexing needs, without a Token per word;
        and how many of each word's positions are compounds written as one word, which the field's
        length leaves out (like Lucene's discountOverlaps: they add a spelling, not a word).
        Several texts are read as one, VALUE_GAP positions apart (no phrase spans two), each its
        own context for capitals (see `cased`)."""
        words: list[WordStem] = []
        wholes: list[tuple[int, WordStem]] = []  # compounds written as one word, by last part
        for n, text in enumerate((value,) if isinstance(value, str) else value):
            some, joins = analysed(text)
            if n:
                words += _GAP
            wholes += [(len(words) + n, pair) for n, pair in joins]
            words += some
        found: dict[str, list[int]] = defaultdict(list)
        added: Counter[str] = Counter()
        if not self.stem:
            for position, (word, _) in enumerate(words):
                found[word].append(position)
            found.pop("", None)  # (the gaps')
            for position, (word, _) in wholes:
                insort(found[word], position)
                added[word] += 1
            return found, added
        stems = [stem for _, stem in words if stem is not None]
        first = next((n for n, (_, stem) in enumerate(words) if stem is not None), 0)  # as _terms counts
        for position, stem in enumerate(stems, start=first):
            found[stem].append(position)
        kept = [n for n, (_, stem) in enumerate(words) if stem is not None] if wholes else []
        for n, (_, stem) in wholes:
            before = bisect_right(kept, n)  # the words kept up to the compound's last part
            if stem is not None and before:
                insort(found[stem], first + before - 1)
                added[stem] += 1
        return found, added

    def compound(self, text: str) -> str | None:
        """The term of `text` written as one word, if the whole of it is a hyphenated compound."""
        found, runs = _read(text)
        if len(runs) != 1 or runs[0][:2] != (0, len(found) - 1):
            return None
        word, stem = analyse(runs[0].word)
        return stem if self.stem else word

    def _terms(
        self, value: str, tokenize: bool, removestops: bool, start_pos: int, joins: bool
    ) -> Iterator[tuple[int, int, int, str, bool]]:
        """(position, start, end, text, stopped) for each token, and with `joins` for each
        hyphenated compound written as one word, after its last part."""
        kept = None  # the position of the last word kept, when stop words are dropped
        capitals = cased(value)
        spans = [m.span() for m in tokens(value)] if tokenize else [(0, len(value))]
        ending = {c.last: (c.start, c.word) for c in compounds(value)} if tokenize and joins else {}
        for n, (start, end) in enumerate(spans):
            pos = start_pos + n
            word, stem = analyse(value[start:end], capitals)
            if not self.stem:
                yield pos, start, end, word, False
            elif stem is not None:
                kept = pos if kept is None else kept + 1
                yield kept, start, end, stem, False
            elif not removestops:
                yield pos, start, end, word, True
            if n in ending:
                first, whole = ending[n]
                word, stem = analyse(whole, capitals)
                if not self.stem:
                    yield pos, first, end, word, False
                elif stem is not None and kept is not None:
                    yield kept, first, end, stem, False


def word_analyzer() -> NewsAnalyzer:
    """Words as written (lowercased, folded): exact phrases, wildcards, names, spelling."""
    return NewsAnalyzer(stem=False)


def text_analyzer() -> NewsAnalyzer:
    """The analyzer for article text and the queries against it: words, less stop words, stemmed."""
    return NewsAnalyzer(stem=True)
