"""The whitelist ratchet in real git repositories: issue "A whitelist you can trust".

Each test reproduces one way the landed code could be fooled (or lost
entries) and pins the right behaviour: entries follow renames, only a
whole-tree run may call an entry stale, deleting an entry without fixing
the name fails the gate, entry identity is the object's, history tools say
so on a shallow clone, and the merge driver only ever shrinks the file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "db/001-community.sql"
SCHEMA_SQL = """\
CREATE TABLE community_tag (
    id integer,
    label text,
    CONSTRAINT tag_pkey PRIMARY KEY (id)
);
CREATE TABLE community_post (id integer PRIMARY KEY);
CREATE TABLE "UserAccounts" (id integer PRIMARY KEY);
"""
WHITELIST = """\
phases:
  - {id: "1", title: Community, status: open}
entries:
  # tag_pkey does not follow the {table}_pkey template
  - kind: constraint
    name: community_tag.tag_pkey
    rules: [DBN402]
    phase: "1"
  - {kind: table, name: community_tag, rules: [DBN105], phase: "1", target: community_tags}
  - {kind: table, name: community_post, rules: [DBN105], phase: "1", target: community_posts}
  - {kind: table, name: '"UserAccounts"', rules: [DBN101], phase: "1", target: user_accounts}
"""
POSTS_DONE = (
    "ALTER TABLE community_post RENAME TO community_posts;\n"
    "ALTER TABLE community_posts RENAME CONSTRAINT community_post_pkey TO community_posts_pkey;\n"
)
CONFIG = """\
extends: [recommended]
paths: [db]
rules:
  DBN402:
    options: {primary_key: "{table}_pkey"}
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / SCHEMA).write_text(SCHEMA_SQL)
    (root / "whitelist.yaml").write_text(WHITELIST)
    init_repo(root, "legacy schema, whitelisted")
    monkeypatch.chdir(root)
    code, output = run("check")
    assert code == 0, output  # the starting point is clean
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_an_entry_follows_its_table_rename(repo: Path) -> None:
    """Fault 2: community_tag.tag_pkey still denotes the constraint after the table rename."""
    (repo / "db/002-rename.sql").write_text("ALTER TABLE community_tag RENAME TO community_tags;\n")
    code, output = run("check", "--format", "json")
    report = json.loads(output)
    stale = [(e["name"], e["reason"]) for e in report["stale_whitelist"]]
    # the table's own entry is done; the constraint's entry is still in force
    assert stale == [
        (
            "community_tag",
            "renamed to its target community_tags at db/002-rename.sql:1:37: delete this entry",
        )
    ]
    excused = {(f["code"], f["qualified_name"]) for f in report["findings"] if f["whitelisted"]}
    assert ("DBN402", "community_tags.tag_pkey") in excused
    assert code == 1
    # prune deletes exactly the finished entry and keeps the constraint's
    code, _ = run("whitelist", "prune")
    assert code == 0
    text = (repo / "whitelist.yaml").read_text()
    assert "community_tag.tag_pkey" in text and "name: community_tag," not in text
    assert "# tag_pkey does not follow" in text  # comments survive
    code, output = run("check")
    assert code == 0, output


def test_a_rename_off_the_plan_is_reported_with_old_new_and_planned_names(repo: Path) -> None:
    (repo / "db/002-rename.sql").write_text("ALTER TABLE community_post RENAME TO posts;\n")
    code, output = run("check")
    assert code == 1
    assert "DBN902" in output
    assert "community_post was renamed to posts" in output and "plans community_posts" in output
    assert "community_post " not in output.split("DBN902")[0]  # not also called stale
    # The way out the message gives for keeping the new name works.
    assert "or, to keep posts, delete the entry" in output
    text = (repo / "whitelist.yaml").read_text()
    (repo / "whitelist.yaml").write_text(
        "".join(line for line in text.splitlines(True) if "community_post," not in line)
    )
    with (repo / "db/002-rename.sql").open("a") as f:
        f.write("ALTER TABLE posts RENAME CONSTRAINT community_post_pkey TO posts_pkey;\n")
    code, output = run("check")
    assert code == 0, output


