"""A new Alembic revision's data statements pass the gate (trial s41 redash).

redash's revisions change rows with SQLAlchemy Core statements on a
``table()`` stand-in, ``op.execute(queries.update().values(...))``
(``640888ce445d``), and with SQL given bind parameters,
``db.session.execute("UPDATE widgets SET options=:options WHERE id=:id",
{...})`` (``969126bd800f``). Both were ``DBN013`` ("SQL the code builds",
"completed when the code runs (:options)"), an error in a new revision: the
gate refused an honest data migration. A Core insert/update/delete, and text
the code completes that holds no word making a name, make no name (the rule
of docs/diagnostics.md, "Dynamic DDL (DBN013)"): no warning, and the gate
passes them; DDL the code builds is still refused.

Oracle: Alembic's own ``upgrade head`` runs the revision on SQLite; its
catalog (``sqlite_master``, ``PRAGMA table_info``) holds no name the data
statements made, and the rows show they ran. The gate runs in real git,
``check --base HEAD`` and the hook's ``--pre-commit``.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from alembic_oracle import line_starting, needs_alembic, upgrade_command, users_repo
from cli_json import gate_places
from git_helpers import committed_repo, git

CONFIG = "paths:\n  - alembic/versions\ndialect: sqlite\n"
HONEST = '''"""backfill last_seen"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import column, table

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("last_seen", sa.Integer, nullable=True))
    users = table("users", column("id", sa.Integer), column("last_seen", sa.Integer))
    op.execute(users.insert().values(id=1, last_seen=0))
    op.execute(sa.insert(users).values(id=2, last_seen=None))
    op.execute(users.update().values({"last_seen": users.c.id}).where(users.c.id == 1))
    stale = sa.delete(users).where(users.c.last_seen.is_(None))
    op.execute(stale)
    op.get_bind().exec_driver_sql(
        "UPDATE users SET last_seen = :seen WHERE id = :id", {"seen": 7, "id": 1}
    )
'''
#: Text the code completes that may make a name: still refused, at these lines.
BUILT = HONEST.replace(
    "    stale = sa.delete",
    '    name = "lastSeenAt"\n'
    '    op.get_bind().exec_driver_sql("ALTER TABLE users ADD COLUMN %s int" % name)\n'
    "    made = sa.text('CREATE TABLE ' + name + ' (id int)')\n"
    "    op.execute(made)\n"
    "    stale = sa.delete",
)


@needs_alembic
def test_a_new_revisions_data_statements_pass_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = tmp_path / "oracle" / "versions"
    scripts.mkdir(parents=True)
    root = users_repo(tmp_path / "repo", CONFIG, monkeypatch)
    (scripts / "0001_init.py").write_text((root / "alembic/versions/0001_init.py").read_text())
    (scripts / "0002_backfill.py").write_text(HONEST)
    database = tmp_path / "oracle" / "app.db"
    command = upgrade_command(
        tmp_path / "oracle" / "alembic.ini", scripts.parent, f"sqlite:///{database}"
    )
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database) as conn:
        names = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        }
        columns = [r[1] for r in conn.execute("PRAGMA table_info(users)")]
        rows = conn.execute("SELECT id, last_seen FROM users ORDER BY id").fetchall()
    # the data statements ran (the rows) and made no name (the catalog)
    assert rows == [(1, 7)]
    assert names == {"alembic_version", "users"}
    assert columns == ["id", "last_seen"]

    (root / "alembic/versions/0002_backfill.py").write_text(HONEST)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = gate_places(*run)
        assert (status, found) == (0, []), run

    (root / "alembic/versions/0002_backfill.py").write_text(BUILT)
    git(root, "add", "-A")
    status, found = gate_places("--pre-commit")
    assert status == 1, found
    refused = sorted(f[1] for f in found if f[0] == "DBN013" and f[3] == "error")
    assert refused == [
        line_starting(BUILT, 'op.get_bind().exec_driver_sql("ALTER'),
        line_starting(BUILT, "made = sa.text("),
        line_starting(BUILT, "op.execute(made)"),
    ], found


DOCTRINE = """<?php

declare(strict_types=1);

namespace App\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20261206000001 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        foreach (['a', 'b'] as $kind) {
            $this->addSql("UPDATE users SET email = LOWER(email) WHERE email LIKE '$kind%'");
        }
    }

    public function down(Schema $schema): void
    {
    }
}
"""


def test_a_doctrine_migrations_built_update_passes_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same rule in a Doctrine migration read into the model: an UPDATE
    the loop completes is a note (docs/diagnostics.md, "Dynamic DDL
    (DBN013)": no CREATE, ALTER, DROP or RENAME in its pieces); an ALTER so
    built is still refused."""
    files = {
        "dbnamelint.yaml": 'paths: [schema.sql, "migrations/*.php"]\ndialect: mariadb\n',
        "schema.sql": "CREATE TABLE users (id INT NOT NULL, email VARCHAR(100), PRIMARY KEY(id));"
        "\n",
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    migration = root / "migrations/Version20261206000001.php"
    migration.parent.mkdir()
    migration.write_text(DOCTRINE)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = gate_places(*run)
        assert (status, found) == (0, []), run
    built = DOCTRINE.replace(
        "UPDATE users SET email = LOWER(email) WHERE email LIKE '$kind%'",
        "ALTER TABLE users ADD $kind INT",
    )
    migration.write_text(built)
    git(root, "add", "-A")
    status, found = gate_places("--pre-commit")
    assert status == 1, found
    assert [(f[0], f[1], f[3]) for f in found] == [
        ("DBN013", line_starting(built, '$this->addSql("ALTER'), "error")
    ], found
