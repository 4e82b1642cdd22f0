"""``DBN025`` for an edit of a shared module an applied Python migration runs (session 37 F3).

An applied Alembic revision or Django migration the change leaves as it
was may still run edited code: a function of another module of the
project it calls (``create_table`` of superset's
``migrations/shared/utils.py``, a ``RunPython`` helper). A database built
from now on runs the edited code, the ones that ran the migration keep
what the old code made: the edit of applied history an edit of the
migration itself is (:func:`~dbnamelint.services.code_ddl.removed_history`).
So each migration of ``paths:`` committed at the base is read with the
project's modules as they were and as they are
(:func:`~dbnamelint.migration_reach.reached`): a call whose reached
functions differ is ``DBN025`` at that call. A change no applied
migration reaches says nothing. A ``# dbnamelint: ignore[DBN025]
<reason>`` comment the change adds to the edited module accepts it (an
info note), for an edit reviewed by hand.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.django_imports import Loader
from dbnamelint.gitutil import now_bytes, relative_to_repo, show_bytes
from dbnamelint.migration_reach import Root, reached
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.services.code_text import accepts

#: The code a DBN025 says, and the names that accept it.
CODE = "DBN025"
_ACCEPTED = ("dbn025", "migration-edited")
#: The tools whose migrations are compared so, by :func:`code_migration_kind`.
_KINDS = {"alembic": "Alembic revision", "django": "Django migration"}


def _loader(repo: Path, changed: Collection[str], read: Callable[[str], bytes | None]) -> Loader:
    """A module loader reading ``changed`` files (repository-relative) with
    ``read`` and any other from the working tree; each file parsed once."""
    trees: dict[Path, ast.Module | bool | None] = {}

    def load(path: Path) -> ast.Module | bool | None:
        if path in trees:
            return trees[path]
        rel = relative_to_repo(repo, Path(os.path.realpath(path)))
        data: bytes | None
        if rel is not None and rel in changed:
            data = read(rel)
        else:
            try:
                data = path.read_bytes() if path.is_file() else None
            except OSError:
                data = None
        tree: ast.Module | bool | None = False
        if data is not None:
            try:
                tree = ast.parse(data.decode("utf-8", "replace"))
            except (SyntaxError, ValueError):
                tree = None
        trees[path] = tree
        return tree

    return load


def _first_change(was: Root | None, now: Root | None) -> tuple[str, int] | None:
    """(file, line now) of the first reached function that differs, else None."""
    before = list(was.reaches) if was is not None else []
    after = list(now.reaches) if now is not None else []
    if [(r.file, r.name, r.shape) for r in before] == [(r.file, r.name, r.shape) for r in after]:
        return None
    for index, current in enumerate(after):
        if index >= len(before) or before[index] != current:
            return current.file, current.line
    gone = before[len(after)] if len(before) > len(after) else before[-1]
    return gone.file, gone.line


#: Modules a migration imports that are no module of the project.
_OUTSIDE = frozenset(
    {"__future__", "alembic", "sqlalchemy", "django", "typing", "datetime", "uuid", "json"}
)
_IMPORT = lazy_compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import|import[ \t]+([\w.]+))", re.M)


def _may_reach(kind: str, text: str) -> bool:
    """Whether migration ``text`` may run code of another module of the project:
    a cheap look before parsing (a hook run on a change of application code
    must not parse every migration): a ``RunPython`` (Django), an import of
    a module other than the tool's and a few of Python's."""
    if kind == "django" and "RunPython" not in text:
        return False
    for found in _IMPORT.finditer(text):
        dots, module, plain = found.groups()
        top = (module or plain or "").split(".")[0]
        if dots or top not in _OUTSIDE:
            return True
    return False


def applied_helper_edits(
    repo: Path,
    cwd: Path,
    commit: str,
    ref: str,
    staged: bool,
    statuses: Sequence[tuple[str, str]],
    migrations: Sequence[str],
) -> list[Diagnostic]:
    """``DBN025`` at each call of an applied migration whose reached code in
    other modules the change edits (see the module docstring).
    ``migrations``: the absolute paths of the files ``paths:`` reads;
    ``statuses``: the change's (status, repository-relative path)."""
    from dbnamelint.code_migrations import code_migration_kind

    changed = {r for s, r in statuses if s in ("A", "M", "D") and r.lower().endswith(".py")}
    if not changed:
        return []
    base = _loader(repo, changed, lambda rel: show_bytes(repo, commit, rel))

    now = _loader(repo, changed, lambda rel: now_bytes(repo, rel, staged))
    out: list[Diagnostic] = []
    for source in migrations:
        if not source.lower().endswith(".py"):
            continue
        rel = relative_to_repo(repo, Path(os.path.realpath(source)))
        if rel is None or rel in changed:
            continue  # an edited migration: its own DBN025 (code_ddl.removed_history)
        try:
            text = Path(source).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        kind = code_migration_kind(rel, text)
        if kind not in _KINDS or not _may_reach(kind, text):
            continue
        path = Path(source)
        was = {r.offset: r for r in reached(kind, text, path, base)}
        is_now = {r.offset: r for r in reached(kind, text, path, now)}
        for offset in sorted({*was, *is_now}):
            edit = _first_change(was.get(offset), is_now.get(offset))
            if edit is None:
                continue
            root = is_now.get(offset) or was[offset]
            helper = relative_to_repo(repo, Path(os.path.realpath(edit[0])))
            sides = (
                (show_bytes(repo, commit, helper) or b"", now_bytes(repo, helper, staged) or b"")
                if helper is not None
                else (b"", b"")
            )
            accepted = accepts(sides[1].decode("utf-8", "replace"), _ACCEPTED) and not accepts(
                sides[0].decode("utf-8", "replace"), _ACCEPTED
            )
            out.append(_said(repo, cwd, rel, text, root, edit, kind, ref, accepted))
    return out


def _said(
    repo: Path,
    cwd: Path,
    rel: str,
    text: str,
    root: Root,
    edit: tuple[str, int],
    kind: str,
    ref: str,
    accepted: bool,
) -> Diagnostic:
    file, line = edit
    where = Path(os.path.relpath(file, cwd)).as_posix()
    shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
    runs = "its upgrade" if kind == "alembic" else "its RunPython code"
    records = "revision id" if kind == "alembic" else "app and migration name"
    message = (
        f"this {_KINDS[kind]} was committed at {ref} and this change edits code "
        f"{runs} runs through {root.written}() (first at {where}:{line}): the tool "
        f"records it as applied by its {records}, so every database that ran it keeps "
        "what the old code made and only a new one runs the edited code: restore the "
        "module's code this migration runs and write the change as a new migration"
    )
    line_start = text.rfind("\n", 0, root.offset) + 1
    at = Location(shown, text.count("\n", 0, root.offset) + 1, root.offset - line_start + 1)
    if accepted:
        return Diagnostic(
            at,
            Severity.INFO,
            message + f"; accepted by the `dbnamelint: ignore[DBN025]` comment the "
            f"change adds to {where}",
            CODE,
        )
    return Diagnostic(
        at,
        Severity.ERROR,
        message + f" (or, reviewed by hand, accept it with a `# dbnamelint: ignore[DBN025] "
        f"<reason>` comment in {where})",
        CODE,
    )
