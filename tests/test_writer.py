"""NewsWriter and NewsText write segments that hold exactly what Whoosh's own writer and TEXT put
in theirs: the same files byte for byte, except the postings (arrays rather than pickles, see
codec.py) and the uncompressed stored fields, which read back the same through Whoosh's reader."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.base import Codec
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT
from whoosh.writing import SegmentWriter

from searchapp.analysis import VALUE_GAP
from searchapp.codec import read_postings
from searchapp.readers import discover, read_file
from searchapp.schema import NewsText, build_schema, to_document
from searchapp.writer import WRITER_OPTIONS, NewsWriter

from .conftest import SEEDS

WORDS = "grain wheat the of exports price prices farmers Zürich’s U.N. 2,000 it's a record free-trade non-profit".split()


def _documents() -> list[dict]:
    """The seed articles, then 400 generated ones: "grain" and "the" span several postings blocks
    (with BLOCK_POSTINGS made small), some fields are missing, titles are boosted."""
    docs = [to_document(a) for rel in discover(SEEDS)[0] for a in read_file(SEEDS, rel, {}).articles]
    rng = random.Random(3)
    for i in range(400):
        doc = {
            "id": f"g{i}",
            "source": f"gen.jsonl#{i}",
            "file": "gen.jsonl",
            "title": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 5))),
            "body": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 60))),
        }
        doc["exact"] = (doc["title"], doc["body"])
        if i % 3:
            doc |= {
                "outlet": "Moscow Times",
                "outlet_exact": "Moscow Times",
                "date": datetime(2025, 1, 1 + i % 28),
            }
        docs.append(doc)
    return docs


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WRITER_OPTIONS["codec"], "_blocklimit", 64)


_FILLER = "gapfiller"  # (in no document)


def _joined(value: str | tuple[str, ...]) -> str:
    """A field's texts as one, VALUE_GAP filler words apart."""
    return value if isinstance(value, str) else f" {' '.join([_FILLER] * VALUE_GAP)} ".join(value)


def _whooshs_index(self: NewsText, value: str | tuple[str, ...], **kwargs: object) -> Iterator[tuple]:
    """Whoosh's analysis path, Token by Token, with the texts of a field VALUE_GAP positions
    apart, and Lucene's discountOverlaps: a token at the position of the one before it (a
    compound written as one word) is left out of the field's length."""
    text = _joined(value)
    overlaps: Counter[str] = Counter()
    previous = None
    for token in self.analyzer(text, positions=True):
        overlaps[token.text] += token.pos == previous
        previous = token.pos
    for word, length, weight, encoded in TEXT.index(self, text, **kwargs):
        if word != _FILLER.encode():
            yield word, length - overlaps[word.decode("utf-8")], weight, encoded


def _segment(folder: Path, writer_class: type[SegmentWriter], docs: list[dict], codec: Codec) -> None:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, **(WRITER_OPTIONS | {"codec": codec}))
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()


def _whooshs_codec() -> W3Codec:
    return W3Codec(blocklimit=64, compression=0)


def _assert_same_segments(ours: Path, theirs: Path) -> None:
    """The same files but postings, term table and stored fields; the same stored fields, terms,
    term statistics and postings (document numbers, weights, positions) read through Whoosh's reader."""
    files = {folder: _segment_files(folder) for folder in (ours, theirs)}
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(files[ours])
    assert files[ours].keys() == files[theirs].keys()
    for kind in files[ours].keys() - {"pst", "trm", "_stored.col"}:
        assert files[ours][kind] == files[theirs][kind], kind
    readers = [whoosh_index.open_dir(str(folder)).reader() for folder in (ours, theirs)]
    assert list(readers[0].all_stored_fields()) == list(readers[1].all_stored_fields())
    terms = [list(reader.all_terms()) for reader in readers]
    assert terms[0] == terms[1] and len(terms[0]) > 1000
    for fieldname, text in terms[0]:
        infos = [reader.term_info(fieldname, text) for reader in readers]
        assert [_statistics(info) for info in infos[:1]] == [_statistics(info) for info in infos[1:]]
        postings = [_items(reader, fieldname, text) for reader in readers]
        assert postings[0] == postings[1], (fieldname, text)
    for reader in readers:
        reader.close()


def _statistics(info: object) -> tuple:
    return (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())


def _items(reader: object, fieldname: str, text: bytes) -> list[tuple]:
    matcher = reader.postings(fieldname, text)
    positions = matcher.supports("positions")
    items = []
    while matcher.is_active():
        value = matcher.value_as("positions") if positions else None
        items.append((matcher.id(), matcher.weight(), value))
        matcher.next()
    return items


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The contents of the index's only segment's files, by kind: <segment id>.<kind>."""
    (segment,) = whoosh_index.open_dir(str(folder))._segments()
    paths = folder.glob(f"{segment.segment_id()}.*")
    return {path.name.split(".", 1)[1]: path.read_bytes() for path in paths}


def test_segments_hold_what_whooshs_hold(tmp_path, monkeypatch):
    docs = _documents()
    _segment(tmp_path / "ours", NewsWriter, docs, WRITER_OPTIONS["codec"])
    monkeypatch.setattr(NewsText, "index", _whooshs_index)
    _segment(tmp_path / "whoosh", SegmentWriter, docs, _whooshs_codec())
    _assert_same_segments(tmp_path / "ours", tmp_path / "whoosh")


def test_array_postings_read_by_numpy_equal_whooshs_reading(tmp_path):
    docs = _documents()
    _segment(tmp_path / "ix", NewsWriter, docs, WRITER_OPTIONS["codec"])
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        for fieldname, text in [
            ("body", b"grain"),
            ("exact", b"the"),
            ("exact", b"zurich"),
            ("outlet_exact", b"Moscow Times"),
        ]:
            expected = _items(reader, fieldname, text)
            assert len(expected) > 64  # several blocks
            positions = expected[0][2] is not None
            found = read_postings(reader.postings(fieldname, text), positions=positions)
            assert found.ids.tolist() == [d for d, _, _ in expected]
            assert found.weights.tolist() == [w for _, w, _ in expected]
            if positions:
                assert found.counts.tolist() == [len(p) for _, _, p in expected]
                assert found.positions.tolist() == [p for _, _, ps in expected for p in ps]


def test_merged_segments_hold_what_whooshs_hold(tmp_path):
    """Merging (as an incremental build's commit may do) goes through the same pool."""
    docs = _documents()
    folder = tmp_path / "ix"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    for first in range(0, len(docs), 100):  # five segments
        writer = NewsWriter(ix, **WRITER_OPTIONS)
        for doc in docs[first : first + 100]:
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = NewsWriter(ix, **WRITER_OPTIONS)
    writer.delete_by_term("id", "g7")
    writer.commit(merge=False)
    merged = {}
    for name, writer_class in [("ours", NewsWriter), ("whoosh", SegmentWriter)]:
        copy = shutil.copytree(folder, tmp_path / name)
        codec = WRITER_OPTIONS["codec"] if name == "ours" else _whooshs_codec()
        writer = writer_class(whoosh_index.open_dir(str(copy)), **(WRITER_OPTIONS | {"codec": codec}))
        writer.commit(optimize=True)
        merged[name] = copy
    _assert_same_segments(merged["ours"], merged["whoosh"])
