"""A kind word written inside a name argument (``whitelist add 'table fooBar'``).

``whitelist add`` takes the object's name as OBJECT and its kind as
``--kind`` (README, "Whitelist"); ``migrate --rename``, ``--rename-column``
and ``--view`` take names alone. A first word that is a kind is pointed out
(exit 2, the usage code), and the command the message suggests is checked
to do what was meant. A quoted name that really starts with such a word is
still found under its own name.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.exitcodes import ExitCode
from dbnamelint.model import ObjectKind, leading_kind_word

SCHEMA = 'CREATE TABLE "fooBar" (id int);\nCREATE TABLE "table userAccounts" (id int);\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001-init.sql").write_text(SCHEMA)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_whitelist_add_points_a_kind_word_to_kind(tree: Path) -> None:
    code, out, err = _run("whitelist", "add", "table fooBar")
    assert code == ExitCode.USAGE
    assert "OBJECT 'table fooBar' starts with the kind 'table'" in err
    assert "--kind" in err
    assert not (tree / "whitelist.yaml").exists()
    suggested = err.rsplit(": ", 1)[1].strip()
    assert suggested == "dbnamelint whitelist add fooBar --kind table"
    code, out, err = _run(*shlex.split(suggested)[1:])
    assert code == ExitCode.OK, err
    assert out == "added table fooBar (DBN101) to whitelist.yaml\n"
    assert "name: fooBar" in (tree / "whitelist.yaml").read_text()


def test_a_kind_word_the_shell_split_off_is_pointed_out_too(tree: Path) -> None:
    """Trial s13 (openfga): ``whitelist add column tuple.lastSeen`` (two
    arguments) was click's bare "Got unexpected extra argument"."""
    code, _, err = _run("whitelist", "add", "table", "fooBar")
    assert code == ExitCode.USAGE
    assert err.rsplit(": ", 1)[1].strip() == "dbnamelint whitelist add fooBar --kind table"
    code, _, err = _run("whitelist", "add", "fooBar", "extra")
    assert code == ExitCode.USAGE
    assert "whitelist add takes one OBJECT, got 2: fooBar extra" in err
    code, _, err = _run("whitelist", "add", "table", "fooBar", "extra")
    assert code == ExitCode.USAGE
    assert "got 3" in err
    assert not (tree / "whitelist.yaml").exists()


def test_a_quoted_name_starting_with_a_kind_word_is_still_found(tree: Path) -> None:
    code, out, err = _run("whitelist", "add", "table userAccounts", "--dry-run")
    assert code == ExitCode.OK, err
    assert out.startswith("would add table table userAccounts (DBN101)")


def test_whitelist_add_refuses_an_unknown_kind(tree: Path) -> None:
    code, _, err = _run("whitelist", "add", "fooBar", "--kind", "tabel")
    assert code == ExitCode.USAGE
    assert "Invalid value for '--kind'" in err and "'table'" in err
    code, _, err = _run("whitelist", "add", "fooBar", "--kind", "TABLE", "--dry-run")
    assert code == ExitCode.OK, err


@pytest.mark.parametrize(
    ("flags", "said", "fixed"),
    [
        (
            ["--rename", 'table "fooBar"=foo_bar'],
            "--rename: no table named 'table \"fooBar\"'; --rename takes names without a "
            "kind word: drop 'table'",
            ["--rename", '"fooBar"=foo_bar'],
        ),
        (
            ["--rename-column", 'column "fooBar".id=foo_id'],
            "--rename-column: no table named 'column \"fooBar\"'",
            ["--rename-column", '"fooBar".id=foo_id'],
        ),
        (
            ["--rename", '"fooBar"=foo_bar', "--view", "table fooBar"],
            "(--view takes names without a kind word: drop 'table')",
            ["--rename", '"fooBar"=foo_bar', "--view", "fooBar"],
        ),
        # trial s43: the KIND:name form of database_ignore: is pointed out too
        (
            ["--rename", 'table:"fooBar"=foo_bar'],
            "--rename: no table named 'table:\"fooBar\"'; --rename takes names without a "
            "kind word: drop 'table:'",
            ["--rename", '"fooBar"=foo_bar'],
        ),
        (
            ["--rename", '"fooBar"=foo_bar', "--view", "table:fooBar"],
            "(--view takes names without a kind word: drop 'table:')",
            ["--rename", '"fooBar"=foo_bar', "--view", "fooBar"],
        ),
    ],
    ids=["rename", "rename-column", "view", "rename-prefix", "view-prefix"],
)
def test_migrate_names_without_kind_words(
    tree: Path, flags: list[str], said: str, fixed: list[str]
) -> None:
    code, _, err = _run("migrate", *flags, "db")
    assert code == ExitCode.USAGE
    assert said in err
    code, out, err = _run("migrate", *fixed, "db")
    assert code == ExitCode.OK, err
    assert "ALTER TABLE" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("table fooBar", (ObjectKind.TABLE, "fooBar")),
        ("INDEX  users.idx", (ObjectKind.INDEX, "users.idx")),
        ("materialized view totals", (ObjectKind.MATERIALIZED_VIEW, "totals")),
        ("materialized_view totals", (ObjectKind.MATERIALIZED_VIEW, "totals")),
        ("table", None),
        ("tables fooBar", None),
        ("Allow read for members", None),
    ],
)
def test_leading_kind_word(text: str, expected: tuple[ObjectKind, str] | None) -> None:
    assert leading_kind_word(text) == expected


def test_view_names_a_quoted_table_exactly_and_an_unquoted_one_folded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--view fooBar`` names the quoted table "fooBar" (it was casefolded and
    found nothing); ``--view Accounts`` still names unquoted ``accounts``."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001-init.sql").write_text(
        'CREATE TABLE "fooBar" (id int);\nCREATE TABLE accounts (id int);\n'
    )
    monkeypatch.chdir(tmp_path)
    renames = ["--rename", '"fooBar"=foo_bar', "--rename", "accounts=user_accounts"]
    for view, made in (("fooBar", '"fooBar"'), ("Accounts", '"accounts"')):
        code, out, err = _run("migrate", *renames, "--view", view, "db")
        assert code == ExitCode.OK, err
        created = [line for line in out.splitlines() if line.startswith("CREATE VIEW")]
        assert len(created) == 1 and created[0].startswith(f"CREATE VIEW {made} AS"), out
