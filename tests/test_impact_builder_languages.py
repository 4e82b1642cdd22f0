"""A builder's table call is one only in that builder's language and shape.

``impact`` took any ``.join("x")`` for a Knex table call at high confidence,
in any language, and ``impact --diff`` renamed atuin's Rust
``data_dir.join("scripts.db")`` to ``"user_scripts.db"`` after the table
``scripts`` was renamed (trial s35 atuin I1): applied, every user's scripts
database file would be replaced by a new, empty one. Knex and Kysely are
JavaScript/TypeScript libraries; Knex's ``join(table, first, ..., second)``
takes two or more arguments (``Array.prototype.join`` one); Node's
``path.join``, ``Array.from``/``Buffer.from``, ``console.table`` and C#'s
``File.Delete`` are standard library; and a builder's ``'scripts.db'`` is
``schema.table``, the table ``db``. The lines below are atuin's
(``crates/atuin-client/src/settings.rs``) and everyday Python/Node code;
the Knex, Kysely, Supabase and goqu calls must still be found. The patch
is checked with the real ``git apply``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env, write_files

FILES = {
    "dbnamelint.yaml": "paths: [app/migrations]\ndialect: sqlite\n",
    "app/Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\n'
    'sqlx = { version = "0.8", features = ["sqlite"] }\n',
    "app/migrations/20250101000000_init.sql": "CREATE TABLE scripts (id TEXT PRIMARY KEY);\n",
    "app/migrations/20250102000000_rename.sql": "ALTER TABLE scripts RENAME TO user_scripts;\n",
    # atuin's settings.rs and settings/scripts.rs
    "app/src/settings.rs": (
        "use std::path::Path;\n"
        "pub fn db_path(data_dir: &Path) -> std::path::PathBuf {\n"
        '    let db_path = data_dir.join("scripts.db");\n'
        '    let dir = data_dir.join("scripts");\n'
        '    let joined = ["a", "b"].join("scripts");\n'
        '    home.join("scripts").join("x.sh");\n'
        "    db_path\n"
        "}\n"
    ),
    "tools/paths.py": (
        "import os\n"
        'd = os.path.join(base, "scripts")\n'
        's = ", ".join("scripts")\n'
        'db = conn.table("scripts.db")\n'
    ),
    "web/paths.js": (
        "const path = require('path');\n"
        "const dir = path.join(__dirname, 'scripts', 'x');\n"
        "const p = parts.join('scripts');\n"
        "const b = Buffer.from('scripts');\n"
        "console.table('scripts');\n"
        "const f = knex('scripts.db');\n"
    ),
    "web/Files.cs": 'File.Delete("scripts");\nDirectory.Delete("scripts");\n',
    # real builder calls: found
    "web/query.js": (
        "knex('users').join('scripts', 'scripts.user_id', 'users.id');\n"
        "knex('scripts').where({ id: 1 });\n"
        "db.selectFrom('scripts').selectAll();\n"
        "const q = supabase.from('scripts').select('*');\n"
        "knex.insert({ id: 'x' }).into('scripts');\n"
    ),
    "web/query.go": 'package web\n\nvar q = goqu.From("scripts").Where(goqu.Ex{"id": 1})\n',
}
#: (path, line, context) of each high-confidence place: the real builder calls.
HIGH = {
    ("web/query.js", 1, "Knex table call"),
    ("web/query.js", 2, "Knex table call"),
    ("web/query.js", 3, "Kysely table call"),
    ("web/query.js", 4, "Supabase/Knex .from()"),
    ("web/query.js", 5, "Knex table call"),
    ("web/query.go", 3, "Go query builder"),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(root, FILES)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def test_only_builder_calls_are_high(repo: Path) -> None:
    done = CliRunner().invoke(cli, ["impact", "--format", "json", "--min-confidence", "plain"])
    assert done.exit_code == 0, done.output
    items = [
        item
        for phase in json.loads(done.stdout)["phases"]
        for obj in phase["objects"]
        for item in obj["items"]
    ]
    high = {(i["path"], i["line"], i["context"]) for i in items if i["confidence"] == "high"}
    assert high == HIGH


def test_diff_leaves_file_paths_alone(repo: Path) -> None:
    done = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert done.exit_code == 0, done.output
    patch = repo / "rename.patch"
    patch.write_text(done.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)
    assert (repo / "app/src/settings.rs").read_text() == FILES["app/src/settings.rs"]
    assert (repo / "tools/paths.py").read_text() == FILES["tools/paths.py"]
    assert (repo / "web/paths.js").read_text() == FILES["web/paths.js"]
    assert (repo / "web/Files.cs").read_text() == FILES["web/Files.cs"]
    query = (repo / "web/query.js").read_text()
    assert "knex('users').join('user_scripts', " in query
    assert "knex('user_scripts').where({ id: 1 });" in query
    assert "into('user_scripts')" in query
