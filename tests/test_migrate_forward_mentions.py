"""The forward script says which routine bodies it leaves naming an old name.

Trial s32 outline: ``migrate --phase 1 -o f.sql`` renamed
``documents."searchVector"``; the note that the trigger function
``documents_search_trigger`` still names it (``NEW."searchVector"``) went to
standard error alone, and ``f.sql`` said nothing. Once the script ran,
every write to the table failed (``record "new" has no field
"searchVector"``). The forward script's header now carries the same list as
``-- warning:`` lines (:func:`dbnamelint.services.migrate.service._mention_lines`).

Oracle: PostgreSQL 15 runs the schema and the saved forward script, then
fails the write exactly as the warning says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, SqlFailed

SCHEMA = """CREATE TABLE documents (id int PRIMARY KEY, title text, "searchVector" tsvector);
CREATE FUNCTION documents_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('english', coalesce(NEW.title, ''));
  RETURN NEW;
END
$$;
CREATE TRIGGER documents_tsvectorupdate BEFORE INSERT OR UPDATE ON documents
  FOR EACH ROW EXECUTE FUNCTION documents_search_trigger();
"""


def _run(*args: str) -> str:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.output


def test_the_saved_forward_script_warns(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001_schema.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    _run("whitelist", "init")
    _run("migrate", "--phase", "1", "-o", "forward.sql")
    forward = (tmp_path / "forward.sql").read_text(encoding="utf-8")
    assert 'RENAME COLUMN "searchVector" TO "search_vector"' in forward
    warning = "-- warning: db/001_schema.sql:4: function mentions searchVector"
    assert warning in forward, forward
    with pg.fresh_database("forward_mentions") as db:
        pg.run(sql=SCHEMA, dbname=db)
        pg.run(files=[tmp_path / "forward.sql"], dbname=db)
        with pytest.raises(SqlFailed) as failed:
            pg.run(sql="INSERT INTO documents (id, title) VALUES (1, 'x');", dbname=db)
    assert 'record "new" has no field "searchVector"' in str(failed.value)
