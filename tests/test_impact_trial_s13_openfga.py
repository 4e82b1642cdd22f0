"""``impact`` after the OpenFGA trial (s13): squirrel chains gofmt splits, and model DSLs.

#1 OpenFGA builds its queries with squirrel (github.com/Masterminds/squirrel),
gofmt laying a chain out over lines: ``stbl.\\n Insert("changelog").\\n
Columns(\\n "store",\\n "_user",\\n ...)``. Only one-line chains were read, so
``--diff`` renamed ``changelog._user`` in ``Select(...)`` and left it in
``Columns(...)``: the INSERT failed on the migrated schema. Every column
string of a chain (``Select``/``Columns``/``GroupBy``/``OrderBy`` arguments,
``Set``'s and ``Where``'s/``Suffix``'s first, the keys of ``sq.Eq{...}``-style
predicates and of ``SetMap``'s map, a ``Join``'s condition) is SQL of the
tables the chain names now, however its lines break.
#2 An OpenFGA authorization model in a Go raw string (``define
can_call_write: [application] or writer or writer from store``) was a
high-confidence SQL reference to the table ``store``, and ``--diff`` rewrote
the model. A string over several lines is SQL only when it opens as SQL does.

The oracle for #1 is PostgreSQL: the statements squirrel builds from the
chains (``INSERT INTO t (c1,c2,c3) VALUES (...) <Suffix>``, ``UPDATE t SET c =
...  WHERE k = ...``, ``SELECT ... FROM t JOIN <join> WHERE ... GROUP BY ...
ORDER BY ...``: squirrel's README and its builders' ``ToSql``) run on the
original schema as written, fail on the migrated one as written, and run there
once patched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import committed_repo, git
from pg_server import PgServer, SqlFailed

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = """\
CREATE TABLE store (id text PRIMARY KEY, name text);
CREATE TABLE changelog (store text NOT NULL, _user text NOT NULL, note text);
CREATE TABLE tuple (store text NOT NULL, _user text NOT NULL);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Keys", status: open}
entries:
  - {kind: column, name: changelog._user, phase: "1", target: user_key}
  - {kind: table, name: store, phase: "1", target: stores}
"""
CHAINS_GO = """\
package storage

import (
	"context"
	"encoding/json"
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

func insertChange(ctx context.Context, stbl sq.StatementBuilderType, store, user string) {
	_, _ = stbl.
		Insert("changelog").
		Columns(
			"store",
			"_user",
			"note",
		).
		Values(store, user, "n").
		Suffix("RETURNING _user").
		ExecContext(ctx)
}

func updateChange(ctx context.Context, stbl sq.StatementBuilderType, store, user, note string) {
	_, _ = stbl.Update("changelog").
		Set("_user", user).
		SetMap(map[string]interface{}{
			"note": note,
		}).
		Where(sq.Eq{
			"_user": user,
			"store": store,
		}).
		ExecContext(ctx)
}

func setMap(ctx context.Context, stbl sq.StatementBuilderType, user string) {
	_, _ = stbl.Update("changelog").
		SetMap(map[string]interface{}{
			"_user": user,
		}).
		ExecContext(ctx)
}

func readChanges(ctx context.Context, stbl sq.StatementBuilderType, user, none, like string) {
	_, _ = stbl.
		Select(
			"store",
			"_user",
		).
		From("changelog").
		Where("_user = ?", user).
		Where(sq.And{sq.NotEq{"_user": none}, sq.Like{"note": like}}).
		GroupBy("store", "_user").
		OrderBy("_user DESC").
		QueryContext(ctx)
}

func joined(ctx context.Context, stbl sq.StatementBuilderType) {
	_, _ = stbl.Select("_user", "name").
		From("store").
		Join("changelog ON changelog.store = store.id").
		QueryContext(ctx)
}

func others(ctx context.Context, stbl sq.StatementBuilderType, user string) string {
	_, _ = stbl.Select("_user").From("tuple").Where(sq.Eq{"_user": user}).QueryContext(ctx)
	labels := map[string]string{"_user": "User"}
	b, _ := json.Marshal(map[string]interface{}{"_user": user})
	return fmt.Sprint(labels, "copy _user from the request", b)
}

func filtered(ctx context.Context, stbl sq.StatementBuilderType, user string) {
	sb := stbl.Select("store").
		From("changelog")
	if user != "" {
		sb = sb.Where(sq.Eq{"_user": user})
	}
	sb = sb.OrderBy("store")
	_, _ = sb.QueryContext(ctx)
}

func filteredTuples(ctx context.Context, stbl sq.StatementBuilderType, user string) {
	sb := stbl.Select("store").From("tuple")
	sb = sb.Where(sq.Eq{"_user": user})
	_, _ = sb.QueryContext(ctx)
}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "db/001_init.sql": SCHEMA,
        "whitelist.yaml": WHITELIST,
        "pkg/storage/changelog.go": CHAINS_GO,
    }
    return committed_repo(tmp_path / "openfga", files, monkeypatch)


