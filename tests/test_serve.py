"""`python -m searchapp` end to end: builds a missing index, serves on loopback, picks up a rebuilt
index without a restart, and rebuilds by itself when the seeds folder changes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from searchapp.index import build_index
from searchapp.schema import SCHEMA_VERSION
from searchapp.store import MANIFEST, IndexStore

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        return json.load(e)


@contextmanager
def serving(seeds: Path | None, index_dir: Path, watch: bool = False) -> Iterator[str]:
    """`python -m searchapp` on a free loopback port (building its index first), until the block
    ends; without its watcher unless `watch` (the tests that rebuild by hand would race it)."""
    port = free_port()
    command = [sys.executable, "-m", "searchapp", "--port", str(port), "--index", str(index_dir)]
    command += ["--seeds", str(seeds)] if seeds else []
    command += [] if watch else ["--no-watch"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get(base + "/api/health")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start: {proc.stdout.read()}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()


@pytest.fixture
def server(seeds: Path, tmp_path: Path):
    with serving(seeds, tmp_path / "ix") as base:
        yield base, seeds, tmp_path / "ix"


def test_rebuilds_an_older_versions_index_from_the_folder_it_was_built_from(tmp_path):
    """Started on an index that an earlier version built (from a folder other than seeds/, and
    with no --seeds), the server rebuilds it from that folder, not from seeds/."""
    archive, index_dir = tmp_path / "archive", tmp_path / "ix"
    archive.mkdir()
    (archive / "a.txt").write_text("Zeppelin sighted\n\nA zeppelin was sighted over the harbour at dawn.\n")
    build_index(archive, index_dir)
    manifest = IndexStore(index_dir).current() / MANIFEST
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "schema_version": 0}))
    with serving(None, index_dir) as base:
        assert get(base + "/api/health")["articles"] == 1
        assert get(base + "/api/search?q=zeppelin")["total"] == 1
    assert IndexStore(index_dir).manifest()["schema_version"] == SCHEMA_VERSION


def test_serves_and_picks_up_a_rebuilt_index(server):
    base, seeds, index_dir = server
    assert get(base + "/api/health")["articles"] == 3
    assert get(base + "/api/search?q=zeppelin")["total"] == 0

    (seeds / "new.txt").write_text(
        "Zeppelin returns\n\nA zeppelin flew over the city for the first time in decades.\n"
    )
    rebuild = subprocess.run(
        [sys.executable, "-m", "searchapp.index", "--seeds", str(seeds), "--index", str(index_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rebuild.returncode == 0, rebuild.stderr
    data = get(base + "/api/search?q=zeppelin")
    assert data["total"] == 1 and data["results"][0]["title"] == "Zeppelin returns"
    assert get(base + "/api/health")["articles"] == 4
    error = get(base + "/api/search?q=date:never")
    assert error == {"ok": False, "status": 400, "error": error["error"]}


def test_rebuilds_under_load_lose_no_request(server):
    base, seeds, index_dir = server
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def client(n: int) -> None:
        queries = ["putin", "kellogg talks", '"end the war"', "zelensk*", ""]
        while not stop.is_set():
            q = queries[n % len(queries)]
            n += 1
            try:
                data = get(f"{base}/api/search?q={urllib.parse.quote(q)}")
                if not data.get("ok"):
                    failures.append(str(data))
                answered[0] += 1
            except Exception as e:  # noqa: BLE001 - any failure counts
                failures.append(repr(e))

    clients = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for t in clients:
        t.start()
    try:
        rebuild = [sys.executable, "-m", "searchapp.index", "--seeds", str(seeds), "--index", str(index_dir)]
        assert (
            subprocess.run([*rebuild, "--full"], cwd=ROOT, capture_output=True, timeout=120).returncode == 0
        )
        (seeds / "late.txt").write_text("Lighthouse keepers\n\nThe lighthouse keepers went on strike.\n")
        assert subprocess.run(rebuild, cwd=ROOT, capture_output=True, timeout=120).returncode == 0
        time.sleep(0.5)
    finally:
        stop.set()
        for t in clients:
            t.join(timeout=30)
    assert failures == [] and answered[0] > 20
    assert get(base + "/api/search?q=lighthouse")["total"] == 1


def test_stays_responsive_while_expensive_queries_run(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    lines = (
        json.dumps(
            {"id": f"w{i}", "title": f"Report {i}", "body": f"wheat word{i % 300} market{i % 250} note{i}"}
        )
        for i in range(5000)
    )
    (seeds / "wide.jsonl").write_text("\n".join(lines))
    with serving(seeds, tmp_path / "ix") as base:
        heavy = urllib.parse.quote("wo* ma* no* wh* re* ma* -zz*")
        slow: list[float] = []

        def expensive() -> None:
            started = time.monotonic()
            data = get(f"{base}/api/search?q={heavy}&per_page=100")
            assert data["ok"] or data["status"] == 400
            slow.append(time.monotonic() - started)

        workers = [threading.Thread(target=expensive) for _ in range(2)]
        for t in workers:
            t.start()
        time.sleep(0.05)
        started = time.monotonic()
        assert get(base + "/api/search?q=note42")["total"] == 1
        quick = time.monotonic() - started
        for t in workers:
            t.join(timeout=60)
        assert len(slow) == 2 and quick < 2.0, (quick, slow)  # answered meanwhile, within seconds


def _watchers(index_dir: Path) -> list[int]:
    """The processes watching a seeds folder for `index_dir` (by their command lines)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"searchapp.watch" in command and str(index_dir).encode() in command:
            found.append(int(entry.name))
    return found


