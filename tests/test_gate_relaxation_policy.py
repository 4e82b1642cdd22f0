"""A config change that stops failing on a code is DBN909 even when it hides nothing yet.

Confirmation s39 (jellyfin): PR 1 added ``ignore: [DBN101, DBN201, DBN301,
DBN401]`` while no name in the tree broke those rules; ``check --base`` and
the hook passed it, and PR 2, judged against the relaxed config, added bad
names nothing judged. The README says every other way of excusing a name
counts as growth. Now the gate compares what the base's config and the
changed one fail on, rule by rule and diagnostic by diagnostic, globally and
per ``per_path`` pattern, and reports each code no longer failing at the
key that relaxes it. Oracle: a real git repository, the real gate and hook.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# A name every rule of the packs below accepts: no finding to hide, ever.
SQL = {"db/001.sql": "CREATE TABLE user_accounts (id integer PRIMARY KEY);\n"}
PLAIN = "extends: [recommended]\npaths: [db]\n"
WARNED = PLAIN + "rules:\n  DBN105: {severity: warning}\n"
DOMAINS = "extends: [dba-domains]\npaths: [db]\n"
LEGACY_OLD = PLAIN + 'per_path:\n  - paths: ["legacy/old/**"]\n    ignore: [DBN105]\n'
LEGACY = PLAIN + 'per_path:\n  - paths: ["legacy/**"]\n    ignore: [DBN105]\n'

# (base config, changed config, the DBN909s expected: (line:column, codes named))
RELAXATIONS = {
    "ignore": (
        PLAIN,
        PLAIN + "ignore: [DBN101, DBN201]\n",
        [("3:10", "DBN101"), ("3:18", "DBN201")],
    ),
    "rule-off": (PLAIN, PLAIN + "rules:\n  column-name-wrong-case: false\n", [("4:3", "DBN201")]),
    "severity": (PLAIN, PLAIN + "rules:\n  DBN101: {severity: warning}\n", [("4:12", "DBN101")]),
    "fail-on": (WARNED + "fail_on: warning\n", WARNED + "fail_on: error\n", [("5:1", "DBN105")]),
    "per-path": (PLAIN, LEGACY, [("5:14", "DBN105")]),
    "per-path-widened": (LEGACY_OLD, LEGACY, [("5:14", "DBN105")]),
    "extends": (DOMAINS, PLAIN, [("1:1", "DBN103 (table-missing-allowed-prefix), DBN106")]),
    "select": (
        "select: [DBN101, DBN201]\npaths: [db]\n",
        "select: [DBN101]\npaths: [db]\n",
        [("1:1", "DBN201")],
    ),
    "diagnostic": (PLAIN, PLAIN + "ignore: [dynamic-ddl-not-read]\n", [("3:10", "DBN013")]),
}

# Stricter, or judged by findings (options, what is read): no DBN909.
NOT_RELAXATIONS = {
    "fail-on-lowered": (WARNED, WARNED + "fail_on: warning\n"),
    "severity-raised": (WARNED, PLAIN + "rules:\n  DBN105: {severity: error}\n"),
    "rule-added": (PLAIN, PLAIN + "rules:\n  table-name-generic: {}\n"),
    "select-added": ("select: [DBN101]\npaths: [db]\n", "select: [DBN101, DBN201]\npaths: [db]\n"),
    "per-path-narrowed": (LEGACY, LEGACY_OLD),
    "per-path-removed": (LEGACY, PLAIN),
    "options": (DOMAINS, DOMAINS + "rules:\n  table-name-generic:\n    options: {names: [data]}\n"),
    "exclude": (PLAIN, PLAIN + 'exclude: ["db/old/**"]\n'),
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def relaxations(output: str) -> list[str]:
    return [line for line in output.splitlines() if "DBN909" in line]


def changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str, config: str) -> Path:
    """A repository whose ``main`` has ``base`` as its config, the config
    changed to ``config`` in the working tree and staged."""
    root = committed_repo(tmp_path / "p", {**SQL, "dbnamelint.yaml": base}, monkeypatch)
    code, output = run("check")
    assert code == 0, output  # nothing to hide: every finding-based DBN909 is silent
    write_files(root, {"dbnamelint.yaml": config})
    git(root, "add", "-A")
    return root


@pytest.mark.parametrize("case", RELAXATIONS)
def test_relaxation_hiding_nothing_fails_gate_and_hook(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, config, expected = RELAXATIONS[case]
    changed(tmp_path, monkeypatch, base, config)
    for args, ref in ((("--base", "main"), "main"), (("--pre-commit", "dbnamelint.yaml"), "HEAD")):
        code, output = run("check", *args)
        assert code == 1, output
        found = relaxations(output)
        assert len(found) == len(expected), output
        for line, (at, codes) in zip(found, expected, strict=True):
            assert line.startswith(f"dbnamelint.yaml:{at}: DBN909 error: "), output
            assert f"the config change since {ref} stops failing the run on" in line, line
            assert codes in line, line


@pytest.mark.parametrize("case", NOT_RELAXATIONS)
def test_stricter_or_judged_by_findings_passes(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, config = NOT_RELAXATIONS[case]
    changed(tmp_path, monkeypatch, base, config)
    for args in (("--base", "main"), ("--pre-commit", "dbnamelint.yaml")):
        code, output = run("check", *args)
        assert code == 0, output
        assert not relaxations(output), output


def test_allow_growth_makes_it_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changed(tmp_path, monkeypatch, PLAIN, PLAIN + "ignore: [DBN101]\n")
    code, output = run("check", "--base", "main", "--allow-whitelist-growth")
    assert code == 0, output
    (line,) = relaxations(output)
    assert line.startswith("dbnamelint.yaml:3:10: DBN909 warning: "), output
    assert line.endswith("(allowed by --allow-whitelist-growth)"), line


def test_adoption_commit_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # no dbnamelint config at the base: the change adopts it, whatever it ignores
    root = committed_repo(tmp_path / "p", SQL, monkeypatch)
    write_files(root, {"dbnamelint.yaml": PLAIN + "ignore: [DBN101, DBN201]\n"})
    git(root, "add", "-A")
    for args in (("--base", "main"), ("--pre-commit", "dbnamelint.yaml")):
        code, output = run("check", *args)
        assert code == 0, output
        assert not relaxations(output), output


def test_one_relaxation_reported_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # DBN105 hides a finding (said with the finding), DBN101 hides none (said as a code)
    root = committed_repo(
        tmp_path / "p", {**SQL, "dbnamelint.yaml": PLAIN + "fail_on: error\n"}, monkeypatch
    )
    write_files(
        root,
        {
            "dbnamelint.yaml": PLAIN + "ignore: [DBN105, DBN101]\n",
            "db/002.sql": "CREATE TABLE invoice (id integer PRIMARY KEY);\n",
        },
    )
    code, output = run("check", "--base", "main")
    assert code == 1, output
    found = relaxations(output)
    assert len(found) == 2, output
    assert re.match(
        r"dbnamelint\.yaml:3:10: DBN909 error: .* hides DBN105 on table 'invoice'", found[0]
    )
    assert found[1].startswith("dbnamelint.yaml:3:18: DBN909 error: "), found[1]
    assert "stops failing the run on DBN101 " in found[1], found[1]
