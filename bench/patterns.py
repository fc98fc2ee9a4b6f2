"""Searches that expand to many words, in process on Reuters-21578: wildcards with and without
leading letters, fuzzy words, and a misspelling that did-you-mean corrects. searchapp's search
(top 10 with snippets and facets) against plain Whoosh's (its parser with wildcards and fuzzy
terms, top 10, ten highlights, and its query corrector where searchapp would suggest one) on the
same articles, in the same run.

    python bench/patterns.py [--copies 1] [--runs 7] [--write]

Figures are medians of `--runs` searches after a first one, which is reported on its own: the
first leading wildcard of an index generation lists the field's words (once).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import command_line, table, write_results  # noqa: E402
from reuters import indexed  # noqa: E402

QUERIES = [
    ("letters first", "negot*"),
    ("letters first", "w?eat"),
    ("leading *", "*ation"),
    ("leading *", "*stan"),
    ("leading ?", "?il"),
    ("inside *", "*port*"),
    ("fuzzy", "opec~ saudi"),
    ("fuzzy", "volker~"),
    ("misspelt (did-you-mean)", "wheet shipmints"),
]


def timed(search: Callable[[], object], runs: int) -> tuple[float, float]:
    """The first search's milliseconds and the median of `runs` more."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        search()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:])


def main() -> None:
    parser = command_line(__doc__)
    parser.add_argument("--copies", type=int, default=1, help="copies of Reuters (default 1)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from whoosh.qparser import FuzzyTermPlugin, QueryParser

    from searchapp.search import SUGGEST_BELOW, SearchRequest

    with indexed(args.copies) as (n, engine, plain):
        rows = []
        with plain.searcher() as s:
            whoosh_parser = QueryParser("body", plain.schema)
            whoosh_parser.add_plugin(FuzzyTermPlugin())

            def plain_search(text: str) -> None:  # (and its corrector, where searchapp would suggest)
                query = whoosh_parser.parse(text)
                results = s.search(query, limit=10)
                for hit in results:
                    hit.highlights("body")
                if len(results) < SUGGEST_BELOW:
                    s.correct_query(query, text)

            for kind, text in QUERIES:
                first, ours = timed(lambda text=text: engine.search(SearchRequest(q=text)), args.runs)
                page = engine.search(SearchRequest(q=text))
                _, theirs = timed(lambda text=text: plain_search(text), args.runs)
                rows.append(
                    [
                        kind,
                        f"`{text}`",
                        page.total,
                        f"{first:.1f}",
                        f"{ours:.1f}",
                        f"{theirs:.1f}",
                        f"{ours / theirs:.2f}",
                    ]
                )
                print(rows[-1], flush=True)
    headers = ["kind", "query", "matches", "searchapp first ms", "searchapp ms", "plain Whoosh ms", "x plain"]
    text = f"{n:,} Reuters articles, in process, median of {args.runs} after a first search:\n\n"
    text += table(headers, rows)
    print("\n" + text)
    if args.write:
        write_results("Wildcard, fuzzy and misspelt searches", text)


if __name__ == "__main__":
    main()
