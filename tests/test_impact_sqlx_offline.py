"""``impact --diff`` leaves sqlx's offline query cache as written, and says why.

Trial s26 (zero2prod): the patch rewrote the ``"query"`` text of six
``.sqlx/query-<sha256>.json`` files, keeping their ``"hash"`` and names. sqlx
(``cargo sqlx prepare``) names and keys each file by the SHA-256 of its
query, and a ``SQLX_OFFLINE=true`` build looks a ``query!`` up by that hash:
an edited file is an entry no build finds, while the renamed ``query!`` has
none. The patch now renames the Rust code only and notes that
``cargo sqlx prepare`` writes the cache again. Oracle: the cache's own
invariant, ``sha256(query) == hash``, checked on the file as left.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

QUERY = "SELECT id, email FROM subscription WHERE id = $1"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations/20240101000000_init.sql").write_text(
        "CREATE TABLE subscription (id uuid PRIMARY KEY, email text NOT NULL);\n"
    )
    (tmp_path / "Cargo.toml").write_text(
        '[package]\nname = "app"\n\n[dependencies]\nsqlx = "0.8"\n'
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src/routes.rs").write_text(
        f'pub async fn get(pool: &PgPool) {{\n    sqlx::query!("{QUERY}", id)\n'
        "        .fetch_one(pool).await;\n}\n"
    )
    digest = hashlib.sha256(QUERY.encode()).hexdigest()
    (tmp_path / ".sqlx").mkdir()
    (tmp_path / f".sqlx/query-{digest}.json").write_text(
        json.dumps({"db_name": "PostgreSQL", "query": QUERY, "hash": digest}, indent=2) + "\n"
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    assert "target: subscriptions" in (tmp_path / "whitelist.yaml").read_text()
    return tmp_path


def test_the_patch_leaves_the_offline_cache_and_says_so(project: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.output
    patch = result.stdout
    assert "+++ b/src/routes.rs" in patch
    assert "FROM subscriptions WHERE" in patch
    assert ".sqlx/" not in patch
    assert "sqlx's offline query cache" in result.stderr
    assert "cargo sqlx prepare" in result.stderr
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (project / "rename.patch").write_text(patch)
    subprocess.run(["git", "apply", "rename.patch"], cwd=project, check=True)
    assert "FROM subscriptions WHERE" in (project / "src/routes.rs").read_text()
    (cached,) = (project / ".sqlx").iterdir()
    data = json.loads(cached.read_text())
    assert hashlib.sha256(data["query"].encode()).hexdigest() == data["hash"]
    assert cached.name == f"query-{data['hash']}.json"
