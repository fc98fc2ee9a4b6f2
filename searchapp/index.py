"""Rebuild the search index from the seeds folder: `python -m searchapp.index`.

`build_index` reads every article file, drops exact duplicates, writes a complete new index
generation and only then swaps it in, so a failed or killed build leaves the old index serving.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from . import config

if __name__ == "__main__":  # (the command, not a library's import)
    config.without_scipy()

from .article import Article, Problem  # noqa: E402
from .columns import GROUPS_NAME, save_text_groups  # noqa: E402
from .metadata import CATALOG_NAME, read_catalog  # noqa: E402
from .readers import FileResult, discover, read_file  # noqa: E402
from .schema import SCHEMA_VERSION, build_schema, source_file  # noqa: E402
from .store import BUSY_EXIT, MANIFEST, IndexStore, StoreBusy  # noqa: E402
from .synonyms import STORED_NAME, SYNONYMS_NAME, Synonyms, read_synonyms, unused  # noqa: E402
from .writer import WRITER_OPTIONS, NewsWriter, WriterDied, children_die_with_us, write_segments  # noqa: E402

Progress = Callable[[str, int, int], None]  # (stage, done, total)
PARALLEL_FROM = 2000  # articles to add before forking writer processes pays off
READ_PARALLEL_FROM = 200  # files to read before forking reader processes pays off
FILES_LISTED = 20  # files named under each of the summary's "Without ..." headings
LINES_LISTED = 50  # duplicates and problems the summary lists one by one (the rest, by file)


class BuildError(RuntimeError):
    """The rebuild could not produce an index; the previous one is still serving."""


class Busy(BuildError):
    """Another rebuild holds the index: the command exits with store.BUSY_EXIT, to try again."""


@dataclass
class BuildReport:
    articles: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, same text as)
    seconds: float = 0.0
    generation: str = ""
    reread: int = 0  # files read again (all of them in a full build)
    unchanged: bool = False  # nothing changed: the live index was kept
    synonyms: int = 0  # words and phrases of seeds/synonyms.txt that a search will take as one
    synonyms_unused: list[str] = field(default_factory=list)  # those of them no article holds
    undated: list[str] = field(default_factory=list)  # sources of the articles read without a date
    no_outlet: list[str] = field(default_factory=list)  # and without an outlet

    def summary(self) -> str:
        state = "unchanged" if self.unchanged else f"{self.reread} files read"
        lines = [
            f"Indexed {self.articles} articles from {self.files} files in {self.seconds:.1f} s"
            f" ({state}) -> {self.generation}"
        ]
        if self.synonyms:
            lines.append(f"Synonyms: {self.synonyms} words and phrases from {SYNONYMS_NAME}")
        if self.synonyms_unused:
            listed = ", ".join(repr(entry) for entry in self.synonyms_unused[:FILES_LISTED])
            more = len(self.synonyms_unused) - FILES_LISTED
            lines.append(
                f"  in no article (kept; misspelled?): {listed}" + (f" and {more} more" if more > 0 else "")
            )
        if self.duplicates:
            lines.append(f"Duplicates (indexed once): {len(self.duplicates)}")
            lines += _one_by_one([(src, f"same text as {orig}") for src, orig in self.duplicates])
        if self.problems:
            lines.append(f"Skipped, or values ignored: {len(self.problems)}")
            lines += _one_by_one([(p.source, p.reason) for p in self.problems])
        for missing, sources in (("a date", self.undated), ("an outlet", self.no_outlet)):
            if sources:
                where = f"give it in {CATALOG_NAME}, or in the JSON Lines or CSV record"
                lines.append(f"Without {missing}: {len(sources)} ({where})")
                lines += _by_file(sources)
        return "\n".join(lines)


def _one_by_one(rows: list[tuple[str, str]]) -> list[str]:
    """The first LINES_LISTED of (source, what) rows, and the files of the rest: a feed saved
    every day repeats its items, and a broken mailbox can fail a million times."""
    more = [source for source, _ in rows[LINES_LISTED:]]
    lines = [f"  {source}: {what}" for source, what in rows[:LINES_LISTED]]
    return lines + ([f"  and {len(more)} more, in:", *_by_file(more, "")] if more else [])


def _by_file(sources: list[str], unit: str = " articles") -> list[str]:
    """The files of `sources`, with how many `unit` each where it has several, the first
    FILES_LISTED of them: an archive's JSON Lines file may hold thousands."""
    counts: dict[str, int] = {}
    for source in sources:
        counts[source_file(source)] = counts.get(source_file(source), 0) + 1
    lines = [f"  {name}" + (f": {n}{unit}" if n > 1 else "") for name, n in counts.items()]
    more = len(lines) - FILES_LISTED
    return lines[:FILES_LISTED] + ([f"  and {more} more files"] if more > 0 else [])


