"""Highlighted snippets: the best sentences of an article, matched words in <mark>, all else escaped.

Matching re-analyses the stored text with the index's own analysis, so a query for "negotiations"
marks "negotiating" (same stem), a wildcard marks the words it expanded to, a quoted phrase
marks the phrase where it occurs and not its words elsewhere, and "nonprofit" marks "non-profit".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from itertools import islice

from markupsafe import Markup, escape
from whoosh import query as q

from .analysis import (
    HYPHENS,
    Compound,
    analyse,
    cased,
    compound_at,
    compounds,
    fold,
    stem_start,
    tokens,
    unhyphenated,
)
from .query import EXACT_FIELD, LEAD, SEGMENTS, TEXT_FIELDS, AtLeast, Lead, Link, Near, Within
from .sentences import beginnings, split

SNIPPET_CHARS = 320
ELLIPSIS = "…"
_HYPHENS = tuple(HYPHENS)


# `a w/N b` (query.Within): each operand's spellings (one exact word each, or a phrase's), the
# connector (N, whether in order, the sentence or paragraph, "s" or "p", they share instead) or
# the chain of them (query.Link, over the operands' places; or the place of a lone operand, as
# `lead:word`'s), whether negated (`a not w/N b`: a apart from b), and the paragraphs it keeps
# to, if so (Within.segment)
Operand = frozenset[tuple[str, ...]]
Connected = tuple[tuple[Operand, ...], Link | int, bool, int | None]


@dataclass(frozen=True)
class Terms:
    """What a query looks for in the text: stems, exact words, exact phrases, phrases of stems
    (a compound's parts side by side, "coca cola" for "Coca-Cola"), exact words near each
    other (`"a b"~N`, with N), and two words within N of each other (`a w/N b`: each in any of
    its exact words, with N, whether in order, and the unit, "s" or "p", they share instead)."""

    stems: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    stem_phrases: tuple[tuple[str, ...], ...] = ()
    near: tuple[tuple[tuple[str, ...], int], ...] = ()
    within: tuple[Connected, ...] = ()
    paragraph: int = 1  # the article's paragraph that the text to mark begins at (from_paragraph)

    def __bool__(self) -> bool:
        return bool(self.stems or self.words or self.phrases or self.stem_phrases or self.near or self.within)

    @cached_property
    def nearby(self) -> frozenset[str]:
        """The exact words whose occurrences count only near another's (Near's, Within's)."""
        spelled = {
            s[0] for operands, *_ in self.within for operand in operands for s in operand if len(s) == 1
        }
        return frozenset({w for words, _ in self.near for w in words} | spelled)

    @cached_property
    def nearby_phrases(self) -> tuple[tuple[str, ...], ...]:
        """The phrases whose occurrences count only near another's (a Within's quoted operand)."""
        return tuple({s for operands, *_ in self.within for op in operands for s in op if len(s) > 1})

    def from_paragraph(self, number: int) -> Terms:
        """The terms of a text that begins at an article's paragraph `number` (1: the title; 2:
        the body's first): a connector kept to the paragraphs before it marks nothing there, one
        kept to more (the lead) only in those."""
        return replace(self, paragraph=number)

    def hold(self, word: str, stem: str | None) -> bool:
        """Whether a token (or a compound written as one word), so analysed, is one of the terms."""
        return word in self.words or stem in self.stems


def query_terms(query: q.Query) -> Terms:
    """The terms a document matched for; excluded (NOT) parts are never highlighted."""
    stems: set[str] = set()
    words: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    stem_phrases: list[tuple[str, ...]] = []
    near: list[tuple[tuple[str, ...], int]] = []
    within: list[Connected] = []

    def walk(node: q.Query) -> None:
        if isinstance(node, q.Not):
            return
        if isinstance(node, q.AndNot):
            walk(node.a)
            return
        if type(node) is Lead:  # (one operand, kept to the lead as a connector may be)
            within.append(((frozenset(node.spellings or ((node.text,),)),), 0, False, SEGMENTS[LEAD]))
            return
        if isinstance(node, AtLeast):
            for run in node.spellings or ((node.text,),):
                words.add(run[0]) if len(run) == 1 else phrases.append(run)
            return
        if type(node) is Within:
            operands = tuple(frozenset(node.spellings.get(w, ((w,),))) for w in node.words)
            link = node.link or Link(0, 1, node.distance, node.ordered, node.unit)
            within.append((operands, link, node.negated, node.segment))
            return
        if type(node) is Near:
            if node.fieldname == EXACT_FIELD:  # (a field's Near stands beside its exact one)
                near.append((tuple(node.words), node.distance))
            return
        if isinstance(node, q.Phrase):
            if node.fieldname == EXACT_FIELD:
                phrases.append(tuple(node.words))
            elif node.fieldname in TEXT_FIELDS and type(node) is q.Phrase:
                stem_phrases.append(tuple(node.words))
            return  # (the words of ranking-only phrases are the query's terms)
        if isinstance(node, q.Term) and isinstance(node.text, str):
            if node.fieldname in TEXT_FIELDS:
                stems.add(node.text)
            elif node.fieldname == EXACT_FIELD:
                words.add(node.text)
        for child in node.children():
            walk(child)

    walk(query)
    return Terms(
        frozenset(stems),
        frozenset(words),
        tuple(phrases),
        tuple(dict.fromkeys(stem_phrases)),
        tuple(dict.fromkeys(near)),
        tuple(dict.fromkeys(within)),
    )


def matches(text: str, terms: Terms, sentences: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Character ranges of `text` that the terms match, merged, in order; `sentences`, the text's
    if known (a w/s connector's are split here otherwise)."""
    if not terms:
        return []
    found = []
    keys, folded, capitals = _keys(terms), _folded(text), cased(text)
    joined = _spanning_compounds(text, keys, folded)
    near_words, near_phrases = terms.nearby, terms.nearby_phrases
    nearby: dict[str, list[tuple[int, int]]] = {}  # spans of Near's and Within's words, in order
    for token in _candidates(text, keys, folded):
        word, stem = analyse(token.group(), capitals)
        if terms.hold(word, stem):
            found.append(token.span())
        if word in near_words:
            nearby.setdefault(word, []).append(token.span())
        for phrase in near_phrases:
            if (
                word == phrase[0]
                and (end := _phrase_end(text, token.end(), phrase[1:], False, capitals)) is not None
            ):
                nearby.setdefault(" ".join(phrase), []).append((token.start(), end))
        if text.startswith(_HYPHENS, token.end()) and (compound := compound_at(text, token.start())):
            joined.append(compound)
        for phrase in terms.phrases:
            if (
                word == phrase[0]
                and (end := _phrase_end(text, token.end(), phrase[1:], False, capitals)) is not None
            ):
                found.append((token.start(), end))
        for phrase in terms.stem_phrases:
            if (
                stem == phrase[0]
                and (end := _phrase_end(text, token.end(), phrase[1:], True, capitals)) is not None
            ):
                found.append((token.start(), end))
    for compound in joined:  # "non-profit" for "nonprofit"
        word, stem = analyse(compound.word, capitals)
        if terms.hold(word, stem):
            found.append((compound.start, compound.end))
        if word in near_words:
            insort(nearby.setdefault(word, []), (compound.start, compound.end))
    if nearby:
        starts = [token.start() for token in tokens(text)]
        near = _near_spans(starts, nearby, terms.near) + _within_spans(text, starts, nearby, terms, sentences)
        found += _side_by_side_joined(text, near)
    return _merge(sorted(found))


def _position(starts: list[int], span: tuple[int, int]) -> int:
    """An occurrence's position, counted in tokens as the exact field counts them (a compound
    written as one word stands at its last part), from the tokens' `starts`."""
    return bisect_right(starts, span[1] - 1) - 1


def _near_spans(
    starts: list[int], nearby: dict[str, list[tuple[int, int]]], near: tuple[tuple[tuple[str, ...], int], ...]
) -> list[tuple[int, int]]:
    """The occurrences of Near's words that stand near enough (see Near)."""
    found = []
    for words, distance in near:
        if not all(word in nearby for word in words):
            continue
        spans = [nearby[word] for word in words]
        shifted = [[_position(starts, span) - i for span in spans[i]] for i in range(len(words))]
        for start in sorted({p for positions in shifted for p in positions}):
            picked = []
            for positions, occurrences in zip(shifted, spans, strict=True):
                at = bisect_left(positions, start)
                if at == len(positions) or positions[at] - start > distance:
                    break
                picked.append(occurrences[at])
            else:
                found += picked
    return found


def _within_spans(
    text: str,
    starts: list[int],
    nearby: dict[str, list[tuple[int, int]]],
    terms: Terms,
    sentences: list[tuple[int, int]] | None,
) -> list[tuple[int, int]]:
    """The occurrences of each Within's two operands that begin 1 to its distance after the
    other's end (the second after the first, if in order), or share a sentence or paragraph; in a
    chain, a link's occurrences are those of its two sides that do (see query.Link); for one kept
    to the headline or the lead, only those in its paragraphs. The text is split into sentences
    or paragraphs once for all of them (a chain's links, its segment), unless its `sentences` are
    known."""
    found = []
    units: Callable[[str], list[int]] = cache(
        lambda unit: [0] if unit == "g" else beginnings(text, unit, sentences)
    )
    for operands, link, negated, segment in terms.within:
        spans = [_spans(nearby, operand) for operand in operands]
        if segment is not None:  # (the text's paragraphs in the segment, and where they end)
            begins, count = units("p"), segment - terms.paragraph + 1
            end = 0 if count <= 0 else begins[count] if count < len(begins) else len(text)
            spans = [[span for span in occurrences if span[0] < end] for occurrences in spans]
        linked = _linked(units, starts, spans, link)
        if negated:
            found += sorted(set(spans[0]) - set(linked))
        else:
            found += linked
    return found


def _spans(nearby: dict[str, list[tuple[int, int]]], operand: Operand) -> list[tuple[int, int]]:
    """An operand's occurrences: those of its spellings."""
    return [span for spelling in operand for span in nearby.get(" ".join(spelling), ())]


def _linked(
    units: Callable[[str], list[int]],
    starts: list[int],
    operands: list[list[tuple[int, int]]],
    part: Link | int,
) -> list[tuple[int, int]]:
    """The occurrences of a link's sides that meet its terms (of an operand, all of them), each
    once: a chain of one word (`a w/5 a w/5 a ...`) had multiplied them at each link, past any
    memory."""
    if isinstance(part, int):
        return operands[part]
    a, b, n = (
        _linked(units, starts, operands, part.left),
        _linked(units, starts, operands, part.right),
        part.distance,
    )
    if part.unit:
        return sorted(set(_together_spans(units(part.unit), [a, b])))
    return sorted(set(_after(starts, a, b, n) + ([] if part.ordered else _after(starts, b, a, n))))


def _after(
    starts: list[int], first: list[tuple[int, int]], second: list[tuple[int, int]], distance: int
) -> list[tuple[int, int]]:
    """The occurrences of `first` and `second` where one of `second` begins 1 to `distance`
    positions after one of `first` ends."""
    begun = sorted((bisect_right(starts, span[0]) - 1, span) for span in second)
    at = [position for position, _ in begun]
    found = []
    for span in first:
        end = _position(starts, span)
        close = [s for _, s in begun[bisect_right(at, end) : bisect_right(at, end + distance)]]
        if close:
            found += [span, *close]
    return found


def _together_spans(begins: list[int], occurrences: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """The occurrences of either word in a sentence, paragraph or segment (each beginning at one of
    `begins`) that holds the other (a text to mark is one segment: the headline, or the text)."""
    units = [{bisect_right(begins, start) for start, _ in spans} for spans in occurrences]
    shared = set.intersection(*units)
    return [span for spans in occurrences for span in spans if bisect_right(begins, span[0]) in shared]


def _side_by_side_joined(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, each marked alone but for those side by side ("interest rates")."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(set(found)):
        if joined and not text[joined[-1][1] : start].strip():
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _phrase_end(text: str, start: int, rest: tuple[str, ...], stemmed: bool, capitals: bool) -> int | None:
    """Where a phrase ends if the tokens after `start` are the rest of its words; for a phrase of
    stems, less stop words, as the stemmed index counts positions (`capitals`: see cased)."""
    following = tokens(text, start)
    if stemmed:
        following = (t for t in following if analyse(t.group(), capitals)[1] is not None)
    read = list(islice(following, len(rest)))
    part = 1 if stemmed else 0  # of (word as written, stem)
    if tuple(analyse(t.group(), capitals)[part] for t in read) != rest:
        return None
    return read[-1].end() if read else start


def _spanning_compounds(text: str, keys: frozenset[str], folded: str | None) -> list[Compound]:
    """The hyphenated compounds of `text` if a term's leading letters may run across a hyphen in
    one ("nonprofi" in "non-profit"), as they do if they occur more often in the text read without
    its hyphens. (A compound whose first part holds the letters begins at a candidate token.)"""
    if not any(h in text for h in HYPHENS):
        return []
    folded = folded or text.lower()
    joined = unhyphenated(folded)
    for key in keys:
        if key and sum(1 for _ in _occurrences(folded, key)) < sum(1 for _ in _occurrences(joined, key)):
            return compounds(text)
    return []


def _candidates(text: str, keys: frozenset[str], folded: str | None) -> Iterator[re.Match[str]]:
    """The tokens that may match: those that begin with a term's leading letters, found with
    str.find in the folded text; analysing every token of an article was most of a snippet's
    time. A word begins with its stem's analysis.stem_start. `folded` is the text as _folded
    gives it."""
    if folded is None or "" in keys:
        yield from tokens(text)
        return
    token = None  # the last token read: tokenising may resume at its end, or after a space
    for at in sorted({at for key in keys for at in _occurrences(folded, key)}):
        if token is None or token.end() <= at:
            read = token.end() if token else 0
            begin = max(read, text.rfind(" ", read, at) + 1, text.rfind("\n", read, at) + 1)
            token = next((t for t in tokens(text, begin) if t.end() > at), None)
            if token is None:
                return
        if token.start() == at:
            yield token


@lru_cache(maxsize=64)
def _keys(terms: Terms) -> frozenset[str]:
    """What each term's token begins with, in folded text; an acronym's stem and written form have
    no periods. Cached: a search asks for each hit's title and body (twenty times, 8 us each)."""
    stems = terms.stems | {phrase[0] for phrase in terms.stem_phrases}
    words = terms.words | {phrase[0] for phrase in (*terms.phrases, *terms.nearby_phrases)} | terms.nearby
    keys = {stem_start(stem) for stem in stems}
    dotted = {f"{w[0]}.{w[1]}" for w in stems | words if w[:2].isalpha() and len(w) > 1}  # "U.S.A."
    return frozenset(keys | dotted | words)


def _occurrences(text: str, key: str) -> Iterator[int]:
    at = text.find(key)
    while at >= 0:
        yield at
        at = text.find(key, at + 1)


def _folded(text: str) -> str | None:
    """The text lowercased and folded as analysis folds a word, character for character so that
    offsets still agree; None in the rare text where a character would fold to more or fewer."""
    lower = text.lower()
    if len(lower) != len(text):
        return None
    if lower.isascii():
        return lower
    table = {ord(c): fold(c) for c in set(lower) if not c.isascii()}
    return lower.translate(table) if all(len(f) == 1 for f in table.values()) else None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> Markup:
    """Escape text[start:end], wrapping the spans inside it in <mark>."""
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += (escape(text[pos:s]), "<mark>", escape(text[s:e]), "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return Markup("".join(out))  # every piece of the text in it is escaped


def highlight(text: str, terms: Terms) -> Markup:
    """The whole text, escaped, with every match marked (titles, the article page)."""
    return mark(text, matches(text, terms))


def paragraphs(text: str, terms: Terms) -> list[Markup]:
    """The text's paragraphs (split at blank lines), each escaped with its matches marked:
    matched in the whole text, so words near each other across a paragraph break are marked."""
    spans, found, start = matches(text, terms), [], 0
    for paragraph in text.split("\n\n"):
        found.append(mark(text, spans, start, start + len(paragraph)))
        start += len(paragraph) + 2
    return found


def snippet(
    text: str, terms: Terms, sentences: list[tuple[int, int]] | None = None, size: int = SNIPPET_CHARS
) -> Markup:
    """The sentences with the most distinct matches, in text order; the opening if none match.
    `sentences` are the text's, as stored at indexing (split here if not given)."""
    if sentences is None:
        sentences = split(text)
    if not sentences:
        return Markup("")
    spans = matches(text, terms, sentences)
    if not spans:
        return _opening(text, sentences, size)
    found: dict[int, list[str]] = {}  # the matches in each sentence that has any, by sentence
    starts = [s for s, _ in sentences]
    for s, e in spans:
        i = bisect_right(starts, s) - 1
        if i >= 0 and s < sentences[i][1]:
            found.setdefault(i, []).append(text[s:e].lower())
    scores = {i: (len(set(words)), len(words)) for i, words in found.items()}
    chosen, used = [], 0
    for i in sorted(scores, key=scores.__getitem__, reverse=True):  # ties: the earlier sentence
        if used >= size:
            break
        chosen.append(i)
        used += sentences[i][1] - sentences[i][0]
    parts = []
    for i in sorted(chosen):
        s, e = _window(text, sentences[i], spans, size)
        parts.append(mark(text, spans, s, e))
    first, last = sentences[min(chosen)], sentences[max(chosen)]
    lead = ELLIPSIS + " " if first[0] > 0 else ""
    tail = " " + ELLIPSIS if last[1] < len(text.rstrip()) else ""
    return Markup(lead + f" {ELLIPSIS} ".join(parts) + tail)  # the parts are escaped


def _window(text: str, sentence: tuple[int, int], spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """The sentence, or for a long one a window of `size` characters around its first match."""
    s, e = sentence
    if e - s <= size:
        return s, e
    first = next(m for m, _ in spans if s <= m < e)
    start = max(s, first - size // 3)
    start = text.rfind(" ", s, start) + 1 if start > s else s
    end = min(e, start + size)
    end = text.rfind(" ", start, end) if end < e else e
    return start, max(end, first + 1)


def _opening(text: str, sentences: list[tuple[int, int]], size: int) -> Markup:
    end = sentences[0][1]
    for _, e in sentences[1:]:
        if e - sentences[0][0] > size:
            break
        end = e
    if end - sentences[0][0] > size:
        end = text.rfind(" ", sentences[0][0], sentences[0][0] + size)
        return escape(text[sentences[0][0] : end]) + Markup(" " + ELLIPSIS)
    return escape(text[sentences[0][0] : end])
