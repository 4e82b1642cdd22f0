"""A migrate phase as a new Kysely migration (``--write`` in a Kysely project).

The migration goes into the folder of the migration that made the renamed
tables (the anchor's: the folder a ``FileMigrationProvider`` reads). Kysely
0.28's ``Migrator`` orders migrations by name (the file name without its
extension, compared with ``localeCompare``) and refuses one named before an
executed one, so the new name continues the folder's own prefix scheme past
every migration of the folder: an ISO timestamp (``2024-01-15T10-00-00``,
``20240115T100000``), ``yyyymmddhhmmss``, kysely-ctl's ``Date.now()``
milliseconds, or a number as wide; its separator and extension are the
newest migration's. A folder whose migrations follow no one scheme is
refused: where the new name sorts is not known.

It copies the newest migration's module style (TypeScript ``export async
function up(db: Kysely<any>)``, ESM, CommonJS ``exports.up`` or
``module.exports = {...}``) and the quote and semicolon of its ``kysely``
import; ``up`` runs the forward script's statements, one ``await
sql`...`.execute(db)`` each, ``down`` the rollback's. The ``sql`` tag takes
its cooked template strings as SQL text and each ``${...}`` as a parameter,
so the template literal escapes ``\\``, a backquote and ``${``
(:func:`.knex_migration.template_literal`); with no parameters the pg and
mysql2 drivers send the text as it is (``?``, ``$1`` stay). The Migrator
runs the pending migrations in one transaction where the adapter says
``supportsTransactionalDdl`` (PostgreSQL's, not MySQL's or SQLite's), so the
scripts carry no BEGIN/COMMIT (:func:`.code_script.own_transaction_refusal`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

from dbnamelint.services.migrate.knex_migration import Migration, Style, style_of, template_literal

#: The files ``FileMigrationProvider`` loads (not ``.cjs``/``.cts``, not declarations).
_LOADED = (".js", ".ts", ".mjs", ".mts")
_DECLARATIONS = (".d.ts", ".d.mts")
#: The quote of the ``kysely`` import/require, and whether its line ends with ``;``.
_IMPORT = re.compile(
    r"""(?:\bfrom\s*(['"])kysely\1|\brequire\s*\(\s*(['"])kysely\2\s*\))[ \t]*(;?)"""
)


class KyselyError(Exception):
    """The new migration cannot be written (names in no one scheme, a style not copied)."""


class _Scheme(NamedTuple):
    """A file-name prefix scheme: its pattern and ``strftime`` format (None:
    a plain number; ``%s%f``: milliseconds since the epoch)."""

    name: str
    pattern: re.Pattern[str]
    fmt: str | None


#: Tried in order; each prefix ends before a separator (``_``, ``-``, ``.``).
_SCHEMES = (
    _Scheme(
        "ISO timestamp",
        re.compile(r"^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(?=[_.-])"),
        "%Y-%m-%dT%H-%M-%S",
    ),
    _Scheme("ISO timestamp", re.compile(r"^\d{8}T\d{6}(?=[_.-])"), "%Y%m%dT%H%M%S"),
    _Scheme("yyyymmddhhmmss timestamp", re.compile(r"^\d{14}(?=[_.-])"), "%Y%m%d%H%M%S"),
    _Scheme("millisecond timestamp", re.compile(r"^\d{13}(?=[_.-])"), "%s%f"),
    _Scheme("number", re.compile(r"^\d+(?=[_.-])"), None),
)


class _Named(NamedTuple):
    path: Path
    scheme: _Scheme | None
    prefix: str


def _named(path: Path) -> _Named:
    for scheme in _SCHEMES:
        found = scheme.pattern.match(path.name)
        if found is not None:
            return _Named(path, scheme, found.group())
    return _Named(path, None, "")


def _migrations(folder: Path) -> list[tuple[Path, str]]:
    """The Kysely migrations of ``folder`` (a loaded file exporting ``up``): (path, text)."""
    from dbnamelint.code_migrations import code_migration_kind

    found: list[tuple[Path, str]] = []
    try:
        paths = sorted(folder.iterdir())
    except OSError as error:
        raise KyselyError(f"{folder}: cannot be read ({error.strerror})") from None
    for path in paths:
        if (
            not path.is_file()
            or not path.name.endswith(_LOADED)
            or path.name.endswith(_DECLARATIONS)
        ):
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if code_migration_kind(path.as_posix(), text) is not None:
            found.append((path, text))
    return found


def _next_prefix(newest: _Named, now: datetime) -> str:
    """The prefix after ``newest``'s in its scheme: ``now`` (UTC) where later,
    else one second (millisecond, number) past it."""
    scheme = newest.scheme
    assert scheme is not None
    if scheme.fmt is None:
        return f"{int(newest.prefix) + 1:0{len(newest.prefix)}d}"
    when = (now if now.tzinfo else now.astimezone()).astimezone(timezone.utc)
    if scheme.fmt == "%s%f":
        return f"{max(int(when.timestamp() * 1000), int(newest.prefix) + 1):013d}"
    text = when.strftime(scheme.fmt)
    if text > newest.prefix:
        return text
    try:
        later = datetime.strptime(newest.prefix, scheme.fmt) + timedelta(seconds=1)
    except ValueError:  # not a date: refused by the caller's order check
        return newest.prefix
    return later.strftime(scheme.fmt)


class Import(NamedTuple):
    """The ``kysely`` import's quote and statement end (``";"`` or ``""``)."""

    quote: str
    end: str


def import_of(text: str) -> Import:
    """How migration ``text`` imports ``kysely``; where it does not, Kysely's
    documentation's (``'kysely'``, no semicolon)."""
    found = _IMPORT.search(text)
    if found is None:
        return Import("'", "")
    return Import(found.group(1) or found.group(2), found.group(3))


def render(style: Style, imported: Import, ups: Sequence[str], downs: Sequence[str]) -> str:
    """The migration's text in ``style``: ``up`` running ``ups``, ``down`` ``downs``."""
    q, end = imported

    def body(sqls: Sequence[str], indent: str) -> str:
        return "".join(f"{indent}await sql{template_literal(s)}.execute(db){end}\n" for s in sqls)

    comment = (
        "// Written by dbnamelint migrate: up() runs the forward script's statements,\n"
        "// down() its rollback's (Kysely's Migrator runs the pending migrations in one\n"
        "// transaction where the database has transactional DDL: PostgreSQL).\n\n"
    )
    if style is Style.OBJECT:
        return (
            f"const {{ sql }} = require({q}kysely{q}){end}\n\n{comment}module.exports = {{\n"
            f"  async up(db) {{\n{body(ups, '    ')}  }},\n\n"
            f"  async down(db) {{\n{body(downs, '    ')}  }},\n}}{end}\n"
        )
    if style is Style.EXPORTS:
        return (
            f"const {{ sql }} = require({q}kysely{q}){end}\n\n{comment}"
            f"exports.up = async function (db) {{\n{body(ups, '  ')}}}{end}\n\n"
            f"exports.down = async function (db) {{\n{body(downs, '  ')}}}{end}\n"
        )
    typed = style is Style.TYPESCRIPT
    names = "Kysely, sql" if typed else "sql"
    signature = "(db: Kysely<any>): Promise<void>" if typed else "(db)"
    return (
        f"import {{ {names} }} from {q}kysely{q}{end}\n\n{comment}"
        f"export async function up{signature} {{\n{body(ups, '  ')}}}\n\n"
        f"export async function down{signature} {{\n{body(downs, '  ')}}}\n"
    )


def migration(
    anchor: Path, slug: str, ups: Sequence[str], downs: Sequence[str], *, now: datetime
) -> Migration:
    """The new migration in ``anchor``'s folder, named past every Kysely
    migration of it in the folder's scheme, in the style of the newest.
    Raises :class:`KyselyError` for an anchor Kysely does not load, names in
    no one scheme, no name sorting last, or a newest migration whose style
    is not copied."""
    folder = anchor.parent
    if not anchor.name.endswith(_LOADED):
        raise KyselyError(
            f"{anchor}: Kysely's FileMigrationProvider loads .js, .ts, .mjs and .mts files "
            "only, so it would not run a migration written beside this one; print the SQL "
            "without --write"
        )
    existing = [_named(path) for path, _ in _migrations(folder)] or [_named(anchor)]
    texts = dict(_migrations(folder))
    odd = next((n for n in existing if n.scheme is None), None)
    schemes = {n.scheme.name for n in existing if n.scheme is not None}
    if odd is not None or len(schemes) > 1:
        shown = odd.path if odd is not None else existing[-1].path
        raise KyselyError(
            f"{shown}: the folder's Kysely migrations are not all named with one prefix "
            f"({', '.join(sorted(schemes)) or 'none'}; Kysely's Migrator orders them by "
            "name), so where a new migration sorts is unknown; name them in one scheme "
            "(an ISO timestamp, or a number), or print the SQL without --write"
        )
    newest = max(existing, key=lambda n: (int(re.sub(r"\D", "", n.prefix)), n.prefix, n.path.name))
    prefix = _next_prefix(newest, now)
    # a prefix sorting after every other one sorts the whole name after them
    # (same-shaped digits: localeCompare orders them as Python's str does)
    later = [n for n in existing if n.prefix >= prefix]
    scheme = newest.scheme.name if newest.scheme is not None else ""
    if later:
        raise KyselyError(
            f"{later[0].path}: no name in the folder's scheme ({scheme}) sorts after it, "
            "so Kysely's Migrator would not run the new migration last; "
            "print the SQL without --write and name the migration yourself"
        )
    text = texts.get(newest.path)
    if text is None:
        try:
            text = newest.path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise KyselyError(f"{newest.path}: cannot be read ({error.strerror})") from None
    style = style_of(newest.path, text)
    if style is None:
        raise KyselyError(
            f"{newest.path}: the folder's newest Kysely migration exports up in a style "
            "--write does not copy (TypeScript: export async function up(db: Kysely<any>); "
            "JavaScript: export async function up, exports.up, module.exports = {...}); "
            "write the migration yourself and paste the SQL into it, one "
            "sql`...`.execute(db) per statement"
        )
    sep = newest.path.name[len(newest.prefix)]
    name = f"{prefix}{sep}{slug}{newest.path.suffix}"
    return Migration(folder / name, render(style, import_of(text), ups, downs))
