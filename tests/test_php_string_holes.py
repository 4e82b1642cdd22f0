"""What PHP fills in in a string, as the gate reads it (trial s35 firefly-iii, F5).

``DB::unprepared(<<<'SQL' ... SQL)``, a nowdoc, is never interpolated by PHP,
but the gate read its ``$withinTransaction`` (in ``migrate``'s own note line)
and a ``DO`` block's ``$dbnamelint$`` as holes, and the call itself as SQL the
code builds: ``migrate``'s forward script pasted into a Laravel migration, as
the README says to, was refused (``DBN013``) and read as 0 objects. Now a
nowdoc and a ``'...'`` string hold no holes, and a ``"..."`` string or a
heredoc the ones PHP fills in: ``{$x}``, ``${x}``, ``$x``, ``$x[0]``, ``$x->y``
(one level), not an escaped ``\\$x``.

Oracle: PHP's own tokenizer (tests/laravel/holes.php: ``token_get_all``) for
the holes; real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo
from laravel_oracle import php_holes

needs_php = pytest.mark.skipif(shutil.which("php") is None, reason="php is not installed")

STRINGS = """<?php
$a = "CREATE TABLE \\$x {$x} $x $o->y $o->z->w $a[0] $a[k] \\{$x} ${x} t";
$b = <<<SQL
    CREATE INDEX \\$x {$x} $x $o->y $a[0]x
    SQL;
$c = <<<"SQL"
CREATE TABLE $x
SQL;
$d = <<<'SQL'
CREATE TABLE "Nowdoc" ($x int, {$x} int); DO $tag$ BEGIN END $tag$;
SQL;
$e = 'CREATE TABLE $x {$x} ${x}';
"""


@needs_php
def test_the_holes_are_what_php_fills_in(tmp_path: Path) -> None:
    from dbnamelint.code_ddl_text import ddl_strings

    path = tmp_path / "strings.php"
    path.write_text(STRINGS)
    ours = sorted(h for s in ddl_strings(str(path), STRINGS, lambda _sql: True) for h in s.holes)
    assert ours == php_holes(path)


HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
"""
BASE = (
    HEAD
    + "        DB::statement('CREATE TABLE tag_journal (id bigserial PRIMARY KEY)');\n    }\n};\n"
)
NOWDOC = (
    HEAD
    + """        DB::unprepared(<<<'SQL'
-- note: Laravel's migrator runs each migration in a transaction ($withinTransaction)
ALTER TABLE "tag_journal" RENAME TO "tag_journals";
DO $dbnamelint$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'tag_journals') THEN
    RAISE EXCEPTION 'dbnamelint: not found';
  END IF;
END
$dbnamelint$;
CREATE INDEX "IdxNowdoc" ON tag_journals (id);
SQL);
    }
};
"""
)


def test_a_nowdoc_migration_is_read_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [database/migrations]\ndialect: postgres\n",
            "database/migrations/2016_01_01_000000_base.php": BASE,
        },
        monkeypatch,
    )
    path = "database/migrations/2026_05_02_000000_rename.php"
    stage(root, path, NOWDOC)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        _, found = check_entries(*run, "--no-cache")
        assert not [f for f in found if f[0] == "DBN013"], (run, found)
        # the nowdoc's index is read and judged, at its line
        assert ("DBN301", path, 20) in {(c, p, line) for c, p, line, _s, _m in found}, found
    shown = CliRunner().invoke(cli, ["inspect", path, "--no-cache"])
    assert "IdxNowdoc" in shown.output and "0 objects" not in shown.output, shown.output
