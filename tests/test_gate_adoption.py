"""Adopting dbnamelint with the gate (or the hook) already in place.

The first change that adds the config and the whitelist *is* the adoption:
when the base (``HEAD`` for the hook, ``--base REF`` in CI) has no
dbnamelint config and no whitelist at all, the whitelist the change adds is
the baseline, allowed with a note. Whenever the base had a config (a
``dbnamelint.yaml``, or a ``pyproject.toml`` with ``[tool.dbnamelint]``) or a
whitelist, growth is refused as always. Real git repositories throughout.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LEGACY = 'CREATE TABLE "UserAccounts" (id int PRIMARY KEY, "emailAddress" text);\n'
CONFIG = "paths: [db]\ndialect: postgres\n"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _codes(*args: str) -> tuple[int, list[tuple[str, str, str]]]:
    code, out = _cli("check", *args, "--format", "json")
    report = json.loads(out)
    return code, [(d["code"], d["severity"], d["message"]) for d in report["diagnostics"]]


@pytest.fixture
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose one commit holds a legacy schema and no dbnamelint at all."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text(LEGACY)
    init_repo(root, "legacy schema")
    monkeypatch.chdir(root)
    return root


def _adopt(root: Path, config: tuple[str, str] = ("dbnamelint.yaml", CONFIG)) -> None:
    name, text = config
    (root / name).write_text(text)
    code, out = _cli("whitelist", "init")
    assert code == 0, out
    git(root, "add", "-A")


def test_the_adopting_commit_may_add_its_whitelist(legacy: Path) -> None:
    _adopt(legacy)
    for args in (("--base", "HEAD"), ("--pre-commit", "dbnamelint.yaml", "whitelist.yaml")):
        code, diagnostics = _codes(*args)
        assert code == 0, diagnostics
        assert [c for c, _, _ in diagnostics] == ["DBN904"], diagnostics
        _, severity, message = diagnostics[0]
        assert severity == "info"
        assert "this change adopts dbnamelint" in message
        entries = len(yaml.safe_load((legacy / "whitelist.yaml").read_text())["entries"])
        assert entries == 2  # the table and its column
        assert f"{entries} whitelist entries it adds are the baseline" in message

    # Once adopted, the whitelist may only shrink.
    commit_all(legacy, "adopt dbnamelint")
    (legacy / "db" / "002_more.sql").write_text('CREATE TABLE "NewThing" (id int);\n')
    code, out = _cli("whitelist", "add", "NewThing", "--kind", "table")
    assert code == 0, out
    git(legacy, "add", "-A")
    code, diagnostics = _codes("--pre-commit", "db/002_more.sql", "whitelist.yaml")
    assert code == 1
    growth = [m for c, s, m in diagnostics if c == "DBN901" and s == "error"]
    assert len(growth) == 1 and "table NewThing" in growth[0], diagnostics
    assert not any("adopts" in m for _, _, m in diagnostics)


def test_adoption_on_a_branch_against_base_ref(legacy: Path) -> None:
    git(legacy, "checkout", "-q", "-b", "adopt")
    _adopt(legacy)
    commit_all(legacy, "adopt dbnamelint")
    code, diagnostics = _codes("--base", "main")
    assert code == 0, diagnostics
    assert any("adopts dbnamelint" in m for _, _, m in diagnostics)


def test_a_pyproject_without_our_table_at_the_base_is_no_config(legacy: Path) -> None:
    (legacy / "pyproject.toml").write_text('[project]\nname = "app"\n')
    commit_all(legacy, "a python project")
    with (legacy / "pyproject.toml").open("a") as handle:
        handle.write('\n[tool.dbnamelint]\npaths = ["db"]\ndialect = "postgres"\n')
    _adopt(legacy, ("pyproject.toml", (legacy / "pyproject.toml").read_text()))
    code, diagnostics = _codes("--base", "HEAD")
    assert code == 0, diagnostics
    assert any("adopts dbnamelint" in m for _, _, m in diagnostics)


@pytest.mark.parametrize(
    "before",
    [
        pytest.param({"dbnamelint.yaml": CONFIG}, id="config-yaml"),
        pytest.param(
            {"pyproject.toml": '[tool.dbnamelint]\npaths = ["db"]\ndialect = "postgres"\n'},
            id="pyproject-table",
        ),
        pytest.param({"whitelist.yaml": "entries: []\n"}, id="whitelist-without-config"),
        pytest.param({".dbnamelint.yml": CONFIG}, id="config-of-another-name"),
    ],
)
def test_growth_is_refused_whenever_the_base_had_config_or_whitelist(
    legacy: Path, before: dict[str, str]
) -> None:
    for name, text in before.items():
        (legacy / name).write_text(text)
    commit_all(legacy, "dbnamelint, partly")
    if "whitelist.yaml" in before:  # defaults plus a whitelist: now a config too
        (legacy / "dbnamelint.yaml").write_text(CONFIG)
    if ".dbnamelint.yml" in before:  # the config moves to its usual name
        git(legacy, "mv", ".dbnamelint.yml", "dbnamelint.yaml")
    code, out = _cli("whitelist", "init", "--force")
    assert code == 0, out
    git(legacy, "add", "-A")
    code, diagnostics = _codes("--base", "HEAD")
    assert code == 1
    entries = len(yaml.safe_load((legacy / "whitelist.yaml").read_text())["entries"])
    growth = [c for c, s, _ in diagnostics if c == "DBN901" and s == "error"]
    assert entries == 2 and len(growth) == entries, diagnostics
    assert not any("adopts" in m for _, _, m in diagnostics)


def test_the_adoption_note_agrees_with_its_count() -> None:
    from dbnamelint.services.gate import adoption_note

    one, three = adoption_note("w", "HEAD", 1).message, adoption_note("w", "HEAD", 3).message
    assert "so the 1 whitelist entry it adds is the baseline" in one
    assert "so the 3 whitelist entries it adds are the baseline" in three
