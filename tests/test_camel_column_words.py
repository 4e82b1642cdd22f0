"""A camelCase column's words are the column's, never its table's (trial s21 apollo).

Apollo's MySQL schema names tables and columns in PascalCase (``Cluster``,
``ParentClusterId``) and indexes after their columns (``IX_ParentClusterId``,
``UK_AppId_DeletedAt``). Converted to snake_case, those names read
``ix_parent_cluster_id`` and ``uk_app_id_deleted_at``, and the words
``cluster`` and ``app`` there are the columns', not the tables' (the column
targets are ``parent_cluster_id`` and ``app_id``): columns were split on
underscores only, so ``whitelist init`` wrote ``ix_parent_clusters_id`` and
``migrate`` refused ``uk_app_id_deleted_at`` (App -> apps) as breaking
DBN504. The plan also listed entries without a target as "not renamed"
and then renamed them, following their renamed columns.

Oracles: the real MariaDB (``DBNAMELINT_TEST_MYSQL``) runs the forward and
rollback scripts, and its information_schema gives the index names; then
``whitelist prune`` and ``check`` on the renamed tree are clean.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

import mysql_server
from dbnamelint.rules.dependents import column_parts, dependent_name
from dbnamelint.rules.naming import CaseStyle, convert
from test_migrate_loop import _run

SQL = """\
CREATE TABLE `Cluster` (`Id` int NOT NULL, `ParentClusterId` int NOT NULL, \
PRIMARY KEY (`Id`), KEY `IX_ParentClusterId` (`ParentClusterId`)) ENGINE=InnoDB;
CREATE TABLE `App` (`Id` int NOT NULL, `AppId` varchar(64) NOT NULL, `DeletedAt` bigint, \
`DataChange_LastTime` timestamp NULL, PRIMARY KEY (`Id`), \
UNIQUE KEY `UK_AppId_DeletedAt` (`AppId`, `DeletedAt`), \
KEY `DataChange_LastTime` (`DataChange_LastTime`)) ENGINE=InnoDB;
"""
CONFIG = "paths: [db]\ndialect: mysql\n"
INDEXES = (
    "SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS "
    "WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'"
)


def test_a_camel_case_column_claims_its_words_in_a_converted_name() -> None:
    words = ["ix", "parent", "cluster", "id"]
    assert column_parts(words, ("ParentClusterId",)) == {1: ("ParentClusterId", 3)}
    # as written, too: one ``_``-word
    assert column_parts(["IX", "ParentClusterId"], ("ParentClusterId",)) == {
        1: ("ParentClusterId", 1)
    }
    # the table's rename leaves the column's word alone
    assert (
        dependent_name("ix_parent_cluster_id", "Cluster", "clusters", ("ParentClusterId",)) is None
    )
    assert dependent_name("uk_app_id_deleted_at", "App", "apps", ("AppId", "DeletedAt")) is None


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "apollo"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(SQL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def _entries(root: Path) -> dict[tuple[str, str], dict[str, object]]:
    data = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))
    return {(e["kind"], e["name"]): e for e in data["entries"]}


def test_whitelist_init_spells_the_columns_as_their_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 1, out + err
    assert "suggestion: ix_parent_cluster_id)" in out
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    entries = _entries(root)
    column = entries[("column", "Cluster.ParentClusterId")]["target"]
    assert column == convert("ParentClusterId", CaseStyle.SNAKE_CASE) == "parent_cluster_id"
    assert entries[("index", "Cluster.IX_ParentClusterId")]["target"] == f"ix_{column}"
    assert entries[("constraint", "App.UK_AppId_DeletedAt")]["target"] == (
        f"uk_{entries[('column', 'App.AppId')]['target']}"
        f"_{entries[('column', 'App.DeletedAt')]['target']}"
    )


def test_a_target_spelling_a_camel_case_column_is_not_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``app`` in ``uk_app_id_deleted_at`` is column ``AppId``'s word: after
    App -> apps, migrate plans the target and retarget leaves it."""
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    path = root / "whitelist.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        if entry["name"] == "App" and entry["kind"] == "table":
            entry["target"] = "apps"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, out + err
    assert "constraint  apps.UK_AppId_DeletedAt -> uk_app_id_deleted_at  (its target" in out
    code, out, err = _run(root, monkeypatch, "whitelist", "retarget")
    assert _entries(root)[("constraint", "App.UK_AppId_DeletedAt")]["target"] == (
        "uk_app_id_deleted_at"
    ), out + err


@pytest.mark.slow
def test_migrate_with_camel_case_columns_runs_and_leaves_a_clean_check(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    path = root / "whitelist.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        if entry["name"] == "App" and entry["kind"] == "table":
            entry["target"] = "apps"  # the plural the trial chose
        if entry["name"] in ("App.UK_AppId_DeletedAt", "App.DataChange_LastTime") and entry[
            "kind"
        ] in ("index", "constraint"):
            entry.pop("target", None)  # left to follow their columns
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    code, out, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, out + err
    assert "DBN504" not in err
    # both dependents follow their renamed columns: not called "not renamed"
    assert "constraint  apps.UK_AppId_DeletedAt -> uk_app_id_deleted_at" in out
    assert "index       apps.DataChange_LastTime -> data_change_last_time" in out
    assert "not renamed, no `target:`" not in err
    forward = out.split("-- ==== forward ====")[1].split("-- ==== rollback ====", maxsplit=1)[0]
    rollback = out.split("-- ==== rollback ====")[1].split("-- ==== cleanup", maxsplit=1)[0]
    with maria.fresh_database("dbnl_camelwords") as db:
        maria.run(SQL, database=db)
        before = {tuple(r.split("\t")) for r in maria.run(INDEXES, database=db).splitlines()}
        maria.run(forward, database=db)
        after = {tuple(r.split("\t")) for r in maria.run(INDEXES, database=db).splitlines()}
        maria.run(rollback, database=db)
        back = {tuple(r.split("\t")) for r in maria.run(INDEXES, database=db).splitlines()}
    assert after == {
        ("clusters", "ix_parent_cluster_id"),
        ("apps", "uk_app_id_deleted_at"),
        ("apps", "data_change_last_time"),
    }
    assert back == before

    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    assert "DBN504" not in out + err and "DBN301" not in out + err


def test_a_phase_need_not_wait_for_a_table_its_columns_spell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phase 1 renames the keys, phase 2 ``App`` -> ``apps`` and the columns:
    ``app`` in the target ``uk_app_id_deleted_at`` is column ``AppId``'s, so
    the key is renamed in phase 1 (it waited for phase 2), and each phase
    leaves ``check`` clean."""
    root = _project(tmp_path)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    path = root / "whitelist.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["phases"].append({"id": "2", "title": "tables", "status": "open"})
    for entry in data["entries"]:
        if entry["kind"] in ("table", "column"):
            entry["phase"] = "2"
    assert _entries(root)[("table", "App")]["target"] == "apps"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for phase in ("1", "2"):
        code, out, err = _run(root, monkeypatch, "migrate", "--phase", phase, "--write")
        assert code == 0, out + err
        assert "not renamed yet" not in out + err
        if phase == "1":
            assert "constraint  App.UK_AppId_DeletedAt -> uk_app_id_deleted_at" in out
        code, out, err = _run(root, monkeypatch, "whitelist", "prune")
        assert code == 0, out + err
        code, out, err = _run(root, monkeypatch, "check")
        assert code == 0, out + err
