"""``init`` leaves out migration folders the Go program does not embed (s24).

Ory keto's ``internal/persistence/sql/persister.go`` says ``//go:embed
migrations/sql/*.sql``: the program runs ``migrations/sql/`` only. Beside it,
``migrations/templates/`` keeps the frozen sources of those files and
``migrations/namespace_migrations/`` an old layout. ``init`` put both in
``paths``; replayed after ``sql/``, their older ``CREATE TABLE`` replaced the
real table in the model, so ``whitelist init`` baselined a table that does
not exist and the real legacy names went unreported (trial s24 confirmation).

Oracles: Go's ``embed`` rules (pkg.go.dev/embed: patterns relative to the
file's folder, ``path.Match`` per element, a folder embeds its files) and
sqlite3 running what the program embeds, in order.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.go_embeds import unembedded_siblings
from git_helpers import write_files

PERSISTER = """package sql

import "embed"

//go:embed migrations/sql/*.sql
var migrations embed.FS
"""
TREE = {
    "go.mod": "module example.com/keto\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n",
    "internal/persistence/sql/persister.go": PERSISTER,
    "internal/persistence/sql/migrations/sql/20210101000000_tuples.up.sql": (
        "CREATE TABLE keto_tuples (id INTEGER PRIMARY KEY, shard_id TEXT);\n"
    ),
    "internal/persistence/sql/migrations/sql/20220101000000_uuid.up.sql": (
        "CREATE TABLE keto_tuples_uuid (id INTEGER PRIMARY KEY, nid TEXT);\n"
        "CREATE INDEX keto_tuples_uuid_nid_idx ON keto_tuples_uuid (nid);\n"
        "DROP TABLE keto_tuples;\n"
        "ALTER TABLE keto_tuples_uuid RENAME TO keto_tuples;\n"
    ),
    # the frozen source of the first file: an older table, never run
    "internal/persistence/sql/migrations/templates/20210101000000_tuples.up.sql": (
        "CREATE TABLE keto_tuples (id INTEGER PRIMARY KEY, shard_id TEXT, legacy TEXT);\n"
    ),
}


def test_init_leaves_out_the_folders_the_program_does_not_embed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    assert (
        "Left out: internal/persistence/sql/migrations/templates, migration folders beside "
        "one the Go program embeds"
    ) in done.output
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["exclude"] == ["internal/persistence/sql/migrations/templates"]
    # Oracle: the embedded files, in order, on sqlite3.
    db = sqlite3.connect(":memory:")
    for name in sorted((tmp_path / "internal/persistence/sql/migrations/sql").iterdir()):
        db.executescript(name.read_text(encoding="utf-8"))
    columns = [r[1] for r in db.execute("PRAGMA table_info(keto_tuples)")]
    shown = CliRunner().invoke(cli, ["inspect", "--dialect", "sqlite", "--format", "json"])
    objects = json.loads(shown.stdout)["objects"]
    model = sorted(o["name"] for o in objects if o["kind"] == "column")
    assert model == sorted(columns) == ["id", "nid"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("migrations/sql/*.sql", {"db/migrations/templates"}),
        ("migrations/sql", {"db/migrations/templates"}),  # a folder embeds its files
        ("migrations", set()),  # every sibling embedded
        ("other/*.sql", set()),  # nothing of these folders embedded: left alone
    ],
)
def test_embed_patterns(tmp_path: Path, pattern: str, expected: set[str]) -> None:
    write_files(tmp_path, {"db/embed.go": f"package db\n\n//go:embed {pattern}\nvar f int\n"})
    files = ["db/migrations/sql/1_a.up.sql", "db/migrations/templates/1_a.up.sql"]
    assert unembedded_siblings(files, tmp_path) == expected
