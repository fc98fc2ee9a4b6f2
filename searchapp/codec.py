"""Whoosh's on-disk format with postings stored as arrays, and field lengths read in one go.

Whoosh 2.7 pickles each block of postings as tuples of delta-coded ids and float weights, and
each posting's positions as a pickled list: reading a common word's postings at 95k articles
made a Python object per posting and took ~100 ms. Here a block's document numbers, weights and
positions are little-endian arrays that `read_postings` turns into numpy arrays without a loop
(~3 ms for the same word). The block framing, the term information and every other file stay
Whoosh's, so Whoosh's own matchers, merging and statistics work unchanged (`PostingsMatcher`).

Stored fields are pickled but not compressed: zlib saved a third of ~1.2 KB an article and
took 14 of the 34 us it costs to load one, ten times a results page.

Whoosh also reads a document's field length with a seek and a one-byte read, for every posting
when it writes a segment and for every document BM25 normalises; `field_lengths` reads a
field's column at once. Segments keep a reference to their codec and fields to their format:
these classes must stay importable under these names.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    STORED_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.columns import Column, PickleColumn, VarBytesColumn
from whoosh.compat import dumps
from whoosh.formats import Positions
from whoosh.util.numeric import byte_to_length, length_to_byte

_LENGTHS = [byte_to_length(b) for b in range(256)]
_U32, _F32 = np.dtype("<u4"), np.dtype("<f4")
BLOCK_POSTINGS = 1024  # postings per block (Whoosh: 128); fewer blocks, less per-block work
_STORED_COLUMN = PickleColumn(VarBytesColumn())  # Whoosh's, less the compression


def _column(column: Column) -> Column:
    return _STORED_COLUMN if column is STORED_COLUMN else column


def array_bytes(values: Iterable[Any], typecode: str) -> bytes:
    """Values as a little-endian array of 4-byte items ('I' or 'f')."""
    items = array(typecode, values)
    if sys.byteorder == "big":
        items.byteswap()
    return items.tobytes()


def bytes_array(data: bytes, typecode: str) -> array:
    """The array that `array_bytes` wrote."""
    items = array(typecode)
    items.frombytes(data)
    if sys.byteorder == "big":
        items.byteswap()
    return items


class NewsPositions(Positions):
    """A word's positions in a document as an array of 32-bit integers, so that a postings
    block's positions are one array."""

    def encode(self, poslist: Iterable[int]) -> bytes:
        return array_bytes(poslist, "I")

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return bytes_array(valuestring, "I").tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


class NewsCodec(W3Codec):
    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_POSTINGS, compression=0)

    def postings_writer(self, dbfile, byteids=False) -> W3PostingsWriter:  # type: ignore[no-untyped-def]
        if byteids:  # term vectors, which the schema does not keep
            return super().postings_writer(dbfile, byteids)
        return PostingsWriter(dbfile, self._blocklimit, compression=0, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None) -> Any:  # type: ignore[no-untyped-def]
        if terminfo.is_inlined():  # a word in one document: its posting is in the term table
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return PostingsMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def per_document_writer(self, storage, segment) -> W3PerDocWriter:  # type: ignore[no-untyped-def]
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment) -> W3PerDocReader:  # type: ignore[no-untyped-def]
        return _PerDocReader(storage, segment)


# A block's data, after Whoosh's block header: n document numbers (u32), n weights (f32), and
# for formats with values, n value lengths in bytes (u32) followed by the values.


class PostingsWriter(W3PostingsWriter):
    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids, values = self._ids, self._values
        data = [array_bytes(ids, "I"), array_bytes(self._weights, "f")]
        if self._format.fixed_value_size() != 0:
            if len(values) != len(ids):
                raise ValueError(f"{len(ids)} postings with {len(values)} values")
            data += [array_bytes(map(len, values), "I"), *values]
        lengths = length_to_byte(self._minlength), length_to_byte(self._maxlength)
        infobytes, databytes = dumps((len(ids), ids[-1], self._maxweight, 0, *lengths), 2), b"".join(data)
        size = len(infobytes) + len(databytes)
        self._postfile.write_int(-size if last else size)  # negative: the term's last block
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class PostingsMatcher(W3LeafMatcher):
    """Whoosh's block matcher, reading array blocks."""

    def _read_data(self) -> None:
        self._data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = bytes_array(self._data[: 4 * self._blocklength], "I")

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        n = self._blocklength
        self._weights = bytes_array(self._data[4 * n : 8 * n], "f")

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        n, data = self._blocklength, self._data
        if self._fixedsize == 0:
            self._values = (None,) * n
            return
        values, at = [], 12 * n
        for length in bytes_array(data[8 * n : 12 * n], "I"):
            values.append(data[at : at + length])
            at += length
        self._values = values


