"""MySQL/MariaDB migrate scripts that run to the end on the real server (trial 5).

The oracle is the real MariaDB (``DBNAMELINT_TEST_MYSQL``), each script run
through the ``mariadb`` client as a developer would.

- Findings 07 (spring-petclinic): a foreign key and the index InnoDB made
  for it both have whitelist targets (``fk_{table}_{columns}`` and
  ``idx_{table}_{columns}``). Every RENAME INDEX runs before the first key
  is dropped and re-added, so the forward script runs to the end, the
  catalog holds the model's names, and the rollback restores ``SHOW CREATE
  TABLE`` byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mysql_server
from test_migrate_dependent_targets import _entries, _init, _project
from test_migrate_loop import _run
from test_migrate_mysql_constraints import _apply, _catalog, _model, _show_create

pytestmark = pytest.mark.slow

PETCLINIC = """\
CREATE TABLE owners (id int UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) engine=InnoDB;
CREATE TABLE types (id int UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) engine=InnoDB;
CREATE TABLE pets (
  id int UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_id int UNSIGNED,
  type_id int UNSIGNED NOT NULL,
  FOREIGN KEY (owner_id) REFERENCES owners(id),
  FOREIGN KEY (type_id) REFERENCES types(id)
) engine=InnoDB;
CREATE TABLE visits (
  id int UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pet_id int UNSIGNED,
  INDEX(pet_id),
  FOREIGN KEY (pet_id) REFERENCES pets(id)
) engine=InnoDB;
"""
PETCLINIC_CONFIG = """\
paths: [db]
dialect: mariadb
rules:
  index-name-off-template:
    options: {template: "idx_{table}_{columns}", skip_implicit: false}
  constraint-name-off-template:
    options: {skip_implicit: false, foreign_key: "fk_{table}_{columns}", primary_key: null}
"""


def _scripts(root: Path) -> tuple[str, str]:
    forward = [p for p in (root / "db").glob("002-*.sql") if ".down." not in p.name]
    assert len(forward) == 1, sorted((root / "db").iterdir())
    down = root / "rollbacks" / forward[0].name
    return forward[0].read_text(encoding="utf-8"), down.read_text(encoding="utf-8")


def test_fk_and_its_index_renamed_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, PETCLINIC, PETCLINIC_CONFIG)
    (root / "db" / "001_init.sql").rename(root / "db" / "001-schema.sql")
    _init(root, monkeypatch)
    targets = {e["name"]: e["target"] for e in _entries(root)}
    # both kinds of entry, the key listed before its index
    assert targets["pets.pets_ibfk_1"] == "fk_pets_owner_id"
    assert targets["pets.owner_id"] == "idx_pets_owner_id"
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, out + err
    forward, rollback = _scripts(root)
    lines = forward.splitlines()
    first_key = min(i for i, x in enumerate(lines) if "DROP FOREIGN KEY" in x)
    assert all(i < first_key for i, x in enumerate(lines) if "RENAME INDEX" in x), (
        forward
    )  # every index renamed before any key is re-created
    with maria.fresh_database("dbnl_t5_fk_index") as db:
        _apply(maria, db, PETCLINIC, tmp_path)
        before = _show_create(maria, db)
        _apply(maria, db, forward, tmp_path)  # runs to the end
        after = _catalog(maria, db)
        assert after == _model(PETCLINIC + forward, "mariadb")
        assert ("pets", "idx_pets_owner_id") in after[1]
        assert ("pets", "fk_pets_owner_id", "FOREIGN KEY") in after[0]
        _apply(maria, db, rollback, tmp_path)
        assert _show_create(maria, db) == before
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err


# -- findings 10: MySQL/MariaDB primary keys are always PRIMARY ----------------

OWNERS = """\
CREATE TABLE owners (id int PRIMARY KEY) engine=InnoDB;
CREATE TABLE pets (id int PRIMARY KEY, name varchar(30), INDEX(name)) engine=InnoDB;
CREATE TABLE vets (id int PRIMARY KEY, name varchar(30), INDEX idx_vets_name (name));
"""
OWNERS_CONFIG = """\
paths: [db]
dialect: mysql
rules:
  index-name-off-template:
    options: {skip_implicit: false}
  constraint-name-off-template:
    options: {skip_implicit: false, primary_key: "pk_{table}"}
"""
OLD_WHITELIST = """\
phases:
  - id: "1"
    title: "Legacy names"
    status: open
entries:
  - kind: constraint
    name: owners.PRIMARY
    rules: [DBN402]
    phase: "1"
    target: pk_owners
  - kind: index
    name: pets.name
    rules: [DBN302]
    phase: "1"
    target: idx_pets_name
  - kind: index
    name: vets.idx_vets_name
    rules: [DBN302]
    phase: "1"
    target: idx_vets_name
