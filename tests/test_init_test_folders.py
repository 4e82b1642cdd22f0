"""``init`` leaves test folders (``testdata/``, ``fixtures/``...) out of its ``paths``.

Trial s22, golang-migrate's own repository: ``init`` proposed ``paths: ["."]``,
which read ``source/httpfs/testdata/duplicates/`` (``1_foobar.up.sql`` and
``1_foobaz.up.sql``: a duplicate version kept on purpose, to test that
golang-migrate refuses it, "duplicate migration file" in its
``source/file``), so the first ``check`` failed with a ``DBN016`` error no
whitelist entry excuses. The folders are told as the code gate tells a
test's path (:mod:`dbnamelint.fixture_paths`). The oracle for what ``check``
then reports is ``check`` on the project's own folder alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.fixture_paths import is_test_file, outer_test_folder
from git_helpers import write_files

MOD = "module example.com/app\n\nrequire github.com/golang-migrate/migrate/v4 v4.18.3\n"
TREE = {
    "go.mod": MOD,
    "db/migrations/1_init.up.sql": 'CREATE TABLE users (id int PRIMARY KEY, "Email" text);\n',
    "db/migrations/2_orders.up.sql": "CREATE TABLE orders (id int PRIMARY KEY, userId int);\n",
    # golang-migrate's source/httpfs/testdata/duplicates, as in its repository
    "source/httpfs/testdata/duplicates/1_foobar.up.sql": "1 up\n",
    "source/httpfs/testdata/duplicates/1_foobaz.up.sql": "1 up\n",
    "source/iofs/testdata/migrations/1_foobar.up.sql": "CREATE TABLE Foo (Id int);\n",
    "web/__fixtures__/seed.sql": "CREATE TABLE Fixture (Id int);\n",
    # supabase/postgres's pgTAP tests (trial s23)
    "ebssurrogate/files/unit-tests/unit-test-01.sql": "CREATE TABLE PgTap (Id int);\n",
    # Ory keto's copy of popx, whose tests run these (sweep s24: check failed
    # after whitelist init on a DBN004 of a template stub)
    "oryx/popx/stub/migrations/templating/0_sql_create_tablename_template.up.sql": (
        'CREATE TABLE "{{.tableName}}" (id int);\n'
    ),
}


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def test_without_init_the_fixtures_fail_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the trial saw: the duplicate version is an error of the tree."""
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", ".")
    assert code == 1
    assert "DBN016" in out


def test_init_leaves_test_folders_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    assert (
        "Left out: ebssurrogate/files/unit-tests, oryx/popx/stub, source/httpfs/testdata, "
        "source/iofs/testdata, web/__fixtures__, test "
        "folders (named as the gate tells a test's path: test, tests, testdata, fixtures, "
        "...): their SQL builds fixtures, not the schema (`exclude:` in the config)"
    ) in out
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["paths"] == ["db/migrations"]
    assert config["exclude"] == [
        "ebssurrogate/files/unit-tests",
        "oryx/popx/stub",
        "source/httpfs/testdata",
        "source/iofs/testdata",
        "web/__fixtures__",
    ]
    code, checked = _run("check")
    assert "DBN016" not in checked and "DBN005" not in checked, checked
    (tmp_path / "dbnamelint.yaml").rename(tmp_path / "kept.yaml")
    alone_code, alone = _run("check", "db/migrations")
    assert (code, checked) == (alone_code, alone)
    assert "users.Email" in checked  # the project's own names are still checked


def test_excluded_even_when_paths_is_their_common_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More folders than init lists become ``.``: ``exclude:`` still leaves the fixtures out."""
    files = dict(TREE)
    for name in ("a", "b", "c", "d", "e"):
        files[f"services/{name}/db/1_{name}.up.sql"] = f"CREATE TABLE {name}_things (id int);\n"
    write_files(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert _run("init")[0] == 0
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["paths"] == ["."]
    assert "source/httpfs/testdata" in config["exclude"]
    code, checked = _run("check")
    assert code in (0, 1), checked
    assert "DBN016" not in checked and "testdata" not in checked and "Fixture" not in checked


def test_a_tree_of_test_sql_only_keeps_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing outside the test folders: they are what there is to lint."""
    write_files(tmp_path, {"src/test/resources/schema.sql": "CREATE TABLE Users (id int);\n"})
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0 and "Left out" not in out
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["paths"] == ["src/test/resources"] and "exclude" not in config


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        ("source/iofs/testdata/migrations/1_x.up.sql", "source/iofs/testdata"),
        ("web/__fixtures__/seed.sql", "web/__fixtures__"),
        ("Tests/Fixtures/a.sql", "Tests"),
        ("db/migrations/1_x.up.sql", None),
        ("testdata.sql", None),
    ],
)
def test_one_list_of_test_folders(path: str, folder: str | None) -> None:
    """init and the code gate (``is_test_file``) read one list."""
    assert outer_test_folder(path) == folder
    assert is_test_file(path) is (folder is not None)
