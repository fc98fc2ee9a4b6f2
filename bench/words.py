"""Significant words (/api/words), in process on Reuters-21578: searchapp's words of a search's
best 100 matches against plain Whoosh's key_terms (its Bo1 expansion model over the same 100 best
hits, re-analysing their stored text as searchapp does) on the same articles, in the same run: the
time each takes, and the first words each lists (Whoosh's are stems).

    python bench/words.py [--copies 1] [--runs 7] [--write]

Figures are medians of `--runs` runs after a first one.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import command_line, table, write_results  # noqa: E402
from patterns import timed  # noqa: E402
from reuters import indexed  # noqa: E402

QUERIES = ["oil prices", "coffee brazil", "tariffs japan", "bank of england", "earthquake", "wheat"]
SHOWN = 6  # words listed in the table


def main() -> None:
    parser = command_line(__doc__)
    parser.add_argument("--copies", type=int, default=1, help="copies of Reuters (default 1)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from whoosh.qparser import OrGroup, QueryParser

    from searchapp.search import SearchRequest
    from searchapp.significant import SAMPLE, WORDS_LISTED

    with indexed(args.copies) as (n, engine, plain):
        rows = []
        with plain.searcher() as s:
            whoosh_parser = QueryParser("body", plain.schema, group=OrGroup)

            def key_terms(text: str) -> list[str]:
                results = s.search(whoosh_parser.parse(text), limit=SAMPLE)
                return [term for term, _ in results.key_terms("body", docs=SAMPLE, numterms=WORDS_LISTED)]

            for text in QUERIES:
                request = SearchRequest(q=text)
                _, ours = timed(lambda request=request: engine.words(request), args.runs)
                _, theirs = timed(lambda text=text: key_terms(text), args.runs)
                words = [word.word for word in engine.words(request).words[:SHOWN]]
                rows.append(
                    [
                        f"`{text}`",
                        f"{ours:.0f}",
                        f"{theirs:.0f}",
                        f"{ours / theirs:.2f}",
                        ", ".join(words),
                        ", ".join(key_terms(text)[:SHOWN]),
                    ]
                )
                print(rows[-1], flush=True)
    headers = ["query", "searchapp ms", "Whoosh key_terms ms", "x Whoosh", "searchapp's words", "Whoosh's"]
    text = f"{n:,} Reuters articles, in process, the best {SAMPLE} matches, "
    text += f"median of {args.runs} after a first run:\n\n"
    text += table(headers, rows)
    print("\n" + text)
    if args.write:
        write_results("Significant words", text)


if __name__ == "__main__":
    main()
