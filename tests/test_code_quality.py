"""The project's own standards, checked by the test suite so CI enforces them.

``mypy --strict`` (configured in pyproject.toml) and ruff's lint and format
checks run on the package and the tests; a layering check keeps command
modules from importing each other.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "dbnamelint"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("args", [("check",), ("format", "--check")], ids=["lint", "format"])
def test_ruff(args: tuple[str, ...]) -> None:
    if shutil.which("ruff") is None and _run("ruff", "--version").returncode != 0:
        pytest.skip("ruff is not installed")
    done = _run("ruff", *args, "src", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


def test_commands_never_import_each_other() -> None:
    commands = {p.stem for p in (SRC / "commands").glob("*.py") if p.stem != "__init__"}
    for path in (SRC / "commands").glob("*.py"):
        others = {f"dbnamelint.commands.{c}" for c in commands if c != path.stem}
        assert not _imports(path) & others, f"{path.name} imports another command"


#: Lower layers never import higher ones (DESIGN.md, "A layout that shows it"):
#: each layer here, and the layers it may not import.
HIGHER = ("dbnamelint.cli", "dbnamelint.commands", "dbnamelint.report")
#: What the lowest layers (core, dialects) may not import besides HIGHER.
ABOVE_CORE = (
    *("dbnamelint.frontends", "dbnamelint.replay", "dbnamelint.rules", "dbnamelint.config"),
    *("dbnamelint.whitelist", "dbnamelint.services", "dbnamelint.runner"),
)
LOWER_LAYERS: dict[str, tuple[str, ...]] = {
    "core": (*HIGHER, *ABOVE_CORE),
    "dialects": (*HIGHER, *ABOVE_CORE),
    "config": HIGHER,
    "whitelist": HIGHER,
    "services": HIGHER,
    "frontends": (*HIGHER, "dbnamelint.services", "dbnamelint.replay", "dbnamelint.rules"),
    "replay": (*HIGHER, "dbnamelint.services", "dbnamelint.runner", "dbnamelint.rules"),
    # the runner's cache reaches rules only as installed hooks (rules.inflect_answers)
    "rules": (*HIGHER, "dbnamelint.services", "dbnamelint.runner"),
    "runner": (*HIGHER, "dbnamelint.services"),
}
#: What the front ends still import from the runner (a higher layer): this
#: list may shrink, never grow.
FRONTENDS_FROM_RUNNER: set[tuple[str, str]] = set()


def _is_under(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_lower_layers_never_import_higher_ones() -> None:
    for layer, higher in LOWER_LAYERS.items():
        paths = sorted((SRC / layer).rglob("*.py"))
        assert paths, f"no modules under {layer}/"
        for path in paths:
            bad = {m for m in _imports(path) if _is_under(m, higher)}
            assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


def test_front_ends_import_no_more_of_the_runner() -> None:
    found = {
        (path.relative_to(SRC).as_posix(), m)
        for path in (SRC / "frontends").rglob("*.py")
        for m in _imports(path)
        if _is_under(m, ("dbnamelint.runner",))
    }
    assert found <= FRONTENDS_FROM_RUNNER, sorted(found - FRONTENDS_FROM_RUNNER)


def test_one_identity_function() -> None:
    """Only core.identity folds names into object identities (grep-able promise)."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.parent.name != "core":
            assert "class ObjectRef" not in text
            assert "def split_name" not in text


def test_commands_hold_no_renderers() -> None:
    """Every renderer lives in report/ (DESIGN.md); a command parses, calls, picks, writes."""
    for path in (SRC / "commands").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        renderers = [
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name.startswith("render")
        ]
        assert not renderers, f"{path.name} defines {renderers}: move them to report/"


def test_finding_a_config_stays_cheap() -> None:
    """``config.files`` (run by every ``inspect``) loads neither pydantic nor the rules,
    although ``dbnamelint.config`` re-exports names that need both."""
    probe = (
        "import sys\n"
        "from dbnamelint.config.files import find_config\n"
        "heavy = sorted(m for m in ('pydantic', 'dbnamelint.rules.base', 'dbnamelint.config.load')"
        " if m in sys.modules)\n"
        "from dbnamelint.config import Settings, load_settings\n"
        "print(heavy, 'pydantic' in sys.modules, Settings.__module__, load_settings.__module__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [
        "[]",
        "True",
        "dbnamelint.config.settings",
        "dbnamelint.config.load",
    ], done.stdout
