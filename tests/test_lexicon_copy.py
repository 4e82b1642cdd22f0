"""The lexicon's lookup files are decompressed once and kept in the cache folder.

Oracle: lemminflect's gzip files themselves (the kept copy must be their
exact text) and lemminflect's own answers through :mod:`dbnamelint.rules.lexicon`
without a folder.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from dbnamelint.rules import lexicon

pytestmark = pytest.mark.skipif(
    version("lemminflect") != lexicon.VERIFIED_VERSION,
    reason="the fast reader steps aside for other lemminflect releases",
)
WORDS = ("profile", "people", "status", "data", "analysis", "taxi", "index")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    lexicon.install(lambda: tmp_path)
    lexicon._files.cache_clear()
    yield tmp_path
    lexicon.install(lambda: None)
    lexicon._files.cache_clear()


def _answers() -> list[object]:
    lexicon._files.cache_clear()
    return [(lexicon.lemmas(w), lexicon.plural(w)) for w in WORDS]


def test_the_copies_are_the_files_text_and_answer_alike(folder: Path) -> None:
    lexicon.install(lambda: None)
    plain = _answers()
    lexicon.install(lambda: folder)
    first = _answers()  # decompresses and keeps
    copies = sorted((folder / "lexicon").iterdir())
    assert [p.name.split("-", 2)[2] for p in copies] == ["infl_lu.csv", "lemma_lu.csv"]
    resources = lexicon._resources()
    assert resources is not None
    for copy in copies:
        packed = Path(resources) / (copy.name.split("-", 2)[2] + ".gz")
        assert copy.read_bytes() == gzip.decompress(packed.read_bytes())
        stat = packed.stat()
        assert copy.name.startswith(f"{stat.st_size}-{stat.st_mtime_ns}-")
    again = _answers()  # read back from the copies
    assert plain == first == again
    assert plain[0][0] == {"NOUN": ("profile",), "VERB": ("profile",)}


def test_a_kept_copy_is_what_is_read(folder: Path) -> None:
    """A copy under the right name is trusted (as every cache entry is): one
    whose lines say otherwise changes the answer, so the copies are used."""
    _answers()
    lemma_copy = next((folder / "lexicon").glob("*-lemma_lu.csv"))
    lemma_copy.write_text("profile,NOUN,profilus\n", "utf-8")
    lexicon._files.cache_clear()
    assert lexicon._files().lemma.lines_of("profile") == ["profile,NOUN,profilus"]


def test_an_unreadable_copy_is_decompressed_again(folder: Path) -> None:
    lexicon.install(lambda: None)
    plain = _answers()
    lexicon.install(lambda: folder)
    _answers()
    for copy in (folder / "lexicon").iterdir():
        copy.write_bytes(b"\xff\xfe not utf-8")
    assert _answers() == plain


def test_no_copy_without_a_cache(tmp_path: Path) -> None:
    env = {**os.environ, "DBNAMELINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "a.sql").write_text("CREATE TABLE user_profile (id int);\n", "utf-8")
    for extra in (["--no-cache"], []):
        done = subprocess.run(
            [sys.executable, "-m", "dbnamelint", "check", *extra, "a.sql"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert "user_profiles" in done.stdout, done.stdout + done.stderr
        kept = list((tmp_path / "cache").rglob("lexicon/*"))
        assert (len(kept) == 2) is (not extra), kept
