"""The on-disk index folder: numbered generations, an atomic `CURRENT` pointer, a build lock.

Each build writes a complete Whoosh index into a new `gen-*` folder beside the live one and then
replaces the one-line `CURRENT` file with `os.replace`, which is atomic: a reader sees the old
generation or the new one, never a half-built index. The previous generation is kept so that
searchers opened on it keep working; older ones and leftovers of killed builds are removed by
the next build.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

POINTER = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".build.lock"
PREFIX = "gen-"
MMAP = False


BUSY_EXIT = 75  # a rebuild command's exit status while another holds the lock (EX_TEMPFAIL)


class StoreBusy(RuntimeError):
    """Another rebuild holds the lock."""


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current(self) -> Path | None:
        """The live generation folder, or None when no index was ever published."""
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if name.startswith(PREFIX) and path.is_dir() else None

    def open(self) -> tuple[Path, Index] | None:
        gen = self.current()
        if gen is None:
            return None
        # Without mmap Whoosh reads what a search needs; with it, every searcher copied the term
        # files into its own memory: 170 MB a searcher at 19k articles, and searches were no faster.
        return gen, FileStorage(str(gen), supports_mmap=MMAP).open_index()

    def manifest(self, gen: Path | None = None) -> dict[str, Any]:
        gen = gen or self.current()
        if gen is None:
            return {}
        try:
            return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        path = self.root / f"{PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        path.mkdir()
        return path

    def record(self, gen: Path, manifest: dict[str, Any]) -> None:
        """Replace a generation's manifest, atomically: the same index, newer facts about its files."""
        _write_atomic(gen / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))

    def publish(self, gen: Path, manifest: dict[str, Any]) -> None:
        """Write the generation's manifest, then point CURRENT at it in one atomic step."""
        live = self.current()
        self.record(gen, {**manifest, "previous": live.name if live else None})
        _fsync_dir(gen)
        _write_atomic(self.root / POINTER, gen.name + "\n")
        _fsync_dir(self.root)

    def clean(self) -> list[str]:
        """Remove every generation but the live one and its predecessor (named in its manifest)."""
        live = self.current()
        keep = {live.name, self.manifest(live).get("previous")} if live else set()
        removed = []
        for gen in self.root.glob(f"{PREFIX}*"):
            if gen.name not in keep:
                shutil.rmtree(gen, ignore_errors=True)
                removed.append(gen.name)
        for tmp in self.root.glob(f".{POINTER}.*"):
            tmp.unlink(missing_ok=True)
        return sorted(removed)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Only one rebuild at a time; a second one is refused at once, naming the holder."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+", encoding="utf-8") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                f.seek(0)
                holder = f.read().strip() or "unknown"
                raise StoreBusy(f"another rebuild of {self.root} is running (pid {holder})") from None
            f.seek(0)
            f.truncate()
            f.write(str(os.getpid()))
            f.flush()
            try:
                yield
            finally:
                f.seek(0)
                f.truncate()
                fcntl.flock(f, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
