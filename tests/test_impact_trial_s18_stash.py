# ruff: noqa: E501  (stash's Go lines are kept whole, as the project writes them)
"""``impact`` after the stash trial (s18): SQL whose table the code fills in, and goqu.

stash (Go, SQLite) renamed ``primary`` -> ``is_primary`` on three join tables.
``impact`` rated only the ``db:"primary"`` struct tags high; the queries
that break were plain text: ``fmt.Sprintf("SELECT file_id, `primary` from
%s WHERE ...", r.tableName)`` (its table filled in at run time), the fragment
``" AND `primary` = 1"`` pasted into it, and goqu's column strings
(``scenesFilesJoinTable.Col("primary")``, ``.Cols(..., "primary", ...)``,
``goqu.Record{"primary": 0}``). ``--diff`` renamed the tags and left the
SELECT a few lines above them reading ``primary``. A column in a column
position of SQL (quoted, or in a select list, condition, ``SET`` or column
list) whose table the code names at run time is now that column's,
high confidence, when every table the schema has with such a column renames
it to one new name; goqu's strings are its columns, as squirrel's are.

The oracle is SQLite (Python's ``sqlite3``): the rename migration ``dbnamelint
migrate`` writes runs on the schema; the statements the code builds from its
strings (``fmt.Sprintf``'s formatting; goqu's sqlite3 dialect, which quotes
identifiers with backticks: ``INSERT INTO `t` (`a`, `b`) VALUES ...``,
``UPDATE `t` SET `c`=1``, ``WHERE (`c` = 1)``, ``(`t`.`c` = 1)``) run on the
schema as written, fail on the renamed one as written, and run there once
patched. The patch goes through the real ``git apply``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.sqlscope import SqlText
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

CONFIG = "paths: [db]\ndialect: sqlite\n"
SCHEMA = """\
CREATE TABLE scenes (id INTEGER PRIMARY KEY);
CREATE TABLE files (id INTEGER PRIMARY KEY, basename TEXT);
CREATE TABLE scenes_files (scene_id INTEGER, file_id INTEGER, `primary` BOOLEAN NOT NULL DEFAULT 0);
CREATE TABLE images_files (image_id INTEGER, file_id INTEGER, `primary` BOOLEAN NOT NULL DEFAULT 0);
"""
SEED = """\
INSERT INTO scenes (id) VALUES (1);
INSERT INTO files (id, basename) VALUES (7, 'a.mp4');
INSERT INTO scenes_files VALUES (1, 7, 1);
INSERT INTO images_files VALUES (1, 7, 1);
"""


def _whitelist(images_target: str = "is_primary") -> str:
    return (
        'phases:\n  - {id: "1", title: "Files", status: open}\nentries:\n'
        '  - {kind: column, name: scenes_files.primary, phase: "1", target: is_primary}\n'
        '  - {kind: column, name: images_files.primary, phase: "1", '
        f"target: {images_target}}}\n"
    )


# pkg/sqlite/repository.go as stash writes it (trimmed).
REPOSITORY_GO = """\
package sqlite

import "fmt"

type filesRepository struct {
	tableName string
	idColumn  string
}

type relatedFileRow struct {
	ID      int  `db:"id"`
	FileID  int  `db:"file_id"`
	Primary bool `db:"primary"`
}

func (r *filesRepository) getManyQuery(primaryOnly bool) string {
	var primaryClause string
	if primaryOnly {
		primaryClause = " AND `primary` = 1"
	}

	query := fmt.Sprintf("SELECT %s as id, file_id, `primary` from %s WHERE %[1]s IN %[3]s%s", r.idColumn, r.tableName, "(1)", primaryClause)
	return query
}

func (r *filesRepository) getQuery() string {
	return fmt.Sprintf("SELECT file_id, `primary` from %s WHERE %s = ?", r.tableName, r.idColumn)
}
"""
# pkg/sqlite/table.go and scene.go's goqu builders (trimmed).
TABLE_GO = """\
package sqlite

import (
	"github.com/doug-martin/goqu/v9"
	"github.com/doug-martin/goqu/v9/exp"
)

const scenesFilesTable = "scenes_files"

var (
	dialect              = goqu.Dialect("sqlite3")
	scenesFilesJoinTable = goqu.T(scenesFilesTable)
)

