"""The rebuild: CLI end to end, duplicates, the atomic swap and the build lock."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from whoosh.qparser import QueryParser

from searchapp import writer as writer_module
from searchapp.index import BuildError, build_index
from searchapp.store import BUSY_EXIT, IndexStore

from .conftest import ROOT

PAGE = "A headline about {topic}\n\nThe article explains {topic} in a complete sentence with enough words.\n"


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "searchapp.index", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def search(index_dir: Path, text: str, field: str = "body") -> list[str]:
    _, ix = IndexStore(index_dir).open()
    with ix.searcher() as s:
        query = QueryParser(field, s.schema).parse(text)
        return sorted(hit["source"] for hit in s.search(query, limit=None))


def test_a_file_name_that_is_not_utf8_is_reported_and_the_rest_index(seeds, tmp_path):
    """An old archive's Latin-1 file name (bytes that are not UTF-8) had crashed the rebuild:
    it is reported, shown with a replacement character, and the other files index."""
    (Path(os.fsdecode(os.path.join(os.fsencode(seeds), b"caf\xe9 report.txt")))).write_text(
        "Cafe owners protest\n\nPARIS - Cafe owners protested on Tuesday.\n"
    )
    result = cli("--seeds", str(seeds), "--index", str(tmp_path / "ix"))
    assert result.returncode == 0, result.stderr
    assert "caf\ufffd report.txt: its name is not UTF-8 text: rename the file" in result.stdout
    assert "Indexed 3 articles from 3 files" in result.stdout


def test_cli_builds_the_seeds(seeds, tmp_path):
    bad = seeds / "broken.txt"
    bad.write_bytes(b"\x00\x01binary")
    (seeds / "feed.jsonl").write_text(json.dumps({"id": "f1", "body": "Wheat rose.", "date": "soon"}) + "\n")
    result = cli("--seeds", str(seeds), "--index", str(tmp_path / "ix"))
    assert result.returncode == 0, result.stderr
    assert "Indexed 4 articles from 5 files" in result.stdout
    assert "Skipped, or values ignored: 2" in result.stdout
    assert "broken.txt: binary file" in result.stdout
    assert "feed.jsonl#1: date 'soon' is not a date; ignored" in result.stdout  # indexed undated
    assert (
        "Without a date: 1 (give it in catalog.csv, or in the JSON Lines or CSV record)\n  feed.jsonl\n"
        in result.stdout
    )
    assert "Without an outlet: 1" in result.stdout  # (the seeds' outlets come from their URLs)
    assert search(tmp_path / "ix", "Kellogg") == [
        "000_4b0f88ea541eeaf5.txt",
        "001_ae1d99627bbf23d1.txt",
        "003_657b2bcb8b83fc8a.txt",
    ]


def test_the_summary_names_the_files_of_articles_without_a_date():
    from searchapp.index import FILES_LISTED, BuildReport

    undated = ["a.txt", *(f"wire.jsonl#{n}" for n in range(500)), *(f"page{n}.txt" for n in range(30))]
    lines = BuildReport(undated=undated).summary().splitlines()
    assert lines[1].startswith("Without a date: 531 ")
    assert lines[2:4] == ["  a.txt", "  wire.jsonl: 500 articles"]
    assert len(lines) == 2 + FILES_LISTED + 1 and lines[-1] == f"  and {32 - FILES_LISTED} more files"


def test_the_summary_lists_many_problems_and_duplicates_by_file():
    """Past the first 50, problems and duplicates are counted by file: a feed saved every day
    repeats its items, and a broken mailbox can fail a million times."""
    from searchapp.article import Problem
    from searchapp.index import LINES_LISTED, BuildReport

    problems = [
        Problem("a.txt", "empty file"),
        *(Problem(f"box.mbox#{n}", "no text in the email") for n in range(99)),
    ]
    duplicates = [(f"day2.xml#{n}", f"day1.xml#{n}") for n in range(60)] + [("day3.xml#1", "day1.xml#1")]
    lines = BuildReport(problems=problems, duplicates=duplicates).summary().splitlines()
    assert lines[1:3] == ["Duplicates (indexed once): 61", "  day2.xml#0: same text as day1.xml#0"]
    at = 2 + LINES_LISTED
    assert lines[at : at + 3] == ["  and 11 more, in:", "  day2.xml: 10", "  day3.xml"]
    assert lines[at + 3 : at + 5] == ["Skipped, or values ignored: 100", "  a.txt: empty file"]
    assert lines[at + 5 + LINES_LISTED - 1 :] == ["  and 50 more, in:", "  box.mbox: 50"]


def test_cli_reads_environment_variables(seeds, tmp_path):
    result = cli(env={"SEARCHAPP_SEEDS": str(seeds), "SEARCHAPP_INDEX": str(tmp_path / "ix")})
    assert result.returncode == 0, result.stderr
    assert IndexStore(tmp_path / "ix").manifest()["articles"] == 3


def test_cli_rebuilds_from_the_folder_the_index_was_built_from(tmp_path):
    """Without --seeds (or $SEARCHAPP_SEEDS), a rebuild reads the folder the index was last built
    from: not the seeds/ of wherever it runs."""
    archive, index_dir = tmp_path / "archive", tmp_path / "ix"
    archive.mkdir()
    (archive / "a.txt").write_text(PAGE.format(topic="zeppelins"))
    assert cli("--seeds", str(archive), "--index", str(index_dir)).returncode == 0
    (archive / "b.txt").write_text(PAGE.format(topic="balloons"))
    result = cli("--index", str(index_dir))  # (run where seeds/ holds other articles)
    assert result.returncode == 0, result.stderr
    assert search(index_dir, "zeppelins OR balloons") == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: None, "error: seeds folder not found"),
        (lambda d: (d.mkdir(), (d / "x.txt").write_bytes(b"")), "error: nothing could be indexed"),
    ],
)
def test_cli_fails_with_one_line_reason(tmp_path, setup, message):
    seeds = tmp_path / "seeds"
    setup(seeds)
    result = cli("--seeds", str(seeds), "--index", str(tmp_path / "ix"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(message)


@pytest.mark.parametrize("word", ["Kanye", "nuggets", "Piccadilly", "Goncharova", "Azov", "Alamy"])
def test_furniture_words_find_nothing(seed_index, word):
    assert search(seed_index, word) == []


@pytest.mark.parametrize(
    "phrase, source",
    [
        ('"rare earth and minerals"', "003_657b2bcb8b83fc8a.txt"),
        ('"100-day peace plan"', "000_4b0f88ea541eeaf5.txt"),
        ('"mounting battlefield losses"', "001_ae1d99627bbf23d1.txt"),
    ],
)
def test_article_phrases_are_found(seed_index, phrase, source):
    assert search(seed_index, phrase) == [source]


def test_duplicates_are_indexed_once_but_syndication_is_kept(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    page = PAGE.format(topic="grain exports")
    (seeds / "a.txt").write_text(page)
    (seeds / "a-again.txt").write_text(page)  # the same page saved twice
    (seeds / "b.txt").write_text(page + "\nhttps://other-outlet.example/story\n")  # syndicated
    record = {"id": "r1", "body": "Same body.", "title": "T"}
    (seeds / "feed.jsonl").write_text(json.dumps(record) + "\n" + json.dumps({**record, "id": "r2"}) + "\n")
    report = build_index(seeds, tmp_path / "ix")
    assert report.duplicates == [("a.txt", "a-again.txt")]
    assert report.articles == 4
    assert search(tmp_path / "ix", "grain") == ["a-again.txt", "b.txt"]


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_a_failed_build_leaves_the_previous_index_serving(tmp_path, monkeypatch, full):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(5):
        (seeds / f"{i}.txt").write_text(PAGE.format(topic=f"topic{i}"))
    build_index(seeds, tmp_path / "ix")
    store = IndexStore(tmp_path / "ix")
    before = store.current()

    (seeds / "new.txt").write_text(PAGE.format(topic="freshwords"))
    calls = []
    original = writer_module.to_document

    def explode(article):
        calls.append(article)
        if len(calls) == 3 if full else 1:
            raise RuntimeError("disk on fire")
        return original(article)

    monkeypatch.setattr(writer_module, "to_document", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_index(seeds, tmp_path / "ix", full=full)
    assert store.current() == before
    assert search(tmp_path / "ix", "topic1") == ["1.txt"]
    assert search(tmp_path / "ix", "freshwords") == []
    assert [p.name for p in (tmp_path / "ix").glob("gen-*")] == [before.name]

    monkeypatch.undo()
    build_index(seeds, tmp_path / "ix")
    assert search(tmp_path / "ix", "freshwords") == ["new.txt"]
    assert store.manifest()["previous"] == before.name


def test_leftovers_of_a_killed_build_are_removed(seed_index, tmp_path, seeds):
    ix = tmp_path / "ix"
    build_index(seeds, ix)
    stale = IndexStore(ix).new_generation()  # as a SIGKILLed build leaves it
    (stale / "half-written.seg").write_bytes(b"junk")
    build_index(seeds, ix, full=True)
    assert not stale.exists()
    assert len(list(ix.glob("gen-*"))) == 2  # the live one and its predecessor


def test_a_second_rebuild_is_refused_while_one_runs(seeds, tmp_path):
    store = IndexStore(tmp_path / "ix")
    with store.lock():
        with pytest.raises(BuildError, match="another rebuild .* is running"):
            build_index(seeds, tmp_path / "ix")
        result = cli("--seeds", str(seeds), "--index", str(tmp_path / "ix"))
        assert result.returncode == BUSY_EXIT and "another rebuild" in result.stderr  # (watch: try again)


def test_a_new_generation_is_opened_before_a_search_asks_for_it(seeds, tmp_path):
    """keep_warm (each server worker runs it) opens each generation as it is published, with the
    figures its searches share, and the next search takes that searcher rather than opening one."""
    import time

    from searchapp.search import Engine, SearchRequest

    index_dir = tmp_path / "ix"
    build_index(seeds, index_dir)
    engine = Engine(index_dir)
    engine.search(SearchRequest(q="putin"))
    engine.keep_warm(every=0.05)
    (seeds / "new.txt").write_text("Zeppelin returns\n\nA zeppelin flew over the city again.\n")
    build_index(seeds, index_dir)
    current = IndexStore(index_dir).current()
    deadline = time.monotonic() + 30
    while not (engine._warmed and engine._warmed[0] == current):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    warmed = engine._warmed[1]
    assert engine._shared is not None and engine._shared[0] == current  # (columns and figures too)
    assert engine.search(SearchRequest(q="zeppelin")).total == 1
    assert engine.searcher() is warmed and engine._warmed is None


def test_incremental_rebuild_reads_only_what_changed(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(4):
        (seeds / f"{i}.txt").write_text(PAGE.format(topic=f"topic{i}"))
    (seeds / "feed.jsonl").write_text(json.dumps({"id": "r1", "body": "A record about herons."}) + "\n")
    ix = tmp_path / "ix"
    first = build_index(seeds, ix)
    assert (first.articles, first.reread) == (5, 5)

    again = build_index(seeds, ix)
    assert again.unchanged and again.generation == first.generation and again.articles == 5

    (seeds / "1.txt").write_text(PAGE.format(topic="rewritten"))  # changed
    (seeds / "2.txt").unlink()  # deleted
    (seeds / "new.txt").write_text(PAGE.format(topic="added"))  # new
    (seeds / "copy.txt").write_text(PAGE.format(topic="topic3"))  # a copy of 3.txt
    live = ix / first.generation
    before = {f.name: f.read_bytes() for f in live.iterdir()}
    third = build_index(seeds, ix)
    assert third.reread == 3 and third.articles == 5
    # the new generation started from hard links to the live files, and left them as they were
    assert {f.name: f.read_bytes() for f in live.iterdir()} == before
    assert any(
        (ix / third.generation / name).exists() and (ix / third.generation / name).samefile(live / name)
        for name in before
    )
    assert third.duplicates == [("copy.txt", "3.txt")]
    assert search(ix, "topic1 topic2") == []
    assert search(ix, "rewritten OR added OR topic0 OR topic3 OR herons") == [
        "0.txt",
        "1.txt",
        "3.txt",
        "feed.jsonl#1",
        "new.txt",
    ]

    (seeds / "3.txt").unlink()  # the original of copy.txt goes: the copy is indexed now
    fourth = build_index(seeds, ix)
    assert fourth.duplicates == [] and search(ix, "topic3") == ["copy.txt"]

    full = build_index(seeds, ix, full=True)
    assert full.reread == 5 and search(ix, "topic3") == ["copy.txt"]
    assert IndexStore(ix).manifest()["articles"] == 5


def test_a_rebuild_hashes_only_the_files_whose_size_or_time_changed(tmp_path, monkeypatch):
    """As git's and rsync's quick check: a file of the size and modification time the last build
    recorded is not read again, not even to hash it (the watcher rebuilds after each drop, and an
    archive has thousands of files); one touched is hashed, and kept if its text is the same."""
    from searchapp import index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(3):
        (seeds / f"{i}.txt").write_text(PAGE.format(topic=f"topic{i}"))
    hashed: list[str] = []
    digest = index._digest
    monkeypatch.setattr(index, "_digest", lambda path: hashed.append(path.name) or digest(path))
    build_index(seeds, tmp_path / "ix")
    assert sorted(hashed) == ["0.txt", "1.txt", "2.txt"]

    hashed.clear()
    assert build_index(seeds, tmp_path / "ix").unchanged and hashed == []
    os.utime(seeds / "1.txt", ns=(1, 1))  # touched: same text
    again = build_index(seeds, tmp_path / "ix")
    assert hashed == ["1.txt"] and again.unchanged and again.reread == 0
    hashed.clear()
    assert build_index(seeds, tmp_path / "ix").unchanged and hashed == []  # (its new time recorded)
    hashed.clear()
    assert build_index(seeds, tmp_path / "ix", full=True).reread == 3 and len(hashed) == 3
    hashed.clear()
    (seeds / "empty.txt").write_text("")  # a new file that yields no article: nothing to index,
    assert build_index(seeds, tmp_path / "ix").unchanged and hashed == ["empty.txt"]  # but noted
    hashed.clear()
    assert build_index(seeds, tmp_path / "ix").unchanged and hashed == []


def test_a_changed_catalog_rereads_everything(tmp_path, seeds):
    ix = tmp_path / "ix"
    build_index(seeds, ix)
    catalog = seeds / "catalog.csv"
    catalog.write_text(catalog.read_text().replace("LBC", "LBC Radio"))
    report = build_index(seeds, ix)
    assert report.reread == 3
    _, index = IndexStore(ix).open()
    with index.searcher() as s:
        assert {d["outlet_exact"] for d in s.all_stored_fields()} >= {"LBC Radio"}


def test_a_catalog_saved_by_a_spreadsheet_is_read(tmp_path, seeds):
    """catalog.csv as Excel saves it on Windows in much of Europe: cp1252 and semicolons (it had
    failed the rebuild: "cannot read the catalog: 'utf-8' codec can't decode"); a row naming no
    article file is reported."""
    catalog = seeds / "catalog.csv"
    text = catalog.read_text().replace(",", ";").replace("LBC", "Radio Café")
    catalog.write_bytes((text + "missing.txt;Nobody\n").replace("\n", "\r\n").encode("cp1252"))
    result = cli("--seeds", str(seeds), "--index", str(tmp_path / "ix"))
    assert result.returncode == 0, result.stderr
    assert "catalog.csv: names 'missing.txt', which is not among the article files" in result.stdout
    _, index = IndexStore(tmp_path / "ix").open()
    with index.searcher() as s:
        assert {d["outlet_exact"] for d in s.all_stored_fields()} >= {"Radio Café", "The Moscow Times"}


def test_an_unreadable_synonyms_list_fails_the_rebuild_and_the_live_index_stays(tmp_path, seeds):
    """Building without the list would change every search that used it: the rebuild says why it
    stopped, through the CLI, and the index it would have replaced still serves."""
    ix = tmp_path / "ix"
    build_index(seeds, ix)
    live = IndexStore(ix).current()
    (seeds / "synonyms.txt").write_bytes(b"Kyiv, Kiev\n\xff\xfe broken\n")
    result = cli("--seeds", str(seeds), "--index", str(ix))
    assert result.returncode != 0 and "cannot read synonyms.txt" in result.stderr
    assert IndexStore(ix).current() == live


def _notes(tmp_path: Path) -> Path:
    """Enough records for a build to fork writer processes."""
    from searchapp.index import PARALLEL_FROM

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    records = [
        {"id": f"r{i}", "title": f"Note {i}", "body": f"grain shipment number {i}" + " wheat" * (i % 7)}
        for i in range(PARALLEL_FROM)
    ]
    (seeds / "notes.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    return seeds


def test_parallel_writers_build_the_same_index(tmp_path):
    from searchapp.search import Engine, SearchRequest

    seeds = _notes(tmp_path)
    report = build_index(seeds, tmp_path / "forked", procs=2)
    build_index(seeds, tmp_path / "one", procs=1)
    assert report.articles == len(search(tmp_path / "forked", "grain")) > 1000
    assert search(tmp_path / "forked", "title:1999") == ["notes.jsonl#2000"]
    assert len(list(IndexStore(tmp_path / "forked").current().glob("*.trm"))) == 2  # one segment each

    def ranked(index_dir: Path, **request: str) -> list[tuple[str, float]]:
        page = Engine(index_dir).search(SearchRequest(per_page=50, **request))
        return [(hit.id, hit.score) for hit in page.results]

    for request in [{"q": "wheat shipment"}, {"q": "note 1234"}, {"q": ""}]:
        assert ranked(tmp_path / "forked", **request) == ranked(tmp_path / "one", **request)


@pytest.mark.parametrize("failure", ["error", "killed"])
def test_a_failed_writer_process_leaves_the_previous_index(tmp_path, monkeypatch, failure):
    seeds, index_dir = _notes(tmp_path), tmp_path / "ix"
    build_index(seeds, index_dir)
    store = IndexStore(index_dir)
    before = store.current()
    original = writer_module.to_document

    def explode(article):
        if article.id == "r1990":  # in the second process's share
            if failure == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("disk on fire")
        return original(article)

    monkeypatch.setattr(writer_module, "to_document", explode)
    reason = "RuntimeError: disk on fire" if failure == "error" else "a writer process died"
    with pytest.raises(BuildError, match=f"indexing failed: {reason}"):
        build_index(seeds, index_dir, full=True, procs=2)
    assert multiprocessing.active_children() == []
    assert [p.name for p in index_dir.glob("gen-*")] == [before.name]
    assert len(search(index_dir, "grain")) > 1000


def test_hostile_seed_folder(tmp_path):
    """Every good article is indexed and every bad file is named with its reason."""
    seeds = tmp_path / "seeds"
    (seeds / "tiny").mkdir(parents=True)
    for i in range(10_000):
        (seeds / "tiny" / f"{i:05}.txt").write_text(
            f"Tiny note {i}\n\nA tiny note, number {i}, about otters.\n"
        )
    (seeds / "huge.txt").write_bytes(b"All work and no play. " * (50 * 2**20 // 22 + 1))  # 50 MB
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (seeds / "latin.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    (seeds / "escape.txt").symlink_to("/etc/hostname")
    (seeds / "feed.jsonl").write_text('{"body": "Good record about otters."}\n{not json\n')
    result = cli("--seeds", str(seeds), "--index", str(tmp_path / "ix"))
    assert result.returncode == 0, result.stderr
    assert "Indexed 10001 articles" in result.stdout
    for name, reason in [
        ("huge.txt", "larger than 20 MB"),
        ("binary.txt", "binary file"),
        ("latin.txt", "undecodable bytes"),
        ("empty.txt", "empty file"),
        ("loop.txt", "broken or looping symbolic link"),
        ("escape.txt", "symbolic link points outside the seeds folder"),
        ("feed.jsonl#2", "invalid JSON"),
    ]:
        assert f"  {name}: {reason}" in result.stdout
    assert len(search(tmp_path / "ix", "otters")) == 10_001


def test_a_reused_id_stays_reported_across_incremental_rebuilds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.jsonl").write_text(json.dumps({"id": "r1", "body": "Kestrels hover."}) + "\n")
    (seeds / "b.jsonl").write_text(json.dumps({"id": "r1", "body": "Ospreys dive."}) + "\n")
    ix = tmp_path / "ix"
    reused = ("b.jsonl#1", "id 'r1' already used by a.jsonl#1")
    assert [(p.source, p.reason) for p in build_index(seeds, ix).problems] == [reused]
    again = build_index(seeds, ix)
    assert again.unchanged and [(p.source, p.reason) for p in again.problems] == [reused]
    (seeds / "a.jsonl").unlink()  # the holder goes: the other record is indexed now
    assert build_index(seeds, ix).problems == []
    assert search(ix, "ospreys") == ["b.jsonl#1"]


def test_dates_are_indexed_by_day_and_sorted_by_time(tmp_path):
    from searchapp.search import Engine, SearchRequest

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    times = ["2025-02-03T08:00:00", "2025-02-03T17:30:00", "2025-02-03T12:15:00", "2025-02-04T00:05:00"]
    records = [
        {"id": f"r{i}", "title": "Grain", "body": "grain news", "date": t} for i, t in enumerate(times)
    ]
    (seeds / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    build_index(seeds, tmp_path / "ix")
    engine = Engine(tmp_path / "ix")

    def ids(**request: str) -> list[str]:  # (one text, four times: shown apart, not folded)
        return [hit.id for hit in engine.search(SearchRequest(copies="show", **request)).results]

    assert ids(q="grain", sort="newest") == ["r3", "r1", "r2", "r0"]
    assert ids(q="date:2025-02-03", sort="oldest") == ["r0", "r2", "r1"]
    assert ids(q="date:>2025-02-03") == ["r3"]
    field, terms = engine.searcher().schema["date"], engine.searcher().reader().lexicon("date")
    values = [field.from_bytes(t) for t in terms if t[0] == 0]  # full values (not trie prefixes)
    assert values == [datetime(2025, 2, 3), datetime(2025, 2, 4)]


def _one_segment_each(tmp_path: Path, key: str, values: list[list[str | None]]) -> Any:
    """A searcher over a segment for each list, built one after the other: an article for each
    value of the list, with that value as its `key` (none for None)."""
    from searchapp.search import Engine

    seeds, ix = tmp_path / "seeds", tmp_path / "ix"
    seeds.mkdir()
    for segment, some in enumerate(values):
        records = [
            {"id": f"{segment}-{n}", "title": "Grain", "body": "grain", key: v} for n, v in enumerate(some)
        ]
        (seeds / f"{segment}.jsonl").write_text(
            "".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in records)
        )
        build_index(seeds, ix)
    s = Engine(ix).searcher()
    assert len(s.reader().leaf_readers()) == len(values)
    return s


def test_the_date_column_read_in_bulk_is_whooshs_reading(tmp_path):
    """Columns reads each segment's dates as one array; Whoosh's own reading, value by value,
    must agree: across segments, before 1970, and for undated articles after a segment's last
    dated one (whose column stops short)."""
    from searchapp.columns import Columns
    from searchapp.scoring import Stats

    dates = [
        ["1987-03-01T10:00:00", None, "1963-11-22T12:30:00"],
        ["2025-02-03T08:00:00", "2025-02-03T07:59:59", None, None],
    ]
    s = _one_segment_each(tmp_path, "date", dates)
    when = [
        column[n] if column[n] > datetime.min else None
        for segment, _ in s.reader().leaf_readers()
        for column in [segment.column_reader("date")]
        for n in range(segment.doc_count_all())
    ]
    columns = Columns(s, Stats(s).live, tmp_path)  # (no groups stored there: computed)
    assert columns.day.tolist() == [w.toordinal() if w else 0 for w in when]
    dated = [n for n, w in enumerate(when) if w]
    assert sorted(dated, key=lambda n: when[n]) == sorted(dated, key=lambda n: columns.stamp[n])
    assert [n for n, w in enumerate(when) if not w] == [n for n, t in enumerate(columns.stamp) if t != t]


def test_a_field_length_counts_the_words_written_not_the_compounds_added(tmp_path):
    """Indexing adds "non-profit" also as nonprofit, at "profit"'s position: a second spelling,
    not a word, so BM25's length normalisation must not see it (as Lucene's discountOverlaps):
    'group' scores the same in "non-profit group" as in "non profit group"."""
    from searchapp.search import Engine, SearchRequest

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    bodies = {"hyphens": "The non-profit group", "spaced": "The non profit group", "other": "Fish"}
    (seeds / "a.jsonl").write_text(
        "".join(json.dumps({"id": k, "title": "Report", "body": v}) + "\n" for k, v in bodies.items())
    )
    build_index(seeds, tmp_path / "ix")
    engine = Engine(tmp_path / "ix")
    s = engine.searcher()
    number = {s.stored_fields(n)["id"]: n for n in range(s.doc_count_all())}
    assert s.doc_field_length(number["hyphens"], "body") == 3  # non, profit, group ("the" is stopped)
    assert s.doc_field_length(number["hyphens"], "exact") == 4 + 1  # the body as written, and the title
    assert [h.id for h in engine.search(SearchRequest(q="nonprofit")).results] == ["hyphens"]
    scores = {h.id: h.score for h in engine.search(SearchRequest(q="group", copies="show")).results}
    assert scores["hyphens"] == scores["spaced"]


def test_the_outlet_column_read_in_bulk_is_whooshs_reading(tmp_path):
    """Columns reads each segment's outlets as one array of references into its distinct values;
    Whoosh's own reading, value by value, must agree: across segments with different values,
    for articles without an outlet, and past 255 distinct values (two-byte references)."""
    from searchapp.columns import Columns
    from searchapp.scoring import Stats

    gazettes = [f"Gazette {n}" for n in range(300)]
    outlets = [
        ["Reuters", None, "Le Monde", "Reuters", "Zürcher Zeitung"],
        [None, "Le Monde", *gazettes, None],
    ]
    s = _one_segment_each(tmp_path, "outlet", outlets)
    whooshs = [
        value or None
        for segment, _ in s.reader().leaf_readers()
        for value in segment.column_reader("outlet_exact")
    ]
    columns = Columns(s, Stats(s).live, tmp_path)  # (no groups stored there: computed)
    assert [columns.outlets[n] for n in columns.outlet] == whooshs
    assert len(set(whooshs)) == 304 and whooshs.count(None) == 3  # (None among them)


def test_the_signature_column_read_in_bulk_is_whooshs_reading(tmp_path):
    """Columns reads each segment's copies.marks signatures as one array; Whoosh's own reading,
    value by value, must agree: across segments, and for texts too short to sign (none) before,
    between and after signed ones (whose column stops short)."""
    from searchapp.columns import _signatures

    def long(n: int) -> str:
        return " ".join(f"word{n}x{i}" for i in range(120))

    s = _one_segment_each(
        tmp_path, "body", [[long(1), "short", long(2), "short"], ["short"], ["short", long(3)]]
    )
    whooshs = [
        value for segment, _ in s.reader().leaf_readers() for value in segment.column_reader("signature")
    ]
    bulk = _signatures(s.reader(), s.doc_count_all())
    assert [row.astype(">u4").tobytes() for row in bulk] == whooshs
    assert [any(value) for value in whooshs] == [True, False, True, False, False, False, True]


def test_many_files_are_read_by_forked_readers_to_the_same_index(tmp_path):
    """With many files to read and more than one process asked for, the command reads them in
    forked processes (a saved page's extraction takes milliseconds): the articles, their order,
    the problems reported by name and the catalog's facts are those one process reads."""
    from searchapp.index import READ_PARALLEL_FROM

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(READ_PARALLEL_FROM + 20):
        (seeds / f"page-{n:04d}.txt").write_text(PAGE.format(topic=f"harbour fee number {n}"))
    (seeds / "page-0100.txt").write_bytes(b"\x00\x01binary")
    (seeds / "catalog.csv").write_text("file,outlet\npage-0007.txt,Harbour Gazette\n")
    outputs = []
    for procs in ("1", "2"):
        result = cli(
            "--seeds", str(seeds), "--index", str(tmp_path / f"ix{procs}"), "--full", "--procs", procs
        )
        assert result.returncode == 0, result.stderr
        outputs.append([line for line in result.stdout.splitlines() if not line.startswith("Indexed")])
        assert f"Indexed {READ_PARALLEL_FROM + 19} articles" in result.stdout
    assert outputs[0] == outputs[1] and "  page-0100.txt: binary file (contains NUL bytes)" in outputs[1]
    from searchapp.app import create_app

    for procs in ("1", "2"):
        client = create_app({"INDEX_DIR": str(tmp_path / f"ix{procs}")}).test_client()
        asked = {"q": "harbour", "per_page": 100, "sort": "oldest"}
        found = client.get("/api/search", query_string=asked).get_json()
        assert found["total"] == READ_PARALLEL_FROM + 19
        gazette = client.get("/api/search", query_string={**asked, "outlet": "Harbour Gazette"}).get_json()
        assert [hit["source"] for hit in gazette["results"]] == ["page-0007.txt"]


def test_forked_readers_read_in_other_processes_in_order(tmp_path, monkeypatch):
    """The rebuild's forked readers are other processes, whose results come back in the files'
    order; with one process asked for, or few files, this one reads them."""
    from searchapp import index
    from searchapp.readers import FileResult

    monkeypatch.setattr(index, "read_file", lambda seeds, rel, row: FileResult(f"{rel} {os.getpid()}"))
    rels = [f"page-{n:04d}.txt" for n in range(index.READ_PARALLEL_FROM)]
    for procs, few in ((2, False), (1, False), (2, True)):
        asked = rels[:3] if few else rels
        read = [result.file.split() for result in index._read_files(tmp_path, asked, {}, procs)]
        assert [rel for rel, _ in read] == asked
        forked = {pid for _, pid in read} - {str(os.getpid())}
        assert bool(forked) == (procs == 2 and not few), (procs, few)
