"""NewsWriter and NewsText write exactly the segment files Whoosh's own writer and TEXT write."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import TEXT
from whoosh.writing import SegmentWriter

from searchapp.readers import discover, read_file
from searchapp.schema import NewsText, build_schema, to_document
from searchapp.writer import WRITER_OPTIONS, NewsWriter

from .conftest import SEEDS

WORDS = "grain wheat the of exports price prices farmers Zürich’s U.N. 2,000 it's a record".split()


def _documents() -> list[dict]:
    """The seed articles, then 400 generated ones: "grain" and "the" span several postings blocks
    (128 postings each), some fields are missing, titles are boosted."""
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
        doc["exact"] = f"{doc['title']}\n{doc['body']}"
        if i % 3:
            doc |= {
                "outlet": "Moscow Times",
                "outlet_exact": "Moscow Times",
                "date": datetime(2025, 1, 1 + i % 28),
            }
        docs.append(doc)
    return docs


def _segment_files(folder: Path, writer_class: type[SegmentWriter], docs: list[dict]) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, **WRITER_OPTIONS)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return _by_kind(folder.glob("MAIN_*.*"))


def _by_kind(paths: Iterable[Path]) -> dict[str, bytes]:
    """Segment files' contents by kind: MAIN_<segment id>.<kind>."""
    return {path.name.split(".", 1)[1]: path.read_bytes() for path in paths}


def test_segment_files_equal_whooshs(tmp_path, monkeypatch):
    docs = _documents()
    ours = _segment_files(tmp_path / "ours", NewsWriter, docs)
    monkeypatch.setattr(NewsText, "index", TEXT.index)  # Whoosh's analysis path, Token by Token
    theirs = _segment_files(tmp_path / "whoosh", SegmentWriter, docs)
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(ours)
    assert ours.keys() == theirs.keys()
    for kind in ours:
        assert ours[kind] == theirs[kind], kind


def test_merged_segments_equal_whooshs(tmp_path):
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
        writer = writer_class(whoosh_index.open_dir(str(copy)), **WRITER_OPTIONS)
        writer.commit(optimize=True)
        (segment,) = whoosh_index.open_dir(str(copy))._segments()
        merged[name] = _by_kind(copy.glob(f"{segment.segment_id()}.*"))
    assert "pst" in merged["ours"] and merged["ours"] == merged["whoosh"]
