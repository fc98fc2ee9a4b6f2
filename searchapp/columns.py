"""Per-document values read as whole arrays, once per index generation: outlets, dates, which
articles are live, and which are copies of one text.

Whoosh reads a column value by value (5 µs each); these read each segment's column data in one
go, through the codec's private reader attributes (_dbfile, _basepos, _count, _fixedlen,
_typecode, _default; setup.cfg pins whoosh-reloaded to 2.7.x), and tests/test_index.py checks
them against Whoosh's own reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from whoosh.columns import FixedBytesColumn, NumericColumn, RefBytesColumn
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from . import copies
from .article import author_names

GROUPS_NAME = "copies.npy"  # in a generation: each document's text group (text_groups)


def live_documents(reader: IndexReader) -> np.ndarray:
    """Which documents are not deleted (incremental rebuilds delete those of changed files): a
    mask (asking each document took 10 ms at 19k articles)."""
    live = np.ones(reader.doc_count_all(), bool)
    for segment, offset in reader.leaf_readers():
        if segment.has_deletions():
            live[offset + np.fromiter(segment.deleted_docs_set, np.int64)] = False
    return live


def text_groups(reader: IndexReader, live: np.ndarray) -> np.ndarray:
    """Each document's text: the same number for the live articles of one text, word for word
    or nearly, or of one address (copies.groups); deleted ones join none. At 95k articles of
    distinct texts this takes ~150 ms and ~40 MB, so the rebuild does it once and stores it with
    the generation (save_text_groups) rather than every server worker at every rebuild."""
    keys, urls = (
        np.concatenate([_numbers(segment, name) for segment, _ in reader.leaf_readers()])
        for name in ("text_key", "url_key")
    )
    signatures = _signatures(reader, len(live))
    signatures[~live] = 0  # (a deleted article joins nothing)
    return copies.groups(np.where(live, keys, 0), signatures, np.where(live, urls, 0))


def save_text_groups(generation: Path, reader: IndexReader) -> None:
    np.save(generation / GROUPS_NAME, text_groups(reader, live_documents(reader)))


class Columns:
    """Each document's outlet (a number into `outlets`), author line (into `bylines`, whose
    people are `people`: the pairs (byline, person) of `byline_of` and `person_of`), day (its
    ordinal; 0 when undated), time (NaN when undated), when it was first indexed, text (the
    same number for the `live` copies of one text, below `texts`: text_groups, as the rebuild
    stored them with the generation) and address (copies.url_key), read once per index
    generation and shared by threads: filters, facets, sorts and the folding of copies are array
    operations on these."""

    def __init__(self, s: Searcher, live: np.ndarray, generation: Path) -> None:
        reader = s.reader()
        numbers: dict[str | None, int] = {None: 0}
        self.outlet = np.concatenate(
            [_refs(segment, "outlet_exact", numbers) for segment, _ in reader.leaf_readers()]
        )
        self.outlets = list(numbers)
        bylines: dict[str | None, int] = {None: 0}
        self.byline = np.concatenate(
            [_refs(segment, "author_exact", bylines) for segment, _ in reader.leaf_readers()]
        )
        people: dict[str, int] = {}
        pairs = [
            (n, people.setdefault(name, len(people)))
            for line, n in bylines.items()
            if line
            for name in author_names(line)
        ]
        self.people = list(people)
        self.byline_of = np.array([b for b, _ in pairs], np.int64)
        self.person_of = np.array([p for _, p in pairs], np.int64)
        self.bylines = len(bylines)
        # Microseconds since 0001-01-01 (whoosh.util.times.datetime_to_long); 0 when undated.
        micros = np.concatenate([_numbers(segment, "date") for segment, _ in reader.leaf_readers()])
        dated = micros > 0
        self.day = np.where(dated, micros // 86_400_000_000 + 1, 0)
        self.stamp = np.where(dated, micros / 1e6, np.nan)
        added = [_numbers(segment, "added") for segment, _ in reader.leaf_readers()]
        self.added = np.concatenate(added) / 1e6  # when first indexed (0: by an earlier version)
        stored = generation / GROUPS_NAME
        self.text = np.load(stored) if stored.is_file() else text_groups(reader, live)  # (none: built before)
        self.texts = int(self.text.max(initial=-1)) + 1
        self.repeated = np.bincount(self.text, minlength=self.texts)[self.text] > 1  # has copies
        self.address = np.concatenate([_numbers(segment, "url_key") for segment, _ in reader.leaf_readers()])


def _refs(segment: Any, fieldname: str, numbers: dict[str | None, int]) -> np.ndarray:
    """A RefBytesColumn's values in one segment as numbers into `numbers` (None, then each value
    as first met), read as one array: value by value, the outlets were a third of the first
    search after each rebuild (25 ms at 19k articles)."""
    values = np.zeros(segment.doc_count_all(), np.int64)
    if segment.has_column(fieldname):
        column: RefBytesColumn.Reader = segment.column_reader(fieldname, translate=False)
        refs = _fixed_width(column, column._doccount, column._itemsize, column._typecode)
        known = [numbers.setdefault(v.decode("utf-8") or None, len(numbers)) for v in column._uniques]
        values[: len(refs)] = np.array(known, np.int64)[refs]
    return values


def _numbers(segment: Any, fieldname: str) -> np.ndarray:
    """A numeric column's raw values in one segment, read as one array: value by value, the
    dates were half of the first search after each rebuild (90 ms at 19k articles)."""
    values = np.zeros(segment.doc_count_all(), np.int64)
    if fieldname in segment.schema and segment.has_column(fieldname):  # (an earlier version's index)
        column: NumericColumn.Reader = segment.column_reader(fieldname, translate=False)
        stored = min(column._count, len(values))  # (documents past the last value have none)
        values[:stored] = _fixed_width(column, stored, column._fixedlen, column._typecode)
        values[stored:] = column._default
    return values


def _signatures(reader: Any, count: int) -> np.ndarray:
    """The copies.marks signature of each of the `count` documents, a row of zeros for none,
    read segment by segment into one array (24 MB at 95k articles: no copy of it)."""
    values = np.zeros((count, copies.HASHES), np.uint32)
    for segment, offset in reader.leaf_readers():
        if "signature" in segment.schema and segment.has_column("signature"):
            column: FixedBytesColumn.Reader = segment.column_reader("signature", translate=False)
            stored = min(column._count, segment.doc_count_all())
            signed = _fixed_width(column, stored, column._fixedlen, "u4").reshape(stored, copies.HASHES)
            values[offset : offset + stored] = signed
    return values


def _fixed_width(column: Any, count: int, width: int, typecode: str) -> np.ndarray:
    """The first `count` values of a column reader's fixed-width data, as Whoosh writes them
    (big-endian), in one array."""
    return np.frombuffer(column._dbfile.get(column._basepos, count * width), ">" + typecode)
