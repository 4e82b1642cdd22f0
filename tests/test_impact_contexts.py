"""``dbnamelint impact``: contexts a line alone does not show (trial s6-t1).

Fixtures follow each tool's documented syntax: SeaORM's entity attribute
``#[sea_orm(table_name = "cake")]`` and ``column_name``; Diesel's derive
attribute ``#[diesel(table_name = posts)]``; sqlx's ``#[sqlx(rename = "...")]``;
squirrel chains as gofmt lays them out (a line ending in ``.``); CommonMark
fenced code blocks and reStructuredText literal blocks (``::``). The search
runs through the real ``git grep``; patches through the real ``git apply``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.classify import comment_start
from dbnamelint.impact.prose import code_blocks
from git_helpers import committed_repo, git

SCHEMA = """\
CREATE TABLE message (id text PRIMARY KEY, payload text);
CREATE TABLE banned_user (id serial PRIMARY KEY);
CREATE TABLE store (id text PRIMARY KEY);
CREATE TABLE settings (key text PRIMARY KEY, value text);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: message, phase: "1", target: messages}
  - {kind: table, name: banned_user, phase: "1", target: banned_users}
  - {kind: table, name: store, phase: "1", target: stores}
  - {kind: table, name: settings, phase: "1", target: app_settings}
  - {kind: column, name: message.payload, phase: "1", target: body}
"""


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def make(files: dict[str, str], schema: str = SCHEMA, whitelist: str = WHITELIST) -> Path:
        every = {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": whitelist,
            "db/001_init.sql": schema,
            **files,
        }
        return committed_repo(tmp_path / "repo", every, monkeypatch)

    return make


def _refs(root: Path) -> set[tuple[str, int, str, str, str]]:
    settings = load_settings(root, None, (), (), ())
    impact = collect_impact(settings, root)
    return {(r.path, r.line, r.name, r.confidence, r.context) for r in impact.references}


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["impact", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _apply(root: Path) -> None:
    (root / "fix.patch").write_text(_invoke("--diff"), encoding="utf-8")
    git(root, "apply", "fix.patch")
    (root / "fix.patch").unlink()


# --------------------------------------------------------------------------
# Rust attributes are not comments
# --------------------------------------------------------------------------

ENTITY_RS = """\
#![allow(dead_code)]
#[derive(Clone, Debug, DeriveEntityModel)]
#[sea_orm(table_name = "message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: String,
    #[sea_orm(column_name = "payload")]
    pub text: String,
}
#[derive(Queryable, FromRow)]
#[diesel(table_name = message)]
pub struct Msg {
    pub id: String,
    #[sqlx(rename = "payload")]
    pub text: String,
}
// a real comment about message
"""


def test_rust_attributes_are_mappings_and_only_comments_are_comments(make_repo: Any) -> None:
    root = make_repo({"src/message.rs": ENTITY_RS})
    rs = "src/message.rs"
    assert _refs(root) == {
        (rs, 3, "message", "high", "SeaORM table_name"),
        (rs, 7, "payload", "high", "SeaORM column_name"),
        (rs, 11, "message", "high", "Diesel table_name"),
        (rs, 14, "payload", "high", "sqlx rename"),
        (rs, 17, "message", "plain", "comment"),
    }
    _apply(root)
    patched = (root / rs).read_text(encoding="utf-8")
    # SeaORM's strings are the database names: renamed. Diesel's table_name names
    # the table! module, which the patch maps with #[sql_name]: left as written.
    assert patched == (
        ENTITY_RS.replace('table_name = "message"', 'table_name = "messages"')
        .replace('column_name = "payload"', 'column_name = "body"')
        .replace('rename = "payload"', 'rename = "body"')
    )


def test_hash_is_a_comment_only_where_the_language_says_so() -> None:
    assert comment_start('#[sea_orm(table_name = "x")]', hash_comments=False) == 28
    assert comment_start('#define T "x"', hash_comments=False) == 13
    assert comment_start("# note", hash_comments=True) == 0
    assert comment_start("x = 1  # note", hash_comments=True) == 7
    assert comment_start("x := 1 // note", hash_comments=False) == 7


# --------------------------------------------------------------------------
# Builder chains split over lines, table-name constants
# --------------------------------------------------------------------------

CHAINS_GO = """\
package app

