"""Shared test helpers: where the corpus and the published schemas live."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"

# The CLI caches what it reads (dbnamelint.readcache); tests, and the
# processes they start, keep theirs in a folder of their own rather than the
# user's cache directory. A caching bug would show as a wrong result here too.
if "DBNAMELINT_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="dbnamelint-test-cache-")
    os.environ["DBNAMELINT_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)


@pytest.fixture
def corpus() -> Path:
    """The real-world schema corpus beside the repo; skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
