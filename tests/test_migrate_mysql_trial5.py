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
    down = forward[0].with_name(forward[0].name.replace(".sql", ".down.sql"))
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
