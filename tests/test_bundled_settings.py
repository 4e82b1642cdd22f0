"""The shipped default settings (``dbnamelint.config.bundled``) are exactly
what validating the default configuration gives, and are used only then.

The oracle is the normal path: ``load_settings`` validating the
``recommended`` pack with pydantic in the same folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import fields

from dbnamelint.config import bundled
from dbnamelint.config.load import load_settings
from dbnamelint.config.settings import Settings
from dbnamelint.rules.base import Rule

SRC = Path(__file__).resolve().parents[1] / "src"


def _comparable(value: Any) -> Any:
    """A value with rules as (class, their attributes, options as a dict) and
    mappings as dicts, so two Settings compare by content."""
    if isinstance(value, Rule):
        state = dict(vars(value))
        state["options"] = dict(state["options"])
        return (type(value), state)
    if isinstance(value, tuple):
        return tuple(_comparable(v) for v in value)
    if hasattr(value, "items") and not isinstance(value, (str, bytes)):
        return {k: _comparable(v) for k, v in value.items()}
    return value


def _fields(settings: Settings) -> dict[str, Any]:
    return {f.name: _comparable(getattr(settings, f.name)) for f in fields(Settings)}


def test_the_shipped_bundle_is_current() -> None:
    stored = bundled.BUNDLE.read_bytes()
    from dbnamelint.runner import pickled

    entry = pickled.loads(stored)
    assert entry["digest"] == bundled.inputs_digest(), (
        "the config or rules code or a pack changed: run `python -m dbnamelint.config.bundled`"
    )


@pytest.mark.parametrize("where", ["plain", "repository"])
def test_bundle_equals_validating_the_default_config(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "project" / "db"
    folder.mkdir(parents=True)
    if where == "repository":
        subprocess.run(["git", "init", "-q", str(tmp_path / "project")], check=True)
    fresh = load_settings(folder)
    shipped = bundled.default_settings(folder)
    assert shipped is not None
    assert fresh.config_path is None
    assert _fields(shipped) == _fields(fresh)
    # The folder-dependent fields really are the folder's.
    assert shipped.root == folder.resolve()
    assert shipped.whitelist_path == folder.resolve() / "whitelist.yaml"


def test_edited_inputs_plugins_and_the_switch_are_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bundled.default_settings(tmp_path) is not None
    with monkeypatch.context() as m:
        m.setenv(bundled.OFF_ENV, "1")
        assert bundled.default_settings(tmp_path) is None
    with monkeypatch.context() as m:  # a pack or a rule module edited since the bundle
        m.setattr(bundled, "inputs_digest", lambda: "0" * 32)
        assert bundled.default_settings(tmp_path) is None
    with monkeypatch.context() as m:  # a plugin's rule installed
        import dbnamelint.rules.registry as registry

        real = registry.discover_rules

        class PluginRule(Rule):
            code = "DBN999"
            name = "plugin-rule"

        def with_plugin(*args: Any, **kwargs: Any) -> Any:
            return {**real(*args, **kwargs), "DBN999": PluginRule}

        m.setattr(registry, "discover_rules", with_plugin)
        assert bundled.default_settings(tmp_path) is None
    for junk in (b"", b"not a pickle", b"\x80\x05N."):  # unreadable, foreign
        bad = tmp_path / f"bad{len(junk)}.pickle"
        bad.write_bytes(junk)
        with monkeypatch.context() as m:
            m.setattr(bundled, "BUNDLE", bad)
            assert bundled.default_settings(tmp_path) is None


def _check(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "DBNAMELINT_CACHE_DIR": str(cwd.parent / "cache"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dbnamelint.cli", "check", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def _imported(run: subprocess.CompletedProcess[str]) -> set[str]:
    names = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_a_run_without_config_skips_pydantic_with_the_same_output(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "schema.sql").write_text(
        'CREATE TABLE "UserAccounts" (id int PRIMARY KEY, "FirstName" text);\n'
        "CREATE TABLE order_item (id int);\n"
        "CREATE INDEX idx1 ON order_item (id);\n",
        encoding="utf-8",
    )
    args = ("--no-cache", "--format", "json", "schema.sql")
    fast = _check(project, *args)
    slow = _check(project, *args, DBNAMELINT_NO_BUNDLED_SETTINGS="1")
    assert fast.returncode == slow.returncode == 1
    assert fast.stdout == slow.stdout
    assert '"code": "DBN105"' in fast.stdout  # findings, not an empty run
    # (pydantic itself may still load: inflect, asked about a name, imports it)
    assert "dbnamelint.config.model" not in _imported(fast)
    assert "dbnamelint.config.model" in _imported(slow)
    # --select narrows the bundled settings as it narrows validated ones.
    narrowed = _check(project, "--no-cache", "--select", "DBN105", "--format", "json", "schema.sql")
    narrowed_slow = _check(
        project,
        "--no-cache",
        "--select",
        "DBN105",
        "--format",
        "json",
        "schema.sql",
        DBNAMELINT_NO_BUNDLED_SETTINGS="1",
    )
    assert narrowed.stdout == narrowed_slow.stdout
    assert '"code": "DBN101"' in fast.stdout
    assert '"code": "DBN101"' not in narrowed.stdout


def test_a_config_file_is_still_validated(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "schema.sql").write_text("CREATE TABLE users (id int);\n", encoding="utf-8")
    (project / "dbnamelint.yaml").write_text("rules:\n  DBN105: {optionz: 1}\n", "utf-8")
    run = _check(project, "--no-cache", "schema.sql")
    assert run.returncode == 2
    assert "optionz" in run.stderr
    assert "dbnamelint.config.model" in _imported(run)
