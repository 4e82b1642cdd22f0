"""A Django migration's reverse half is not forward DDL (trial s30 healthchecks).

Django runs ``RunSQL``'s ``sql`` when the migration is applied and its
``reverse_sql`` only when it is unapplied; ``RunPython(code, reverse_code)``
likewise (``django/db/migrations/operations/special.py``:
``database_forwards`` runs ``self.sql`` / ``self.code``,
``database_backwards`` the reverse). The gate read every string of the file
as forward DDL, so a rename to a bad name passed behind its undo (the undo
renamed it back in the replay), and a squashed migration copying a good
rename was refused for its undo's old name.

Oracles: PostgreSQL (the forward SQL leaves the bad name; the reverse
restores the old one), real git (the base commit and the index).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.code_ddl_text import ddl_strings
from git_helpers import committed_repo, git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["."]\ndialect: postgres\n'
SCHEMA = """CREATE TABLE api_checks (id SERIAL PRIMARY KEY, slug TEXT NOT NULL);
CREATE INDEX api_checks_slug ON api_checks (slug);
CREATE TABLE api_pings (id SERIAL PRIMARY KEY);
CREATE TABLE api_flips (id SERIAL PRIMARY KEY, processed TIMESTAMPTZ);
"""
NEW = "hc/api/migrations/0002_x.py"
HEAD = (
    "from django.db import migrations\n\n\n"
    "class Migration(migrations.Migration):\n"
    '    dependencies = [("api", "0001_initial")]\n'
    "    operations = [\n"
)
RENAME_COLUMN = 'ALTER TABLE api_checks RENAME COLUMN slug TO "checkSlug"'
UNDO_COLUMN = 'ALTER TABLE api_checks RENAME COLUMN "checkSlug" TO slug'

#: The trial's cases e01 (keyword and positional reverse), e04, e03 and a
#: reverse given by name: (migration text, the error expected at the forward string).
CASES = {
    "reverse_sql": (
        HEAD + f"        migrations.RunSQL(\n            '{RENAME_COLUMN}',\n"
        f"            reverse_sql='{UNDO_COLUMN}',\n        ),\n    ]\n",
        ("DBN201", 8),
    ),
    "positional": (
        HEAD + "        migrations.RunSQL(\n"
        "            'ALTER TABLE api_pings RENAME TO \"PingLog\"',\n"
        "            'ALTER TABLE \"PingLog\" RENAME TO api_pings',\n        ),\n    ]\n",
        ("DBN101", 8),
    ),
    "index": (
        HEAD + "        migrations.RunSQL(\n"
        "            'ALTER INDEX api_checks_slug RENAME TO \"CheckSlugIdx\"',\n"
        "            'ALTER INDEX \"CheckSlugIdx\" RENAME TO api_checks_slug',\n"
        "        ),\n    ]\n",
        ("DBN301", 8),
    ),
    "run_python": (
        "from django.db import migrations\n\n\n"
        "def forwards(apps, schema_editor):\n"
        "    schema_editor.execute('ALTER TABLE api_flips RENAME COLUMN processed TO "
        '"processedAt"\')\n\n\n'
        "def backwards(apps, schema_editor):\n"
        '    schema_editor.execute(\'ALTER TABLE api_flips RENAME COLUMN "processedAt" '
        "TO processed')\n\n\n"
        "class Migration(migrations.Migration):\n"
        '    dependencies = [("api", "0001_initial")]\n'
        "    operations = [migrations.RunPython(forwards, reverse_code=backwards)]\n",
        ("DBN201", 5),
    ),
    "named_reverse": (
        f"from django.db import migrations\n\nFORWARD = '{RENAME_COLUMN}'\n"
        f"REVERSE = '{UNDO_COLUMN}'\n\n\n"
        "class Migration(migrations.Migration):\n"
        '    dependencies = [("api", "0001_initial")]\n'
        "    operations = [migrations.RunSQL(FORWARD, REVERSE)]\n",
        ("DBN201", 3),
    ),
}


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "hc",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            "hc/api/migrations/0001_initial.py": HEAD + "    ]\n",
        },
        monkeypatch,
    )


def _gate(*more: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    args = ["check", *(more or ("--base", "HEAD")), "--no-cache", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["path"], d["line"], d["severity"]) for d in report["diagnostics"]]
    found += [
        (f["code"], f["path"], f["line"], f["severity"])
        for f in report["findings"]
        if f.get("new", True)
    ]
    return result.exit_code, found


def _errors(found: list[tuple[str, str, int, str]]) -> list[tuple[str, str, int]]:
    return sorted({(c, p, line) for c, p, line, s in found if s == "error"})


def test_postgres_keeps_what_the_forward_sql_makes(pg: PgServer) -> None:
    """Applied, the migration leaves "checkSlug"; only unapplying restores slug."""
    with pg.fresh_database("dj_reverse") as db:
        pg.run(sql=SCHEMA + RENAME_COLUMN + ";", dbname=db)
        query = (
            "SELECT column_name AS c FROM information_schema.columns "
            "WHERE table_name = 'api_checks' ORDER BY ordinal_position"
        )
        assert [r["c"] for r in pg.query_json(query, db)] == ["id", "checkSlug"]
        pg.run(sql=UNDO_COLUMN + ";", dbname=db)
        assert [r["c"] for r in pg.query_json(query, db)] == ["id", "slug"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_name_does_not_hide_behind_its_undo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    text, (code, line) = CASES[case]
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(text)
    git(root, "add", "-A")
    for mode in ((), ("--pre-commit",)):
        status, found = _gate(*mode)
        assert status == 1, found
        assert (code, NEW, line) in _errors(found), found
        # nothing judged in the reverse half
        assert all(p != NEW or n == line for _, p, n in _errors(found)), found


def test_a_squashed_rename_is_not_refused_for_its_undo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A good rename whose undo restores a bad (legacy) name passes."""
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(
        HEAD + "        migrations.RunSQL(\n"
        "            'ALTER TABLE api_flips RENAME COLUMN processed TO processed_at',\n"
        "            reverse_sql='ALTER TABLE api_flips RENAME COLUMN processed_at TO "
        '"processedAt"\',\n'
        "        ),\n    ]\n"
    )
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 0, found


def test_a_reverse_function_also_run_forwards_is_read() -> None:
    """A function passed as reverse_code that the forward code also calls
    runs forwards too: its strings stay read."""
    text = (
        "from django.db import migrations\n\n\n"
        "def rename(apps, schema_editor):\n"
        "    schema_editor.execute('ALTER TABLE api_pings RENAME TO \"PingLog\"')\n\n\n"
        "def forwards(apps, schema_editor):\n"
        "    rename(apps, schema_editor)\n\n\n"
        "class Migration(migrations.Migration):\n"
        "    operations = [migrations.RunPython(forwards, rename)]\n"
    )
    assert len(ddl_strings(NEW, text)) == 1
    noop = HEAD + f"        migrations.RunSQL('{RENAME_COLUMN}', migrations.RunSQL.noop),\n    ]\n"
    assert [s.text for s in ddl_strings(NEW, noop)] == [RENAME_COLUMN]