type relatedFilesTable struct {
	table    exp.IdentifierExpression
	idColumn string
}

func (t *relatedFilesTable) insertJoin(id int, primary bool, fileID int) *goqu.InsertDataset {
	return dialect.Insert(t.table).Cols(t.idColumn, "primary", "file_id").Vals(
		goqu.Vals{id, primary, fileID},
	)
}

func (t *relatedFilesTable) setPrimary(fileID int) *goqu.UpdateDataset {
	return dialect.Update(t.table).Prepared(true).Set(goqu.Record{
		"primary": 1,
	}).Where(t.table.Col("file_id").Eq(fileID))
}

func primaryFiles() *goqu.SelectDataset {
	return dialect.From(goqu.T("scenes")).LeftJoin(
		scenesFilesJoinTable,
		goqu.On(
			scenesFilesJoinTable.Col("scene_id").Eq(goqu.I("scenes.id")),
			scenesFilesJoinTable.Col("primary").Eq(1),
		),
	)
}

func primaryOf(t exp.IdentifierExpression) *goqu.SelectDataset {
	return dialect.From(t).Select(t.Col("file_id")).Where(goqu.Ex{"primary": 1}, goqu.C("primary").Eq(1))
}

func scenePrimary() *goqu.SelectDataset {
	return dialect.From("scenes_files").Where(goqu.I("scenes_files.primary").Eq(1))
}
"""
JOIN_TABLES = {"scenes_files": "scene_id", "images_files": "image_id"}


def _go_sprintf(form: str, args: list[str]) -> str:
    """Go's ``fmt.Sprintf`` for ``%s`` and ``%[n]s`` verbs (fmt: an explicit
    index sets the argument the verb and the verbs after it take)."""
    n = 0

    def verb(m: re.Match[str]) -> str:
        nonlocal n
        if m.group(1):
            n = int(m.group(1)) - 1
        n += 1
        return args[n - 1]

    return re.sub(r"%(?:\[(\d+)\])?s", verb, form)


def _literal(text: str, pattern: str) -> str:
    """The content of the Go string literal ``pattern`` (a regex with one group) finds."""
    found = re.search(pattern, text)
    assert found is not None, pattern
    return found.group(1)


def _statements(root: Path) -> list[str]:
    """The SQL the code of ``root`` runs, from its strings as they now stand."""
    repo = (root / "pkg/sqlite/repository.go").read_text(encoding="utf-8")
    table = (root / "pkg/sqlite/table.go").read_text(encoding="utf-8")
    clause = _literal(repo, r'primaryClause = "([^"]*)"')
    many = _literal(repo, r'query := fmt\.Sprintf\("([^"]*)"')
    one = _literal(repo, r'return fmt\.Sprintf\("([^"]*)"')
    out = []
    for join_table, id_column in JOIN_TABLES.items():
        out.append(_go_sprintf(many, [id_column, join_table, "(1)", clause]))
        out.append(_go_sprintf(one, [join_table, id_column]).replace("?", "1"))
        cols = re.findall(r'"(\w+)"', _literal(table, r"\.Cols\(([^)]*)\)"))
        out.append(
            f"INSERT INTO `{join_table}` (`{id_column}`, `{cols[0]}`, `{cols[1]}`) VALUES (1, 1, 7)"
        )
        key = _literal(table, r'goqu\.Record\{\s*"(\w+)"')
        out.append(f"UPDATE `{join_table}` SET `{key}`=1 WHERE (`{join_table}`.`file_id` = 7)")
        ex = _literal(table, r'goqu\.Ex\{"(\w+)"')
        c = _literal(table, r'goqu\.C\("(\w+)"\)')
        out.append(
            f"SELECT `{join_table}`.`file_id` FROM `{join_table}` "
            f"WHERE ((`{ex}` = 1) AND (`{c}` = 1))"
        )
    col = re.findall(r'scenesFilesJoinTable\.Col\("(\w+)"\)', table)
    out.append(
        "SELECT * FROM `scenes` LEFT JOIN `scenes_files` ON "
        f"((`scenes_files`.`{col[0]}` = `scenes`.`id`) AND (`scenes_files`.`{col[1]}` = 1))"
    )
    qualified = _literal(table, r'goqu\.I\("scenes_files\.(\w+)"\)')
    out.append(f"SELECT * FROM `scenes_files` WHERE (`scenes_files`.`{qualified}` = 1)")
    return out


def _run(root: Path, statements: list[str], *, renamed: bool) -> None:
    """Run ``statements`` on the schema (renamed by the migration ``migrate``
    wrote when ``renamed``); an error raises sqlite3.OperationalError."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA + SEED)
        if renamed:
            for path in sorted((root / "db").glob("*.sql"))[1:]:
                conn.executescript(path.read_text(encoding="utf-8"))
        for statement in statements:
            conn.execute(statement).fetchall()
    finally:
        conn.close()


