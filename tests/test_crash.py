"""Crash safety: a rebuild killed with SIGKILL at any point leaves the previous index serving, and
the next rebuild succeeds and cleans up what the killed one left behind."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from searchapp.search import Engine, SearchRequest
from searchapp.store import IndexStore

from .conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("crash") / "seeds"
    seeds.mkdir()
    lines = (
        json.dumps({"id": f"c{i}", "title": f"Dispatch {i}", "body": f"harbour cargo dispatch {i} " * 20})
        for i in range(4000)
    )
    (seeds / "wire.jsonl").write_text("\n".join(lines))
    return seeds


def rebuild(seeds, index_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "searchapp.index", "--full", "--seeds", str(seeds), "--index", str(index_dir)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def orphans(index_dir: Path) -> list[int]:
    """Processes still working on a rebuild of `index_dir`."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if str(index_dir).encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("fraction", [0.15, 0.4, 0.7, 0.9, 0.98])
def test_a_killed_rebuild_leaves_the_previous_index(corpus, tmp_path, fraction):
    index_dir = tmp_path / "ix"
    started = time.monotonic()
    assert rebuild(corpus, index_dir).wait(timeout=300) == 0
    duration = time.monotonic() - started
    store = IndexStore(index_dir)
    live = store.current()
    engine = Engine(index_dir)

    proc = rebuild(corpus, index_dir)
    time.sleep(duration * fraction)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while orphans(index_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert orphans(index_dir) == []  # forked analysis processes died with the rebuild

    current = store.current()
    assert current is not None and current.is_dir()  # the old generation, or the new one if it had swapped
    assert engine.search(SearchRequest(q="harbour")).total == 4000

    assert rebuild(corpus, index_dir).wait(timeout=300) == 0
    gens = {p.name for p in index_dir.glob("gen-*")}
    assert gens == {store.current().name, store.manifest()["previous"]}  # leftovers removed
    assert live.name in gens or current != live
    assert Engine(index_dir).search(SearchRequest(q="harbour")).total == 4000
