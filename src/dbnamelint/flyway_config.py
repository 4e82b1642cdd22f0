"""The database a Flyway project's configuration names for its migrations.

Flyway runs ``V1__init.sql`` on the database of its ``url``, a JDBC URL
(``jdbc:mysql://host/app``), which the SQL itself need not show: a plain
``CREATE TABLE UserAccounts (id int)`` keeps its case on MySQL and folds to
``useraccounts`` on PostgreSQL. The URL is written in the project's
``flyway.conf`` (Flyway docs, "Configuration files": ``flyway.url=``; also
``conf/flyway.conf``), its ``flyway.toml`` (Flyway 10's TOML: ``url =`` of an
``[environments.*]`` table), or, in a Spring Boot application whose
migrations are ``src/main/resources/db/migration``, its
``application.properties``/``application.yml`` (Spring Boot docs, "Data
Access > Database Initialization": ``spring.datasource.url``, or
``spring.flyway.url`` for Flyway alone). The first folder from a migration's
own up to :data:`_PARENTS` above holding one of those files answers; a file
whose URLs name two databases (profiles of a Spring file, environments of a
TOML one) or only one dbnamelint does not know (H2, HSQLDB, Derby) says none.
"""

from __future__ import annotations

import re
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile

#: The files that configure Flyway, in the order a folder's are read.
_FLYWAY_FILES = ("flyway.conf", "conf/flyway.conf", "flyway.toml")
#: Spring Boot's default-profile application files (in ``src/main/resources``).
_SPRING_FILES = (
    "application.properties",
    "application.yml",
    "application.yaml",
    "config/application.properties",
    "config/application.yml",
    "config/application.yaml",
)
#: How many folders above the migrations folder are searched.
_PARENTS = 6
#: A JDBC URL's subprotocol (``jdbc:mysql:``, ``jdbc:jtds:sqlserver:``), on a line
#: that is not a comment (``#`` in properties, TOML and YAML; ``!`` in properties).
_JDBC = lazy_compile(r"jdbc:(?P<sub>[a-z0-9]+)(?::(?P<sub2>[a-z0-9]+))?[:/]", re.IGNORECASE)
_COMMENT = lazy_compile(r"^\s*[#!]")
#: JDBC subprotocols -> dbnamelint's dialects (each driver's documented URL
#: form: PostgreSQL's pgJDBC ``jdbc:postgresql:``, MySQL Connector/J, MariaDB
#: Connector/J, Microsoft's ``jdbc:sqlserver:`` and jTDS's ``jdbc:jtds:sqlserver:``,
#: Oracle's ``jdbc:oracle:thin:``, xerial's ``jdbc:sqlite:``, YugabyteDB's
#: ``jdbc:yugabytedb:``; CockroachDB is reached through pgJDBC).
_SUBPROTOCOLS = {
    "postgresql": "postgres",
    "pgsql": "postgres",
    "yugabytedb": "postgres",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "sqlserver": "tsql",
    "oracle": "oracle",
    "sqlite": "sqlite",
    "redshift": "redshift",
    "snowflake": "snowflake",
    "clickhouse": "clickhouse",
    "ch": "clickhouse",
    "duckdb": "duckdb",
    "databricks": "databricks",
    "trino": "trino",
    "presto": "presto",
    "singlestore": "singlestore",
}


def file_dialect(text: str) -> str | None:
    """The one dialect the JDBC URLs of a configuration file's ``text`` name,
    or None: none, several, or one dbnamelint does not know."""
    found: set[str | None] = set()
    for line in text.splitlines():
        if _COMMENT.match(line):
            continue
        for url in _JDBC.finditer(line):
            sub = url.group("sub").lower()
            if sub == "jtds" and (url.group("sub2") or "").lower() == "sqlserver":
                sub = "sqlserver"
            found.add(_SUBPROTOCOLS.get(sub))
    return found.pop() if len(found) == 1 else None


def _candidates(folder: Path) -> list[Path]:
    """The configuration files ``folder`` may hold, in the order read."""
    names = list(_FLYWAY_FILES)
    if folder.name == "resources":  # src/main/resources of a Spring Boot application
        names += _SPRING_FILES
    return [folder / name for name in names]


def flyway_config_dialect(migrations: Path) -> str | None:
    """The dialect the Flyway (or Spring Boot) configuration of the
    migrations folder ``migrations`` (absolute) names, or None. Each file
    looked for is noted for the run cache, present or not: adding one
    changes the answer."""
    folder = migrations
    for _ in range(_PARENTS + 1):
        for candidate in _candidates(folder):
            readlog.note_side(str(candidate))
            try:
                text = candidate.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                continue
            if _JDBC.search(text) is not None:
                return file_dialect(text)
        if (folder / ".git").exists() or folder.parent == folder:
            return None  # the repository's top: nothing above is the project's
        folder = folder.parent
    return None
