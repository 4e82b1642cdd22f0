"""``dbnamelint init``: a starter config from what the project holds (new-user trials s18).

The oracle for every layout is dbnamelint's own reading of the tree without
a config: the written config must load with the real loader, ``check``
must run with it (no config error, exit 0 or 1) and report what a run
without a config reports. The multi-dialect trees reproduce hydra trial #4:
``dialect: postgres`` in a pop tree made the shared files PostgreSQL-only
and the MySQL copy lost its tables (DBN011 notes); ``init`` leaves the line out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.config.located import load_located_yaml
from dbnamelint.config.model import validate_layer
from dbnamelint.report.starter_config import starter_config
from dbnamelint.rules.pack_files import list_packs
from dbnamelint.services.project_scan import scan

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
POP_MODULE = "module example.com/app\n\ngo 1.22\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n"
MIGRATE_MODULE = (
    "module example.com/app\n\ngo 1.22\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n"
)


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout, done.stderr


def _keys(config: Path) -> dict[str, object]:
    """The config's settings as the real loader validates them (unset keys left out)."""
    return validate_layer(load_located_yaml(config)).model_dump(exclude_none=True)


def _init_then_check(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, object]]:
    """Check without a config, init, check again: the same report; init's stdout and keys."""
    monkeypatch.chdir(root)
    bare = _run("check", "--no-cache")
    code, out, err = _run("init")
    assert code == 0, err
    assert "wrote dbnamelint.yaml" in out
    assert "dbnamelint check" in out and "dbnamelint whitelist init" in out
    load_settings(root)  # the real loader, found as check finds it: raises on any config error
    configured = _run("check", "--no-cache")
    assert configured[0] in (0, 1), configured
    assert "dbnamelint:" not in configured[2], configured[2]
    assert configured == bare
    return out, _keys(root / "dbnamelint.yaml")


def test_plain_schema_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(
        tmp_path,
        {
            "db/schema/001_tables.sql": "CREATE TABLE `UserAccounts` (id int) ENGINE=InnoDB;\n",
            "db/schema/002_orders.sql": "CREATE TABLE orders (id int, `accountId` int);\n",
            "README.md": "app\n",
        },
    )
    out, keys = _init_then_check(tmp_path, monkeypatch)
    assert keys == {"paths": ["db/schema"], "dialect": "mysql"}  # backticks, ENGINE=: MySQL
    assert "db/schema (2 files, numbered)" in out
    text = (tmp_path / "dbnamelint.yaml").read_text()
    assert "# extends: recommended" in text and "prisma-map" in text  # the packs pointer


def test_golang_migrate_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(
        tmp_path,
        {
            "go.mod": MIGRATE_MODULE,
            "migrations/000001_init.up.sql": "CREATE TABLE team (id serial PRIMARY KEY);\n",
            "migrations/000001_init.down.sql": "DROP TABLE team;\n",
            "migrations/000002_member.up.sql": 'CREATE TABLE "Member" (id int);\n',
            "migrations/000002_member.down.sql": 'DROP TABLE "Member";\n',
        },
    )
    out, keys = _init_then_check(tmp_path, monkeypatch)
    assert keys == {"paths": ["migrations"]}  # serial and "quotes" are not PostgreSQL's alone
    assert "migrations (2 files, golang-migrate)" in out
    assert (
        "# Migration layout: migrations: golang-migrate."
        in (tmp_path / "dbnamelint.yaml").read_text()
    )


def test_prisma_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(
        tmp_path,
        {
            "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
            "prisma/migrations/20230101000000_init/migration.sql": (
                'CREATE TABLE "User" ("id" TEXT NOT NULL, CONSTRAINT "User_pkey" '
                'PRIMARY KEY ("id"));\n'
            ),
            "prisma/migrations/20230201000000_post/migration.sql": (
                'CREATE TABLE "Post" ("id" TEXT NOT NULL, "authorId" TEXT);\n'
            ),
        },
    )
    out, keys = _init_then_check(tmp_path, monkeypatch)
    assert keys == {"paths": ["prisma/migrations"], "dialect": "postgres"}
    assert "prisma/migrations (2 files, prisma)" in out


