"""Small messages from a new user's trial: empty selectors, a list written as one
value, and the phases ``whitelist init --group-by prefix`` writes.

Oracles: the exit code of an unknown rule (the documented usage error), YAML
itself (the suggested config text and the written whitelist are parsed back
with PyYAML), and the schema's own names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.exitcodes import ExitCode


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "schema.sql").write_text("CREATE TABLE user_accounts (id integer);\n")
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["--select", ""],
        ["--select", " "],
        ["--select", "DBN1,"],
        ["--select", "DBN101,,DBN102"],
        ["--ignore", ""],
        ["--select", "DBN101", "--select", ""],
    ],
    ids=repr,
)
def test_an_empty_selector_is_a_usage_error_like_an_unknown_rule(
    tree: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    unknown, _, unknown_err = _run(tree, monkeypatch, "check", "--select", "NOPE999")
    assert unknown == ExitCode.USAGE == 2
    assert "unknown rule" in unknown_err
    code, out, err = _run(tree, monkeypatch, "check", *args)
    assert code == unknown
    assert "All checks passed" not in out
    assert re.search(r"--(select|ignore): empty", err), err


def test_selectors_with_spaces_around_commas_still_work(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _run(tree, monkeypatch, "check", "--select", "DBN101, DBN105")
    assert code == ExitCode.OK, err


@pytest.mark.parametrize(
    ("written", "key", "expected"),
    [
        ("paths: db", "paths", ["db"]),
        ("select: DBN101", "select", ["DBN101"]),
        ('paths: "my db"', "paths", ["my db"]),
        ('paths: "yes"', "paths", ["yes"]),
    ],
)
def test_a_single_value_for_a_list_says_what_to_write(
    tree: Path, monkeypatch: pytest.MonkeyPatch, written: str, key: str, expected: list[str]
) -> None:
    config = tree / "dbnamelint.yaml"
    config.write_text(written + "\n")
    code, _, err = _run(tree, monkeypatch, "check")
    assert code == ExitCode.USAGE
    assert "dbnamelint.yaml:1:1" in err
    assert "Input should be a valid list" not in err
    found = re.search(r"write (.+)$", err.strip())
    assert found is not None, err
    suggestion = found.group(1)
    # the suggested text is YAML meaning the list the user meant...
    assert yaml.safe_load(suggestion) == {key: expected}
    # ...and a config holding it is accepted (the path is made to exist)
    for item in expected:
        (tree / item).mkdir(exist_ok=True)
    config.write_text(suggestion + "\n")
    code, _, err = _run(tree, monkeypatch, "check")
    assert code in (ExitCode.OK, ExitCode.FINDINGS), err


DOTLESS = "b\u0131g\u0131nt"


def test_group_by_prefix_writes_names_as_spelt_and_titles_the_bare_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "schema.sql").write_text(
        f'CREATE DOMAIN "{DOTLESS}" AS bigint;\n'
        'CREATE TABLE actor (id integer, "firstName" text);\n'
        "CREATE TABLE actor_award (id integer);\n"
        "CREATE TABLE film (id integer);\n"
        "CREATE TABLE sys_flag (id integer);\n"
        "CREATE TABLE sys_item (id integer);\n",
        encoding="utf-8",
    )
    code, _, err = _run(tmp_path, monkeypatch, "whitelist", "init", "--group-by", "prefix")
    assert code == ExitCode.OK, err
    text = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "\\u" not in text
    assert f'"prefix-{DOTLESS}"' in text
    data = yaml.safe_load(text)
    titles = {p["id"]: p["title"] for p in data["phases"]}
    assert titles == {
        "prefix-actor": "Name actor and names starting actor_",
        f"prefix-{DOTLESS}": f"Name {DOTLESS}",
        "prefix-film": "Name film",
        "prefix-sys": "Names starting sys_",
    }
    phase_of = {e["name"]: e["phase"] for e in data["entries"]}
    assert phase_of[DOTLESS] == f"prefix-{DOTLESS}"
    assert phase_of["actor"] == phase_of["actor_award"] == phase_of["actor.firstName"]
    # the file excuses every finding it was written from
    code, out, err = _run(tmp_path, monkeypatch, "check")
    assert code == ExitCode.OK, out + err


@pytest.mark.parametrize(
    "value", ["prefix-b\u0131g\u0131nt", "a\x85b", "x\u2028y", "c\x9fd", 'q"\\t\t', "caf\u00e9"]
)
def test_quoted_scalars_read_back_as_written(value: str) -> None:
    from dbnamelint.whitelist.writer import _quoted

    text = _quoted(value)
    assert yaml.safe_load(f"k: {text}") == {"k": value}
    assert all(ch.isprintable() or ch == " " for ch in text)
