from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the repository's seeds folder."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index built once from the repository's seeds."""
    from searchapp.index import build_index

    index_dir = tmp_path_factory.mktemp("index")
    build_index(SEEDS, index_dir)
    return index_dir
