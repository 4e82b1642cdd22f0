"""The ``verify/`` script of a rename change: checks that the new names exist.

``sqitch verify`` (and ``sqitch deploy --verify``) runs a change's verify
script after deploying it and fails the change when the script raises an
error (sqitch manual, "sqitch-verify"; its tutorials check a table with
``SELECT cols FROM t WHERE FALSE`` and a function with ``has_function_privilege``).
The script is built from the forward script itself, read with the project's
own SQL reader, so it checks exactly what that script renames and creates:

* every table it renames or whose columns it renames: ``SELECT <new columns>
  FROM <new table> WHERE 1 = 0`` fails if either is missing;
* every view it creates (the compatibility views, under the old names):
  ``SELECT * FROM <view> WHERE 1 = 0``;
* PostgreSQL only, renamed indexes and sequences (``'name'::regclass`` fails
  when there is no such relation) and renamed constraints
  (``1/COUNT(*)`` over ``pg_constraint`` divides by zero when it is missing).
  MySQL and SQLite return NULL for a division by zero instead of failing,
  so there they are left to the table checks.

Names are quoted as the engine stores them. A change whose engine is not
PostgreSQL, MySQL or SQLite, or whose forward script cannot be read, keeps
sqitch's template (which checks nothing).
"""

from __future__ import annotations

from msgspec import Struct, field

from dbnamelint.dialects import profile_for
from dbnamelint.dialects.profile import DialectProfile
from dbnamelint.model import EventOp, ObjectKind, SourceFile
from dbnamelint.runner.pipeline import split_statements

#: sqitch engine (``[core] engine`` of sqitch.conf) -> our dialect.
ENGINES = {"pg": "postgres", "mysql": "mysql", "sqlite": "sqlite"}


class _Checks(Struct):
    """What the forward script leaves to verify, in the order it names them."""

    tables: dict[tuple[str | None, str], list[str]] = field(default_factory=dict)
    views: list[tuple[str | None, str]] = field(default_factory=list)
    relations: list[tuple[str | None, str]] = field(default_factory=list)  # indexes, sequences
    constraints: list[tuple[tuple[str | None, str], str]] = field(default_factory=list)


def _stored(profile: DialectProfile, name: str, quoted: bool) -> str:
    return profile.fold(name, quoted)


def _checks(forward: str, dialect: str) -> _Checks:
    from dbnamelint.frontends.sql.parsing import parse_statements

    profile = profile_for(dialect)
    statements, _ = split_statements(forward, SourceFile("forward.sql", dialect, None))
    found = _Checks()

    def table_of(schema: str | None, name: str, quoted: bool) -> tuple[str | None, str]:
        return (schema, _stored(profile, name, quoted))

    for event in parse_statements(statements).events:
        if event.op is EventOp.RENAME and event.new_name is not None:
            new = _stored(profile, event.new_name, event.new_quoted)
            if event.kind is ObjectKind.TABLE:
                found.tables.setdefault((event.new_schema or event.schema, new), [])
            elif event.kind is ObjectKind.COLUMN and event.table is not None:
                owner = table_of(event.table.schema, event.table.name, event.table.quoted)
                columns = found.tables.setdefault(owner, [])
                if new not in columns:
                    columns.append(new)
            elif event.kind in (ObjectKind.INDEX, ObjectKind.SEQUENCE):
                found.relations.append((event.schema, new))
            elif event.kind is ObjectKind.CONSTRAINT and event.table is not None:
                owner = table_of(event.table.schema, event.table.name, event.table.quoted)
                found.constraints.append((owner, new))
        elif event.op is EventOp.CREATE and event.kind is ObjectKind.VIEW and event.name:
            found.views.append((event.schema, _stored(profile, event.name, event.quoted)))
    return found


def _name(profile: DialectProfile, schema: str | None, name: str) -> str:
    return f"{profile.quote(schema)}.{profile.quote(name)}" if schema else profile.quote(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def verify_statements(forward: str, engine: str) -> list[str] | None:
    """The verify script's checks for ``forward`` on sqitch ``engine``, or
    None when the engine is not one dbnamelint reads or nothing could be read."""
    dialect = ENGINES.get(engine)
    if dialect is None:
        return None
    try:
        found = _checks(forward, dialect)
    except Exception:  # a script the reader cannot take: keep the template
        return None
    profile = profile_for(dialect)
    false = "FALSE" if dialect == "postgres" else "1 = 0"
    out: list[str] = []
    for (schema, table), columns in found.tables.items():
        listed = ", ".join(profile.quote(c) for c in columns) or "1"
        out.append(f"SELECT {listed} FROM {_name(profile, schema, table)} WHERE {false};")
    for schema, view in found.views:
        out.append(f"SELECT * FROM {_name(profile, schema, view)} WHERE {false};")
    if dialect == "postgres":
        for schema, relation in found.relations:
            out.append(f"SELECT {_literal(_name(profile, schema, relation))}::regclass;")
        for (schema, table), constraint in found.constraints:
            out.append(
                "SELECT 1 / COUNT(*) FROM pg_catalog.pg_constraint WHERE conrelid = "
                f"{_literal(_name(profile, schema, table))}::regclass "
                f"AND conname = {_literal(constraint)};"
            )
    return out or None
