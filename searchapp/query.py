"""The search box's query language: Whoosh's parser, configured for news search.

Plain words are OR-ed (a sentence-long query must still find articles that lack one of its
words) with BM25F ranking documents that match more of them first; a word typed twice counts
twice. Phrases, wildcards and fuzzy terms run against the unstemmed `exact` field, so that
`negotiat*` finds "negotiations" and `"end of the war"` means exactly that; so do the operators
researchers bring from Nexis and Factiva, `tariff w/5 china` (Within) and `atleast3 kellogg`
(AtLeast), whose positions count every word, as theirs do.
"""

from __future__ import annotations

import copy
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from math import log
from typing import TYPE_CHECKING, Any

from whoosh import query as q
from whoosh.qparser import (
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldPlugin,
    OrGroup,
    PhrasePlugin,
    PlusMinusPlugin,
    QueryParser,
)
from whoosh.qparser.plugins import TaggingPlugin
from whoosh.qparser.syntax import GroupNode, SyntaxNode, attach
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .analysis import TIMES_OF_DAY, NewsAnalyzer, analyse, fold, solid, stop_words
from .vocabulary import near_words, side_by_side, stem_words, wildcard_words

if TYPE_CHECKING:
    from .synonyms import Synonyms

TEXT_FIELDS = ("title", "body")
EXACT_FIELD = "exact"
DATE_FIELDS = ("date", "added")  # an article's own date, and when the archive first indexed it
QUERY_FIELDS = {"title", "body", "outlet", "author", *DATE_FIELDS, EXACT_FIELD}
RESTRICTING = {"title", "outlet", "author", *DATE_FIELDS}  # `title:x` at the top level is a must
NAME_FIELDS = ("outlet", "author")
NAME_WORDS = 4  # words after `author:x` that may go on with the name
PROXIMITY_SLOP = 8
PROXIMITY_BOOST = 0.3
PASSAGE_WORDS = 50  # positions of the body (stop words take none)
PASSAGE_BOOST = 0.5
ALL_WORDS_FIRST = 5  # a query of up to this many words ranks the articles with all of them first
MAX_QUERY_CHARS = 1000
MAX_NESTING = 20  # parentheses within parentheses (500 had overflowed Python's stack: a 500)
MAX_DISTANCE = 1000  # `"a b"~N`: a larger N is read as this (anywhere in most articles)
MAX_TERMS = 200
MAX_EXPANSIONS = 64
MIN_PATTERN_CHARS = 2  # literal characters a wildcard must have
MIN_FUZZY_CHARS = 4
MAX_FUZZY_EDITS = 2


_LONE_WILDCARD = re.compile(r"(?<![^\s(])[*?]+(?![^\s,.;:)])")


class QueryError(ValueError):
    """The query cannot be run; the message says why, for a person."""


class LuceneBM25F(BM25F):
    """BM25F with Lucene's IDF, which never goes negative and ranks better on our test collections."""

    def idf(self, searcher: Searcher, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        return self.idf_of(parent.doc_frequency(fieldname, text), parent.doc_count_all())

    @staticmethod
    def idf_of(frequency: int, documents: int) -> float:
        """The IDF of a word in `frequency` of `documents` documents (deleted ones included, as
        Whoosh counts them)."""
        return log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


WEIGHTING = LuceneBM25F(B=0.8)  # a little more length normalisation than 0.75: TIME +.007


class Near(q.Phrase):
    """`"a b"~N`: the words within N moves of standing as typed, in any order, as Lucene's
    sloppy phrase reads them: with p_i the position of the i-th word, max(p_i - i) - min(p_i - i)
    is at most N. A word between them is 1, the two swapped 2, and 0 is the phrase. A word typed
    twice counts once. Scored as a phrase, by its words (see scoring.Scorer.phrase)."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        distance: int,
        boost: float = 1.0,
        char_ranges: list[tuple[int, int]] | None = None,
    ):
        kept = list(dict.fromkeys(words))
        if char_ranges and len(kept) < len(words):
            char_ranges = [char_ranges[words.index(w)] for w in kept]
        # (Whoosh's own matcher, which nothing here runs, would read the words in order)
        super().__init__(fieldname, kept, slop=distance + 1, boost=boost, char_ranges=char_ranges)
        self.distance = distance

    def normalize(self) -> q.Query:
        return self if len(self.words) > 1 else super().normalize()  # (one word: its Term)


@dataclass(frozen=True)
class Link:
    """One connector of a Lexis chain (`a w/5 b w/10 c`: (a w/5 b) w/10 c) and the two it joins:
    operands (their places in Within.words) or other links, whose matching occurrences are the
    operand (see Within)."""

    left: Link | int
    right: Link | int
    distance: int
    ordered: bool
    unit: str | None


class Within(q.Phrase):
    """`a w/N b`, the connectors of Nexis and Factiva: two words at most N words apart, in either
    order, or with `ordered` the first before the second (`a pre/N b`); or with a `unit`, in one
    sentence (`a w/s b`, "s"), paragraph (`a w/p b`, "p"; the title is one of each) or segment
    (Lexis's `a w/seg b`, "g": both in the headline or both in the text); or,
    `negated` (`a not w/N b`), an occurrence of a apart from every one of b. Positions
    are the exact field's, where every word counts, stop words too, as those services count
    them. Each operand is a word in any of the forms with its stem (`spellings`, as Nexis finds
    plurals), a truncation's words (`negotiat*`, `negotiat!`), a quoted phrase, counted from
    its first or last word (`"white house" w/5 budget`), or a group of them, any of which will
    do (`("white house" OR reagan) w/5 budget`); `words` are the operands as typed. With a
    `segment`, only the occurrences in a document's first paragraphs count: 1, the headline
    (`headline(a w/5 b)`, `title:(...)`); 2, the lead (`hlead(...)`, `lead:a w/5 lead:b`). A
    chain of connectors (a `link`) joins its links as their operands: in `(a w/5 b) w/10 c`, a c
    within 10 words of an a and a b within 5 of each other. Scored as a phrase is, by its words
    (see scoring.Scorer.phrase)."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        distance: int,
        ordered: bool,
        spellings: dict[str, Spelled] | None = None,
        boost: float = 1.0,
        unit: str | None = None,
        negated: bool = False,
        segment: int | None = None,
        link: Link | None = None,
    ):
        super().__init__(fieldname, words, slop=distance, boost=boost)
        self.distance, self.ordered, self.spellings = distance, ordered, spellings or {}
        self.unit, self.negated, self.segment, self.link = unit, negated, segment, link

    def __eq__(self, other: object) -> bool:
        return (
            super().__eq__(other)
            and isinstance(other, Within)
            and (self.ordered, self.unit, self.negated, self.segment, self.link, self.spellings)
            == (other.ordered, other.unit, other.negated, other.segment, other.link, other.spellings)
        )

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.ordered, self.unit, self.negated, self.segment, self.link))

    def normalize(self) -> q.Query:
        return self  # (Phrase's would drop the rest)

    def spelled(self, searcher: Searcher) -> Within:
        """The connector with each operand's index words (see operand_words)."""
        spelled = copy.copy(self)
        spelled.spellings = {typed: operand_words(searcher, self.fieldname, typed) for typed in self.words}
        return spelled

    def by_length(self, word: str) -> list[tuple[int, Spelled]]:
        """An operand's spellings by how many words each has (a phrase's, or one): a group may
        hold both."""
        found: dict[int, list[tuple[str, ...]]] = {}
        for spelling in self.spellings.get(word, ((word,),)):
            found.setdefault(len(spelling), []).append(spelling)
        return [(length, tuple(spellings)) for length, spellings in found.items()]


