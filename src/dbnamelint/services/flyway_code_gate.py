"""The gate on Flyway's Java and Kotlin migrations (:mod:`dbnamelint.flyway_code`):
applied and recorded as the SQL ones of their classpath location, never
read as SQL (``DBN014``). What ``check --base`` and the hook say of them:

- ``DBN025``: one committed at the base and edited since (comments and
  layout aside), deleted, or renamed (Flyway records its version and
  description: a database that ran it no longer finds it, ``validate``
  fails, a new one runs the edited code);
- ``DBN016``: a migration new since the base whose version a committed one
  of the location already holds, one of the two being code ("Found more
  than one migration with version 19"), a new class below the highest
  committed version, and a new SQL file below it where a committed class
  is what makes it late (Flyway, ``outOfOrder`` off, refuses both on a
  database past it: "Detected resolved migration not applied to database");
- ``DBN013``: a class new since the base one of whose string literals holds
  DDL, unless ``// dbnamelint: ignore[DBN013] <reason>`` in the file accepts it.

The locations are those of the folders a walk noted such classes in (the
``DBN014`` notes of the run and of the base's); the files, what git has there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from dbnamelint import flyway_code
from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import CODE_MIGRATION_CODE
from dbnamelint.gitutil import diff_names, relative_to_repo, repository_root, run_git, show_bytes
from dbnamelint.migration_versions import DUPLICATE_VERSION_CODE
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.services.code_migrations import (
    DYNAMIC_CODE,
    EDITED_CODE,
    Token,
    code_difference,
    code_text,
    ddl_literals,
    is_comment,
    now_bytes,
    tokens_of,
)

#: One Java or Kotlin token: a comment, a text block or raw string, a string
#: or character literal, a word, or one character.
_JVM_TOKEN = lazy_compile(
    r'//[^\n]*|/\*.*?(?:\*/|\Z)|""".*?(?:"""|\Z)|"(?:[^"\\\n]|\\.)*"?|'
    r"'(?:[^'\\\n]|\\.)*'?|\w+|\S",
    re.DOTALL,
)
_SQL = lazy_compile(r"\.sql$", re.IGNORECASE)


def jvm_tokens(text: str) -> list[Token]:
    """``text``'s Java/Kotlin tokens with their lines, comments included."""
    return tokens_of(_JVM_TOKEN, text)


def _code(text: str) -> list[Token]:
    return [t for t in jvm_tokens(text) if not is_comment(t[0])]


def _is_class(name: str) -> bool:
    return name.lower().endswith(flyway_code.SUFFIXES) and flyway_code.is_class_name(name)


def _listing(data: bytes, folder: str) -> set[str]:
    prefix = folder + "/"
    out: set[str] = set()
    for entry in data.decode("utf-8", "surrogateescape").split("\0"):
        rest = entry[len(prefix) :] if entry.startswith(prefix) else ""
        if rest and "/" not in rest:
            out.add(entry)
    return out


def flyway_code_gate(
    current: Sequence[Diagnostic],
    base: Collection[str],
    cwd: Path,
    commit: str,
    ref: str,
    *,
    staged: bool = False,
) -> list[Diagnostic]:
    """``DBN025``, ``DBN016`` and ``DBN013`` for the Flyway Java/Kotlin
    migrations of the locations the run's ``DBN014`` notes (``current``) and
    the base's (``base``, the notes' paths) name: see the module docstring.
    Raises :class:`~dbnamelint.gitutil.GitError` when git fails."""
    noted = [d.location.path for d in current if d.code == CODE_MIGRATION_CODE]
    folders = {Path(p).parent for p in (*noted, *base) if p.lower().endswith(flyway_code.SUFFIXES)}
    if not folders:
        return []
    repo = repository_root(cwd)
    listed = diff_names(repo, commit, cached=staged).decode("utf-8", "surrogateescape")
    changed = set(filter(None, listed.split("\0")))
    locations: dict[frozenset[str], None] = {}
    for folder in sorted(folders):
        rels = [
            relative_to_repo(repo, Path(os.path.normpath(cwd / f)))
            for f in flyway_code.location_folders(folder)
        ]
        locations.setdefault(frozenset(r for r in rels if r), None)
    out: list[Diagnostic] = []
    for location in locations:
        at_base: set[str] = set()
        now: set[str] = set()
        for rel in sorted(location):
            at_base |= _listing(
                run_git(repo, "ls-tree", "--name-only", "-z", commit, "--", rel + "/"), rel
            )
            if staged:
                now |= _listing(run_git(repo, "ls-files", "-z", "--", rel + "/", index=True), rel)
                continue
            readlog.note_side(str(repo / rel))  # the run cache: a class added or deleted
            try:
                names = {e.name for e in os.scandir(repo / rel) if e.is_file()}
            except OSError:
                names = set()
            now |= {f"{rel}/{n}" for n in names}
            for name in names:  # the run cache: an edit of any of them
                if _is_class(name):
                    readlog.note_side(str(repo / rel / name))

        def shown(rel: str) -> str:
            return Path(os.path.relpath(repo / rel, cwd)).as_posix()

        out += _location(repo, at_base, now, changed, commit, ref, staged, shown)
    return out


def _location(
    repo: Path,
    at_base: set[str],
    now: set[str],
    changed: set[str],
    commit: str,
    ref: str,
    staged: bool,
    shown: Callable[[str], str],
) -> list[Diagnostic]:
    classes_base = {p for p in at_base if _is_class(Path(p).name)}
    classes_now = {p for p in now if _is_class(Path(p).name)}
    added = sorted(classes_now - classes_base)
    texts: dict[str, str] = {}
    for rel in added:
        data = now_bytes(repo, rel, staged)
        if data is not None:
            texts[rel] = code_text(data)
    out: list[Diagnostic] = []
    for rel in sorted(classes_base):
        if rel not in changed and rel in now:
            continue
        before_bytes = show_bytes(repo, commit, rel)
        if before_bytes is None:
            continue
        before = code_text(before_bytes)
        kind = flyway_code.language(rel)
        head = f"this Flyway {kind} migration was committed at {ref} and this change "
        if rel in now:
            data = now_bytes(repo, rel, staged)
            if data is None or data == before_bytes:
                continue
            line = code_difference(before, code_text(data), _code)
            if line is None:
                continue
            out.append(
                Diagnostic(
                    Location(shown(rel), line, 1),
                    Severity.ERROR,
                    f"{head}edits it: an applied migration must not change (every database "
                    "that ran it keeps what it created, a new one runs the edited code; "
                    "Flyway records it as applied by its version and description): restore "
                    "the file and write the change as a new migration (`dbnamelint migrate` "
                    "writes renames)",
                    EDITED_CODE,
                )
            )
            continue
        moved = next(
            (n for n in added if code_difference(before, texts.get(n, ""), _code) is None), None
        )
        action = "deletes it" if moved is None else f"renames it to {shown(moved)}"
        out.append(
            Diagnostic(
                Location(shown(rel), 1, 1),
                Severity.ERROR,
                f"{head}{action}: Flyway still has it applied (its version and "
                "description in flyway_schema_history; `validate` fails where it no longer "
                "finds them, and a new database no longer runs it, or runs it under its "
                "new name): restore the file and write any change as a new migration "
                "(`dbnamelint migrate` writes renames)",
                EDITED_CODE,
            )
        )
    out += _versions(at_base, now, classes_base, ref, shown)
    for rel in added:
        text = texts.get(rel)
        if text is None:
            continue
        lines, accepted = ddl_literals(text, jvm_tokens)
        if not lines or accepted:
            continue
        count = len(lines)
        kind = flyway_code.language(rel)
        out.append(
            Diagnostic(
                Location(shown(rel), lines[0], 1),
                Severity.ERROR,
                f"this Flyway {kind} migration is new since {ref} and {count} of its string "
                f"literals {'hold' if count != 1 else 'holds'} DDL (lines "
                f"{', '.join(str(n) for n in lines[:5])}{', ...' if count > 5 else ''}) "
                "that Flyway runs but dbnamelint does not read: the names it creates "
                "are neither checked nor in the model, so the gate refuses it. Write the "
                "DDL in a .sql migration to have it checked, or check its names by hand "
                "and write `// dbnamelint: ignore[DBN013] <reason>` in the file to accept it",
                DYNAMIC_CODE,
            )
        )
    return out


def _versions(
    at_base: set[str],
    now: set[str],
    classes_base: set[str],
    ref: str,
    shown: Callable[[str], str],
) -> list[Diagnostic]:
    """``DBN016`` for migrations new since the base whose version clashes with
    a committed one (one of the two a class), or sorts below the highest
    committed version (a class; a SQL file made late by a class)."""

    def counted(rel: str) -> bool:
        name = Path(rel).name
        return _is_class(name) or _SQL.search(name) is not None

    committed = {
        p: v
        for p in at_base & now
        if counted(p) and (v := flyway_code.version(Path(p).name)) is not None
    }
    if not committed:
        return []
    top = max(committed.values())
    sql_top = max((v for p, v in committed.items() if p not in classes_base), default=())
    out: list[Diagnostic] = []
    for rel in sorted(now - at_base):
        name = Path(rel).name
        version = flyway_code.version(name)
        if version is None or not counted(rel):
            continue
        is_class = _is_class(name)
        shown_v = flyway_code.shown_version(version)
        clash = sorted(
            p for p, v in committed.items() if v == version and (is_class or p in classes_base)
        )
        if clash:
            message = (
                f"migration version {shown_v} is new since {ref} but {shown(clash[0])}, "
                "already committed in the same Flyway location, holds it too: Flyway "
                f"refuses to migrate ('Found more than one migration with version {shown_v}'); "
                f"give it a version above {flyway_code.shown_version(top)}"
            )
        elif version < top and (is_class or version > sql_top):
            high = min(p for p, v in committed.items() if v == top)
            message = (
                f"migration version {shown_v} is new since {ref} but sorts before "
                f"{flyway_code.shown_version(top)} ({shown(high)}), already committed: "
                "Flyway refuses every database already migrated past it ('Detected resolved "
                "migration not applied to database', outOfOrder being off), and with "
                "outOfOrder runs it after it there but before it on a new database; give "
                f"it a version above {flyway_code.shown_version(top)}"
            )
        else:
            continue
        out.append(
            Diagnostic(Location(shown(rel), 1, 1), Severity.ERROR, message, DUPLICATE_VERSION_CODE)
        )
    return out
