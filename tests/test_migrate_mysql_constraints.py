"""MySQL/MariaDB foreign keys and checks renamed with the server's own definition.

Neither server has RENAME CONSTRAINT; ``migrate`` drops and re-adds each
one in a single ALTER TABLE whose text the server builds from its
``information_schema`` (:mod:`dbnamelint.services.migrate.mysql_recreate`).
The oracle is the real MariaDB (``DBNAMELINT_TEST_MYSQL``): after the
forward script its catalog's constraint and index names are the model's
(the tree plus the generated file, as ``check`` reads them), the keys still
hold and keep their actions, and after the rollback ``SHOW CREATE TABLE``
of every table is byte-identical to before. Sakila (from ../shared/corpus,
skipped when absent) goes through the whole whitelist loop.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mysql_server
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.model import ConstraintType, ObjectKind, ParseResult, SourceFile
from dbnamelint.runner.pipeline import load_files, schema_from_sql, split_statements
from dbnamelint.services.migrate.plan import Plan, plan_renames
from dbnamelint.services.migrate.requests import parse_rename
from dbnamelint.services.migrate.sql import rename_statements, render_forward, render_rollback
from test_migrate_loop import _git, _run

REPO = Path(__file__).resolve().parents[1]
SAKILA = (
    REPO.parent / "shared" / "corpus" / "sakila" / "mysql-sakila-db" / "mysql-sakila-schema.sql"
)

_TYPES = {"primary_key": "PRIMARY KEY", "unique": "UNIQUE", "foreign_key": "FOREIGN KEY"}

# A parent with a two-column key, a child whose name, columns and new name
# hold a backtick, a space, a quote and mixed case; keys with every action,
# one served by an explicit index, two by the index InnoDB makes (named
# after the key), one referring to its own table; a named CHECK after
# MariaDB's column-level one (named after its column, never renamed).
_HOSTILE = """\
CREATE TABLE `Pa``rent` (`a``1` int, `B 2` int, id int UNIQUE, PRIMARY KEY (`a``1`, `B 2`));
CREATE TABLE `Old T` (
  id int PRIMARY KEY,
  `x``1` int, `Y 2` int, p_id int, n int CHECK (n > 0),
  KEY `p_id_idx` (p_id),
  CONSTRAINT `Old T_parent_fk` FOREIGN KEY (`x``1`, `Y 2`) REFERENCES `Pa``rent` (`a``1`, `B 2`)
    ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `Old T_p_fk` FOREIGN KEY (p_id) REFERENCES `Pa``rent` (id) ON DELETE SET NULL,
  CONSTRAINT `Old T_self_fk` FOREIGN KEY (n) REFERENCES `Old T` (id),
  CONSTRAINT `Old T_n_chk` CHECK (n < 1000)
);
"""
_NEW = "`New``T 'x`"  # backtick, space, quote, mixed case


def _plan(sql: str, renames: list[str], dialect: str, *, views: bool = True) -> Plan:
    schema = schema_from_sql(sql, dialect=dialect)
    requests = [parse_rename(r) for r in renames]
    return plan_renames(schema, requests, dialect=dialect, views=views)


def _parse(sql: str, dialect: str) -> ParseResult:
    statements, diagnostics = split_statements(sql, SourceFile("f.sql", dialect, None))
    assert not diagnostics
    return parse_statements(statements)


def _rows(out: str) -> set[tuple[str, ...]]:
    return {tuple(line.split("\t")) for line in out.splitlines() if line}


def _unescape(text: str) -> str:
    """A name as the client's --batch output escapes it (backslash, tab, newline)."""
    return text.replace("\\\\", "\\")