def build_index(
    seeds: Path, index_dir: Path, progress: Progress | None = None, full: bool = False, procs: int = 1
) -> BuildReport:
    """Index the articles under `seeds` into a new generation of `index_dir` and publish it.

    By default only new or changed files (by content hash) are read again, starting from the live
    generation's files; `full` re-reads everything. Either way the result is swapped in whole.
    `procs` > 1 reads (from READ_PARALLEL_FROM files) and writes (from PARALLEL_FROM articles) in that
    many forked processes: only for the command line, never in a server.
    """
    started = time.perf_counter()
    if not seeds.is_dir():
        raise BuildError(f"seeds folder not found: {seeds}")
    store = IndexStore(index_dir)
    try:
        with store.lock():
            store.clean()  # leftovers of killed builds
            report = _build(seeds, store, progress or (lambda *_: None), full, procs)
            store.clean()
    except StoreBusy as e:
        raise Busy(str(e)) from None
    report.seconds = time.perf_counter() - started
    return report


def _read_files(
    seeds: Path, rels: list[str], catalog: dict[str, dict[str, str]], procs: int
) -> Iterator[FileResult]:
    """Each file read (readers.read_file), in order: by `procs` forked processes where there are
    many (a saved page's extraction takes milliseconds: 2,000 pages read in 2.0 s by two, 4.1 s
    by one), else by this one."""
    if procs < 2 or len(rels) < READ_PARALLEL_FROM:
        yield from (read_file(seeds, rel, catalog.get(rel, {})) for rel in rels)
        return
    children_die_with_us()
    forked = multiprocessing.get_context("fork")  # (the children have the catalog without a copy sent)
    try:
        with ProcessPoolExecutor(
            procs, mp_context=forked, initializer=_reading, initargs=(seeds, catalog)
        ) as pool:
            yield from pool.map(_read_in_child, rels, chunksize=16)
    except BrokenProcessPool as e:
        raise BuildError(f"reading failed: a reader process died ({e})") from None


_READING: dict[str, Any] = {}  # what a forked reader reads: its seeds folder and the catalog


def _reading(seeds: Path, catalog: dict[str, dict[str, str]]) -> None:
    _READING.update(seeds=seeds, catalog=catalog)


def _read_in_child(rel: str) -> FileResult:
    return read_file(_READING["seeds"], rel, _READING["catalog"].get(rel, {}))


