"""``impact`` reads names in code as PostgreSQL does: cut to 63 bytes (trial s7-t4 #10).

PostgreSQL keeps the first NAMEDATALEN-1 = 63 bytes of a longer identifier,
never cutting a character in two, so every spelling sharing those bytes
names the same table. The oracle is a real PostgreSQL: which table each
spelling in the code resolves to (``to_regclass``). The search runs through
the real ``git grep``, with the whitelist entry holding the cut name (as
``whitelist init`` writes it) or the whole name as the migration wrote it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, isolated_git_env, write_files
from impact_json import impact_items, impact_json
from pg_server import PgServer

LONG = "a" * 60 + "_extra_long_tail"  # 76 bytes: kept as its first 63
WIDE = "é" * 40  # 80 bytes: kept as 31 characters (62 bytes), never half an é
SCHEMA = f"CREATE TABLE {LONG} (id int);\nCREATE TABLE {WIDE} (id int);\n"
#: Spellings in code: as written, cut, another tail, too short, differing early, upper case.
SPELLINGS = [
    LONG,
    LONG[:63],
    LONG[:63] + "_other",
    LONG[:50],
    "b" + LONG[1:],
    LONG.upper(),
    WIDE,
    "é" * 31,
    "é" * 32,
    "é" * 30,
]


def _whitelist(long_name: str, wide_name: str) -> str:
    return (
        'phases:\n  - {id: "1", title: "Legacy", status: open}\nentries:\n'
        f'  - {{kind: table, name: {long_name}, phase: "1", target: short_a}}\n'
        f'  - {{kind: table, name: {wide_name}, phase: "1", target: short_e}}\n'
    )


@pytest.mark.parametrize("whole", [False, True], ids=["cut-entry", "whole-entry"])
def test_every_spelling_postgres_resolves_is_found_and_patched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, whole: bool
) -> None:
    with pg.fresh_database("dbnl_impact_cut") as db:
        pg.run(sql=SCHEMA, dbname=db)
        resolved = {
            number: pg.query_json(
                f"SELECT (SELECT relname::text FROM pg_class WHERE oid = to_regclass('{s}')) AS t",
                db,
            )[0]["t"]
            for number, s in enumerate(SPELLINGS, 1)
        }
    expected = {n: t for n, t in resolved.items() if t is not None}
    assert set(expected.values()) == {LONG[:63], "é" * 31}  # the oracle cuts both
    assert len(expected) == 7  # and leaves three spellings unresolved
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    write_files(
        tmp_path,
        {
            "db/001.sql": SCHEMA,
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": _whitelist(*((LONG, WIDE) if whole else (LONG[:63], "é" * 31))),
            "app/q.py": "".join(f'Q = "SELECT id FROM {s} WHERE id = 1"\n' for s in SPELLINGS),
        },
    )
    init_repo(tmp_path)
    commit_all(tmp_path, "app")
    monkeypatch.chdir(tmp_path)
    found = {item["line"]: obj["target"] for obj, item in impact_items(impact_json())}
    targets = {LONG[:63]: "short_a", "é" * 31: "short_e"}
    assert found == {n: targets[t] for n, t in expected.items()}
    patch = CliRunner().invoke(cli, ["impact", "--diff"])
    assert patch.exit_code == 0
    added = [line[1:] for line in patch.stdout.splitlines() if line.startswith("+Q")]
    # An all-upper spelling is patched in upper case (PostgreSQL folds it back).
    new = {
        n: targets[t].upper() if SPELLINGS[n - 1].isupper() else targets[t]
        for n, t in expected.items()
    }
    assert added == [f'Q = "SELECT id FROM {new[n]} WHERE id = 1"' for n in sorted(expected)]