def _pop_tree(root: Path) -> None:
    folder = "persistence/sql/migrations"
    _tree(
        root,
        {
            "go.mod": POP_MODULE,
            f"{folder}/20190100000001000000_client.up.sql": (
                "CREATE TABLE hydra_client (id VARCHAR(255) NOT NULL PRIMARY KEY, name TEXT);\n"
            ),
            f"{folder}/20190100000001000000_client.down.sql": "DROP TABLE hydra_client;\n",
            f"{folder}/20190100000002000000_idx.postgres.up.sql": (
                "CREATE INDEX hydra_client_name_idx ON hydra_client (name);\n"
            ),
            f"{folder}/20190100000002000000_idx.postgres.down.sql": (
                "DROP INDEX hydra_client_name_idx;\n"
            ),
            f"{folder}/20190100000002000000_idx.mysql.up.sql": (
                "CREATE INDEX hydra_client_name_idx ON hydra_client (name(64));\n"
            ),
            f"{folder}/20190100000002000000_idx.mysql.down.sql": (
                "DROP INDEX hydra_client_name_idx ON hydra_client;\n"
            ),
        },
    )


def test_pop_tree_gets_no_dialect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """hydra trial #4: the shared file must stay every dialect's."""
    _pop_tree(tmp_path)
    out, keys = _init_then_check(tmp_path, monkeypatch)
    assert keys == {"paths": ["persistence/sql/migrations"]}
    assert "several dialects (mysql, postgres), 1 file naming none shared by all" in out
    text = (tmp_path / "dbnamelint.yaml").read_text()
    assert "# No `dialect:`" in text and "DBN011" in text
    assert "persistence/sql/migrations: pop." in text
    code, notes, _ = _run("check", "--no-cache", "--select", "DBN011")
    assert code == 0 and "DBN011" not in notes, notes
    # What the trial's hand-written line did: the MySQL copy loses the table.
    with (tmp_path / "dbnamelint.yaml").open("a") as config:
        config.write("dialect: postgres\n")
    code, notes, _ = _run("check", "--no-cache", "--select", "DBN011")
    assert "idx.mysql.up.sql:1:14: DBN011 info: table 'hydra_client' is not created" in notes