def _build(seeds: Path, store: IndexStore, progress: Progress, full: bool, procs: int) -> BuildReport:
    try:
        catalog = read_catalog(seeds)
        catalog_hash = _digest(seeds / CATALOG_NAME) if (seeds / CATALOG_NAME).exists() else None
    except (OSError, ValueError) as e:
        raise BuildError(f"cannot read the catalog: {e}") from None
    files, problems = discover(seeds)
    problems += [  # (a typo in the catalog would otherwise be silent)
        Problem(CATALOG_NAME, f"names {name!r}, which is not among the article files")
        for name in sorted(set(catalog) - set(files))
    ]
    report = BuildReport(files=len(files), problems=problems)
    synonyms, synonyms_hash = _synonyms(seeds, report)

    live = store.current()
    previous = store.manifest(live) if live else {}
    manifest = previous if not full else {}
    reusable = manifest.get("schema_version") == SCHEMA_VERSION and manifest.get("catalog") == catalog_hash
    old: dict[str, dict] = manifest.get("files", {}) if reusable else {}
    hashes = _hashes(seeds, files, old)
    kept = {
        rel for rel in files if rel in old and hashes[rel]["hash"] and hashes[rel]["hash"] == old[rel]["hash"]
    }
    gone = set(old) - kept  # changed or deleted: their documents are removed
    # a page dropped as a copy of one (or for reusing the id of one) that changed or went away
    # must be read again
    kept = {
        rel
        for rel in kept
        if not any(source_file(row[1]) in gone for row in old[rel]["duplicates"] + old[rel]["collisions"])
    }
    gone = set(old) - kept

    to_read = [rel for rel in files if rel not in kept]
    fresh: dict[str, FileResult] = {}
    read = _read_files(seeds, to_read, catalog, procs)
    for done, (rel, result) in enumerate(zip(to_read, read, strict=True), start=1):
        fresh[rel] = result
        progress("reading", done, len(to_read))
    now = datetime.now(UTC)
    first_added = _first_added(previous)  # (--full too: a rebuild does not make old articles new)
    entries, articles, stale_ids = _unique(
        files, {rel: old[rel] for rel in kept}, fresh, hashes, first_added, int(now.timestamp()), report
    )
    report.articles = sum(len(e["indexed"]) for e in entries.values())
    report.undated = [a.source for a in articles if a.date is None]
    report.no_outlet = [a.source for a in articles if not a.outlet]
    if not report.articles:
        reasons = "; ".join(f"{p.source}: {p.reason}" for p in report.problems[:3])
        raise BuildError(f"nothing could be indexed from {seeds} ({len(report.problems)} skipped: {reasons})")
    same_synonyms = manifest.get("synonyms") == synonyms_hash
    if live and old and not gone and not articles and not stale_ids and same_synonyms:
        report.generation = live.name  # nothing changed: the live index stays
        report.unchanged = True
        if any(entries[rel]["stat"] != old.get(rel, {}).get("stat") for rel in entries):
            store.record(live, {**manifest, "files": entries})  # (files touched: their new times)
        return report

    gen = store.new_generation()
    try:
        if old:
            _copy_index(live, gen)
            ix = whoosh_index.open_dir(str(gen))
        else:
            ix = whoosh_index.create_in(str(gen), build_schema())
        forks = procs if len(articles) >= PARALLEL_FROM else 1
        try:
            segments = write_segments(
                ix, articles, forks, lambda done: progress("indexing", done, len(articles))
            )
        except WriterDied as e:
            raise BuildError(f"indexing failed: {e}") from None
        writer = NewsWriter(ix, segments, **WRITER_OPTIONS)
        try:
            for rel in sorted(gone):
                writer.delete_by_term("file", rel)
            for article_id in stale_ids:
                writer.delete_by_term("id", article_id)
            writer.commit()
        except BaseException:
            writer.cancel()  # a failed commit can leave the write lock held
            raise
        with ix.searcher() as s:
            save_text_groups(gen, s.reader())
            report.synonyms_unused = unused(s, synonyms)
        if synonyms:
            (gen / STORED_NAME).write_text(json.dumps(synonyms, ensure_ascii=False), encoding="utf-8")
        store.publish(
            gen,
            {
                "schema_version": SCHEMA_VERSION,
                "built_at": now.isoformat(timespec="seconds"),
                "articles": report.articles,
                "seeds": str(seeds.resolve()),
                "catalog": catalog_hash,
                "synonyms": synonyms_hash,
                "files": entries,
            },
        )
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    report.generation = gen.name
    report.reread = len(to_read)
    return report


def _synonyms(seeds: Path, report: BuildReport) -> tuple[list[list[str]], str | None]:
    """The seeds folder's synonyms list, what cannot be used of it reported, and its hash (a
    changed list makes a new generation, with no article read again)."""
    field = build_schema()["body"]
    try:
        groups, unusable = read_synonyms(seeds, field)
    except (OSError, UnicodeDecodeError) as e:
        raise BuildError(f"cannot read {SYNONYMS_NAME}: {e}") from None
    report.problems += [Problem(f"{SYNONYMS_NAME} line {n}", reason) for n, reason in unusable]
    report.synonyms = len(Synonyms(groups, field).spellings)
    return groups, _digest(seeds / SYNONYMS_NAME) if (seeds / SYNONYMS_NAME).is_file() else None


def _hashes(seeds: Path, files: list[str], old: dict[str, dict]) -> dict[str, dict]:
    """Each file's content hash, with its size and modification time: a file whose size and time
    are those the last build recorded keeps the hash recorded, unread (the quick check of git and
    rsync), so that a rebuild after one new file reads one file, not the archive (--full reads
    every file, should a change keep both)."""
    found = {}
    for rel in files:
        try:
            status = (seeds / rel).stat()
            stat = [status.st_size, status.st_mtime_ns]
        except OSError:
            stat = None
        known = old.get(rel)
        same = stat is not None and known is not None and known.get("stat") == stat
        found[rel] = {"hash": known["hash"] if same else _digest(seeds / rel), "stat": stat}
    return found


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None  # read_file reports why


def _copy_index(source: Path, target: Path) -> None:
    """The live generation's Whoosh files, as the starting point of an incremental build: hard
    links where the file system allows, as Whoosh never rewrites a file it has written (new
    segments, deletions and the table of contents go to new files), so an incremental build
    costs no copy of the index (tests/test_index.py checks the live files stay unchanged)."""
    for path in source.iterdir():
        if path.is_file() and path.name not in (MANIFEST, STORED_NAME, GROUPS_NAME):
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copy2(path, target / path.name)


