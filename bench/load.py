"""Load: 16 concurrent clients for 60 s against `python -m searchapp` on loopback, over the
Reuters index (19,043 articles). Reports throughput, latency percentiles, errors, and the
server's memory sampled through the run (it must stay flat).

    python bench/load.py [--clients 16] [--seconds 60] [--write]
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, command_line, serving, table, write_results  # noqa: E402
from reuters import records, write_jsonl  # noqa: E402
from speed import _tree_memory, query_mix  # noqa: E402


def main() -> None:
    parser = command_line(__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    mix = query_mix(list(records()), 2000, random.Random(7))
    with tempfile.TemporaryDirectory() as tmp:
        seeds, index_dir = Path(tmp, "seeds"), Path(tmp, "index")
        seeds.mkdir()
        write_jsonl(seeds / "corpus.jsonl")
        subprocess.run(
            [sys.executable, "-m", "searchapp.index", "--seeds", str(seeds), "--index", str(index_dir)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        with serving(index_dir) as (pid, base):
            times: list[float] = []
            errors: list[str] = []
            memory: list[float] = []
            lock = threading.Lock()
            deadline = time.monotonic() + args.seconds

            def client(n: int) -> None:
                while time.monotonic() < deadline:
                    params = mix[n % len(mix)]
                    n += args.clients
                    started = time.perf_counter()
                    try:
                        with urllib.request.urlopen(base + urllib.parse.urlencode(params), timeout=60) as r:
                            r.read()
                        with lock:
                            times.append((time.perf_counter() - started) * 1000)
                    except (OSError, urllib.error.HTTPError) as e:
                        with lock:
                            errors.append(repr(e))

            threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
            for t in threads:
                t.start()
            while any(t.is_alive() for t in threads):
                memory.append(_tree_memory(pid)[0])
                time.sleep(2)
            for t in threads:
                t.join()
    times.sort()
    third = max(1, len(memory) // 3)
    row = [
        args.clients,
        args.seconds,
        len(times),
        len(errors),
        round(len(times) / args.seconds, 1),
        round(statistics.median(times), 1),
        round(times[int(len(times) * 0.95) - 1], 1),
        round(times[-1]),
        round(statistics.mean(memory[:third])),
        round(statistics.mean(memory[-third:])),
    ]
    text = table(
        [
            "clients",
            "seconds",
            "requests",
            "errors",
            "req/s",
            "p50 ms",
            "p95 ms",
            "max ms",
            "RSS MB first third",
            "RSS MB last third",
        ],
        [row],
    )
    print(text)
    if errors:
        print("errors:", errors[:5])
    if args.write:
        write_results("Load (Reuters, 19,043 articles)", text)


if __name__ == "__main__":
    main()
