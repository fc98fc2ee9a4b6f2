"""Speed and memory at news-archive scale: Reuters-21578 (19,043 articles with a body), and the
same repeated with new ids, against plain Whoosh (one writer, StemmingAnalyzer) measured in the
same run, and SQLite FTS5 and tantivy as outside references.

    python bench/speed.py [--copies 1,5] [--runs 3] [--queries 300] [--write]

Figures are medians of `--runs` runs; ratios are against plain Whoosh from the same run.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, command_line, serving, table, write_results  # noqa: E402
from reuters import PLAIN_WHOOSH, records, write_jsonl  # noqa: E402


def run_measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def build_rows(n: int, seeds: Path, work: Path, runs: int) -> tuple[list[list[object]], Path]:
    py = sys.executable
    ours, plain = [], []
    index_dir = work / "index"
    for _ in range(runs):
        ours.append(
            run_measured(
                [py, "-m", "searchapp.index", "--full", "--seeds", str(seeds), "--index", str(index_dir)]
            )
        )
        plain_dir = work / "plain"
        subprocess.run(["rm", "-rf", str(plain_dir)], check=True)
        plain_dir.mkdir()
        plain.append(run_measured([py, "-c", PLAIN_WHOOSH, str(seeds / "corpus.jsonl"), str(plain_dir)]))
    docs = [json.loads(line) for line in (seeds / "corpus.jsonl").open(encoding="utf-8")]
    fts = statistics.median(_fts5_build(docs) for _ in range(runs))
    tan = statistics.median(_tantivy_build(docs) for _ in range(runs))
    live = max(index_dir.glob("gen-*"), key=lambda p: p.stat().st_mtime)
    o_s, o_m = statistics.median(s for s, _ in ours), statistics.median(m for _, m in ours)
    p_s, p_m = statistics.median(s for s, _ in plain), statistics.median(m for _, m in plain)
    rows = [
        [
            f"{n:,}",
            "searchapp (python -m searchapp.index --full)",
            round(o_s, 1),
            round(n / o_s),
            round(size_mb(live)),
            round(o_m),
            f"{o_s / p_s:.2f}",
        ],
        [
            f"{n:,}",
            "plain Whoosh (StemmingAnalyzer, 1 writer)",
            round(p_s, 1),
            round(n / p_s),
            round(size_mb(work / "plain")),
            round(p_m),
            "1.00",
        ],
        [f"{n:,}", "SQLite FTS5 (in process)", round(fts, 1), round(n / fts), "-", "-", f"{fts / p_s:.2f}"],
        [f"{n:,}", "tantivy (in process)", round(tan, 1), round(n / tan), "-", "-", f"{tan / p_s:.2f}"],
    ]
    return rows, index_dir


def _fts5_build(docs: list[dict]) -> float:
    started = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(title, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO d VALUES (?, ?)", ((d["title"], d["body"]) for d in docs))
    db.commit()
    return time.perf_counter() - started


def _tantivy_build(docs: list[dict]) -> float:
    import tantivy

    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    index = tantivy.Index(builder.build())
    writer = index.writer()
    for d in docs:
        writer.add_document(tantivy.Document(title=d["title"], body=d["body"]))
    writer.commit()
    return time.perf_counter() - started


def incremental_rows(n: int, seeds: Path, index_dir: Path, runs: int) -> list[list[object]]:
    py = sys.executable
    cmd = [py, "-m", "searchapp.index", "--seeds", str(seeds), "--index", str(index_dir)]
    unchanged, added = [], []
    extra = seeds / "extra.jsonl"
    for run in range(runs):
        unchanged.append(run_measured(cmd)[0])
        lines = (seeds / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[:100]
        renamed = (line.replace('"id": "', f'"id": "extra{run}-', 1) for line in lines)
        extra.write_text("\n".join(renamed) + "\n")
        added.append(run_measured(cmd)[0])
        extra.unlink()
        run_measured(cmd)  # back to the corpus alone
    return [
        [f"{n:,}", "unchanged corpus", round(statistics.median(unchanged), 2), "<= 3 s"],
        [f"{n:,}", "100 articles added", round(statistics.median(added), 2), "<= 5 s"],
    ]


def query_mix(docs: list[dict], count: int, rng: random.Random) -> list[dict[str, str]]:
    """Queries drawn from the corpus's own words: common, rare, two words, a phrase, date-filtered."""
    freq: dict[str, int] = {}
    for d in docs:
        for w in set(re.findall(r"[a-z]{4,}", d["body"].lower())):
            freq[w] = freq.get(w, 0) + 1
    ranked = sorted(freq, key=lambda w: (-freq[w], w))  # ties by word: the same mix in every process
    common, rare = ranked[20:300], [w for w in ranked if 3 <= freq[w] <= 10]
    mix = []
    for i in range(count):
        kind = i % 5
        if kind == 0:
            mix.append({"q": rng.choice(common)})
        elif kind == 1:
            mix.append({"q": rng.choice(rare)})
        elif kind == 2:
            mix.append({"q": f"{rng.choice(common)} {rng.choice(common)}"})
        elif kind == 3:
            words = re.findall(r"[A-Za-z]+", rng.choice(docs)["body"])
            start = rng.randrange(max(1, len(words) - 2))
            mix.append({"q": '"' + " ".join(words[start : start + 2]) + '"'})
        else:
            day = rng.choice(docs)["date"][:10]
            mix.append({"q": rng.choice(common), "from": day, "to": day})
    return mix