@pytest.fixture
def stash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": _whitelist(),
        "db/001_init.sql": SCHEMA,
        "pkg/sqlite/repository.go": REPOSITORY_GO,
        "pkg/sqlite/table.go": TABLE_GO,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs(*args: str) -> list[tuple[str, int, str, str]]:
    data = impact_json("--phase", "1", *args)
    return sorted(
        {(i["path"], i["line"], i["confidence"], i["context"]) for obj, i in impact_items(data)}
    )


UNSEEN = "SQL (table filled in at run time; every table's column renamed alike)"


def test_sql_whose_table_is_filled_in_and_goqus_columns_are_high(stash: Path) -> None:
    refs = _refs()
    assert [r for r in refs if r[0].endswith("repository.go")] == [
        ("pkg/sqlite/repository.go", 13, "high", "Go struct tag db"),
        ("pkg/sqlite/repository.go", 19, "high", UNSEEN),  # the fragment
        ("pkg/sqlite/repository.go", 22, "high", UNSEEN),  # FROM %s
        ("pkg/sqlite/repository.go", 27, "high", UNSEEN),
    ]
    assert [r for r in refs if r[0].endswith("table.go")] == [
        ("pkg/sqlite/table.go", 20, "plain", "text"),  # a Go parameter, primary bool
        ("pkg/sqlite/table.go", 21, "high", UNSEEN),  # .Cols(t.idColumn, "primary", ...)
        ("pkg/sqlite/table.go", 22, "plain", "text"),  # goqu.Vals{id, primary, fileID}
        ("pkg/sqlite/table.go", 28, "high", UNSEEN),  # goqu.Record{"primary": 1}
        ("pkg/sqlite/table.go", 37, "high", UNSEEN),  # scenesFilesJoinTable.Col("primary")
        ("pkg/sqlite/table.go", 43, "high", UNSEEN),  # goqu.Ex{...}, goqu.C(...) on From(t)
        ("pkg/sqlite/table.go", 47, "high", "SQL (table.column)"),  # goqu.I("scenes_files.primary")
    ]


