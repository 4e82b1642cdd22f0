"""One rename, one Flyway version in every dialect folder (trial s33 hawkbit).

hawkbit keeps ``db/migration/{MYSQL,POSTGRESQL}`` with one version per change
in every folder, each name ending with its folder's tail
(``V1_20_4__target_attributes_key_value__MYSQL.sql``); Spring Boot's Flyway
reads one folder per database. ``migrate --write`` numbered the MySQL copy
``V1_20_5`` and then the PostgreSQL copy ``V1_20_6`` (and the cleanups
``V1_20_7``/``V1_20_8``), since it took the other copy's name, tail and all,
for a different migration. The versions below are what hawkbit's own folders
do (every change one version in every folder), checked on the written names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, isolated_git_env

D = "db/migration"
CONFIG = f"""\
paths: [{D}/MYSQL, {D}/POSTGRESQL]
per_path:
  - paths: ["{D}/MYSQL/**"]
    dialect: mysql
  - paths: ["{D}/POSTGRESQL/**"]
    dialect: postgres
"""
FILES = {
    "B1_20_0__baseline__{}.sql": (
        "CREATE TABLE sp_target (id int);\nCREATE TABLE sp_tag (id int);\n"
    ),
    "V1_20_1__tag_name__{}.sql": "ALTER TABLE sp_tag ADD COLUMN name varchar(10);\n",
    "V1_20_2__target_name__{}.sql": "ALTER TABLE sp_target ADD COLUMN name varchar(10);\n",
}


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _versions(root: Path, folder: str) -> list[str]:
    return sorted(p.name for p in (root / D / folder).iterdir() if "rename" in p.name)


@pytest.mark.parametrize("first", ["mysql", "postgres"])
def test_each_copy_gets_the_same_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    for folder in ("MYSQL", "POSTGRESQL"):
        (tmp_path / D / folder).mkdir(parents=True)
        for name, sql in FILES.items():
            (tmp_path / D / folder / name.format(folder)).write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    init_repo(tmp_path)
    _run("whitelist", "init")
    commit_all(tmp_path, "adopt")
    second = "postgres" if first == "mysql" else "mysql"
    _run("migrate", "--phase", "1", "--dialect", first, "--write")
    _run("migrate", "--phase", "1", "--dialect", second, "--write")
    assert _versions(tmp_path, "MYSQL") == [
        "U1_20_3__rename_phase_1__MYSQL.sql",
        "V1_20_3__rename_phase_1__MYSQL.sql",
    ]
    assert _versions(tmp_path, "POSTGRESQL") == [
        "U1_20_3__rename_phase_1__POSTGRESQL.sql",
        "V1_20_3__rename_phase_1__POSTGRESQL.sql",
    ]
    commit_all(tmp_path, "renames")
    # the cleanups too: one version in both folders
    _run("migrate", "--cleanup", "--phase", "1", "--dialect", first, "--write")
    _run("migrate", "--cleanup", "--phase", "1", "--dialect", second, "--write")
    cleanups = {
        folder: sorted(
            p.name.split("__")[0]
            for p in (tmp_path / D / folder).iterdir()
            if p.name.startswith("V") and "drop_compatibility_views" in p.name
        )
        for folder in ("MYSQL", "POSTGRESQL")
    }
    assert cleanups == {"MYSQL": ["V1_20_4"], "POSTGRESQL": ["V1_20_4"]}
