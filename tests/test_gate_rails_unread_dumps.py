"""Rails dumps the run does not read are no blind spot of the gate (trial s30 mastodon).

- A ``db/<name>_schema.rb`` of a database no ``databases:`` entry reads is
  left out with a ``DBN007`` note; new DDL a change writes there is ``DBN032``
  (S14: a new ``cache`` database's dump full of DDL passed as an info note).
- ``config.active_record.schema_format = :sql`` makes Rails keep
  ``db/structure.sql`` (Rails guides, "Active Record Migrations", "Schema
  Dumping and You"), so the run reads it and no longer ``db/schema.rb``: an
  edit of schema.rb in that change is ``DBN032``, a migration it adds too
  (no dump of the app is read to compare it with), and the switch alone a
  ``DBN008`` warning (S1: everything passed, "files read" silently smaller).

The oracle is real git (the base commit, the staged change).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env
from test_rails_databases import BAD_TABLE, DATABASE_YML, PRIMARY, QUEUE, rails_app
from test_rails_schema_rb import APPLICATION_RB

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = rails_app(
        tmp_path / "shop",
        {
            "db/queue_schema.rb": QUEUE,
            "db/migrate/20260101000000_create_users.rb": "class CreateUsers < "
            "ActiveRecord::Migration[8.0]\nend\n",
            "dbnamelint.yaml": "paths: [db]\n",
        },
    )
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _hook(root: Path, files: dict[str, str]) -> tuple[int, list[tuple[str, str, str, int]], str]:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    result = CliRunner().invoke(
        cli, ["check", "--pre-commit", "--format", "json", *files, "--select", "DBN032,DBN008"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, "\n".join(d["message"] for d in report["diagnostics"])


def test_new_ddl_in_a_dump_no_databases_entry_reads_is_refused(app: Path) -> None:
    code, found, message = _hook(
        app, {"db/queue_schema.rb": QUEUE[: QUEUE.rindex("end\n")] + BAD_TABLE}
    )
    assert (code, found) == (1, [("DBN032", "error", "db/queue_schema.rb", 8)])
    assert "Rails schema dump not read holds new DDL (`table QueueAudit`" in message
    assert "add `queue: [db/queue_schema.rb]` to the config's `databases:`" in message
    # a new database's dump (S14), the same
    git(app, "reset", "-q", "--hard")
    cache = QUEUE.replace("solid_queue_jobs", "CacheEntries")
    code, found, message = _hook(app, {"db/cache_schema.rb": cache})
    assert (code, found[0][:3]) == (1, ("DBN032", "error", "db/cache_schema.rb"))
    assert "the file is new since HEAD" in message
    # the dump regenerated without new DDL (a version bump) passes
    git(app, "reset", "-q", "--hard")
    git(app, "clean", "-qfd")
    assert _hook(app, {"db/queue_schema.rb": QUEUE.replace("version: 1", "version: 2")})[:2] == (
        0,
        [],
    )


SQL_FORMAT = APPLICATION_RB.replace(
    "  end\nend", "    config.active_record.schema_format = :sql\n  end\nend"
)
NEW = "db/migrate/20260901120000_create_user_things.rb"
NEW_RB = (
    "class CreateUserThings < ActiveRecord::Migration[8.0]\n"
    "  def change\n    create_table :UserThings\n  end\nend\n"
)


def test_a_schema_format_switch_does_not_hide_the_change(app: Path) -> None:
    edited = PRIMARY.replace(
        '    t.string "email", null: false\n',
        '    t.string "email", null: false\n    t.string "aliasURI"\n',
    )
    code, found, message = _hook(
        app, {"config/application.rb": SQL_FORMAT, "db/schema.rb": edited, NEW: NEW_RB}
    )
    assert code == 1
    assert ("DBN032", "error", "db/schema.rb", 4) in found
    assert ("DBN032", "error", NEW, 1) in found
    assert "the app's `schema_format` is `:sql`, so `bin/rails db:migrate` no longer" in message
    assert "which the run read at HEAD" in message
    # the switch alone: the schema is no longer checked, said (`check --base`: the
    # hook says what concerns the files it is given)
    git(app, "reset", "-q", "--hard")
    git(app, "clean", "-qfd")
    (app / "config/application.rb").write_text(SQL_FORMAT)
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert result.exit_code == 0, result.output
    assert (
        "db/schema.rb:1:1: DBN008 warning: this Rails schema dump was read at HEAD and is not "
        "read now: the app's `schema_format` is `:sql`, so Rails keeps db/structure.sql, which "
        "is not there: no rule checks the app's schema any more"
    ) in result.output


def test_new_ddl_in_another_databases_structure_sql_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_rails_multi_db import PRIMARY as SQL_PRIMARY
    from test_rails_multi_db import QUEUE as SQL_QUEUE

    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "shop"
    for rel, text in {
        "config/database.yml": DATABASE_YML,
        "config/application.rb": SQL_FORMAT,
        "db/structure.sql": SQL_PRIMARY,
        "db/queue_structure.sql": SQL_QUEUE,
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    init_repo(root, "base")
    monkeypatch.chdir(root)
    bad = SQL_QUEUE.replace(
        "CREATE TABLE public.schema_migrations",
        'CREATE TABLE public."QueueAudit" (id bigint);\nCREATE TABLE public.schema_migrations',
    )
    code, found, message = _hook(root, {"db/queue_structure.sql": bad})
    line = bad.splitlines().index('CREATE TABLE public."QueueAudit" (id bigint);') + 1
    assert (code, found) == (1, [("DBN032", "error", "db/queue_structure.sql", line)])
    assert 'holds new DDL (`CREATE TABLE public."QueueAudit" (id bigint)`' in message
    assert "add `queue: [db/queue_structure.sql]` to the config's `databases:`" in message


def test_an_excluded_schema_rb_is_read_as_ruby_for_its_new_ddl(app: Path) -> None:
    """Excluded in the same change, schema.rb's new column is DBN032 at its
    line (before, its text was read as SQL: the error quoted its header
    comment)."""
    edited = PRIMARY.replace(
        '    t.string "email", null: false\n',
        '    t.string "email", null: false\n    t.string "aliasURI"\n',
    )
    code, found, message = _hook(
        app,
        {"dbnamelint.yaml": "paths: [db]\nexclude: [db/schema.rb]\n", "db/schema.rb": edited},
    )
    assert code == 1
    assert ("DBN032", "error", "db/schema.rb", 4) in found
    assert "Rails schema dump not read holds new DDL (`column users.aliasURI`" in message
