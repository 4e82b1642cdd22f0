"""Spring Boot's ``db/migration/common`` and ``db/migration/{vendor}``: one Flyway sequence.

s8-t3 F4 and F6: with ``spring.flyway.locations=db/migration/common,
db/migration/{vendor}`` Flyway resolves the migrations of both locations
into one list, versioned ones by version, then the repeatable ``R__``
scripts (Flyway documentation, "Migrations: Versioned migrations /
Repeatable migrations": "Repeatable migrations are always applied last,
after all pending versioned migrations"). The walk replayed ``common/``
before ``postgresql/`` (an ``R__`` view ahead of a later ``V``), and the
duplicate-version check (DBN016) grouped the folders apart. The oracle for
the model is PostgreSQL 15 after the files in Flyway's order: ``drift`` is
clean. Copies for several databases (``mysql/`` beside ``postgresql/``) stay
apart, as Spring Boot uses one of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from git_helpers import write_files
from pg_server import PgServer, pg_url
from test_drift_tool_tables import drifted

FILES = {
    "db/migration/common/V1__init.sql": (
        "CREATE TABLE customers (id bigint PRIMARY KEY, legacy_flag int);\n"
    ),
    "db/migration/postgresql/V2__pg.sql": "ALTER TABLE customers DROP COLUMN legacy_flag;\n",
    "db/migration/common/R__views.sql": (
        "CREATE OR REPLACE VIEW customer_ids AS SELECT id FROM customers;\n"
    ),
    "db/migration/common/V3__more.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_common_and_one_vendor_folder_replay_as_one_sequence(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, FILES)
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migration]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    found, _ = discover(["db/migration"], SourceSettings(root=Path(), dialect="postgres"))
    assert [f.path for f in found] == [
        "db/migration/common/V1__init.sql",
        "db/migration/postgresql/V2__pg.sql",
        "db/migration/common/V3__more.sql",
        "db/migration/common/R__views.sql",
    ]
    with pg.fresh_database("dbn_flyway_common") as db:
        pg.run(files=[tmp_path / f.path for f in found], dbname=db)
        code, out, err = _run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err


def test_a_version_twice_across_common_and_the_vendor_folder_is_dbn016(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path, {**FILES, "db/migration/common/V2__dup.sql": "CREATE TABLE dup (id int);\n"}
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db/migration]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    _, out, _ = _run("check", "--no-cache", "--format", "json")
    codes = [d["code"] for d in json.loads(out)["diagnostics"]]
    assert "DBN016" in codes, out


def test_copies_for_two_databases_stay_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "db/migration/mysql/V1__init.sql": "CREATE TABLE customers (id bigint);\n",
            "db/migration/postgresql/V1__init.sql": "CREATE TABLE customers (id bigint);\n",
        },
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db/migration]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out, _ = _run("check", "--no-cache", "--format", "json")
    codes = [d["code"] for d in json.loads(out)["diagnostics"]]
    assert "DBN016" not in codes, out