class AtLeast(q.Term):
    """`atleast3 kellogg`, Factiva's: the articles that use a word at least so many `times`, title
    and body together, in any of its forms (`spellings`, as for Within's operands); a condition,
    as a field clause is (see _restrict), that also ranks as the word does."""

    def __init__(self, fieldname: str, text: str, times: int, spellings: Spelled = (), boost: float = 1.0):
        super().__init__(fieldname, text, boost=boost)
        self.times, self.spellings = times, spellings

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and isinstance(other, AtLeast) and other.times == self.times

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.times))

    def spelled(self, searcher: Searcher) -> AtLeast:
        """The count (or Lead) with its word's index words (see operand_words)."""
        spelled = copy.copy(self)
        spelled.spellings = operand_words(searcher, self.fieldname, self.text)
        return spelled


class Lead(AtLeast):
    """`lead:tariffs`, or `lead:"trade war"`: the articles with the word (any form, as for
    Within's operands) or the phrase in the headline or the first paragraph, where a news story
    says what it is about (Nexis's `hlead(...)`, Factiva's `hlp=`); a condition, as atleastN is."""

    def __init__(self, fieldname: str, text: str, spellings: Spelled = (), boost: float = 1.0):
        super().__init__(fieldname, text, 1, spellings, boost)


def operand_words(searcher: Searcher, fieldname: str, typed: str) -> Spelled:
    """A Nexis or Factiva operand's words in the index: those with its stem (and the word itself,
    a stop word's only form), or a truncation's most frequent; a quoted phrase's, as written (and
    with a hyphenated compound as one word, as the index also has it); a group's, its words' and
    phrases'."""
    if typed.startswith("("):  # a group: any of its words and phrases
        return tuple(
            dict.fromkeys(w for one in alternatives(typed) for w in operand_words(searcher, fieldname, one))
        )
    if typed.startswith('"'):
        words = tuple(searcher.schema[fieldname].process_text(typed.strip('"'), mode="query"))
        whole = tuple(solid(typed.strip('"')) or words)
        return tuple(dict.fromkeys(spelling for spelling in (words, whole) if spelling))
    if typed.endswith("*"):
        found = wildcard_words(searcher, fieldname, typed[:-1] + "*")
        words = _most_frequent(searcher, fieldname, islice(found, MAX_EXPANSIONS * 50))
    else:
        word, stem = analyse(typed)
        words = [word, *(w for w in stem_words(searcher, fieldname, stem) if w != word)]
    return tuple((w,) for w in words)


# A word, not an operator (a truncation: `negotiat*`, or Nexis's `negotiat!`, read as one)
_WORD_OPERAND = r"(?!(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\s)[^\W_][\w.'’&]*\*?"
_PHRASE_OPERAND = r'"(?=[^"]*[^\W_])[^"]*"'  # (one way to read it: a chain of phrases had 2^n)
_ALTERNATIVE = rf"{_WORD_OPERAND}|{_PHRASE_OPERAND}"
_GROUP_OPERAND = rf"\(\s*(?:{_ALTERNATIVE})(?:\s+(?i:or)\s+(?:{_ALTERNATIVE}))*\s*\)"
# (or, for a connector or `lead:`, a quoted phrase, or a group of them, `("trade war" OR tariff*)`)
_OPERAND = rf"{_ALTERNATIVE}|{_GROUP_OPERAND}"


def alternatives(operand: str) -> list[str]:
    """The words and phrases of an operand: a group's, or the operand itself."""
    if not operand.startswith("("):
        return [operand]
    return re.findall(r'"[^"]*"|[^\s"()]+', operand)[::2]  # (every other: the ORs between them)


MAX_TIMES = 100  # `atleastN`: Factiva's limit is 50
_AT_LEAST = r"atleast(?P<times>[0-9]+)"
_COUNTED = re.compile(  # Factiva's `atleast3 kellogg`, `atleast3 "trade war"`, Nexis's `atleast3(kellogg)`
    rf"(?<![^\s(])(?i:{_AT_LEAST})(?:\s+(?P<word>{_OPERAND})|\((?P<enclosed>{_ALTERNATIVE})\))(?![^\s)])"
)
# w/N, near/N, nearN (and Lexis's and Westlaw's /N) either order; pre/N, adjN in order; w/s, w/sent,
# w/p, w/para (/s, /p) in one sentence or paragraph; `not w/...`, apart
_CONNECTOR = (
    r"(?P<negated>not\s+(?=w?/))?"
    r"(?:(?:w?/|near/?|(?P<ordered>pre/|adj))(?P<distance>[0-9]+)|w?/(?P<unit>seg|sent|s|para|p))"
)
UNITS = {"s": "s", "sent": "s", "p": "p", "para": "p", "seg": "g"}  # as typed: as Within.unit names it
BREAKS_FIELD = "breaks"  # where sentences and paragraphs begin (schema.Breaks)
LEAD = "lead"  # `lead:word`: not a field of the index (see Lead)
SEGMENTS = {"title": 1, LEAD: 2}  # the paragraphs from an article's start (Within.segment)
_ANY_CONNECTOR = re.sub(r"\?P<\w+>", "", _CONNECTOR)  # (its groups unnamed, to repeat it in one pattern)
# Operands joined by connectors, Lexis's chains (`a w/5 b w/10 c`, `(a w/5 b) w/10 c`) too (see
# _chain); in a segment, `lead:(a w/5 b)` (as hlead(a w/5 b) is read) or `lead:a w/5 lead:b`
_PAIR_IN_PARENS = rf"\(\s*(?:{_OPERAND})(?:\s+(?i:{_ANY_CONNECTOR})\s+(?:{_OPERAND}))+\s*\)"
_CHAIN = (  # (a segment's name before each operand, if before the first)
    rf"(?:{_OPERAND}|{_PAIR_IN_PARENS})"
    rf"(?:\s+(?i:{_ANY_CONNECTOR})\s+(?(segment)(?P=segment):)(?:{_OPERAND}|{_PAIR_IN_PARENS}))+"
)
_CONNECTED = re.compile(
    rf"(?<![^\s(])(?:(?:(?P<segment>title|{LEAD}):)?(?P<chain>{_CHAIN})"
    rf"|(?P<whole>title|{LEAD}):\(\s*(?P<wrapped>{_CHAIN})\s*\))(?![^\s)])"
)
# A chain's parts: where an operand is due, one or a parenthesis opening; else a connector or one
# closing (a connector's word, `adj2`, may be an operand)
_OPERAND_TOKEN = re.compile(rf"\s*(?:(?:(?:title|{LEAD}):)?(?P<operand>{_OPERAND})|(?P<open>\())")
_CONNECTOR_TOKEN = re.compile(rf"\s*(?:(?P<connector>(?i:{_CONNECTOR}))(?=\s)|(?P<close>\)))")
_IN_LEAD = re.compile(rf"(?<![\w:]){LEAD}:(?P<operand>{_OPERAND})(?![^\s)])")
# `near5`, `atleast3`: words of the query language, not of the articles
SYNTAX_WORD = re.compile(rf"(?i)(?<![^\s(])(?:{_CONNECTOR}|{_AT_LEAST})(?![^\s()])")


