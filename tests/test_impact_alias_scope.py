"""``impact``: ``x.col`` is the renamed column only when ``x`` is its table (concourse #1).

A column renamed on one table (``resource_disabled_versions.version_md5``)
keeps its old name live on another (``resource_config_versions``). Code
qualifying the name by an alias (``v.version_md5``) means the table the
alias is declared for: in the same SQL string (``FROM
resource_config_versions v``), or, in a squirrel chain, in another string
of the same chain (``.From("resource_config_versions v")``), which squirrel
writes into the same statement. Such a use of the other table is no
reference; one whose alias is bound to no table in sight is no sure one
(plain, never patched) while another table has the column. A bare name is
the column of the table of its query level that has it now.

Oracle: a real PostgreSQL (``DBNAMELINT_TEST_PG``) prepares every patched
statement on the renamed schema, and refuses the statement as a blind
rename of every ``version_md5`` would have written it. The Go code is
modelled on concourse's ``atc/db`` queries, not copied. Searches run
through the real ``git grep``, patches through ``git apply``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact import squirrel
from dbnamelint.impact.scan import UNRESOLVED_COLUMN_QUALIFIER
from git_helpers import committed_repo, git
from test_impact_contexts import _apply, _refs

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = """\
CREATE TABLE resources (id int PRIMARY KEY, resource_config_scope_id int);
CREATE TABLE resource_config_versions (
    id int PRIMARY KEY,
    resource_config_scope_id int,
    version text,
    version_md5 text,
    version_sha256 text
);
CREATE TABLE resource_disabled_versions (resource_id int, version_md5 text);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Digests", status: open}
entries:
  - {kind: column, name: resource_disabled_versions.version_md5, phase: "1", target: version_digest}
"""
#: What the rename phase's migration does.
FORWARD = "ALTER TABLE resource_disabled_versions RENAME COLUMN version_md5 TO version_digest;"

VERSIONS_GO = """\
package store

import (
\tsq "github.com/Masterminds/squirrel"
)

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// A version is enabled unless its resource disabled its digest.
const enabledClause = `
\tNOT EXISTS (
\t\tSELECT 1
\t\tFROM resource_disabled_versions dv, resources res
\t\tWHERE dv.version_md5 IN (v.version_md5, v.version_sha256)
\t\tAND res.resource_config_scope_id = v.resource_config_scope_id
\t\tAND res.id = dv.resource_id
\t)`

const disabledDigests = `
\tSELECT dv.version_md5
\tFROM resource_disabled_versions AS dv
\tJOIN resource_config_versions v ON v.version_md5 = dv.version_md5
\tWHERE dv.resource_id = $1`

func enabledVersions() {
\tpsql.Select("v.id").
\t\tFrom("resource_config_versions v").
\t\tWhere(enabledClause)
}

func disabledVersions() {
\tpsql.Select("v.id", "dv.version_md5").
\t\tFrom("resources r").
\t\tJoin("resource_config_versions v ON v.resource_config_scope_id = r.resource_config_scope_id").
\t\tLeftJoin("resource_disabled_versions dv ON dv.version_md5 = v.version_md5").
\t\tWhere(sq.Expr("COALESCE(v.version_md5, v.version_sha256) IS NOT NULL"))
}

