"""A file that shows no dialect takes its folder's, and SQLite-only syntax is a hint.

pi-hole's ``advanced/Templates/`` holds ``gravity.db.sql`` (AUTOINCREMENT:
SQLite) and ``gravity_copy.sql`` (ATTACH DATABASE, INSERT OR REPLACE, triggers
on the same tables), both run with ``sqlite3 gravity.db < file``. Read as
PostgreSQL, the second file's index landed on a phantom PostgreSQL copy of
``client`` ("not created in the files"). The oracle: the sqlite3 shell runs
both files in turn, and ``sqlite_master`` puts the index on ``client``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import load_files

CREATE = "CREATE TABLE client (id INTEGER PRIMARY KEY AUTOINCREMENT, ip TEXT);\n"
COPY = (
    "ATTACH DATABASE 'old.db' AS OLD;\n"
    "INSERT OR REPLACE INTO client SELECT * FROM OLD.client;\n"
    "CREATE INDEX client_ip ON client (ip);\n"
)
PLAIN = "CREATE INDEX client_ip ON client (ip);\n"


def _read(root: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Dialect per file, each index's table, and the DBN011 notes."""
    found, problems = discover([str(root / "t")], SourceSettings(root=root))
    assert not problems
    loaded = load_files(found, root)
    dialects = {Path(f.path).name: f.dialect for f in loaded.files}
    indexes = {
        o.name: f"{o.source.dialect}:{o.table}"
        for o in loaded.schema.objects
        if o.kind is ObjectKind.INDEX
    }
    notes = [d.message for d in loaded.schema.diagnostics if d.code == "DBN011"]
    return dialects, indexes, notes


def _sqlite_oracle(root: Path, *names: str) -> dict[str, str]:
    """Index -> table, after the sqlite3 shell ran the files in turn."""
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("the sqlite3 shell is not installed")
    db = root / "gravity.db"
    for name in names:
        text = (root / "t" / name).read_text(encoding="utf-8")
        text = text.replace("ATTACH DATABASE 'old.db'", f"ATTACH DATABASE '{root / 'old.db'}'")
        if "OLD.client" in text:
            with sqlite3.connect(root / "old.db") as old:
                old.execute(CREATE.rstrip().rstrip(";"))
            old.close()
        subprocess.run([shell, str(db)], input=text, text=True, check=True, capture_output=True)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
        found = dict(rows)
    conn.close()
    return found


@pytest.mark.parametrize(
    ("second", "text"), [("b.sql", COPY), ("b.sql", PLAIN)], ids=["copy", "plain"]
)
def test_the_second_file_is_read_as_sqlite(tmp_path: Path, second: str, text: str) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.sql").write_text(CREATE, encoding="utf-8")
    (tmp_path / "t" / second).write_text(text, encoding="utf-8")
    oracle = _sqlite_oracle(tmp_path, "a.sql", second)
    assert oracle == {"client_ip": "client"}
    dialects, indexes, notes = _read(tmp_path)
    assert dialects == {"a.sql": "sqlite", second: "sqlite"}
    assert indexes == {"client_ip": "sqlite:client"}
    assert notes == []


def test_a_folder_of_mixed_dialects_leaves_a_plain_file_to_the_default(tmp_path: Path) -> None:
    # As many files show SQLite as PostgreSQL (sqlite3 refuses CREATE EXTENSION): a tie.
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.sql").write_text(CREATE, encoding="utf-8")
    (tmp_path / "t" / "c.sql").write_text("CREATE EXTENSION citext;\n", encoding="utf-8")
    (tmp_path / "t" / "b.sql").write_text(PLAIN, encoding="utf-8")
    dialects, _, _ = _read(tmp_path)
    assert dialects == {"a.sql": "sqlite", "b.sql": "postgres", "c.sql": "postgres"}


def test_another_folder_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "t" / "sub").mkdir(parents=True)
    (tmp_path / "t" / "a.sql").write_text(CREATE, encoding="utf-8")
    (tmp_path / "t" / "sub" / "b.sql").write_text(PLAIN, encoding="utf-8")
    dialects, _, _ = _read(tmp_path)
    assert dialects == {"a.sql": "sqlite", "b.sql": "postgres"}