def _check_operators(text: str) -> None:
    """QueryError for a connector (Within) that joins no two words or joins them at no distance,
    an `atleastN` (AtLeast) that counts no word or counts out of bounds, and a truncation of
    fewer than MIN_PATTERN_CHARS letters in either."""
    quoted = [m.span() for m in re.finditer(r'"[^"]*"?', text)]

    def in_quotes(at: int) -> bool:  # (where a quote begins, a phrase may be an operand)
        return any(start < at < end for start, end in quoted)

    read = [m for m in (*_CONNECTED.finditer(text), *_COUNTED.finditer(text)) if not in_quotes(m.start())]
    for found in SYNTAX_WORD.finditer(text):
        typed, times, distance = found.group(), found.group("times"), found.group("distance")
        if in_quotes(found.start()):
            continue
        if not any(m.start() <= found.start() < m.end() for m in read):
            raise QueryError(
                f"{typed} counts a word, a quoted phrase or a group of them, as in {typed} kellogg or "
                f'{typed} "trade war" (not a field)'
                if times
                else f"{typed} joins two words, quoted phrases or groups of them, as in tariffs {typed} "
                f'china, "white house" {typed} budget or (tariff OR duty) {typed} china, and chains of '
                f"them: a {typed} b w/10 c (not fields or operators)"
            )
        if times and not 1 <= int(times) <= MAX_TIMES:
            raise QueryError(f"{typed}: a word can be counted from 1 to {MAX_TIMES} times")
        if distance and int(distance) == 0:
            raise QueryError(f"{typed}: the words can be 1 or more words apart, not 0")
    operands = [m[name] for m in read for name in ("word", "enclosed") if m.groupdict().get(name)]
    chains = [chain for m in read for name in ("chain", "wrapped") if (chain := m.groupdict().get(name))]
    operands += [token.get("operand") for chain in chains for token in _tokens(chain)]
    for operand in (word for typed in operands if typed for word in alternatives(typed)):
        if operand.endswith("*") and len(operand) - 1 < MIN_PATTERN_CHARS:
            raise QueryError(
                f"the truncation {operand!r} is too broad: give at least {MIN_PATTERN_CHARS} letters"
            )


def _operand(typed: str) -> str:
    """An operand as Within and Lead name it: folded to lowercase, a group as `(a or "b c")`."""
    typed = fold(typed.lower())
    return f"({' or '.join(alternatives(typed))})" if typed.startswith("(") else typed


def _tokens(chain: str) -> list[dict[str, str | None]]:
    """A chain's operands, connectors and parentheses, in order (each the groups of its match)."""
    found, at, pattern = [], 0, _OPERAND_TOKEN
    while (token := pattern.match(chain, at)) is not None and token.end() > at:
        found.append(token.groupdict())
        at = token.end()
        due = token.groupdict().get("connector") or token.groupdict().get("open")
        pattern = _OPERAND_TOKEN if due else _CONNECTOR_TOKEN
    return found


def _chain(chain: str) -> tuple[list[str], Link, bool]:
    """A chain's operands (as _operand names them), its connectors as a tree of Links, and
    whether its one connector is negated. As Lexis reads a chain, parentheses first, then the
    connectors by their reach: the smallest N first, then w/s, w/p and w/seg (the leftmost of
    equals)."""
    Token = dict[str, str | None]
    operands: list[str] = []

    def linked(parts: list[Link | int], between: list[Token]) -> Link | int:
        """The parts (links, operands' places) joined by the connectors between them."""
        while between:
            at = min(range(len(between)), key=lambda i: _reach(between[i]))
            connector = between.pop(at)
            unit = connector["unit"]
            link = Link(
                parts[at],
                parts[at + 1],
                min(int(connector["distance"] or 0), MAX_DISTANCE),
                connector["ordered"] is not None,
                UNITS[unit.lower()] if unit else None,
            )
            parts[at : at + 2] = [link]
        return parts[0]

    tokens = _tokens(chain)
    stack: list[tuple[list[Link | int], list[Token]]] = [([], [])]
    for token in tokens:
        if token.get("open"):
            stack.append(([], []))
        elif token.get("close"):
            inner = linked(*stack.pop())
            stack[-1][0].append(inner)
        elif (typed := token.get("operand")) is not None:
            operands.append(_operand(typed))
            stack[-1][0].append(len(operands) - 1)
        else:
            stack[-1][1].append(token)
    connectors = [token for token in tokens if token.get("connector")]
    negated = any(token.get("negated") for token in connectors)
    if negated and len(connectors) > 1:
        raise QueryError("a chain of connectors cannot hold not w/N: join it with AND instead")
    root = linked(*stack[0])
    assert isinstance(root, Link)
    return operands, root, negated


def _reach(connector: dict[str, str | None]) -> tuple[int, int]:
    """The order in which Lexis applies a chain's connectors: by N, then w/s, w/p and w/seg."""
    unit = UNITS.get((connector["unit"] or "").lower(), "")
    return (("", "s", "p", "g").index(unit), int(connector["distance"] or 0))


class _OperatorNode(SyntaxNode):
    """A connector's or a count's node. Both search title and body together (the exact field, so
    MultifieldPlugin leaves them be): a field typed before one is an error, not ignored (but
    `title:` before a connector, see ConnectorNode)."""

    has_fieldname, fieldname = True, EXACT_FIELD
    searches = "a count (atleast3) searches title and text together"

    def set_fieldname(self, name: str, override: bool = False) -> None:
        raise QueryError(f"{self.searches}: not {name}:")


class ConnectorPlugin(TaggingPlugin):
    """Reads `a w/N b` (see Within) as one node, before the words are read one by one."""

    priority = -1  # (lower runs first)
    expr = _CONNECTED

    class ConnectorNode(_OperatorNode):
        searches = (
            "a connector (w/5) searches title and text together, the headline (title:(a w/5 b)) or the"
            " lead (lead:a w/5 lead:b)"
        )

        def __init__(
            self, chain: str | None, segment: str | None, wrapped: str | None, whole: str | None
        ) -> None:
            self.operands, self.link, self.negated = _chain(chain or wrapped or "")
            self.segment = SEGMENTS[name] if (name := segment or whole) else None

        def set_fieldname(self, name: str, override: bool = False) -> None:
            if name != "title":  # (`title:(a w/5 b)`, `headline(a w/5 b)`: in the headline)
                super().set_fieldname(name, override)
            self.segment = SEGMENTS[name]

        def query(self, parser: Any) -> q.Query:
            link = self.link
            within = Within(
                EXACT_FIELD,
                self.operands,
                link.distance,
                link.ordered,
                unit=link.unit,
                negated=self.negated,
                segment=self.segment,
                link=link if isinstance(link.left, Link) or isinstance(link.right, Link) else None,
            )
            return attach(within, self)

    nodetype = ConnectorNode


