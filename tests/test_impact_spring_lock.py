"""``impact`` sees Spring Integration's JDBC lock table (trial s33 hawkbit).

Spring Integration's ``DefaultLockRepository`` writes every query as
``... %sLOCK ...`` and formats it with its prefix, ``INT_`` unless
``setPrefix(...)`` sets one (spring-integration-jdbc,
``DefaultLockRepository``: ``DEFAULT_TABLE_PREFIX = "INT_"``,
``afterPropertiesSet``). hawkbit calls ``repository.setPrefix("SP_")``, so
its ``SP_LOCK`` is in use, though no string spells it: ``impact`` said
``not referenced: sp_lock``, and the cleanup would have dropped the view the
lock registry reads. The reference is high (it blocks the cleanup) and never
rewritten by ``--diff`` (the code writes only the prefix).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from test_impact_contexts import _refs

LABEL = "Spring Integration DefaultLockRepository (<prefix>LOCK; framework table, not patched)"
WHITELIST = """\
phases:
  - {{id: "1", title: "Legacy", status: open}}
entries:
  - {{kind: table, name: {table}, phase: "1", target: {target}}}
"""
CONFIG = """\
@Configuration
public class LockConfiguration {
    @Bean
    public LockRepository lockRepository(DataSource dataSource) {
        final DefaultLockRepository repository = new DefaultLockRepository(dataSource);
        repository.setPrefix("SP_");
        return repository;
    }
}
"""


def _repo(root: Path, monkeypatch: pytest.MonkeyPatch, table: str, java: str) -> Path:
    return committed_repo(
        root,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
            "whitelist.yaml": WHITELIST.format(table=table, target="sp_locks"),
            "db/V1__init.sql": f"CREATE TABLE {table} (LOCK_KEY char(36), REGION varchar(100));\n",
            "src/LockConfiguration.java": java,
        },
        monkeypatch,
    )


def test_set_prefix_names_the_lock_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path / "repo", monkeypatch, "SP_LOCK", CONFIG)
    found = {r for r in _refs(repo) if r[0] == "src/LockConfiguration.java"}
    assert found == {("src/LockConfiguration.java", 6, "SP_LOCK", "high", LABEL)}
    # reported, but the patch leaves the framework's prefix alone
    diff = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert "setPrefix" not in diff.stdout, diff.stdout


def test_without_set_prefix_the_default_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    java = CONFIG.replace('        repository.setPrefix("SP_");\n', "")
    repo = _repo(tmp_path / "repo", monkeypatch, "INT_LOCK", java)
    found = {r for r in _refs(repo) if r[0] == "src/LockConfiguration.java"}
    assert found == {("src/LockConfiguration.java", 5, "INT_LOCK", "high", LABEL)}


def test_another_prefix_names_another_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path / "repo", monkeypatch, "SP_LOCK", CONFIG.replace('"SP_"', '"APP_"'))
    assert not {r for r in _refs(repo) if r[0] == "src/LockConfiguration.java"}
