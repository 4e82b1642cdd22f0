"""Tokenizer snapshots shipped with dbnamelint, for the sqlglot release it pins.

A run with nothing in its cache (the first run on a machine, every CI job,
``--no-cache``) would import all of sqlglot to build a tokenizer: about
0.13 s of CPU on top of the tokenizer's own modules. The package therefore
carries the snapshots :mod:`.lexer` would record, one file per dialect plus
``Parser.TYPE_TOKENS``, in ``snapshots/sqlglot-<version>/``, written by
``python -m dbnamelint.frontends.sql.parsing.bundled`` from the real sqlglot and compared
with it by ``tests/test_light_tokenizer.py``.

They are read only when the installed sqlglot is that exact version (read
from ``sqlglot/_version.py``, which setuptools-scm writes into every
release, without importing sqlglot), and, as every snapshot, only when the
core built from one tokenizes :data:`.lexer.PROBES` as the real tokenizer
did; otherwise the run imports sqlglot as before. Files are zlib-compressed
pickles read by :class:`.lexer`'s restricted unpickler (built-in values and
token types only). ``$DBNAMELINT_NO_BUNDLED_TOKENIZERS`` set to anything
but empty turns them off (to rule them out when reporting a bug).
"""

from __future__ import annotations

import os
import re
import sys
import zlib
from importlib.util import find_spec
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile

#: The folder of every shipped snapshot set.
ROOT = Path(__file__).with_name("snapshots")
#: Set (non-empty) to read tokenizers from the cache or sqlglot only.
OFF_ENV = "DBNAMELINT_NO_BUNDLED_TOKENIZERS"
_VERSION = lazy_compile(r"""^__version__\s*=\s*(?:version\s*=\s*)?['"]([^'"]+)['"]""", re.M)


def sqlglot_version() -> str | None:
    """The installed sqlglot's version, from its ``_version.py``; ``None``
    when sqlglot or the file is missing. Does not import sqlglot."""
    spec = find_spec("sqlglot") if "sqlglot" not in sys.modules else sys.modules["sqlglot"].__spec__
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        try:
            text = (Path(folder) / "_version.py").read_text(encoding="utf-8")
        except OSError:
            continue
        found = _VERSION.search(text)
        if found is not None:
            return found.group(1)
    return None


def file_name(name: str) -> str:
    """The file of the store name ``tokenizer/<format>/<dialect>``: ``<format>/<dialect>.z``."""
    _, format_, dialect = name.split("/", 2)
    return f"{format_}/{dialect}.z"


class BundledSnapshots:
    """A read-only :class:`.lexer.SnapshotStore` over one shipped folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_blob(self, name: str) -> bytes | None:
        """The snapshot stored as ``name``, or ``None`` when there is none or it is unreadable."""
        try:
            return zlib.decompress((self.folder / file_name(name)).read_bytes())
        except (OSError, ValueError, zlib.error):
            return None

    def put_blob(self, name: str, data: bytes) -> None:
        """Shipped snapshots are never written by a run."""


def bundled() -> BundledSnapshots | None:
    """The shipped snapshots for the installed sqlglot, if any (and not turned off)."""
    if os.environ.get(OFF_ENV):
        return None
    version = sqlglot_version()
    if version is None:
        return None
    folder = ROOT / f"sqlglot-{version}"
    return BundledSnapshots(folder) if folder.is_dir() else None


def write_bundle(root: Path = ROOT) -> Path:
    """Write the snapshots of every dialect in
    :data:`~dbnamelint.dialects.names.DIALECTS` whose tokenizer can be rebuilt
    from one, from the real sqlglot, into ``root/sqlglot-<version>/``.

    Raises ``RuntimeError`` when sqlglot's version cannot be read.
    """
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.parser import Parser

    from dbnamelint.dialects.names import DIALECTS
    from dbnamelint.frontends.sql.parsing import lexer

    version = sqlglot_version()
    if version is None:
        raise RuntimeError("sqlglot's version cannot be read from sqlglot/_version.py")
    folder = root / f"sqlglot-{version}"
    blobs: dict[str, bytes] = {lexer.TYPE_TOKENS_NAME: lexer._dumps(frozenset(Parser.TYPE_TOKENS))}
    for dialect in DIALECTS:
        data = lexer._snapshot_of(Dialect.get_or_raise(dialect).tokenizer(), dialect)
        if data is not None:
            blobs[lexer.snapshot_name(dialect)] = data
    for name, data in blobs.items():
        path = folder / file_name(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(zlib.compress(data, 9))
    return folder


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Sets pickle in hash order: a fixed seed writes the same bytes every time.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(
            sys.executable, [sys.executable, "-m", "dbnamelint.frontends.sql.parsing.bundled"], env
        )
    print(write_bundle())