func digests() {
\tpsql.Select("COALESCE(v.version_md5, v.version_sha256)").
\t\tFrom("resource_config_versions v")
}
"""
GO = "store/versions.go"


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def make(files: dict[str, str]) -> Path:
        every = {"dbnamelint.yaml": CONFIG, "db/001_init.sql": SCHEMA, **files}
        return committed_repo(tmp_path / "repo", every, monkeypatch)

    return make


def _statements(go: str) -> list[str]:
    """The SQL each function's squirrel chain writes (its strings in squirrel's
    order; a constant argument is the constant's text), and each constant
    that is a statement of its own."""
    constants = dict(re.findall(r"const (\w+) = `([^`]*)`", go))
    clauses = {"Select": "SELECT", "From": "FROM", "Join": "JOIN", "LeftJoin": "LEFT JOIN"}
    out = [text for text in constants.values() if text.strip().startswith("SELECT")]
    for body in go.split("\nfunc ")[1:]:
        parts: dict[str, list[str]] = {}
        calls = re.findall(r"\b(Select|From|Join|LeftJoin|Where)\((.*)\)\.?$", body, re.M)
        for name, args in calls:
            words = re.findall(r'"([^"]*)"|(?<![\w."])([a-z]\w*)(?![\w.(])', args)
            values = [quoted or constants[ident] for quoted, ident in words]
            parts.setdefault(name, []).append(", ".join(values))
        sql = f"SELECT {parts['Select'][0]} FROM {parts['From'][0]}"
        for name in ("Join", "LeftJoin"):
            sql += "".join(f" {clauses[name]} {join}" for join in parts.get(name, []))
        if "Where" in parts:
            sql += " WHERE " + " AND ".join(f"({w})" for w in parts["Where"])
        out.append(sql)
    return out


def _prepare(pg: Any, db: str, statements: list[str]) -> None:
    for number, statement in enumerate(statements):
        pg.run(sql=f"PREPARE q{number} AS {statement}", dbname=db)


def test_an_alias_of_another_table_is_no_use_and_the_patched_queries_run(
    make_repo: Any, pg: Any
) -> None:
    root = make_repo({"whitelist.yaml": WHITELIST, GO: VERSIONS_GO})
    refs = _refs(root)
    lines = VERSIONS_GO.splitlines()

    def at(fragment: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if fragment in line)

    assert {(r[1], r[3], r[4]) for r in refs} == {
        # dv is declared in the same string as resource_disabled_versions.
        (at("WHERE dv.version_md5 IN"), "high", "SQL (table.column)"),
        (at("SELECT dv.version_md5"), "high", "SQL (table.column)"),
        (at("JOIN resource_config_versions v ON"), "high", "SQL (table.column)"),
        # The squirrel chain declares dv in its LeftJoin string.
        (at('psql.Select("v.id", "dv.version_md5")'), "high", "SQL (table.column)"),
        (at("LeftJoin("), "high", "SQL (table.column)"),
        # The clause's v is declared in the code that uses the constant: not in sight.
        (at("WHERE dv.version_md5 IN"), "plain", UNRESOLVED_COLUMN_QUALIFIER),
    }
    # Every v.version_md5 whose v is resolved is resource_config_versions': no reference.
    assert len([r for r in refs if r[3] == "high"]) == 5

    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    row = at("WHERE dv.version_md5 IN")
    column = lines[row - 1].index("(v.version_md5") + 4
    assert (
        f"{GO}:{row}:{column}: version_md5 left as written: its qualifier "
        "is bound to no table in sight and another table has a column version_md5 too"
    ) in result.stderr
    _apply(root)
    patched = (root / GO).read_text(encoding="utf-8")
    assert patched.count("version_digest") == 5
    assert "dv.version_digest IN (v.version_md5, v.version_sha256)" in patched
    assert "v.version_md5 = dv.version_digest" in patched
    assert "COALESCE(v.version_md5, v.version_sha256)" in patched

    statements = _statements(patched)
    assert len(statements) == 4
    with pg.fresh_database("dbnl_impact_alias_scope") as db:
        pg.run(sql=SCHEMA, dbname=db)
        _prepare(pg, db, _statements(VERSIONS_GO))  # the code as written runs before
        pg.run(sql=FORWARD, dbname=db)
        _prepare(pg, db, statements)
        # The premise: renamed wherever it is written, the other table's column is gone.
        blind = statements[0].replace("version_md5", "version_digest")
        with pytest.raises(Exception, match=r"column v\.version_digest does not exist"):
            pg.run(sql=f"PREPARE blind AS {blind}", dbname=db)


RENAMED = """\
ALTER TABLE resource_disabled_versions RENAME COLUMN version_md5 TO version_digest;
"""
STALE_GO = """\
package store

const lookups = []string{
\t`SELECT dv.resource_id FROM resource_disabled_versions dv
\t JOIN resource_config_versions v ON v.id = dv.resource_id
\t WHERE version_md5 = $1`,
\t`SELECT resource_id FROM resource_disabled_versions WHERE version_md5 = $1`,
}
"""
#: The same in squirrel chains: a Where string sits at the level the chain's
#: From and Join make.
STALE_CHAIN_GO = """\
package store

import sq "github.com/Masterminds/squirrel"

func lookup(psql sq.StatementBuilderType) {
\tpsql.Select("dv.resource_id").
\t\tFrom("resource_disabled_versions dv").
\t\tJoin("resource_config_versions v ON v.id = dv.resource_id").
\t\tWhere("version_md5 = ?", "md5-a")
\tpsql.Select("resource_id").
\t\tFrom("resource_disabled_versions").
\t\tWhere("version_md5 = ?", "md5-a")
}
"""


def test_a_bare_name_renamed_on_its_table_is_the_other_tables_column(
    make_repo: Any, pg: Any
) -> None:
    # The schema renamed the column already: at a query level reading both tables,
    # PostgreSQL resolves the bare version_md5 to the one table that has it now.
    chain = "store/chain.go"
    root = make_repo({"db/002_digest.sql": RENAMED, GO: STALE_GO, chain: STALE_CHAIN_GO})
    assert {(r[0], r[1], r[3]) for r in _refs(root) if r[2] == "version_md5"} == {
        (GO, 7, "high"),
        (chain, 12, "high"),
    }
    result = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert result.exit_code == 0, result.stderr
    (root / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", "fix.patch")
    patched = (root / GO).read_text(encoding="utf-8")
    statements = re.findall(r"`([^`]*)`", patched)
    assert "WHERE version_md5 = $1" in statements[0]
    assert "WHERE version_digest = $1" in statements[1]
    rows = (
        "INSERT INTO resources VALUES (1, 1);"
        "INSERT INTO resource_config_versions VALUES (1, 1, '{}', 'md5-a', 'sha-a');"
        "INSERT INTO resource_disabled_versions VALUES (1, 'sha-a');"
    )
    with pg.fresh_database("dbnl_impact_alias_bare") as db:
        pg.run(sql=SCHEMA + RENAMED + rows, dbname=db)
        _prepare(pg, db, statements)
        lookup = statements[0].replace("$1", "'md5-a'")
        assert pg.query_json(lookup, dbname=db) == [{"resource_id": 1}]
        # The premise: renamed, it would run all the same, reading the other table's
        # column: the row whose version has that md5 is no longer found.
        blind = lookup.replace("version_md5", "version_digest")
        assert pg.query_json(blind, dbname=db) == []


def test_squirrel_chain_aliases() -> None:
    go = """\
package x

import sq "github.com/Masterminds/squirrel"

func f() {
\tsq.Select("a.c", "b.c").From("one a, \\"two\\" AS b").Join("three x ON x.id = a.id").
\t\tJoin("four x ON x.id = b.id")
}
"""
    found = squirrel.clauses("x.go", go)
    assert found
    assert dict(found[0].aliases) == {"a": "one", "b": "two", "x": ""}
