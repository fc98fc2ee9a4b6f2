"""Searching while a rebuild runs: 4 concurrent clients, each searching every `--pause` seconds
(0 keeps both cores busy), against `python -m searchapp` over the Reuters index (19,043
articles), idle and while `python -m searchapp.index --full` reads the whole corpus again beside
it (a rebuild uses every core), at the server's own CPU priority and at the watcher's, which its
rebuilds inherit (searchapp.watch.NICENESS lower). Each round measures the three phases in turn;
the table gives each phase's medians over the rounds.

    python bench/rebuild_load.py [--rounds 3] [--idle 15] [--pause 0.1] [--write]
"""

from __future__ import annotations

import os
import random
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
from reuters import records, write_jsonl  # noqa: E402
from speed import query_mix  # noqa: E402

from searchapp.watch import NICENESS  # noqa: E402

CLIENTS = 4


class Clients:
    """CLIENTS threads searching the mix without pause, each search's start and milliseconds kept."""

    def __init__(self, base: str, mix: list[dict[str, str]], pause: float) -> None:
        self.pause = pause
        self.timed: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        parts = [mix[i::CLIENTS] for i in range(CLIENTS)]
        self._threads = [threading.Thread(target=self._run, args=(base, part)) for part in parts]
        for t in self._threads:
            t.start()

    def _run(self, base: str, part: list[dict[str, str]]) -> None:
        n = 0
        while not self._stop.is_set():
            params = part[n % len(part)]
            n += 1
            started = time.monotonic()
            with urllib.request.urlopen(base + urllib.parse.urlencode(params), timeout=60) as r:
                r.read()
            with self._lock:
                self.timed.append((started, (time.monotonic() - started) * 1000))
            self._stop.wait(self.pause)

    def between(self, start: float, end: float) -> list[float]:
        """The milliseconds of the searches started in [start, end), sorted."""
        with self._lock:
            return sorted(ms for at, ms in self.timed if start <= at < end)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()


def rebuild(seeds: Path, index_dir: Path, niceness: int) -> tuple[float, float, float]:
    """A full rebuild at `niceness` above ours: its start and end (monotonic) and seconds."""
    command = [sys.executable, "-m", "searchapp.index", "--seeds", str(seeds), "--index", str(index_dir)]
    started = time.monotonic()
    subprocess.run(
        [*command, "--full"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        preexec_fn=(lambda: os.nice(niceness)) if niceness else None,
    )
    ended = time.monotonic()
    return started, ended, ended - started


def main() -> None:
    parser = command_line(__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle", type=float, default=15, help="seconds of the idle phase")
    parser.add_argument("--pause", type=float, default=0.1, help="seconds each client waits between searches")
    args = parser.parse_args()
    mix = query_mix(list(records()), 2000, random.Random(11))
    phases = ["idle", "rebuild, niceness +0", f"rebuild, niceness +{NICENESS} (the watcher's)"]
    figures: dict[str, list[tuple[float, float, int, float]]] = {phase: [] for phase in phases}
    with tempfile.TemporaryDirectory() as tmp:
        seeds, index_dir = Path(tmp, "seeds"), Path(tmp, "index")
        seeds.mkdir()
        count = write_jsonl(seeds / "corpus.jsonl")
        rebuild(seeds, index_dir, 0)
        with serving(index_dir) as (_, base):
            clients = Clients(base, mix, args.pause)
            try:
                time.sleep(5)  # (each worker's searcher warm)
                for _ in range(args.rounds):
                    start = time.monotonic()
                    time.sleep(args.idle)
                    windows = [(start, time.monotonic(), 0.0)]
                    windows += [rebuild(seeds, index_dir, niceness) for niceness in (0, NICENESS)]
                    for phase, (begin, end, seconds) in zip(phases, windows, strict=True):
                        times = clients.between(begin, end)
                        p95 = times[max(0, int(len(times) * 0.95) - 1)]
                        figures[phase].append((statistics.median(times), p95, len(times), seconds))
                    print(" | ".join(f"{p}: {f[-1][0]:.1f} / {f[-1][1]:.1f} ms" for p, f in figures.items()))
            finally:
                clients.stop()
    idle_p50 = statistics.median(f[0] for f in figures["idle"])
    idle_p95 = statistics.median(f[1] for f in figures["idle"])
    rows = []
    for phase, runs in figures.items():
        p50, p95, searches, seconds = (statistics.median(r[i] for r in runs) for i in range(4))
        ratios = [round(p50 / idle_p50, 2), round(p95 / idle_p95, 2)]
        took = round(seconds, 1) if seconds else "-"
        rows.append([phase, round(p50, 1), round(p95, 1), *ratios, searches, took])
    text = (
        f"{count:,} articles, {CLIENTS} concurrent HTTP clients pausing {args.pause} s between searches, "
        f"{args.rounds} rounds (medians):\n\n"
        + table(["phase", "p50 ms", "p95 ms", "p50 x idle", "p95 x idle", "searches", "rebuild s"], rows)
    )
    print("\n" + text)
    if args.write:
        write_results("Searching while a rebuild runs", text)


if __name__ == "__main__":
    main()
