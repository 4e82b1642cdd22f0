"""Dry runs say what they WOULD do and that nothing was written, as git clean -n and ruff do.

``whitelist prune --dry-run``, ``whitelist add --dry-run`` and ``migrate``
without ``--write`` print one ``would ...`` line per change and a last line
saying nothing was written; the real run then prints the same lines in the
past tense and does exactly that (the file system and a following check are
the oracle).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

CONFIG = "extends: snake-case\npaths: [db]\n"
SCHEMA = (
    'CREATE TABLE "Accounts" (id int PRIMARY KEY, "userId" int);\n'
    'CREATE TABLE "NewThing" (id int, "someCol" int);\n'
)
WHITELIST = """\
phases:
  - {id: "1", title: legacy, status: open}
entries:
  - {kind: table, name: '"Accounts"', rules: all, phase: "1", target: accounts}
  - {kind: column, name: '"Accounts"."userId"', rules: all, phase: "1"}
  - {kind: table, name: '"NewThing"', rules: all, phase: "1"}
  - {kind: column, name: '"NewThing"."someCol"', rules: all, phase: "1"}
"""

RENAME = 'ALTER TABLE "NewThing" RENAME COLUMN "someCol" TO some_col;\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0
    return tmp_path


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_prune_dry_run_says_what_it_would_remove(project: Path) -> None:
    (project / "db" / "002_fix.sql").write_text(RENAME, encoding="utf-8")
    before = _tree(project)
    dry = CliRunner().invoke(cli, ["whitelist", "prune", "--dry-run"])
    assert dry.exit_code == 0
    assert _tree(project) == before  # nothing written
    assert dry.stdout.splitlines() == [
        # the entry as written, its line, the rename's column (computed from the SQL)
        'would remove column "NewThing"."someCol" (whitelist.yaml:7): renamed to some_col at '
        f"db/002_fix.sql:1:{RENAME.index('some_col') + 1}",
        "1 stale entry would be removed from whitelist.yaml; nothing written (--dry-run)",
    ]
    real = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert real.exit_code == 0
    assert real.stdout.splitlines() == [
        dry.stdout.splitlines()[0].replace("would remove", "removed"),
        "1 stale entry removed from whitelist.yaml",
    ]
    assert "someCol" not in (project / "whitelist.yaml").read_text(encoding="utf-8")
    assert CliRunner().invoke(cli, ["check"]).exit_code == 0


def test_prune_with_nothing_stale_says_the_file_is_unchanged(project: Path) -> None:
    dry = CliRunner().invoke(cli, ["whitelist", "prune", "--dry-run"])
    assert dry.stdout == (
        "0 stale entries would be removed from whitelist.yaml; nothing written (--dry-run)\n"
    )
    real = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert real.stdout == "0 stale entries; whitelist.yaml unchanged\n"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('"Later"', "table Later (DBN101)"),
        ("public.Later", "table Later (DBN101)"),
        ('"Later"."someCol"', "column Later.someCol (DBN201)"),
        ("Later.someCol", "column Later.someCol (DBN201)"),
    ],
)
def test_add_dry_run_then_add_with_quoted_names(project: Path, written: str, shown: str) -> None:
    """Names are written as a whitelist entry writes them: quotes, a schema, or neither."""
    (project / "db" / "003_later.sql").write_text(
        'CREATE TABLE "Later" (id int, "someCol" int);\n', encoding="utf-8"
    )
    before = _tree(project)
    dry = CliRunner().invoke(cli, ["whitelist", "add", written, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.stdout == f"would add {shown} to whitelist.yaml; nothing written (--dry-run)\n"
    assert _tree(project) == before
    real = CliRunner().invoke(cli, ["whitelist", "add", written])
    assert real.exit_code == 0, real.output
    assert real.stdout == f"added {shown} to whitelist.yaml\n"
    # The new entry excuses exactly that object: the other one still fails.
    check = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert check.exit_code == 1
    failing = {
        f"{f['table'] + '.' if f['table'] else ''}{f['name']}"
        for f in json.loads(check.stdout)["findings"]
        if not f["whitelisted"]
    }
    excused = shown.split(" (", maxsplit=1)[0].split(" ", 1)[1]
    assert excused not in failing
    assert failing & {"Later", "Later.someCol"}


def test_add_refuses_a_name_in_another_case_when_quoted(project: Path) -> None:
    """``"later"`` is exactly ``later``, not the table created as ``"Later"``."""
    (project / "db" / "003_later.sql").write_text('CREATE TABLE "Later" (id int);\n')
    result = CliRunner().invoke(cli, ["whitelist", "add", '"later"', "--dry-run"])
    assert result.exit_code == 2


def test_migrate_without_write_says_nothing_was_written(project: Path) -> None:
    before = _tree(project)
    dry = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert dry.exit_code == 0, dry.output
    assert _tree(project) == before
    heading = next(line for line in dry.stdout.splitlines() if line.startswith("Files ("))
    assert heading.endswith("not written (--write writes them):")
    listed = [
        line.split()[0]
        for line in dry.stdout.split(heading, 1)[1].split("\n\n", 1)[0].splitlines()
        if line.strip()
    ]
    # The last line says so; any line before it is a note (entries without a
    # target), or the blank line that sets them apart from the SQL.
    *notes, last = [line for line in dry.stderr.splitlines() if line]
    assert last == f"{len(listed)} migration files would be written; nothing written (no --write)"
    assert all(line.startswith("dbnamelint: note: ") for line in notes)
    real = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert real.exit_code == 0, real.output
    assert sorted(set(_tree(project)) - set(before)) == sorted(listed)
    assert "would be written" not in real.stderr
