"""An edit of code that never runs in an applied migration is no edit (session 38 G3).

Code after an unconditional ``return``/``raise`` (``return;`` in PHP) at a
function body's own level never runs: editing it in an applied Alembic
revision's ``upgrade()``, a Django migration's ``RunPython`` function or a
Laravel migration's ``up()`` changes nothing any database saw, yet it was
``DBN025`` (and its names were judged as made); now an info note says the
edit is dead code. A ``return`` in a branch
leaves only when the branch runs: an edit after it stays ``DBN025``.

Oracles: Alembic's offline mode (``alembic upgrade head --sql``) and
Laravel's pretend mode give the SQL each version runs: the same for the
unrun edit, another for the edit after a branch's ``return``; python3 runs
the Django ``RunPython`` function with a schema editor recording what it
executes. Real git for the gate.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ALEMBIC = '''"""init"""
import os

from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
    if os.environ.get("SKIP_REST"):
        return
    op.add_column("users", sa.Column("{cond}", sa.String(5)))
    return
    op.create_table("{dead}", sa.Column("id", sa.Integer))
    op.execute("CREATE TABLE {dead}_raw (id int)")


def downgrade():
    pass
'''
DJANGO = """from django.db import migrations


def forward(apps, schema_editor):
    schema_editor.execute("CREATE TABLE users (id int)")
    if apps is None:
        return
    schema_editor.execute("ALTER TABLE users ADD COLUMN {cond} int")
    raise RuntimeError("stop")
    schema_editor.execute("CREATE TABLE {dead} (id int)")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
"""
LARAVEL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('users', function (Blueprint $t): void {
            $t->id();
        });
        if (random_int(0, 1) > 5) {
            return;
        }
        Schema::table('users', fn (Blueprint $t) => $t->string('{cond}'));
        return;
        Schema::create('{dead}', function (Blueprint $t): void {
            $t->id();
        });
        foreach (['a', 'b'] as $x) {
            DB::statement("CREATE TABLE {dead}_$x (id int)");
        }
    }

    public function down(): void
    {
    }
};
"""
#: tool -> (path, text); each edit: (cond, dead) names, base then now
FILES = {
    "alembic": ("alembic/versions/0001_init.py", ALEMBIC),
    "django": ("app/migrations/0001_initial.py", DJANGO),
    "laravel": ("database/migrations/2026_12_06_000001_users.php", LARAVEL),
}
BASE = {"cond": "nick", "dead": "old_dead"}
UNRUN_EDIT = {"cond": "nick", "dead": "NewDeadTable"}
BRANCH_EDIT = {"cond": "nickname", "dead": "old_dead"}
CONFIG = (
    "dialect: postgres\npaths:\n  - alembic/versions\n  - app/migrations\n  - database/migrations\n"
)


def _text(tool: str, names: dict[str, str]) -> str:
    return FILES[tool][1].replace("{cond}", names["cond"]).replace("{dead}", names["dead"])


def _said(root: Path, path: str, text: str, severity: str = "error") -> list[tuple[str, int]]:
    """What (code, line) ``check --base HEAD`` and the hook alike say at
    ``path`` with ``severity``."""
    stage(root, path, text)
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        # (info notes are listed when asked for: --verbose)
        _status, found = check_entries(*run, "--no-cache", "--verbose")
        seen.append(sorted({(c, n) for c, p, n, s, _ in found if s == severity and p == path}))
    assert seen[0] == seen[1], seen
    return seen[0]


@pytest.mark.parametrize("tool", sorted(FILES))
def test_an_edit_after_an_unconditional_return_is_no_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tool: str
) -> None:
    """Before: the unrun edit was DBN025 (and NewDeadTable judged); the edit
    after the branch's return is DBN025 before and after."""
    path = FILES[tool][0]
    root = committed_repo(
        tmp_path / "app", {"dbnamelint.yaml": CONFIG, path: _text(tool, BASE)}, monkeypatch
    )
    unrun = _text(tool, UNRUN_EDIT)
    assert _said(root, path, unrun) == []
    # a note says the edit is dead code, at its line
    line = next(n for n, row in enumerate(unrun.split("\n"), 1) if "NewDeadTable" in row)
    assert ("DBN025", line) in _said(root, path, unrun, "info")
    edited = _text(tool, BRANCH_EDIT)
    assert [code for code, _line in _said(root, path, edited)] == ["DBN025"]


def _alembic() -> str | None:
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


def _alembic_sql(tmp_path: Path, text: str) -> str:
    """What ``alembic upgrade head --sql`` (offline: no database) runs for ``text``."""
    alembic = _alembic()
    assert alembic is not None
    folder = tmp_path / "alembic"
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    (folder / "versions" / "0001_init.py").write_text(text)
    (folder / "env.py").write_text(
        "from alembic import context\n"
        "context.configure(url=context.config.get_main_option('sqlalchemy.url'),"
        " literal_binds=True)\n"
        "with context.begin_transaction():\n"
        "    context.run_migrations()\n"
    )
    (tmp_path / "alembic.ini").write_text(
        f"[alembic]\nscript_location = {folder}\nsqlalchemy.url = postgresql://\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SKIP_REST"}
    done = subprocess.run(
        [alembic, "-c", str(tmp_path / "alembic.ini"), "upgrade", "head", "--sql"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_runs_the_same_sql_after_the_unrun_edit(tmp_path: Path) -> None:
    base = _alembic_sql(tmp_path / "a", _text("alembic", BASE))
    assert "CREATE TABLE users" in base and "nick" in base
    assert _alembic_sql(tmp_path / "b", _text("alembic", UNRUN_EDIT)) == base
    assert _alembic_sql(tmp_path / "c", _text("alembic", BRANCH_EDIT)) != base


def test_python_runs_the_same_statements_after_the_unrun_edit(tmp_path: Path) -> None:
    """The RunPython function run by python3 with a recording schema editor."""
    runner = (
        "import sys, types\n"
        "django = types.ModuleType('django'); db = types.ModuleType('django.db')\n"
        "class _M:\n"
        "    class Migration: pass\n"
        "    class RunPython:\n"
        "        noop = None\n"
        "        def __init__(self, *a): pass\n"
        "db.migrations = _M; sys.modules.update({'django': django, 'django.db': db})\n"
        "ns = {}\n"
        "exec(open(sys.argv[1]).read(), ns)\n"
        "class Editor:\n"
        "    def execute(self, sql): print(sql)\n"
        "try:\n"
        "    ns['forward'](object(), Editor())\n"
        "except RuntimeError:\n"
        "    pass\n"
    )
    (tmp_path / "run.py").write_text(runner)
    ran = []
    for n, names in enumerate((BASE, UNRUN_EDIT, BRANCH_EDIT)):
        migration = tmp_path / f"m{n}.py"
        migration.write_text(_text("django", names))
        done = subprocess.run(
            [sys.executable, str(tmp_path / "run.py"), str(migration)],
            capture_output=True,
            text=True,
            check=True,
        )
        ran.append(done.stdout)
    assert "ADD COLUMN nick " in ran[0]
    assert ran[1] == ran[0] != ran[2]


@needs_laravel
def test_laravel_runs_the_same_sql_after_the_unrun_edit(tmp_path: Path) -> None:
    ran = []
    for n, names in enumerate((BASE, UNRUN_EDIT, BRANCH_EDIT)):
        migration = tmp_path / f"2026_12_06_00000{n}_users.php"
        migration.write_text(_text("laravel", names))
        ran.append(laravel_sql(migration))
    assert any("nick" in s for s in ran[0])
    assert ran[1] == ran[0] != ran[2]