"""


def test_the_server_fixes_the_primary_keys_name(maria: mysql_server.MysqlServer) -> None:
    """The oracle: a written name is not kept, and PRIMARY cannot be renamed."""
    with maria.fresh_database("dbnl_t5_primary") as db:
        maria.run("CREATE TABLE t (id int, CONSTRAINT pk_t PRIMARY KEY (id))", database=db)
        names = maria.run(
            "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS"
            " WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split()
        assert names == ["PRIMARY"]
        with pytest.raises(mysql_server.SqlFailed):
            maria.run("ALTER TABLE t RENAME INDEX `PRIMARY` TO pk_t", database=db)


def test_no_rule_judges_primary_and_init_writes_no_entry_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, OWNERS, OWNERS_CONFIG)
    code, out, err = _run(root, monkeypatch, "check", "--no-cache")
    assert code == 1, out + err
    assert "PRIMARY" not in out
    assert 'DBN302 index "pets.name"' in out
    _init(root, monkeypatch)
    assert [(e["name"], e["target"]) for e in _entries(root)] == [("pets.name", "idx_pets_name")]


def test_migrate_names_every_entry_it_does_not_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older whitelist's PRIMARY entry, and one at its target already: each
    named in a note with its line and why; the index entry is planned."""
    root = _project(tmp_path, OWNERS, OWNERS_CONFIG)
    (root / "whitelist.yaml").write_text(OLD_WHITELIST, encoding="utf-8")
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1")
    assert code == 0, out + err
    assert "pets.name -> idx_pets_name" in out
    assert (
        "constraint 'PRIMARY' on 'owners' (whitelist.yaml:6): not renamed; mysql names every "
        "primary key PRIMARY and cannot rename it" in out
    )
    assert (
        "index vets.idx_vets_name (whitelist.yaml:16): needs no rename, it is named "
        "'idx_vets_name' already" in out
    )
    code, out, err = _run(root, monkeypatch, "check", "--no-cache")
    assert code == 1, out + err
    assert "DBN900 stale whitelist entry constraint owners.PRIMARY" in out


# -- findings 06: a model known to be incomplete (DBN012) ----------------------

EVENTS = """\
CREATE TABLE event_execution (id int NOT NULL AUTO_INCREMENT, execution_id varchar(64) NOT NULL,
  PRIMARY KEY (id), UNIQUE KEY unique_event_execution (execution_id));
"""
FIX_PK = """\
DELIMITER $$
CREATE PROCEDURE FixPk(IN tableName VARCHAR(128))
BEGIN
  SET @s = CONCAT('ALTER TABLE ', tableName, ' DROP INDEX unique_event_execution');
  PREPARE st FROM @s; EXECUTE st; DEALLOCATE PREPARE st;
END$$
DELIMITER ;
SET @t = 'event_execution';
CALL FixPk(@t);
DROP PROCEDURE FixPk;
"""
#: The same procedure called with a constant: the text CONCAT builds is read
#: at the CALL (``ALTER TABLE event_execution DROP INDEX unique_event_execution``).
FIX_PK_READ = FIX_PK.replace(
    "SET @t = 'event_execution';\nCALL FixPk(@t);", "CALL FixPk('event_execution');"
)
EVENTS_CONFIG = "paths: [db]\ndialect: mariadb\n"
EVENTS_WHITELIST = """\
phases:
  - id: "1"
    title: "Legacy names"
    status: open
entries:
  - kind: table
    name: event_execution
    rules: [DBN105]
    phase: "1"
    target: event_executions
"""


def _events_project(tmp_path: Path, *files: tuple[str, str]) -> Path:
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    for name, sql in files:
        (root / "db" / name).write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(EVENTS_CONFIG, encoding="utf-8")
    (root / "whitelist.yaml").write_text(EVENTS_WHITELIST, encoding="utf-8")
    return root


def _flyway_scripts(root: Path) -> tuple[str, str]:
    (forward,) = (root / "db").glob("V*__rename_whitelist_targets.sql")
    rollback = forward.with_name("U" + forward.name[1:])
    return forward.read_text(encoding="utf-8"), rollback.read_text(encoding="utf-8")


