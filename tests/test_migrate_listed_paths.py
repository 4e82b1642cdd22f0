"""``migrate --write`` when the config's ``paths`` list files one by one (trial s7-t1 #5).

The new migration lies in no folder ``paths`` names, so ``check`` would
never read it: ``--write`` appends it to ``paths`` (the replay order, so it
replays last), editing the config file's text in place (comments, order and
quoting kept), and says so. A config it cannot edit (``pyproject.toml``)
refuses before anything is written, naming the entry to add. The proof is
a real run: ``check`` then reports the whitelist entry as renamed *in the
new file*, and a real PostgreSQL runs the files in the config's order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, write_files
from pg_server import PgServer

NEW = "sql/001-rename-whitelist-targets.sql"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _project(root: Path, config_name: str, config: str) -> None:
    init_repo(root)
    write_files(
        root,
        {
            # listed b.sql first (the runner's order): no folder order applies
            "sql/b.sql": "CREATE TABLE bar (id int);\n",
            "sql/a.sql": 'CREATE TABLE "Foo" (id int);\n',
            config_name: config,
        },
    )


FLOW = "# project config\npaths: [sql/b.sql, sql/a.sql]  # the runner's order\ndialect: postgres\n"
BLOCK = (
    "dialect: postgres\n"
    "paths:\n"
    "  # applied by docker/init.sh in this order\n"
    "  - sql/b.sql\n"
    "  - sql/a.sql   # needs b\n"
    "\n"
    "# the end\n"
)


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (FLOW, FLOW.replace("sql/a.sql]", f'sql/a.sql, "{NEW}"]')),
        (BLOCK, BLOCK.replace("# needs b\n", f'# needs b\n  - "{NEW}"\n')),
    ],
    ids=["flow", "block"],
)
def test_the_new_file_is_appended_to_paths_and_check_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, config: str, expected: str
) -> None:
    _project(tmp_path, "dbnamelint.yaml", config)
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    commit_all(tmp_path, "base")
    code, _, err = _run("migrate", "--all", "--layout", "numbered")
    assert code == 0 and f"--write would also add {NEW} to the config's `paths`" in err
    assert (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8") == config
    code, _, err = _run("migrate", "--all", "--layout", "numbered", "--write")
    assert code == 0, err
    assert f"updated dbnamelint.yaml: added {NEW} as the last entry of `paths`" in err
    # Every other byte of the config is as it was.
    assert (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8") == expected
    code, out, _ = _run("check")
    # The entry is stale because check replayed the rename in the new file.
    assert code == 1
    assert f"renamed to its target foo at {NEW}:" in out
    # The order the config now gives runs on PostgreSQL: the rename after the CREATE.
    with pg.fresh_database("dbnl_listed_paths") as db:
        pg.run(files=[tmp_path / "sql/b.sql", tmp_path / "sql/a.sql", tmp_path / NEW], dbname=db)
        tables = pg.query_json(
            "SELECT relname::text AS t FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace ORDER BY 1",
            db,
        )
    assert [r["t"] for r in tables] == ["bar", "foo"]


def test_a_pyproject_array_is_extended_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = (
        '[project]\nname = "app"\n\n[tool.dbnamelint]\n'
        'paths = [\n  "sql/b.sql",  # first\n  "sql/a.sql",\n]\ndialect = "postgres"\n'
    )
    _project(tmp_path, "pyproject.toml", config)
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    commit_all(tmp_path, "base")
    code, _, err = _run("migrate", "--all", "--layout", "numbered", "--write")
    assert code == 0, err
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == config.replace(
        '"sql/a.sql",\n', f'"sql/a.sql", "{NEW}",\n'
    )
    code, out, _ = _run("check")
    assert code == 1 and f"renamed to its target foo at {NEW}:" in out


def test_paths_from_another_layer_refuse_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = "extends: ./base.yaml\n"
    _project(tmp_path, "dbnamelint.yaml", config)
    write_files(tmp_path, {"base.yaml": "paths: [sql/b.sql, sql/a.sql]\ndialect: postgres\n"})
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    commit_all(tmp_path, "base")
    code, _, err = _run("migrate", "--all", "--layout", "numbered", "--write")
    assert code == 2
    assert "dbnamelint.yaml holds no `paths` list this command can extend" in err
    assert f'save it as {NEW} and add "{NEW}" as the last entry of `paths`' in err
    assert err.rstrip().endswith("nothing written")
    assert sorted(p.name for p in (tmp_path / "sql").iterdir()) == ["a.sql", "b.sql"]
    assert not (tmp_path / "rollbacks").exists()
    assert (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8") == config


def test_a_folder_in_paths_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = "paths: [sql]\ndialect: postgres\n"
    init_repo(tmp_path)
    write_files(
        tmp_path,
        {"sql/000-init.sql": 'CREATE TABLE "Foo" (id int);\n', "dbnamelint.yaml": config},
    )
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    commit_all(tmp_path, "base")
    code, _, err = _run("migrate", "--all", "--layout", "numbered", "--write")
    assert code == 0, err
    assert "paths" not in err
    assert (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8") == config
