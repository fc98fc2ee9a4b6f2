"""Score every document a query matches, in one pass over its postings.

Whoosh's collectors walk a tree of matchers document by document, about 5 µs of Python per
posting, and news queries are OR-ed words whose postings run to thousands of documents. Here
each word's postings are read a block at a time (Whoosh 2.7's W3 blocks) and their BM25F scores
added into a dict: the same sums several times faster, and the keys are the whole match set
(total and facets) from the same pass. Phrases check positions only where all their words
occur. Anything else (ranges, `Every`) goes through Whoosh's own matchers. Every score is the
one Whoosh would give (tests/test_scoring.py compares them).
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

from whoosh import query as q
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

Scores = dict[int, float]


class Deadline:
    """The time a search may take; scoring stops reading postings once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.at = time.perf_counter() + seconds
        self.passed = False

    def check(self) -> bool:
        if not self.passed and time.perf_counter() > self.at:
            self.passed = True
        return self.passed


class Stats:
    """Per-segment figures that every search of one index generation reuses: each document's
    BM25 length normalisation per field, and the deleted documents (incremental rebuilds
    delete the documents of changed files). Filled from the calling thread's own searcher."""

    def __init__(self, s: Searcher) -> None:
        self.deleted = [
            set(range(sub.doc_count_all())) - set(sub.reader().all_doc_ids()) for sub, _ in segments(s)
        ]
        self._norms: dict[tuple[int, str], list[float]] = {}

    def norms(self, s: Searcher, segment: int, fieldname: str) -> list[float]:
        """K1 * ((1 - B) + B * length / average length) for each document, as BM25F computes it."""
        key = (segment, fieldname)
        if key not in self._norms:  # (two threads may both compute it: same result, no harm)
            sub = segments(s)[segment][0]
            reader = sub.reader()
            avgfl = s.avg_field_length(fieldname) or 1
            weighting: BM25F = s.weighting
            k1, b = weighting.K1, weighting._field_B.get(fieldname, weighting.B)
            self._norms[key] = [
                k1 * ((1 - b) + b * (reader.doc_field_length(d, fieldname, 1) or 0) / avgfl)
                for d in range(sub.doc_count_all())
            ]
        return self._norms[key]

    def norms_for(self, s: Searcher, segment: int) -> Callable[[str], list[float]]:
        return lambda fieldname: self.norms(s, segment, fieldname)


def segments(s: Searcher) -> list[tuple[Searcher, int]]:
    """Each segment's searcher with the offset of its document numbers."""
    return [(s, 0)] if s.is_atomic() else list(s.subsearchers)


def score_all(
    s: Searcher, stats: Stats, query: q.Query, deadline: Deadline, only: Collection[int] | None = None
) -> Scores:
    """Every document `query` matches (global document numbers) with its score; with `only`,
    just those of the given documents (postings blocks without any of them are skipped)."""
    found: Scores = {}
    for segment, (sub, offset) in enumerate(segments(s)):
        local_only = None
        if only is not None:
            local_only = sorted(d - offset for d in only if offset <= d < offset + sub.doc_count_all())
            if not local_only:
                continue
        local = _Segment(s, sub, stats.norms_for(s, segment), deadline, local_only).score(query)
        if local_only is not None:  # the postings blocks read for them hold other documents too
            local = {d: local[d] for d in local_only if d in local}
        for d in stats.deleted[segment]:
            local.pop(d, None)
        found.update({d + offset: v for d, v in local.items()} if offset else local)
    return found


