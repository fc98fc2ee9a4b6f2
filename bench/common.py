"""Shared helpers for the benchmarks: the shared data folder, tables, and bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("SEARCHAPP_BENCH_DATA", ROOT.parent / "shared" / "data"))
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


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
