"""A folder named for a dialect beats the config's default ``dialect:``.

openfga keeps ``assets/migrations/{mysql,postgres,sqlite}/``; with
``dialect: postgres`` in the config the trial (s6-t1 finding 10) saw the
mysql and sqlite copies re-read as PostgreSQL and merged into one
namespace, so the sqlite copy's CREATE TABLE wiped the postgres copy's bad
column and the gate passed. The config's dialect is the default for files
that do not say theirs (README, *Dialects*): a whole folder name says it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli


def _tree(root: Path) -> None:
    for folder, sql in (
        ("mysql", "CREATE TABLE store (id int, `BadCol` int);\n"),
        ("postgres", 'CREATE TABLE store (id int, "BadCol" int);\n'),
        ("sqlite", "CREATE TABLE store (id int);\n"),
        ("tools-for-mysql", "CREATE TABLE helper (id int);\n"),
    ):
        (root / "m" / folder).mkdir(parents=True)
        (root / "m" / folder / "001_a.sql").write_text(sql, encoding="utf-8")


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _dialects(result: Result) -> dict[str, str]:
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    return {o["path"]: o["dialect"] for o in objects if o["kind"] == "table"}


@pytest.mark.parametrize("setting", ["dialect: postgres\n", ""])
def test_each_copy_keeps_its_folders_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: [m]\n{setting}", encoding="utf-8")
    found = _dialects(_run(["inspect", "--format", "json"]))
    assert found["m/mysql/001_a.sql"] == "mysql"
    assert found["m/sqlite/001_a.sql"] == "sqlite"
    assert found["m/postgres/001_a.sql"] == "postgres"
    # a word inside a longer folder name is a hint only: the setting beats it
    assert found["m/tools-for-mysql/001_a.sql"] == ("postgres" if setting else "mysql")
    checked = _run(["check", "--format", "json", "--select", "DBN201", "--no-whitelist"])
    assert checked.exit_code == 1, checked.output
    findings = json.loads(checked.stdout)["findings"]
    assert {(f["path"], f["qualified_name"]) for f in findings} == {
        ("m/postgres/001_a.sql", "store.BadCol"),
        ("m/mysql/001_a.sql", "store.BadCol"),
    }


def test_a_server_of_the_folders_family_and_per_path_keep_their_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "dbnamelint.yaml"
    config.write_text("paths: [m]\ndialect: mariadb\n", encoding="utf-8")
    found = _dialects(_run(["inspect", "--format", "json"]))
    assert found["m/mysql/001_a.sql"] == "mariadb"  # the setting names the server
    assert found["m/sqlite/001_a.sql"] == "sqlite"
    config.write_text(
        "paths: [m]\ndialect: postgres\nper_path:\n  - paths: ['m/sqlite/**']\n"
        "    dialect: postgres\n",
        encoding="utf-8",
    )
    assert _dialects(_run(["inspect", "--format", "json"]))["m/sqlite/001_a.sql"] == "postgres"
    # --dialect is the same default as the config's
    config.write_text("paths: [m]\n", encoding="utf-8")
    given = _dialects(_run(["inspect", "--format", "json", "--dialect", "postgres"]))
    assert given["m/sqlite/001_a.sql"] == "sqlite"
