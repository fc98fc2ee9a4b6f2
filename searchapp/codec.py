"""Whoosh's on-disk format, with each segment's field lengths read into memory in one go.

Whoosh reads a document's field length with a seek and a one-byte read, and does so for every
posting when it writes a segment and for every document BM25 normalises: an eighth of a build's
time at 9,500 articles. Segments keep a reference to their codec, so this class must stay
importable under this name.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length

_LENGTHS = [byte_to_length(b) for b in range(256)]


class NewsCodec(W3Codec):
    def per_document_reader(self, storage, segment) -> W3PerDocReader:  # type: ignore[no-untyped-def]
        return _PerDocReader(storage, segment)


class _PerDocReader(W3PerDocReader):
    def __init__(self, storage, segment) -> None:  # type: ignore[no-untyped-def]
        super().__init__(storage, segment)
        self._all_lengths: dict[str, list[int | None] | None] = {}

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
