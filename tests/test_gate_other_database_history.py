"""A Flyway folder ``init`` leaves out as another database's copy is applied history in the gate.

Trial s36 kestra: ``init`` excludes ``jdbc-h2`` (H2, a database dbnamelint
has no dialect for), and from then on editing, deleting or renaming an
applied H2 migration, or adding one below the last committed version, passed
the hook and ``check --base`` with at most a ``DBN008`` warning, while the
same change in the PostgreSQL folder was ``DBN025``/``DBN016``. Flyway runs
the H2 folder on kestra's local/standalone backend (a file database) and
validates its checksums there as anywhere: the files are compared as text
and by Flyway's checksum (never parsed as H2).

Oracles: ``dbnamelint init`` itself says the folder is excluded (the config
it writes); real git says what the change edits, deletes or renames
(``check --base`` on the working tree, ``--pre-commit`` on the index);
Flyway's checksum rule (a change of line endings only is no edit) as
:mod:`dbnamelint.flyway_checksum` computes it, held to Flyway's own CRC32
by its own tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PG = "jdbc-postgres/src/main/resources/migrations/postgres"
H2 = "jdbc-h2/src/main/resources/migrations/h2"
PG_1 = "CREATE TABLE flows (\n  key varchar(250) NOT NULL,\n  value jsonb NOT NULL\n);\n"
PG_2 = "CREATE INDEX flows_key ON flows (key);\n"
PG_3 = "ALTER TABLE flows ADD COLUMN deleted boolean;\n"
# H2's own syntax (CREATE ALIAS), which no dialect here reads
H2_1 = (
    'CREATE TABLE IF NOT EXISTS "flows" (\n'
    '  "key" VARCHAR(250) NOT NULL,\n'
    '  "value" TEXT NOT NULL\n'
    ");\n"
    'CREATE ALIAS IF NOT EXISTS FULLTEXT_SEARCH FOR "io.kestra.H2Functions.search";\n'
)
H2_2 = 'CREATE INDEX IF NOT EXISTS "flows_key" ON "flows" ("key");\n'
H2_3 = 'ALTER TABLE "flows" ADD COLUMN IF NOT EXISTS "deleted" BOOLEAN;\n'
KESTRA = {
    f"{PG}/V1_1__initial.sql": PG_1,
    f"{PG}/V1_2__index.sql": PG_2,
    f"{PG}/V1_3__deleted.sql": PG_3,
    f"{H2}/V1_1__initial.sql": H2_1,
    f"{H2}/V1_2__index.sql": H2_2,
    f"{H2}/V1_3__deleted.sql": H2_3,
}


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    """``check`` (JSON): its exit code and (code, path, line, severity) of each
    DBN025 and DBN016."""
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = sorted(
        (d["code"], d["path"], d["line"], d["severity"])
        for d in report["diagnostics"]
        if d["code"] in ("DBN025", "DBN016")
    )
    return result.exit_code, found


def _both(expected_code: int, expected: list[tuple[str, str, int, str]]) -> None:
    """``check --base HEAD`` on the working tree and ``--pre-commit`` on the
    index (everything staged) say ``expected``."""
    assert _check("--base", "HEAD") == (expected_code, sorted(expected))
    git(Path.cwd(), "add", "-A")
    assert _check("--pre-commit") == (expected_code, sorted(expected))


@pytest.fixture
def kestra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The files committed, then ``init``'s config and ``whitelist init``'s
    baseline committed over them (as a new user adopts dbnamelint)."""
    root = tmp_path / "kestra"
    committed_repo(root, KESTRA, monkeypatch)
    code, out = _run("init")
    assert code == 0, out
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["exclude"] == ["jdbc-h2"]  # init's own choice: another database's copy
    code, out = _run("whitelist", "init")
    assert code == 0, out
    commit_all(root, "adopt dbnamelint")
    assert _check("--base", "HEAD") == (0, [])
    return root


def test_an_edited_h2_migration_is_an_edited_migration(kestra: Path) -> None:
    (kestra / H2 / "V1_2__index.sql").write_text(
        H2_2 + 'ALTER TABLE "flows" ADD COLUMN "edited" INT;\n', encoding="utf-8"
    )
    _both(1, [("DBN025", f"{H2}/V1_2__index.sql", 2, "error")])
    _code, out = _run("check", "--pre-commit")
    assert (
        f"{H2}/V1_2__index.sql:2:1: DBN025 error: this flyway migration (of another database's "
        "copy, h2, which the config leaves out"
    ) in out


def test_a_deleted_or_renamed_h2_migration(kestra: Path) -> None:
    git(kestra, "rm", "-q", f"{H2}/V1_2__index.sql")
    git(kestra, "mv", f"{H2}/V1_3__deleted.sql", f"{H2}/V1_9__deleted.sql")
    _both(
        1,
        [
            ("DBN025", f"{H2}/V1_2__index.sql", 1, "error"),
            ("DBN025", f"{H2}/V1_3__deleted.sql", 1, "error"),
        ],
    )
    _code, out = _run("check", "--pre-commit")
    assert "this change deletes it" in out
    assert f"renames it to {H2}/V1_9__deleted.sql" in out