def test_requalifying_an_entry_is_no_change_for_the_gate(repo: Path) -> None:
    """Fault 4: "UserAccounts" and public."UserAccounts" are one object."""
    (repo / "whitelist.yaml").write_text(
        WHITELIST.replace("""name: '"UserAccounts"'""", """name: 'public."UserAccounts"'""")
    )
    commit_all(repo, "qualify the entry")
    code, output = run("check", "--base", "main")
    assert code == 0, output
    assert "DBN901" not in output


def test_deleting_an_entry_without_fixing_fails_the_gate(repo: Path) -> None:
    """Fault 1: the gate fails and the summary does not count it done."""
    (repo / "whitelist.yaml").write_text(
        "\n".join(ln for ln in WHITELIST.splitlines() if "community_post" not in ln) + "\n"
    )
    commit_all(repo, "drop an entry, keep the name")
    code, output = run("check", "--base", "main", "--format", "markdown")
    assert code == 1, output
    assert "Deleted while still breaking the rules (1)" in output
    assert "Removed (fixed)" not in output
    code, output = run("check", "--base", "main", "--format", "json")
    changes = json.loads(output)["gate"]["whitelist_changes"]
    assert [(c["change"], c["name"]) for c in changes] == [("dropped", "community_post")]
    assert any(d["code"] == "DBN903" for d in json.loads(output)["diagnostics"])


def test_a_fixed_name_whose_entry_is_deleted_counts_as_done(repo: Path) -> None:
    (repo / "db/002-rename.sql").write_text(POSTS_DONE)
    (repo / "whitelist.yaml").write_text(
        "\n".join(ln for ln in WHITELIST.splitlines() if "community_post" not in ln) + "\n"
    )
    commit_all(repo, "phase 1: posts")
    code, output = run("check", "--base", "main", "--format", "json")
    assert code == 0, output
    changes = json.loads(output)["gate"]["whitelist_changes"]
    assert [(c["change"], c["name"]) for c in changes] == [("removed", "community_post")]


def test_part_of_the_tree_never_makes_entries_stale(repo: Path) -> None:
    """Fault 3: a check of one file says nothing about entries for other files."""
    (repo / "db/002-other.sql").write_text("CREATE TABLE community_likes (id integer);\n")
    code, output = run("check", "db/002-other.sql")
    assert code == 0, output
    assert "DBN900" not in output and "stale" not in output.lower().replace("staleness", "")
    assert "DBN906" in output  # it says what it did not check
    before = (repo / "whitelist.yaml").read_text()
    code, output = run("whitelist", "prune", "db/002-other.sql")
    assert code == 2
    assert "only part of the configured tree" in output
    assert (repo / "whitelist.yaml").read_text() == before


