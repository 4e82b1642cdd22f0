"""``init`` does not adopt tests' fixtures as the schema of a project whose Go ORM makes it.

Trial s39 woodpecker: its schema is xorm's ``Sync`` of Go structs and its
xormigrate steps; its only SQL file is
``server/store/datastore/migration/test-files/postgres.sql``, a pg_dump its
upgrade tests load (``migration_test.go``), older than its last migrations.
``init`` wrote ``paths: [.../test-files]``, so ``check``, the whitelist and
``migrate`` worked on a stale fixture, and nothing said the schema was in
code. ``test-files`` (and ``test_files``, ``testfiles``, ``test-data``,
``test_data``) are test folders now; a tree whose every SQL file is in one,
beside Go code making the schema with GORM's or xorm's calls, gets no
``paths:``, the folders under ``exclude:`` and the advice for a schema in
code, as with no SQL at all. Without such code the fixtures stay the tree's
only SQL, linted as they are. The oracle is what ``check`` then reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.fixture_paths import outer_test_folder
from git_helpers import write_files

FIXTURE = "server/store/migration/test-files/postgres.sql"
TREE = {
    FIXTURE: '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public."Repos" (id bigint);\n',
    "server/store/migration/migration.go": (
        "package migration\n\n"
        'import (\n\t"xorm.io/xorm"\n\n\t"example.com/app/model"\n)\n\n'
        "func syncAll(e *xorm.Engine) error {\n\treturn e.Sync(new(model.Repo))\n}\n"
    ),
}


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


@pytest.mark.parametrize("folder", ["test-files", "test_files", "testfiles", "test-data"])
def test_the_folders_are_test_folders(folder: str) -> None:
    assert outer_test_folder(f"a/{folder}/x.sql") == f"a/{folder}"


def test_fixtures_beside_an_orm_schema_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    assert "Left out: server/store/migration/test-files, test folders" in out
    assert "DDL in code: server/store/migration/migration.go (xorm Sync()" in out
    assert "dbnamelint check --db URL" in out
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config == {"exclude": ["server/store/migration/test-files"]}
    # the fixture's "Repos" is no finding: check reads no SQL, and says why
    code, out = _run("check", "--no-cache")
    assert code == 0, out
    assert "DBN101" not in out
    assert "DDL in code" in out


def test_without_orm_code_the_fixture_is_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {FIXTURE: TREE[FIXTURE]})
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["paths"] == ["server/store/migration/test-files"]