def _found(repo: Path, name: str) -> set[tuple[str, int, int, str, str]]:
    """(path, line, column, confidence, context) of each reference to ``name``."""
    impact = collect_impact(load_settings(cwd=repo), repo)
    return {
        (r.path, r.line, r.column, r.confidence, r.context)
        for r in impact.references
        if r.target.name == name
    }


def test_every_column_string_of_a_split_chain_is_its_tables_column(repo: Path) -> None:
    found = {(line, conf, ctx) for _p, line, _c, conf, ctx in _found(repo, "changelog._user")}
    assert found == {
        (16, "high", "SQL"),  # Columns(\n "store",\n "_user",
        (20, "high", "SQL"),  # Suffix("RETURNING _user")
        (26, "high", "SQL"),  # Set("_user", user)
        (31, "high", "SQL"),  # sq.Eq{\n "_user": user,
        (40, "high", "SQL"),  # SetMap(map[string]interface{}{\n "_user": user,
        (49, "high", "SQL"),  # Select(\n "store",\n "_user",
        (52, "high", "SQL"),  # Where("_user = ?", user)
        (53, "high", "SQL"),  # sq.And{sq.NotEq{"_user": none}, ...}
        (54, "high", "SQL"),  # GroupBy("store", "_user")
        (55, "high", "SQL"),  # OrderBy("_user DESC")
        (60, "high", "SQL"),  # Select("_user", "name").From("store").Join("changelog ON ...")
        # A map of labels, JSON, a message: no squirrel column of changelog.
        (68, "plain", "text"),
        (69, "plain", "text"),
        (70, "plain", "text"),
        (77, "high", "SQL"),  # sb = sb.Where(sq.Eq{...}), sb := ...From("changelog") above
        # Line 67's chain and line 85's sb read tuple, which has a _user: no reference.
    }
    store = {(line, conf, ctx) for _p, line, _c, conf, ctx in _found(repo, "store")}
    assert (61, "high", "Go query builder") in store  # From("store")
    assert (62, "high", "SQL (table qualifier)") in store  # Join("... = store.id")
    assert {(line, conf) for line, conf, _ctx in store if conf == "high"} == {
        (61, "high"),
        (62, "high"),
    }  # "store" the column (Columns, Eq keys, GroupBy) is no table


def _strings(text: str, function: str) -> list[str]:
    """The contents of the Go string literals of ``function``'s body, in order."""
    body = text.split(f"func {function}(", 1)[1].split("\n}\n", 1)[0]
    return re.findall(r'"((?:[^"\\]|\\.)*)"', body.split("\n", 1)[1])


def _statements(text: str) -> list[str]:
    """The SQL squirrel builds from each chain of ``text`` (placeholders filled)."""
    t, c1, c2, c3, _n, suffix = _strings(text, "insertChange")
    u_t, u_set, u_map, u_k1, u_k2 = _strings(text, "updateChange")
    m_t, m_key = _strings(text, "setMap")
    s1, s2, s_t, s_where, s_ne, s_like, g1, g2, order = _strings(text, "readChanges")
    j1, j2, j_from, j_join = _strings(text, "joined")
    f1, f_t, _empty, f_key, f_order = _strings(text, "filtered")
    return [
        f"INSERT INTO {t} ({c1},{c2},{c3}) VALUES ('s1','u1','n') {suffix}",
        f"UPDATE {u_t} SET {u_set} = 'u2', {u_map} = 'n2' WHERE {u_k1} = 'u1' AND {u_k2} = 's1'",
        f"UPDATE {m_t} SET {m_key} = 'u3'",
        f"SELECT {s1}, {s2} FROM {s_t} WHERE {s_where.replace('?', chr(39) + 'u3' + chr(39))}"
        f" AND ({s_ne} <> '' AND {s_like} LIKE '%') GROUP BY {g1}, {g2} ORDER BY {order}",
        f"SELECT {j1}, {j2} FROM {j_from} JOIN {j_join}",
        f"SELECT {f1} FROM {f_t} WHERE {f_key} = 'u1' ORDER BY {f_order}",
    ]


MISSING = r'column "_user" (?:of relation "changelog" )?does not exist'


def _run_all(pg: PgServer, db: str, statements: list[str]) -> None:
    for statement in statements:
        pg.run(sql=statement, dbname=db)