def test_a_new_h2_migration_below_the_last_committed_one(kestra: Path) -> None:
    write_files(kestra, {f"{H2}/V1_2_1__late.sql": 'CREATE INDEX "ix_late" ON "flows" ("key");\n'})
    git(kestra, "add", "-A")  # (an untracked file is no part of `check --base`'s change)
    _both(1, [("DBN016", f"{H2}/V1_2_1__late.sql", 1, "error")])


def test_what_flyway_does_not_see_as_an_edit_passes(kestra: Path) -> None:
    """A new H2 migration above the last one, line endings converted in an
    applied one (Flyway's checksum reads lines), and a new file outside any
    migration folder leave the history alone."""
    write_files(
        kestra,
        {
            f"{H2}/V1_4__next.sql": 'ALTER TABLE "flows" ADD COLUMN "next_id" INT;\n',
            "jdbc-h2/src/test/resources/notes.txt": "not SQL\n",
        },
    )
    (kestra / H2 / "V1_1__initial.sql").write_bytes(H2_1.replace("\n", "\r\n").encode())
    _both(0, [])


def test_the_same_edit_in_the_read_folder_says_no_copy(kestra: Path) -> None:
    """The PostgreSQL folder (read) keeps its own message: no word of a copy."""
    (kestra / PG / "V1_2__index.sql").write_text(PG_2 + "-- x\nSELECT 1;\n", encoding="utf-8")
    _both(1, [("DBN025", f"{PG}/V1_2__index.sql", 3, "error")])
    _code, out = _run("check", "--base", "HEAD")
    assert "another database's copy" not in out


#: kestra's own Flyway settings (Micronaut, cli/src/main/resources/application.yml),
#: the H2 datasource left at Flyway's defaults here.
MICRONAUT = """flyway:
  datasources:
    postgres:
      enabled: true
      locations:
        - classpath:migrations/postgres
      ignore-migration-patterns: "*:missing,*:future"
      out-of-order: true
    h2:
      enabled: true
      locations:
        - classpath:migrations/h2
"""


def test_flyway_advice_reads_the_projects_own_settings(kestra: Path) -> None:
    """DBN016 and DBN025 say what this project's Flyway does (out-of-order on,
    missing migrations ignored) for the datasource whose locations hold the
    file, and Flyway's defaults for the other (trial s36 kestra, Finding 4)."""
    write_files(kestra, {"cli/src/main/resources/application.yml": MICRONAUT})
    commit_all(kestra, "settings")
    late = 'CREATE INDEX "ix_late" ON "flows" ("key");\n'
    write_files(kestra, {f"{PG}/V1_2_1__late.sql": late, f"{H2}/V1_2_1__late.sql": late})
    git(kestra, "rm", "-q", f"{PG}/V1_2__index.sql", f"{H2}/V1_2__index.sql")
    git(kestra, "add", "-A")
    _code, out = _run("check", "--pre-commit")
    settings = "cli/src/main/resources/application.yml"
    lines = {line.split(": ", 1)[0]: line for line in out.splitlines() if ": DBN0" in line}
    pg_late = lines[f"{PG}/V1_2_1__late.sql:1:1"]
    assert f"this project turns Flyway's outOfOrder on ({settings})" in pg_late
    assert "outOfOrder is off by default" not in pg_late
    assert "outOfOrder is off by default" in lines[f"{H2}/V1_2_1__late.sql:1:1"]
    pg_gone = lines[f"{PG}/V1_2__index.sql:1:1"]
    assert f"ignoreMigrationPatterns '*:missing,*:future' in {settings}" in pg_gone
    assert "validate fails" not in pg_gone
    assert "Flyway's validate fails" in lines[f"{H2}/V1_2__index.sql:1:1"]


def test_migrate_on_the_excluded_copy_says_why(kestra: Path) -> None:
    """``migrate`` named the excluded H2 folder said "no table named 'flows'
    in the files" (the folder creates it); now it says the folder is left out
    as H2's copy, which no dialect here writes, so its renames are by hand."""
    result = CliRunner().invoke(cli, ["migrate", "--rename", "flows=flow_defs", H2])
    assert result.exit_code == 2, result.output
    assert f"{H2}:1:1: DBN015 warning: not read: the config's `exclude:` entry 'jdbc-h2'" in (
        result.output
    )
    assert "no table named" not in result.output
    assert "another database's copy (h2), for which dbnamelint has no dialect" in result.output
    assert "write the same renames there by hand" in result.output
    # the read copy still plans
    done = CliRunner().invoke(cli, ["migrate", "--rename", "flows=flow_defs", PG])
    assert done.exit_code == 0, done.output


def test_impact_says_the_copy_without_a_dialect_is_renamed_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``impact`` listed the H2 files under migration history with "migrate
    with that copy's paths and dialect", which no H2 dialect allows."""
    legacy = {
        f"{PG}/V1_4__legacy.sql": "CREATE INDEX flows__key ON flows (key);\n",
        f"{H2}/V1_4__legacy.sql": 'CREATE INDEX "flows__key" ON "flows" ("key");\n',
    }
    root = tmp_path / "kestra"
    committed_repo(root, {**KESTRA, **legacy}, monkeypatch)
    for command in (["init"], ["whitelist", "init"]):
        code, out = _run(*command)
        assert code == 0, out
    commit_all(root, "adopt dbnamelint")
    _code, out = _run("impact")
    history = next(line for line in out.splitlines() if line.startswith("Migration history"))
    assert "dbnamelint has no dialect for h2, so write the renames of that copy by hand" in (
        history
    )