def test_the_patched_queries_run_on_the_renamed_database(stash: Path) -> None:
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.stderr
    written = _statements(stash)
    _run(stash, written, renamed=False)  # the emulation builds what the code runs
    for statement in written:
        with pytest.raises(sqlite3.OperationalError, match="primary"):
            _run(stash, [statement], renamed=True)
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.stderr
    (stash.parent / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(stash, "apply", str(stash.parent / "fix.patch"))
    patched = _statements(stash)
    assert all("is_primary" in s for s in patched)
    _run(stash, patched, renamed=True)
    # The struct tags the rows scan into are renamed with the SELECT.
    assert (stash / "pkg/sqlite/repository.go").read_text(encoding="utf-8").count(
        'db:"is_primary"'
    ) == 1


def test_burndown_counts_the_queries_with_the_tags(stash: Path) -> None:
    result = CliRunner().invoke(cli, ["burndown", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    # Each place once: the tag, the fragment, two SELECTs and goqu's six strings.
    assert json.loads(result.stdout)["phases"][0]["code_references"] == 10


def test_different_new_names_leave_the_queries_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": _whitelist("primary_flag"),
        "db/001_init.sql": SCHEMA,
        "pkg/sqlite/repository.go": REPOSITORY_GO,
        "pkg/sqlite/table.go": TABLE_GO,
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    refs = _refs()
    # Which table the code means decides the new name: none is high but
    # the qualified goqu.I("scenes_files.primary"). The row type's tag is no
    # table's (it scans both): plain too (trial s33, harbor).
    assert [r[:3] for r in refs if r[2] == "high"] == [("pkg/sqlite/table.go", 47, "high")]
    assert ("pkg/sqlite/repository.go", 13, "plain") in [r[:3] for r in refs]
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert "`primary` from %s" not in result.stdout


def test_a_table_not_renamed_with_the_column_leaves_it_plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = SCHEMA + "CREATE TABLE performers (id INTEGER PRIMARY KEY, `primary` BOOLEAN);\n"
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": _whitelist(),
        "db/001_init.sql": schema,
        "pkg/sqlite/repository.go": REPOSITORY_GO,
        "pkg/sqlite/table.go": TABLE_GO,
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    # FROM %s may be performers, whose primary keeps its name.
    assert [r for r in _refs() if r[3] == UNSEEN] == []


def test_known_tables_and_other_files_keep_their_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = """\
package other

import "fmt"

type col struct{}

func (col) Col(name string) string { return name }

func run(c col, t string) []string {
	return []string{
		c.Col("primary"),
		"SELECT `primary` FROM files",
		fmt.Sprintf("SELECT `primary` FROM %s", "files"),
	}
}
"""
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": _whitelist(),
        "db/001_init.sql": SCHEMA,
        "pkg/other/other.go": other,
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    # No goqu import: .Col is another type's; FROM files reads a table without
    # the column; a Sprintf whose table the file shows reads that table.
    assert [r[2] for r in _refs("--min-confidence", "plain")] == ["plain", "plain", "plain"]


def test_a_double_quoted_word_is_a_string_in_mysql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = (
        'package q\n\nimport "fmt"\n\nfunc q(t string) string {\n'
        '\treturn fmt.Sprintf("SELECT id FROM %s WHERE note = \\"primary\\" OR `primary` = 1", t)\n'
        "}\n"
    )
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
        "whitelist.yaml": _whitelist(),
        "db/001_init.sql": SCHEMA.replace("INTEGER PRIMARY KEY", "INT PRIMARY KEY"),
        "q/q.go": query,
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    # MySQL reads "primary" as a string value; `primary` is the column.
    assert [(r[2], r[3]) for r in _refs("--min-confidence", "plain")] == [
        ("high", UNSEEN),
        ("plain", "text"),
    ]


def test_a_squirrel_chain_on_a_parameter_is_sql_of_a_run_time_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = """\
package q

import sq "github.com/Masterminds/squirrel"

func primaryOnly(sb sq.SelectBuilder) sq.SelectBuilder {
	return sb.Where(sq.Eq{"primary": true}).OrderBy("file_id")
}

func other(sb sq.SelectBuilder) sq.SelectBuilder {
	pred := sq.Eq{"primary": true}
	return sb.Where(pred)
}
"""
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": _whitelist(),
        "db/001_init.sql": SCHEMA,
        "q/q.go": code,
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    # squirrel's Eq keys are SQL of the builder's table, whichever it is; a
    # predicate built apart from the chain is judged as any string.
    assert [r[1:] for r in _refs("--min-confidence", "plain")] == [
        (6, "high", UNSEEN),
        (10, "plain", "text"),
    ]


@pytest.mark.parametrize(
    ("sql", "name", "expected"),
    [
        ("SELECT a, primary FROM t", "primary", True),
        ("SELECT a, `primary` FROM %s", "primary", True),
        ("UPDATE t SET flag = 1 WHERE id = ?", "flag", True),
        ("UPDATE t SET flag = 1 WHERE id = ?", "id", True),
        ("INSERT INTO t (a, flag) VALUES (?, ?)", "flag", True),
        ("SELECT * FROM t ORDER BY flag DESC", "flag", True),
        (" AND flag = 1", "flag", True),
        ("CREATE TABLE t (id INTEGER PRIMARY KEY, flag BOOLEAN)", "flag", False),
        ("SELECT count(flag) FROM t", "count", False),
        ("SELECT x.flag FROM t x", "x", False),
        ("SELECT * FROM flag", "flag", False),
        ("SELECT a AS flag FROM t", "flag", False),
    ],
)
def test_column_positions(sql: str, name: str, expected: bool) -> None:
    text = f'x := "{sql}"\n'
    parsed = SqlText.parse("x.go", text)
    at = text.index(name, text.index('"'))
    if sql.startswith("SELECT a AS"):
        at = text.rindex(name, 0, text.index("FROM"))
    assert parsed.column_position(at) is expected