class AtLeastPlugin(TaggingPlugin):
    """Reads `atleastN word` (see AtLeast) as one node."""

    priority = -1
    expr = _COUNTED

    class AtLeastNode(_OperatorNode):
        def __init__(self, times: str, word: str | None, enclosed: str | None) -> None:
            self.word, self.times = _operand(word or enclosed or ""), int(times)

        def query(self, parser: Any) -> q.Query:
            return attach(AtLeast(EXACT_FIELD, self.word, self.times), self)

    nodetype = AtLeastNode


class LeadPlugin(TaggingPlugin):
    """Reads `lead:word` and `lead:"a phrase"` (see Lead) as one node."""

    priority = -1
    expr = _IN_LEAD

    class LeadNode(_OperatorNode):
        def __init__(self, operand: str) -> None:
            self.operand = _operand(operand)

        def query(self, parser: Any) -> q.Query:
            return attach(Lead(EXACT_FIELD, self.operand), self)

    nodetype = LeadNode


def phrase_of(fieldname: str, words: list[str], distance: int | None) -> q.Phrase:
    """Words side by side, or with a `distance` (`~N`), near each other (Near)."""
    return q.Phrase(fieldname, words) if distance is None else Near(fieldname, words, distance)


class ExactPhrasePlugin(PhrasePlugin):
    """Quoted phrases match the unstemmed words, stop words included; `"a b"~N`, within N moves
    (Near). A hyphenated word in one matches written as one word too ("re-election campaign"
    finds "reelection campaign"), scored by the better spelling as an unquoted compound is (see
    word_query). After a field name (`title:"peace talks"`), the phrase must stand in that field
    too."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        fielded = False  # typed after a field name: `title:"peace talks"` (see mark_fielded)
        distance: int | None = None  # typed as `"..."~N`

        def query(self, parser: Any) -> q.Query:
            typed_in = self.fieldname or parser.fieldname
            if typed_in in TEXT_FIELDS:
                self.fieldname = EXACT_FIELD
            exact = self._exact(parser)
            if not (self.fielded and typed_in in TEXT_FIELDS):
                return exact
            # The exact field holds title and body together: the phrase must stand in the
            # named field too, as its stems (stop words have no position there).
            within = _stem_phrase(parser.schema[typed_in], typed_in, self.text, self.distance)
            return attach(q.And([exact, within]), self) if within else exact

        def _exact(self, parser: Any) -> q.Query:
            phrase = super().query(parser)
            if self.distance is not None and type(phrase) is q.Phrase:
                near = Near(phrase.fieldname, phrase.words, self.distance, phrase.boost, phrase.char_ranges)
                phrase = attach(near, self)
            words = solid(self.text) if phrase.fieldname == EXACT_FIELD else None
            if not words:
                return phrase
            phrase.boost = 1.0
            one = len(words) == 1
            spelled = q.Term(EXACT_FIELD, words[0]) if one else phrase_of(EXACT_FIELD, words, self.distance)
            return attach(q.DisjunctionMax([phrase, spelled], boost=self.boost), self)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser: Any, match: Any) -> Any:
            node = ExactPhrasePlugin.PhraseNode(match.group("text"), match.start("text"))
            if match.group("slop") is not None:
                node.distance = min(int(match.group("slop")), MAX_DISTANCE)
            return node

    def __init__(self) -> None:
        super().__init__('"(?P<text>.*?)"(~(?P<slop>[0-9]+))?')

    def taggers(self, parser: Any) -> list:
        return [(self.PhraseTagger(self.expr), 0)]

    def filters(self, parser: Any) -> list:
        return [(self.mark_fielded, 105)]  # after field names are applied (100), before multifield (110)

    def mark_fielded(self, parser: Any, group: Any) -> Any:
        for node in group:
            if isinstance(node, GroupNode):
                self.mark_fielded(parser, node)
            elif isinstance(node, ExactPhrasePlugin.PhraseNode) and node.fieldname is not None:
                node.fielded = True
        return group


def _stem_phrase(field: Any, fieldname: str, text: str, distance: int | None) -> q.Query | None:
    """A phrase's words as `fieldname` indexes them, a compound as one word (which indexing adds
    at its last part); None if all are stop words."""
    words = []
    for chunk in text.split():
        whole = _compound(field, chunk)
        words += [whole] if whole else field.process_text(chunk, mode="query")
    if len(words) > 1:
        return phrase_of(fieldname, words, distance).normalize()
    return q.Term(fieldname, words[0]) if words else None


def word_query(field: Any, fieldname: str, word: str, boost: float = 1.0) -> q.Query | None:
    """One typed word's query in one field: its term, an Or of its parts where the analyzer
    splits it ("U.S.-led"), or None for a stop word. A hyphenated compound ("non-profit")
    matches written as one word, which indexing adds beside the parts of every compound (see
    analysis.joined), or with its parts side by side ("Coca Cola"), scored by the better of the
    two so that no spelling outranks another; but not its parts apart ("trade-off" is not "trade")."""
    parts = list(field.process_text(word, mode="query"))
    whole = _compound(field, word)
    if whole is not None:
        if len(parts) < 2:  # "e-mail": "e mail" is nobody's spelling
            return q.Term(fieldname, whole, boost=boost)
        return q.DisjunctionMax([q.Term(fieldname, whole), q.Phrase(fieldname, parts)], boost=boost)
    if len(parts) > 1:
        return q.Or([q.Term(fieldname, t, boost=boost) for t in parts])
    return q.Term(fieldname, parts[0], boost=boost) if parts else None


def compound_of(node: q.Query) -> tuple[str, str, tuple[str, ...]] | None:
    """The field, whole word and parts of a compound, if `node` is word_query's query of one."""
    if type(node) is q.DisjunctionMax and len(node.subqueries) == 2:
        whole, spaced = node.subqueries
        if type(whole) is q.Term and type(spaced) is q.Phrase:
            return whole.fieldname, whole.text, tuple(spaced.words)
    return None


def _compound(field: Any, word: str) -> str | None:
    analyzer = getattr(field, "analyzer", None)
    return analyzer.compound(word) if isinstance(analyzer, NewsAnalyzer) else None


