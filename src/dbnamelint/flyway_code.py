"""Flyway's migrations written in Java or Kotlin: names, versions, locations.

Flyway (documentation, "Java-based migrations", "Locations") runs classes
implementing ``JavaMigration`` (usually extending ``BaseJavaMigration``)
found on the classpath under its locations, ``classpath:db/migration`` by
default. The class name carries the version and description as a SQL file
name does: ``V19__CreateJobRun`` (``V1_2__x``: version 1.2), ``R__x``
repeatable. One location merges every root of the classpath: the Java
classes of ``src/main/java/db/migration_postgres`` and the SQL files of
``src/main/resources/db/migration_postgres`` are one version sequence, and a
version held twice stops ``migrate`` ("Found more than one migration with
version 19").

A file is one of these migrations when its name is such a class name
(``.java`` or ``.kt``) and it sits under a ``db/migration*`` package path,
or its text implements ``JavaMigration`` or extends ``BaseJavaMigration``.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile

#: Source files of classes the JVM runs: Java and Kotlin.
SUFFIXES = (".java", ".kt")
#: ``V<version>__<description>`` or ``R__<description>``, a class file.
_NAME = lazy_compile(r"^(?:V(\d+(?:_\d+)*)|R)__\w+\.(?:java|kt)$")
#: What the class is: Flyway's interface or base class.
_CLASS = lazy_compile(
    r"\b(?:extends|implements)\b[^{;]*?\b(?:Base)?JavaMigration\b"
    r"|\bclass\s+\w+[^{;]*?:[^{;]*?\b(?:Base)?JavaMigration\b"
)
_VERSION = lazy_compile(r"^[Vv](\d+(?:[._]\d+)*)__")
_DOT = lazy_compile(r"[._]")
#: The source roots a classpath location spans (Maven and Gradle layouts).
_ROOTS = ("java", "kotlin", "resources")


def is_class_name(name: str) -> bool:
    """Whether file ``name`` is named as a Flyway Java or Kotlin migration class."""
    return _NAME.match(name) is not None


def _under_migration_package(folder: Path) -> bool:
    parts = folder.parts
    return any(a == "db" and b.startswith("migration") for a, b in pairwise(parts))


def is_code_migration(path: Path) -> bool:
    """Whether ``path`` is a Flyway Java/Kotlin migration (see the module
    docstring); reads the file's text only when its folder does not say so."""
    if not is_class_name(path.name):
        return False
    if _under_migration_package(path.parent):
        return True
    readlog.note_path(str(path))
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            text = handle.read(20000)
    except OSError:
        return False
    return _CLASS.search(text) is not None


def language(name: str) -> str:
    """``Java`` or ``Kotlin`` by the file's extension."""
    return "Kotlin" if name.lower().endswith(".kt") else "Java"


def location_folders(folder: Path) -> list[Path]:
    """The folders of the classpath location ``folder`` is in: for
    ``<module>/src/main/<root>/<package>``, that package under each of
    ``java``, ``kotlin`` and ``resources`` (``folder`` first); else
    ``folder`` alone."""
    parts = folder.parts
    for at in range(len(parts) - 3, -1, -1):
        if parts[at : at + 2] == ("src", "main") and parts[at + 2] in _ROOTS:
            base = Path(*parts[: at + 2]) if at + 2 else Path()
            package = parts[at + 3 :]
            others = [base / root / Path(*package) for root in _ROOTS if root != parts[at + 2]]
            return [folder, *others]
    return [folder]


def package_siblings(folder: Path) -> list[Path]:
    """:func:`location_folders` of ``folder`` but ``folder`` itself, when it
    is a package below a source root (not a whole ``src/main/java``)."""
    others = location_folders(folder)[1:]
    return others if others and folder.name not in _ROOTS else []


def version(name: str) -> tuple[int, ...] | None:
    """Flyway's version of a migration name (``V1_2__x.java`` -> (1, 2),
    ``V1.2__x.sql`` too), trailing zeros dropped as Flyway compares them
    (1.0 is 1); None for a repeatable or any other name."""
    found = _VERSION.match(name)
    if found is None:
        return None
    numbers = [int(n) for n in _DOT.split(found.group(1))]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def shown_version(value: tuple[int, ...]) -> str:
    """A version as Flyway prints it: ``1.2``."""
    return ".".join(str(n) for n in value)
