"""Synapse's ``DatabasePool.simple_*`` helpers name their table (trial s23).

Synapse builds its simple statements from a table name and dicts of
columns (``synapse/storage/database.py``: ``simple_select_list(self, table,
keyvalues, retcols, desc)``, ``simple_upsert(self, table, keyvalues, values,
...)``, ``simple_insert_txn(txn, table, values)``...: ``table`` first, after
``txn`` in the ``*_txn`` ones). ``impact`` listed ``"pusher_throttle"`` there
as plain text and ``--diff`` left it. Oracles: real ``git apply`` of the
patch, and real sqlite3 running the statements the helpers build (written
as ``database.py`` writes them: ``SELECT {cols} FROM {table} WHERE ...``,
``INSERT INTO {table} (...) VALUES (...) ON CONFLICT (...) DO UPDATE SET``)
on the renamed schema, where the unpatched names fail.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE pusher_throttle (pusher bigint NOT NULL, room_id text NOT NULL,
  last_sent_ts bigint, throttle_ms bigint, PRIMARY KEY (pusher, room_id));
CREATE TABLE room_tag (user_id text NOT NULL, tag text NOT NULL);
"""
RENAMED = """\
ALTER TABLE pusher_throttle RENAME TO pusher_throttles;
ALTER TABLE room_tag RENAME TO room_tags;
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: pusher_throttle, phase: "1", target: pusher_throttles}
  - {kind: table, name: room_tag, phase: "1", target: room_tags}
"""

#: Synapse's calls (storage/databases/main/pusher.py, tags.py), each form of them.
PY = """\
class PusherStore:
    async def get_throttle_params_by_room(self, pusher_id):
        return await self.db_pool.simple_select_list(
            "pusher_throttle",
            {"pusher": pusher_id},
            ["room_id", "last_sent_ts", "throttle_ms"],
            desc="get_throttle_params_by_room",
        )

    async def set_throttle_params(self, pusher_id, room_id, params):
        await self.db_pool.simple_upsert(
            "pusher_throttle",
            {"pusher": pusher_id, "room_id": room_id},
            {"last_sent_ts": params.last_sent_ts, "throttle_ms": params.throttle_ms},
            desc="set_throttle_params",
        )

    def _add_tag_txn(self, txn, user_id, tag):
        self.db_pool.simple_insert_txn(txn, "room_tag", {"user_id": user_id, "tag": tag})
        self.db_pool.simple_delete_txn(txn, table="room_tag", keyvalues={"tag": tag})

    async def forget(self, user_id):
        await self.db_pool.simple_delete("room_tag", {"user_id": user_id}, desc="forget")
        await self.db_pool.simple_update_one(
            table="room_tag", keyvalues={"user_id": user_id}, updatevalues={"tag": "x"}
        )
        table = "room_tag"
        await self.db_pool.simple_delete(table, {"user_id": user_id}, desc="forget")
        log("room_tag")
"""

#: The statements the helpers above build (database.py), ``{}`` the table.
BUILT = [
    "SELECT room_id, last_sent_ts, throttle_ms FROM {} WHERE pusher = ?",
    "INSERT INTO {} (pusher, room_id, last_sent_ts, throttle_ms) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (pusher, room_id) DO UPDATE SET last_sent_ts=EXCLUDED.last_sent_ts,"
    " throttle_ms=EXCLUDED.throttle_ms",
    "INSERT INTO {} (user_id, tag) VALUES (?, ?)",
    "DELETE FROM {} WHERE tag = ?",
    "DELETE FROM {} WHERE user_id = ?",
    "UPDATE {} SET tag = ? WHERE user_id = ?",
]


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "synapse/storage/pusher.py": PY,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _col(line: int, name: str) -> int:
    """The 1-based column of ``name``'s string on line ``line`` of :data:`PY`."""
    return PY.splitlines()[line - 1].index(f'"{name}"') + 2


def test_each_helper_call_is_a_high_confidence_table_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    data = impact_json("--min-confidence", "plain")
    found = sorted(
        (obj["name"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
    )
    pool = "DatabasePool.simple_* call"
    assert found == [
        ("pusher_throttle", 4, _col(4, "pusher_throttle"), "high", pool),  # simple_select_list
        ("pusher_throttle", 12, _col(12, "pusher_throttle"), "high", pool),  # simple_upsert
        ("room_tag", 19, _col(19, "room_tag"), "high", pool),  # (txn, "room_tag", ...)
        ("room_tag", 20, _col(20, "room_tag"), "high", pool),  # table="room_tag"
        ("room_tag", 23, _col(23, "room_tag"), "high", pool),  # simple_delete
        ("room_tag", 25, _col(25, "room_tag"), "high", pool),  # simple_update_one(table=...)
        ("room_tag", 27, _col(27, "room_tag"), "high", "table-name constant"),
        ("room_tag", 29, _col(29, "room_tag"), "plain", "text"),  # no helper's
    ]
    refused = [(i["line"], i["refused"]) for _, i in impact_items(data) if i["refused"]]
    assert refused == []  # PostgreSQL's views take them all


def test_an_upsert_helper_is_marked_where_sqlite_refuses_it_on_the_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite refuses an upsert on a view (the oracle: sqlite3 on the view
    an INSTEAD OF trigger like ``migrate``'s under the old name takes the
    INSERT, not the upsert), so only simple_upsert is marked."""
    root = _repo(tmp_path, monkeypatch)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n", encoding="utf-8")
    data = impact_json("--min-confidence", "plain")
    refused = [(i["line"], i["refused"]) for _, i in impact_items(data) if i["refused"]]
    assert [line for line, _ in refused] == [12]
    assert "cannot UPSERT a view" in refused[0][1]
    db = sqlite3.connect(":memory:")
    db.executescript(
        SCHEMA + RENAMED + "CREATE VIEW pusher_throttle AS SELECT * FROM pusher_throttles;\n"
        "CREATE TRIGGER pusher_throttle_insert INSTEAD OF INSERT ON pusher_throttle BEGIN "
        "INSERT INTO pusher_throttles VALUES (NEW.pusher, NEW.room_id, NEW.last_sent_ts,"
        " NEW.throttle_ms); END;"
    )
    plain_insert = BUILT[1].partition(" ON CONFLICT")[0]
    db.execute(plain_insert.format("pusher_throttle"), [1] * 4)  # the trigger takes it
    with pytest.raises(sqlite3.OperationalError, match="cannot UPSERT a view"):
        db.execute(BUILT[1].format("pusher_throttle"), [1] * 4)


def test_the_patch_renames_them_and_sqlite_runs_what_they_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    patched = (root / "synapse/storage/pusher.py").read_text(encoding="utf-8")
    lines = PY.splitlines(keepends=True)
    for n in (4, 12):
        lines[n - 1] = lines[n - 1].replace('"pusher_throttle"', '"pusher_throttles"')
    for n in (19, 20, 23, 25):
        lines[n - 1] = lines[n - 1].replace('"room_tag"', '"room_tags"')
    assert patched == "".join(lines)  # the variable's and the log's strings left as written
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA + RENAMED)
    tables = ["pusher_throttle"] * 2 + ["room_tag"] * 4
    new = ["pusher_throttles"] * 2 + ["room_tags"] * 4
    for template, old_name, new_name in zip(BUILT, tables, new, strict=True):
        assert old_name in PY and f'"{new_name}"' in patched
        arity = template.count("?")
        db.execute(template.format(new_name), [1] * arity)
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            db.execute(template.format(old_name), [1] * arity)