class NewsParser(QueryParser):
    """Whoosh's parser, reading a hyphenated compound as word_query does."""

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: type,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> q.Query | None:
        field = self.schema[fieldname] if self.schema and fieldname in self.schema else None
        if termclass is q.Term and tokenize and _compound(field, text) is not None:
            return word_query(field, fieldname, text, boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def make_parser(schema: Any, fields: tuple[str, ...]) -> QueryParser:
    """Whoosh's MultifieldParser, as a NewsParser."""
    parser = NewsParser(None, schema, group=OrGroup)
    parser.add_plugin(MultifieldPlugin(list(fields)))
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(ExactPhrasePlugin())
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(ConnectorPlugin())
    parser.add_plugin(AtLeastPlugin())
    parser.add_plugin(LeadPlugin())
    # `date:>2025-02-05`: a bound only right after a field's colon (Whoosh's own pattern took a
    # leading "<" as one too, and failed on it: "<b>putin" could not be read)
    parser.add_plugin(GtLtPlugin(r"(?<=:)(?P<rel>(<=|>=|<|>|=<|=>))"))
    # "+word"/"-word" only at the start of a word, so that dates like 2025-02-05 stay whole.
    parser.add_plugin(PlusMinusPlugin(r"(?:^|(?<=[\s(]))\+(?=[\w\"(])", r"(?:^|(?<=[\s(]))-(?=[\w\"(])"))
    return parser


_parsers = threading.local()


def _parser(schema: Any, fields: tuple[str, ...]) -> QueryParser:
    """This thread's parser for the schema and fields: building one (plugins, compiled patterns)
    was a seventh of the parsing time."""
    cached = getattr(_parsers, "cached", None)
    if cached is None or cached[0] is not schema:
        cached = _parsers.cached = (schema, {})
    if fields not in cached[1]:
        cached[1][fields] = make_parser(schema, fields)
    return cached[1][fields]


def check_length(text: str) -> None:
    """QueryError if the search box's text is longer than a query may be."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")


def _check_nesting(text: str) -> None:
    """QueryError if the query's parentheses (outside quotes) nest deeper than MAX_NESTING."""
    depth = deepest = 0
    for bracket in re.findall(r'[()]|"[^"]*"?', text):
        depth = max(0, depth + {"(": 1, ")": -1}.get(bracket, 0))
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise QueryError(f"the query nests parentheses {deepest} deep (at most {MAX_NESTING})")


def parse(text: str, searcher: Searcher, synonyms: Synonyms | None = None) -> q.Query:
    """Parse the search box's text into a query, each typed word that `synonyms` lists in all its
    spellings; QueryError says what is wrong with it.

    A query of stop words only ("only", "The Who") would rank nothing: it matches the words as
    written instead, as a search box without a stop list would."""
    check_length(text)
    _check_nesting(text)
    if _NEXIS_OR_FACTIVA.search(text):  # (most queries have none: a tenth of the parsing time)
        text = _QUOTED_OR_EXPANDER.sub(lambda m: "*" if m.group() == "!" else m.group(), text)
        text = _QUOTED_OR_SEGMENT.sub(_as_field, text)
        _check_operators(text)
    text = _acronyms(_names(text, searcher))
    if not any(c.islower() for c in text):  # typed in capitals: AND/OR/NOT are words, not operators
        text = text.lower()
    if _LONE_WILDCARD.sub("", text).strip():  # a stray "*" in a sentence means nothing; alone it is refused
        text = _LONE_WILDCARD.sub(" ", text)
    parsed = _parse(text, searcher, TEXT_FIELDS, synonyms)
    if parsed is q.NullQuery:
        parsed = _parse(text, searcher, (EXACT_FIELD,))
    if sum(1 for _ in parsed.leaves()) > MAX_TERMS:
        raise QueryError(f"the query has too many terms (at most {MAX_TERMS})")
    return parsed


# What the operators of Nexis and Factiva hold, one of which any of them has (see below)
_NEXIS_OR_FACTIVA = re.compile(r"[!(=/]|(?i:near|adj|atleast)[0-9]")
# Nexis's root expander, `negotiat!`, is the wildcard `negotiat*` (a quoted phrase stays as typed)
_QUOTED_OR_EXPANDER = re.compile(r'"[^"]*"?|(?<=[^\W_])!(?=$|[\s)])')
# Nexis's segments, `headline(trade war)`, `hlead(...)`, `byline(jo marsh)`, `publication(reuters)`,
# and Factiva's field codes, `hd=trade`, `hlp=`, `by=marsh`, `sn=reuters` (`sn="new york times"`,
# `hd=(trade OR tariffs)`)
_QUOTED_OR_SEGMENT = re.compile(
    r'"[^"]*"?|(?i:(?<![\w:])(?:(?P<segment>headline|hlead|byline|publication|lead:)\((?P<words>(?:[^()"]|\([^()"]*\))*)\)'
    r'|(?P<code>hd|hlp|by|sn)=(?:\((?P<group>[^()"]*)\)|(?P<value>"[^"]*"|[^\s()"]+))))'
)
_SEGMENT_FIELDS = dict(headline="title", hlead=LEAD, byline="author", publication="outlet") | dict(
    hd="title", hlp=LEAD, by="author", sn="outlet"
)
_SEGMENT_FIELDS[f"{LEAD}:"] = LEAD  # (`lead:(a w/5 b)`: as hlead(...); lead is no field of the parser's)


def _as_field(match: re.Match[str]) -> str:
    """A segment or field code as our field (`hlead`, `hlp=`: `lead:`, see Lead): its words as a
    phrase, as Nexis reads words without connectors, or as a group where they have operators
    (`headline(trade AND war)`)."""
    name = match.group("segment") or match.group("code")
    if name is None:  # (a quoted phrase: as typed)
        return match.group()
    words = next(w for w in match.group("words", "group", "value") if w is not None).strip().strip('"')
    field = _SEGMENT_FIELDS[name.lower()]
    if not words:
        raise QueryError(f"{match.group()} holds no words: write them in it, as in {field}:word")
    if any(word in OPERATOR_WORDS or SYNTAX_WORD.fullmatch(word) for word in words.split()):
        if field == LEAD:  # (`lead:` takes a word, a phrase or a chain of connectors: each its own)
            chains, parts, at = [m for m in _CONNECTED.finditer(words)], [], 0
            for chain in chains:
                parts += [_each_in_lead(words[at : chain.start()]), f"{LEAD}:({chain.group()})"]
                at = chain.end()
            return "({})".format(" ".join([*parts, _each_in_lead(words[at:])]).strip())
        return f"{field}:({words})"
    return f'{field}:"{words}"' if " " in words else f"{field}:{words}"


def _each_in_lead(words: str) -> str:
    """Each word `lead:word`, but for operators."""
    return " ".join(w if w in OPERATOR_WORDS else f"{LEAD}:{w}" for w in words.split())


_WORD = r"(?<![\w.'’&])(?:(?P<field>\w+):)?(?P<word>{})(?![\w.'’&])"  # (after a field name, if any)
_CAPITALS = re.compile(_WORD.format("[A-Z]{2,}"))
_US = re.compile(_WORD.format("(?i:us)"))
# A quoted phrase (to its closing quote, or the end) and a name field's group, `outlet:(us OR uk)`.
_AS_TYPED = re.compile(rf'"[^"]*"?|(?<![\w.])(?!(?:{"|".join(TEXT_FIELDS)}):)\w+:\([^()]*\)?')


def _acronyms(text: str) -> str:
    """A stop word in capitals is an acronym in a query with lowercase letters, or alone ("IT
    budgets", "WHO"): written with periods ("W.H.O"), it reads as the stem that the index gives
    "WHO" in cased text and "W.H.O." anywhere (see analysis.analyse). "us" is the country in any
    case: nobody searches for the pronoun. "AM" stays a stop word ("A.M" would be the time of
    day). Quoted phrases, and names (`outlet:us`, `author:(WHO OR us)`), stay as typed."""
    shouted = text.isupper() and len(text.split()) > 1  # typed all in capitals: no telling

    def dotted(word: str) -> str:
        acronym = word.lower() in stop_words() and word not in OPERATOR_WORDS
        return ".".join(word) if acronym and ".".join(word).lower() not in TIMES_OF_DAY else word

    def in_text(rewrite: Callable[[str], str]) -> Callable[[re.Match[str]], str]:
        def sub(match: re.Match[str]) -> str:
            field, word = match.group("field"), match.group("word")
            if field and field not in TEXT_FIELDS:
                return match.group()
            return (f"{field}:" if field else "") + rewrite(word)

        return sub

    def rewritten(part: str) -> str:
        part = part if shouted else _CAPITALS.sub(in_text(dotted), part)
        return _US.sub(in_text(lambda _: "U.S"), part)

    out, at = [], 0
    for kept in _AS_TYPED.finditer(text):
        out += (rewritten(text[at : kept.start()]), kept.group())
        at = kept.end()
    return "".join([*out, rewritten(text[at:])])


_NAME_CLAUSE = re.compile(rf'(?<![\w.])(?P<field>{"|".join(NAME_FIELDS)}):(?P<first>[^\s"():]+)')
_NEXT_WORD = re.compile(r'\s+(?P<word>[^\s"():*?~^+\-][^\s"():*?~^]*)(?![^\s)])')  # a plain word


def _names(text: str, searcher: Searcher) -> str:
    """`author:olena goncharova` is one name, as typed into a search box, where the field's
    names have the words that follow, in that order (`outlet:moscow times putin` reads
    `outlet:"moscow times" putin`); the query syntax would read the field's first word only."""
    out, at = [], 0
    for clause in _NAME_CLAUSE.finditer(text):
        if text.count('"', 0, clause.start()) % 2:  # (inside quotes)
            continue
        following, end = [], clause.end()
        while len(following) < NAME_WORDS and (word := _NEXT_WORD.match(text, end)):
            if word.group("word") in OPERATOR_WORDS:
                break
            following.append((word.group("word"), word.end()))
            end = word.end()
        field = clause.group("field")
        for count in range(len(following), 0, -1):
            name = " ".join([clause.group("first"), *(word for word, _ in following[:count])])
            if _has_name(searcher, field, name):
                out += (text[at : clause.start()], f'{field}:"{name}"')
                at = following[count - 1][1]
                break
    return "".join([*out, text[at:]])


def _has_name(searcher: Searcher, fieldname: str, name: str) -> bool:
    """Whether any article's value of the field has the words of `name`, in order."""
    words = list(searcher.schema[fieldname].process_text(name, mode="query"))
    return len(words) > 1 and side_by_side(searcher, fieldname, words, most=1) > 0


def _parse(
    text: str, searcher: Searcher, fields: tuple[str, ...], synonyms: Synonyms | None = None
) -> q.Query:
    schema = searcher.schema  # from the searcher: ix.schema can race a commit
    parsed = _plain(text, schema, fields)
    if parsed is None:
        try:
            parsed = _parser(schema, fields).parse(text, normalize=False, debug=False)
        except Exception as e:  # the parser raises assorted errors on odd input
            if pair := _OPERATOR_PAIR.search(text):
                raise QueryError(f"{pair[1]} needs a word after it, not {pair[2]}") from None
            # a field's own ValueError says what it could not read ("cannot read the date ..."); an
            # IndexError from inside the parser says nothing a user can act on
            said = str(e) if isinstance(e, ValueError) else ""
            raise QueryError(
                f"cannot read the query: {said or 'check its operators, quotes and parentheses'}"
            ) from None
        _check(parsed)
    if synonyms is not None:
        parsed = synonyms.expand(parsed)
    parsed = _restrict(_count_repeats(parsed)).normalize()
    if any(isinstance(leaf, _EXPANDING) for leaf in parsed.leaves()):
        parsed = _expand(parsed, searcher).normalize()
    if any(isinstance(leaf, Within | AtLeast) for leaf in parsed.leaves()):  # (a Lead is an AtLeast)
        parsed = _spell_operands(parsed, searcher)
    return parsed


def _spell_operands(node: q.Query, searcher: Searcher) -> q.Query:
    """The query with each connector's and count's words as the index has them (operand_words)."""
    if isinstance(node, Within | AtLeast):
        return node.spelled(searcher)
    return node.apply(lambda sub: _spell_operands(sub, searcher))


# Operators that Whoosh's parser fails on when another follows ("NOT AND", "ANDNOT ANDMAYBE")
_OPERATOR_PAIR = re.compile(r"(?<![\w:])(NOT|ANDNOT|ANDMAYBE)\s+(AND|OR|NOT|ANDNOT|ANDMAYBE)(?![\w:])")
_PLAIN_WORD = re.compile(r"\w+(?:[.,'’&-]\w+)*\.?")
OPERATOR_WORDS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}  # as the parser reads them in capitals


