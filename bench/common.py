"""Shared helpers for the benchmarks: the shared data folder, tables, and bench/RESULTS.md."""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SEARCHAPP_BENCH_DATA", ROOT.parent / "shared" / "data"))
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


@contextmanager
def serving(index_dir: Path) -> Iterator[tuple[int, str]]:
    """`python -m searchapp` over `index_dir` on a free loopback port: (server pid, search URL),
    once its watcher's first look (a rebuild with nothing to do: it reads the files' hashes) is
    over, so that no run measures it."""
    from searchapp.store import IndexStore, StoreBusy

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "searchapp", "--port", str(port), "--index", str(index_dir)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/search?"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "q=warm", timeout=30).read()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)  # (the watcher starts with the server, and its rebuild takes the lock at once)
        while True:
            try:
                with IndexStore(index_dir).lock():
                    break
            except StoreBusy:
                time.sleep(0.2)
        yield server.pid, base
    finally:
        server.terminate()
        server.wait(timeout=20)


def command_line(doc: str | None) -> argparse.ArgumentParser:
    """A benchmark's command line: its docstring as help, and --write."""
    made = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("--write", action="store_true", help="append the results to bench/RESULTS.md")
    return made


def need_data(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (set SEARCHAPP_BENCH_DATA)")
    return path


def table(headers: list[str], rows: list[list[object]]) -> str:
    def cell(v: object) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def write_results(title: str, text: str) -> None:
    """Append a section to bench/RESULTS.md with the command that produced it."""
    command = "python " + " ".join([os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(f"\n## {title}\n\n`{command}` ({stamp}; {machine})\n\n{text}\n")
