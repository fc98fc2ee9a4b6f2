"""Reuters-21578 (SGML, 1987) as JSON Lines for the speed benchmarks: one record per <REUTERS>,
with its NEWID as id, TITLE, BODY (or the whole TEXT when there is no BODY), and DATE."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from common import need_data

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
