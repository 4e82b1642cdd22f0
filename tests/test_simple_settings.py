"""A simple config file's settings without pydantic (``config.simple``, issue 12)
are exactly what validating it gives, and anything else is left to validation.

The oracle is the normal path, ``load_settings`` validating every layer with
pydantic in the same folder. The configs: every one under ``examples/``,
every config the test suite writes (each string constant in ``tests/`` that
reads as a mapping of config keys), the configs ``dbnamelint init`` writes
for the examples' trees, and hypothesis-made ones of the plain keys with
values of every YAML type. Where validation fails, the fast path must
decline (so the error is validation's own); where it succeeds, the fast
path gives equal settings or declines.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import fields

from dbnamelint.cli import cli
from dbnamelint.config import bundled
from dbnamelint.config.errors import ConfigError
from dbnamelint.config.load import load_settings
from dbnamelint.config.model import ConfigModel
from dbnamelint.config.settings import Settings
from dbnamelint.config.simple import simple_settings
from dbnamelint.rules.base import Rule

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(REPO.glob("examples/**/dbnamelint.yaml"))
CONFIG_KEYS = frozenset(ConfigModel.model_fields)


def _comparable(value: Any) -> Any:
    """Rules as (class, attributes, options as a dict), mappings as dicts:
    two Settings compare by content (as tests/test_bundled_settings.py)."""
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


def _agree(folder: Path, config: Path | None = None) -> bool:
    """Whether the fast path took the config in ``folder`` (or ``config``, as
    ``--config`` and the gate's base name it); asserts it agrees with
    validation (equal settings, or declined where validation fails)."""
    fast = simple_settings(folder, config)
    try:
        fresh = load_settings(folder, config)
    except ConfigError:
        assert fast is None, "the fast path accepted a config validation refuses"
        return False
    if fast is None:
        return False
    assert _fields(fast) == _fields(fresh)
    return True


def _project(tmp_path: Path, text: str, name: str = "dbnamelint.yaml") -> Path:
    folder = tmp_path / "project"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "sub").mkdir(parents=True)
    (folder / name).write_text(text, "utf-8")
    return folder


def _suite_configs() -> list[str]:
    """Every string constant in the tests that reads as a mapping of config keys."""
    found: set[str] = set()
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if ":" not in text or len(text) > 4000:
                continue
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError:
                continue
            if isinstance(data, dict) and data and set(data) <= CONFIG_KEYS:
                found.add(text)
    return sorted(found)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_example_config(tmp_path: Path, example: Path) -> None:
    _agree(_project(tmp_path, example.read_text("utf-8")))
    # the same file without its pack: the plain keys alone
    text = "\n".join(
        line for line in example.read_text("utf-8").splitlines() if not line.startswith("extends")
    )
    _agree(_project(tmp_path, text + "\n"))


def test_every_config_the_suite_writes(tmp_path: Path) -> None:
    configs = _suite_configs()
    assert len(configs) > 100
    taken = sum(_agree(_project(tmp_path, text)) for text in configs)
    assert taken > 20  # the common configs do take the fast path


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
def test_the_configs_init_writes(
    tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(example.parent, tree)
    (tree / "dbnamelint.yaml").unlink()
    monkeypatch.chdir(tree)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.stderr
    assert _agree(tree), (tree / "dbnamelint.yaml").read_text()


def test_the_hook_benchmark_config_and_a_subfolder(tmp_path: Path) -> None:
    folder = _project(tmp_path, "paths: [slice.sql]\ndialect: postgres\n")
    assert _agree(folder)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)  # searched up to the repo
    assert _agree(folder / "sub")  # found upward: root and display path as validation's
    assert _agree(_project(tmp_path, "extends: recommended\npaths: [db]\n"))
    assert _agree(_project(tmp_path, "extends: [recommended]\nwhitelist: names.yaml\n"))
    assert _agree(
        _project(tmp_path, "dialect: pg\ninclude_down_migrations: true\n", ".dbnamelint.yml")
    )


def test_a_config_named_explicitly(tmp_path: Path) -> None:
    """``--config`` and the gate's base tree name the file: any name, read as YAML."""
    folder = _project(tmp_path, "paths: [a.sql]\ndialect: mysql\n", "lint.conf")
    assert _agree(folder, Path("lint.conf"))
    assert _agree(folder / "sub", Path("../lint.conf"))
    assert _agree(tmp_path, folder / "lint.conf")  # absolute, from elsewhere
    assert _agree(folder, Path("absent.yaml")) is False  # validation's located error
    folder = _project(tmp_path, "[tool.dbnamelint]\npaths = ['a.sql']\n", "pyproject.toml")
    assert simple_settings(folder, Path("pyproject.toml")) is None
    _agree(folder, Path("pyproject.toml"))


def test_what_the_fast_path_declines(tmp_path: Path) -> None:
    for text in (
        "paths: db\n",  # a single value: validation's "expected a list" error
        "paths: [1]\n",
        "dialect: nosuchsql\n",
        "include_down_migrations: yes please\n",
        "pathz: [db]\n",
        "extends: canonical-core\n",
        "extends: [recommended, canonical-core]\n",
        "rules: {DBN101: false}\n",
        "- a list\n",
        "paths: [db]\npaths: [other]\n",
    ):
        assert simple_settings(_project(tmp_path, text)) is None, text


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["postgres", "pg", "mysql", "sqlite", "tsql", "nosuch", "recommended", "db"]),
    st.text(max_size=8),
)
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=3), _SCALARS, max_size=2),
)
_KEYS = st.sampled_from(
    [
        "paths",
        "exclude",
        "dialect",
        "description",
        "whitelist",
        "extends",
        "include_down_migrations",
        "fail_on",
        "select",
        "pathz",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_generated_plain_configs(tmp_path: Path, config: dict[str, Any]) -> None:
    _agree(_project(tmp_path, yaml.safe_dump(config)))


def test_the_command_line_reports_the_same_with_or_without_the_fast_path(tmp_path: Path) -> None:
    """The CLI's output and exit code, a bad config's located error included,
    are those of a run with the bundle (and so the fast path) turned off."""
    for text in ("paths: [one.sql]\ndialect: postgres\n", "paths: one.sql\n", "dialect: nosuch\n"):
        folder = _project(tmp_path, text)
        (folder / "one.sql").write_text('CREATE TABLE "BadName" (id int);\n', "utf-8")
        runs = []
        for off in ("", "1"):
            env = {k: v for k, v in os.environ.items() if not k.startswith("DBNAMELINT_")}
            env[bundled.OFF_ENV] = off
            done = subprocess.run(
                [sys.executable, "-m", "dbnamelint", "check", "--no-cache", "one.sql"],
                cwd=folder,
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            runs.append((done.returncode, done.stdout, done.stderr))
        assert runs[0] == runs[1]
        assert runs[0][0] in (1, 2)
