"""Where the seeds and the index live: command-line flag > environment variable > (for the seeds,
the folder the index was built from) > default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .store import IndexStore

DEFAULT_SEEDS = "seeds"
DEFAULT_INDEX = "index"


def seeds_dir(flag: str | None = None, index: Path | None = None) -> Path:
    """The articles' folder; by default the one the index at `index` was last built from, if it is
    still there, so that a rebuild (the server's, for a new version, too) never replaces an
    archive's index with another folder's articles."""
    chosen = flag or os.environ.get("SEARCHAPP_SEEDS")
    if not chosen and index is not None:
        built_from = IndexStore(index).manifest().get("seeds")
        chosen = built_from if built_from and Path(built_from).is_dir() else None
    return Path(chosen or DEFAULT_SEEDS)


def index_dir(flag: str | None = None) -> Path:
    return Path(flag or os.environ.get("SEARCHAPP_INDEX") or DEFAULT_INDEX)


def without_scipy() -> None:
    """Keep NLTK from importing scipy.stats, as it does whenever scipy is installed (the bench extra
    brings it, and so do most data-science environments): 0.6 s and ~80 MB in each server and
    rebuild process, for statistics they never use. NLTK carries on without it. Commands only,
    before anything imports NLTK: a library's importer may want scipy."""
    sys.modules.setdefault("scipy", None)  # type: ignore[arg-type]
