"""The gate cannot be passed by excusing a name some other way than the whitelist.

A pull request that adds a bad name and, in the same change, an inline
suppression for it (``DBN908``) or a config change that stops the rule from
raising it (``DBN909``: a rule turned off, a ``per_path`` ignore, an option
widened, a path left out, the config deleted) fails ``check --base`` and the
pre-commit hook, as a whitelist entry added for it would (``DBN901``).
``--allow-whitelist-growth`` makes them warnings. Real git repositories.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
BAD = "CREATE TABLE order_item (id int);\n"


def _check(*args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.output)


def _diagnostics(report: dict[str, object]) -> list[tuple[str, str, str, int]]:
    found = report["diagnostics"]
    assert isinstance(found, list)
    return [(d["code"], d["severity"], d["path"], d["line"]) for d in found]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a config and one compliant table, committed."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "db" / "001_users.sql").write_text("CREATE TABLE users (id int);\n")
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def test_the_unexcused_bad_name_fails_as_a_new_finding(repo: Path) -> None:
    # The baseline the other tests differ from: no exception, one new finding.
    (repo / "db" / "002.sql").write_text(BAD)
    code, report = _check("--base", "HEAD")
    assert code == 1
    assert [(f["code"], f["name"]) for f in report["findings"]] == [("DBN105", "order_item")]
    assert _diagnostics(report) == []


@pytest.mark.parametrize("mode", ["base", "pre-commit"])
def test_an_inline_suppression_added_with_the_name_fails(repo: Path, mode: str) -> None:
    (repo / "db" / "002.sql").write_text("-- dbnamelint: ignore[DBN105]\n" + BAD)
    git(repo, "add", "-A")
    args = ("--base", "HEAD") if mode == "base" else ("--pre-commit", "db/002.sql")
    code, report = _check(*args)
    assert code == 1
    assert [(f["code"], f["suppressed"]) for f in report["findings"]] == [("DBN105", True)]
    # Located where the name is written: line 2, after the comment.
    assert _diagnostics(report) == [("DBN908", "error", "db/002.sql", 2)]

    code, report = _check(*args, "--allow-whitelist-growth")
    assert code == 0
    assert _diagnostics(report) == [("DBN908", "warning", "db/002.sql", 2)]


def test_a_suppression_that_was_already_there_is_not_growth(repo: Path) -> None:
    (repo / "db" / "002.sql").write_text("-- dbnamelint: ignore[DBN105]\n" + BAD)
    commit_all(repo, "agreed exception")
    # An unrelated change on top: the existing suppression is no growth.
    (repo / "db" / "003.sql").write_text("CREATE TABLE invoices (id int);\n")
    code, report = _check("--base", "HEAD")
    assert code == 0, report
    assert _diagnostics(report) == []


def test_moving_an_entry_into_a_suppression_is_not_progress(repo: Path) -> None:
    (repo / "db" / "002.sql").write_text(BAD)
    code = CliRunner().invoke(cli, ["whitelist", "init"]).exit_code
    assert code == 0
    commit_all(repo, "legacy table whitelisted")
    (repo / "whitelist.yaml").write_text("entries: []\n")
    (repo / "db" / "002.sql").write_text("-- dbnamelint: ignore[DBN105]\n" + BAD)
    code, report = _check("--base", "HEAD")
    assert code == 1
    codes = sorted(c for c, _, _, _ in _diagnostics(report))
    # The entry was deleted while the name still breaks DBN105 (not "removed").
    assert codes == ["DBN903", "DBN908"]
    gate = report["gate"]
    assert isinstance(gate, dict)
    assert [c["change"] for c in gate["whitelist_changes"]] == ["dropped"]


@pytest.mark.parametrize(
    ("relaxation", "where"),
    [
        # located at what hides it (trial s17, vaultwarden: it was always 1:1)
        ("rules:\n  DBN105: off\n", (4, 3)),
        ("per_path:\n  - paths: ['db/002.sql']\n    ignore: [DBN105]\n", (5, 14)),
        ("exclude: ['db/002.sql']\n", (3, 11)),
        # (DBN106 fails nothing at the base: only the name's item relaxes)
        ("ignore: [DBN106, table-name-singular]\n", (3, 18)),
    ],
    ids=["rule-off", "per-path-ignore", "path-excluded", "ignored-by-name"],
)
def test_a_config_change_that_hides_the_finding_fails(
    repo: Path, relaxation: str, where: tuple[int, int]
) -> None:
    (repo / "db" / "002.sql").write_text(BAD)
    (repo / "dbnamelint.yaml").write_text(CONFIG + relaxation)
    code, report = _check("--base", "HEAD")
    assert code == 1
    assert report["findings"] == []
    diagnostics = report["diagnostics"]
    assert isinstance(diagnostics, list)
    assert [(d["code"], d["severity"], d["path"]) for d in diagnostics] == [
        ("DBN909", "error", "dbnamelint.yaml")
    ]
    assert (diagnostics[0]["line"], diagnostics[0]["column"]) == where
    assert "hides DBN105 on table 'order_item' (db/002.sql:1:14)" in diagnostics[0]["message"]

    code, report = _check("--base", "HEAD", "--allow-whitelist-growth")
    assert code == 0
    assert [(c, s) for c, s, _, _ in _diagnostics(report)] == [("DBN909", "warning")]


def test_a_widened_option_is_located_at_the_option(repo: Path) -> None:
    """An option that existed before is named where it changed, not at its rule."""
    prefixes = "rules:\n  DBN103:\n    severity: error\n    options:\n      prefixes: [{}]\n"
    (repo / "dbnamelint.yaml").write_text(CONFIG + prefixes.format("app_"))
    (repo / "db" / "001_users.sql").write_text("CREATE TABLE app_users (id int);\n")
    commit_all(repo, "prefix rule")
    (repo / "db" / "002.sql").write_text("CREATE TABLE order_items (id int);\n")
    (repo / "dbnamelint.yaml").write_text(CONFIG + prefixes.format("app_, order_"))
    code, report = _check("--base", "HEAD")
    assert code == 1, report
    assert [(c, p, line) for c, _, p, line in _diagnostics(report)] == [
        ("DBN909", "dbnamelint.yaml", 7)
    ]


def test_a_pyproject_relaxation_is_located_too(repo: Path) -> None:
    """``[tool.dbnamelint]`` keeps no positions of its own: its lines are scanned."""
    git(repo, "rm", "-q", "dbnamelint.yaml")
    table = '[project]\nname = "x"\n\n[tool.dbnamelint]\npaths = ["db"]\ndialect = "postgres"\n'
    (repo / "pyproject.toml").write_text(table)
    commit_all(repo, "config in pyproject")
    (repo / "db" / "002.sql").write_text(BAD)
    (repo / "pyproject.toml").write_text(table + 'ignore = ["DBN105"]\n')
    code, report = _check("--base", "HEAD")
    assert code == 1, report
    assert [(c, p, line) for c, _, p, line in _diagnostics(report)] == [
        ("DBN909", "pyproject.toml", 7)
    ]


def test_the_hook_sees_a_relaxation_committed_with_the_name(repo: Path) -> None:
    (repo / "db" / "002.sql").write_text(BAD)
    (repo / "dbnamelint.yaml").write_text(CONFIG + "rules:\n  DBN105: off\n")
    git(repo, "add", "-A")
    code, report = _check("--pre-commit", "dbnamelint.yaml", "db/002.sql")
    assert code == 1
    assert [(c, p) for c, _, p, _ in _diagnostics(report)] == [("DBN909", "dbnamelint.yaml")]


def test_deleting_the_config_is_a_relaxation_too(repo: Path) -> None:
    # With no config, the defaults run; configure a rule the defaults lack.
    (repo / "dbnamelint.yaml").write_text(
        CONFIG + "rules:\n  DBN103: {options: {prefixes: [app_]}}\n"
    )
    (repo / "db" / "001_users.sql").write_text("CREATE TABLE app_users (id int);\n")
    commit_all(repo, "prefix rule")
    (repo / "db" / "002.sql").write_text("CREATE TABLE orders (id int);\n")
    code, report = _check("--base", "HEAD")
    assert code == 1 and [f["code"] for f in report["findings"]] == ["DBN103"], report
    git(repo, "rm", "-q", "dbnamelint.yaml")
    code, report = _check("--base", "HEAD", "db")
    assert code == 1
    assert [(c, p) for c, _, p, _ in _diagnostics(report)] == [("DBN909", "dbnamelint.yaml")]


def test_a_config_change_that_hides_nothing_yet_fails(repo: Path) -> None:
    # confirmation s39: it passed, and the next change's bad names passed under it
    (repo / "db" / "002.sql").write_text("CREATE TABLE orders (id int);\n")
    (repo / "dbnamelint.yaml").write_text(CONFIG + "rules:\n  DBN105: off\n")
    code, report = _check("--base", "HEAD")
    assert code == 1, report
    assert _diagnostics(report) == [("DBN909", "error", "dbnamelint.yaml", 4)]
    found = report["diagnostics"]
    assert isinstance(found, list)
    assert "stops failing the run on DBN105 (table-name-singular)" in found[0]["message"]


@pytest.mark.parametrize("mode", ["base", "pre-commit"])
def test_a_path_left_out_of_a_file_list_hides_its_findings(repo: Path, mode: str) -> None:
    (repo / "dbnamelint.yaml").write_text(
        "paths: [db/001_users.sql, db/002.sql]\ndialect: postgres\n"
    )
    (repo / "db" / "002.sql").write_text("CREATE TABLE invoices (id int);\n")
    commit_all(repo, "paths as a list of files")
    (repo / "db" / "002.sql").write_text(BAD)
    (repo / "dbnamelint.yaml").write_text("paths: [db/001_users.sql]\ndialect: postgres\n")
    git(repo, "add", "-A")
    staged = git(repo, "diff", "--cached", "--name-only").split()
    args = ("--base", "HEAD") if mode == "base" else ("--pre-commit", *staged)
    code, report = _check(*args)
    assert code == 1, report
    hidden = [d for d in report["diagnostics"] if d["code"] == "DBN909"]  # type: ignore[union-attr]
    assert [(d["severity"], d["path"]) for d in hidden] == [("error", "dbnamelint.yaml")]
    assert "hides DBN105 on table 'order_item' (db/002.sql:1:14)" in hidden[0]["message"]


@pytest.mark.parametrize("mode", ["base", "pre-commit"])
def test_a_rename_migration_added_to_a_file_list_hides_nothing(repo: Path, mode: str) -> None:
    """``migrate --write`` adds its migration to a ``paths`` list of files; the
    renamed table's entry is pruned. Read with the base's paths the table
    keeps its old name, but the change only reads one more file: no DBN909."""
    (repo / "db" / "002.sql").write_text(BAD)
    (repo / "dbnamelint.yaml").write_text(
        "paths: [db/001_users.sql, db/002.sql]\ndialect: postgres\n"
    )
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(repo, "legacy table whitelisted")
    result = CliRunner().invoke(
        cli, ["migrate", "--all", "--layout", "numbered", "--write", "--no-views"]
    )
    assert result.exit_code == 0, result.output
    config = (repo / "dbnamelint.yaml").read_text()
    assert config.count(".sql") == 3, config  # the migration joined the list
    assert CliRunner().invoke(cli, ["whitelist", "prune"]).exit_code == 0
    assert "order_item" not in (repo / "whitelist.yaml").read_text()
    git(repo, "add", "-A")
    staged = git(repo, "diff", "--cached", "--name-only").split()
    args = ("--base", "HEAD") if mode == "base" else ("--pre-commit", *staged)
    code, report = _check(*args)
    assert code == 0, report
    assert _diagnostics(report) == []


def test_the_hook_writes_out_only_what_the_base_check_reads(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the config at the repository root and ``paths: [db]``, the base
    tree written out for the hook is the schema, the config and the files
    the config loads (a local rule), not the rest of the repository."""
    import dbnamelint.services.gate as gate

    (repo / "src").mkdir()
    for i in range(30):
        (repo / "src" / f"module_{i}.rs").write_text("fn main() {}\n")
    (repo / "tools").mkdir()
    (repo / "tools" / "naming_rules.py").write_text("")
    (repo / "dbnamelint.yaml").write_text(CONFIG + "local_rules: [tools/naming_rules.py]\n")
    commit_all(repo, "code beside the schema")
    written: list[str] = []
    real = gate.extract_tree

    def recording(repo_: Path, commit: str, dest: Path, wanted: object = None) -> int:
        count = real(repo_, commit, dest, wanted)  # type: ignore[arg-type]
        written.extend(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
        return count

    monkeypatch.setattr(gate, "extract_tree", recording)
    (repo / "db" / "002.sql").write_text("CREATE TABLE orders (id int);\n")
    git(repo, "add", "-A")
    code, report = _check("--pre-commit", "db/002.sql")
    assert code == 0, report
    assert sorted(written) == ["db/001_users.sql", "dbnamelint.yaml", "tools/naming_rules.py"]


def test_an_entry_moved_to_its_object_s_new_bad_name_is_growth(repo: Path) -> None:
    """Renaming a legacy table to another bad name and editing its entry to the
    new name would keep the new name excused: growth (DBN901), not a pass."""
    (repo / "db" / "002.sql").write_text('CREATE TABLE "UserAccounts" (id int);\n')
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(repo, "legacy table")
    (repo / "db" / "003.sql").write_text('ALTER TABLE "UserAccounts" RENAME TO "UserAccount2";\n')
    text = (repo / "whitelist.yaml").read_text()
    (repo / "whitelist.yaml").write_text(text.replace("name: UserAccounts", "name: UserAccount2"))
    code, report = _check("--base", "HEAD")
    assert code == 1
    diagnostics = report["diagnostics"]
    assert isinstance(diagnostics, list)
    assert [(d["code"], d["path"]) for d in diagnostics] == [("DBN901", "whitelist.yaml")]
    assert (
        "whitelist entry for table UserAccounts follows its object's rename since HEAD to "
        "UserAccount2, not to its target user_accounts" in diagnostics[0]["message"]
    )
    gate = report["gate"]
    assert isinstance(gate, dict)
    assert [c["change"] for c in gate["whitelist_changes"]] == ["repointed"]
    # Renamed to its target with the entry edited the same way: the entry is stale.
    (repo / "db" / "003.sql").write_text('ALTER TABLE "UserAccounts" RENAME TO user_accounts;\n')
    (repo / "whitelist.yaml").write_text(text.replace("name: UserAccounts", "name: user_accounts"))
    code, report = _check("--base", "HEAD")
    assert code == 1
    assert [e["name"] for e in report["stale_whitelist"]] == ["user_accounts"]
    assert report["diagnostics"] == []


def test_a_rule_turned_off_in_an_extended_pack_fails_the_hook(repo: Path) -> None:
    """The trial's harbor case: the config extends a team pack; the commit edits
    only the pack (and adds the name). DBN909 is reported on the config, which
    the commit does not touch, and the hook keeps it all the same."""
    (repo / "team.yaml").write_text("rules:\n  DBN101: on\n")
    (repo / "dbnamelint.yaml").write_text(CONFIG + "extends: [./team.yaml]\n")
    commit_all(repo, "team pack")
    (repo / "team.yaml").write_text("rules:\n  DBN101: on\n  DBN105: off\n")
    (repo / "db" / "002.sql").write_text(BAD)
    git(repo, "add", "-A")
    code, report = _check("--pre-commit", "team.yaml", "db/002.sql")
    assert code == 1
    assert [(c, p) for c, _, p, _ in _diagnostics(report)] == [("DBN909", "dbnamelint.yaml")]


@pytest.mark.parametrize("relaxed", [True, False], ids=["relaxed", "moved-only"])
def test_a_config_moved_into_a_folder_is_compared_with_the_base_s(
    repo: Path, monkeypatch: pytest.MonkeyPatch, relaxed: bool
) -> None:
    """A change moves dbnamelint.yaml (and the whitelist) into the schema
    folder and runs from there: the base's config is the root one the config
    search finds at the base, not "no config at the base"; a relaxation made
    in the move is DBN909, a plain move is no change."""
    (repo / "db" / "002.sql").write_text('CREATE TABLE "Legacy" (id int);\n')
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(repo, "legacy table whitelisted")
    config = "paths: [.]\ndialect: postgres\n"
    if relaxed:
        config += "rules:\n  DBN101: off\n  DBN105: off\n"
    git(repo, "mv", "dbnamelint.yaml", "db/dbnamelint.yaml")
    git(repo, "mv", "whitelist.yaml", "db/whitelist.yaml")
    (repo / "db" / "dbnamelint.yaml").write_text(config)
    if relaxed:
        (repo / "db" / "003.sql").write_text('CREATE TABLE "BadThing" (id int);\n')
    monkeypatch.chdir(repo / "db")
    code, report = _check("--base", "HEAD")
    notes = [(c, p) for c, _, p, _ in _diagnostics(report)]
    assert not [n for n in notes if n[0] == "DBN904"], notes
    if relaxed:
        assert code == 1
        assert ("DBN909", "dbnamelint.yaml") in notes
    else:
        assert code == 0, report
        assert notes == []
