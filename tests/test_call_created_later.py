"""A CALL replayed before its procedure is created says so (trial s29, lemmy).

Lemmy's ``crates/diesel_utils/replaceable_schema/`` holds ``triggers.sql``,
which calls ``r.create_triggers``, and ``utils.sql``, which creates it;
lemmy's own code (``schema_setup/mod.rs``, ``include_str!`` of utils.sql
then triggers.sql) runs them in that order, while the files of one folder
replay in name order. The order lives in Rust, so the tool cannot know it:
the config's ``paths`` states it, one file after the other (README,
``paths`` is the replay order). What the tool can say is that the order it
replays is not the runner's: PostgreSQL refuses a CALL of a procedure that
does not exist yet. The oracle: the files run in name order fail there,
listed as the runner runs them they run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli

#: Lemmy's code runs ``CREATE SCHEMA r;`` before the two files.
UTILS = """\
CREATE PROCEDURE r.create_triggers (table_name text)
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('CREATE FUNCTION r.%s_count () RETURNS int LANGUAGE sql AS ''SELECT 1''',
        table_name);
END;
$$;
"""
TRIGGERS = "CALL r.create_triggers ('post');\n"


def _tree(root: Path, paths: str) -> None:
    (root / ".git").mkdir(exist_ok=True)
    folder = root / "replaceable_schema"
    folder.mkdir(exist_ok=True)
    (folder / "utils.sql").write_text(UTILS, encoding="utf-8")
    (folder / "triggers.sql").write_text(TRIGGERS, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: {paths}\ndialect: postgres\n", "utf-8")


def _notes(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--select", "DBN012", "--format", "json"]
    )
    report = json.loads(result.stdout)
    return [d["message"] for d in report["diagnostics"] if d["code"] == "DBN012"]


def test_a_call_before_its_procedure_names_where_it_is_made_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    _tree(tmp_path, "[replaceable_schema]")
    folder = tmp_path / "replaceable_schema"
    with pg.fresh_database("lemmy_call_order") as db:
        pg.run(sql="CREATE SCHEMA r;", dbname=db)
        with pytest.raises(
            pg_server.SqlFailed, match=r"procedure r\.create_triggers\(.*\) does not exist"
        ):
            pg.run(files=sorted(folder.glob("*.sql")), dbname=db)  # name order
    (note,) = _notes(tmp_path, monkeypatch)
    assert note.startswith(
        "CALL r.create_triggers: the procedure is created later in the replay order, "
        "at replaceable_schema/utils.sql:1:1"
    )
    assert "list them one by one in the config's `paths`" in note


def test_listed_in_the_runners_order_the_call_runs_what_was_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    _tree(tmp_path, "[replaceable_schema/utils.sql, replaceable_schema/triggers.sql]")
    folder = tmp_path / "replaceable_schema"
    with pg.fresh_database("lemmy_call_order_ok") as db:
        pg.run(sql="CREATE SCHEMA r;", dbname=db)
        pg.run(files=[folder / "utils.sql", folder / "triggers.sql"], dbname=db)
        made = pg.query_json("SELECT proname FROM pg_proc WHERE proname = 'post_count'", db)
    assert made == [{"proname": "post_count"}]
    # the CALL of a constant runs the procedure's format() with it: read
    # there (session 34), the function in the model, no note
    assert _notes(tmp_path, monkeypatch) == []
    inspected = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    functions = [
        (o["schema"], o["name"])
        for o in json.loads(inspected.stdout)["objects"]
        if o["kind"] == "function"
    ]
    assert ("r", "post_count") in functions, functions


def test_the_note_says_which_file_goes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s36 lemmy F8: the 9 notes said to list the files, not in which order."""
    _tree(tmp_path, "[replaceable_schema]")
    (note,) = _notes(tmp_path, monkeypatch)
    assert (
        "(`replaceable_schema/utils.sql` before `replaceable_schema/triggers.sql`), "
        "in place of their folder"
    ) in note


def test_init_lists_the_creating_file_before_the_calling_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    """Trial s36 lemmy F8: ``init`` wrote the folder, whose name order runs the
    CALL first; it now writes the files in the order PostgreSQL runs them."""
    _tree(tmp_path, "[replaceable_schema]")
    (tmp_path / "dbnamelint.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    config = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    listed = [line.strip()[2:] for line in config.splitlines() if line.startswith("  - ")]
    assert listed[:2] == ["replaceable_schema/utils.sql", "replaceable_schema/triggers.sql"]
    folder = tmp_path / "replaceable_schema"
    with pg.fresh_database("lemmy_call_order_init") as db:  # the oracle: that order runs
        pg.run(sql="CREATE SCHEMA r;", dbname=db)
        pg.run(files=[tmp_path / p for p in listed[:2]], dbname=db)
    assert folder.is_dir()
    assert _notes(tmp_path, monkeypatch) == []


def test_init_keeps_the_migrations_first_and_says_why_the_files_are_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lemmy's shape: Diesel migrations, then the replaceable schema over their tables."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "diesel.toml").write_text('[print_schema]\nfile = "src/schema.rs"\n')
    init = tmp_path / "migrations/2020-01-01-000000_init"
    init.mkdir(parents=True)
    (init / "up.sql").write_text("CREATE TABLE posts (id int PRIMARY KEY);\n")
    (init / "down.sql").write_text("DROP TABLE posts;\n")
    folder = tmp_path / "crates/db/replaceable_schema"
    folder.mkdir(parents=True)
    (folder / "utils.sql").write_text(UTILS, encoding="utf-8")
    (folder / "triggers.sql").write_text(
        TRIGGERS + "CREATE INDEX idx_posts_id ON posts (id);\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    config = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    listed = [line.strip()[2:] for line in config.splitlines() if line.startswith("  - ")]
    schema = "crates/db/replaceable_schema"
    assert listed[:3] == ["migrations", f"{schema}/utils.sql", f"{schema}/triggers.sql"]
    assert f"# {schema}/utils.sql, {schema}/triggers.sql: one by one, in this order" in config
    assert _notes(tmp_path, monkeypatch) == []


def test_init_keeps_a_folder_with_nested_folders_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files of nested folders have no one name order to keep: the note says what to do."""
    _tree(tmp_path, "[replaceable_schema]")
    (tmp_path / "dbnamelint.yaml").unlink()
    (tmp_path / "replaceable_schema/extra").mkdir()
    (tmp_path / "replaceable_schema/extra/views.sql").write_text(
        "CREATE VIEW v AS SELECT 1 AS a;\n"
    )
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    config = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    listed = [line.strip()[2:] for line in config.splitlines() if line.startswith("  - ")]
    assert listed == ["replaceable_schema"]
    assert len(_notes(tmp_path, monkeypatch)) == 1