def _eventually(check: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.2)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
def test_an_article_dropped_into_the_seeds_folder_is_found_seconds_later(seeds, tmp_path):
    """The server watches its seeds folder: a new file is searchable once the change has settled
    and a rebuild has run by itself, a deleted one is gone; the watcher ends with the server. It
    runs (and so do its rebuilds) at a lower priority than the server's searches."""
    import os

    from searchapp.watch import NICENESS

    index_dir = tmp_path / "ix"
    with serving(seeds, index_dir, watch=True) as base:
        [watcher] = _watchers(index_dir)
        _eventually(lambda: os.getpriority(os.PRIO_PROCESS, watcher) == min(19, os.nice(0) + NICENESS), 10)
        (seeds / "new.txt").write_text(
            "Zeppelin returns\n\nA zeppelin flew over the city for the first time.\n"
        )
        _eventually(lambda: get(base + "/api/search?q=zeppelin")["total"] == 1)
        assert get(base + "/api/health")["articles"] == 4
        (seeds / "new.txt").unlink()
        _eventually(lambda: get(base + "/api/search?q=zeppelin")["total"] == 0)
    _eventually(lambda: _watchers(index_dir) == [], 10)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
def test_a_watcher_never_outlives_its_server(seeds, tmp_path):
    """Killed with SIGKILL, a server cannot stop its watcher: the watcher sees it gone and ends."""
    index_dir = tmp_path / "ix"
    watch = f"{sys.executable} -m searchapp.watch --seeds {seeds} --index {index_dir} --every 0.2 --parent $$"
    server = subprocess.Popen(["sh", "-c", f"{watch} & wait"], cwd=ROOT)  # (a stand-in for the server)
    _eventually(lambda: len(_watchers(index_dir)) == 1, 30)
    server.kill()  # (at once: the watcher may not have started looking yet)
    server.wait()
    _eventually(lambda: _watchers(index_dir) == [], 30)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
def test_stopped_as_a_service_manager_stops_it(seeds, tmp_path):
    """SIGTERM to the server's whole process group (systemd, `timeout`) stops the watcher quietly:
    gunicorn reaps it too, and logs an error for each child that a signal ended (as it does for its
    own workers, here)."""
    import os
    import signal

    index_dir, port = tmp_path / "ix", free_port()
    command = [sys.executable, "-m", "searchapp", "--port", str(port), "--index", str(index_dir)]
    command += ["--seeds", str(seeds), "--workers", "1"]
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )

    def answers() -> bool:
        try:
            return get(f"http://127.0.0.1:{port}/api/health")["ok"]
        except OSError:
            return False

    try:
        _eventually(answers, 60)  # (a worker still starting up is ended by the signal: gunicorn's way)
        _eventually(lambda: len(_watchers(index_dir)) == 1, 10)
        [watcher] = _watchers(index_dir)
        time.sleep(1)  # (the watcher's first rebuild)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        output = proc.communicate(timeout=30)[0]
    assert f"(pid:{watcher})" not in output and "Traceback" not in output, output
    _eventually(lambda: _watchers(index_dir) == [], 10)
