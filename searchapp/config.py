"""Where the seeds and the index live: command-line flag > environment variable > default."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SEEDS = "seeds"
DEFAULT_INDEX = "index"


def seeds_dir(flag: str | None = None) -> Path:
    return Path(flag or os.environ.get("SEARCHAPP_SEEDS") or DEFAULT_SEEDS)


def index_dir(flag: str | None = None) -> Path:
    return Path(flag or os.environ.get("SEARCHAPP_INDEX") or DEFAULT_INDEX)