@dataclass
class Postings:
    """One word's postings as arrays, in document order; `counts` and `positions` (each
    posting's positions, one posting after another) only when asked for."""

    ids: np.ndarray
    weights: np.ndarray
    counts: np.ndarray | None = None
    positions: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.ids, self.weights, self.counts, self.positions) if a is not None)

    def keep(self, rows: np.ndarray) -> Postings:
        """Just the postings where `rows` (a mask over them) is true."""
        if self.counts is None or self.positions is None:
            return Postings(self.ids[rows], self.weights[rows])
        positions = self.positions[np.repeat(rows, self.counts)]
        return Postings(self.ids[rows], self.weights[rows], self.counts[rows], positions)

    def shifted(self, offset: int) -> Postings:
        """The postings with document numbers `offset` on (a segment's, in the whole index)."""
        return Postings(self.ids + offset, self.weights, self.counts, self.positions) if offset else self

    @staticmethod
    def joined(parts: list[Postings]) -> Postings:
        """Postings of consecutive segments as one."""
        if len(parts) == 1:
            return parts[0]
        found = Postings(np.concatenate([p.ids for p in parts]), np.concatenate([p.weights for p in parts]))
        if all(p.counts is not None and p.positions is not None for p in parts):
            found.counts = np.concatenate([p.counts for p in parts])
            found.positions = np.concatenate([p.positions for p in parts])
        return found


def read_postings(matcher: Any, positions: bool = False) -> Postings:
    """The rest of a matcher's postings: a block at a time from this codec's files, a posting at
    a time from anything else (a word in one document has its posting in the term table)."""
    if isinstance(matcher, PostingsMatcher):
        blocks = []
        while matcher.is_active():
            matcher._read_data()
            blocks.append((matcher._blocklength, matcher._data))
            matcher._next_block()
        found = Postings(
            _joined(np.frombuffer(data, _U32, n) for n, data in blocks),
            _joined(np.frombuffer(data, _F32, n, 4 * n) for n, data in blocks).astype(np.float64),
        )
        if positions:
            found.counts = _joined(np.frombuffer(data, _U32, n, 8 * n) for n, data in blocks) // 4
            found.positions = _joined(np.frombuffer(data, _U32, offset=12 * n) for n, data in blocks)
        return found
    ids, weights, values = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if positions:
            values.append(matcher.value_as("positions"))
        matcher.next()
    found = Postings(np.array(ids, np.uint32), np.array(weights, np.float64))
    if positions:
        found.counts = np.array([len(v) for v in values], np.uint32)
        found.positions = np.array([p for v in values for p in v], np.uint32)
    return found


def _joined(arrays: Iterable[np.ndarray]) -> np.ndarray:
    parts = list(arrays)
    return np.concatenate(parts) if parts else np.zeros(0, _U32)


class _PerDocWriter(W3PerDocWriter):
    def _create_column(self, fieldname: str, column: Column) -> None:
        super()._create_column(fieldname, _column(column))


class _PerDocReader(W3PerDocReader):
    def __init__(self, storage, segment) -> None:  # type: ignore[no-untyped-def]
        super().__init__(storage, segment)
        self._all_lengths: dict[str, list[int | None] | None] = {}

    def _cached_reader(self, fieldname: str, column: Column) -> Any:
        return super()._cached_reader(fieldname, _column(column))

    def field_lengths(self, fieldname: str) -> list[int | None] | None:
        """Each document's length in the field (None for 0, like Whoosh) as far as the last
        document with one; None when the field keeps no lengths."""
        lengths = self._all_lengths
        if fieldname not in lengths:
            column = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            raw = column._dbfile.get(column._basepos, column._count) if column is not None else None
            lengths[fieldname] = None if raw is None else [_LENGTHS[b] if b else None for b in raw]
        return lengths[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        found = self.field_lengths(fieldname)
        if found is None:
            return default
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum} of {self._doccount}")
        return found[docnum] if docnum < len(found) else None
