"""Trial s31 (windmill): ``migrate`` listed a DO block creating the role
``app`` (``IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN
CREATE ROLE app ...``) as "do block mentions app", as if it read the table
``app``. A word where PostgreSQL takes a role (``CREATE/ALTER/DROP ROLE``,
``GRANT ... TO``, ``REVOKE ... FROM``, ``OWNER TO``, ``SET ROLE``, a string
compared with ``pg_roles.rolname``) names a role, not a relation (PostgreSQL
manual, GRANT: "GRANT ... ON ... TO role_specification"); the table named
after ``ON`` is still a mention.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: app, rules: [DBN101], phase: "1", target: apps}
"""
SCHEMA = "CREATE TABLE app (id int PRIMARY KEY);\n"
ROLES = """\
DO
$do$
BEGIN
    IF NOT EXISTS (
        SELECT FROM pg_catalog.pg_roles
        WHERE  rolname = 'app') THEN
        CREATE ROLE app LOGIN PASSWORD 'changeme';
    END IF;
    IF 'app' <> current_user THEN
        ALTER ROLE app SET search_path = public;
    END IF;
    GRANT SELECT ON app TO app, admin;
    REVOKE ALL ON app FROM admin, app;
    ALTER TABLE app OWNER TO app;
END
$do$;
"""


def test_a_role_named_like_the_table_is_no_mention_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/001_init.sql": SCHEMA,
            "db/002_roles.sql": ROLES,
        },
        monkeypatch,
    )
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert result.exit_code == 0, result.stderr
    mentions = sorted(
        int(line.split(":")[1])
        for line in result.stdout.splitlines()
        if "002_roles.sql" in line and "mentions app" in line
    )
    # GRANT/REVOKE ... ON app and ALTER TABLE app: the table; nothing else
    assert mentions == [12, 13, 14], result.stdout