def _first_added(manifest: dict) -> dict[str, int]:
    """When each article of a manifest was first indexed, by id (seconds since 1970, UTC)."""
    return {
        row[0]: row[3]
        for entry in manifest.get("files", {}).values()
        for row in entry.get("indexed", [])
        if len(row) > 3
    }


def _unique(
    files: list[str],
    kept: dict[str, dict],
    fresh: dict[str, FileResult],
    hashes: dict[str, dict],
    first_added: dict[str, int],
    now: int,
    report: BuildReport,
) -> tuple[dict[str, dict], list[Article], list[str]]:
    """Walk all files in order, indexing a page saved twice once (records with their own id always
    stay), each article dated when it was first indexed (`now` for a new one). Returns each
    file's manifest entry, the articles to add, and kept ids to delete."""
    entries: dict[str, dict] = {}
    new: list[Article] = []
    stale: list[str] = []
    seen_text: dict[str, str] = {}
    seen_ids: dict[str, str] = {}

    def collision(source: str, article_id: str, holder: str, entry: dict) -> None:
        report.problems.append(Problem(source, f"id {article_id!r} already used by {holder}"))
        entry["collisions"].append([source, holder, article_id])

    def admit(article_id: str, source: str, fingerprint: str | None, added: int, entry: dict) -> bool:
        if article_id in seen_ids:
            collision(source, article_id, seen_ids[article_id], entry)
            return False
        if fingerprint is not None:
            original = seen_text.setdefault(fingerprint, source)
            if original != source:
                report.duplicates.append((source, original))
                entry["duplicates"].append([source, original])
                return False
        seen_ids[article_id] = source
        entry["indexed"].append([article_id, source, fingerprint, added])
        return True

    for rel in files:
        entry: dict = {**hashes[rel], "indexed": [], "duplicates": [], "collisions": [], "problems": []}
        entries[rel] = entry
        if rel in kept:
            previous = kept[rel]
            for source, reason in previous["problems"]:
                report.problems.append(Problem(source, reason))
                entry["problems"].append([source, reason])
            for source, holder, article_id in previous["collisions"]:
                collision(source, article_id, holder, entry)
            for source, original in previous["duplicates"]:
                report.duplicates.append((source, original))
                entry["duplicates"].append([source, original])
            for article_id, source, fingerprint, added in previous["indexed"]:
                if not admit(article_id, source, fingerprint, added, entry):
                    stale.append(article_id)
            continue
        result = fresh[rel]
        report.problems.extend(result.problems)
        entry["problems"] += [[p.source, p.reason] for p in result.problems]
        for article in result.articles:
            fingerprint = None if "id" in article.origins else article.fingerprint()
            added = first_added.get(article.id, now)
            if admit(article.id, article.source, fingerprint, added, entry):
                new.append(replace(article, added=datetime.fromtimestamp(added, UTC).replace(tzinfo=None)))
    return entries, new, stale


def _progress_printer() -> tuple[Progress, Callable[[], None]]:
    """A tqdm bar on a terminal; otherwise a plain line every few seconds and at each stage's end."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bars: dict[str, tqdm] = {}

        def bar(stage: str, done: int, total: int) -> None:
            b = bars.get(stage) or bars.setdefault(stage, tqdm(total=total, desc=stage, unit=""))
            b.update(done - b.n)

        def close() -> None:
            for b in bars.values():
                b.close()

        return bar, close

    last = [0.0]

    def lines(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= 5:
            last[0] = now
            print(f"{stage}: {done}/{total}", file=sys.stderr, flush=True)

    return lines, lambda: None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m searchapp.index", description=__doc__)
    parser.add_argument(
        "--seeds",
        help="folder of article files (default: $SEARCHAPP_SEEDS, or the index's last, or seeds/)",
    )
    parser.add_argument("--index", help="index folder (default: $SEARCHAPP_INDEX or index/)")
    parser.add_argument("--full", action="store_true", help="read every file again, not only changed ones")
    parser.add_argument(
        "--procs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes reading and writing (default: all cores)",
    )
    args = parser.parse_args(argv)
    progress, close = _progress_printer()
    index_dir = config.index_dir(args.index)
    try:
        report = build_index(
            config.seeds_dir(args.seeds, index_dir),
            index_dir,
            progress,
            args.full,
            max(1, args.procs),
        )
    except BuildError as e:
        close()
        print(f"error: {e}", file=sys.stderr)
        return BUSY_EXIT if isinstance(e, Busy) else 1
    close()
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