def test_patched_chains_run_on_the_migrated_schema(
    repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    source = repo / "pkg/storage/changelog.go"
    written_as = _statements(source.read_text(encoding="utf-8"))
    seed = "INSERT INTO store VALUES ('s1', 'one');"
    with pg.fresh_database("dbnl_s13_fga_before") as db:
        pg.run(files=[repo / "db/001_init.sql"], sql=seed, dbname=db)
        _run_all(pg, db, written_as)  # the chains' SQL is valid on the original schema
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    (forward,) = sorted((repo / "db").glob("002_*.sql"))
    forward_sql = forward.read_text(encoding="utf-8")
    git(repo, "checkout", "--", "db")
    git(repo, "clean", "-fdq", "db", "rollbacks")
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    patched = _statements(source.read_text(encoding="utf-8"))
    assert patched[0] == (
        "INSERT INTO changelog (store,user_key,note) VALUES ('s1','u1','n') "
        "RETURNING user_key AS _user"
    )
    assert patched[4] == (
        "SELECT user_key, name FROM stores JOIN changelog ON changelog.store = stores.id"
    )
    with pg.fresh_database("dbnl_s13_fga_after") as db:
        pg.run(files=[repo / "db/001_init.sql"], sql=seed, dbname=db)
        pg.run(sql=forward_sql, dbname=db)
        for statement in written_as:  # as written, each fails on the migrated schema
            with pytest.raises(SqlFailed, match=MISSING):
                pg.run(sql=statement, dbname=db)
        _run_all(pg, db, patched)
    text = source.read_text(encoding="utf-8")
    # The other table's chain and the non-squirrel maps and message are left.
    assert 'stbl.Select("_user").From("tuple").Where(sq.Eq{"_user": user})' in text
    assert '\tsb = sb.Where(sq.Eq{"user_key": user})\n' in text
    assert '\tsb = sb.Where(sq.Eq{"_user": user})\n' in text  # filteredTuples
    assert 'map[string]string{"_user": "User"}' in text
    assert 'map[string]interface{}{"_user": user})' in text
    assert '"copy _user from the request"' in text


# -- #2: a model DSL in a multi-line string ---------------------------------------

MODEL_GO = """\
package server

const model = `
	model
		schema 1.1
	type module
		relations
			define can_call_write: [application] or writer or writer from store
			define store: [store]
			define reader: select from store where x = 1
`

const query = `
	SELECT id, name
	FROM store
	WHERE id = $1`

var piece = "SELECT id" + " FROM store WHERE " + "id = $1"
"""
MODEL_ONLY = MODEL_GO.split("\nconst query", maxsplit=1)[0]
MODEL_TS = """\
export const model = `
  type document
    relations
      define viewer: [user] or viewer from store
`;
export const sql = `
  DELETE FROM store
  WHERE id = $1
`;
"""
MODEL_PY = '''\
HELP = """
Copies every row from store into the archive,
then joins store with its owners.
"""
QUERY = """
    -- the stores
    select id, name
    from store
"""
'''
# Strings the lexer does not know (C#'s verbatim @"...", C++'s raw R"(...)"
# over lines): their SQL words still decide, as before.
VERBATIM_CS = (
    'class Repo {\n    const string Sql = @"\n        SELECT id\n        FROM store";\n}\n'
)
RAW_CPP = 'const char* q = R"(\n  SELECT id\n  FROM store\n)";\n'
MODELS = {
    "pkg/server/authz_test.go": MODEL_GO,
    "web/model.ts": MODEL_TS,
    "app/notes.py": MODEL_PY,
    "app/Repo.cs": VERBATIM_CS,
    "app/q.cpp": RAW_CPP,
}


def _models_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    every = {"dbnamelint.yaml": CONFIG, "db/001_init.sql": SCHEMA, "whitelist.yaml": WHITELIST}
    return committed_repo(tmp_path / "models", {**every, **files}, monkeypatch)


def test_a_model_dsl_in_a_multiline_string_is_text_and_sql_stays_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _models_repo(tmp_path, monkeypatch, MODELS)
    high = {(p, line) for p, line, _c, conf, _ctx in _found(repo, "store") if conf == "high"}
    assert high == {
        ("pkg/server/authz_test.go", 15),  # FROM store in a raw string opening with SELECT
        ("pkg/server/authz_test.go", 18),  # " FROM store WHERE ": a piece of a query
        ("web/model.ts", 7),  # DELETE FROM store
        ("app/notes.py", 8),  # from store, after a SQL comment and select
        ("app/Repo.cs", 4),
        ("app/q.cpp", 3),
    }
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    go = (repo / "pkg/server/authz_test.go").read_text(encoding="utf-8")
    assert "or writer from store\n" in go and "select from store where x = 1\n" in go
    assert "\tFROM stores\n" in go and '" FROM stores WHERE "' in go
    assert "or viewer from store\n" in (repo / "web/model.ts").read_text(encoding="utf-8")
    notes = (repo / "app/notes.py").read_text(encoding="utf-8")
    assert "every row from store into" in notes and "    from stores\n" in notes


def test_a_model_dsl_does_not_block_the_cleanup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _models_repo(tmp_path, monkeypatch, {"pkg/server/authz_test.go": MODEL_ONLY})
    assert "define reader" in (repo / "pkg/server/authz_test.go").read_text(encoding="utf-8")
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    cleanup = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--cleanup", "--write"])
    assert "code still uses" not in cleanup.stderr
    assert cleanup.exit_code == 0, cleanup.stderr
