"""Optimisations must not change output: ``inspect --format json`` on a corpus
project, byte for byte, against a digest stored before them.

The digest is of pagila (a real pg_dump, five files). It is run three ways:
without the cache, filling the cache, and served from it. When a reading
change is *meant* to change the model (a fix in parsing or replay), review
the new output and store its digest with::

    DBNAMELINT_UPDATE_DIGESTS=1 python -m pytest tests/test_output_digest.py

Skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint import progress, readcache
from dbnamelint.cli import cli

DIGESTS = Path(__file__).parent / "fixtures" / "inspect_digests.json"
PROJECT = "pagila"


def _inspect(args: list[str]) -> str:
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args, "."])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stdout


@pytest.mark.corpus
def test_inspect_json_is_byte_identical(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus / PROJECT)
    monkeypatch.setenv(readcache.DIR_ENV, str(tmp_path / "cache"))
    try:
        outputs = [_inspect(["--no-cache"]), _inspect([]), _inspect([])]
    finally:
        readcache.disable()
        progress.enable(False)
    assert outputs[0] == outputs[1] == outputs[2]  # cache cold and warm change nothing
    digest = hashlib.sha256(outputs[0].encode("utf-8")).hexdigest()
    objects = len(json.loads(outputs[0])["objects"])
    stored = json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.exists() else {}
    if os.environ.get("DBNAMELINT_UPDATE_DIGESTS"):
        stored[PROJECT] = {"sha256": digest, "objects": objects}
        DIGESTS.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert stored.get(PROJECT) == {"sha256": digest, "objects": objects}, (
        "inspect --format json output changed; if intended, see this module's docstring"
    )
