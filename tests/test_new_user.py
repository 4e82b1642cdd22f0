"""What a demanding new user met setting dbnamelint up on two corpus projects.

Each test is one kind of fault, reproduced as the user met it: help text
missing for an option, a hook's summary counting notes about files not in the
commit, refusals that do not say why, a message naming the wrong option,
an unquoted name that cannot match a quoted table with no hint, and a
``whitelist init`` line with an absolute path and "1 objects".
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        out.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix}{name} ")
    return out


@pytest.mark.parametrize(("name", "command"), _commands(cli), ids=[n for n, _ in _commands(cli)])
def test_every_option_of_every_command_says_what_it_does(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no description"
    silent = [
        "/".join(p.opts)
        for p in command.params
        if isinstance(p, click.Option) and not p.hidden and not p.help
    ]
    assert silent == [], f"dbnamelint {name} --help shows no help for {silent}"
    shown = CliRunner().invoke(cli, [*name.split(), "--help"], prog_name="dbnamelint")
    assert shown.exit_code == 0 and "Usage: dbnamelint" in shown.output


# -- a project: a table used but never created (an info note) and a whitelist ----------

CONFIG = "extends: recommended\npaths: [db]\n"
SETUP = (
    "CREATE TABLE profiles (id int PRIMARY KEY);\n"
    # auth.users comes from the platform: a DBN011 info note, not a finding
    "CREATE TRIGGER on_signup AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION f();\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_setup.sql").write_text(SETUP, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    init_repo(tmp_path, "baseline")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_hook_counts_only_the_notes_of_the_committed_files(repo: Path) -> None:
    (repo / "db" / "002_bad.sql").write_text('CREATE TABLE "BadThings" (id int);\n')
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", "db/002_bad.sql"])
    assert hook.exit_code == 1
    assert "DBN101" in hook.stdout
    assert "info note" not in hook.stdout, hook.stdout  # the note is about 001, not committed
    about_setup = CliRunner().invoke(cli, ["check", "--pre-commit", "db/001_setup.sql"])
    # 002_bad.sql is neither added nor named: not in this commit, and said so (DBN015).
    assert "2 info notes not listed (DBN011 x1, DBN015 x1)" in about_setup.stdout
    full = CliRunner().invoke(cli, ["check", "--format", "json"])
    assert '"DBN011": 1' in full.stdout


def test_whitelist_init_says_where_it_wrote_relative_and_counted(repo: Path) -> None:
    (repo / "db" / "002_bad.sql").write_text('CREATE TABLE "BadThings" (id int);\n')
    result = CliRunner().invoke(cli, ["whitelist", "init"])
    assert result.exit_code == 0
    assert result.stdout == "wrote whitelist.yaml: 1 object, 1 finding excused\n"
    result = CliRunner().invoke(cli, ["whitelist", "init", "--force", "-o", "wl/other.yaml"])
    assert result.stdout == "wrote wl/other.yaml: 1 object, 1 finding excused\n"
    assert (repo / "wl" / "other.yaml").is_file()


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["nosuch"], "no object of that name in the files read (db)"),
        (["--kind", "column", "nosuch"], "no column of that name in the files read (db)"),
        (["profiles"], "table profiles breaks no rule"),
        (["BadThings"], "its findings are already excused"),
    ],
)
def test_whitelist_add_says_why_it_refuses(repo: Path, args: list[str], why: str) -> None:
    (repo / "db" / "002_bad.sql").write_text('CREATE TABLE "BadThings" (id int);\n')
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    result = CliRunner().invoke(cli, ["whitelist", "add", *args])
    assert result.exit_code == 2
    assert result.stderr == f"dbnamelint: whitelist add: not adding {args[-1]!r}: {why}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--rename", "BadThings=bad_things"],
            "--rename: no table named 'BadThings' in the files; did you mean \"BadThings\"? "
            "(a name created quoted keeps its case: quote it)",
        ),
        (
            ["--rename-column", '"BadThings".ownerid=owner_id'],
            "--rename-column: table 'BadThings' has no column 'ownerid'; did you mean "
            '"ownerId"? (a name created quoted keeps its case: quote it)',
        ),
        (
            ["--rename-column", "x=y"],
            "--rename-column 'x=y': OLD must read [schema.]table.column",
        ),
    ],
)
def test_migrate_names_the_option_and_hints_at_quoting(
    repo: Path, args: list[str], message: str
) -> None:
    (repo / "db" / "002_bad.sql").write_text('CREATE TABLE "BadThings" (id int, "ownerId" int);\n')
    result = CliRunner().invoke(cli, ["migrate", *args])
    assert result.exit_code == 2
    assert result.stderr == f"dbnamelint: {message}\n"
    # and the quoted spelling the hint gives is accepted
    if "did you mean" in message:
        fixed = [a.replace("BadThings", '"BadThings"', 1) if "=" in a else a for a in args]
        fixed = [
            a.replace('""BadThings""', '"BadThings"').replace("ownerid", '"ownerId"') for a in fixed
        ]
        assert CliRunner().invoke(cli, ["migrate", *fixed]).exit_code == 0
