"""``migrate --cleanup`` names the patch that follows only what is renamed.

When code still reads a compatibility view's name, the cleanup refuses and
said "`impact --diff` patches them". That patch renames every whitelisted
name with a target, renamed yet or not: in pixelfed (trial s43), after
phase 2 renamed ``newsroom`` and ``config_cache``, it also rewrote
``orderBy('order')`` to ``orderBy('media_order')`` and three more columns of
a phase whose migration had not run, breaking those queries. The command
named now is ``impact --diff --renamed-only``.

Oracle: PostgreSQL runs the migrations, the cleanup and the code patched by
the command the refusal names: every query runs (with the old advice, the
query of the table not renamed yet fails: relation does not exist).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, init_repo, write_files
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INIT = """\
CREATE TABLE "Newsroom" (id bigint PRIMARY KEY, title text);
CREATE TABLE "MediaItem" (id bigint PRIMARY KEY, title text);
"""
CODE = 'SELECT title FROM "Newsroom";\nSELECT title FROM "MediaItem";\n'


def test_the_named_patch_leaves_what_is_not_renamed_yet(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {"db/001_init.sql": INIT, "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n"},
    )
    init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> tuple[str, str]:
        result = runner.invoke(cli, list(args))
        assert result.exit_code == code, result.output
        return result.stdout, result.stderr

    run("whitelist", "init")
    # MediaItem waits for phase 2; phase 1 renames Newsroom only
    listing = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    listing = listing.replace(
        "    status: open\n", '    status: open\n  - id: "2"\n    title: "Later"\n', 1
    )
    listing = re.sub(r'(name: MediaItem\n(?:    .*\n)*?    phase: )"1"', r'\1"2"', listing, count=1)
    (tmp_path / "whitelist.yaml").write_text(listing, encoding="utf-8")
    commit_all(tmp_path, "baseline")
    run("migrate", "--phase", "1", "--write")
    run("whitelist", "prune")
    write_files(tmp_path, {"app/queries.sql": CODE})
    commit_all(tmp_path, "phase 1 and code")

    _, said = run("migrate", "--cleanup", "--write", code=2)
    named = re.search(r"`(impact[^`]*--diff[^`]*)` patches them", said)
    assert named is not None, said
    patch = runner.invoke(cli, shlex.split(named.group(1)))
    assert patch.exit_code == 0, patch.output
    applied = subprocess.run(
        ["git", "apply"], input=patch.stdout, text=True, capture_output=True, check=False
    )
    assert applied.returncode == 0, applied.stderr
    run("migrate", "--cleanup", "--write")

    with pg.fresh_database("s43_cleanup_renamed_only") as db:
        pg.run(files=sorted((tmp_path / "db").glob("*.sql")), dbname=db)
        pg.run(sql=(tmp_path / "app/queries.sql").read_text(encoding="utf-8"), dbname=db)
    assert (tmp_path / "app/queries.sql").read_text(encoding="utf-8") == (
        'SELECT title FROM "newsrooms";\nSELECT title FROM "MediaItem";\n'
    )
