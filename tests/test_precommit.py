"""Our hook driven by the real pre-commit framework in temporary repositories.

pre-commit installs hooks from a git repository at a commit, so the module
fixture snapshots this working tree (tracked and untracked, not ignored
files) into a throw-away repository and commits it: the test then checks
the code as it is now, uncommitted changes included. ``pre-commit
try-repo`` would do the same but builds a new environment on every call
and leaves untracked files out; a shared ``PRE_COMMIT_HOME`` lets the one
environment (a venv with our package pip-installed) serve every test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

REPO = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]
pytest.importorskip("pre_commit")

SCHEMA = "db/module-ws/schema/001-ws.sql"
SCHEMA_SQL = """\
CREATE TABLE ws_workspaces (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE ws_configs (
    id integer PRIMARY KEY,
    ws_id integer REFERENCES ws_workspaces (id)
);
"""
WHITELIST = """\
phases:
  - {id: "3", title: Workspace tables, status: open}
entries:
  - {kind: table, name: ws_configs, rules: [DBN104], phase: "3", target: ws_cfg_sys}
"""
NEW_FILE = "db/module-ws/schema/002-ws-audit.sql"


class Env:
    """Environment for git and pre-commit: isolated config, shared hook cache."""

    def __init__(self, home: Path) -> None:
        gitconfig = home / "gitconfig"
        gitconfig.write_text("")
        self.vars = {
            **os.environ,
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            **isolated_git_env(str(gitconfig)),
            "PRE_COMMIT_COLOR": "never",
        }

    def run(self, cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            list(args), cwd=cwd, env=self.vars, capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def git(self, cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(cwd, "git", *args, check=check)

    def pre_commit(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(cwd, sys.executable, "-m", "pre_commit", *args, check=False)


def _working_tree_files() -> list[str]:
    try:
        out = subprocess.run(
            [
                "git",
                "-C",
                str(REPO),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=True,
        ).stdout.decode()
        return [f for f in out.split("\0") if f and (REPO / f).is_file()]
    except (subprocess.CalledProcessError, OSError):  # an unpacked sdist: no git
        return [
            p.relative_to(REPO).as_posix()
            for top in ("src", "rules", "pyproject.toml", ".pre-commit-hooks.yaml", "README.md")
            for p in ([REPO / top] if (REPO / top).is_file() else (REPO / top).rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        ]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Env, Path, str]]:
    """(env, snapshot repository of this working tree, its commit), hook env built once."""
    base = tmp_path_factory.mktemp("precommit")
    env = Env(base)
    snapshot = base / "dbnamelint-snapshot"
    for name in _working_tree_files():
        if name.startswith(".git/"):
            continue
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    if not (snapshot / "README.md").exists():  # the build needs the readme it declares
        (snapshot / "README.md").write_text("dbnamelint\n")
    init_repo(snapshot, "snapshot of the working tree")
    rev = env.git(snapshot, "rev-parse", "HEAD").stdout.strip()
    warm = make_project(base / "warm-up", snapshot, rev)
    done = env.pre_commit(warm, "install-hooks")
    assert done.returncode == 0, done.stdout + done.stderr
    yield env, snapshot, rev


def make_project(root: Path, snapshot: Path, rev: str, args: str = "") -> Path:
    """A schema project using our hook, with one whitelisted legacy table, committed."""
    (root / "db/module-ws/schema").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("extends: [cora]\npaths: [db]\n")
    (root / SCHEMA).write_text(SCHEMA_SQL)
    (root / "whitelist.yaml").write_text(WHITELIST)
    hook = "      - id: dbnamelint\n" + (f"        args: {args}\n" if args else "")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n{hook}"
    )
    init_repo(root, "legacy schema")
    return root


@pytest.mark.parametrize(
    ("sql", "passes"),
    [
        pytest.param("CREATE TABLE audit_settings (id integer);\n", False, id="bad-name-refused"),
        pytest.param("CREATE TABLE ws_members (id integer);\n", True, id="good-name-passes"),
    ],
)
def test_commit_through_the_installed_hook(
    hook_repo: tuple[Env, Path, str], tmp_path: Path, sql: str, passes: bool
) -> None:
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    (project / NEW_FILE).write_text("-- new table\n" + sql)
    env.git(project, "add", NEW_FILE)
    done = env.git(project, "commit", "-m", "add a table", check=False)
    output = done.stdout + done.stderr
    moved = env.git(project, "rev-parse", "HEAD").stdout != head
    assert moved is passes, output
    if passes:
        assert done.returncode == 0
        assert "dbnamelint" in output and "Passed" in output
    else:
        assert done.returncode == 1
        assert f"{NEW_FILE}:2:14: DBN102" in output
        assert "audit_settings" in output
        assert "ws_configs" not in output  # whitelisted legacy, and not in the commit


def test_a_config_that_no_longer_loads_is_refused(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    (project / "dbnamelint.yaml").write_text("extends: [cora]\npaths: [db]\ndialect: nosuch\n")
    env.git(project, "add", "dbnamelint.yaml")
    done = env.git(project, "commit", "-m", "config only", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head
    assert "dbnamelint.yaml:3:1: dialect: unknown dialect 'nosuch'" in output
    assert "exit code: 2" in output


#: A change per scenario: file -> new text (None deletes it). Each is staged,
#: checked by the real pre-commit hook, and by the CI gate against HEAD.
RENAME_TO_TARGET = "ALTER TABLE ws_configs RENAME TO ws_cfg_sys;\n"
NO_ENTRIES = 'phases:\n  - {id: "3", title: Workspace tables, status: open}\nentries: []\n'
SCENARIOS: dict[str, dict[str, str | None]] = {
    "bad-new-table": {NEW_FILE: "CREATE TABLE audit_settings (id integer);\n"},
    "good-new-table": {NEW_FILE: "CREATE TABLE ws_members (id integer);\n"},
    # the constraints keep ws_configs_* names, written in the unchanged 001 file
    "rename-to-target-leaves-dependent-names": {
        NEW_FILE: RENAME_TO_TARGET,
        "whitelist.yaml": NO_ENTRIES,
    },
    "rename-to-target-and-dependents": {
        NEW_FILE: RENAME_TO_TARGET
        + "ALTER TABLE ws_cfg_sys RENAME CONSTRAINT ws_configs_pkey TO ws_cfg_sys_pkey;\n"
        + "ALTER TABLE ws_cfg_sys RENAME CONSTRAINT ws_configs_ws_id_fkey "
        + "TO ws_cfg_sys_ws_id_fkey;\n",
        "whitelist.yaml": NO_ENTRIES,
    },
    "rename-keeps-the-entry": {
        NEW_FILE: RENAME_TO_TARGET
        + "ALTER TABLE ws_cfg_sys RENAME CONSTRAINT ws_configs_pkey TO ws_cfg_sys_pkey;\n"
        + "ALTER TABLE ws_cfg_sys RENAME CONSTRAINT ws_configs_ws_id_fkey "
        + "TO ws_cfg_sys_ws_id_fkey;\n"
    },
    "entry-deleted-name-unfixed": {"whitelist.yaml": NO_ENTRIES},
    "entry-added": {
        "whitelist.yaml": WHITELIST + '  - {kind: table, name: ws_workspaces, phase: "3"}\n',
        NEW_FILE: "-- nothing yet\n",
    },
    "entry-requalified": {"whitelist.yaml": WHITELIST.replace("ws_configs,", "public.ws_configs,")},
    "off-plan-rename": {
        NEW_FILE: "ALTER TABLE ws_configs RENAME TO ws_settings;\n",
    },
    # The hook sees SQL in any letter case (pre-commit passes only what `files:` matches).
    "upper-case-extension": {
        NEW_FILE.replace(".sql", ".SQL"): "CREATE TABLE audit_settings (id integer);\n"
    },
    "suppression-added": {
        NEW_FILE: "-- dbnamelint: ignore\nCREATE TABLE audit_settings (id integer);\n"
    },
    # A .psql file is PostgreSQL the walk reads: its bad name is refused.
    "psql-extension": {
        NEW_FILE.replace(".sql", ".psql"): "CREATE TABLE audit_settings (id integer);\n"
    },
    # A template is passed by the hook and noted (DBN015), not read.
    "template-noted": {
        NEW_FILE.replace(".sql", ".sql.j2"): "CREATE TABLE audit_settings (id integer);\n"
    },
    "rules-off-in-config": {
        "dbnamelint.yaml": "extends: [cora]\npaths: [db]\nrules: {DBN102: off, DBN104: off}\n",
        NEW_FILE: "CREATE TABLE audit_settings (id integer);\n",
    },
    # Moved with its entries unchanged: no growth (the base's config names its place).
    "whitelist-moved": {
        "whitelist.yaml": None,
        "db/whitelist.yaml": WHITELIST,
        "dbnamelint.yaml": "extends: [cora]\npaths: [db]\nwhitelist: db/whitelist.yaml\n",
    },
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_hook_verdict_equals_the_gate_verdict(
    hook_repo: tuple[Env, Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scenario: str,
) -> None:
    """The hook on the staged files decides exactly as ``check --base HEAD`` on the commit."""
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    for name, text in SCENARIOS[scenario].items():
        if text is None:
            (project / name).unlink()
        else:
            (project / name).write_text(text)
    env.git(project, "add", "-A")
    hook = env.pre_commit(project, "run", "dbnamelint")
    env.git(project, "commit", "-q", "--no-verify", "-m", scenario)
    monkeypatch.chdir(project)
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert gate.exit_code in (0, 1), gate.output
    assert hook.returncode == gate.exit_code, f"hook:\n{hook.stdout}\ngate:\n{gate.output}"


#: The verdicts the documents call for (so the property cannot hold vacuously).
EXPECTED_VERDICT = {
    "bad-new-table": 1,
    "good-new-table": 0,
    "rename-to-target-leaves-dependent-names": 1,
    "rename-to-target-and-dependents": 0,
    "rename-keeps-the-entry": 1,
    "entry-deleted-name-unfixed": 1,
    "entry-added": 1,
    "entry-requalified": 0,
    "off-plan-rename": 1,
    "upper-case-extension": 1,
    "suppression-added": 1,
    "psql-extension": 1,
    "template-noted": 0,
    "rules-off-in-config": 1,
    "whitelist-moved": 0,
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_gate_verdicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: str) -> None:
    """Each scenario's gate verdict, in a plain git repository (no pre-commit needed)."""
    root = tmp_path / "project"
    (root / "db/module-ws/schema").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("extends: [cora]\npaths: [db]\n")
    (root / SCHEMA).write_text(SCHEMA_SQL)
    (root / "whitelist.yaml").write_text(WHITELIST)
    init_repo(root, "legacy schema")
    for name, text in SCENARIOS[scenario].items():
        if text is None:
            (root / name).unlink()
        else:
            (root / name).write_text(text)
    commit_all(root, scenario)
    monkeypatch.chdir(root)
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD~1", "--format", "json"])
    assert gate.exit_code == EXPECTED_VERDICT[scenario], gate.output


def test_adopting_with_the_hook_installed_first(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    """The hook is installed before dbnamelint is configured: the commit adding
    the config and the whitelist passes (it is the adoption); the next commit
    that grows the whitelist is refused."""
    env, snapshot, rev = hook_repo
    project = tmp_path / "project"
    (project / "db/module-ws/schema").mkdir(parents=True)
    (project / SCHEMA).write_text(SCHEMA_SQL)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    init_repo(project, "legacy schema, no dbnamelint yet")
    assert env.pre_commit(project, "install").returncode == 0
    (project / "dbnamelint.yaml").write_text("extends: [cora]\npaths: [db]\n")
    (project / "whitelist.yaml").write_text(WHITELIST)
    env.git(project, "add", "dbnamelint.yaml", "whitelist.yaml")
    done = env.git(project, "commit", "-m", "adopt dbnamelint", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "dbnamelint" in output and "Passed" in output

    (project / NEW_FILE).write_text("CREATE TABLE audit_settings (id integer);\n")
    with (project / "whitelist.yaml").open("a") as handle:
        handle.write('  - {kind: table, name: audit_settings, rules: [DBN102], phase: "3"}\n')
    env.git(project, "add", NEW_FILE, "whitelist.yaml")
    done = env.git(project, "commit", "-m", "grow the whitelist", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "DBN901" in output and "audit_settings" in output


def test_the_hook_says_how_to_accept_growth_the_way_a_hook_can(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    """Trial s10-t1: the hook's DBN901 said "or pass --allow-whitelist-growth", a
    flag no commit can pass. It names pre-commit's own ways, and both work."""
    env, snapshot, rev = hook_repo

    def grow(project: Path) -> subprocess.CompletedProcess[str]:
        (project / NEW_FILE).write_text("CREATE TABLE audit_settings (id integer);\n")
        with (project / "whitelist.yaml").open("a") as handle:
            handle.write('  - {kind: table, name: audit_settings, phase: "3"}\n')
        env.git(project, "add", NEW_FILE, "whitelist.yaml")
        assert env.pre_commit(project, "install").returncode == 0
        return env.git(project, "commit", "-m", "grow the whitelist", check=False)

    project = make_project(tmp_path / "plain", snapshot, rev)
    done = grow(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "DBN901" in output and "or pass --allow-whitelist-growth" not in output
    assert "commit with `SKIP=dbnamelint git commit ...`" in output
    assert "add `args: [--allow-whitelist-growth]` to the hook in .pre-commit-config.yaml" in output
    skipped = subprocess.run(
        ["git", "commit", "-m", "grow the whitelist"],
        cwd=project,
        env={**env.vars, "SKIP": "dbnamelint"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "Skipped" in skipped.stdout + skipped.stderr

    allowing = make_project(tmp_path / "args", snapshot, rev, "[--allow-whitelist-growth]")
    done = grow(allowing)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output  # the same change the plain hook refused
    assert "dbnamelint" in output and "Passed" in output


#: Trial s6-t2 finding 7: after the rename migration and its pruned entry are
#: committed, a commit that deletes, empties or moves that migration changes
#: names in files it does not touch; pre-commit passes no name for a deletion.
MIGRATED = (
    RENAME_TO_TARGET
    + "ALTER TABLE ws_cfg_sys RENAME CONSTRAINT ws_configs_pkey TO ws_cfg_sys_pkey;\n"
    + "ALTER TABLE ws_cfg_sys RENAME CONSTRAINT ws_configs_ws_id_fkey TO ws_cfg_sys_ws_id_fkey;\n"
)
UNDOING: dict[str, tuple[dict[str, str | None], int]] = {
    "migration-deleted": ({NEW_FILE: None}, 1),
    "migration-emptied": ({NEW_FILE: "-- reverted\n"}, 1),
    "migration-moved": (
        {NEW_FILE: None, "db/module-ws/schema/003-ws-moved.sql": MIGRATED},
        0,
    ),
    "unrelated-file-only": ({"NOTES.txt": "notes\n"}, 0),
}


@pytest.mark.parametrize("scenario", list(UNDOING))
def test_a_commit_undoing_a_migration_is_judged_by_the_hook(
    hook_repo: tuple[Env, Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scenario: str,
) -> None:
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    (project / NEW_FILE).write_text(MIGRATED)
    (project / "whitelist.yaml").write_text(NO_ENTRIES)
    commit_all(project, "rename ws_configs to its target, entry pruned")
    assert env.pre_commit(project, "install").returncode == 0
    change, verdict = UNDOING[scenario]
    for name, text in change.items():
        if text is None:
            (project / name).unlink()
        else:
            (project / name).write_text(text)
    env.git(project, "add", "-A")
    head = env.git(project, "rev-parse", "HEAD").stdout
    done = env.git(project, "commit", "-m", scenario, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == verdict, output
    if verdict:
        assert env.git(project, "rev-parse", "HEAD").stdout == head
        assert f"{SCHEMA}:6:14: DBN104" in output  # ws_configs has its legacy name again
        env.git(project, "commit", "-q", "--no-verify", "-m", scenario)
    else:
        assert "dbnamelint" in output and "Passed" in output, output  # run, not skipped
    monkeypatch.chdir(project)
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert gate.exit_code == verdict, gate.output


def test_pre_commit_without_file_names_judges_a_staged_deletion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    (root / "db/module-ws/schema").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("extends: [cora]\npaths: [db]\n")
    (root / SCHEMA).write_text(SCHEMA_SQL)
    (root / NEW_FILE).write_text(MIGRATED)
    (root / "whitelist.yaml").write_text(NO_ENTRIES)
    init_repo(root, "migrated")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["check", "--pre-commit"]).exit_code == 0
    # Staged (`git rm`): an unstaged deletion is not in the commit, which keeps the file.
    git(root, "rm", "-q", NEW_FILE)
    done = CliRunner().invoke(cli, ["check", "--pre-commit"])
    assert done.exit_code == 1, done.output
    assert "All checks passed" not in done.output
    assert "ws_configs" in done.output


def test_the_rollback_migrate_writes_is_an_info_note_a_stray_rollback_a_warning(
    hook_repo: tuple[Env, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s11 finding 5: every phase commit's rollback (``migrate --write``
    puts it in ``../rollbacks/``, which walks leave out) got a DBN008 warning
    from the hook. It is the rollback of a migration the run read: an info
    note. A file in the same folder that is no migration's rollback (one
    moved there by mistake) is refused when it creates something (DBN032:
    nothing checks it), and is still a warning otherwise."""
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    monkeypatch.chdir(project)
    wrote = CliRunner().invoke(cli, ["migrate", "--phase", "3", "--write"])
    assert wrote.exit_code == 0, wrote.output
    rollback = "db/module-ws/rollbacks/002-rename-phase-3.sql"
    assert f"wrote {rollback}" in wrote.stderr, wrote.stderr
    (project / "whitelist.yaml").write_text(NO_ENTRIES)  # the renamed entry goes
    env.git(project, "add", "-A")
    hook = env.pre_commit(project, "run", "dbnamelint", "--verbose")
    output = hook.stdout + hook.stderr
    assert hook.returncode == 0, output
    assert "DBN008" not in output.replace("(DBN008 x1)", ""), output
    assert "1 info note not listed (DBN008 x1)" in output
    listed = CliRunner().invoke(cli, ["check", "--pre-commit", "--select", "DBN008", rollback])
    assert listed.exit_code == 0, listed.output
    assert (
        f"{rollback}:1:1: DBN008 info: committed SQL file not checked: it is the rollback of "
        "db/module-ws/schema/002-rename-phase-3.sql"
    ) in listed.output
    env.git(project, "commit", "-q", "-m", "phase 3")
    stray = "db/module-ws/rollbacks/003-ws-extra.sql"
    (project / stray).write_text("CREATE TABLE ws_extras (id integer);\n")
    env.git(project, "add", "-A")
    hook = env.pre_commit(project, "run", "dbnamelint", "--verbose")
    output = hook.stdout + hook.stderr
    assert hook.returncode == 1, output
    assert f"{stray}:1:1: DBN032 error: SQL file not checked holds new DDL" in output
    (project / stray).write_text("UPDATE ws_settings SET id = id;\n")
    env.git(project, "add", "-A")
    hook = env.pre_commit(project, "run", "dbnamelint", "--verbose")
    output = hook.stdout + hook.stderr
    assert hook.returncode == 0, output
    assert f"{stray}:1:1: DBN008 warning: committed SQL file not checked: it is in a " in output


def test_a_committed_sql_file_outside_the_paths_is_named_not_passed_in_silence(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    """Trial s6-t2 finding 2: ``check FILE`` reports the file, the hook passed it unseen.
    Its new DDL fails the commit (DBN032, trial s20); a file of queries there,
    and one the committed config excludes, are named in a warning (the names
    the excluded one's new DDL makes judged, trial s22)."""
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    (project / "dbnamelint.yaml").write_text(
        "extends: [cora]\npaths: [db]\nexclude: ['**/skip-me.sql']\n"
    )
    commit_all(project, "exclude skip-me.sql")
    outside = "sql/upgrades/2026010100.sql"
    (project / "sql/upgrades").mkdir(parents=True)
    (project / outside).write_text('CREATE TABLE "BadName" (id integer);\n')
    (project / "db/module-ws/schema/skip-me.sql").write_text('CREATE TABLE "Other" (id int);\n')
    (project / "notes.yaml").write_text("a: 1\n")
    env.git(project, "add", "-A")
    hook = env.pre_commit(project, "run", "dbnamelint", "--verbose")
    output = hook.stdout + hook.stderr
    assert hook.returncode == 1, output  # a migration no rule read: refused
    assert f"{outside}:1:1: DBN032 error: SQL file not checked holds new DDL" in output
    assert "db/module-ws/schema/skip-me.sql:1:1: DBN008" in output  # excluded at HEAD
    # excluded at HEAD: not refused, but its new names are judged (trial s22 temporal)
    assert "db/module-ws/schema/skip-me.sql:1:14: DBN101 table" in output
    alone = CliRunner().invoke(cli, ["check", str(project / outside)])
    assert alone.exit_code == 1 and "BadName" in alone.output  # what the error points to
    (project / outside).write_text('SELECT id FROM "BadName";\n')
    (project / "db/module-ws/schema/skip-me.sql").write_text("CREATE TABLE ws_others (id int);\n")
    env.git(project, "add", "-A")
    hook = env.pre_commit(project, "run", "dbnamelint", "--verbose")
    output = hook.stdout + hook.stderr
    assert hook.returncode == 0, output  # a warning: the commit goes through
    assert f"{outside}:1:1: DBN008 warning: committed SQL file not checked" in output
    assert "not under the configured paths (db)" in output
    assert "db/module-ws/schema/skip-me.sql:1:1: DBN008" in output
    assert "`exclude` leaves it out" in output
    assert "notes.yaml" not in output  # YAML the hook gets is not SQL


def test_a_commit_that_only_deletes_a_migration_is_refused(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    """Trial s11b finding 4: ``git rm`` of an applied goose migration passed the
    installed hook (gophish's layout), though an edit of it is refused."""
    env, snapshot, rev = hook_repo
    project = tmp_path / "project"
    folder = project / "db/db_mysql/migrations"
    folder.mkdir(parents=True)
    (project / "dbnamelint.yaml").write_text("paths: [db/db_mysql/migrations]\ndialect: mysql\n")
    (project / "whitelist.yaml").write_text("entries: []\n")
    for name, table in (("20160118194630_init.sql", "users"), ("20160131153104_x.sql", "pages")):
        (folder / name).write_text(f"-- +goose Up\nCREATE TABLE `{table}` (`id` integer);\n")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    init_repo(project, "goose migrations")
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    gone = "db/db_mysql/migrations/20160131153104_x.sql"
    env.git(project, "rm", "-q", gone)
    done = env.git(project, "commit", "-m", "drop pages", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head
    assert f"{gone}:1:1: DBN025 error: this goose migration was committed at HEAD and " in (output)
    assert "this change deletes it: the migration tool still has it applied" in output


def test_git_rm_cached_of_a_migration_is_refused_as_git_rm_is(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    """Trial s12 #2: ``git rm --cached`` (the file left on disk, untracked) got
    DBN008 "not under the configured paths" for a file in them. The commit
    deletes the migration as ``git rm`` does: DBN025, no DBN008."""
    env, snapshot, rev = hook_repo
    project = tmp_path / "project"
    folder = project / "db/db_mysql/migrations"
    folder.mkdir(parents=True)
    (project / "dbnamelint.yaml").write_text("paths: [db/db_mysql/migrations]\ndialect: mysql\n")
    (project / "whitelist.yaml").write_text("entries: []\n")
    for name, table in (("20160118194630_init.sql", "users"), ("20160131153104_x.sql", "pages")):
        (folder / name).write_text(f"-- +goose Up\nCREATE TABLE `{table}` (`id` integer);\n")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n"
        "      - id: dbnamelint\n        verbose: true\n"
    )
    init_repo(project, "goose migrations")
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    gone = "db/db_mysql/migrations/20160131153104_x.sql"
    env.git(project, "rm", "-q", "--cached", gone)
    done = env.git(project, "commit", "-m", "drop pages", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head
    assert "DBN008" not in output, output
    assert f"{gone}:1:1: DBN025 error: this goose migration was committed at HEAD and " in (output)
    assert "this change deletes it from the commit (the copy left on disk is untracked" in output


def test_renumbering_a_duplicate_version_commits_through_the_hook(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    """Trial s12 (harbor's golang-migrate folder): two branches each added a
    ``0204_*`` migration and merged; ``DBN016`` said to renumber one, and the
    hook refused the renumbering with ``DBN025``. golang-migrate refuses a
    folder with a duplicate version, so no database ran either file from the
    merge: the renumbering commits, the hook's note saying why."""
    env, snapshot, rev = hook_repo
    project = tmp_path / "project"
    folder = project / "make/migrations/postgresql"
    folder.mkdir(parents=True)
    (project / "dbnamelint.yaml").write_text(
        "paths: [make/migrations/postgresql]\ndialect: postgres\n"
    )
    (project / "whitelist.yaml").write_text("entries: []\n")
    (folder / "0203_init.up.sql").write_text("CREATE TABLE audit_logs (id integer);\n")
    (project / ".pre-commit-config.yaml").write_text(  # --verbose lists info notes
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n"
        "      - id: dbnamelint\n        args: [--verbose]\n        verbose: true\n"
    )
    init_repo(project, "main")
    for branch, name, sql in (
        ("audit", "0204_audit", "ALTER TABLE audit_logs ADD COLUMN note text;\n"),
        ("registry", "0204_registry", "CREATE TABLE registries (id integer);\n"),
    ):
        env.git(project, "checkout", "-q", "-b", branch, "main")
        (folder / f"{name}.up.sql").write_text(sql)
        commit_all(project, f"{branch} phase")
    env.git(project, "checkout", "-q", "main")
    env.git(project, "merge", "-q", "--no-edit", "audit", "registry")
    assert sorted(p.name for p in folder.iterdir()) == [
        "0203_init.up.sql",
        "0204_audit.up.sql",
        "0204_registry.up.sql",
    ]
    assert env.pre_commit(project, "install").returncode == 0
    env.git(
        project,
        "mv",
        "make/migrations/postgresql/0204_registry.up.sql",
        "make/migrations/postgresql/0205_registry.up.sql",
    )
    done = env.git(project, "commit", "-m", "renumber the registry phase", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert (
        "make/migrations/postgresql/0204_registry.up.sql:1:1: DBN025 info: this golang-migrate "
        "migration was committed at HEAD and this change renames it to "
        "make/migrations/postgresql/0205_registry.up.sql: no database ran it from HEAD"
    ) in output, output


def test_a_commit_running_dynamic_ddl_is_refused_by_the_hook(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    """Trials s16 (documenso, vaultwarden): a migration whose ``DO`` block runs
    ``EXECUTE format('CREATE TABLE %I ...', ...)`` passed the hook with no
    word; trial s17 (concourse): then with a warning only, so a rename moved
    into dynamic SQL still passed. The table's name is not read, so it is not
    judged: new in the commit, the DBN013 is an error and the commit is
    refused; an inline ``ignore[DBN013]`` with the reason accepts it."""
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n"
        "      - id: dbnamelint\n        verbose: true\n"
    )
    commit_all(project, "verbose hook")
    assert env.pre_commit(project, "install").returncode == 0
    dynamic = (
        "DO $$ BEGIN\n  EXECUTE format('CREATE TABLE %I (id int)', 'Audit' || 'Event');\nEND $$;\n"
    )
    (project / NEW_FILE).write_text(dynamic)
    env.git(project, "add", NEW_FILE)
    done = env.git(project, "commit", "-m", "audit", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Failed" in output
    assert f"{NEW_FILE}:2:3: DBN013 error: EXECUTE format('CREATE TABLE %I (id int)'" in output
    assert "(its text holds CREATE)" in output and "new since HEAD" in output
    (project / NEW_FILE).write_text(
        "-- dbnamelint: ignore[DBN013] ws_audit_event, checked by hand\n" + dynamic
    )
    env.git(project, "add", NEW_FILE)
    done = env.git(project, "commit", "-m", "audit", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output and "DBN013" not in output and "DBN908" not in output
    # spelt out, the name is judged, and refused (DBN102: not ws_-prefixed)
    literal = "db/module-ws/schema/003-ws-audit.sql"
    (project / literal).write_text(
        "DO $$ BEGIN EXECUTE 'CREATE TABLE audit_events (id int)'; END $$;\n"
    )
    env.git(project, "add", literal)
    done = env.git(project, "commit", "-m", "audit 2", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{literal}:1:35: DBN102" in output and "audit_events" in output, output


GOLANG_MIGRATE_BASE = {
    "go.mod": "module example.com/app\n\ngo 1.22\n\n"
    "require github.com/golang-migrate/migrate/v4 v4.17.0\n",
    "dbnamelint.yaml": "paths: [db/migrations]\ndialect: sqlite\n",
    "db/migrations/1_init.up.sql": "CREATE TABLE accounts (id integer);\n",
    "db/migrations/2_tags.up.sql": "CREATE TABLE tags (id integer);\n",
    "db/migrations/3_notes.up..sql": "CREATE TABLE notes (id integer);\n",
}


def test_the_hook_reads_golang_migrate_names_as_it_does(
    hook_repo: tuple[Env, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """golang-migrate's names as its ``source.Regex`` parses them
    (``tests/test_gate_golang_migrate_names.py``): an up migration named
    ``_down`` is judged, a new file claiming a committed version is refused
    whichever sorts first, a rename keeping the version passes; the hook
    decides as ``check --base`` does."""
    env, snapshot, rev = hook_repo
    project = tmp_path / "project"
    write_files(project, GOLANG_MIGRATE_BASE)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    init_repo(project, "init")
    monkeypatch.chdir(project)
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    moved = ("mv", "db/migrations/3_notes.up..sql", "db/migrations/3_notes.up.sql")
    cases = {
        "up-named-down": (
            {"db/migrations/4_slow_down.up.sql": "CREATE TABLE `BadName` (id integer);\n"},
            (),
            1,
        ),
        "duplicate-sorting-first": (
            {"db/migrations/2_1_notes.up.sql": "CREATE TABLE notes2 (id integer);\n"},
            (),
            1,
        ),
        "rename-keeping-version": ({}, moved, 0),
    }
    for name, (files, git_args, expected) in cases.items():
        write_files(project, files)
        if git_args:
            env.git(project, *git_args)
        env.git(project, "add", "-A")
        gate = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
        hook = env.pre_commit(project, "run", "dbnamelint")
        assert gate.exit_code == expected, f"{name}: {gate.output}"
        assert hook.returncode == expected, f"{name}: {hook.stdout}{hook.stderr}"
        for blamed in files:  # the new file, in both (the hook judges only staged files)
            assert f"{blamed}:1:" in gate.output
            assert f"{blamed}:1:" in hook.stdout
        env.git(project, "reset", "-q", "--hard", "HEAD")
        env.git(project, "clean", "-qfd")


#: A golang-migrate folder whose team standard templates index names
#: (``idx_{table}_{columns}``), as in trial s29 coder.
TEMPLATED_INDEXES = "paths: [db]\ndialect: postgres\nrules:\n  index-name-off-template: true\n"
INIT_UP = "db/000001_init.up.sql"
API_KEYS = "CREATE TABLE api_keys (id integer PRIMARY KEY, user_id integer, login_type text);\n"
LEGACY_PHASE = 'phases:\n  - {id: "1", title: Legacy names, status: open}\nentries:\n'
#: scenario -> (the committed tree beside the config, the new migration, what both must say)
MADE_OUTSIDE_THE_FILES: dict[str, tuple[dict[str, str], str, str]] = {
    # Trial s29 coder: the whitelisted name made again on other columns; the
    # entry's target follows the columns it no longer has (whitelist.yaml not staged).
    "reused-index-name-breaks-its-target": (
        {
            INIT_UP: API_KEYS + "CREATE INDEX idx_api_keys_user ON api_keys (user_id);\n",
            "whitelist.yaml": LEGACY_PHASE + "  - {kind: index, name: api_keys.idx_api_keys_user,"
            ' rules: [DBN302], phase: "1", target: idx_api_keys_user_id}\n',
        },
        "DROP INDEX idx_api_keys_user;\n"
        "CREATE INDEX idx_api_keys_user ON api_keys USING btree (login_type);\n",
        "whitelist.yaml:4:82: DBN910 error: whitelist target idx_api_keys_user_id of index "
        "api_keys.idx_api_keys_user (stored as 'idx_api_keys_user_id') itself breaks DBN302",
    ),
    # A column renamed in the new migration fixes an index written in the
    # unchanged one: its entry is stale.
    "column-rename-leaves-an-entry-stale": (
        {
            INIT_UP: API_KEYS + "CREATE INDEX idx_api_keys_owner ON api_keys (user_id);\n",
            "whitelist.yaml": LEGACY_PHASE + "  - {kind: index, name: api_keys.idx_api_keys_owner,"
            ' rules: [DBN302], phase: "1"}\n',
        },
        "ALTER TABLE api_keys RENAME COLUMN user_id TO owner;\n",
        "whitelist.yaml:4:5: DBN900 stale whitelist entry index api_keys.idx_api_keys_owner",
    ),
    # ... and leaves the inline suppression over it unused, in the unchanged file.
    "column-rename-leaves-a-suppression-unused": (
        {
            INIT_UP: API_KEYS + "-- dbnamelint: ignore[DBN302] legacy\n"
            "CREATE INDEX idx_api_keys_owner ON api_keys (user_id);\n",
            "whitelist.yaml": LEGACY_PHASE.replace("entries:\n", "entries: []\n"),
        },
        "ALTER TABLE api_keys RENAME COLUMN user_id TO owner;\n",
        f"{INIT_UP}:2:1: DBN020 warning: unused suppression ignore[DBN302]",
    ),
}


@pytest.mark.parametrize("scenario", list(MADE_OUTSIDE_THE_FILES))
def test_what_a_commit_breaks_outside_its_files_fails_the_hook_as_the_gate(
    hook_repo: tuple[Env, Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scenario: str,
) -> None:
    """Trial s29 coder: a new migration re-creating a whitelisted index name
    on other columns passed the installed hook ("All checks passed!") while
    ``check --base HEAD`` on the same staged tree refused it with ``DBN910``
    on ``whitelist.yaml``, which the commit does not touch: the hook kept
    only what was located in the files pre-commit passed. What fails the
    gate fails the hook, wherever it is located: a bad target, a stale
    entry, an unused suppression the change made in files it left alone."""
    env, snapshot, rev = hook_repo
    tree, migration, said = MADE_OUTSIDE_THE_FILES[scenario]
    project = tmp_path / "project"
    write_files(project, {"dbnamelint.yaml": TEMPLATED_INDEXES, **tree})
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    init_repo(project, "legacy schema")
    monkeypatch.chdir(project)
    assert CliRunner().invoke(cli, ["check", "--no-cache"]).exit_code == 0  # a green base
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    (project / "db/000002_change.up.sql").write_text(migration)
    env.git(project, "add", "db/000002_change.up.sql")
    gate = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert gate.exit_code == 1, gate.output
    assert said in gate.output, gate.output
    done = env.git(project, "commit", "-m", scenario, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head, output
    assert said in output, output


def test_by_hand_a_finding_in_a_file_with_unstaged_edits_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --pre-commit`` by hand reads a file with unstaged edits as
    staged; a finding there that the staged change made (a column renamed
    in the new migration takes an index written there off its template)
    fails it as ``check --base HEAD`` fails, where it dropped the finding
    (the file was not "unchanged since HEAD" on disk). Real git."""
    project = tmp_path / "project"
    write_files(
        project,
        {
            "dbnamelint.yaml": TEMPLATED_INDEXES,
            INIT_UP: API_KEYS + "CREATE INDEX idx_api_keys_user_id ON api_keys (user_id);\n",
        },
    )
    init_repo(project, "schema")
    write_files(
        project, {"db/000002_rename.up.sql": "ALTER TABLE api_keys RENAME COLUMN user_id TO uid;\n"}
    )
    git(project, "add", "db/000002_rename.up.sql")
    with (project / INIT_UP).open("a") as edited:
        edited.write("-- a note not staged\n")
    monkeypatch.chdir(project)
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    said = f'{INIT_UP}:2:14: DBN302 index "api_keys.idx_api_keys_user_id"'
    # DBN504 (the old column's name in the index's) is said at the new file: left out
    # so that only the finding located in the unchanged file decides.
    for args in (["--base", "HEAD"], ["--pre-commit"], ["--pre-commit", "db/000002_rename.up.sql"]):
        done = CliRunner().invoke(cli, ["check", "--no-cache", "--ignore", "DBN504", *args])
        assert done.exit_code == 1, f"{args}: {done.output}"
        assert said in done.output, f"{args}: {done.output}"


def test_a_stale_entry_head_already_had_fails_the_hook_as_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale entry fails ``check --base`` whether or not the change made it;
    the hook kept it only when ``whitelist.yaml`` was among its files, so its
    verdict on the same commit depended on what pre-commit passed. Now both
    refuse a commit of a good table until the entry is deleted. Real git."""
    project = tmp_path / "project"
    write_files(
        project,
        {
            "dbnamelint.yaml": TEMPLATED_INDEXES,
            INIT_UP: API_KEYS + "CREATE INDEX idx_api_keys_owner ON api_keys (user_id);\n",
            "db/000002_rename.up.sql": "ALTER TABLE api_keys RENAME COLUMN user_id TO owner;\n",
            "whitelist.yaml": LEGACY_PHASE + "  - {kind: index, name: api_keys.idx_api_keys_owner,"
            ' rules: [DBN302], phase: "1"}\n',
        },
    )
    init_repo(project, "a stale entry, committed past the hook")
    write_files(project, {"db/000003_good.up.sql": "CREATE TABLE good_things (id integer);\n"})
    git(project, "add", "db/000003_good.up.sql")
    monkeypatch.chdir(project)
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    said = "whitelist.yaml:4:5: DBN900 stale whitelist entry index api_keys.idx_api_keys_owner"
    for args in (["--base", "HEAD"], ["--pre-commit", "db/000003_good.up.sql"]):
        done = CliRunner().invoke(cli, ["check", "--no-cache", *args])
        assert done.exit_code == 1, f"{args}: {done.output}"
        assert said in done.output, f"{args}: {done.output}"
    # the commit deleting it passes both
    write_files(project, {"whitelist.yaml": LEGACY_PHASE.replace("entries:\n", "entries: []\n")})
    git(project, "add", "whitelist.yaml")
    for args in (["--base", "HEAD"], ["--pre-commit", "db/000003_good.up.sql"]):
        done = CliRunner().invoke(cli, ["check", "--no-cache", *args])
        assert done.exit_code == 0, f"{args}: {done.output}"
