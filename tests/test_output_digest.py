"""Optimisations must not change output: ``inspect --format json`` and
``check --format json`` on corpus projects, byte for byte, against digests
stored before them.

The inspect digest is of pagila (a real pg_dump, five files); the check
digests cover pagila, kratos (3,740 files in four dialects), lago-structure
(a Rails pg_dump with views), mattermost (316 migrations, many renames) and
temporal, with the default rules and with packs that find (and fix) more.
Each is run three ways: without the cache, filling the cache, and served
from it. When a change is *meant* to change the model or the findings (a
fix in parsing, replay or a rule), review the new output and store its
digests with::

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

from dbnamelint.cli import cli
from dbnamelint.runner import progress, readcache

DIGESTS = Path(__file__).parent / "fixtures" / "inspect_digests.json"
CHECK_DIGESTS = Path(__file__).parent / "fixtures" / "check_digests.json"
PROJECT = "pagila"
#: (project, extra arguments): the default rules, and packs with many fixes.
CHECK_CASES = (
    ("pagila", ()),
    ("kratos", ()),
    ("lago-structure", ()),
    ("mattermost", ()),
    ("lago-structure", ("--extends", "cora")),
    ("kratos", ("--extends", "cora")),
    ("temporal", ("--extends", "dba-domains")),
    ("mattermost", ("--extends", "dba-domains")),
)


def _inspect(args: list[str]) -> str:
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args, "."])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stdout


def _check(args: list[str]) -> str:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args, "."])
    assert isinstance(result.exception, SystemExit) and result.exit_code in (0, 1)
    return result.stdout


def _compare(path: Path, key: str, output: str, count: int) -> None:
    digest = hashlib.sha256(output.encode("utf-8")).hexdigest()
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if os.environ.get("DBNAMELINT_UPDATE_DIGESTS"):
        stored[key] = {"sha256": digest, "items": count}
        path.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert stored.get(key) == {"sha256": digest, "items": count}, (
        f"{path.name}: output for {key} changed; if intended, see this module's docstring"
    )


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


@pytest.mark.corpus
@pytest.mark.parametrize(("project", "extra"), CHECK_CASES)
def test_check_json_is_byte_identical(
    project: str,
    extra: tuple[str, ...],
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(corpus / project)
    monkeypatch.setenv(readcache.DIR_ENV, str(tmp_path / "cache"))
    args = list(extra)
    try:
        outputs = [_check([*args, "--no-cache"]), _check(args), _check(args)]
    finally:
        readcache.disable()
        progress.enable(False)
    assert outputs[0] == outputs[1] == outputs[2]  # cache cold and warm change nothing
    report = json.loads(outputs[0])
    assert report["findings"]  # every one of these projects breaks some default rule
    _compare(CHECK_DIGESTS, " ".join((project, *extra)), outputs[0], len(report["findings"]))


#: Migrations in the generated Diesel tree (issue 12's 684-folder benchmark, smaller).
DIESEL_FOLDERS = 60


def _diesel_tree(root: Path) -> None:
    """A Diesel project as ``benchmarks/bench_table.py`` generates it (a folder
    per migration, ``up.sql`` and ``down.sql``), with names some rules judge
    (a quoted mixed-case table, a plural, an unnamed index) and later
    migrations that alter earlier tables, so the digest covers findings."""
    for i in range(DIESEL_FOLDERS):
        table = f'"Feature{i}Item"' if i % 7 == 3 else f"feature_{i}_item{'s' * (i % 2)}"
        folder = root / "migrations" / f"2020-{1 + i // 28:02d}-{1 + i % 28:02d}-{i:06d}_m{i}"
        folder.mkdir(parents=True)
        up = (
            f"-- Your SQL goes here\nCREATE TABLE {table} (\n    id SERIAL PRIMARY KEY,\n"
            f"    owner_id INTEGER NOT NULL,\n    title VARCHAR NOT NULL,\n"
            f"    created_at TIMESTAMP NOT NULL DEFAULT NOW()\n);\n"
            f"CREATE INDEX idx_{i}_owner ON {table} (owner_id);\n"
        )
        if i % 5 == 4:
            up += f"ALTER TABLE feature_{i - 1}_items ADD COLUMN note_{i} TEXT;\n"
        (folder / "up.sql").write_text(up, encoding="utf-8")
        (folder / "down.sql").write_text(f"DROP TABLE {table};\n", encoding="utf-8")
    (root / "diesel.toml").write_text('[print_schema]\nfile = "src/schema.rs"\n', "utf-8")


def test_diesel_tree_output_is_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Diesel tree's ``check`` and ``inspect`` (JSON), cold, filling the
    cache and served from it, against digests stored before issue 12's
    Diesel-row optimisations of session 42."""
    tree = tmp_path / "diesel"
    _diesel_tree(tree)
    monkeypatch.chdir(tree)
    monkeypatch.setenv(readcache.DIR_ENV, str(tmp_path / "cache"))
    args = ["--dialect", "postgres"]
    try:
        checks = [_check([*args, "--no-cache"]), _check(args), _check(args)]
        inspects = [_inspect([*args, "--no-cache"]), _inspect(args), _inspect(args)]
    finally:
        readcache.disable()
        progress.enable(False)
    assert checks[0] == checks[1] == checks[2]
    assert inspects[0] == inspects[1] == inspects[2]
    findings = len(json.loads(checks[0])["findings"])
    assert findings  # the quoted and plural names break default rules
    _compare(CHECK_DIGESTS, "generated diesel tree", checks[0], findings)
    objects = len(json.loads(inspects[0])["objects"])
    _compare(DIGESTS, "generated diesel tree", inspects[0], objects)