def _plain(text: str, schema: Any, fields: tuple[str, ...]) -> q.Query | None:
    """The parser's query for plain words (no quotes, operators, fields, wildcards or boosts),
    built directly: Whoosh's general parser took half of the parsing time, and most queries
    are plain words. None for anything else. Each word searches each field, as the parser's
    MultifieldParser does (see word_query)."""
    words = text.split()
    if not words or not all(_PLAIN_WORD.fullmatch(word) and word not in OPERATOR_WORDS for word in words):
        return None
    if SYNTAX_WORD.search(text):  # `a near5 b`, `atleast3 a`
        return None
    groups: list[q.Query] = []
    for word in words:
        per_field = [word_query(schema[fieldname], fieldname, word) for fieldname in fields]
        groups.append(q.Or([query for query in per_field if query is not None]))
    return q.Or(groups)


def _check(node: q.Query) -> None:
    """Refuse what the parser let through but cannot mean anything useful."""
    if getattr(node, "error", None):
        raise QueryError(str(node.error))
    for sub in node.children():
        _check(sub)
    fieldname = getattr(node, "fieldname", None)
    if fieldname is not None and fieldname not in QUERY_FIELDS:
        raise QueryError(f"unknown field {fieldname!r}: use title, outlet, author, date or added")
    if fieldname in DATE_FIELDS and isinstance(node, q.Term):
        raise QueryError(f"cannot read the date {node.text!r}: use YYYY-MM-DD")
    if isinstance(node, q.Wildcard | q.Prefix):
        literal = sum(c not in "*?" for c in node.text)
        if literal < MIN_PATTERN_CHARS:
            typed = node.text + "*" if isinstance(node, q.Prefix) else node.text  # (a Prefix has no "*")
            raise QueryError(
                f"the wildcard {typed!r} is too broad: give at least {MIN_PATTERN_CHARS} letters"
            )
    if isinstance(node, q.FuzzyTerm) and len(node.text) < MIN_FUZZY_CHARS:
        raise QueryError(f"fuzzy matching needs a word of at least {MIN_FUZZY_CHARS} letters")
    if isinstance(node, q.FuzzyTerm) and node.maxdist > MAX_FUZZY_EDITS:  # (as Lucene's limit)
        raise QueryError(f"fuzzy matching allows at most {MAX_FUZZY_EDITS} letters off, as in word~2")