func a() {
	q3 := stbl.
		Select("id").
		From("store").
		Where(sq.Eq{"id": 1})
	q4 := stbl.
		Insert("store").
		Columns("id")
	fmt.
		Println("store")
	x := From("store")
}
"""


def test_gofmt_chains_are_judged_like_one_line_chains(make_repo: Any) -> None:
    root = make_repo({"app/q.go": CHAINS_GO})
    assert _refs(root) == {
        ("app/q.go", 6, "store", "high", "Go query builder"),
        ("app/q.go", 9, "store", "high", "Go query builder"),
        ("app/q.go", 12, "store", "plain", "text"),
        ("app/q.go", 13, "store", "plain", "text"),
    }
    _apply(root)
    patched = (root / "app/q.go").read_text(encoding="utf-8")
    assert patched.count('"stores"') == 2 and patched.count('"store"') == 2


CONSTANTS = {
    "app/const.go": (
        "package app\n"
        "const (\n"
        '\ttableBannedUser = "banned_user"\n'
        '\ttableStore string = "store"\n'
        ")\n"
        'var stable = "message"\n'
        'func f(table string) bool { return table == "settings" }\n'
    ),
    "app/tables.py": (
        'SETTINGS_TABLE = "settings"\nMESSAGE_TABLE: str = \'message\'\nLABEL = "store"\n'
    ),
    "web/tables.ts": (
        'export const messageTable = "message";\nconst tableName = `banned_user and more`;\n'
    ),
    # JSX props of a component named ...Table are no constants (trial s32 outline)
    "web/Keys.tsx": (
        'export const Keys = () => (\n  <SortableTable\n    id="message"\n  />\n);\n'
        'export const More = () => <StoreTable id="store" />;\n'
    ),
    # a Vue/Buefy component tag's bound attribute (<b-table :data="...">) is no
    # TypeScript `table: data =` (trial s34 listmonk: high, 'table-name constant')
    "web/Bounces.vue": (
        '<template>\n  <b-table :data="message" hoverable>\n  </b-table>\n'
        '  <el-table :data="store"></el-table>\n  <v-data-table :items="settings" />\n'
        "</template>\n"
    ),
}


def test_table_name_constants_are_high(make_repo: Any) -> None:
    root = make_repo(CONSTANTS)
    high = {(p, line) for p, line, _n, conf, ctx in _refs(root) if conf == "high"}
    assert high == {
        ("app/const.go", 3),
        ("app/const.go", 4),
        ("app/tables.py", 1),
        ("app/tables.py", 2),
        ("web/tables.ts", 1),
    }
    assert {ctx for _p, _l, _n, conf, ctx in _refs(root) if conf == "high"} == {
        "table-name constant"
    }
    _apply(root)
    assert '\ttableBannedUser = "banned_user"\n' not in (root / "app/const.go").read_text()
    assert '\ttableBannedUser = "banned_users"\n' in (root / "app/const.go").read_text()
    assert 'var stable = "message"' in (root / "app/const.go").read_text()


def test_a_filter_that_hides_every_reference_says_so(make_repo: Any) -> None:
    root = make_repo({"app/b.go": 'package app\nconst bannedName = "banned_user"\n'})
    assert _refs(root) == {("app/b.go", 2, "banned_user", "plain", "text")}
    out = _invoke("--min-confidence", "high")
    assert "  no high-confidence reference, plain text left out: banned_user (1 plain)\n" in out
    assert "  not referenced: message, store, settings, message.payload\n" in out
    doc = json.loads(_invoke("--min-confidence", "high", "--format", "json"))
    left = {o["name"]: o["left_out"] for p in doc["phases"] for o in p["objects"]}
    assert left["banned_user"] == 1 and left["message"] == 0
    md = _invoke("--min-confidence", "high", "--format", "markdown")
    assert "No high-confidence reference, plain text left out: `banned_user` (1)" in md


# --------------------------------------------------------------------------
# Prose files: English is plain text, code blocks are code
# --------------------------------------------------------------------------

README_MD = """\
# API

