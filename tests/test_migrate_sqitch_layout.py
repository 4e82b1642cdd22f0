"""``migrate --write`` on a sqitch project writes a sqitch change (trial s7-t3 #13).

The oracle is sqitch itself (1.3, when installed): ``sqitch plan`` reads
the appended line, ``sqitch deploy --verify`` runs the new change after the
others on a real PostgreSQL 15 and ``sqitch revert --to @HEAD^`` takes it
back; without sqitch, the plan line is checked against the format the
sqitch-plan manual gives (``<name> <YYYY-MM-DDTHH:MM:SSZ> <planner>
<<email>> # <note>``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dbnamelint.frontends.sql.sources import sqitch_plan_order
from dbnamelint.services.migrate.sqitch_verify import verify_statements
from pg_server import PgServer
from test_migrate_loop import _git, _run

PLAN = (
    "%syntax-version=1.0.0\n%project=registry\n\n"
    "users 2018-02-01T18:28:40Z A <a@b> # users\n"
    "waitlist-accepted-status [users] 2018-02-02T18:28:40Z A <a@b> # status\n"
)


def _project(root: Path) -> Path:
    for folder in ("sql/deploy", "sql/revert", "sql/verify"):
        (root / folder).mkdir(parents=True)
    (root / "sqitch.conf").write_text("[core]\n    engine = pg\n    top_dir = ./sql\n")
    (root / "sql" / "sqitch.plan").write_text(PLAN)
    (root / "sql" / "deploy" / "users.sql").write_text('CREATE TABLE "userAccount" (id int);\n')
    (root / "sql" / "deploy" / "waitlist-accepted-status.sql").write_text(
        'ALTER TABLE "userAccount" ADD COLUMN status text;\n'
    )
    (root / "sql" / "revert" / "users.sql").write_text('DROP TABLE "userAccount";\n')
    (root / "sql" / "revert" / "waitlist-accepted-status.sql").write_text(
        'ALTER TABLE "userAccount" DROP COLUMN status;\n'
    )
    (root / "dbnamelint.yaml").write_text("paths: [sql]\ndialect: postgres\n")
    _git(root, "init", "-q")
    _git(root, "config", "user.name", "Ann Planner")
    _git(root, "config", "user.email", "ann@example.org")
    return root


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = _project(tmp_path / "app")
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy")
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    for line in (
        "wrote sql/deploy/rename_phase_1.sql (forward)",
        "wrote sql/revert/rename_phase_1.sql (rollback)",
        "wrote sql/verify/rename_phase_1.sql (verify)",
        "updated sql/sqitch.plan (plan)",
    ):
        assert line in err
    return root


def test_the_change_is_appended_to_the_plan_and_replayed_last(
    written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = (written / "sql" / "sqitch.plan").read_text()
    assert plan.startswith(PLAN)  # everything else kept
    last = plan[len(PLAN) :]
    assert re.fullmatch(
        r"rename_phase_1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ Ann Planner <ann@example\.org>"
        r" # rename phase 1\n",
        last,
    ), last
    assert list(sqitch_plan_order(written / "sql" / "sqitch.plan")) == [
        "users",
        "waitlist-accepted-status",
        "rename_phase_1",
    ]
    forward = (written / "sql" / "deploy" / "rename_phase_1.sql").read_text()
    assert "\nBEGIN;\n" in forward and forward.rstrip().endswith("COMMIT;")
    code, out, err = _run(written, monkeypatch, "whitelist", "prune")
    assert code == 0, out + err
    code, out, err = _run(written, monkeypatch, "check")
    assert code == 0, out + err
    # the next migration follows it, in plan order and in the replay
    _git(written, "add", "-A")
    _git(written, "commit", "-qm", "phase 1")
    args = ("migrate", "--rename", "user_accounts=accounts", "--name", "rename phase 1", "--write")
    code, out, err = _run(written, monkeypatch, *args)
    assert code == 0, out + err
    assert "wrote sql/deploy/rename_phase_1_2.sql (forward)" in err  # the name was taken
    assert list(sqitch_plan_order(written / "sql" / "sqitch.plan"))[2:] == [
        "rename_phase_1",
        "rename_phase_1_2",
    ]
    code, out, err = _run(written, monkeypatch, "check")
    assert code == 0, out + err


@pytest.mark.skipif(shutil.which("sqitch") is None, reason="sqitch is not installed")
def test_sqitch_deploys_verifies_and_reverts_the_change(written: Path, pg: PgServer) -> None:
    fields = dict(part.split("=", 1) for part in pg.conninfo.split())
    with pg.fresh_database("dbnl_s7g_sqitch") as db:
        uri = f"db:pg://{fields.get('user', 'postgres')}@{fields['host']}:{fields['port']}/{db}"

        def sqitch(*args: str) -> str:
            done = subprocess.run(
                ["sqitch", *args],
                cwd=written,
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            return done.stdout

        assert "Name:      rename_phase_1" in sqitch("plan")
        out = sqitch("deploy", "--verify", uri)
        assert re.search(r"\+ rename_phase_1 \.+ ok", out), out
        kinds = (
            "SELECT relname, relkind FROM pg_class "
            "WHERE relname IN ('userAccount', 'user_accounts') ORDER BY 1"
        )
        assert pg.query_json(kinds, db) == [
            {"relname": "userAccount", "relkind": "v"},
            {"relname": "user_accounts", "relkind": "r"},
        ]
        # The verify script checks the new names: renamed back by hand, it fails.
        pg.run(sql='ALTER TABLE user_accounts RENAME TO "userAccountX"', dbname=db)
        broken = subprocess.run(
            ["sqitch", "verify", uri],
            cwd=written,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert broken.returncode != 0 and "rename_phase_1" in broken.stdout + broken.stderr
        pg.run(sql='ALTER TABLE "userAccountX" RENAME TO user_accounts', dbname=db)
        assert "Verify successful" in sqitch("verify", uri)
        out = sqitch("revert", "-y", "--to", "@HEAD^", uri)
        assert "- rename_phase_1" in out
        assert pg.query_json(kinds, db) == [{"relname": "userAccount", "relkind": "r"}]


def test_the_verify_script_checks_what_the_change_renames(written: Path) -> None:
    verify = (written / "sql" / "verify" / "rename_phase_1.sql").read_text()
    assert verify.startswith("-- Verify registry:rename_phase_1\n\nBEGIN;\n")
    assert verify.rstrip().endswith("ROLLBACK;")
    assert 'SELECT 1 FROM "user_accounts" WHERE FALSE;' in verify  # the renamed table
    assert 'SELECT * FROM "userAccount" WHERE FALSE;' in verify  # its compatibility view


def test_verify_statements_per_engine() -> None:
    forward = (
        'ALTER TABLE "A" RENAME TO "a_s";\n'
        'ALTER TABLE "a_s" RENAME COLUMN "X" TO "x";\n'
        'ALTER INDEX "A_pkey" RENAME TO "a_s_pkey";\n'
        'ALTER TABLE "a_s" RENAME CONSTRAINT "A_u" TO "a_s_u";\n'
        'CREATE VIEW "A" AS SELECT "x" AS "X" FROM "a_s";\n'
    )
    assert verify_statements(forward, "pg") == [
        'SELECT "x" FROM "a_s" WHERE FALSE;',
        'SELECT * FROM "A" WHERE FALSE;',
        "SELECT '\"a_s_pkey\"'::regclass;",
        "SELECT 1 / COUNT(*) FROM pg_catalog.pg_constraint WHERE conrelid = "
        "'\"a_s\"'::regclass AND conname = 'a_s_u';",
    ]
    mysql = forward.replace('"', "`").replace("ALTER INDEX `A_pkey` RENAME TO `a_s_pkey`;", "")
    assert verify_statements(mysql, "mysql") == [
        "SELECT `x` FROM `a_s` WHERE 1 = 0;",
        "SELECT * FROM `A` WHERE 1 = 0;",
    ]
    assert verify_statements(forward, "oracle") is None  # an engine dbnamelint does not read
