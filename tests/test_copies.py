"""Copies of one text: the signatures the index keeps, and the groups a generation makes of them."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from searchapp import copies

WORDS = [f"word{n}" for n in range(150)]


def _signature(words: list[str]) -> np.ndarray:
    return np.frombuffer(copies.marks(" ".join(words))[1], ">u4")


def test_a_signature_is_the_same_in_every_process():
    """The index keeps signatures from earlier rebuilds: another process (another hash seed) must
    sign a text alike, or an incremental rebuild would never fold a new copy with an old one."""
    text = " ".join(WORDS)
    code = f"from searchapp import copies; print(copies.marks({text!r})[1].hex())"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == copies.marks(text)[1].hex()


def test_groups_join_exact_and_near_copies_and_nothing_else():
    near = WORDS[:70] + ["changed"] + WORDS[71:] + ["tagline"]  # a word changed, a line added
    nearer = near[:140]  # and that cut short: a copy of a copy
    other = [f"other{n}" for n in range(150)]
    signatures = np.array(
        [_signature(w) for w in (WORDS, near, nearer, other, WORDS)] + [np.zeros(64, np.uint32)] * 3
    )
    keys = np.array(
        [1, 2, 3, 4, 1, 5, 0, 0]
    )  # the 5th a word-for-word copy; two with no key (an older index)
    assert copies.groups(keys, signatures, np.zeros(8, np.int64)).tolist() == [0, 0, 0, 1, 0, 2, 3, 4]


def test_short_texts_have_no_signature_and_the_key_ignores_case_and_punctuation():
    assert copies.marks(" ".join(WORDS[: copies.MIN_WORDS - 1]))[1] == b""
    key = copies.marks("Storm, hits coast.")[0]
    assert key == copies.marks("storm hits   COAST")[0] != copies.marks("storm hit coast")[0]


def test_the_rebuild_stores_the_groups_and_the_server_reads_them(tmp_path, monkeypatch):
    """Grouping is done once, by the rebuild, and kept with the generation (at 95k distinct texts
    ~150 ms and ~40 MB, which every server worker paid at every rebuild): a search folds the
    copies without grouping anything; an incremental rebuild that deletes a copy stores new groups."""
    import json

    from searchapp import columns
    from searchapp.app import create_app
    from searchapp.index import build_index
    from searchapp.store import IndexStore

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    story = " ".join(WORDS)
    (seeds / "a.jsonl").write_text(json.dumps({"id": "a", "title": "Story", "body": story}) + "\n")
    (seeds / "b.jsonl").write_text(
        json.dumps({"id": "b", "title": "Story", "body": story + " tagline"}) + "\n"
    )
    (seeds / "c.jsonl").write_text(json.dumps({"id": "c", "title": "Other", "body": "word1 other"}) + "\n")
    build_index(seeds, tmp_path / "ix")
    live = IndexStore(tmp_path / "ix").current()
    stored = np.load(live / columns.GROUPS_NAME)
    assert len(stored) == 3 and len(set(stored.tolist())) == 2

    def no_grouping(*_):
        raise AssertionError("a server worker grouped copies")

    monkeypatch.setattr(copies, "groups", no_grouping)
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    data = client.get("/api/search", query_string={"q": "word1"}).get_json()
    assert data["total"] == 3 and data["folded"] == 1
    monkeypatch.undo()

    (seeds / "b.jsonl").unlink()
    build_index(seeds, tmp_path / "ix")
    monkeypatch.setattr(copies, "groups", no_grouping)
    data = client.get("/api/search", query_string={"q": "word1"}).get_json()
    assert data["total"] == 2 and data["folded"] == 0


def test_saves_of_one_address_join_whatever_their_text():
    """An address's key leaves out www., a trailing slash, the fragment and a link's tracking
    parameters, but not the page's own; a site's front page has none, and an address that more
    than MAX_SAVES articles give folds none of them."""
    fees = copies.url_key("https://harbour.example/2026/fees")
    assert fees != 0
    assert copies.url_key("http://www.harbour.example/2026/fees/?utm_source=rss&fbclid=x#top") == fees
    assert copies.url_key("https://harbour.example/2026/fees?page=2") not in (0, fees)
    assert [
        copies.url_key(u) for u in ("https://harbour.example/", "https://harbour.example", None, "notes")
    ] == [0] * 4
    other = [f"other{n}" for n in range(150)]
    signatures = np.array([_signature(WORDS), _signature(other), _signature(other), np.zeros(64, np.uint32)])
    urls = np.array([fees, fees, 0, 0])
    assert copies.groups(np.array([1, 2, 2, 3]), signatures, urls).tolist() == [0, 0, 0, 1]
    section = copies.url_key("https://harbour.example/news")  # (a dataset's page for every record)
    many = copies.MAX_SAVES + 1
    none = np.zeros((many, 64), np.uint32)
    assert copies.groups(np.arange(1, many + 1), none, np.full(many, section)).tolist() == list(range(many))
    assert copies.groups(np.arange(1, many), none[1:], np.full(many - 1, section)).tolist() == [0] * (
        many - 1
    )