def http_latency(
    index_dir: Path, mix: list[dict[str, str]], clients: int = 4
) -> tuple[float, float, float, float]:
    """p50, p95 (ms) with `clients` concurrent clients, and the server's RSS (MB, all its
    processes) after the run and at its peak."""
    with serving(index_dir) as (pid, base):
        for params in mix[:20]:  # warm each thread's searcher
            urllib.request.urlopen(base + urllib.parse.urlencode(params), timeout=30).read()
        times: list[float] = []
        lock = threading.Lock()

        def client(part: list[dict[str, str]]) -> None:
            for params in part:
                started = time.perf_counter()
                with urllib.request.urlopen(base + urllib.parse.urlencode(params), timeout=30) as r:
                    assert r.status == 200 and json.load(r)["ok"]
                with lock:
                    times.append((time.perf_counter() - started) * 1000)

        threads = [threading.Thread(target=client, args=(mix[i::clients],)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rss, peak = _tree_memory(pid)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], rss, peak


def _tree_memory(pid: int) -> tuple[float, float]:
    """RSS and peak RSS (MB) of a server and its worker processes, summed."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    rss = peak = 0.0
    for each in [pid, *map(int, children)]:
        status = Path(f"/proc/{each}/status").read_text()
        rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        peak += int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    return rss, peak


def plain_whoosh_latency(plain_dir: Path, mix: list[dict[str, str]]) -> tuple[float, float]:
    """In-process plain Whoosh: parse (AND), top 10, ten highlights; the issue's baseline."""
    from whoosh import index
    from whoosh.qparser import QueryParser

    ix = index.open_dir(str(plain_dir))
    times = []
    with ix.searcher() as s:
        parser = QueryParser("body", ix.schema)
        for params in mix:
            started = time.perf_counter()
            results = s.search(parser.parse(params["q"]), limit=10)
            for hit in results:
                hit.highlights("body")
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = command_line(__doc__)
    parser.add_argument("--copies", default="1,5", help="corpus sizes as copies of Reuters (default 1,5)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    docs = list(records())
    mix = query_mix(docs, args.queries, random.Random(21578))
    builds, increments, latency = [], [], []
    for copies in (int(c) for c in args.copies.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            seeds = work / "seeds"
            seeds.mkdir()
            n = write_jsonl(seeds / "corpus.jsonl", copies)
            rows, index_dir = build_rows(n, seeds, work, args.runs)
            builds += rows
            print(
                table(
                    ["articles", "system", "seconds", "articles/s", "index MB", "peak RSS MB", "x plain"],
                    rows,
                ),
                flush=True,
            )
            increments += incremental_rows(n, seeds, index_dir, args.runs)
            served = [http_latency(index_dir, mix) for _ in range(args.runs)]
            plain = [plain_whoosh_latency(work / "plain", mix) for _ in range(args.runs)]
            p50, p95, rss, peak = (statistics.median(run[i] for run in served) for i in range(4))
            b50, b95 = (statistics.median(run[i] for run in plain) for i in range(2))
            latency.append(
                [
                    f"{n:,}",
                    round(p50, 1),
                    round(p95, 1),
                    round(b50, 1),
                    round(b95, 1),
                    f"{p50 / b50:.2f}",
                    round(rss),
                    round(peak),
                ]
            )
            print(latency[-1], flush=True)
    text = "\n\n".join(
        [
            "Full rebuild (median of runs):\n\n"
            + table(
                ["articles", "system", "seconds", "articles/s", "index MB", "peak RSS MB", "x plain"], builds
            ),
            "Incremental rebuild (median):\n\n"
            + table(["articles", "change", "seconds", "target"], increments),
            f"Query latency (median of runs), {args.queries} queries (common word, rare word, two words, "
            "phrase, date-filtered), "
            "top 10 with snippets and facets, 4 concurrent HTTP clients on loopback; plain Whoosh in process "
            "(AND query, top 10, 10 highlights):\n\n"
            + table(
                [
                    "articles",
                    "searchapp p50 ms",
                    "p95 ms",
                    "plain Whoosh p50 ms",
                    "p95 ms",
                    "p50 x plain",
                    "server RSS MB",
                    "peak RSS MB",
                ],
                latency,
            ),
        ]
    )
    print("\n" + text)
    if args.write:
        write_results("Speed and memory", text)


if __name__ == "__main__":
    main()