def _restrict(node: q.Query) -> q.Query:
    """Plain words and quoted phrases rank (OR); a field clause (or `atleastN word`) restricts;
    NOT excludes.

    So `trump outlet:lbc` means Trump articles from LBC, and `kellogg NOT zelenskyy` drops every
    article that mentions Zelenskyy, as a search box user expects. An article has one outlet and
    one date, so `outlet:lbc outlet:kyiv` means either, as ticking both outlets does, and so do
    two dates or periods (`date:2025-02-03 date:2025-02-10`); a bound (`date:>2025-02-05`) still
    narrows them, and two bounds make a range.
    """
    if isinstance(node, q.AndNot | q.AndMaybe):
        kept = _restrict(node.a)
        if isinstance(node, q.AndNot) and kept.normalize() is q.NullQuery:  # `-kursk`: as `NOT kursk`
            kept = q.Every()
        return node.__class__(kept, node.b)
    if type(node) is not q.Or:
        return node
    required, optional, excluded = [], [], []
    either: dict[str, list[q.Query]] = {"outlet": [], **{f: [] for f in DATE_FIELDS}}  # one must hold
    for sub in node.subqueries:
        if isinstance(sub, q.Not):
            excluded.append(sub.query)
        elif isinstance(sub, AtLeast) or _kept_to_segment(sub):  # (Lead is an AtLeast)
            required.append(sub)
        elif (fieldnames := _fieldnames(sub)) and fieldnames <= RESTRICTING:
            field = next(iter(fieldnames)) if len(fieldnames) == 1 else None
            if field in either and not _bound(sub):
                either[field].append(sub)
            else:
                required.append(sub)
        else:
            optional.append(sub)
    required += [subs[0] if len(subs) == 1 else q.Or(subs) for subs in either.values() if subs]
    ranked = copy.copy(node)
    ranked.subqueries = optional + _proximity(optional)
    if not required and not excluded:
        return ranked
    words = [ranked] if ranked.normalize() is not q.NullQuery else []  # (stop words only: none)
    core: q.Query = q.And(required + words) if required else (words[0] if words else q.Every())
    return q.AndNot(core, q.Or(excluded)) if excluded else core


def _kept_to_segment(node: q.Query) -> bool:
    """Whether a clause is a connector kept to the headline or the lead (in parentheses or not)."""
    while isinstance(node, q.CompoundQuery) and len(node.subqueries) == 1:
        node = node.subqueries[0]
    return type(node) is Within and node.segment is not None


def _bound(node: q.Query) -> bool:
    """Whether a clause is a range open at one end (`date:>2025-02-05`)."""
    return isinstance(node, q.RangeMixin) and (node.start is None) != (node.end is None)


def _fieldnames(node: q.Query) -> set[str | None]:
    """The fields a clause or group searches (`outlet:(reuters OR ap)`: outlet). A title phrase
    counts as title alone: its exact-field phrase only narrows it."""
    fieldnames = {getattr(leaf, "fieldname", None) for leaf in node.leaves()}
    if "title" in fieldnames:
        fieldnames.discard(EXACT_FIELD)
    return fieldnames


Spelled = tuple[tuple[str, ...], ...]  # one word's spellings, each a run of stems


class Proximity(q.Phrase):
    """A ranking-only phrase: it never matches a document its words did not match already.
    A word with several spellings counts in any of them: `spellings` maps it to them, a
    compound's whole word and its parts side by side ("cocacola", "coca cola"), a synonym's
    words (see Spellings and scoring.Scorer.spelled)."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        slop: int = 1,
        boost: float = 1.0,
        spellings: dict[str, Spelled] | None = None,
    ):
        super().__init__(fieldname, words, slop=slop, boost=boost)
        self.spellings = spellings or {}

    def normalize(self) -> q.Query:
        return self  # (Phrase's would drop the spellings)


class Passage(Proximity):
    """Ranking-only: the IDF of the query's distinct words (times `weights`, how often each was
    typed) found together in a document's best passage of `window` positions (see scoring).
    It marks the Or of the typed words (all_words), even where fewer than two of them have
    stems in the body to rank (`negotiat* tariffs`: a pattern's words are known later)."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        weights: list[float],
        window: int,
        boost: float,
        spellings: dict[str, Spelled] | None = None,
    ):
        super().__init__(fieldname, words, boost=boost, spellings=spellings)
        self.weights, self.window = weights, window


class Spellings(q.DisjunctionMax):
    """One word written in any of several ways (synonyms.py: "Kyiv" or "Kiev", "USSR" or "Soviet
    Union"), scored as one word, as Lucene's SynonymQuery does: its occurrences in every spelling
    counted together, with the IDF of the articles holding any. (Scored as the best spelling
    instead, the rarer spelling's IDF would rank its articles first.) Its subqueries, a Term or
    a Phrase a spelling, are what Whoosh's matchers and the highlighter read."""

    def __init__(self, fieldname: str, spellings: Spelled, boost: float = 1.0):
        parts = [q.Term(fieldname, s[0]) if len(s) == 1 else q.Phrase(fieldname, list(s)) for s in spellings]
        super().__init__(parts, boost=boost)
        self.fieldname, self.spellings = fieldname, spellings
        self.label = " ".join(spellings[0])  # (its word in ranking-only phrases, read by its spellings)

    def normalize(self) -> q.Query:
        return self  # (DisjunctionMax's would rebuild it without its spellings; so would apply's)

    def apply(self, fn: Callable[[q.Query], q.Query]) -> q.Query:
        return self


def matching(node: q.Query) -> q.Query:
    """The query without its ranking-only parts: the cheap way to find which documents match."""
    if isinstance(node, q.CompoundQuery):
        kept = copy.copy(node)
        kept.subqueries = [matching(sub) for sub in node.subqueries if not isinstance(sub, Proximity)]
        return kept
    return node.apply(matching)


def all_words(query: q.Query) -> list[q.Query]:
    """The typed words of a query of two to ALL_WORDS_FIRST words, each as the query of all its
    fields and spellings: the articles matching every one rank first, as a search box user
    expects (scores alone put a one-word article above a both-words one in the top 20 of 67 of
    100 two-word Reuters queries). None of a longer query's: its best articles often lack a word
    or two, for a sentence is not a list of musts."""
    ranked = _ranked(query)
    if ranked is None:
        return []
    spellings: dict[frozenset[str], list[q.Query]] = {}  # (normalize() spread each word's fields)
    for sub in ranked.children():
        if not isinstance(sub, Proximity) and any(type(leaf) is q.Term for leaf in sub.leaves()):
            words = frozenset(w for leaf in sub.leaves() for w in getattr(leaf, "words", None) or [leaf.text])
            spellings.setdefault(words, []).append(sub)
    return [q.Or(subs) for subs in spellings.values()] if 1 < len(spellings) <= ALL_WORDS_FIRST else []


