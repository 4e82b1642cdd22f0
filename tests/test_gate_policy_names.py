"""Row-level security policies' names are judged (DBN505), as every other
modelled kind's are. Trial s34 ente: ``CREATE POLICY "BadPolicy" ON users``
in a new golang-migrate file passed the gate and the hook: policies were in
the model (``inspect`` listed them) but no rule judged their names.

Oracles: real git (the change adds the file), PostgreSQL (the name a policy
is stored under, and that ``ALTER POLICY ... RENAME TO`` is how it is renamed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_json as _check
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BASE = "server/migrations/1_init.up.sql"
NEW = "server/migrations/2_rls.up.sql"
INIT = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
RLS = (
    "ALTER TABLE users ENABLE ROW LEVEL SECURITY;\n"
    'CREATE POLICY "BadPolicy" ON users USING (true);\n'
    "CREATE POLICY users_read_own ON users FOR SELECT USING (true);\n"
    'ALTER POLICY users_read_own ON users RENAME TO "Users can read own rows";\n'
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "ente"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(root, {BASE: INIT}, "paths: [server/migrations]\ndialect: postgres\n")
    return root


def _stored(pg: PgServer) -> set[str]:
    with pg.fresh_database("s34_ente_policy") as db:
        pg.run(sql=INIT + RLS, dbname=db)
        return {r["polname"] for r in pg.query_json("SELECT polname FROM pg_policy", db)}


def test_a_new_policy_named_badly_fails_the_gate(repo: Path, pg: PgServer) -> None:
    (repo / NEW).write_text(RLS)
    git(repo, "add", "-A")
    code, found, _ = _check("--base", "HEAD")
    # Before: exit 0, nothing found.
    assert code == 1
    assert found == [
        ("DBN505", "BadPolicy", NEW, 2, 15),
        ("DBN505", "Users can read own rows", NEW, 4, 48),
    ]
    # the names PostgreSQL stores, the compliant one renamed away
    assert _stored(pg) == {"BadPolicy", "Users can read own rows"}


def test_a_policy_entry_is_renamed_by_hand_then_pruned(repo: Path) -> None:
    (repo / BASE).write_text(INIT + 'CREATE POLICY "BadPolicy" ON users USING (true);\n')
    assert CliRunner().invoke(cli, ["whitelist", "init", "--force"]).exit_code == 0
    assert "kind: policy" in (repo / "whitelist.yaml").read_text()
    result = CliRunner().invoke(cli, ["migrate", "--all"])
    assert result.exit_code != 0
    assert "policy users.BadPolicy" in result.output
    assert "ALTER POLICY ... RENAME TO ..." in result.output
    assert "whitelist prune" in result.output
