"""`python -m searchapp` end to end: builds a missing index, serves on loopback, and picks up a
rebuilt index without a restart."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

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


@pytest.fixture
def server(seeds: Path, tmp_path: Path):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "searchapp",
            "--port",
            str(port),
            "--seeds",
            str(seeds),
            "--index",
            str(tmp_path / "ix"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(base + "/api/health")
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read())
            time.sleep(0.2)
    yield base, seeds, tmp_path / "ix"
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


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