def _ranked(node: q.Query) -> q.Query | None:
    """The Or of the typed words, the one holding their Passage, wherever restrictions put it."""
    if any(isinstance(sub, Passage) for sub in node.children()):
        return node
    return next((found for sub in node.children() if (found := _ranked(sub)) is not None), None)


def _proximity(words: list[q.Query]) -> list[q.Query]:
    """Words typed side by side score a little more where they also stand near each other in
    the body (a sequential-dependence bonus: +4 points nDCG@10 on CACM), and the query's words
    more where more of them meet in one passage, as a story's own paragraph would hold them
    (+1 to +2 points on TIME, Cranfield and CACM; see bench/)."""
    typed = [
        (stem, spelled, word.boost)  # the boost of a word typed twice is 2
        for word in words
        for stem, spelled in _body_stems(word)
    ]
    stems = [stem for stem, _, _ in typed]
    spellings = {stem: spelled for stem, spelled, _ in typed if spelled}
    weights: dict[str, float] = {}
    for stem, _, times in typed:
        weights[stem] = weights.get(stem, 0.0) + times
    pairs: list[q.Query] = [
        Proximity(
            "body",
            [a, b],
            slop=PROXIMITY_SLOP,
            boost=PROXIMITY_BOOST,
            spellings={w: spellings[w] for w in (a, b) if w in spellings},
        )
        for a, b in zip(stems, stems[1:], strict=False)
        if a != b
    ]
    if sum(word.normalize() is not q.NullQuery for word in words) < 2:  # (a stop word is none)
        return pairs  # one word: no passage, and no other word to rank first with it
    passage = Passage("body", list(weights), list(weights.values()), PASSAGE_WORDS, PASSAGE_BOOST, spellings)
    return [*pairs, passage]


def _body_stems(node: q.Query) -> Iterator[tuple[str, Spelled]]:
    """A typed word's stems in the body (none for a stop word), with its spellings where it has
    several: a compound's (word_query's choice of the whole word or the parts side by side), a
    synonym's."""
    if type(node) is Spellings:
        if node.fieldname == "body":
            yield node.label, node.spellings
        return
    if (compound := compound_of(node)) is not None:
        fieldname, whole, parts = compound
        if fieldname == "body":
            yield whole, ((whole,), parts)
        return
    if type(node) is q.Term and node.fieldname == "body":
        yield node.text, ()
    for child in node.children():
        yield from _body_stems(child)


def _count_repeats(node: q.Query) -> q.Query:
    """A word typed twice weighs twice (the parser's normalize() would drop the repeat)."""
    if type(node) is q.Or:
        counts = Counter(node.subqueries)
        merged = copy.copy(node)
        merged.subqueries = [
            _with_boost(_count_repeats(sub), counts[sub]) for sub in dict.fromkeys(node.subqueries)
        ]
        return merged
    return node.apply(_count_repeats)


def _with_boost(node: q.Query, times: int) -> q.Query:
    if times > 1:
        node = node.copy()
        node.boost *= times
    return node


_EXPANDING = (q.Wildcard, q.Prefix, q.FuzzyTerm)


def _expand(node: q.Query, searcher: Searcher, twinned: frozenset[tuple[type, str]] = frozenset()) -> q.Query:
    """Run wildcards and fuzzy terms on the unstemmed words, capped at the most frequent
    expansions: each is one word however completed or spelled (_blend). A pattern typed after
    `title:` or `body:` (no twin in the other text field, as the parser gives a plain `negot*`)
    matches in that field only, by its words' stems: the unstemmed words are the title's and the
    body's together."""
    if isinstance(node, _EXPANDING):
        fieldname = EXACT_FIELD if node.fieldname in TEXT_FIELDS else node.fieldname
        text = fold(node.text.lower())
        if isinstance(node, q.FuzzyTerm):
            edits = {w: n for n, w in near_words(searcher, fieldname, text, node.maxdist)}
        else:
            pattern = f"{text}*" if isinstance(node, q.Prefix) else text
            found = wildcard_words(searcher, fieldname, pattern)
            edits = dict.fromkeys(islice(found, MAX_EXPANSIONS * 50), 0)
        words = _most_frequent(searcher, fieldname, edits)
        if node.fieldname in TEXT_FIELDS and (type(node), node.text) not in twinned:
            stems: dict[str, list[str]] = {}  # each stem, and its words
            for w in words:
                if stem := analyse(w)[1]:
                    stems.setdefault(stem, []).append(w)
            terms = {q.Term(node.fieldname, stem): spelled for stem, spelled in stems.items()}
        else:
            terms = {q.Term(fieldname, w): [w] for w in words}
        blended = _blend(terms, edits, text, searcher)
        return q.DisjunctionMax(blended, boost=node.boost) if blended else q.NullQuery
    fields: dict[tuple[type, str], set[str]] = {}
    for sub in node.children():
        if isinstance(sub, _EXPANDING) and sub.fieldname in TEXT_FIELDS:
            fields.setdefault((type(sub), sub.text), set()).add(sub.fieldname)
    twins = frozenset(key for key, found in fields.items() if len(found) == len(TEXT_FIELDS))
    return node.apply(lambda sub: _expand(sub, searcher, twins))


def _most_frequent(searcher: Searcher, fieldname: str, words: Iterable[str]) -> list[str]:
    """The MAX_EXPANSIONS of `words` in the most articles: what a pattern stands for."""
    return sorted(words, key=lambda w: -searcher.doc_frequency(fieldname, w))[:MAX_EXPANSIONS]


def _blend(
    terms: dict[q.Term, list[str]], edits: dict[str, int], typed: str, searcher: Searcher
) -> list[q.Term]:
    """A fuzzy word's or a wildcard's terms (each with the words it stands for, each word `edits`
    from the word typed; a wildcard's none) weighed as Lucene's blended rewrite weighs them: by
    how close their closest word is (1 - edits / the shorter length; none that all its letters
    would change), at one IDF, the commonest term's. Scored at their own IDF, the rarest
    near-miss ranked first (`opec~` put articles on Opel and "Oper." above OPEC's); and summed,
    an article of many completions outranked those with the other words typed (`negotiat*
    tariffs` put a treaty story without "tariffs" first)."""
    documents = searcher.doc_count_all()
    idf = {t: WEIGHTING.idf_of(searcher.doc_frequency(t.fieldname, t.text), documents) for t in terms}
    common = min(idf.values(), default=0.0)
    blended = []
    for term, words in terms.items():
        closeness = max(1 - edits[w] / min(len(w), len(typed)) for w in words)
        if closeness > 0:
            blended.append(term.with_boost(closeness * common / idf[term]))
    return blended
