"""Rebuild when the seeds folder changes, so that an article dropped into it is searchable seconds
later: `python -m searchapp.watch [--seeds DIR] [--index DIR] [--every SECONDS]`, which the server
runs beside itself.

A light loop: it lists the folder's files (path, size, modification time) and, once a change has
settled (the same at two looks in a row, so that a file still being copied is not read half
written), runs `python -m searchapp.index` in a process of its own, whose memory goes when it
ends. The first look rebuilds too: files may have changed while no server ran (a rebuild with
nothing to do only reads the files' hashes). A look at a large folder takes a while: looks are
spaced at least LOOK_SHARE times as long. The watcher and so its rebuilds run at a lower CPU
priority (NICENESS) than the server: a rebuild uses every core, and a search should not wait.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import config
from .store import BUSY_EXIT

EVERY = 2.0  # seconds between looks
LOOK_SHARE = 20  # a look may take a twentieth of the time at most (0.6 s for 100k files: every 12 s)
NICENESS = 10  # added to the watcher's (a search runs first; see bench/rebuild_load.py)

Listing = frozenset[tuple[str, int, int]]


def listing(seeds: Path, index_dir: Path) -> Listing:
    """Every file and folder under `seeds`, by path, size and modification time (what cannot be
    read, left out), but for the index's, should it be kept among them: each rebuild would change
    it. A folder's time changes with each file added or removed, even one added and removed again."""
    found = set()
    index = os.path.realpath(index_dir)
    for folder, subfolders, names in os.walk(seeds):
        subfolders[:] = [d for d in subfolders if os.path.realpath(os.path.join(folder, d)) != index]
        for name in [os.curdir, *names]:
            path = os.path.join(folder, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            found.add((path, status.st_size, status.st_mtime_ns))
    return frozenset(found)


def watch(seeds: Path, index_dir: Path, parent: int, every: float = EVERY) -> None:
    """Rebuild `index_dir` from `seeds` after each settled change, while `parent` (the server)
    is this process's parent: a watcher never outlives its server, even one killed by SIGKILL."""
    rebuild = [sys.executable, "-m", "searchapp.index", "--seeds", str(seeds), "--index", str(index_dir)]
    built: Listing = frozenset()  # (so the first look rebuilds: what changed while nobody watched)
    last = listing(seeds, index_dir)
    while os.getppid() == parent:
        started = time.monotonic()
        now = listing(seeds, index_dir)
        took = time.monotonic() - started
        if now != built and now == last:
            if subprocess.run(rebuild, stdin=subprocess.DEVNULL).returncode != BUSY_EXIT:
                # What it read, unless the folder changed meanwhile (then unknown: rebuild again).
                # A failed rebuild said why; the next change tries again.
                built = now if listing(seeds, index_dir) == now else frozenset()
        last = now
        time.sleep(max(every, LOOK_SHARE * took))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m searchapp.watch", description=__doc__)
    parser.add_argument("--seeds", help="folder of article files (default: as python -m searchapp.index)")
    parser.add_argument("--index", help="index folder (default: $SEARCHAPP_INDEX or index/)")
    parser.add_argument("--every", type=float, default=EVERY, help=f"seconds between looks (default {EVERY})")
    parser.add_argument(
        "--parent",
        type=int,
        default=os.getppid(),
        help="run while this process (the server) is ours: its pid, as it may end before we look",
    )
    args = parser.parse_args(argv)
    index_dir = config.index_dir(args.index)
    os.nice(NICENESS)  # (its rebuilds inherit it)
    # Stopped as Ctrl-C stops it: a service manager sends SIGTERM to the server's whole group, and
    # gunicorn, reaping us too, logs an error for each child that a signal ended.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        watch(config.seeds_dir(args.seeds, index_dir), index_dir, args.parent, max(0.1, args.every))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
