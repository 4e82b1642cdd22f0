"""Liquibase formatted SQL: where changesets start, and what their lines say.

A file whose first line is ``-- liquibase formatted sql`` is a list of
changesets, each opened by a ``-- changeset author:id [attributes]`` line;
Liquibase runs each changeset on its own, so the last statement of one needs
no ``;``. Facts, from Liquibase's ``AbstractFormattedChangeLogParser``
(liquibase-standard) and its manual ("Example Changelogs: SQL Format"), each
pattern matched against a whole line, case-insensitive:

- first line: ``^\\s*--\\s*liquibase\\s*formatted.*``;
- changeset: ``\\s*--[\\s]*changeset\\s+("[^"]+"|[^:]+):\\s*("[^"]+"|\\S+).*``;
- ``splitStatements:(\\w+)`` (default true), ``endDelimiter:(\\S*)``
  (default ``;``), ``dbms:([^,][\\w!,]+)``.

``dbms`` is a comma list of Liquibase database short names; ``all`` matches
every database, ``none`` none, ``!name`` excludes one, and a list of
exclusions only matches the rest (``DatabaseList.definitionMatches``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Changeset",
    "changesets",
    "dbms_matches",
    "is_formatted_sql",
    "liquibase_dbms",
]

_FIRST_LINE = re.compile(r"[ \t]*--[ \t]*liquibase[ \t]*formatted", re.IGNORECASE)
_CHANGESET = re.compile(
    r"^[ \t]*--[ \t]*changeset[ \t]+(?:\"[^\"\n]+\"|[^:\n]+):[ \t]*(?:\"[^\"\n]+\"|\S+)[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_SPLIT = re.compile(r"splitStatements:(\w+)", re.IGNORECASE)
_END_DELIMITER = re.compile(r"\bendDelimiter:(\S*)", re.IGNORECASE)
_DBMS = re.compile(r"dbms:([^,\s][\w!,]+)", re.IGNORECASE)

#: dbnamelint dialect -> Liquibase's ``Database.getShortName()``.
_SHORT_NAMES = {
    "postgres": "postgresql",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "sqlite": "sqlite",
    "tsql": "mssql",
    "oracle": "oracle",
    "cockroach": "cockroachdb",
    "cockroachdb": "cockroachdb",
    "redshift": "redshift",
    "snowflake": "snowflake",
}


@dataclass(frozen=True, slots=True)
class Changeset:
    """One ``-- changeset`` line: offsets of the line (start, end) in the file's
    text, the line's text, and what its attributes say."""

    start: int
    end: int
    line: str
    split_statements: bool
    end_delimiter: str | None
    dbms: str | None


def is_formatted_sql(text: str) -> bool:
    """Whether ``text`` (decoded, BOM stripped) opens with Liquibase's first line."""
    return text[:1] in " \t-" and _FIRST_LINE.match(text) is not None


def changesets(text: str) -> tuple[Changeset, ...]:
    """The changeset lines of a formatted-SQL ``text``, in file order (none for
    another file)."""
    if not is_formatted_sql(text):
        return ()
    out: list[Changeset] = []
    for match in _CHANGESET.finditer(text):
        line = match.group()
        split = _SPLIT.search(line)
        delimiter = _END_DELIMITER.search(line)
        dbms = _DBMS.search(line)
        out.append(
            Changeset(
                match.start(),
                match.end(),
                line.strip(),
                split is None or split.group(1).lower() != "false",
                delimiter.group(1) or None if delimiter is not None else None,
                dbms.group(1) if dbms is not None else None,
            )
        )
    return tuple(out)


def liquibase_dbms(dialect: str) -> str | None:
    """Liquibase's short name for a dbnamelint dialect, or None (no counterpart)."""
    key = dialect.lower()
    return _SHORT_NAMES.get({"postgresql": "postgres", "mssql": "tsql"}.get(key, key))


def dbms_matches(definition: str, short_name: str) -> bool:
    """Whether a ``dbms`` definition lets Liquibase run a changeset on ``short_name``
    (``DatabaseList.definitionMatches``; an empty definition matches)."""
    names = [n.strip().lower() for n in definition.split(",") if n.strip()]
    if not names or "all" in names:
        return True
    if "none" in names or f"!{short_name}" in names:
        return False
    wanted = {n for n in names if not n.startswith("!")}
    return not wanted or short_name in wanted
