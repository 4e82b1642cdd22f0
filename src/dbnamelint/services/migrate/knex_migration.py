"""A migrate phase as a new Knex migration (``--write`` in a Knex project).

The migration goes into the folder of the migration that made the renamed
tables (the anchor's), named as ``knex migrate:make`` names one
(``YYYYMMDDHHMMSS_<name>.<ext>``, the UTC timestamp of
``util/timestamp.js``), past every existing name so it sorts last (Knex
runs a folder's files in name order, ``FsMigrations``); a folder numbered
another way (``001_init.js``) gets the next number, as wide. It copies the
module style and language of the folder's last migration (CommonJS
``exports.up``/``module.exports = {...}``, ESM ``export async function``,
TypeScript ``import type { Knex }``); a style not told is refused.

``up`` runs the forward script's statements, one ``await knex.raw(...)``
each, ``down`` the rollback's. Knex runs each migration in a transaction
(``config.transaction``), so the scripts carry no BEGIN/COMMIT
(:data:`.layout._OWN_TRANSACTION`; a script that does is refused,
:func:`.code_script.own_transaction_refusal`). The knexfile's ``migrations.directory``
and ``loadExtensions``, where written as literals, say which files Knex
loads and so which one is last (:mod:`.knexfile`); a knexfile naming other
directories than the anchor's folder is refused (Knex would not run the
file).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from enum import Enum
from pathlib import Path

from msgspec import Struct

from dbnamelint.services.migrate.knexfile import DEFAULT_LOAD_EXTENSIONS, knex_settings

#: ``knex migrate:make``'s prefix (``yyyymmddhhmmss``, UTC), or a number.
_TIMESTAMP = re.compile(r"^(\d{14})(?=[_-])")
_NUMBER = re.compile(r"^(\d+)(?=[_-])")


class KnexError(Exception):
    """The new migration cannot be written (a style not told, a statement
    Knex would change)."""


class Style(Enum):
    """How a Knex migration exports ``up``/``down``."""

    EXPORTS = "exports.up = async function (knex) {...}"
    OBJECT = "module.exports = { async up(knex) {...} }"
    ESM = "export async function up(knex) {...}"
    TYPESCRIPT = 'import type { Knex } from "knex"; export async function up(knex: Knex)'


class Migration(Struct, frozen=True):
    """The migration to write: its path and text."""

    path: Path
    text: str


_TS = (".ts", ".mts", ".cts")
_ESM = re.compile(
    r"^\s*export\s+(?:async\s+)?(?:function\s*\*?\s*up\b|(?:const|let|var)\s+up\b)", re.M
)
_EXPORTS = re.compile(r"^\s*(?:module\s*\.\s*)?exports\s*\.\s*up\s*=", re.M)
_OBJECT = re.compile(r"^\s*module\s*\.\s*exports\s*=\s*\{", re.M)


def style_of(path: Path, text: str) -> Style | None:
    """The module style of Knex migration ``path`` holding ``text``: ESM in a
    ``.ts`` file is :attr:`Style.TYPESCRIPT`; CommonJS in TypeScript, or no
    export of ``up`` read, None."""
    esm = _ESM.search(text) is not None
    if path.suffix.lower() in _TS:
        return Style.TYPESCRIPT if esm and not _EXPORTS.search(text) else None
    if esm:
        return Style.ESM
    if _EXPORTS.search(text):
        return Style.EXPORTS
    if _OBJECT.search(text):
        return Style.OBJECT
    return None


def _migrations(folders: Sequence[Path], extensions: Sequence[str]) -> list[Path]:
    """The files Knex loads from ``folders`` (their extension in ``extensions``,
    ``FsMigrations``' filter), sorted by name as Knex sorts them."""
    found: list[Path] = []
    for folder in folders:
        try:
            found.extend(p for p in folder.iterdir() if p.is_file() and p.suffix in extensions)
        except OSError:
            continue
    return sorted(found, key=lambda p: order(p.name))


def order(name: str) -> bytes:
    """``name``'s key in Knex's and umzug's order (lodash ``sortBy``, ``a.file >
    b.file``: JavaScript's comparison of UTF-16 code units)."""
    return name.encode("utf-16-be")


def file_name(last: str | None, slug: str, suffix: str, now: datetime, sep: str = "_") -> str:
    """The new migration's name after ``last`` (the folder's last name): a
    ``knex migrate:make`` timestamp (``now`` in UTC, or one second past
    ``last``'s when that is not earlier), or, after a name numbered another
    way (``001_init.js``), the next number as wide; ``sep`` after it
    (sequelize-cli's ``-``)."""
    stamp = _TIMESTAMP.match(last or "")
    number = _NUMBER.match(last or "")
    if number is not None and stamp is None:
        width = len(number.group(1))
        return f"{int(number.group(1)) + 1:0{width}d}{sep}{slug}{suffix}"
    when = (now if now.tzinfo else now.astimezone()).astimezone(timezone.utc)
    text = when.strftime("%Y%m%d%H%M%S")
    if stamp is not None and text <= stamp.group(1):
        try:
            text = (
                datetime.strptime(stamp.group(1), "%Y%m%d%H%M%S") + timedelta(seconds=1)
            ).strftime("%Y%m%d%H%M%S")
        except ValueError:  # not a date (99999999999999): the next number
            text = f"{int(stamp.group(1)) + 1:014d}"
    return f"{text}{sep}{slug}{suffix}"


def knex_raw_text(sql: str, dialect: str | None) -> str:
    """``sql`` as the string to give ``knex.raw`` with no bindings so that the
    database gets ``sql``. Knex's PostgreSQL client turns every ``?`` into a
    ``$n`` parameter and a ``?`` after an odd run of backslashes into a plain
    ``?``, dropping the run (``positionBindings``): each ``?`` becomes ``\\?``.
    A backslash right before a ``?`` cannot pass (the run is dropped either
    way): :class:`KnexError`. The MySQL, MariaDB and SQLite clients send the
    string as it is (``positionBindings`` returns it; mysql2 formats ``?``
    only against values, none here)."""
    from dbnamelint.dialects import Family, profile_for

    if profile_for(dialect).family is not Family.POSTGRES:
        return sql
    if "\\?" in sql:
        raise KnexError(
            "a statement holds a backslash right before a '?', which Knex's PostgreSQL "
            "client drops whatever the escape (positionBindings): --write cannot write it "
            "as a knex.raw; print the SQL without --write and run that statement another "
            "way (psql), the rest in a Knex migration"
        )
    return sql.replace("?", "\\?")


def template_literal(text: str) -> str:
    """``text`` as a JavaScript template literal: ``\\``, a backquote and ``${`` escaped."""
    escaped = text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
    return f"`{escaped}`"


def _body(sqls: Sequence[str], dialect: str | None, indent: str) -> str:
    return "".join(
        f"{indent}await knex.raw({template_literal(knex_raw_text(s, dialect))});\n" for s in sqls
    )


def render(
    style: Style, message: str, ups: Sequence[str], downs: Sequence[str], dialect: str | None
) -> str:
    """The migration's text in ``style``: ``up`` running ``ups``, ``down`` ``downs``."""
    head = (
        f"// {message}\n"
        "// Written by dbnamelint migrate: up() runs the forward script's statements,\n"
        "// down() its rollback's (Knex runs each migration in a transaction).\n\n"
    )
    if style is Style.OBJECT:
        return (
            f"{head}module.exports = {{\n"
            f"  async up(knex) {{\n{_body(ups, dialect, '    ')}  }},\n\n"
            f"  async down(knex) {{\n{_body(downs, dialect, '    ')}  }},\n}};\n"
        )
    if style is Style.EXPORTS:
        return (
            f"{head}exports.up = async function (knex) {{\n{_body(ups, dialect, '  ')}}};\n\n"
            f"exports.down = async function (knex) {{\n{_body(downs, dialect, '  ')}}};\n"
        )
    typed = style is Style.TYPESCRIPT
    signature = "(knex: Knex): Promise<void>" if typed else "(knex)"
    imports = 'import type { Knex } from "knex";\n\n' if typed else ""
    return (
        f"{head}{imports}export async function up{signature} {{\n{_body(ups, dialect, '  ')}}}\n\n"
        f"export async function down{signature} {{\n{_body(downs, dialect, '  ')}}}\n"
    )


def migration(
    anchor: Path,
    slug: str,
    message: str,
    ups: Sequence[str],
    downs: Sequence[str],
    *,
    dialect: str | None,
    now: datetime,
) -> Migration:
    """The new migration in ``anchor``'s folder, after the last one Knex loads
    from it (and from the knexfile's other migration folders). Raises
    :class:`KnexError` for a last migration whose style is not told or a
    statement Knex's client would change."""
    folder = anchor.parent
    settings = knex_settings(folder)
    folders = [folder]
    # where loadExtensions is not read, the anchor's own extension is one Knex
    # loads (its default list has no .mjs, which a knexfile then names)
    extensions: Sequence[str] = (*DEFAULT_LOAD_EXTENSIONS, anchor.suffix)
    if settings is not None:
        extensions = settings.load_extensions or extensions
        if settings.directories:
            if folder.resolve() not in [d.resolve() for d in settings.directories]:
                shown = ", ".join(d.as_posix() for d in settings.directories)
                raise KnexError(
                    f"{folder}: {settings.knexfile.name} names its migrations directory "
                    f"({shown}), not this folder, so Knex would not run a migration written "
                    "here; name this folder in migrations.directory, or print the SQL "
                    "without --write"
                )
            # Knex sorts the files of all its directories together by name
            folders = list(settings.directories)
    existing = _migrations(folders, extensions)
    last = existing[-1] if existing else anchor
    try:
        text = last.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise KnexError(f"{last}: cannot be read ({error.strerror})") from None
    style = style_of(last, text)
    if style is None:
        raise KnexError(
            f"{last}: the folder's last Knex migration exports up in a style --write does not "
            "copy (exports.up, module.exports = {...}, export async function up; TypeScript: "
            "export async function up); write the migration with `knex migrate:make` and paste "
            "the SQL into it, one knex.raw(...) per statement"
        )
    if last.suffix not in extensions:
        raise KnexError(
            f"{last}: Knex does not load it (its extension is not in the knexfile's "
            "loadExtensions), so where Knex would run a new migration is unknown; add the "
            "extension to loadExtensions, or print the SQL without --write"
        )
    name = file_name(existing[-1].name if existing else None, slug, last.suffix, now)
    if existing and order(name) <= order(existing[-1].name):
        raise KnexError(
            f"{existing[-1]}: no name knex migrate:make gives (a timestamp or the next "
            "number) sorts after it, so Knex would not run the new migration last; print "
            "the SQL without --write and name the migration yourself"
        )
    try:
        body = render(style, message, ups, downs, dialect)
    except KnexError as error:
        raise KnexError(f"{anchor.parent}: {error}") from None
    return Migration(folder / name, body)
