"""A migrate phase as a new TypeORM migration (``--write`` in a TypeORM project).

The migration goes into the folder of the migration that made the renamed
tables, named as ``typeorm migration:create`` names one
(``<timestamp>-<Name>.<ext>``, the class ``<Name><timestamp>``: TypeORM 1.1
``MigrationCreateCommand``, ``StringUtils.camelCase(name, true)``). TypeORM
orders and records migrations by the 13-digit JavaScript timestamp their
class name ends with (``MigrationExecutor.getMigrations``), so the new one's
is now in milliseconds, or one past the folder's newest where that is not
earlier. It copies the language and module style of that newest migration
(TypeScript ``export class X implements MigrationInterface``, CommonJS
``module.exports = class X``, ESM ``export class X``; another style refused)
and the quote of its ``"typeorm"`` import or ``name`` field, in the shape
``typeorm migration:generate`` writes: ``name = '<class>'``, ``up`` running
the forward script's statements with one ``await queryRunner.query(`...`)``
each, ``down`` the rollback's.

TypeORM sends a query with no parameters as written (the pg client's simple
query, mysql2's ``query`` with no values): only the template literal is
escaped (:func:`.knex_migration.template_literal`, as ``migration:generate``'s
``escapeTemplateLiteral``). TypeORM runs the pending migrations in a
transaction (``migrationsTransactionMode``, ``'all'`` by default), so the
scripts carry no BEGIN/COMMIT (:func:`.code_script.own_transaction_refusal`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from dbnamelint.services.migrate.knex_migration import Migration, template_literal

#: The files TypeORM's glob of a migrations folder usually takes; not ``.d.ts``.
_SOURCES = (".ts", ".mts", ".cts", ".js", ".cjs", ".mjs")
_TS = (".ts", ".mts", ".cts")
#: The class ``up(queryRunner)`` of TypeORM's templates, exported one of three ways.
_TS_CLASS = re.compile(r"^\s*export\s+class\s+[\w$]+\s+implements\s+MigrationInterface\b", re.M)
_ESM_CLASS = re.compile(r"^\s*export\s+(?:default\s+)?class\s+[\w$]+", re.M)
_CJS_CLASS = re.compile(r"^\s*module\s*\.\s*exports\s*=\s*class\s+[\w$]+", re.M)
_UP = re.compile(r"\bup\s*\(\s*queryRunner\b")
_CLASS = re.compile(r"\bclass\s+[A-Za-z_$][\w$]*")
#: The quote of the ``typeorm`` import/require, and of the ``name`` field.
_IMPORT_QUOTE = re.compile(r"""\bfrom\s*(['"])typeorm\1|\brequire\s*\(\s*(['"])typeorm\2""")
_NAME_QUOTE = re.compile(r"""^[ \t]*(?:public\s+)?name\s*(?::\s*string\s*)?=\s*(['"])""", re.M)
#: The largest timestamp a class name's last 13 characters hold.
_LAST = 9_999_999_999_999


class TypeormError(Exception):
    """The new migration cannot be written (a style not copied, a name TypeORM refuses)."""


class Style(Enum):
    """How a TypeORM migration exports its class."""

    TYPESCRIPT = "export class X implements MigrationInterface"
    COMMONJS = "module.exports = class X"
    ESM = "export class X"


def style_of(path: Path, text: str) -> Style | None:
    """The style of TypeORM migration ``path`` holding ``text``, or None
    (no ``up(queryRunner)``, or a class exported another way)."""
    if _UP.search(text) is None:
        return None
    if path.suffix.lower() in _TS:
        return Style.TYPESCRIPT if _TS_CLASS.search(text) else None
    if _CJS_CLASS.search(text):
        return Style.COMMONJS
    if _ESM_CLASS.search(text):
        return Style.ESM
    return None


def class_stem(name: str) -> str:
    """``name`` as ``typeorm migration:create`` makes it a class name's start
    (``StringUtils.camelCase(name, true)``: ``rename_phase_1`` ->
    ``RenamePhase1``)."""

    def upper(found: re.Match[str]) -> str:
        return found.group(2).upper() if found.group(2) else found.group(1).lower()

    return re.sub(r"^([A-Z])|[\s\-_](\w)", upper, " " + name, flags=re.ASCII)


def _migrations(paths: Sequence[Path]) -> list[tuple[int | None, Path, str]]:
    """The TypeORM migrations among ``paths``: (timestamp or None, path, text)."""
    from dbnamelint.typeorm_schema import is_typeorm_class, typeorm_timestamp

    found: list[tuple[int | None, Path, str]] = []
    for path in paths:
        if not path.is_file() or not path.name.endswith(_SOURCES) or path.name.endswith(".d.ts"):
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        # a file declaring no class (an index listing the migrations, typed
        # MigrationInterface[]) is none TypeORM runs
        if _CLASS.search(text) is not None and is_typeorm_class(text):
            found.append((typeorm_timestamp(text), path, text))
    return found


class Quotes(NamedTuple):
    """The quotes of the ``"typeorm"`` import and of ``name = '...'``."""

    module: str
    name: str


def quotes_of(text: str) -> Quotes:
    """The quotes migration ``text`` writes; where it writes no import or no
    ``name`` field, ``migration:generate``'s (``"typeorm"``, ``name = '...'``),
    or the import's for a missing ``name``."""
    module = _IMPORT_QUOTE.search(text)
    name = _NAME_QUOTE.search(text)
    imported = None if module is None else str(module.group(1) or module.group(2))
    return Quotes(imported or '"', str(name.group(1)) if name else imported or "'")


def render(
    style: Style, class_name: str, quotes: Quotes, ups: Sequence[str], downs: Sequence[str]
) -> str:
    """The migration's text in ``style``: class ``class_name`` whose ``up``
    runs ``ups`` and ``down`` ``downs``, its literals in ``quotes``."""

    def body(sqls: Sequence[str]) -> str:
        return "".join(f"        await queryRunner.query({template_literal(s)});\n" for s in sqls)

    named = f"    name = {quotes.name}{class_name}{quotes.name}\n\n"
    comment = (
        "// Written by dbnamelint migrate: up() runs the forward script's statements,\n"
        "// down() its rollback's (TypeORM runs the migrations in a transaction).\n"
    )
    if style is Style.TYPESCRIPT:
        q = quotes.module
        return (
            f"import {{ MigrationInterface, QueryRunner }} from {q}typeorm{q};\n\n{comment}"
            f"export class {class_name} implements MigrationInterface {{\n{named}"
            "    public async up(queryRunner: QueryRunner): Promise<void> {\n"
            f"{body(ups)}    }}\n\n"
            "    public async down(queryRunner: QueryRunner): Promise<void> {\n"
            f"{body(downs)}    }}\n\n}}\n"
        )
    export = "module.exports =" if style is Style.COMMONJS else "export"
    typedefs = (
        "/**\n * @typedef {import('typeorm').MigrationInterface} MigrationInterface\n"
        " * @typedef {import('typeorm').QueryRunner} QueryRunner\n */\n\n"
    )
    param = "    /**\n     * @param {QueryRunner} queryRunner\n     */\n"
    return (
        f"{typedefs}{comment}\n/**\n * @class\n * @implements {{MigrationInterface}}\n */\n"
        f"{export} class {class_name} {{\n{named}"
        f"{param}    async up(queryRunner) {{\n{body(ups)}    }}\n\n"
        f"{param}    async down(queryRunner) {{\n{body(downs)}    }}\n}}\n"
    )


def migration(
    anchor: Path,
    slug: str,
    ups: Sequence[str],
    downs: Sequence[str],
    *,
    now: datetime,
    replayed: Sequence[Path] = (),
) -> Migration:
    """The new migration in ``anchor``'s folder, in the style of the folder's
    newest, its timestamp past every TypeORM migration of the folder and of
    ``replayed`` (the files the reader replays: it orders TypeORM's by
    timestamp across folders, as a DataSource glob naming several does).
    Raises :class:`TypeormError` for a migration of the folder whose
    timestamp TypeORM cannot read, a newest one in a style not copied, or a
    name that is no class name."""
    folder = anchor.parent
    try:
        existing = _migrations(sorted(folder.iterdir()))
    except OSError as error:
        raise TypeormError(f"{folder}: cannot be read ({error.strerror})") from None
    here = {path for _, path, _ in existing}
    elsewhere = [
        stamp
        for stamp, path, _ in _migrations([p for p in replayed if p.parent != folder])
        if stamp is not None and path not in here
    ]
    unread = [path for stamp, path, _ in existing if stamp is None]
    if unread:
        raise TypeormError(
            f"{unread[0]}: TypeORM reads no timestamp from its class name (the last 13 "
            "characters of its name field or class name), so where a new migration comes "
            "in TypeORM's order is unknown; name it as typeorm migration:create does "
            "(<Name><13-digit timestamp>), or print the SQL without --write"
        )
    stamps = [(stamp, path, text) for stamp, path, text in existing if stamp is not None]
    newest = max(stamps, key=lambda found: found[0]) if stamps else None
    if newest is None:
        raise TypeormError(f"{folder}: no TypeORM migration class found here")
    stamp_of_newest, last, text = newest
    style = style_of(last, text)
    if style is None:
        raise TypeormError(
            f"{last}: the folder's newest TypeORM migration exports its class in a style "
            "--write does not copy (TypeScript: export class X implements "
            "MigrationInterface; JavaScript: module.exports = class X, or export class X; "
            "each with up(queryRunner)); write the migration with `typeorm migration:create` "
            "and paste the SQL into it, one queryRunner.query(...) per statement"
        )
    stamp = max(int(now.timestamp() * 1000), stamp_of_newest + 1, *(s + 1 for s in elsewhere))
    if stamp > _LAST:
        raise TypeormError(
            f"{last}: no 13-digit timestamp is later than its, so TypeORM would not run a "
            "new migration last; print the SQL without --write"
        )
    stem = class_stem(slug)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", stem, flags=re.ASCII) is None:
        raise TypeormError(
            f"{folder}: the migration's name {slug!r} makes no JavaScript class name "
            f"({stem}{stamp}); pass a --name that starts with a letter"
        )
    class_name = f"{stem}{stamp:013d}"
    body = render(style, class_name, quotes_of(text), ups, downs)
    return Migration(folder / f"{stamp:013d}-{stem}{last.suffix}", body)


def listing_note(new: Path, text: str) -> str | None:
    """What to add where a file of ``new``'s folder that is no migration (an
    ``index.ts`` exporting the classes for the DataSource's ``migrations``)
    names an existing migration class: TypeORM given classes runs only those,
    so the new one (``text``) must be added there too; else None."""
    declared = _CLASS.search(text)
    if declared is None:
        return None
    try:
        existing = _migrations(sorted(new.parent.iterdir()))
    except OSError:
        return None
    classes = [
        found.group()[len("class") :].strip()
        for _, path, body in existing
        if path != new and (found := _CLASS.search(body)) is not None
    ]
    migrations = {path for _, path, _ in existing}
    for path in sorted(new.parent.iterdir()):
        if path in migrations or path == new or not path.name.endswith(_SOURCES):
            continue
        try:
            body = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        named = next(
            (c for c in classes if re.search(rf"(?<![\w$]){re.escape(c)}(?![\w$])", body)), None
        )
        if named is not None:
            added = declared.group()[len("class") :].strip()
            try:
                shown = path.resolve().relative_to(Path.cwd().resolve())
            except ValueError:
                shown = path
            return (
                f"{shown} lists the migration classes ({named}): add {added} (from "
                f"./{new.stem}) to it, or TypeORM, given the classes, does not run it"
            )
    return None
