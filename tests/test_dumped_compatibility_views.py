"""A compatibility view is still one after the forward script ran and the
schema was dumped again (trial s21 openstreetmap-website: Rails rewrites
``db/structure.sql`` with ``pg_dump``, which keeps the view but no rename).

Oracles: real PostgreSQL runs ``migrate``'s forward script, ``pg_dump
--schema-only`` writes the new dump, and the cleanup ``migrate --cleanup``
prints runs there; real git for ``impact``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = """\
CREATE TABLE public.acls (id bigint NOT NULL, k character varying);
ALTER TABLE ONLY public.acls ADD CONSTRAINT acls_pkey PRIMARY KEY (id);
"""
CONFIG = """\
paths: [db]
dialect: postgres
rules:
  table-legacy-name:
    options:
      names: {acls: access_control_lists}
"""
MODEL = 'class Acl < ApplicationRecord\n  self.table_name = "acls"\nend\n'


def _pg_dump(pg: PgServer, db: str) -> str:
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    command = [binary, "--schema-only", "--no-owner", "-d", pg.database(db)]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def _script(path: Path) -> str:
    """The first script of a ``migrate -o`` file (what follows is commented out or apart)."""
    text = path.read_text()
    return text.split("\n-- ==== rollback", 1)[0]


def _app(
    root: Path, monkeypatch: pytest.MonkeyPatch, *, config: str = CONFIG, old: str = OLD
) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (root / "db" / "migrate").mkdir(parents=True)
    (root / "app" / "models").mkdir(parents=True)
    (root / "db" / "structure.sql").write_text(old)
    (root / "db" / "migrate" / "20260101000000_init.rb").write_text("class Init\nend\n")
    (root / "app" / "models" / "acl.rb").write_text(MODEL)
    (root / "dbnamelint.yaml").write_text(config)
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    init_repo(root, "base")
    return root


def _cleanup(out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["migrate", "--cleanup", "-o", str(out)])
    return result.exit_code, result.output


def test_a_dumped_compatibility_view_is_dropped_by_the_cleanup_and_searched_by_impact(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _app(tmp_path / "app", monkeypatch)
    forward = tmp_path / "fwd.sql"
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "-o", str(forward)])
    assert result.exit_code == 0, result.output
    with pg.fresh_database("railsgate_views") as db:
        pg.run(sql=OLD, dbname=db)
        pg.run(files=[_write(tmp_path / "f.sql", _script(forward))], dbname=db)
        dump = _pg_dump(pg, db)
        assert "CREATE VIEW public.acls" in dump and "RENAME" not in dump  # no history left
        # migrate's marker, which pg_dump keeps
        assert (
            "COMMENT ON VIEW public.acls IS 'dbnamelint compatibility view of "
            "access_control_lists';"
        ) in dump
        (root / "db" / "structure.sql").write_text(dump)
        assert CliRunner().invoke(cli, ["whitelist", "prune"]).exit_code == 0
        git(root, "add", "-A")
        git(root, "commit", "-qm", "phase 1 ran")
        cleanup = tmp_path / "cl.sql"
        code, output = _cleanup(cleanup)
        assert code == 0, output
        assert "acls (for access_control_lists)" in output
        assert "code still uses acls" in output  # app/models/acl.rb
        assert 'DROP VIEW "public"."acls";' in _script(cleanup)
        pg.run(files=[_write(tmp_path / "c.sql", _script(cleanup))], dbname=db)
        left = pg.query_json("SELECT count(*) AS n FROM pg_views WHERE viewname = 'acls'")
        assert left == [{"n": 0}]
    impact = CliRunner().invoke(cli, ["impact"])
    assert impact.exit_code == 0, impact.output
    assert "table acls -> access_control_lists (already renamed in the schema)" in impact.output
    assert 'app/models/acl.rb:2:22: high [Rails self.table_name] self.table_name = "acls"' in (
        impact.output
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


DUMPED = """\
CREATE TABLE public.access_control_lists (id bigint NOT NULL, k character varying);
CREATE VIEW public.acls WITH (security_invoker='true') AS
 SELECT access_control_lists.id,
    access_control_lists.k
   FROM public.access_control_lists{where};
"""


@pytest.mark.parametrize(
    ("where", "config", "found"),
    [
        ("", CONFIG, True),
        # not plain: a view that filters rows is code's own view, not a stand-in
        ("\n  WHERE (access_control_lists.id > 0)", CONFIG, False),
        # no plan names acls as the table's earlier name
        ("", "paths: [db]\ndialect: postgres\n", False),
        # ... but migrate's marker, as pg_dump writes it, does
        (
            ";\nCOMMENT ON VIEW public.acls IS "
            "'dbnamelint compatibility view of access_control_lists'",
            "paths: [db]\ndialect: postgres\n",
            True,
        ),
    ],
    ids=["plain", "where", "unplanned", "marked"],
)
def test_which_dumped_views_are_compatibility_views(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, config: str, found: bool
) -> None:
    root = _app(tmp_path / "app", monkeypatch, config=config)
    (root / "db" / "structure.sql").write_text(DUMPED.format(where=where))
    (root / "whitelist.yaml").unlink()
    code, output = _cleanup(tmp_path / "cl.sql")
    if found:
        assert (code, "acls (for access_control_lists)" in output) == (0, True), output
    else:
        assert code == 2, output
        assert "no compatibility view to drop in the files" in output


def test_sqlite_keeps_the_marker_in_the_view_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite_master keeps a view's text as written, migrate's comment included."""
    import sqlite3

    old = "CREATE TABLE acls (id integer PRIMARY KEY, k text);\n"
    root = _app(tmp_path / "app", monkeypatch, config=CONFIG.replace("postgres", "sqlite"), old=old)
    forward = tmp_path / "fwd.sql"
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "-o", str(forward)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "app.db") as conn:
        conn.executescript(old + _script(forward))
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type IN ('table', 'view') AND sql IS NOT NULL"
        ).fetchall()
    dump = "".join(f"{sql};\n" for (sql,) in rows)
    assert "/* dbnamelint compatibility view of access_control_lists */" in dump
    (root / "db" / "structure.sql").write_text(dump)
    # no plan: the marker alone
    root.joinpath("dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n")
    (root / "whitelist.yaml").unlink()
    code, output = _cleanup(tmp_path / "cl.sql")
    assert (code, "acls (for access_control_lists)" in output) == (0, True), output
