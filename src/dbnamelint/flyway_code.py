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
or its class is a ``JavaMigration``: it implements ``JavaMigration`` or
extends ``BaseJavaMigration``, or extends or implements a class of the
project that is one (Flyway's ``ClassUtils.loadClass`` keeps a class when
``JavaMigration.class.isAssignableFrom(clazz)``, which holds through every
superclass: kestra's ``V1_28__AddRetry extends KestraMigration``, an
abstract ``KestraMigration extends BaseJavaMigration``, trial s28). The
superclass is looked for as javac and kotlinc find it: in the same package
(the file's folder, and that package under the module's other source roots),
by its ``import`` or its qualified name below the file's source root.
"""

from __future__ import annotations

import re
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
#: A class, interface or object declaration's head up to its body: the name, then
#: what follows (``extends A implements B``, Kotlin's ``(...) : A(), B``).
_DECLARATION = r"\b(?:class|interface|object)\s+{name}\b([^{{;]*)"
#: A type's name, maybe qualified (``a.b.C``).
_TYPE = lazy_compile(r"[A-Za-z_][\w.]*")
#: Words of a declaration's head that name no supertype.
_NOT_TYPES = frozenset(("extends", "implements", "where", "permits", "out", "in"))
_IMPORT = lazy_compile(r"^\s*import\s+([\w.]+)\s*;?\s*$", re.MULTILINE)
_PACKAGE = lazy_compile(r"^\s*package\s+([\w.]+)", re.MULTILINE)
_ANGLES = lazy_compile(r"<[^<>]*>")
_PARENS = lazy_compile(r"\([^()]*\)")
#: How many superclasses deep a class is followed to Flyway's.
_DEPTH = 8
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


def is_code_migration(path: Path, text: str | None = None) -> bool:
    """Whether ``path`` is a Flyway Java/Kotlin migration (see the module
    docstring); reads the file's text (``text`` when given) only when its
    folder does not say so, and its superclasses' files when it names none
    of Flyway's."""
    if not is_class_name(path.name):
        return False
    if _under_migration_package(path.parent):
        return True
    if text is None:
        text = _head(path)
        if text is None:
            return False
    return _is_java_migration(path, text[:20000], set(), 0)


def _head(path: Path) -> str | None:
    readlog.note_path(str(path))
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(20000)
    except OSError:
        return None


def _is_java_migration(path: Path, text: str, seen: set[Path], depth: int) -> bool:
    """Whether the class of file ``path`` (holding ``text``) is a
    ``JavaMigration``: it names Flyway's, or a supertype of it is one."""
    if _CLASS.search(text) is not None:
        return True
    if depth >= _DEPTH:
        return False
    seen.add(path)
    for name in _supertypes(text, path.stem):
        for candidate in _type_files(path, text, name):
            if candidate in seen:
                continue
            found = _head(candidate)
            if found is not None and _is_java_migration(candidate, found, seen, depth + 1):
                return True
    return False


def _supertypes(text: str, name: str) -> list[str]:
    """The names class ``name`` of ``text`` extends or implements."""
    found = re.search(_DECLARATION.format(name=re.escape(name)), text)
    if found is None:
        return []
    head = found.group(1)
    for pattern in (_ANGLES, _PARENS):  # type arguments, Kotlin's constructors
        while True:
            shorter = pattern.sub(" ", head)
            if shorter == head:
                break
            head = shorter
    at = re.search(r"\b(?:extends|implements)\b|:", head)
    if at is None:
        return []
    return [t for t in _TYPE.findall(head[at.start() :]) if t not in _NOT_TYPES]


def _type_files(path: Path, text: str, name: str) -> list[Path]:
    """The source files that may hold type ``name`` as ``path``'s code
    names it: its package's (``path``'s folder and that package under the
    module's other source roots), its import's, or its qualified name's,
    below ``path``'s source root."""
    simple = name.rsplit(".", 1)[-1]
    packages = location_folders(path.parent) if "." not in name else []
    package = _PACKAGE.search(text)
    parts = tuple(package.group(1).split(".")) if package else ()
    if parts and len(path.parent.parts) > len(parts) and path.parent.parts[-len(parts) :] == parts:
        root = Path(*path.parent.parts[: -len(parts)])
        qualified = [name] if "." in name else []
        qualified += [i for i in _IMPORT.findall(text) if i.rsplit(".", 1)[-1] == simple]
        for full in qualified:
            for base in location_folders(root):
                packages.append(base.joinpath(*full.split(".")[:-1]))
    out: list[Path] = []
    for folder in packages:
        for suffix in SUFFIXES:
            candidate = folder / f"{simple}{suffix}"
            if candidate in out:
                continue
            readlog.note_path(str(candidate))  # the run cache: a superclass added later
            if candidate.is_file():
                out.append(candidate)
    return out


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
