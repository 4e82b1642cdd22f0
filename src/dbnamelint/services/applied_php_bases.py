"""``DBN025`` for an edit of the base class applied PHP migrations run (trial s39 wallabag).

wallabag's 64 Doctrine migrations extend the project's
``Wallabag\\Doctrine\\WallabagMigration`` and name every table through its
``getTable()``: an edit of that method (a prefix spelt otherwise) changes
what each applied migration makes on a database built from now on, while
the databases that ran them keep the old names: an edit of applied history,
as an edit of the migrations themselves is, and it passed the gate. So for
each PHP class the change edits that migrations of ``paths:`` committed at
the base extend, the methods they call (``$this->getTable(...)`` in their
forward code, and what those call in turn) are compared as they were and
as they are, comments aside: a change is ``DBN025`` at the method. A
method no applied migration reaches (a helper for new ones) says nothing.
A ``// dbnamelint: ignore[DBN025] <reason>`` comment the change adds to
the class's file accepts it (an info note), for an edit reviewed by hand.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.gitutil import now_bytes, relative_to_repo, show_bytes
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.services.code_text import accepts

CODE = "DBN025"
_ACCEPTED = ("dbn025", "migration-edited")
_THIS_CALL = re.compile(r"\$this\s*->\s*(\w+)\s*\(")
_EXTENDS = re.compile(r"\bclass\s+\w+\s+extends\s+\\?([\w\\]+)")
_USE = re.compile(r"^\s*use\s+\\?([\w\\]+?)(?:\s+as\s+(\w+))?\s*;", re.MULTILINE)
_NAMESPACE = re.compile(r"^\s*namespace\s+([\w\\]+)\s*;", re.MULTILINE)


def _parent(text: str) -> str | None:
    """The fully qualified name of the class ``text``'s class extends."""
    found = _EXTENDS.search(text)
    if found is None:
        return None
    name = found.group(1)
    head, _, rest = name.partition("\\")
    for use in _USE.finditer(text):
        alias = use.group(2) or use.group(1).rpartition("\\")[2]
        if alias == head:
            return use.group(1) + ("\\" + rest if rest else "")
    if "\\" in name or text[found.start(1) - 1] == "\\":
        return name
    space = _NAMESPACE.search(text)
    return f"{space.group(1)}\\{name}" if space else name


def _text(data: bytes | None) -> str:
    return data.decode("utf-8", "replace") if data is not None else ""


def _body(text: str, name: str) -> list[str] | None:
    """Method ``name``'s body tokens in ``text`` (comments aside), None if none."""
    from dbnamelint.laravel_schema import _method_body, _tokens

    span = _method_body(text, name)
    return None if span is None else [t.text for t in _tokens(text, *span)]


def base_class_edits(
    repo: Path,
    cwd: Path,
    commit: str,
    ref: str,
    staged: bool,
    statuses: Sequence[tuple[str, str]],
    read_files: Sequence[str],
) -> list[Diagnostic]:
    """``DBN025`` for each method of an edited PHP class (``statuses``:
    git's status and repository-relative path of each changed file) that a
    migration of ``read_files`` (absolute paths the run read) committed at
    ``commit`` extends and reaches (see the module docstring)."""
    from dbnamelint.doctrine_schema import version_of
    from dbnamelint.laravel_schema import _method_body, forward_code

    edited = [rel for status, rel in statuses if status == "M" and rel.lower().endswith(".php")]
    if not edited:
        return []
    callers: dict[str, set[str]] = {}  # a parent class -> the methods its applied migrations call
    for path in read_files:
        if not path.lower().endswith(".php"):
            continue
        rel = relative_to_repo(repo, Path(path))
        if rel is None:
            continue
        text = _text(show_bytes(repo, commit, rel))
        code = forward_code(rel, text)  # a Doctrine or Laravel migration's
        parent = _parent(text) if code is not None else None
        if parent is None or code is None:
            continue
        calls = callers.setdefault(parent, set())
        tokens = [t for t, _ in code]
        calls.update(_THIS_CALL.findall(" ".join(tokens)))
    out: list[Diagnostic] = []
    for rel in edited:
        before = _text(show_bytes(repo, commit, rel))
        declared = version_of(before)
        if declared is None or declared[0] not in callers:
            continue
        now = _text(now_bytes(repo, rel, staged))
        todo = sorted(callers[declared[0]])
        seen = set(todo)
        changed: list[str] = []
        while todo:
            name = todo.pop()
            was, is_now = _body(before, name), _body(now, name)
            if was is None:
                continue  # not this class's (AbstractMigration's addSql...)
            if was != is_now:
                changed.append(name)
            for more in _THIS_CALL.findall(" ".join(was)):
                if more not in seen:
                    seen.add(more)
                    todo.append(more)
        if not changed:
            continue
        shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
        accepted = accepts(now, _ACCEPTED) and not accepts(before, _ACCEPTED)
        for name in sorted(changed):
            span = _method_body(now, name)
            line = now.count("\n", 0, span[0]) + 1 if span else 1
            message = (
                f"this change edits {name}() of {declared[0]}, which migrations committed at "
                f"{ref} extend and run: a database built from now on runs the edited code, "
                "the ones that ran them keep what the old code made: restore it and write "
                "the change as a new migration"
            )
            if accepted:
                message += "; accepted by the `dbnamelint: ignore[DBN025]` comment the change adds"
            else:
                message += (
                    " (or, reviewed by hand, accept it with a `// dbnamelint: "
                    "ignore[DBN025] <reason>` comment in the file)"
                )
            severity = Severity.INFO if accepted else Severity.ERROR
            out.append(Diagnostic(Location(shown, line, 1), severity, message, CODE))
    return out