def test_a_procedure_dropped_the_index_the_script_stops_before_any_change(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's conductor case: migrate warns about the CALL and points to
    drift; the forward script fails at its guard and the database is as before."""
    root = _events_project(tmp_path, ("V1__init.sql", EVENTS), ("V2__fix_pk.sql", FIX_PK))
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, out + err
    assert "V2__fix_pk.sql:9:1 (CALL FixPk)) runs SQL this plan does not read" in err
    assert "dbnamelint drift --db URL" in err
    forward, rollback = _flyway_scripts(root)
    assert "RENAME INDEX `unique_event_execution` TO `unique_event_executions`" in forward
    with maria.fresh_database("dbnl_t5_guard") as db:
        _apply(maria, db, EVENTS + FIX_PK, tmp_path)
        before = _show_create(maria, db)
        with pytest.raises(mysql_server.SqlFailed) as failed:
            _apply(maria, db, forward, tmp_path)
        assert (
            "dbnamelint: 1 not found, nothing renamed: index unique_event_execution on table "
            "event_execution" in str(failed.value)
        )
        assert _show_create(maria, db) == before  # nothing renamed, no view
        with pytest.raises(mysql_server.SqlFailed, match="unique_event_executions"):
            _apply(maria, db, rollback, tmp_path)  # nothing to roll back: stops first too
        assert _show_create(maria, db) == before


def test_a_procedure_call_with_constants_is_read_and_the_plan_runs(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s33 authelia #3: the CALL passes constants, so the index its
    CONCAT text drops is gone from the model, as from MariaDB: no warning, no
    rename of it, and the forward script runs to the model's catalog."""
    root = _events_project(tmp_path, ("V1__init.sql", EVENTS), ("V2__fix_pk.sql", FIX_PK_READ))
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, out + err
    assert "does not read" not in err
    forward, rollback = _flyway_scripts(root)
    assert "unique_event_execution" not in forward
    with maria.fresh_database("dbnl_t5_call_read") as db:
        _apply(maria, db, EVENTS + FIX_PK_READ, tmp_path)
        before = _show_create(maria, db)
        _apply(maria, db, forward, tmp_path)
        assert _catalog(maria, db) == _model(EVENTS + FIX_PK_READ + forward, "mariadb")
        _apply(maria, db, rollback, tmp_path)
        assert _show_create(maria, db) == before


def test_the_guard_lets_a_whole_tree_through(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the procedure: no warning; forward and rollback both run, and the
    catalog after the forward script is the model's."""
    root = _events_project(tmp_path, ("V1__init.sql", EVENTS))
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, out + err
    assert "warning" not in err
    forward, rollback = _flyway_scripts(root)
    with maria.fresh_database("dbnl_t5_guard_ok") as db:
        _apply(maria, db, EVENTS, tmp_path)
        before = _show_create(maria, db)
        _apply(maria, db, forward, tmp_path)
        assert _catalog(maria, db) == _model(EVENTS + forward, "mariadb")
        assert ("event_executions", "unique_event_executions", "UNIQUE") in _catalog(maria, db)[0]
        _apply(maria, db, rollback, tmp_path)
        assert _show_create(maria, db) == before


# -- trial 7: an ibfk key renamed by its table's rename, to its own target --------

REMEMBER_ME = """\
CREATE TABLE users (id int PRIMARY KEY);
CREATE TABLE remember_token (
  id int PRIMARY KEY,
  user_id int NOT NULL,
  KEY user_id (user_id),
  CONSTRAINT remember_token_ibfk_1 FOREIGN KEY (user_id) REFERENCES users (id)
);
"""


def test_an_ibfk_key_of_a_renamed_table_reaches_its_target_in_the_same_phase(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kanboard's remember_me (spelt remember_token here: DBN105 makes no plural of a
    pronoun): RENAME TABLE renames remember_token_ibfk_1 to
    remember_tokens_ibfk_1 itself; the phase then takes it on to its target, and
    the guard looks for it under the name it has before the script."""
    root = _project(tmp_path, REMEMBER_ME, "paths: [db]\ndialect: mysql\nrules:\n  DBN402: on\n")
    (root / "db" / "001_init.sql").rename(root / "db" / "001-schema.sql")
    _init(root, monkeypatch)
    targets = {e["name"]: e.get("target") for e in _entries(root)}
    assert targets["remember_token.remember_token_ibfk_1"] == "remember_tokens_user_id_fkey"
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    assert "not renamed yet" not in out + err
    forward, rollback = _scripts(root)
    # Not "dbnl_t7_ibfk": with the process id after it, a database name holding
    # "_ibfk_" keeps MariaDB's RENAME TABLE from renaming <table>_ibfk_N keys.
    with maria.fresh_database("dbnl_t7_remember") as db:
        _apply(maria, db, REMEMBER_ME, tmp_path)
        before = _show_create(maria, db)
        _apply(maria, db, forward, tmp_path)
        after = _catalog(maria, db)
        assert ("remember_tokens", "remember_tokens_user_id_fkey", "FOREIGN KEY") in after[0]
        assert after == _model(REMEMBER_ME + forward, "mariadb")
        _apply(maria, db, rollback, tmp_path)
        assert _show_create(maria, db) == before
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
