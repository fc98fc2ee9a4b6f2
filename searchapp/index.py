"""Rebuild the search index from the seeds folder: `python -m searchapp.index`.

`build_index` reads every article file, drops exact duplicates, writes a complete new index
generation and only then swaps it in, so a failed or killed build leaves the old index serving.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index

from . import config
from .article import Article
from .metadata import read_catalog
from .readers import FileResult, Problem, discover, read_file
from .schema import SCHEMA_VERSION, build_schema, to_document
from .store import IndexStore, StoreBusy

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class BuildError(RuntimeError):
    """The rebuild could not produce an index; the previous one is still serving."""


@dataclass
class BuildReport:
    articles: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, same text as)
    seconds: float = 0.0
    generation: str = ""

    def summary(self) -> str:
        lines = [
            f"Indexed {self.articles} articles from {self.files} files in {self.seconds:.1f} s"
            f" -> {self.generation}"
        ]
        if self.duplicates:
            lines.append(f"Duplicates (indexed once): {len(self.duplicates)}")
            lines += [f"  {src}: same text as {orig}" for src, orig in self.duplicates]
        if self.problems:
            lines.append(f"Skipped: {len(self.problems)}")
            lines += [f"  {p.source}: {p.reason}" for p in self.problems]
        return "\n".join(lines)


def build_index(seeds: Path, index_dir: Path, progress: Progress | None = None) -> BuildReport:
    """Index every article under `seeds` into a new generation of `index_dir` and publish it."""
    started = time.perf_counter()
    if not seeds.is_dir():
        raise BuildError(f"seeds folder not found: {seeds}")
    store = IndexStore(index_dir)
    try:
        with store.lock():
            store.clean()  # leftovers of killed builds
            report = _build(seeds, store, progress or (lambda *_: None))
            store.clean()
    except StoreBusy as e:
        raise BuildError(str(e)) from None
    report.seconds = time.perf_counter() - started
    return report


def _build(seeds: Path, store: IndexStore, progress: Progress) -> BuildReport:
    try:
        catalog = read_catalog(seeds)
    except (OSError, ValueError) as e:
        raise BuildError(f"cannot read the catalog: {e}") from None
    files, problems = discover(seeds)
    report = BuildReport(files=len(files), problems=problems)

    results: list[FileResult] = []
    for done, rel in enumerate(files, start=1):
        results.append(read_file(seeds, rel, catalog.get(rel, {})))
        progress("reading", done, len(files))
    articles = _unique(results, report)
    if not articles:
        reasons = "; ".join(f"{p.source}: {p.reason}" for p in report.problems[:3])
        raise BuildError(f"nothing could be indexed from {seeds} ({len(report.problems)} skipped: {reasons})")

    gen = store.new_generation()
    try:
        ix = whoosh_index.create_in(str(gen), build_schema())
        writer = ix.writer(limitmb=256)
        try:
            for done, article in enumerate(articles, start=1):
                writer.add_document(**to_document(article))
                progress("indexing", done, len(articles))
            writer.commit()
        except BaseException:
            writer.cancel()  # a failed commit can leave the write lock held
            raise
        report.articles = len(articles)
        store.publish(
            gen,
            {
                "schema_version": SCHEMA_VERSION,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "articles": report.articles,
                "seeds": str(seeds.resolve()),
            },
        )
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    report.generation = gen.name
    return report


def _unique(results: list[FileResult], report: BuildReport) -> list[Article]:
    """Collect articles, indexing a page saved twice once; records with their own id always stay."""
    articles: list[Article] = []
    seen_text: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for result in results:
        report.problems.extend(result.problems)
        for article in result.articles:
            if article.id in seen_ids:
                report.problems.append(
                    Problem(article.source, f"id {article.id!r} already used by {seen_ids[article.id]}")
                )
                continue
            if "id" not in article.origins:
                original = seen_text.setdefault(article.fingerprint(), article.source)
                if original != article.source:
                    report.duplicates.append((article.source, original))
                    continue
            seen_ids[article.id] = article.source
            articles.append(article)
    return articles


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
    parser.add_argument("--seeds", help="folder of article files (default: $SEARCHAPP_SEEDS or seeds/)")
    parser.add_argument("--index", help="index folder (default: $SEARCHAPP_INDEX or index/)")
    args = parser.parse_args(argv)
    progress, close = _progress_printer()
    try:
        report = build_index(config.seeds_dir(args.seeds), config.index_dir(args.index), progress)
    except BuildError as e:
        close()
        print(f"error: {e}", file=sys.stderr)
        return 1
    close()
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
