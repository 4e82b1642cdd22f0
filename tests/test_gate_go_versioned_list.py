"""A slice of versioned steps is a Go migration list (trial s34 listmonk).

listmonk registers its upgrade steps in ``cmd/upgrade.go``: ``var migList =
[]migFunc{{"v0.4.0", migrations.V0_4_0}, ...}``, each function in
``internal/migrations/v*.go`` running DDL. Its runner
(``getPendingMigrations``) finds the first entry whose version is above the
last one the ``settings`` table recorded and runs ``migList[i:]``. The trial
found, each passing ``check --base`` and the hook: an applied entry removed
(a database at v5.1.0 jumps to v6.1.0 and never gets v6.0.0's columns), two
entries' functions swapped, an entry's version renamed, and a new entry
inserted below an applied version (never run on a database already past
it). The list was not recognised: neither its name nor its type holds
``migrat``.

Oracles: real git (what the base commit holds), the runner's rule as the
trial read it in listmonk's ``cmd/upgrade.go``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, git_workdir

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

UPGRADE = "cmd/upgrade.go"
LIST = """package main

import (
\t"github.com/example/app/internal/migrations"
)

type migFunc struct {
\tversion string
\tfn      func(*sqlx.DB) error
}

var migList = []migFunc{
\t{"v0.4.0", migrations.V0_4_0},
\t{"v1.0.0", migrations.V1_0_0},
\t{"v2.0.0", migrations.V2_0_0},
}
"""


def _step(version: str) -> str:
    name = "V" + version[1:].replace(".", "_")
    return (
        f"package migrations\n\nfunc {name}(db *sqlx.DB) error {{\n"
        f"\t_, err := db.Exec(`ALTER TABLE users ADD COLUMN IF NOT EXISTS "
        f"c{name.lower()} TEXT`)\n\treturn err\n}}\n"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_workdir(tmp_path / "app", monkeypatch)
    files = {
        "schema.sql": "CREATE TABLE users (id int);\n",
        UPGRADE: LIST,
        "go.mod": "module github.com/example/app\n",
    }
    for version in ("v0.4.0", "v1.0.0", "v2.0.0", "v2.1.0"):
        files[f"internal/migrations/{version}.go"] = _step(version)
    adopted_repo(root, files, "paths: [schema.sql]\ndialect: postgres\n")
    return root


def _gate(root: Path, text: str) -> list[tuple[str, int, str]]:
    """(code, line, severity) of each diagnostic of the gate, staged and not."""
    (root / UPGRADE).write_text(text, encoding="utf-8")
    code, _, diagnostics = check_json("--base", "HEAD")
    said = [(str(d["code"]), int(str(d["line"])), str(d["severity"])) for d in diagnostics]
    git(root, "add", "-A")
    staged_code, _, staged = check_json("--pre-commit")
    assert (staged_code, [(d["code"], d["line"], d["severity"]) for d in staged]) == (code, said)
    assert code == (1 if any(s == "error" for _, _, s in said) else 0)
    return said


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # an applied entry removed (the trial's att_list_remove)
        # (located where it stood: before the next committed entry)
        (lambda t: t.replace('\t{"v1.0.0", migrations.V1_0_0},\n', ""), [("DBN025", 14)]),
        # two entries' functions swapped (att_list_swap)
        (
            lambda t: (
                t.replace("V1_0_0}", "X").replace("V2_0_0}", "V1_0_0}").replace("X", "V2_0_0}")
            ),
            [("DBN025", 14), ("DBN025", 15)],
        ),
        # an applied entry's version renamed (att_list_version): the old one is
        # gone, the new one sorts below v2.0.0
        (lambda t: t.replace('"v1.0.0"', '"v1.0.1"'), [("DBN016", 14), ("DBN025", 15)]),
        # a new entry below an applied version (att_list_insert_mid)
        (
            lambda t: t.replace('\t{"v2.0.0"', '\t{"v1.5.0", migrations.V1_5_0},\n\t{"v2.0.0"'),
            [("DBN016", 15)],
        ),
    ],
    ids=["removed", "swapped", "version-renamed", "inserted-below"],
)
def test_an_applied_entry_edited_or_one_slotted_below_is_refused(
    repo: Path, edit: object, expected: list[tuple[str, int]]
) -> None:
    assert callable(edit)
    said = _gate(repo, edit(LIST))
    assert [(c, line) for c, line, s in said if s == "error"] == expected


def test_an_entry_appended_and_layout_pass(repo: Path) -> None:
    text = LIST.replace(
        '\t{"v2.0.0", migrations.V2_0_0},\n',
        '\t// the 2.0 upgrade\n\t{"v2.0.0",   migrations.V2_0_0},\n'
        '\t{"v2.1.0", migrations.V2_1_0},\n',
    )
    assert _gate(repo, text) == []


LOCAL = """package db

var upgrades = []step{
\t{"1.1", addTags},
\t{"1.2", addNotes},
}

func addTags(db *sql.DB) error {
\t_, err := db.Exec("ALTER TABLE users ADD COLUMN tags TEXT")
\treturn err
}

func addNotes(db *sql.DB) error {
\t_, err := db.Exec("ALTER TABLE users ADD COLUMN notes TEXT")
\treturn err
}
"""
ROUTES = """package api

var routes = []route{
\t{"1.1", handleUsers},
\t{"1.2", handleNotes},
}

func handleUsers(w http.ResponseWriter) { w.Write([]byte("users")) }

func handleNotes(w http.ResponseWriter) { w.Write([]byte("notes")) }
"""


def test_a_list_of_the_files_own_ddl_functions_is_one_a_route_table_is_not(
    repo: Path,
) -> None:
    """Recognised by its shape and what its functions run, not its name."""
    for path, text in (("internal/db/upgrade.go", LOCAL), ("internal/api/routes.go", ROUTES)):
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "lists")
    for path, text in (("internal/db/upgrade.go", LOCAL), ("internal/api/routes.go", ROUTES)):
        (repo / path).write_text(text.replace('\t{"1.1", ', '\t{"1.0", '), encoding="utf-8")
    code, _, diagnostics = check_json("--base", "HEAD")
    assert code == 1
    # "1.1" gone (DBN025), and "1.0" new below the committed "1.2" (DBN016)
    assert [(d["code"], d["path"]) for d in diagnostics if d["severity"] == "error"] == [
        ("DBN016", "internal/db/upgrade.go"),
        ("DBN025", "internal/db/upgrade.go"),
    ]
