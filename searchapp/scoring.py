"""Score every document a query matches, with array arithmetic over whole postings lists.

Whoosh's collectors walk a tree of matchers document by document, about 5 µs of Python per
posting, and news queries are OR-ed words whose postings run to tens of thousands of documents.
Here each word's postings are read as arrays (codec.read_postings) and scored by BM25F all at
once into arrays over every document: the match set (for the total and the facets) and its
scores from one pass. Phrases compare position arrays. Anything else (ranges, `Every`) goes
through Whoosh's own matchers. Every score is the one Whoosh would give (tests/test_scoring.py
compares them), but for the passage bonus, which Whoosh has no query for, and DisjunctionMax:
each document's best part here, where Whoosh's matcher may take the best of two documents' parts.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, reduce

import numpy as np
from whoosh import query as q
from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .codec import Postings, read_postings
from .columns import live_documents
from .query import BREAKS_FIELD, AtLeast, Lead, Link, Near, Passage, Spelled, Spellings, Within

PostingScores = Callable[[Postings], np.ndarray]  # BM25F of each posting
ReadKey = tuple[str, str, bool, Spelled]  # field, word, with positions, its spellings if several
READS_KEPT_MB = 24  # postings kept decoded between searches, per worker process


@dataclass
class Read:
    """A word's postings in every segment, its IDF over the whole index and its BM25F score
    function."""

    postings: Postings
    idf: float
    scorer: PostingScores


class Deadline:
    """The time a search may take; scoring stops reading postings once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.at = time.perf_counter() + seconds
        self.passed = False

    def check(self) -> bool:
        if not self.passed and time.perf_counter() > self.at:
            self.passed = True
        return self.passed


@dataclass
class Matches:
    """The documents a query matches (`hit`) and their scores (0 elsewhere), by document number."""

    hit: np.ndarray
    score: np.ndarray

    @classmethod
    def none(cls, count: int) -> Matches:
        return cls(np.zeros(count, bool), np.zeros(count))

    @classmethod
    def of(cls, count: int, docs: np.ndarray, scores: np.ndarray) -> Matches:
        found = cls.none(count)
        found.hit[docs] = True
        found.score[docs] = scores
        return found

    def as_dict(self) -> dict[int, float]:
        docs = np.flatnonzero(self.hit)
        return dict(zip(docs.tolist(), self.score[docs].tolist(), strict=True))


class Reads:
    """Words' postings as earlier searches of the index generation read them, the most recently
    used kept up to `budget` bytes and shared by threads: a search session repeats its words
    (another page, an outlet ticked, another sort), and so do a day's searches."""

    def __init__(self, budget: int = READS_KEPT_MB * 2**20) -> None:
        self.budget, self.size = budget, 0
        self._kept: OrderedDict[ReadKey, Read] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: ReadKey) -> Read | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: ReadKey, read: Read) -> None:
        with self._lock:
            if key in self._kept or read.postings.nbytes > self.budget:
                return
            self._kept[key] = read
            self.size += read.postings.nbytes
            while self.size > self.budget:
                self.size -= self._kept.popitem(last=False)[1].postings.nbytes


class Stats:
    """Figures that every search of one index generation reuses: the live documents (incremental
    rebuilds delete the documents of changed files), each document's BM25 length normalisation
    per field, and recently read postings. Filled from the calling thread's own searcher."""

    def __init__(self, s: Searcher) -> None:
        self.live = live_documents(s.reader())
        self._norms: dict[str, np.ndarray] = {}
        self.reads = Reads()

    def norms(self, s: Searcher, fieldname: str) -> np.ndarray:
        """K1 * ((1 - B) + B * length / average length) for each document, as BM25F computes it."""
        if fieldname not in self._norms:  # (two threads may both compute it: same result, no harm)
            lengths = np.concatenate([_lengths(sub, fieldname) for sub, _ in segments(s)])
            weighting: BM25F = s.weighting
            k1, b = weighting.K1, weighting._field_B.get(fieldname, weighting.B)
            self._norms[fieldname] = k1 * ((1 - b) + b * lengths / (s.avg_field_length(fieldname) or 1))
        return self._norms[fieldname]


