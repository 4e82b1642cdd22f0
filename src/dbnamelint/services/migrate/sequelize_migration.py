"""A migrate phase as a new Sequelize migration (``--write`` in a sequelize-cli project).

The migration goes into the folder of the migration that made the renamed
tables, named as ``sequelize migration:generate`` names one
(``YYYYMMDDHHMMSS-<name>.js``, UTC: ``helpers/path-helper.js``), past every
existing name so it sorts last (sequelize-cli's umzug sorts the folder's
``.js``/``.cjs``/``.ts``/``.cts`` names). It is written in sequelize-cli's
own shape, ``module.exports = { async up(queryInterface, Sequelize) {...} }``,
the one --write copies: a folder whose last migration has another shape
(umzug's ``up({ context })``, ESM, TypeScript) is refused.

sequelize-cli runs a migration in no transaction, and each
``queryInterface.sequelize.query`` may take another connection of the pool,
so ``up`` runs the forward script's statements in one
``queryInterface.sequelize.transaction``, each ``query`` given it (one
connection: MySQL's guard keeps its session variables; PostgreSQL's renames
are atomic), and ``down`` the rollback's likewise; the scripts carry no
BEGIN/COMMIT (:data:`.layout._OWN_TRANSACTION`). Sequelize sends a query
with no ``replacements`` or ``bind`` as it is, so only the template literal
is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from dbnamelint.services.migrate.knex_migration import (
    Migration,
    file_name,
    order,
    template_literal,
)

#: sequelize-cli's umzug ``pattern`` (``core/migrator.js``): no ``.d.ts``.
_LOADED = re.compile(r"^(?!.*\.d\.ts$).*\.(cjs|js|cts|ts)$")
#: sequelize-cli's shape: an object exported with ``up(queryInterface, ...)``.
_CLI_SHAPE = re.compile(
    r"^\s*module\s*\.\s*exports\s*=\s*\{.*?\bup\s*(?::\s*(?:async\s+)?function\s*)?"
    r"\(\s*(?:async\s+)?[A-Za-z_$][\w$]*\s*[,)]",
    re.M | re.DOTALL,
)


class SequelizeError(Exception):
    """The new migration cannot be written (a shape not copied)."""


def _migrations(folder: Path) -> list[Path]:
    try:
        found = [p for p in folder.iterdir() if p.is_file() and _LOADED.match(p.name)]
    except OSError:
        return []
    return sorted(found, key=lambda p: order(p.name))


def render(message: str, ups: Sequence[str], downs: Sequence[str]) -> str:
    """The migration's text: ``up`` running ``ups`` and ``down`` ``downs``,
    each in one transaction."""

    def body(sqls: Sequence[str]) -> str:
        if not sqls:
            return ""
        query = "      await queryInterface.sequelize.query"
        calls = "".join(f"{query}({template_literal(s)}, {{ transaction }});\n" for s in sqls)
        return (
            "    await queryInterface.sequelize.transaction(async (transaction) => {\n"
            f"{calls}    }});\n"
        )

    return (
        "'use strict';\n\n"
        f"// {message}\n"
        "// Written by dbnamelint migrate: up() runs the forward script's statements,\n"
        "// down() its rollback's, each in one transaction (sequelize-cli opens none).\n\n"
        "/** @type {import('sequelize-cli').Migration} */\n"
        "module.exports = {\n"
        f"  async up(queryInterface) {{\n{body(ups)}  }},\n\n"
        f"  async down(queryInterface) {{\n{body(downs)}  }},\n"
        "};\n"
    )


def migration(
    anchor: Path,
    slug: str,
    message: str,
    ups: Sequence[str],
    downs: Sequence[str],
    *,
    now: datetime,
) -> Migration:
    """The new migration after the last one sequelize-cli loads from
    ``anchor``'s folder. Raises :class:`SequelizeError`."""
    folder = anchor.parent
    existing = _migrations(folder)
    last = existing[-1] if existing else anchor
    try:
        text = last.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise SequelizeError(f"{last}: cannot be read ({error.strerror})") from None
    if last.suffix not in (".js", ".cjs") or _CLI_SHAPE.search(text) is None:
        raise SequelizeError(
            f"{last}: the folder's last Sequelize migration is not in sequelize-cli's shape "
            "(module.exports = { async up(queryInterface, Sequelize) {...} } in a .js file), "
            "the one --write copies; write the migration with `sequelize migration:generate` "
            "and paste the SQL into it, one queryInterface.sequelize.query(...) per statement"
        )
    name = file_name(existing[-1].name if existing else None, slug, last.suffix, now, "-")
    if existing and order(name) <= order(existing[-1].name):
        raise SequelizeError(
            f"{existing[-1]}: no name sequelize migration:generate gives sorts after it, so "
            "sequelize-cli would not run the new migration last; print the SQL without "
            "--write and name the migration yourself"
        )
    return Migration(folder / name, render(message, ups, downs))
