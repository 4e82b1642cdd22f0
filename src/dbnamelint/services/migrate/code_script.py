"""A migrate script's statements as string literals of a code migration.

The migration files ``migrate --write`` writes in a framework's own language
(an Alembic revision: :mod:`.alembic_revision`; a Django migration:
:mod:`.django_migration`; a Knex or Sequelize one: :mod:`.knex_migration`,
:mod:`.sequelize_migration`) run the forward script and its rollback one
statement per call: :func:`statements` splits a script as the SQL reader
does (a ``DO $$ ... $$`` block, a MySQL guard block kept whole) and
:func:`python_string` writes each one as a Python literal holding it
exactly (JavaScript's: :func:`.knex_migration.template_literal`).
"""

from __future__ import annotations


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