def _lengths(sub: Searcher, fieldname: str) -> np.ndarray:
    """Each document's length in the field, from the codec's column read at once."""
    known = sub.reader()._perdoc.field_lengths(fieldname)
    if known is None:  # the field keeps no lengths: Whoosh's default is 1
        return np.ones(sub.doc_count_all())
    lengths = np.zeros(sub.doc_count_all())
    lengths[: len(known)] = [n or 0 for n in known]
    return lengths


def segments(s: Searcher) -> list[tuple[Searcher, int]]:
    """Each segment's searcher with the offset of its document numbers."""
    return [(s, 0)] if s.is_atomic() else list(s.subsearchers)


class Scorer:
    """Scores query trees for one search over the whole index: each word's postings from every
    segment are joined into one array of document numbers, so a tree is walked once, not per
    segment; and a word is read once per search, however many parts of it ask for the word."""

    def __init__(self, s: Searcher, stats: Stats, deadline: Deadline):
        self.s, self.stats, self.deadline = s, stats, deadline
        self.segments = segments(s)
        self.count = s.doc_count_all()
        self.reads: dict[ReadKey, Read | None] = {}
        self.only: np.ndarray | None = None

    def score_all(self, query: q.Query, only: np.ndarray | None = None) -> Matches:
        """Every live document `query` matches, with its score; with `only` (a mask over all
        documents), just those of the chosen documents."""
        self.only = only
        try:
            found = self.score(query)
        finally:
            self.only = None
        hit = found.hit & self.stats.live
        if only is not None:
            hit &= only
        return Matches(hit, np.where(hit, found.score, 0.0))

    def holding(self, words: list[q.Query]) -> np.ndarray:
        """Which live documents match every one of `words`, unscored: a mask."""
        every = self.stats.live.copy()
        for word in words:
            held = np.zeros(self.count, bool)
            self._mark(word, held)
            every &= held
        return every

    def documents(self, fieldname: str, word: str) -> np.ndarray:
        """The documents that hold a word (deleted ones too: `holding` leaves them out)."""
        read = self._read(fieldname, word)
        return read.postings.ids if read is not None else np.zeros(0, np.uint32)

    def _mark(self, node: q.Query, held: np.ndarray) -> None:
        """Set `held` where `node` matches; a word's postings unscored (scoring them, a dense array
        per term and field, made two-word searches a sixth slower)."""
        if type(node) is q.Term:
            read = self._read(node.fieldname, node.text)
            if read is not None:
                held[read.postings.ids] = True
        elif type(node) in (q.Or, q.DisjunctionMax):
            for sub in node.subqueries:
                self._mark(sub, held)
        else:
            held |= self.score(node).hit

    def score(self, node: q.Query) -> Matches:
        kind = type(node)
        if kind is q.Term:
            return self.term(node)
        if kind is Spellings:
            return self.term(node)
        if kind is Passage:
            return self.passage(node)
        if kind is AtLeast:
            return self.at_least(node)
        if kind is Lead:
            return self.lead(node)
        if isinstance(node, q.Phrase) and self.s.schema[node.fieldname].format.supports("positions"):
            return self.phrase(node)
        weighted = getattr(node, "scale", 0) or getattr(node, "tiebreak", 0)
        if kind in (q.Or, q.And, q.DisjunctionMax) and not weighted:
            parts = [self.score(child) for child in node.subqueries]
            if not parts:
                return Matches.none(self.count)
            combine = np.logical_and if kind is q.And else np.logical_or
            hit = reduce(combine, (part.hit for part in parts))
            if kind is q.DisjunctionMax:
                total = reduce(np.maximum, (part.score for part in parts))
            else:
                total = sum((part.score for part in parts), np.zeros(self.count))
            # Whoosh applies a compound's boost only when it has more than one part.
            return Matches(hit, np.where(hit, total * (node.boost if len(parts) > 1 else 1.0), 0.0))
        if kind is q.Every and node.fieldname is None:  # (Whoosh's matcher: 1 ms per 1,000 documents)
            return Matches(self.stats.live.copy(), np.where(self.stats.live, node.boost, 0.0))
        if kind is q.AndMaybe:
            required, optional = self.score(node.a), self.score(node.b)
            return Matches(required.hit, np.where(required.hit, required.score + optional.score, 0.0))
        if kind in (q.AndNot, q.Require):
            kept, other = self.score(node.a), self.score(node.b)
            hit = kept.hit & (~other.hit if kind is q.AndNot else other.hit)
            return Matches(hit, np.where(hit, kept.score, 0.0))
        return self.whoosh(node)

    def term(self, node: q.Term | Spellings) -> Matches:
        """A word's matches; a Spellings' as one word's (see spelled)."""
        if type(node) is Spellings:
            found = self._read(node.fieldname, node.label, True, node.spellings)
        else:
            found = self._read(node.fieldname, node.text)
        if found is None:
            return Matches.none(self.count)
        return Matches.of(self.count, found.postings.ids, found.scorer(found.postings) * node.boost)

    def at_least(self, node: AtLeast) -> Matches:
        """The documents that hold the word at least `node.times` times, in any of its spellings,
        scored as the word."""
        found = self._read(node.fieldname, node.text, True, node.spellings)
        if found is None:
            return Matches.none(self.count)
        postings = found.postings.keep(found.postings.counts >= node.times)
        return Matches.of(self.count, postings.ids, found.scorer(postings) * node.boost)

    def lead(self, node: Lead) -> Matches:
        """The documents that hold the word (or the phrase, where it ends) in their title or
        first paragraph, scored as the word: the first two paragraph breaks of each."""
        found = self._read(node.fieldname, node.text, True, node.spellings)
        if found is None:
            return Matches.none(self.count)
        return self._word_in(found, _documents(self._in_segment(found.postings, 2)), node.boost)

    def _in_segment(self, postings: Postings, paragraphs: int) -> np.ndarray:
        """The keys of the occurrences in their documents' first `paragraphs` (1: the title; 2:
        and the body's first paragraph): a key's paragraph in its document is the number of
        paragraph breaks up to it, less those before its document."""
        breaks = self._read(BREAKS_FIELD, "p", True)
        keys = _keys(postings)
        if breaks is None:
            return keys[:0]
        starts = _keys(_within(breaks.postings, postings.ids))
        firsts = (keys >> np.uint64(32)) << np.uint64(32)  # (each key's document's position 0)
        paragraph = np.searchsorted(starts, keys, "right") - np.searchsorted(starts, firsts, "left")
        return keys[paragraph <= paragraphs]

    def phrase(self, node: q.Phrase) -> Matches:
        """Whoosh's ordered phrase (each word 1 to `slop` positions after the previous one), a
        Near's words in any order, or a Within's (`a pre/N b` is that ordered phrase of two words;
        `a w/s b`, see _together), scored as the sum of its words' scores. Positions are compared
        as keys document << 32 | position, only in documents that hold every word."""
        spellings = getattr(node, "spellings", {})
        if type(node) is Within and node.negated:
            return self.apart_from(node)
        words = []
        for word in node.words:  # (a word that never occurs: the rest need not be read)
            found = self._read(node.fieldname, word, True, spellings.get(word, ()))
            if found is None:
                return Matches.none(self.count)
            words.append(found)
        if not words:
            return Matches.none(self.count)
        postings = [w.postings for w in words]
        if type(node) is Near:
            docs = _near(postings, node.distance)
        elif type(node) is Within and node.link is not None:  # (_by_length keeps to a segment)
            docs = self._chained(node, _common(postings))
        elif type(node) is Within and node.unit:
            breaks = self._breaks(node.unit)
            in_segment = [self._segment(node, p) for p in postings]
            docs = np.zeros(0, np.uint64) if breaks is None else _together(in_segment, breaks)
        elif type(node) is Within:
            a, b = (self._by_length(node, word) for word in node.words)
            pairs = [_apart([pa, pb], [la, lb], node.distance, node.ordered) for pa, la in a for pb, lb in b]
            docs = pairs[0] if len(pairs) == 1 else reduce(np.union1d, pairs)
        else:
            docs = _documents(_ends(postings, node.slop))
        total = np.zeros(len(docs))
        for w in words:
            total = total + w.scorer(_within(w.postings, docs))
        return Matches.of(self.count, docs, total * node.boost)

    def apart_from(self, node: Within) -> Matches:
        """`a not w/N b`: the documents where an occurrence of a stands apart from every one of b
        (neither begins 1 to N words after the other ends; or, with a unit, not in a sentence or
        paragraph with one), those without b all; scored as a."""
        (a, b), spellings = node.words, node.spellings
        first = self._read(node.fieldname, a, True, spellings.get(a, ()))
        if first is None:
            return Matches.none(self.count)
        other = self._read(node.fieldname, b, True, spellings.get(b, ()))
        if other is None:  # (every occurrence is apart)
            return self._word_in(first, _documents(_keys(self._segment(node, first.postings))), node.boost)
        if node.unit:
            ends = _keys(self._segment(node, first.postings))
            breaks = self._breaks(node.unit)
            starts = _keys(breaks) if breaks is not None else np.zeros(0, np.uint64)
            units = np.searchsorted(starts, ends, "right")
            others = _keys(self._segment(node, other.postings))
            apart = ~np.isin(units, np.searchsorted(starts, others, "right"))
            return self._word_in(first, _documents(ends[apart]), node.boost)
        n, apart_in = node.distance, []  # (signed keys, as _chained's)
        for a_postings, a_words in self._by_length(node, a):
            ends = _keys(a_postings).astype(np.int64)
            a_starts = ends - (a_words - 1)
            near = np.zeros(len(ends), bool)
            for b_postings, b_words in self._by_length(node, b):
                b_ends = _keys(b_postings).astype(np.int64)
                near |= _held(b_ends - (b_words - 1), ends + 1, ends + n)  # (b begins after a)
                near |= _held(b_ends, a_starts - n, a_starts - 1)  # (or ends before it)
            apart_in.append(_documents(ends[~near].astype(np.uint64)))
        return self._word_in(first, reduce(np.union1d, apart_in), node.boost)

    def _chained(self, node: Within, docs: np.ndarray) -> np.ndarray:
        """The documents (of `docs`, those that hold every operand) where a chain's connectors
        hold: the occurrences of a link's two sides that meet its terms are its own occurrences,
        each once (a chain of one word, `a w/5 a w/5 a ...`, would count them again at each link),
        where it begins and where it ends, as signed keys (less N, a key may pass its document's
        first position, but into no other document's)."""

        def operand(word: str) -> tuple[np.ndarray, np.ndarray]:
            found = [(_keys(_within(p, docs)).astype(np.int64), n) for p, n in self._by_length(node, word)]
            ends = np.concatenate([keys for keys, _ in found] or [np.zeros(0, np.int64)])
            return np.concatenate([keys - (n - 1) for keys, n in found] or [ends]), ends

        @cache
        def begins(unit: str) -> np.ndarray:
            """Where the documents' sentences, paragraphs or segments begin: once a unit, not a link."""
            breaks = self._breaks(unit)
            return _keys(_within(breaks, docs)).astype(np.int64) if breaks else np.zeros(0, np.int64)

        def occurrences(part: Link | int) -> tuple[np.ndarray, np.ndarray]:
            if isinstance(part, int):
                return operand(node.words[part])
            (a_starts, a_ends), (b_starts, b_ends) = occurrences(part.left), occurrences(part.right)
            if self.deadline.check():  # (out of time: the chain holds nowhere, and the search is partial)
                return a_ends[:0], a_ends[:0]
            if part.unit:
                a_units, b_units = (
                    np.searchsorted(begins(part.unit), ends, "right") for ends in (a_ends, b_ends)
                )
                a_near, b_near = np.isin(a_units, b_units), np.isin(b_units, a_units)
            else:
                n = part.distance
                a_near = _held(np.sort(b_starts), a_ends + 1, a_ends + n)  # (b after a)
                b_near = _held(np.sort(a_ends), b_starts - n, b_starts - 1)
                if not part.ordered:  # (or b before a)
                    a_near |= _held(np.sort(b_ends), a_starts - n, a_starts - 1)
                    b_near |= _held(np.sort(a_starts), b_ends + 1, b_ends + n)
            starts = np.concatenate([a_starts[a_near], b_starts[b_near]])
            return _each_once(starts, np.concatenate([a_ends[a_near], b_ends[b_near]]))

        assert node.link is not None
        return _documents(np.sort(occurrences(node.link)[1]).astype(np.uint64))

    def _breaks(self, unit: str) -> Postings | None:
        """Where each sentence ("s"), paragraph ("p") or segment ("g": the headline, then the
        text, each document's first two paragraphs) begins, as postings of the breaks field."""
        read = self._read(BREAKS_FIELD, "p" if unit == "g" else unit, True)
        if read is None or unit != "g":
            return read.postings if read is not None else None
        return _postings_of(self._in_segment(read.postings, 2))  # (the breaks in the first two)

    def _by_length(self, node: Within, word: str) -> list[tuple[Postings, int]]:
        """An operand's postings (where it ends) by how many words its spellings have: one list
        for a word, a phrase or a group of either, two for a group of both (Within.by_length)."""
        found = []
        for length, spelled in node.by_length(word):
            read = self._read(node.fieldname, word, True, spelled)
            if read is not None:
                found.append((self._segment(node, read.postings), length))
        return found

    def _segment(self, node: q.Phrase, postings: Postings) -> Postings:
        """A connector's operand's postings in its segment (Within.segment), if it has one."""
        segment = getattr(node, "segment", None)
        return postings if segment is None else _postings_of(self._in_segment(postings, segment))

    def _word_in(self, read: Read, docs: np.ndarray, boost: float) -> Matches:
        """A word's matches in just the documents `docs` (ascending), scored as the word."""
        postings = read.postings.keep(_member(read.postings.ids.astype(np.uint64), docs))
        return Matches.of(self.count, postings.ids, read.scorer(postings) * boost)

    def passage(self, node: Passage) -> Matches:
        """Each document's best passage: the most IDF (times each word's weight) that distinct
        words of the query add up to within `node.window` consecutive positions. A passage
        begins at an occurrence; a word is in it if its next occurrence falls inside."""
        if len(node.words) < 2:  # one word: every document that has it has the same passage
            return Matches.none(self.count)
        found = []
        for word, weight in zip(node.words, node.weights, strict=True):
            read = self._read(node.fieldname, word, True, node.spellings.get(word, ()))
            if read is not None and len(read.postings.ids):
                found.append((_keys(read.postings), weight * read.idf))
        if len(found) < 2:
            return Matches.none(self.count)
        starts = np.sort(np.concatenate([keys for keys, _ in found]))
        value = np.zeros(len(starts))
        for keys, worth in found:
            at = np.minimum(np.searchsorted(keys, starts), len(keys) - 1)
            value += worth * ((keys[at] >= starts) & (keys[at] - starts < np.uint64(node.window)))
        docs = (starts >> np.uint64(32)).astype(np.int64)
        first = np.flatnonzero(np.diff(docs, prepend=-1))  # each document's first start
        return Matches.of(self.count, docs[first], np.maximum.reduceat(value, first) * node.boost)

    def _read(
        self, fieldname: str, word: str, positions: bool = False, spellings: Spelled = ()
    ) -> Read | None:
        """A word's postings (just those of the chosen documents, if any), in any of its
        `spellings` if it has several; None if it never occurs or the search has run out of time."""
        read = self._all(fieldname, word, positions, spellings)
        if read is None or self.only is None:
            return read
        return Read(read.postings.keep(self.only[read.postings.ids]), read.idf, read.scorer)

    def _all(self, fieldname: str, word: str, positions: bool, spellings: Spelled = ()) -> Read | None:
        """_read's postings of every document: read once a search, and kept for the next ones
        unless the search ran out of time while reading them."""
        key: ReadKey = (fieldname, word, positions, spellings)
        if key not in self.reads:
            read = self.stats.reads.get(key)
            if read is None:
                read = (
                    self.spelled(fieldname, spellings)
                    if spellings
                    else self._postings(fieldname, word, positions)
                )
                if read is not None and not self.deadline.passed:
                    self.stats.reads.put(key, read)
            self.reads[key] = read
        return self.reads[key]

    def spelled(self, fieldname: str, spellings: Spelled) -> Read | None:
        """A word's postings in any of its spellings, as one word's: each a word ("nonprofit",
        which indexing also adds at the last part of "non-profit"; "Kyiv") or words side by side
        ("non profit"; "Soviet Union", where its last word stands). So "Coca Cola" counts as
        "Coca-Cola" does, and a synonym's IDF is that of every spelling (Spellings)."""
        if len(spellings) == 1 and len(spellings[0]) == 1:  # (one word: its own postings, not re-sorted)
            return self._all(fieldname, spellings[0][0], True)
        keys = []
        for spelling in spellings:
            reads = [self._all(fieldname, stem, True) for stem in spelling]
            if all(read is not None for read in reads):
                postings = [read.postings for read in reads]
                keys.append(_keys(postings[0]) if len(postings) == 1 else _ends(postings, slop=1))
        if not keys:
            return None
        postings = _postings_of(np.unique(np.concatenate(keys)))
        boost = self.s.schema[fieldname].format.field_boost  # (as indexing weighs a title's words)
        postings.weights *= boost
        return self._scored(fieldname, postings)

    def _postings(self, fieldname: str, word: str, positions: bool) -> Read | None:
        if self.deadline.check():
            return None
        field = self.s.schema[fieldname] if fieldname in self.s.schema else None
        try:
            text = field.to_bytes(word) if field else None
        except ValueError:
            return None
        if text is None:
            return None
        parts = []
        for sub, offset in self.segments:
            try:
                matcher = sub.reader().postings(fieldname, text)
            except TermNotFound:
                continue
            if isinstance(matcher, FilterMatcher):  # deleted documents: score_all drops them
                matcher = matcher.child
                matcher.reset()  # (the filter had skipped the deleted ones up to the first live one)
            parts.append(read_postings(matcher, positions).shifted(offset))
        if not parts:
            return None
        return self._scored(fieldname, Postings.joined(parts))

    def _scored(self, fieldname: str, postings: Postings) -> Read:
        """The postings with their IDF and BM25F score function."""
        field = self.s.schema[fieldname]
        # Every posting was read, deleted documents' too: their count is the document frequency.
        # (Whoosh's Searcher.idf would look it up again, and cache it for every word ever asked.)
        idf = self.s.weighting.idf_of(len(postings.ids), self.count)
        if not field.scorable:  # no lengths: Whoosh scores the weight itself
            return Read(postings, idf, lambda p: p.weights)
        k1, norms = self.s.weighting.K1, self.stats.norms(self.s, fieldname)
        return Read(postings, idf, lambda p: idf * ((p.weights * (k1 + 1)) / (p.weights + norms[p.ids])))

    def whoosh(self, node: q.Query) -> Matches:
        """Any other query, through Whoosh's own matcher in each segment."""
        docs, scores = [], []
        for sub, offset in self.segments:
            matcher = node.matcher(sub, sub.context())
            while matcher.is_active() and (len(docs) % 256 or not self.deadline.check()):
                docs.append(offset + matcher.id())
                scores.append(matcher.score())
                matcher.next()
        return Matches.of(self.count, np.array(docs, np.int64), np.array(scores))


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_set` (ascending): a mask."""
    if not len(sorted_set):
        return np.zeros(len(values), bool)
    at = np.searchsorted(sorted_set, values)
    return sorted_set[np.minimum(at, len(sorted_set) - 1)] == values


def _within(postings: Postings, docs: np.ndarray) -> Postings:
    """Just the postings of the documents in `docs` (ascending)."""
    return postings.keep(_member(postings.ids, docs))


def _ends(words: list[Postings], slop: int) -> np.ndarray:
    """Where Whoosh's ordered phrase of `words` ends (each word 1 to `slop` positions after the
    previous one), as keys document << 32 | position, in the documents that hold every word."""
    docs = _common(words)
    ends, *rest = [_keys(_within(w, docs)) for w in words]
    for there in rest:  # the positions with a reachable one at most `slop` before them
        if not len(ends):
            break
        before = ends[np.maximum(np.searchsorted(ends, there) - 1, 0)]
        ends = there[(before < there) & (there - before <= slop)]
    return ends


def _common(words: list[Postings]) -> np.ndarray:
    """The documents that hold every one of `words` (ascending)."""
    return reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True), (w.ids for w in words))


def _near(words: list[Postings], distance: int) -> np.ndarray:
    """The documents where Near's words stand within `distance` moves of the phrase: each
    word's positions less its place in the phrase (plus their number, to stay unsigned), and a
    window of `distance` from one of them that holds one of every word's."""
    docs = _common(words)
    shifted = [_keys(_within(w, docs)) + np.uint64(len(words) - i) for i, w in enumerate(words)]
    starts = np.sort(np.concatenate(shifted))
    near = np.ones(len(starts), bool)
    for keys in shifted:  # (a key from another document is at least 2**32 - positions away)
        if not len(keys):
            return np.zeros(0, np.uint64)
        at = np.searchsorted(keys, starts)
        following = keys[np.minimum(at, len(keys) - 1)]
        near &= (at < len(keys)) & (following - starts <= np.uint64(distance))
    return _documents(starts[near])


def _apart(words: list[Postings], lengths: list[int], distance: int, ordered: bool) -> np.ndarray:
    """The documents where the second of two operands begins 1 to `distance` positions after
    the first ends, or (not `ordered`) the first after the second. Each operand's postings are
    where it ends (a phrase's last word); it begins `lengths` - 1 before."""
    (a, b), (a_words, b_words) = words, lengths
    docs = _documents(_ends([a, _shifted(b, 1 - b_words)], distance))
    if ordered:
        return docs
    return np.union1d(docs, _documents(_ends([b, _shifted(a, 1 - a_words)], distance)))


def _held(keys: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Whether the ascending `keys` hold one from each `low` to its `high`, both included."""
    return np.searchsorted(keys, high, "right") > np.searchsorted(keys, low, "left")


def _shifted(postings: Postings, by: int) -> Postings:
    """The postings with every position moved `by` (to a phrase's first word from its last)."""
    assert postings.counts is not None and postings.positions is not None
    moved = (postings.positions.astype(np.int64) + by).astype(np.uint32)
    return Postings(postings.ids, postings.weights, postings.counts, moved)


def _together(words: list[Postings], breaks: Postings) -> np.ndarray:
    """The documents where the words stand in one sentence or paragraph, which begin at the
    positions of `breaks` (one at each document's 0): a key's unit is the last break at or
    before it, numbered across the index."""
    docs = _common(words)
    starts = _keys(_within(breaks, docs))
    units = [np.searchsorted(starts, _keys(_within(w, docs)), "right") for w in words]
    shared = reduce(np.intersect1d, units)
    return _documents(starts[shared - 1])


def _firsts(*sorted_values: np.ndarray) -> np.ndarray:
    """Where each run of equal values (equal in every array) begins, as a mask."""
    first = np.zeros(len(sorted_values[0]), bool)
    first[:1] = True
    for values in sorted_values:
        first[1:] |= values[1:] != values[:-1]
    return first


def _each_once(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Occurrences (where each begins and ends) less repeats, by where they end (a lexical sort
    of the nearly sorted keys: np.unique(axis=1) took 100x as long)."""
    order = np.lexsort((starts, ends))
    starts, ends = starts[order], ends[order]
    first = _firsts(ends, starts)
    return starts[first], ends[first]


def _documents(keys: np.ndarray) -> np.ndarray:
    """The documents of ascending keys, each once (np.unique would hash them: 8x slower)."""
    docs = keys >> np.uint64(32)
    return docs[_firsts(docs)]


def _postings_of(keys: np.ndarray) -> Postings:
    """The postings of ascending keys, each weighing its count."""
    docs = keys >> np.uint64(32)
    firsts = np.flatnonzero(_firsts(docs))
    counts = np.diff(np.append(firsts, len(keys)))
    positions = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return Postings(docs[firsts].astype(np.uint32), counts.astype(np.float64), counts, positions)


def _keys(postings: Postings) -> np.ndarray:
    """document << 32 | position for each position, ascending (postings and their positions are)."""
    assert postings.counts is not None and postings.positions is not None
    owners = np.repeat(postings.ids.astype(np.uint64), postings.counts)
    return (owners << np.uint64(32)) | postings.positions.astype(np.uint64)