def test_without_entries_a_one_file_check_does_not_walk_the_tree(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only entries are judged stale, so with none the tree is not walked to
    ask whether all of it was read (a one-file check at a monorepo's top
    would list every file); with entries it is, and the note says so."""
    import dbnamelint.services.lint as lint

    walks: list[object] = []
    real_covers_tree = lint.covers_tree

    def counting(*args: object, **kwargs: object) -> bool:
        walks.append(args)
        return real_covers_tree(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lint, "covers_tree", counting)
    (repo / "db/002-other.sql").write_text("CREATE TABLE community_likes (id integer);\n")
    code, output = run("check", "db/002-other.sql")
    assert code == 0 and "DBN906" in output and len(walks) == 1
    (repo / "whitelist.yaml").write_text("entries: []\n")
    code, output = run("check", "db/002-other.sql")
    assert code == 0 and "DBN906" not in output and len(walks) == 1, output
    code, output = run("check", "--no-whitelist", "db/002-other.sql")
    assert code == 0 and len(walks) == 1, output


def test_turning_off_a_rule_whitelisted_names_break_fails_the_gate(repo: Path) -> None:
    """Trial s17 #2: a config change that hides only whitelisted findings would
    pass alone, and every later change is compared with the relaxed base."""
    (repo / "dbnamelint.yaml").write_text(CONFIG + "  DBN101: false\n")
    commit_all(repo, "relax the case rule")
    code, output = run("check", "--base", "main")
    assert code == 1, output
    assert "DBN909 error: the config change since main hides DBN101 on table" in output
    assert "'UserAccounts'" in output and "the whitelist excuses this name at main" in output
    code, output = run("check", "--base", "main", "--allow-whitelist-growth")
    assert code == 0 and "DBN909 warning" in output, output
    # the hook, on the commit that makes the change (compared with HEAD)
    git(repo, "reset", "-q", "--soft", "HEAD~1")
    code, output = run("check", "--pre-commit", "dbnamelint.yaml")
    assert code == 1 and "DBN909 error" in output, output


def test_a_config_change_hiding_nothing_passes_the_gate(repo: Path) -> None:
    """Whitelisted findings still raised, as loud, under the new config are not
    hidden: a stricter ``fail_on`` changes the policy and hides nothing."""
    (repo / "dbnamelint.yaml").write_text(CONFIG + "fail_on: warning\n")
    commit_all(repo, "a policy change that hides no finding")
    code, output = run("check", "--base", "main")
    assert code == 0 and "DBN909" not in output, output


@pytest.mark.parametrize(
    "relaxed", ["  DBN105:\n    severity: warning\n", "  DBN105:\n    severity: info\n"]
)
def test_lowering_a_rule_below_fail_on_fails_the_gate(repo: Path, relaxed: str) -> None:
    """Trial s17 (hydra) #1: a rule's severity lowered below ``fail_on`` stops
    its new findings failing as surely as the rule turned off."""
    (repo / "dbnamelint.yaml").write_text(CONFIG + relaxed)
    (repo / "db/002-new.sql").write_text("CREATE TABLE community_badge (id integer);\n")
    commit_all(repo, "demote the plural rule, add a singular table")
    code, output = run("check", "--base", "main")
    assert code == 1, output
    # one DBN909 at the severity line for all three (trial s20)
    assert "DBN909 error: the config change since main hides 3 findings (DBN105): table" in output
    assert "'community_badge'" in output and "'community_post'" in output, output


def test_base_with_no_whitelist_is_refused_and_show_whitelisted_is_honoured(repo: Path) -> None:
    """Fault 6: --base does not silently ignore flags."""
    code, output = run("check", "--base", "main", "--no-whitelist")
    assert code == 2 and "--no-whitelist" in output
    code, output = run("check", "--base", "main", "--show-whitelisted")
    assert code == 0 and "community_post" in output


def test_an_unreadable_whitelist_at_the_base_fails_the_gate(repo: Path) -> None:
    """Fault 6: a gate that could not check growth must not pass silently."""
    git(repo, "checkout", "-q", "main")
    (repo / "whitelist.yaml").write_text("entries: [unclosed\n")
    commit_all(repo, "broken whitelist on main")
    git(repo, "checkout", "-q", "-b", "fix")
    (repo / "whitelist.yaml").write_text(WHITELIST)
    commit_all(repo, "repair it")
    code, output = run("check", "--base", "main")
    assert code == 1
    assert "DBN905" in output and "unreadable" in output


def test_burndown_in_a_shallow_clone_says_what_to_do(repo: Path, tmp_path: Path) -> None:
    """Fault 7: never a wrong "0 of N migrated"."""
    (repo / "db/002-rename.sql").write_text(POSTS_DONE)
    (repo / "whitelist.yaml").write_text(
        "\n".join(ln for ln in WHITELIST.splitlines() if "community_post" not in ln) + "\n"
    )
    commit_all(repo, "phase 1: posts")
    code, output = run("burndown")
    assert code == 0 and "1 of 4" in output
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", repo.as_uri(), str(clone))
    os.chdir(clone)
    code, output = run("burndown")
    assert code == 0
    assert "0 of" not in output
    assert "progress unknown" in output
    assert "git fetch --unshallow" in output and "fetch-depth: 0" in output
    code, output = run("check", "--format", "markdown")
    assert "phase progress unknown" in output


def test_a_broken_old_version_in_history_is_skipped(repo: Path) -> None:
    """Issue 15 kind 4: history cannot be edited, so a bad version is a note, not a failure."""
    for bad in (b"entries: &e [*e]\n", b"\x00\x01binary", b"entries:\n  - \f\n"):
        (repo / "whitelist.yaml").write_bytes(bad)
        commit_all(repo, "a broken version")
    (repo / "whitelist.yaml").write_text(WHITELIST)
    commit_all(repo, "restored")
    code, output = run("burndown")
    assert code == 0, output
    assert output.count("skipped ") >= 2
    code, output = run("check", "--base", "main", "--format", "markdown")
    assert code == 0, output


def test_prune_refuses_a_file_changed_since_it_was_read(repo: Path) -> None:
    from dbnamelint.findings import StaleEntry
    from dbnamelint.model import Location
    from dbnamelint.whitelist import WhitelistError, prune, write_atomic

    path = repo / "whitelist.yaml"
    stale = StaleEntry("table", "community_post", Location("whitelist.yaml", 10, 3), "x")
    pruned = prune(path, [stale])
    assert pruned.changed
    path.write_text(WHITELIST + "# edited meanwhile\n")
    with pytest.raises(WhitelistError, match="changed since it was read"):
        write_atomic(path, pruned.text, expected_digest=pruned.original_digest)
    assert path.read_text().endswith("# edited meanwhile\n")  # nothing lost
    assert not [p for p in repo.iterdir() if p.name.startswith(".whitelist.yaml.")]


def test_prune_keeps_aliases_meaningful(repo: Path) -> None:
    """Issue 15 kind 2: removing an anchored entry must not leave a dangling alias."""
    (repo / "whitelist.yaml").write_text(
        WHITELIST
        + "  - &base {kind: table, name: gone_table, rules: [DBN105]}\n"
        + "  - <<: *base\n    name: community_post_archive\n"
    )
    (repo / "db/003.sql").write_text("CREATE TABLE community_post_archive (id integer);\n")
    code, output = run("whitelist", "prune")
    assert code == 0, output
    code, output = run("check", "--format", "json")
    assert code == 0, output
    text = (repo / "whitelist.yaml").read_text()
    assert "gone_table" not in text and "community_post_archive" in text


def _dbnamelint_command() -> str:
    script = Path(sys.executable).with_name("dbnamelint")
    return str(script) if script.exists() else "dbnamelint"


def test_merge_driver_keeps_only_entries_both_sides_kept(repo: Path) -> None:
    """Fault 9: a real `git merge` through the documented driver set-up."""
    (repo / ".gitattributes").write_text("whitelist.yaml merge=dbnamelint\n")
    git(
        repo,
        "config",
        "merge.dbnamelint.driver",
        f"{_dbnamelint_command()} whitelist merge %O %A %B",
    )
    commit_all(repo, "merge driver")
    git(repo, "checkout", "-q", "-b", "other")
    lines = WHITELIST.splitlines()
    (repo / "whitelist.yaml").write_text(
        "\n".join(ln for ln in lines if "community_post" not in ln) + "\n"
    )
    commit_all(repo, "other: posts done")
    git(repo, "checkout", "-q", "feature")
    (repo / "whitelist.yaml").write_text(
        "\n".join(ln for ln in lines if "UserAccounts" not in ln)
        + '\n  - {kind: table, name: sneaked_in, phase: "1"}\n'
    )
    commit_all(repo, "feature: accounts done, and an entry added")
    env = {**os.environ, **isolated_git_env()}
    done = subprocess.run(
        ["git", "merge", "--no-edit", "other"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    merged = (repo / "whitelist.yaml").read_text()
    assert "community_post" not in merged  # removed on one side
    assert "UserAccounts" not in merged  # removed on the other
    assert "sneaked_in" not in merged  # never added by a merge
    assert "community_tag.tag_pkey" in merged and "# tag_pkey does not follow" in merged


@pytest.mark.parametrize("flags", [("--select", "DBN011"), ("--ignore", "DBN105")])
def test_rule_selection_never_makes_entries_stale(repo: Path, flags: tuple[str, ...]) -> None:
    """A run of some rules cannot tell that an entry excuses nothing (fresh-user report)."""
    code, output = run("check", *flags)
    assert code == 0, output
    assert "DBN900" not in output
    code, output = run("whitelist", "prune", "--dry-run")
    assert code == 0 and "0 stale entries" in output


def test_rollback_folders_are_never_replayed(repo: Path) -> None:
    """migrate writes Supabase/sqlx rollbacks to ../rollbacks/: a walk must not replay them."""
    (repo / "db/002-rename.sql").write_text(POSTS_DONE)
    (repo / "db/rollbacks").mkdir()
    (repo / "db/rollbacks/002-rename.sql").write_text(
        "ALTER TABLE community_posts RENAME TO community_post;\n"
    )
    _code, output = run("check", "--format", "json")
    stale = [e["name"] for e in json.loads(output)["stale_whitelist"]]
    assert stale == ["community_post"], output


def test_one_schema_kept_for_several_databases_is_one_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """atuin/kratos/sakila keep one schema per database: an entry covers every copy."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text("extends: [recommended]\npaths: [db]\n")
    for dialect in ("postgres", "sqlite", "mysql"):
        folder = tmp_path / "db" / dialect
        folder.mkdir(parents=True)
        long_name = "c" * 64  # over PostgreSQL's 63 bytes only
        (folder / "001.sql").write_text(
            f"CREATE TABLE store (id integer PRIMARY KEY, {long_name} integer);\n"
        )
    code, output = run("check", "--no-whitelist", "--format", "json")
    assert code == 1
    assert {f["code"] for f in json.loads(output)["findings"]} >= {"DBN105", "DBN501"}
    code, output = run("whitelist", "init")
    assert code == 0, output
    code, output = run("check")
    assert code == 0, output  # init, then check: clean (README promise)
    before = (tmp_path / "whitelist.yaml").read_text()
    code, output = run("whitelist", "prune")
    assert code == 0 and (tmp_path / "whitelist.yaml").read_text() == before


def test_a_dropped_entry_is_located_at_its_line_in_the_base(repo: Path) -> None:
    """Trial s22 temporal: DBN903 was always at whitelist.yaml:1:1. It is at
    the deleted entry's line in the base's file (git's own view of where the
    line went: the diff hunk starts there), or the new file's last line."""
    lines = WHITELIST.splitlines()
    (repo / "whitelist.yaml").write_text("\n".join(lines[:9] + lines[10:]) + "\n")
    commit_all(repo, "drop the community_post entry")
    hunk = git(repo, "diff", "-U0", "main", "feature", "--", "whitelist.yaml")
    assert "@@ -10 +9,0 @@" in hunk
    code, output = run("check", "--base", "main")
    assert code == 1, output
    assert "whitelist.yaml:10:1: DBN903" in output
    # the last entry deleted: the new file's last line
    (repo / "whitelist.yaml").write_text("\n".join(lines[:9]) + "\n")
    commit_all(repo, "drop the last two entries")
    code, output = run("check", "--base", "main")
    assert code == 1, output
    assert output.count("whitelist.yaml:9:1: DBN903") == 2, output
