"""Shared test helpers: where the corpus and the published schemas live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"


@pytest.fixture
def corpus() -> Path:
    """The real-world schema corpus beside the repo; skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