def _catalog(maria: mysql_server.MysqlServer, db: str) -> tuple[set[tuple[str, ...]], ...]:
    """(constraints as (table, name, type), non-unique indexes as (table, name)) of ``db``."""
    constraints = _rows(
        maria.run(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema."
            "TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        )
    )
    indexes = _rows(
        maria.run(
            "SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 1",
            database=db,
        )
    )
    return (
        {tuple(_unescape(v) for v in row) for row in constraints},
        {tuple(_unescape(v) for v in row) for row in indexes},
    )


def _model(sql: str, dialect: str) -> tuple[set[tuple[str, ...]], ...]:
    """The same two sets from dbnamelint's model of ``sql``."""
    schema = schema_from_sql(sql, dialect=dialect)
    constraints = {
        (str(o.table), o.name, _TYPES.get(o.constraint_type.value, "CHECK"))
        for o in schema.objects
        if o.kind is ObjectKind.CONSTRAINT and o.constraint_type is not None
    }
    indexes = {
        (str(o.table), o.name)
        for o in schema.objects
        if o.kind is ObjectKind.INDEX and not o.unique
    }
    return constraints, indexes


def _show_create(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    tables = maria.run(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_TYPE = 'BASE TABLE'",
        database=db,
    ).splitlines()
    out = {}
    for name in tables:
        quoted = "`" + _unescape(name).replace("`", "``") + "`"
        out[name] = maria.run(f"SHOW CREATE TABLE {quoted}", database=db)
    return out


def _apply(maria: mysql_server.MysqlServer, db: str, sql: str, tmp_path: Path) -> None:
    """Run ``sql`` through the client exactly as a developer would (a file on stdin)."""
    path = tmp_path / "script.sql"
    path.write_text(sql, encoding="utf-8")
    maria.run(file=path, database=db)


# -- the plan ----------------------------------------------------------------


def test_plan_recreates_foreign_keys_and_checks_after_their_indexes() -> None:
    plan = _plan(_HOSTILE, [f"`Old T`={_NEW}"], "mariadb")
    steps = [(s.kind, s.old, s.new, s.recreate) for s in plan.steps]
    new = "New`T 'x"
    assert steps == [
        (ObjectKind.TABLE, "Old T", new, False),
        # the indexes InnoDB made for two of the keys, renamed before the keys
        (ObjectKind.INDEX, "Old T_parent_fk", f"{new}_parent_fk", False),
        (ObjectKind.INDEX, "Old T_self_fk", f"{new}_self_fk", False),
        (ObjectKind.CONSTRAINT, "Old T_parent_fk", f"{new}_parent_fk", True),
        (ObjectKind.CONSTRAINT, "Old T_p_fk", f"{new}_p_fk", True),
        (ObjectKind.CONSTRAINT, "Old T_self_fk", f"{new}_self_fk", True),
        (ObjectKind.CONSTRAINT, "Old T_n_chk", f"{new}_n_chk", True),
    ]
    messages = " ".join(n.message for n in plan.notes)
    assert "cannot rename a foreign key or CHECK in place" in messages
    assert "not renamed" not in messages  # every one of them is renamed now


def test_triggers_stay_a_note() -> None:
    sql = (
        "CREATE TABLE film (id int PRIMARY KEY, p int, CONSTRAINT fk_film_p FOREIGN KEY (p)"
        " REFERENCES film (id));\n"
        "CREATE TRIGGER ins_film AFTER INSERT ON film FOR EACH ROW SET @x = 1;\n"
    )
    plan = _plan(sql, ["film=films"], "mysql")
    assert [(s.kind, s.new) for s in plan.steps] == [
        (ObjectKind.TABLE, "films"),
        (ObjectKind.INDEX, "fk_films_p"),
        (ObjectKind.CONSTRAINT, "fk_films_p"),
    ]
    messages = [n.message for n in plan.notes]
    assert any(
        "cannot rename trigger 'ins_film'" in m and "CREATE TRIGGER" in m and "not renamed" in m
        for m in messages
    )
    statements = [x for x in render_forward(plan).splitlines() if not x.startswith("--")]
    assert not any("TRIGGER" in x for x in statements)


def test_the_generated_text_is_read_as_a_rename() -> None:
    """``check`` reads the forward script: the SET that builds the ALTER text names
    the old and new constraint; its location is the new name in the literal."""
    plan = _plan(_HOSTILE, [f"`Old T`={_NEW}"], "mariadb")
    forward = render_forward(plan)
    assert "'ALTER TABLE `New``T ''x` DROP FOREIGN KEY `Old T_parent_fk`, " in forward
    result = _parse(forward, dialect="mariadb")
    assert not result.diagnostics
    renames = {
        (e.table.name if e.table else None, e.name, e.new_name)
        for e in result.events
        if e.kind is ObjectKind.CONSTRAINT
    }
    new = "New`T 'x"
    assert renames == {
        (new, "Old T_parent_fk", f"{new}_parent_fk"),
        (new, "Old T_p_fk", f"{new}_p_fk"),
        (new, "Old T_self_fk", f"{new}_self_fk"),
        (new, "Old T_n_chk", f"{new}_n_chk"),
    }
    line = forward.splitlines().index(
        next(x for x in forward.splitlines() if "DROP FOREIGN KEY `Old T_p_fk`" in x)
    )
    event = next(e for e in result.events if e.name == "Old T_p_fk")
    assert event.new_location is not None and event.new_location.line == line + 1
    text = forward.splitlines()[line]
    # where the names are written, after the table's escaped quote too
    assert text[event.location.column - 1 :].startswith("`Old T_p_fk`")
    assert text[event.new_location.column - 1 :].startswith("`New``T ''x_p_fk`")


@pytest.mark.parametrize(
    "sql",
    [
        # the everyday conditional-DDL idiom: not a rename, names nothing here
        "SET @s = IF(1, 'ALTER TABLE t ADD COLUMN c int', 'SELECT 1');",
        "SET @s = 'ALTER TABLE t DROP FOREIGN KEY a';",
        "SET @s = 'ALTER TABLE t DROP FOREIGN KEY a, ADD CONSTRAINT b UNIQUE (x)';",
        "SET @s = 'ALTER TABLE';",
    ],
)
def test_other_prepared_texts_name_nothing(sql: str) -> None:
    result = _parse(sql, dialect="mysql")
    assert result.events == () and result.diagnostics == ()


def test_postgres_set_is_not_read() -> None:
    sql = "SET @s = 'ALTER TABLE t DROP CONSTRAINT a, ADD CONSTRAINT b CHECK (x > 0)';"
    assert _parse(sql, dialect="mysql").events
    assert not _parse(sql, dialect="postgres").events


# -- the real MariaDB --------------------------------------------------------


def test_round_trip_on_mariadb(maria: mysql_server.MysqlServer, tmp_path: Path) -> None:
    plan = _plan(_HOSTILE, [f"`Old T`={_NEW}"], "mariadb")
    forward, rollback = render_forward(plan), render_rollback(plan)
    new = "`New``T 'x`"
    with maria.fresh_database("dbnl_myfk_round_trip") as db:
        _apply(maria, db, _HOSTILE, tmp_path)
        before = _show_create(maria, db)
        assert _catalog(maria, db) == _model(_HOSTILE, "mariadb")  # the model names as MariaDB
        maria.run(
            "INSERT INTO `Pa``rent` VALUES (1, 1, 10), (2, 2, 20);"
            "INSERT INTO `Old T` VALUES (1, 1, 1, 10, NULL), (2, 1, 1, 20, 1)",
            database=db,
        )

        _apply(maria, db, forward, tmp_path)
        after = _catalog(maria, db)
        assert after == _model(_HOSTILE + forward, "mariadb")
        names = {name for _, name, _ in after[0]}
        assert "New`T 'x_parent_fk" in names and "Old T_parent_fk" not in names
        assert ("New`T 'x", "New`T 'x_parent_fk") in after[1]  # InnoDB's index followed

        # the keys still hold, with their actions
        with pytest.raises(mysql_server.SqlFailed, match="1452"):
            maria.run(f"INSERT INTO {new} VALUES (3, 9, 9, NULL, NULL)", database=db)
        with pytest.raises(mysql_server.SqlFailed, match="x_n_chk"):
            maria.run(f"INSERT INTO {new} VALUES (4, NULL, NULL, NULL, 1000)", database=db)
        with pytest.raises(mysql_server.SqlFailed, match="1451"):  # self key: RESTRICT
            maria.run(f"DELETE FROM {new} WHERE id = 1", database=db)
        maria.run("UPDATE `Pa``rent` SET `a``1` = 5 WHERE id = 10", database=db)  # CASCADE
        maria.run("DELETE FROM `Pa``rent` WHERE id = 20", database=db)  # SET NULL
        rows = maria.run(f"SELECT id, `x``1`, p_id FROM {new} ORDER BY id", database=db)
        assert rows == "1\t5\t10\n2\t5\tNULL\n"

        _apply(maria, db, rollback, tmp_path)
        assert _show_create(maria, db) == before
        assert _catalog(maria, db) == _model(_HOSTILE, "mariadb")


def test_a_missing_constraint_stops_the_script_and_changes_nothing(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    plan = _plan(_HOSTILE, [f"`Old T`={_NEW}"], "mariadb")
    step = next(s for s in plan.steps if s.old == "Old T_p_fk")
    check = next(s for s in plan.steps if s.old == "Old T_n_chk")
    with maria.fresh_database("dbnl_myfk_missing") as db:
        _apply(maria, db, _HOSTILE.replace("`Old T`", _NEW), tmp_path)
        maria.run(f"ALTER TABLE {_NEW} DROP FOREIGN KEY `Old T_p_fk`", database=db)
        maria.run(f"ALTER TABLE {_NEW} DROP CONSTRAINT `Old T_n_chk`", database=db)
        before = _show_create(maria, db)
        for one, what in ((step, "foreign key"), (check, "check constraint")):
            up, _ = rename_statements(plan, one)
            with pytest.raises(mysql_server.SqlFailed) as failed:
                maria.run(up, database=db)
            assert f"dbnamelint: no {what} {one.old} on table New`T 'x, nothing renamed" in str(
                failed.value
            )
        assert _show_create(maria, db) == before


def _sakila_tree(tmp_path: Path) -> Path:
    if not SAKILA.is_file():
        pytest.skip(f"corpus not present: {SAKILA}")
    root = tmp_path / "app"
    (root / "mysql").mkdir(parents=True)
    # The corpus file makes and uses its own database (USE sakila, so its
    # names are sakila's); the test runs it in a database of its own, so the
    # tree holds it without those lines, as a project's schema file would.
    schema = re.sub(
        r"^(DROP SCHEMA IF EXISTS sakila|CREATE SCHEMA sakila|USE sakila);$",
        "",
        SAKILA.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    (root / "mysql" / "000-schema.sql").write_text(schema, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy")
    return root


def test_sakila_loop_closes_but_for_its_triggers(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sakila's whitelist phase (14 tables to plural): its 18 foreign keys named
    after their tables follow on MariaDB; only the three triggers on ``film``
    keep the old name (a trigger cannot be renamed and CREATE TRIGGER cannot be
    prepared), so ``check`` ends with exactly those three DBN504 findings
    (21 before foreign keys were re-created)."""
    root = _sakila_tree(tmp_path)
    code, _, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, err
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "whitelist")
    code, out, err = _run(
        root, monkeypatch, "migrate", "--phase", "1", "--write", "--layout", "numbered"
    )
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    code, out, _ = _run(root, monkeypatch, "check", "--select", "DBN504")
    flagged = re.findall(r"DBN504 (\w+) \"([^\"]+)\"", out)
    assert sorted(flagged) == [
        ("trigger", "films.del_film"),
        ("trigger", "films.ins_film"),
        ("trigger", "films.upd_film"),
    ], out

    files = sorted((root / "mysql").glob("*.sql"))
    schema_file, forward_file = files
    rollback_file = root / "rollbacks" / forward_file.name
    assert forward_file.name == "001-rename-phase-1.sql" and rollback_file.exists()
    # its views name ``sakila.actor``...: the same tables, in our database
    legacy = re.sub(r"\bsakila\.", "", schema_file.read_text(encoding="utf-8"))
    loaded = load_files(
        [
            SourceFile(p.relative_to(root).as_posix(), "mysql", None)
            for p in (schema_file, forward_file)
        ],
        root,
    )
    model = {
        (str(o.table), o.name)
        for o in loaded.schema.objects
        if o.constraint_type is ConstraintType.FOREIGN_KEY
        or (o.kind is ObjectKind.INDEX and not o.unique)
    }
    with maria.fresh_database("dbnl_myfk_sakila") as db:
        _apply(maria, db, legacy, tmp_path)
        before = _show_create(maria, db)
        maria.run(file=forward_file, database=db)
        catalog = _rows(
            maria.run(
                "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
                "WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY' UNION "
                "SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS "
                "WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 1",
                database=db,
            )
        )
        assert catalog == model
        assert ("payments", "fk_payments_rental") in catalog
        maria.run(file=rollback_file, database=db)
        assert _show_create(maria, db) == before


def test_an_ibfk_entry_renamed_by_rename_table_gets_no_waiting_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    # mysqldump writes CONSTRAINT `vaultItems_ibfk_1`; whitelist init gives it
    # the target vault_items_ibfk_1, which RENAME TABLE itself gives it
    # (phpipam): the phase plans the table rename and says nothing about
    # the key "waiting" for the phase being run.
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    sql = (
        "CREATE TABLE `users` (`id` int PRIMARY KEY);\n"
        "CREATE TABLE `vaultItems` (`id` int PRIMARY KEY, `user_id` int, KEY `user_id` "
        "(`user_id`), CONSTRAINT `vaultItems_ibfk_1` FOREIGN KEY (`user_id`) "
        "REFERENCES `users` (`id`));\n"
    )
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["whitelist", "init"]).exit_code == 0
    assert "target: vault_items_ibfk_1" in (tmp_path / "whitelist.yaml").read_text("utf-8")
    result = runner.invoke(cli, ["migrate", "--phase", "1", "-o", "plan.sql"])
    assert result.exit_code == 0, result.stderr
    plan = (tmp_path / "plan.sql").read_text(encoding="utf-8")
    assert "not renamed yet" not in plan + result.stderr
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====")[0]
    with maria.fresh_database("dbnl_fk_note") as db:
        maria.run(sql, database=db)
        maria.run(forward, database=db)
        names = maria.run(
            "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
            "WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'",
            database=db,
        )
    assert names.split() == ["vault_items_ibfk_1"]