| from_email | string | Defaults to value from settings if not provided. |

```sql
SELECT value FROM settings WHERE key = 'from_email';
```

    SELECT value FROM settings
"""
GUIDE_RST = """\
Read the value from settings first. Example::

    SELECT value FROM settings;

Back to prose about settings.
"""


def test_prose_is_plain_and_code_blocks_are_code(make_repo: Any) -> None:
    root = make_repo(
        {
            "docs/a.md": README_MD,
            "docs/guide.rst": GUIDE_RST,
            "notes.txt": "Copy the value from settings.\n",
        }
    )
    found = {(p, line, conf, ctx) for p, line, n, conf, ctx in _refs(root) if n == "settings"}
    assert found == {
        ("docs/a.md", 3, "plain", "prose"),
        ("docs/a.md", 6, "high", "SQL"),
        ("docs/a.md", 9, "plain", "prose"),  # indented blocks are not read as code
        ("docs/guide.rst", 1, "plain", "prose"),
        ("docs/guide.rst", 3, "high", "SQL"),
        ("docs/guide.rst", 5, "plain", "prose"),
        ("notes.txt", 1, "plain", "prose"),
    }
    _apply(root)
    assert (root / "docs/a.md").read_text() == README_MD.replace(
        "SELECT value FROM settings WHERE", "SELECT value FROM app_settings WHERE"
    )
    assert (root / "notes.txt").read_text() == "Copy the value from settings.\n"


def test_code_blocks() -> None:
    text = "a\n```sql\nx\n```\nb\n~~~~sql\ny\n~~~\nz\n~~~~\n````sql\nunclosed\n"
    spans = [text[a:b] for a, b in code_blocks("r.md", text)]
    assert spans == ["x\n", "y\n~~~\nz\n", "unclosed\n"]
    rst = "Text::\n\n    code\n      more\n\nprose\n.. code-block:: sql\n\n   q\n"
    assert [rst[a:b] for a, b in code_blocks("r.rst", rst)] == [
        "\n    code\n      more\n",
        "\n   q\n",
    ]
    assert code_blocks("r.txt", "```\nx\n```\n") == []


# --------------------------------------------------------------------------
# An applied phase whose entries are not pruned yet: one listing, not two
# --------------------------------------------------------------------------


def test_an_applied_unpruned_entry_is_listed_once_under_its_phase(make_repo: Any) -> None:
    schema = SCHEMA + "ALTER TABLE store RENAME TO stores;\n"
    root = make_repo({"app/q.go": 'package app\nconst q = "SELECT id FROM store"\n'}, schema)
    refs = _refs(root)
    assert refs == {("app/q.go", 2, "store", "high", "SQL")}
    out = _invoke()
    assert out.count("app/q.go:2:") == 1
    assert "Renamed already, or no phase" not in out
    assert (
        "  table store -> stores (already renamed in the schema; whitelist entry stale: "
        "whitelist prune): 1 reference in 1 file (1 high confidence)\n"
    ) in out
    doc = json.loads(_invoke("--format", "json"))
    (phase,) = doc["phases"]
    store = next(o for o in phase["objects"] if o["old_names"] == ["store"])
    assert (phase["phase"], store["stale_entry"], store["target"]) == ("1", True, "stores")
    # check agrees that the entry is stale (its object has another name now)
    result = CliRunner().invoke(cli, ["check"])
    assert "DBN900 stale whitelist entry table store (phase 1)" in result.output
