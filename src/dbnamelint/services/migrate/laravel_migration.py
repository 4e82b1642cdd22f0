"""A migrate phase as a new Laravel migration (``--write`` in a Laravel project).

The migration goes into the folder of the migration that made the renamed
tables (the anchor's: ``database/migrations/``), named as ``php artisan
make:migration`` names one (``YYYY_MM_DD_HHMMSS_<name>.php``, ``date('Y_m_d_His')``),
past every existing name: Laravel's ``Migrator::getMigrationFiles`` takes
the folder's ``*_*.php`` files and runs them sorted by name without
``.php``. It copies the class style of the folder's last migration: an
anonymous class (``return new class extends Migration``, Laravel 8.37+) or a
class named after the file's words (``Migrator::getMigrationClass``: the
name's fifth part on, in StudlyCase), with or without ``: void``; a style
not told is refused.

``up()`` runs the forward script's statements, one ``DB::unprepared(...)``
each, ``down()`` the rollback's. ``DB::unprepared`` is ``PDO::exec``: no
placeholders are read. ``DB::statement`` prepares the string, and PDO's own
placeholder scanner (which knows ``'...'`` and ``"..."`` but not MySQL's
backquotes) turns ``:name`` inside a backquoted name into ``?`` even with no
bindings (pdo_mysql, PHP 8.2: ```Odd :name``` became ```Odd ?```).
Each statement is a PHP single-quoted string: only ``\\`` and ``'`` are
escaped there, ``$`` is plain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from enum import Enum
from pathlib import Path

from msgspec import Struct

#: ``make:migration``'s prefix (``Y_m_d_His``).
_STAMP = re.compile(r"^(\d{4})_(\d{2})_(\d{2})_(\d{6})_")
_ANONYMOUS = re.compile(r"\breturn\s+new\s+class\b[^{;]*\bextends\b", re.IGNORECASE)
_NAMED = re.compile(
    r"^\s*(?:(?:final|abstract|readonly)\s+)*class\s+([A-Za-z_\x80-\xff][\w\x80-\xff]*)"
    r"\s+extends\b",
    re.IGNORECASE | re.MULTILINE,
)
_VOID = re.compile(r"\bfunction\s+up\s*\(\s*\)\s*:\s*void\b", re.IGNORECASE)
#: A PHP class name (ASCII letters, digits, underscore; PHP's bytes 0x80+ left out).
_CLASS_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class LaravelError(Exception):
    """The new migration cannot be written (a style not told, a name Laravel
    would not run last, a class name taken)."""


class Style(Enum):
    """How a Laravel migration declares its class."""

    ANONYMOUS = "return new class extends Migration"
    NAMED = "class CreateUsersTable extends Migration"


class Migration(Struct, frozen=True):
    """The migration to write: its path and text."""

    path: Path
    text: str


def style_of(text: str) -> Style | None:
    """The class style of the Laravel migration holding ``text``, or None
    (neither an anonymous class returned nor a named class read)."""
    if _ANONYMOUS.search(text):
        return Style.ANONYMOUS
    if _NAMED.search(text):
        return Style.NAMED
    return None


def migration_name(path: Path) -> str:
    """``Migrator::getMigrationName``: the file's name without ``.php``."""
    return path.name.replace(".php", "")


def class_name(name: str) -> str:
    """``Migrator::getMigrationClass`` of migration ``name``: its ``_``-parts
    from the fifth on, joined, in ``Str::studly`` case (``-``/``_`` split
    words, each first letter upper-cased)."""
    words = re.split(r"[-_ ]", "_".join(name.split("_")[4:]))
    return "".join(w[:1].upper() + w[1:] for w in words)


def migrations(folder: Path) -> list[Path]:
    """The files Laravel's migrator runs from ``folder`` (``glob('*_*.php')``),
    in its order (by name without ``.php``)."""
    try:
        found = [p for p in folder.glob("*_*.php") if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: migration_name(p).encode("utf-8"))


