"""pop's fizz migrations (``<version>_x.up.fizz``) are read as the SQL fizz writes.

pop runs a ``.fizz`` file between its ``.sql`` ones (``Migrator.UpTo``, in
version order), through fizz's translator. Unread, its names were never
checked: ``create_table("BadThings")``, ``rename_table("flow_state",
"FlowState")`` or an edit of a committed fizz migration passed ``check
--base`` and the hook in silence (trial s37 supabase/auth, F1).

The oracle for the model is PostgreSQL running the SQL fizz's PostgreSQL
translator writes for each call (gobuffalo/fizz ``translators/postgres.go``:
``CREATE TABLE "t" (... PRIMARY KEY("id"), FOREIGN KEY ("c") REFERENCES
"r" ("id"))``, ``created_at``/``updated_at`` added by ``create_table``
unless ``timestamps: false``; index and foreign-key default names from
``index.go``/``tables.go`` and ``foreign_keys.go``): ``drift`` finds no
difference between that database and the files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_json import run_streams
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files
from pg_server import PgServer, pg_url

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GO_MOD = "module example.com/app\n\ngo 1.22\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n"
CONFIG = "paths: [migrations]\ndialect: postgres\n"
INIT_SQL = "CREATE TABLE accounts (id uuid PRIMARY KEY, name text);\n"
FIZZ = """\
create_table("widgets") {
  t.Column("id", "uuid", {primary: true})
  t.Column("account_id", "uuid", {})
  t.Column("label", "string", {"size": 50, "null": true})
  t.Index("label", {"unique": true})
  t.ForeignKey("account_id", {"accounts": ["id"]}, {"on_delete": "cascade"})
}
create_table("tags", {timestamps: false}) {
  t.Column("id", "integer", {primary: true})
}
add_column("accounts", "nickname", "string", {"null": true})
add_index("accounts", ["name", "nickname"], {})
add_foreign_key("widgets", "account_id", {"accounts": ["id"]}, {})
rename_column("accounts", "nickname", "handle")
rename_table("tags", "labels")
sql("CREATE INDEX accounts_handle_idx ON accounts (handle);")
"""
#: What fizz's PostgreSQL translator writes for FIZZ (translators/postgres.go).
FIZZ_AS_POSTGRES = """\
CREATE TABLE "widgets" (
"id" UUID NOT NULL,
PRIMARY KEY("id"),
"account_id" UUID NOT NULL,
"label" VARCHAR (50),
"created_at" timestamp NOT NULL,
"updated_at" timestamp NOT NULL,
FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE cascade
);
CREATE UNIQUE INDEX "widgets_label_idx" ON "widgets" (label);
CREATE TABLE "tags" (
"id" SERIAL NOT NULL,
PRIMARY KEY("id")
);
ALTER TABLE "accounts" ADD COLUMN "nickname" VARCHAR (255);
CREATE INDEX "accounts_name_nickname_idx" ON "accounts" (name, nickname);
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id");
ALTER TABLE "accounts" RENAME COLUMN "nickname" TO "handle";
ALTER TABLE "tags" RENAME TO "labels";
CREATE INDEX accounts_handle_idx ON accounts (handle);
"""  # noqa: E501


@pytest.fixture
def pop_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Go module that runs pop, one committed ``.sql`` migration."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "app"
    root.mkdir()
    write_files(
        root,
        {
            "go.mod": GO_MOD,
            "dbnamelint.yaml": CONFIG,
            "migrations/20240101000000_init.up.sql": INIT_SQL,
        },
    )
    init_repo(root, "init")
    monkeypatch.chdir(root)
    return root


def _head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize(
    ("fizz", "expected"),
    [
        (
            'create_table("BadThings") {\n  t.Column("id", "uuid", {primary: true})\n'
            '  t.Column("userId", "uuid", {})\n}\n',
            ["DBN101", "DBN201"],
        ),
        ('rename_table("accounts", "AccountList")\n', ["DBN101", "DBN105", "DBN504"]),
        ('add_column("accounts", "lastSeen", "timestamp", {})\n', ["DBN201"]),
        ('add_index("accounts", "name", {"name": "IdxName"})\n', ["DBN301"]),
        ('sql("CREATE TABLE \\"BadThings\\" (id int);")\n', ["DBN101"]),
    ],
)
def test_new_fizz_migration_names_are_judged_by_the_gate(
    pop_tree: Path, fizz: str, expected: list[str]
) -> None:
    base = _head(pop_tree)
    write_files(pop_tree, {"migrations/20240201000000_x.up.fizz": fizz})
    git(pop_tree, "add", "-A")
    code, out, err = run_streams("check", "--base", base, "--no-cache", "--format", "json")
    assert code == 1, out + err
    found = sorted(f["code"] for f in json.loads(out)["findings"])
    assert found == expected, out
    assert all(f["path"].endswith(".up.fizz") for f in json.loads(out)["findings"])


def test_fizz_names_are_located_at_the_call(pop_tree: Path) -> None:
    write_files(
        pop_tree,
        {"migrations/20240201000000_x.up.fizz": 'create_table("BadThings") {\n'
         '  t.Column("id", "uuid", {primary: true})\n  t.Column("userId", "uuid", {})\n}\n'},
    )  # fmt: skip
    code, out, _ = run_streams("check", "--no-cache")
    assert code == 1
    assert 'migrations/20240201000000_x.up.fizz:1:14: DBN101 table "BadThings"' in out, out
    assert 'migrations/20240201000000_x.up.fizz:3:12: DBN201 column "BadThings.userId"' in out


def test_edited_and_deleted_fizz_migrations_are_applied_history(pop_tree: Path) -> None:
    write_files(pop_tree, {"migrations/20240201000000_x.up.fizz": 'drop_table("accounts")\n'})
    commit_all(pop_tree, "fizz")
    base = _head(pop_tree)
    write_files(
        pop_tree, {"migrations/20240201000000_x.up.fizz": 'drop_column("accounts", "name")\n'}
    )
    git(pop_tree, "add", "-A")
    code, out, _ = run_streams("check", "--base", base, "--no-cache")
    assert code == 1
    assert "DBN025 error: this pop migration was committed" in out, out
    git(pop_tree, "rm", "-q", "-f", "migrations/20240201000000_x.up.fizz")
    code, out, _ = run_streams("check", "--base", base, "--no-cache")
    assert code == 1
    assert "this change deletes it" in out, out


def test_fizz_statements_not_read_are_refused_when_new(pop_tree: Path) -> None:
    base = _head(pop_tree)
    fizz = 'exec("./rename.sh")\nlet t = "Things"\nadd_column(t, "b", "string", {})\n'
    write_files(pop_tree, {"migrations/20240201000000_x.up.fizz": fizz})
    code, out, _ = run_streams("check", "--no-cache")
    assert code == 0, out  # a full check lists them: warnings
    assert out.count("DBN013 warning") == 3, out
    git(pop_tree, "add", "-A")
    code, out, _ = run_streams("check", "--base", base, "--no-cache")
    assert code == 1
    errors = [line for line in out.splitlines() if "DBN013 error" in line]
    assert [e.split(": DBN013")[0] for e in errors] == [
        "migrations/20240201000000_x.up.fizz:1:1",
        "migrations/20240201000000_x.up.fizz:2:1",
        "migrations/20240201000000_x.up.fizz:3:1",
    ], out
    assert "A fizz script has no comments to accept it with" in errors[0]


def test_a_fizz_file_outside_a_pop_module_is_not_read(pop_tree: Path) -> None:
    (pop_tree / "go.mod").write_text("module example.com/app\n\ngo 1.22\n")
    write_files(pop_tree, {"migrations/20240201000000_x.up.fizz": 'create_table("BadThings")\n'})
    _, out, _ = run_streams("check", "--no-cache")
    assert "BadThings" not in out, out


@pytest.mark.slow
def test_fizz_model_matches_postgresql(pop_tree: Path, pg: PgServer) -> None:
    write_files(pop_tree, {"migrations/20240201000000_x.up.fizz": FIZZ})
    with pg.fresh_database("dbnamelint_fizz") as db:
        pg.run(sql=INIT_SQL + FIZZ_AS_POSTGRES, dbname=db)
        indexes = pg.query_json(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1", db
        )
        assert [r["indexname"] for r in indexes] == [
            "accounts_handle_idx",
            "accounts_name_nickname_idx",
            "accounts_pkey",
            "tags_pkey",
            "widgets_label_idx",
            "widgets_pkey",
        ]
        code, out, err = run_streams(
            "drift", "--db", pg_url(pg, db), "--format", "json", "--no-cache"
        )
    assert code == 0, out + err
    assert json.loads(out)["drift"] == []


@pytest.mark.parametrize(
    "fizz",
    [
        'add_column("accounts")\n',
        'create_table("x") {\n  t.Column(\n',
        '"unterminated\n',
        ")))\n",
        'add_index("t", {"a":\n',
    ],
)
def test_a_broken_fizz_file_is_said_never_a_traceback(pop_tree: Path, fizz: str) -> None:
    write_files(pop_tree, {"migrations/20240201000000_x.up.fizz": fizz})
    code, out, err = run_streams("check", "--no-cache", "-v")
    assert code in (0, 1, 3), out + err
    assert "Traceback" not in out + err
    assert "20240201000000_x.up.fizz:" in out + err, out + err


def test_go_template_actions_in_a_fizz_file_are_rendered_first(pop_tree: Path) -> None:
    """pop runs text/template over a fizz file before fizz reads it
    (``MigrationContent``): a constant action is the text it writes, and a
    placeholder holding quotes leaves the string around it whole."""
    fizz = (
        'create_table("{{ "BadThings" }}") {\n  t.Column("id", "uuid", {primary: true})\n}\n'
        'create_table("{{ index .Options "Namespace" }}_gadget_items") {\n'
        '  t.Column("id", "uuid", {primary: true})\n}\n'
    )
    write_files(pop_tree, {"migrations/20240201000000_x.up.fizz": fizz})
    code, out, _ = run_streams("check", "--no-cache", "--format", "json")
    assert code == 1, out
    report = json.loads(out)
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("DBN101", 1)], out
    assert report["diagnostics"] == [], out
