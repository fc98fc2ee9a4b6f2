"""Writing new articles into index segments, in forked processes when there are many.

Whoosh's SegmentWriter spends most of a build in per-posting Python: every posting is a tuple
sized and appended to a pool, the pool sorts all of them (and spills to disk past its memory
limit), then each posting passes type checks and block statistics one call at a time. `NewsWriter`
groups postings by term as they arrive (already in document order) and writes each term's
postings a block at a time through the codec's writer (tests/test_writer.py checks that the
segments hold exactly what Whoosh's own writer puts in them).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
from array import array
from collections.abc import Callable, Sequence

from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter
from whoosh.fields import Schema
from whoosh.index import FileIndex
from whoosh.writing import SegmentWriter

from .article import Article
from .codec import NewsCodec
from .schema import to_document

# Segments left as separate files: builds ran ~10% faster (nothing to copy into a compound file).
WRITER_OPTIONS = {"codec": NewsCodec(), "compound": False}
# Articles per segment: bounds a writer's memory (a Reuters article's postings take about 20 KB
# until its segment is written: ~500 MB) while keeping few segments to search.
SEGMENT_ARTICLES = 25_000
PROGRESS_EVERY = 250  # articles between progress messages from a forked writer


class WriterDied(RuntimeError):
    """A forked writer failed or was killed."""


Postings = tuple[array, array, list]  # document numbers, weights, encoded values


class TermPool:
    """Postings by (field, term) in the order they arrive, which is document order."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], Postings] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        postings = self.terms.get((fieldname, btext))
        if postings is None:
            postings = self.terms[fieldname, btext] = (array("I"), array("d"), [])
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(vbytes)

    def cleanup(self) -> None:
        self.terms.clear()


class NewsWriter(SegmentWriter):
    """A SegmentWriter with a TermPool, whose commit also publishes `written`: segments written
    by other writers (see write_segments)."""

    def __init__(self, ix: FileIndex, written: Sequence[Segment] = (), **kwargs: object) -> None:
        super().__init__(ix, **kwargs)
        self.pool = TermPool()
        self.written = list(written)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            _write_postings(self.fieldwriter, self.schema, self.pool.terms, lengths.field_lengths)
        finally:
            lengths.close()
        self.fieldwriter.close()

    def _commit_toc(self, segments: list[Segment]) -> None:
        super()._commit_toc(segments + self.written)


def _write_postings(
    fieldwriter: W3FieldWriter,
    schema: Schema,
    terms: dict[tuple[str, bytes], Postings],
    field_lengths: Callable[[str], list[int | None] | None],
) -> None:
    """Each term's postings, in term order, through the codec's writer a block at a time."""
    fieldname = None
    lengths: list[int | None] | None = None
    for key in sorted(terms):
        if key[0] != fieldname:
            if fieldname is not None:
                fieldwriter.finish_field()
            fieldname = key[0]
            fieldwriter.start_field(fieldname, schema[fieldname])
            lengths = field_lengths(fieldname)
        fieldwriter.start_term(key[1])
        ids, weights, values = terms[key]
        writer: W3PostingsWriter = fieldwriter._postwriter
        size = writer._blocklimit
        for start in range(0, len(ids), size):
            if start:  # a full block before this one: write it, as add_posting would on overflow
                writer._write_block()
            end = start + size
            _buffer_block(writer, ids[start:end], weights[start:end], values[start:end], lengths)
        fieldwriter.finish_term()  # writes the last block
    if fieldname is not None:
        fieldwriter.finish_field()


def _buffer_block(
    writer: W3PostingsWriter, ids: array, weights: array, values: list, lengths: list[int | None] | None
) -> None:
    """Set the block buffer and statistics `W3PostingsWriter.add_posting` would have built."""
    writer._ids = ids
    writer._weights = array("f", weights)
    writer._values = values
    writer._maxweight = max(0, max(weights))
    known = [] if lengths is None else [lengths[d] for d in ids if d < len(lengths) and lengths[d]]
    writer._minlength = min(known, default=None)
    writer._maxlength = max(known, default=0)


Progress = Callable[[int], None]  # articles written so far


def write_segments(
    ix: FileIndex, articles: Sequence[Article], procs: int, progress: Progress
) -> list[Segment]:
    """New segments holding `articles`, in order, written by `procs` forked processes (by this one
    when `procs` is 1). They join the index when a NewsWriter commits them."""
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        progress(done)

    if procs == 1:
        return _write_share(ix, articles, step)
    share = -(-len(articles) // procs)
    shares = [articles[i : i + share] for i in range(0, len(articles), share)]
    children_die_with_us()
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    children = [
        context.Process(target=_child, args=(ix, part, n, messages), daemon=True)
        for n, part in enumerate(shares)
    ]
    for child in children:
        child.start()
    results: dict[int, list[Segment]] = {}
    try:
        while len(results) < len(children):
            try:
                kind, n, value = messages.get(timeout=1)
            except queue.Empty:
                if any(child.exitcode not in (None, 0) for child in children):
                    raise WriterDied("a writer process died") from None
                continue
            if kind == "progress":
                step(value)
            elif kind == "segments":
                results[n] = value
            else:
                raise WriterDied(value)
    finally:
        for child in children:
            if child.is_alive():
                child.kill()
            child.join()
    return [segment for n in sorted(results) for segment in results[n]]


def _child(ix: FileIndex, articles: Sequence[Article], n: int, messages: multiprocessing.Queue) -> None:
    """A forked writer: reports progress, then its segments or why it failed (and exits normally,
    so that an exit code other than 0 means it was killed)."""
    try:
        segments = _write_share(ix, articles, lambda count: messages.put(("progress", n, count)))
    except BaseException as e:
        messages.put(("error", n, f"{type(e).__name__}: {e}"))
    else:
        messages.put(("segments", n, segments))


def _write_share(ix: FileIndex, articles: Sequence[Article], step: Callable[[int], None]) -> list[Segment]:
    """Segments of at most SEGMENT_ARTICLES articles; `step` hears how many were added."""
    segments = []
    for first in range(0, len(articles), SEGMENT_ARTICLES):
        writer = NewsWriter(ix, _lk=False, **WRITER_OPTIONS)
        try:
            batch = articles[first : first + SEGMENT_ARTICLES]
            for done, article in enumerate(batch, start=1):
                writer.add_document(**to_document(article))
                if done % PROGRESS_EVERY == 0 or done == len(batch):
                    step(done % PROGRESS_EVERY or PROGRESS_EVERY)
            segments.append(writer._finalize_segment())
        except BaseException:
            writer.cancel()
            raise
    return segments


_parent_pid: int | None = None


def children_die_with_us() -> None:
    """Have forked writers (and readers: index) killed when this process dies (Linux), so that a
    SIGKILLed rebuild leaves no orphans writing into a generation nobody will publish."""
    global _parent_pid
    if _parent_pid is None and sys.platform == "linux":
        _parent_pid = os.getpid()
        os.register_at_fork(after_in_child=_die_with_parent)


def _die_with_parent() -> None:
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != _parent_pid:  # the parent died before prctl took effect
        os._exit(1)