def file_name(last: str | None, slug: str, now: datetime) -> str:
    """``make:migration``'s name for ``slug`` at ``now`` (UTC), or, when the
    folder's last name (``last``, without ``.php``) is dated then or later,
    one second past it."""
    when = (now if now.tzinfo else now.astimezone()).astimezone(timezone.utc)
    found = _STAMP.match(last or "")
    if found is not None:
        try:
            theirs = datetime.strptime("".join(found.groups()), "%Y%m%d%H%M%S").replace(
                tzinfo=timezone.utc
            )
        except ValueError:  # not a date: make:migration's own stamp, checked by the caller
            theirs = None
        if theirs is not None and theirs >= when.replace(microsecond=0):
            when = theirs + timedelta(seconds=1)
    return f"{when.strftime('%Y_%m_%d_%H%M%S')}_{slug}.php"


def php_string(sql: str) -> str:
    """``sql`` as a PHP single-quoted string: ``\\`` and ``'`` escaped, the
    rest (``$``, newlines) as written."""
    return "'" + sql.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _body(sqls: Sequence[str]) -> str:
    return "".join(f"        DB::unprepared({php_string(s)});\n" for s in sqls)


def render(
    style: Style,
    message: str,
    ups: Sequence[str],
    downs: Sequence[str],
    *,
    name: str = "",
    void: bool = True,
) -> str:
    """The migration's text in ``style`` (``name``: the class of a
    :attr:`Style.NAMED` one; ``void``: ``up(): void``)."""
    typed = ": void" if void else ""
    head = (
        "<?php\n\n"
        f"// {message}\n"
        "// Written by dbnamelint migrate: up() runs the forward script's statements,\n"
        "// down() its rollback's, each with DB::unprepared (PDO::exec: no placeholders).\n\n"
        "use Illuminate\\Database\\Migrations\\Migration;\n"
        "use Illuminate\\Support\\Facades\\DB;\n\n"
    )
    opening = (
        "return new class extends Migration\n{\n"
        if style is Style.ANONYMOUS
        else f"class {name} extends Migration\n{{\n"
    )
    closing = "};\n" if style is Style.ANONYMOUS else "}\n"
    return (
        f"{head}{opening}"
        f"    public function up(){typed}\n    {{\n{_body(ups)}    }}\n\n"
        f"    public function down(){typed}\n    {{\n{_body(downs)}    }}\n"
        f"{closing}"
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
    """The new migration in ``anchor``'s folder, after the last one Laravel
    runs from it (scripts carrying their own transaction are refused before:
    :func:`.code_script.own_transaction_refusal`). Raises :class:`LaravelError`
    for a last migration whose style is not told, a name that would
    not sort last, or (a named class) a class name not valid or already taken."""
    folder = anchor.parent
    existing = migrations(folder)
    last = existing[-1] if existing else anchor
    try:
        text = last.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise LaravelError(f"{last}: cannot be read ({error.strerror})") from None
    style = style_of(text)
    if style is None:
        raise LaravelError(
            f"{last}: the folder's last Laravel migration declares its class in a style "
            "--write does not copy (return new class extends Migration, or class Name "
            "extends Migration); write the migration with `php artisan make:migration` and "
            "paste the SQL into it, one DB::unprepared('...') per statement"
        )
    name = file_name(migration_name(existing[-1]) if existing else None, slug, now)
    if existing and migration_name(Path(name)).encode() <= migration_name(existing[-1]).encode():
        raise LaravelError(
            f"{existing[-1]}: no name php artisan make:migration gives (a Y_m_d_His "
            "timestamp) sorts after it, so Laravel would not run the new migration last; "
            "print the SQL without --write and name the migration yourself"
        )
    named = class_name(migration_name(Path(name)))
    if style is Style.NAMED:
        if not _CLASS_NAME.fullmatch(named) or named[:1].isdigit():
            raise LaravelError(
                f"{folder}: the migration's class would be {named!r} (Laravel names it after "
                "the file), not a PHP class name; pass --name with words starting with a letter"
            )
        taken = [p for p in existing if _declares(p, named)]
        if taken:
            raise LaravelError(
                f"{taken[0]}: declares class {named}, the name Laravel gives the new "
                "migration's class (the migrator loads every file of the folder to roll "
                "back, and PHP cannot declare a class twice); pass --name with other words"
            )
    body = render(style, message, ups, downs, name=named, void=_VOID.search(text) is not None)
    return Migration(folder / name, body)


def _declares(path: Path, name: str) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(m.group(1).lower() == name.lower() for m in _NAMED.finditer(text))