class _Segment:
    """Scores a query tree within one segment."""

    def __init__(
        self,
        s: Searcher,
        sub: Searcher,
        norms: Callable[[str], list[float]],
        deadline: Deadline,
        only: list[int] | None,
    ):
        self.s, self.sub, self.norms, self.deadline, self.only = s, sub, norms, deadline, only

    def score(self, node: q.Query) -> Scores:
        kind = type(node)
        if kind is q.Term:
            return self.term(node)
        if isinstance(node, q.Phrase) and self.sub.schema[node.fieldname].format.supports("positions"):
            return self.phrase(node)
        if kind in (q.Or, q.And) and not getattr(node, "scale", None):
            parts = [self.score(child) for child in node.subqueries]
            if not parts:
                return {}
            if kind is q.Or:
                total: Scores = {}
                for part in parts:
                    for d, v in part.items():
                        total[d] = total.get(d, 0.0) + v
            else:
                keys = set.intersection(*(set(part) for part in parts))
                total = {d: sum(part[d] for part in parts) for d in keys}
            # Whoosh applies a compound's boost only when it has more than one part.
            return _boosted(total, node.boost) if len(parts) > 1 else total
        if kind is q.AndMaybe:
            required, optional = self.score(node.a), self.score(node.b)
            return {d: v + optional.get(d, 0.0) for d, v in required.items()}
        if kind is q.AndNot:
            kept, excluded = self.score(node.a), self.score(node.b)
            return {d: v for d, v in kept.items() if d not in excluded}
        if kind is q.Require:
            kept, required = self.score(node.a), self.score(node.b)
            return {d: v for d, v in kept.items() if d in required}
        return self.whoosh(node)

    def term(self, node: q.Term) -> Scores:
        """BM25F over one term's postings, block by block."""
        found = self._postings(node.fieldname, node.text)
        if found is None:
            return {}
        matcher, scorer = found
        scores: Scores = {}
        boost = node.boost
        for ids, weights in _blocks(matcher, self.deadline, self.only):
            for d, tf in zip(ids, weights, strict=True):
                scores[d] = scorer(d, tf) * boost
        return scores

    def phrase(self, node: q.Phrase) -> Scores:
        """Whoosh's ordered phrase (each word 1 to `slop` positions after the previous one),
        scored as the sum of its words' scores, checked only where all the words occur."""
        words = []
        for word in node.words:
            found = self._postings(node.fieldname, word)
            if found is None:
                return {}
            matcher, scorer = found
            postings = {
                d: (tf, value)
                for ids, weights, values in _blocks(matcher, self.deadline, self.only, values=True)
                for d, tf, value in zip(ids, weights, values, strict=True)
            }
            words.append((postings, scorer))
        if not words:
            return {}
        candidates = set.intersection(*(set(postings) for postings, _ in words))
        decode = self.sub.schema[node.fieldname].format.decode_positions
        slop = node.slop
        scores: Scores = {}
        for d in candidates & set(self.only) if self.only is not None else candidates:
            spans = {(p, p) for p in decode(words[0][0][d][1])}
            for postings, _ in words[1:]:
                positions = decode(postings[d][1])  # ascending
                spans = {
                    (start, p)
                    for start, end in spans
                    for p in positions[bisect_right(positions, end) : bisect_right(positions, end + slop)]
                }
            if spans:
                scores[d] = sum(scorer(d, postings[d][0]) for postings, scorer in words) * node.boost
        return scores

    def _postings(self, fieldname: str, word: str) -> tuple[Any, Callable[[int, float], float]] | None:
        """A term's postings matcher and its BM25F score function, or None if it never occurs."""
        field = self.sub.schema[fieldname] if fieldname in self.sub.schema else None
        try:
            text = field.to_bytes(word) if field else None
        except ValueError:
            return None
        reader = self.sub.reader()
        if text is None or (fieldname, text) not in reader:
            return None
        matcher = reader.postings(fieldname, text)
        if isinstance(matcher, FilterMatcher):  # deleted documents: score_all drops them
            matcher = matcher.child
        if not field.scorable:  # no lengths: Whoosh scores the weight itself
            return matcher, lambda d, tf: tf
        idf, k1, norms = self.s.idf(fieldname, text), self.s.weighting.K1, self.norms(fieldname)
        return matcher, lambda d, tf: idf * ((tf * (k1 + 1)) / (tf + norms[d]))

    def whoosh(self, node: q.Query) -> Scores:
        """Any other query, through Whoosh's own matcher."""
        matcher = node.matcher(self.sub, self.sub.context())
        scores: Scores = {}
        while matcher.is_active() and (len(scores) % 256 or not self.deadline.check()):
            scores[matcher.id()] = matcher.score()
            matcher.next()
        return scores


def _boosted(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1.0 else {d: v * boost for d, v in scores.items()}


def _blocks(
    matcher: Any, deadline: Deadline, only: list[int] | None = None, values: bool = False
) -> Iterator[tuple[Sequence, ...]]:
    """A term's postings as blocks of (document numbers, weights[, encoded values]), leaving out
    blocks that hold none of the sorted `only`. Whoosh 2.7's on-disk postings decode a whole
    block at once; anything else is read one posting at a time."""
    if hasattr(matcher, "_read_ids"):
        last = -1  # the previous block's last document
        while matcher.is_active() and not deadline.check():
            top = matcher.block_max_id()
            if only is not None and bisect_right(only, top) == bisect_right(only, last):
                last = top
                matcher._next_block()
                continue
            last = top
            matcher._read_ids()
            matcher._read_weights()
            if values:
                matcher._read_values()
                yield matcher._ids, matcher._weights, matcher._values
            else:
                yield matcher._ids, matcher._weights
            matcher._next_block()
        return
    while matcher.is_active() and not deadline.check():
        yield (matcher.id(),), (matcher.weight(),), *([(matcher.value(),)] if values else [])
        matcher.next()
