"""A migrate script's statements as string literals of a code migration.

The migration files ``migrate --write`` writes in a framework's own language
(an Alembic revision: :mod:`.alembic_revision`; a Django migration:
:mod:`.django_migration`; a Knex or Sequelize one: :mod:`.knex_migration`,
:mod:`.sequelize_migration`) run the forward script and its rollback one
statement per call: :func:`statements` splits a script as the SQL reader
does (a ``DO $$ ... $$`` block, a MySQL guard block kept whole) and
:func:`python_string` writes each one as a Python literal holding it
exactly (JavaScript's: :func:`.knex_migration.template_literal`).
Every one of those tools runs a migration in a transaction of its own, so a
script carrying BEGIN/COMMIT is refused (:func:`own_transaction_refusal`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

#: A statement of the script's own transaction (``--transaction``, a SQLite
#: table rebuild's), or the PRAGMA a rebuild runs outside any transaction; a
#: compound ``BEGIN NOT ATOMIC ... END`` block is none.
OWN_TRANSACTION = re.compile(
    r"(?:BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|END)(?:\s+(?:TRANSACTION|WORK))?"
    r"|PRAGMA\s+foreign_keys\b.*",
    re.IGNORECASE | re.DOTALL,
)


def own_transaction_refusal(folder: Path, sqls: Iterable[str], runner: str) -> str | None:
    """Why a code migration of ``sqls`` (the scripts' statements, as
    :func:`statements` gives them) cannot be written in ``folder``, or None:
    a statement of the script's own transaction would end, part-way, the one
    the tool runs the migration in (``runner`` says how: "Knex runs each
    migration in a transaction"), and a rebuild's ``PRAGMA foreign_keys=OFF``
    is a no-op inside one (SQLite's manual, "PRAGMA foreign_keys")."""
    if not any(OWN_TRANSACTION.fullmatch(sql.strip()) for sql in sqls):
        return None
    return (
        f"{folder}: the scripts carry a transaction of their own (--transaction or the "
        "config's migrate_transaction: true, or a SQLite table rebuild whose PRAGMA "
        f"foreign_keys=OFF must run outside any), while {runner}, which their COMMIT would "
        "end part-way; run with --no-transaction, or print the SQL without --write and run "
        "it by hand"
    )


def statements(script: str, dialect: str | None) -> list[str]:
    """``script``'s statements, each whole (a ``DO $$ ... $$`` block kept one),
    without comment-only pieces and without a trailing ``;``."""
    from dbnamelint.frontends.sql.splitting import split_statements
    from dbnamelint.model import SourceFile

    found, _ = split_statements(script, SourceFile("migration.sql", dialect or "postgres", None))
    out: list[str] = []
    for statement in found:
        text = _without_comments(statement.text).strip().rstrip(";").strip()
        if text:
            out.append(text)
    return out


def _without_comments(text: str) -> str:
    """``text`` without its leading ``--`` comment lines (the script's titles)."""
    lines = text.splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("--")):
        lines.pop(0)
    return "\n".join(lines)


def python_string(sql: str) -> str:
    """``sql`` as a raw triple-quoted Python literal, or a plain repr when it cannot be one."""
    trailing = len(sql) - len(sql.rstrip("\\"))
    if trailing % 2 == 0:  # a raw literal cannot end with an odd run of backslashes
        for quotes in ('"""', "'''"):
            if quotes not in sql and not sql.endswith(quotes[0]):
                return f"r{quotes}{sql}{quotes}"
    return repr(sql)
