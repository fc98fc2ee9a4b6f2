"""More like this: how often the five articles shown as most like an article are relevant to the
same query as it, on TIME, Cranfield and CACM, against Whoosh's own more_like on the same index.

For every judged query with at least two relevant documents indexed, each of its first five
relevant documents (by id) asks for the five most like it; the figure is the share of those that are
relevant to the query too (P@5), averaged, with the median time of one ask (in process).

    python bench/similar.py [--write] [--only time,cran,cacm]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import command_line, table, write_results  # noqa: E402
from relevance import COLLECTIONS, index_collection, load  # noqa: E402

SHOWN = 5  # the article page's list


def collection_rows(name: str) -> list[list[object]]:
    docs, _, qrels = load(name)
    relevant: dict[str, set[str]] = defaultdict(set)
    for judgment in qrels:
        if judgment.relevance > 0:
            relevant[judgment.query_id].add(judgment.doc_id)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = index_collection(docs, Path(tmp))
        s = engine.searcher()
        indexed = [{d for d in ids if s.document_number(id=d) is not None} for ids in relevant.values()]
        asks = [(ids, d) for ids in indexed if len(ids) > 1 for d in sorted(ids)[:5]]
        systems: dict[str, Callable[[str], list[str]]] = {
            "searchapp": lambda d: [hit["id"] for hit in engine.related(d, SHOWN)],
            "Whoosh more_like": lambda d: [
                hit["id"] for hit in s.more_like(s.document_number(id=d), "body", top=SHOWN)
            ],
        }
        for system, similar in systems.items():
            precision, times = [], []
            for ids, d in asks:
                started = time.perf_counter()
                found = similar(d)
                times.append((time.perf_counter() - started) * 1000)
                precision.append(len(set(found) & ids) / SHOWN)
            rows.append(
                [name, system, len(asks), statistics.mean(precision), f"{statistics.median(times):.1f}"]
            )
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = command_line(__doc__)
    parser.add_argument("--only", default=",".join(COLLECTIONS))
    args = parser.parse_args()
    rows = [row for name in args.only.split(",") for row in collection_rows(name)]
    text = table(["collection", "system", "articles asked", "P@5 (same query)", "median ms"], rows)
    print("\n" + text)
    if args.write:
        write_results("More like this", text)


if __name__ == "__main__":
    main()
