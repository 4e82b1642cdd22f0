"""The run cache notes the files beside the SQL that decide a verdict.

Which tool runs a folder, and on which database, is often said by a file
the run reads beside the SQL and never checks: ``go.mod`` (golang-migrate,
pop, zdb), ``Cargo.toml`` (sqlx, Diesel, and a workspace's
``[workspace.dependencies]``), ``package.json`` (the npm
postgres-migrations), Prisma's ``migration_lock.toml``, Flyway's ``flyway.conf`` and
Spring Boot's ``application.properties`` (their JDBC URL), and in the gate a
``sqlc.yaml`` naming sqlc's schema copy. An edit to one of
them changes the verdict; a second ``check`` that replayed the first run's
output would report what the project no longer says. Each case edits one
such file between two cached runs, after waiting out the racy window so the
first run's signatures are trusted: the second run must print what a
``--no-cache`` run prints (the oracle), and that differs from the first.
Real processes, as tests/test_runcache.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dbnamelint.core.readlog import RACY_NS
from git_helpers import init_repo, isolated_git_env
from test_runcache import _check, _fresh, _same

_PACKAGE = '[package]\nname = "x"\nversion = "0.1.0"\n'
_SQLX = _PACKAGE + '\n[dependencies]\nsqlx = {{ version = "0.7", features = ["{0}"] }}\n'
_DIESEL = _PACKAGE + '\n[dependencies]\ndiesel = {{ version = "2", features = ["{0}"] }}\n'
_GO_MOD = "module example.com/x\n\ngo 1.21\n"
_BACKTICKS = "CREATE TABLE `users` (id int);\n"  # MySQL's quotes; PostgreSQL cannot read them

_SQLC = 'version: "2"\nsql:\n  - engine: postgresql\n    schema: [{0}]\n    queries: [q.sql]\n'
#: The gate's cases: committed as the first files, then these written over them.
GATE: dict[str, dict[str, str]] = {
    # sqlc's schema copy keeps DBN008 while a sqlc config names it, at the base and
    # now (its edit already in the change, so git's list of changes stays the same)
    "sqlc.yaml": {
        "internal/db/sqlc.yaml": "# the generator's config\n" + _SQLC.format("schema.sql"),
        "internal/db/schema.sql": "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
    },
}

#: name -> (files, (the file edited, its new text), first exit code, after the edit)
CASES: dict[str, tuple[dict[str, str], tuple[str, str], int, int]] = {
    # golang-migrate refuses a duplicate version: an error only where go.mod requires it
    "go.mod": (
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "go.mod": _GO_MOD + "\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n",
            "migrations/1_a.up.sql": "CREATE TABLE a (id int);\n",
            "migrations/1_b.up.sql": "CREATE TABLE b (id int);\n",
        },
        ("go.mod", _GO_MOD),
        1,
        0,
    ),
    # sqlx stops at a duplicate version: numbered names are its only in a crate using it
    "Cargo.toml-sqlx": (
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "Cargo.toml": _SQLX.format("postgres"),
            "migrations/0001_a.sql": "CREATE TABLE a (id int);\n",
            "migrations/0001_b.sql": "CREATE TABLE b (id int);\n",
        },
        ("Cargo.toml", _PACKAGE),
        1,
        0,
    ),
    # the one driver sqlx is built with is the dialect
    "Cargo.toml-sqlx-driver": (
        {
            "dbnamelint.yaml": "paths: [migrations]\n",
            "Cargo.toml": _SQLX.format("mysql"),
            "migrations/20240101000000_a.sql": _BACKTICKS,
        },
        ("Cargo.toml", _SQLX.format("postgres")),
        0,
        1,
    ),
    "Cargo.toml-diesel": (
        {
            "dbnamelint.yaml": "paths: [migrations]\n",
            "Cargo.toml": _DIESEL.format("mysql"),
            "migrations/2024-01-01-000000_a/up.sql": _BACKTICKS,
        },
        ("Cargo.toml", _DIESEL.format("postgres")),
        0,
        1,
    ),
    # the workspace's manifest, above the crate's, holds sqlx's features
    "Cargo.toml-workspace": (
        {
            "dbnamelint.yaml": "paths: [app/migrations]\n",
            "Cargo.toml": '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\n'
            'sqlx = { version = "0.7", features = ["mysql"] }\n',
            "app/Cargo.toml": _PACKAGE + "\n[dependencies]\nsqlx = { workspace = true }\n",
            "app/migrations/20240101000000_a.sql": _BACKTICKS,
        },
        (
            "Cargo.toml",
            '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\n'
            'sqlx = { version = "0.7", features = ["postgres"] }\n',
        ),
        0,
        1,
    ),
    # postgres-migrations refuses a gap in the ids: where package.json depends on it
    "package.json": (
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "package.json": '{"dependencies": {"postgres-migrations": "^5.3.0"}}\n',
            "migrations/1_a.sql": "CREATE TABLE a (id int);\n",
            "migrations/3_b.sql": "CREATE TABLE b (id int);\n",
        },
        ("package.json", '{"dependencies": {}}\n'),
        1,
        0,
    ),
    "sqlc.yaml": (
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/001.sql": "CREATE TABLE users (id int);\n",
            "internal/db/sqlc.yaml": _SQLC.format("schema.sql"),
            "internal/db/schema.sql": "CREATE TABLE a (id int);\n",
        },
        ("internal/db/sqlc.yaml", "# the generator's config\n" + _SQLC.format("other.sql")),
        0,
        1,
    ),
    # Prisma's lock names the provider: the dialect
    "migration_lock.toml": (
        {
            "dbnamelint.yaml": "paths: [prisma/migrations]\n",
            "prisma/migrations/migration_lock.toml": 'provider = "mysql"\n',
            "prisma/migrations/20240101000000_init/migration.sql": _BACKTICKS,
        },
        ("prisma/migrations/migration_lock.toml", 'provider = "postgresql"\n'),
        0,
        1,
    ),
    # Flyway's JDBC URL names the database (session 40)
    "flyway.conf": (
        {
            "dbnamelint.yaml": "paths: [sql]\n",
            "flyway.conf": "flyway.url=jdbc:mysql://localhost/app\n",
            "sql/V1__init.sql": _BACKTICKS,
        },
        ("flyway.conf", "flyway.url=jdbc:postgresql://localhost/app\n"),
        0,
        1,
    ),
    # ... and so does a Spring Boot application's, added nearer than the root's
    "application.properties": (
        {
            "dbnamelint.yaml": "paths: [src/main/resources/db/migration]\n",
            "flyway.conf": "flyway.url=jdbc:postgresql://localhost/app\n",
            "src/main/resources/db/migration/V1__init.sql": _BACKTICKS,
        },
        (
            "src/main/resources/application.properties",
            "spring.datasource.url=jdbc:mysql://localhost/app\n",
        ),
        1,
        0,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edit_beside_the_sql_is_seen(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files, (edited, text), before, after = CASES[case]
    root, cache = tmp_path / "p", tmp_path / "cache"
    args = ("--base", "main") if case in GATE else ()
    for name, body in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    if case in GATE:
        for key, value in isolated_git_env().items():
            monkeypatch.setenv(key, value)
        init_repo(root, "base")
        for name, body in GATE[case].items():
            (root / name).write_text(body, encoding="utf-8")
    time.sleep(RACY_NS / 1e9 + 0.2)  # the first run's signatures are then trusted
    first = _check(root, cache, *args)
    again = _check(root, cache, *args)
    assert (first.code, again.replayed) == (before, True), first.stdout + first.stderr
    (root / edited).write_text(text, encoding="utf-8")
    second = _check(root, cache, *args)
    oracle = _fresh(root, cache, *args)
    assert oracle.code == after, oracle.stdout + oracle.stderr
    assert not second.replayed
    _same(second, oracle)
    # and unchanged since, it is replayed again
    third = _check(root, cache, *args)
    assert third.replayed
    _same(third, oracle)
