"""Trial s21 (flipt): a builder's table given as a Go constant, a table-qualified
``sq.Eq`` key, and a JSX form field spelled as an index.

1. flipt writes ``const ( tableRollouts = "rollouts" ... )`` and
   ``builder.Select("id, \\"rank\\"").From(tableRollouts)``: the chain's column
   strings were plain text (no table in sight), ``--diff`` left them, and after
   the forward script PostgreSQL said ``column "rank" does not exist``. So was
   ``OrderBy(fmt.Sprintf("\\"rank\\" %s", order))``: a Sprintf's format given to
   a column call is the chain's SQL.
2. ``sq.Eq{"flags.\\"key\\"": v}`` (rule.go): the qualifier before ``\\"`` was not
   read, so the key "may be" any table's ``key`` and was not rewritten.
3. ``<input name="key" />`` in a ``.tsx`` file was a high "index name string".

Oracles: real ``git apply`` of the patch; real PostgreSQL (after the forward
script ``migrate --write`` writes) and real MariaDB (its columns renamed, as
flipt's MySQL migrations would) preparing the SQL the patched chains build,
written here as squirrel's ``ToSql()`` writes it (the strings joined as given:
``SELECT <columns> FROM <table> WHERE <pred> ORDER BY <order>``), which the
unpatched SQL fails on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE flags (id int PRIMARY KEY, "key" varchar(10));
CREATE TABLE variants (id int PRIMARY KEY, "key" varchar(10), flag_id int);
CREATE TABLE rollouts (id int PRIMARY KEY, "rank" int);
CREATE TABLE rules (id int PRIMARY KEY, "rank" int);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: column, name: rollouts.rank, phase: "1", target: rollout_rank}
  - {kind: column, name: rules.rank, phase: "1", target: rule_rank}
  - {kind: column, name: flags.key, phase: "1", target: flag_key}
  - {kind: column, name: variants.key, phase: "1", target: variant_key}
"""
#: flipt's internal/storage/sql/common (rollout.go, rule.go), cut down.
ROLLOUT = """\
package common

import (
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

const (
	tableRollouts                 = "rollouts"
	tableRolloutPercentages       = "rollout_thresholds"
)

func getRollout(builder sq.StatementBuilderType, id string) sq.SelectBuilder {
	return builder.Select("id, \\"rank\\"").
		From(tableRollouts).
		Where(sq.Eq{"id": id})
}

func listRollouts(s *Store, order string) sq.SelectBuilder {
	return s.builder.Select("id, \\"rank\\"").
		From(tableRollouts).
		OrderBy(fmt.Sprintf("\\"rank\\" %s", order))
}

func listRules(s *Store, order string) sq.SelectBuilder {
	return s.builder.Select("id").
		From(tableRules).
		OrderBy(fmt.Sprintf("\\"rank\\" %s", order))
}

func countFlag(s *Store, key string) sq.SelectBuilder {
	return s.builder.Select("COUNT(*)").
		From("flags").
		Join("variants ON variants.flag_id = flags.id").
		Where(sq.Eq{
			"flags.\\"key\\"": key,
		})
}
"""
#: Another file of the package declares the rules table's constant.
TABLES = """\
package common

var tableRules = "rules"
"""
#: What the chains build (squirrel joins the strings as given), per function.
BUILT = {
    "getRollout": 'SELECT id, "{0}" FROM rollouts WHERE id = $1',
    "listRollouts": 'SELECT id, "{0}" FROM rollouts ORDER BY "{0}" ASC',
    "listRules": 'SELECT id FROM rules ORDER BY "{1}" ASC',
    "countFlag": (
        "SELECT COUNT(*) FROM flags JOIN variants ON variants.flag_id = flags.id"
        ' WHERE flags."{2}" = $1'
    ),
}
FORM = 'export const F = () => <input name="key" id="key" />;\n'


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "internal/storage/sql/common/rollout.go": ROLLOUT,
        "internal/storage/sql/common/tables.go": TABLES,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs(*args: str) -> list[tuple[str, int, int, str, str]]:
    data = impact_json("--min-confidence", "plain", *args)
    return sorted(
        (f"{obj['kind']} {obj['name']}", i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
        if i["path"].endswith("rollout.go")
    )


def _built(rank: str, rule_rank: str, key: str) -> dict[str, str]:
    return {f: sql.format(rank, rule_rank, key) for f, sql in BUILT.items()}


def test_chains_on_a_constant_table_are_that_tables_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    found = [r for r in _refs() if "rank" in r[0] or "key" in r[0]]
    assert [(r[0], r[1], r[3], r[4]) for r in found] == [
        ("column flags.key", 32, "plain", "text"),  # the Go parameter
        # flags.\"key\": the qualifier settles the table (variants has a key too)
        ("column flags.key", 37, "high", "SQL (table.column)"),
        ("column flags.key", 37, "plain", "text"),
        ("column rollouts.rank", 15, "high", "SQL"),  # From(tableRollouts)
        ("column rollouts.rank", 21, "high", "SQL"),
        ("column rollouts.rank", 23, "high", "SQL"),  # OrderBy(fmt.Sprintf(
        ("column rules.rank", 29, "high", "SQL"),  # the other file's var
        ("column variants.key", 32, "plain", "text"),
    ]


def test_the_patch_renames_them_and_the_databases_run_what_they_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, maria: MysqlServer
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    assert "not rewritten" not in result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    patched = (root / "internal/storage/sql/common/rollout.go").read_text(encoding="utf-8")
    assert patched == (
        ROLLOUT.replace('id, \\"rank\\"', 'id, \\"rollout_rank\\"')
        .replace(
            'Sprintf("\\"rank\\" %s", order))\n}\n\nfunc listRules',
            'Sprintf("\\"rollout_rank\\" %s", order))\n}\n\nfunc listRules',
        )
        .replace(
            'Sprintf("\\"rank\\" %s", order))\n}\n\nfunc countFlag',
            'Sprintf("\\"rule_rank\\" %s", order))\n}\n\nfunc countFlag',
        )
        .replace('"flags.\\"key\\""', '"flags.\\"flag_key\\""')
    )
    new, old = _built("rollout_rank", "rule_rank", "flag_key"), _built("rank", "rank", "key")
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.stderr
    forward = sorted((root / "db").glob("*.sql"))[-1]
    with pg.fresh_database("fliptimpact_s21") as db:
        pg.run(sql=SCHEMA, dbname=db)
        pg.run(files=[forward], dbname=db)
        for function, sql in new.items():
            pg.run(sql=f"PREPARE {function.lower()} AS {sql}", dbname=db)
            with pytest.raises(SqlFailed, match=r"column .* does not exist"):
                pg.run(sql=f"PREPARE {function.lower()} AS {old[function]}", dbname=db)
    renamed = (
        "ALTER TABLE rollouts RENAME COLUMN `rank` TO rollout_rank;"
        "ALTER TABLE rules RENAME COLUMN `rank` TO rule_rank;"
        "ALTER TABLE flags RENAME COLUMN `key` TO flag_key;"
        "ALTER TABLE variants RENAME COLUMN `key` TO variant_key;"
    )
    with maria.fresh_database("fliptimpact_s21") as db:
        # flipt's MySQL store quotes as ANSI SQL does.
        ansi = "SET SESSION sql_mode = 'ANSI_QUOTES';"
        maria.run(ansi + SCHEMA + renamed.replace("`", '"'), database=db)
        for function, sql in new.items():
            maria.run(f"{ansi} PREPARE s FROM '{sql.replace('$1', '?')}'", database=db)
            with pytest.raises(MysqlFailed, match="Unknown column"):
                maria.run(
                    f"{ansi} PREPARE s FROM '{old[function].replace('$1', '?')}'", database=db
                )


def test_a_form_field_is_no_index_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
        "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
        '  - {kind: index, name: flags.key, phase: "1", target: flags_lookup_idx}\n'
        '  - {kind: table, name: flags, phase: "1", target: feature_flags}\n',
        "db/001_init.sql": "CREATE TABLE flags (`key` varchar(9), INDEX `key` (`key`));\n",
        "ui/Form.tsx": FORM
        + 'export const G = () => <input name="flags" />;\n'
        + 'export const H = () => <input name={"key"} />;\n',
        "app/models.py": 'models.Index(fields=["key"], name="key")\n',
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    items = [
        (i["path"], i["line"], i["confidence"])
        for obj, i in impact_items(impact_json("--min-confidence", "plain"))
    ]
    assert sorted(set(items)) == [
        ("app/models.py", 1, "high"),  # Django's Index(name=...) names an index
        ("ui/Form.tsx", 1, "plain"),
        ("ui/Form.tsx", 2, "plain"),
    ]  # name={"key"}: not even plain text
    diff = CliRunner().invoke(cli, ["impact", "--diff"])
    assert diff.exit_code == 0, diff.stderr
    assert "Form.tsx" not in diff.stdout


def test_which_identifiers_stand_for_one_string() -> None:
    from dbnamelint.impact.goconsts import merged, resolve, string_constants

    text = (
        'package p\n\nconst a = "one"\nvar b string = `two`\nvar c = "three"\n'
        'const (\n\td     = "four" // the fourth\n\te int = 5\n)\n'
        'func f() { c = "other" }\n'
        "func g(d string) { x.From(d) }\n"
        'func h() { a := "local"; x.From(a) }\n'
        "func i() { x.From(a).From(d) }\n"
    )
    found = string_constants(text)
    assert found == {"a": "one", "b": "two", "c": None, "d": "four"}
    assert merged([found, {"a": "one", "b": "else"}]) == {
        "a": "one",
        "b": None,  # two files of the package, two strings
        "c": None,
        "d": "four",
    }
    at = text.index("x.From(d)")
    assert resolve(text, "d", at, found) is None  # the parameter shadows it
    assert resolve(text, "a", text.index("x.From(a) }"), found) is None  # a local
    assert resolve(text, "a", text.index("x.From(a).From(d)"), found) == "one"
    assert resolve(text, "d", text.index(".From(d) }\n", at + 5), found) == "four"


#: goqu and go-sqlbuilder given the table as a constant of the package.
OTHERS = """\
package common

import (
	"github.com/doug-martin/goqu/v9"
	"github.com/huandu/go-sqlbuilder"
)

func goquRollouts() *goqu.SelectDataset {
	return goqu.From(tableRollouts).Select("id", "rank")
}

func builderRules() (string, []interface{}) {
	sb := sqlbuilder.PostgreSQL.NewSelectBuilder()
	sb.Select("r.id", "r.rank")
	sb.From(rulesAliased)
	return sb.Build()
}
"""


def test_goqu_and_go_sqlbuilder_read_a_constant_table_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "store/others.go": OTHERS,
        "store/tables.go": 'package common\n\nconst (\n\ttableRollouts = "rollouts"\n'
        '\trulesAliased  = "rules r"\n)\n',
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    found = sorted(
        (f"{obj['kind']} {obj['name']}", i["line"], i["confidence"])
        for obj, i in impact_items(impact_json("--min-confidence", "plain"))
        if i["path"] == "store/others.go"
    )
    assert found == [("column rollouts.rank", 9, "high"), ("column rules.rank", 14, "high")]
    diff = CliRunner().invoke(cli, ["impact", "--diff"])
    assert diff.exit_code == 0, diff.stderr
    (tmp_path / "fix.patch").write_text(diff.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    patched = (root / "store/others.go").read_text(encoding="utf-8")
    assert patched == OTHERS.replace('"id", "rank"', '"id", "rollout_rank"').replace(
        '"r.rank"', '"r.rule_rank"'
    )
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.stderr
    forward = sorted((root / "db").glob("*.sql"))[-1]
    # goqu quotes each identifier; go-sqlbuilder writes its strings as given.
    built = {
        "g": 'SELECT "id", "{0}" FROM "rollouts"',
        "b": "SELECT r.id, r.{1} FROM rules r",
    }
    with pg.fresh_database("fliptimpact_s21_others") as db:
        pg.run(sql=SCHEMA, dbname=db)
        pg.run(files=[forward], dbname=db)
        for name, sql in built.items():
            pg.run(sql=f"PREPARE {name} AS {sql.format('rollout_rank', 'rule_rank')}", dbname=db)
            # r.rank: no column now, so PostgreSQL reads the function rank(r).
            with pytest.raises(SqlFailed, match=r"column .* does not exist|aggregate rank"):
                pg.run(sql=f"PREPARE {name} AS {sql.format('rank', 'rank')}", dbname=db)


ALIASED = """\
package s

import sq "github.com/Masterminds/squirrel"

func a(b sq.StatementBuilderType, k string) sq.SelectBuilder {
	return b.Select("f.id").From("flags f").Join("variants v ON v.flag_id = f.id").
		Where(sq.Eq{"v.\\"key\\"": k}).
		Where("f.\\"key\\" = ?", k)
}
"""


def test_an_alias_the_chain_gives_settles_a_quoted_qualified_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "s/s.go": ALIASED,
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    diff = CliRunner().invoke(cli, ["impact", "--diff"])
    assert diff.exit_code == 0, diff.stderr
    assert "not rewritten" not in diff.stderr
    (tmp_path / "fix.patch").write_text(diff.stdout, encoding="utf-8")
    git(root, "apply", str(tmp_path / "fix.patch"))
    patched = (root / "s/s.go").read_text(encoding="utf-8")
    assert patched == ALIASED.replace('v.\\"key', 'v.\\"variant_key').replace(
        'f.\\"key', 'f.\\"flag_key'
    )
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.stderr
    # squirrel's ToSql: the where parts joined by AND, Dollar placeholders.
    built = (
        'SELECT f.id FROM flags f JOIN variants v ON v.flag_id = f.id WHERE v."{0}" = $1'
        ' AND f."{1}" = $2'
    )
    with pg.fresh_database("fliptimpact_s21_alias") as db:
        pg.run(sql=SCHEMA, dbname=db)
        pg.run(files=[sorted((root / "db").glob("*.sql"))[-1]], dbname=db)
        pg.run(sql=f"PREPARE a AS {built.format('variant_key', 'flag_key')}", dbname=db)
        with pytest.raises(SqlFailed, match=r"column .* does not exist"):
            pg.run(sql=f"PREPARE b AS {built.format('key', 'key')}", dbname=db)