def test_dialect_word_suffixes_get_no_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``001_init-postgres.sql`` + ``001_init-sqlite.sql``: the file name says the
    dialect only while no ``dialect:`` is set (a set one wins over file-name words)."""
    _tree(
        tmp_path,
        {
            "schema/001_init-postgres.sql": "CREATE TABLE Lock (id serial PRIMARY KEY);\n",
            "schema/001_init-sqlite.sql": "CREATE TABLE Lock (id INTEGER PRIMARY KEY);\n",
        },
    )
    out, keys = _init_then_check(tmp_path, monkeypatch)
    assert keys == {"paths": ["schema"]}
    assert "several dialects (postgres, sqlite)" in out
    # SQLite keeps the case of unquoted `Lock`, PostgreSQL folds it: only the
    # SQLite copy breaks snake_case, and only while it is read as SQLite.
    code, report, _ = _run("check", "--no-cache")
    assert code == 1 and "001_init-sqlite.sql:1:14: DBN101" in report, report
    with (tmp_path / "dbnamelint.yaml").open("a") as config:
        config.write("dialect: postgres\n")
    code, report, _ = _run("check", "--no-cache")
    assert "DBN101" not in report, report


def test_refuses_an_existing_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"db/001_init.sql": "CREATE TABLE teams (id int);\n"})
    monkeypatch.chdir(tmp_path)
    for name, text in [
        ("dbnamelint.yaml", "paths: [db]\n"),
        (".dbnamelint.yaml", "paths: [db]\n"),
        ("pyproject.toml", "[tool.dbnamelint]\npaths = ['db']\n"),
    ]:
        (tmp_path / name).write_text(text)
        code, out, err = _run("init")
        assert code == 2, (name, out, err)
        assert err == f"dbnamelint: {name} exists; use --force to write dbnamelint.yaml anyway\n"
        assert (tmp_path / name).read_text() == text
        assert not (tmp_path / "dbnamelint.yaml").exists() or name == "dbnamelint.yaml"
        (tmp_path / name).unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n")  # not ours
    assert _run("init")[0] == 0
    code, out, _ = _run("init", "--force")
    assert code == 0 and "wrote dbnamelint.yaml (replaced)" in out
    (tmp_path / "dbnamelint.yaml").unlink()
    (tmp_path / ".dbnamelint.yaml").write_text("dialect: mysql\n")
    code, out, _ = _run("init", "--force")
    assert code == 0 and "(read before .dbnamelint.yaml, which is no longer read)" in out
    assert load_settings(tmp_path).config_path == tmp_path / "dbnamelint.yaml"


def test_hostile_folder_names_stay_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder name with a line break or YAML syntax in it cannot add a key."""
    evil = "x\nextends: [evil]\n#"
    _tree(tmp_path, {f"{evil}/001_init.sql": "CREATE TABLE teams (id int);\n"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("init")
    assert code == 0 and "\n" not in out.split("Found 1 SQL file: ", 1)[1].split(" (1 file")[0]
    assert _keys(tmp_path / "dbnamelint.yaml") == {"paths": [evil]}  # nothing shows a dialect
    assert _run("check", "--no-cache")[0] == 0


def test_path_argument_and_bad_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"app/db/001_init.sql": "CREATE TABLE teams (id int);\n"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("init", "app")
    assert code == 0 and "wrote app/dbnamelint.yaml" in out and "Next steps (in app):" in out
    assert _keys(tmp_path / "app" / "dbnamelint.yaml")["paths"] == ["db"]
    code, _, err = _run("init", "nope")
    assert (code, err) == (2, "nope:1:1: DBN002 error: no such file or directory\n")
    code, _, err = _run("init", "app/db/001_init.sql")
    assert (code, err) == (2, "dbnamelint: app/db/001_init.sql: not a folder\n")


def test_written_through_a_link_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dbnamelint.yaml kept elsewhere and linked (a dotfiles checkout) keeps its link."""
    _tree(tmp_path, {"db/001_init.sql": "CREATE TABLE teams (id int);\n"})
    shared = tmp_path / "elsewhere" / "naming.yaml"
    shared.parent.mkdir()
    shared.write_text("paths: [old]\n")
    (tmp_path / "dbnamelint.yaml").symlink_to(shared)
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--force")[0] == 0
    assert (tmp_path / "dbnamelint.yaml").is_symlink()
    assert _keys(shared)["paths"] == ["db"]
    assert [p.name for p in shared.parent.iterdir()] == ["naming.yaml"]  # no temporary file left


def test_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("init")
    assert code == 0 and "Found 0 SQL files." in out
    assert _keys(tmp_path / "dbnamelint.yaml") == {}
    load_settings(tmp_path)


#: corpus project -> (paths, dialect key or None, shared files > 0, first folder's layout)
CORPUS_CASES = {
    "kratos": (
        ("persistence/sql/migrations/legacy", "persistence/sql/migrations/sql"),
        None,
        True,
        "golang-migrate",
    ),
    "documenso-prisma": (("packages/prisma/migrations",), "postgres", False, "prisma"),
    "atuin": (("crates",), None, False, "timestamped"),
    "mattermost": (("server/channels/db/migrations/postgres",), "postgres", False, None),
}


@pytest.mark.parametrize("project", sorted(CORPUS_CASES))
def test_corpus_projects(project: str, tmp_path: Path) -> None:
    """Real trees, read in place (never copied): what init would write, loaded for real."""
    root = CORPUS / project
    if not root.is_dir():
        pytest.skip(f"{root} is not present")
    paths, dialect, shared, layout = CORPUS_CASES[project]
    found = scan(root)
    assert found.paths == paths
    assert found.single_dialect == dialect
    assert (found.shared > 0) == shared
    if layout is not None:
        assert found.folders[0].layout == layout
    config = tmp_path / "dbnamelint.yaml"
    config.write_text(starter_config(found, list_packs()))
    expected: dict[str, object] = {"paths": list(paths)}
    if dialect is not None:
        expected["dialect"] = dialect
    assert _keys(config) == expected
    load_settings(tmp_path)


def test_no_clue_leaves_the_dialect_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """confirmation trial (s18): nothing shows a dialect, so none is written; a
    later MySQL-only file is then read as MySQL, as it is without a config,
    not refused as unreadable PostgreSQL (DBN004)."""
    _tree(tmp_path, {"db/001_users.sql": "CREATE TABLE users (id int);\n"})
    out, keys = _init_then_check(tmp_path, monkeypatch)
    assert keys == {"paths": ["db"]}
    assert "Dialect: postgres (nothing here shows one: the default, left unset)" in out
    assert "# dialect: postgres" in (tmp_path / "dbnamelint.yaml").read_text()
    later = "CREATE TABLE `orders` (id int AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n"
    (tmp_path / "db/002_orders.sql").write_text(later)
    configured = _run("check", "--no-cache")
    (tmp_path / "dbnamelint.yaml").unlink()
    assert configured == _run("check", "--no-cache")
    assert "DBN004" not in configured[1], configured[1]
    # What the line init used to write did to that file.
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    code, report, _ = _run("check", "--no-cache")
    assert code != 0 and "002_orders.sql" in report and "DBN004" in report, report
