"""Reuters-21578 (SGML, 1987) as JSON Lines for the speed benchmarks: one record per <REUTERS>,
with its NEWID as id, TITLE, BODY (or the whole TEXT when there is no BODY), and DATE; and the
same indexed by searchapp and by plain Whoosh, for the in-process comparisons."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from common import need_data

PLAIN_WHOOSH = r"""
import json, sys
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from datetime import datetime
stem = StemmingAnalyzer()
schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=stem, stored=True),
                body=TEXT(analyzer=stem, stored=True), date=DATETIME(stored=True, sortable=True),
                outlet=ID(stored=True, sortable=True))
ix = index.create_in(sys.argv[2], schema)
w = ix.writer(limitmb=256)
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    w.add_document(id=d["id"], title=d["title"], body=d["body"],
                   date=datetime.fromisoformat(d["date"]), outlet=d["outlet"])
w.commit()
"""


_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _field(doc: str, tag: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", doc, re.S)
    return html.unescape(_TAG.sub("", match.group(1))).strip() if match else ""


def _date(text: str) -> str:
    """ "26-FEB-1987 15:01:01.79"; one record has a garbled time, which is then left out."""
    day = re.search(r"\d{1,2}-[A-Za-z]{3}-\d{4}", text).group(0)
    clock = re.search(r"\d{4} +(\d{2}:\d{2}:\d{2})", text)
    if clock:
        return datetime.strptime(f"{day} {clock.group(1)}", "%d-%b-%Y %H:%M:%S").isoformat()
    return datetime.strptime(day, "%d-%b-%Y").date().isoformat()


def records() -> Iterator[dict]:
    for path in sorted(need_data("reuters21578").glob("reut2-*.sgm")):
        for newid, doc in _DOC.findall(path.read_text(encoding="latin-1")):
            body = _field(doc, "BODY") or _field(doc, "TEXT")
            record = {
                "id": f"reuters-{newid}",
                "title": _field(doc, "TITLE"),
                "body": body,
                "date": _date(_field(doc, "DATE")),
                "outlet": "Reuters",
            }
            if body:
                yield record


def write_jsonl(path: Path, copies: int = 1) -> int:
    """Write the corpus `copies` times with new ids; returns the number of records."""
    docs = list(records())
    with path.open("w", encoding="utf-8") as f:
        for copy in range(copies):
            for d in docs:
                f.write(json.dumps({**d, "id": f"{d['id']}-{copy}" if copy else d["id"]}) + "\n")
    return len(docs) * copies


@contextmanager
def indexed(copies: int = 1) -> Iterator[tuple[int, Any, Any]]:
    """Reuters, `copies` times, in a temporary folder, indexed by searchapp and by plain Whoosh:
    (articles, searchapp's Engine after a first search, plain Whoosh's index)."""
    from whoosh import index

    from searchapp.index import build_index
    from searchapp.search import Engine, SearchRequest

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "seeds").mkdir()
        (work / "plain").mkdir()
        n = write_jsonl(work / "seeds" / "corpus.jsonl", copies)
        build_index(work / "seeds", work / "index", procs=2)
        subprocess.run(
            [sys.executable, "-c", PLAIN_WHOOSH, str(work / "seeds" / "corpus.jsonl"), str(work / "plain")],
            check=True,
        )
        engine = Engine(work / "index")
        engine.search(SearchRequest(q="warm"))
        yield n, engine, index.open_dir(str(work / "plain"))
