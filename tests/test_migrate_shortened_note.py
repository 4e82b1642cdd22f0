"""The plan's "shortened to" note names the very name the SQL writes.

The trial on hydra: an index whose name PostgreSQL had truncated to 63
bytes, on a table being renamed, has its own whitelist entry (DBN501) with
a target ``whitelist init`` shortened; the plan's note said the index was
shortened to the name that would follow the table, while the SQL renamed it
to the entry's target. The note is now made with the name, and kept only
when that name is the one written. The forward script runs on real
PostgreSQL: the catalog holds the name the plan names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pg_server import PgServer
from test_migrate_dependent_targets import _apply_and_roll_back, _init, _project
from test_migrate_loop import _run

SQL = """\
CREATE TABLE hydra_oauth2_obfuscated_authentication_session (
    subject varchar(255) NOT NULL,
    client_id varchar(255) NOT NULL,
    subject_obfuscated varchar(255) NOT NULL,
    PRIMARY KEY (subject, client_id)
);
CREATE INDEX hydra_oauth2_obfuscated_authentication_session_client_id_subject_obfuscated_idx
    ON hydra_oauth2_obfuscated_authentication_session (client_id, subject_obfuscated);
"""
_SHORTENED = re.compile(r"shortened to '([^']+)'")
_RENAMED_INDEX = re.compile(r'ALTER INDEX "[^"]+" RENAME TO "([^"]+)";')


def _forward(plan: str) -> str:
    return plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", maxsplit=1)[0]


@pytest.mark.parametrize(
    ("case", "select"),
    [("own_entry", ""), ("follows_table", "select: [DBN105]\n")],
)
def test_shortened_note_names_the_sql_name(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, select: str
) -> None:
    root = _project(tmp_path, SQL, f"paths: [db]\ndialect: postgres\n{select}")
    _init(root, monkeypatch)
    code, plan, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 0, plan + err
    written = _RENAMED_INDEX.findall(_forward(plan))
    assert len(written) == 1, plan
    notes = set(_SHORTENED.findall(plan))
    # without its own entry the index follows the table and is shortened (noted);
    # with one, its target is written and no note names another name
    assert notes == ({written[0]} if case == "follows_table" else set()), plan
    names = _apply_and_roll_back(pg, root, f"dbnl_short_note_{case}")
    assert written[0] in names
    assert all(len(n.encode()) <= 63 for n in names)
