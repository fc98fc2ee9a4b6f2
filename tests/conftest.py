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


MT, KI, LBC = "000_4b0f88ea541eeaf5.txt", "001_ae1d99627bbf23d1.txt", "003_657b2bcb8b83fc8a.txt"


@pytest.fixture(scope="session")
def app(seed_index: Path):
    from searchapp.app import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()
