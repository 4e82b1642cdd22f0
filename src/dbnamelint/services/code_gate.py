"""The gate on migrations written in code, one driver for every tool that has
them (goose's and zdb's Go files, Flyway's Java and Kotlin classes): they
are versioned beside the SQL ones, applied and recorded alike, but never
read as SQL (``DBN014``). What ``check --base`` and the hook say of them:

- ``DBN025``: one committed at the base and edited since (what the tool
  applies changed: comments and layout aside), deleted, or renamed away (a
  rename the tool's records do not see is an info note);
- ``DBN016``: a migration new since the base whose version clashes with, or
  sorts below, a committed one, where one of the two is code
  (:mod:`dbnamelint.services.code_versions`);
- ``DBN013``: a code migration new since the base (not the applied code
  under a new name) one of whose string literals holds DDL (``CREATE
  TABLE``, ``ALTER TABLE``, ``RENAME``...): names the rules cannot check,
  refused as new dynamic DDL is, unless a ``// dbnamelint: ignore[DBN013]
  <reason>`` comment in the file accepts it after a review by hand.

A :class:`CodeTool` says which files are the tool's, how its code reads,
how it versions them and how its messages word it. The folders are those a
walk noted code migrations in (the ``DBN014`` notes of the run and of the
base's), grouped as the tool sequences them; the files, what git has there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Protocol

import msgspec

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import CODE_MIGRATION_CODE
from dbnamelint.gitutil import (
    GitError,
    diff_names,
    relative_to_repo,
    repository_root,
    run_git,
    show_bytes,
)
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.services.code_text import (
    Token,
    accepts,
    accepts_dynamic,
    code_difference,
    code_text,
    ddl_literals,
    is_comment,
)
from dbnamelint.services.code_versions import VersionRule, version_findings

EDITED_CODE = "DBN025"
DYNAMIC_CODE = "DBN013"
CALL_CODE = "DBN012"


class CodeTool(VersionRule, Protocol):
    """One migration tool's code migrations, as :func:`code_gate` reads them."""

    #: Who runs the code, in messages: ``the tool``, ``Flyway``.
    runner: str
    #: Who still has a deleted or renamed one applied, and what follows:
    #: ``<head>deletes it: {still_applied}: restore the file ...``.
    still_applied: str

    def locations(self, noted: Collection[str]) -> list[list[Path]]:
        """The folders (paths as the run shows them) of each version sequence
        the tool's code migrations among ``noted`` (paths of ``DBN014``
        notes) are in, in the order of the report."""
        ...

    def applied(self, text: str) -> list[Token]:
        """What the migration in ``text`` applies, as tokens (comments and the
        rollback left out): an edit is a change of these."""
        ...

    def tokens(self, text: str) -> list[Token]:
        """``text``'s tokens with their lines, comments included."""
        ...

    def kind(self, path: str, *, committed: bool) -> str:
        """The migration's kind in messages (``goose Go``, ``Flyway Java``), of
        a committed one or of a new one."""
        ...

    def recorded(self, path: str) -> str:
        """How the tool records an applied one: ``Flyway records it as applied
        by its version and description``."""
        ...

    def kept_rename(self, path: str, moved: str) -> str | None:
        """When renaming committed ``path`` to ``moved`` keeps all the tool
        records of it, why that is harmless (the info note's tail); else None."""
        ...

    def builder_calls(self, text: str) -> list[tuple[int, str]]:
        """(line, call as said) of each call in ``text`` of a library that
        builds DDL from calls, not SQL text (jOOQ's ``createTable``): DDL no
        string holds."""
        ...


class _Change(msgspec.Struct, frozen=True):
    """The change the gate looks at: the working tree's or, when ``staged``,
    the index's against ``commit`` (``ref`` as the user named it)."""

    repo: Path
    cwd: Path
    commit: str
    ref: str
    staged: bool
    #: Repository paths git says changed (``git diff [--cached] COMMIT``: the
    #: working tree's diff holds the index's changes too).
    changed: frozenset[str]

    def shown(self, rel: str) -> str:
        """Repository path ``rel`` as the run shows paths."""
        return Path(os.path.relpath(self.repo / rel, self.cwd)).as_posix()

    def now_bytes(self, rel: str) -> bytes | None:
        """File ``rel``'s bytes now; None when it is not there."""
        if self.staged:
            try:
                return run_git(self.repo, "show", f":{rel}", index=True)
            except GitError:
                return None
        try:
            return (self.repo / rel).read_bytes()
        except OSError:
            return None


def code_gate(
    tool: CodeTool,
    current: Sequence[Diagnostic],
    base: Collection[str],
    cwd: Path,
    commit: str,
    ref: str,
    *,
    staged: bool = False,
    routines: Callable[[], Collection[str]] | None = None,
) -> list[Diagnostic]:
    """``DBN025``, ``DBN016`` and ``DBN013`` for ``tool``'s code migrations in
    the folders the run's ``DBN014`` notes (``current``) and the base's
    (``base``, the notes' paths) name: see the module docstring. ``commit``,
    ``ref``: the base, as git and as the user named it; ``staged``: the change
    is the index (a pre-commit run), else the working tree; ``routines``:
    the keys of the tree's routines whose body holds DDL (asked only when a
    new code migration holds no DDL string: one of its strings running such
    a routine is ``DBN012``).
    Raises :class:`~dbnamelint.gitutil.GitError` when git fails."""
    noted = [d.location.path for d in current if d.code == CODE_MIGRATION_CODE]
    groups = tool.locations([*noted, *base])
    if not groups:
        return []
    repo = repository_root(cwd)
    listed = diff_names(repo, commit, cached=staged).decode("utf-8", "surrogateescape")
    changed = frozenset(filter(None, listed.split("\0")))
    change = _Change(repo, cwd, commit, ref, staged, changed)
    locations: dict[frozenset[str], None] = {}
    for group in groups:
        rels = (relative_to_repo(repo, Path(os.path.normpath(cwd / f))) for f in group)
        location = frozenset("" if r == "." else r for r in rels if r is not None)  # "": the top
        if location:
            locations.setdefault(location, None)
    out: list[Diagnostic] = []
    for location in locations:
        at_base, now = _files(tool, change, location)
        out += _location(tool, change, at_base, now, routines)
    return out


def _files(tool: CodeTool, change: _Change, location: frozenset[str]) -> tuple[set[str], set[str]]:
    """The files (repository paths) directly in the folders of ``location``:
    at the base, and now."""
    repo = change.repo
    at_base: set[str] = set()
    now: set[str] = set()
    for rel in sorted(location):
        spec = rel + "/" if rel else "."
        listing = run_git(repo, "ls-tree", "--name-only", "-z", change.commit, "--", spec)
        at_base |= _names(listing, rel)
        if change.staged:
            now |= _names(run_git(repo, "ls-files", "-z", "--", spec, index=True), rel)
            continue
        readlog.note_side(str(repo / rel))  # the run cache: a migration added or deleted
        try:
            names = {e.name for e in os.scandir(repo / rel) if e.is_file()}
        except OSError:
            names = set()
        now |= {f"{rel}/{n}" if rel else n for n in names}
        for name in names:  # the run cache: an edit of any of them
            if tool.is_code(name):
                readlog.note_side(str(repo / rel / name))
    return at_base, now


def _names(data: bytes, folder: str) -> set[str]:
    """Paths directly in ``folder`` (``""``: the top) of a NUL-separated git listing."""
    prefix = folder + "/" if folder else ""
    out: set[str] = set()
    for entry in data.decode("utf-8", "surrogateescape").split("\0"):
        rest = entry[len(prefix) :] if entry.startswith(prefix) else ""
        if rest and "/" not in rest:
            out.add(entry)
    return out


def _location(
    tool: CodeTool,
    change: _Change,
    at_base: set[str],
    now: set[str],
    routines: Callable[[], Collection[str]] | None = None,
) -> list[Diagnostic]:
    """What the gate says of one version sequence's files (repository paths)."""
    code_base = {p for p in at_base if tool.is_code(Path(p).name)}
    added = sorted({p for p in now if tool.is_code(Path(p).name)} - code_base)
    texts: dict[str, str] = {}
    for rel in added:
        data = change.now_bytes(rel)
        if data is not None:
            texts[rel] = code_text(data)
    out: list[Diagnostic] = []
    renamed: set[str] = set()
    kept: set[str] = set()  # renamed keeping all the tool records: applied, not new
    for rel in sorted(code_base):
        if rel not in change.changed and rel in now:
            continue
        diagnostic, moved = _committed(tool, change, rel, now, texts)
        if diagnostic is not None:
            out.append(diagnostic)
        if moved is not None:
            renamed.add(moved)  # the applied code under a new name: no new DDL
            if diagnostic is not None and (
                diagnostic.severity is Severity.INFO or tool.kept_rename(rel, moved) is not None
            ):
                kept.add(moved)  # (edited too: its version is still the applied one)
    out += version_findings(tool, at_base | kept, now, code_base | kept, change.ref, change.shown)
    helpers: dict[str, tuple[str, int]] | None = None
    for rel in added:
        text = texts.get(rel)
        if text is None or rel in renamed:
            continue
        found = _dynamic(tool, change, rel, text) or _builders(tool, change, rel, text)
        if not found and rel.endswith(".go") and not accepts_dynamic(text):
            if helpers is None:  # read once, for the first new migration holding no DDL
                helpers = _ddl_helpers(tool, change, now)
            found = _helper_calls(tool, change, rel, text, helpers)
        if not found and routines is not None and not accepts(text, _CALL_NAMES):
            found = _routine_calls(tool, change, rel, text, routines)
        out += found
    return out


#: What accepts a statement running a routine: ``ignore[DBN012]``.
_CALL_NAMES = frozenset({"dbn012", "procedure-call-not-read"})
#: A statement of a string that runs a routine: ``SELECT make_log()``, ``CALL p()``.
_RUNS_ROUTINE = lazy_compile(
    r"(?:^|;)\s*(?:SELECT|CALL|PERFORM)\s+(?:[\w\"]+\.)?([\w\"]+)\s*\(", re.IGNORECASE
)


def _routine_calls(
    tool: CodeTool,
    change: _Change,
    rel: str,
    text: str,
    routines: Callable[[], Collection[str]],
) -> list[Diagnostic]:
    """``DBN012`` for new code migration ``rel`` when one of its string
    literals runs a routine of the tree whose body holds DDL (``SELECT
    make_log()``, the function created by a SQL migration): what it creates
    is not read, as for the same statement in a new .sql file."""
    for token, line in tool.tokens(text):
        if is_comment(token) or token[:1] not in '`"':
            continue
        for call in _RUNS_ROUTINE.finditer(token.strip('`"')):
            name = call.group(1).strip('"')
            if name.lower() not in routines():
                continue
            return [
                Diagnostic(
                    Location(change.shown(rel), line, 1),
                    Severity.ERROR,
                    f"this {tool.kind(rel, committed=False)} migration is new since "
                    f"{change.ref} and its string runs {name}(), a routine of the tree whose "
                    f"body holds DDL that {tool.runner} runs but dbnamelint does not read: the "
                    "names it makes are neither checked nor in the model, so the gate refuses "
                    "it, as the same statement in a .sql file. Write the DDL in a .sql "
                    "migration to have it checked, or check its names by hand and write "
                    "`// dbnamelint: ignore[DBN012] <reason>` in the file to accept it",
                    CALL_CODE,
                )
            ]
    return []


#: A Go function's start at a line's beginning: ``func name(`` or a method's
#: ``func (r *T) name(``.
_GO_FUNC = lazy_compile(r"^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*[\[(]", re.MULTILINE)


def _ddl_helpers(
    tool: CodeTool, change: _Change, files: Collection[str]
) -> dict[str, tuple[str, int]]:
    """Go functions of the sequence's folders (``files``, repository paths)
    one of whose string literals holds DDL: name -> (file, line)."""
    out: dict[str, tuple[str, int]] = {}
    for rel in sorted(files):
        if not rel.endswith(".go") or rel.endswith("_test.go"):
            continue
        data = change.now_bytes(rel)
        if data is None:
            continue
        text = code_text(data)
        starts = list(_GO_FUNC.finditer(text))
        for at, start in enumerate(starts):
            end = starts[at + 1].start() if at + 1 < len(starts) else len(text)
            lines, _ = ddl_literals(text[start.start() : end], tool.tokens)
            if lines:
                out.setdefault(start.group(1), (rel, text.count("\n", 0, start.start()) + 1))
    return out


def _helper_calls(
    tool: CodeTool,
    change: _Change,
    rel: str,
    text: str,
    helpers: dict[str, tuple[str, int]],
) -> list[Diagnostic]:
    """``DBN013`` for new code migration ``rel`` when it calls a function of
    another file of its folder whose strings hold DDL (trial s25 hatchet: a
    new ``v1_0_148.go`` passing ``"alertKind" TEXT`` to ``v1_0_99.go``'s
    ``buildCreateMirrorTableSQL``): what that call creates is not read."""
    own = {m.group(1) for m in _GO_FUNC.finditer(text)}
    for name, (where, line) in helpers.items():
        if where == rel or name in own:
            continue
        call = re.search(rf"(?<![\w.]){re.escape(name)}\s*\(", text)
        if call is None:
            continue
        return [
            Diagnostic(
                Location(change.shown(rel), text.count("\n", 0, call.start()) + 1, 1),
                Severity.ERROR,
                f"this {tool.kind(rel, committed=False)} migration is new since {change.ref} and "
                f"calls {name}() ({change.shown(where)}:{line}), whose string literals hold DDL "
                f"that {tool.runner} runs but dbnamelint does not read: the names this call "
                "makes are neither checked nor in the model, so the gate refuses it. Write the "
                "DDL in a .sql migration to have it checked, or check its names by hand and "
                "write `// dbnamelint: ignore[DBN013] <reason>` in the file to accept it",
                DYNAMIC_CODE,
            )
        ]
    return []


def _committed(
    tool: CodeTool, change: _Change, rel: str, now: set[str], texts: dict[str, str]
) -> tuple[Diagnostic | None, str | None]:
    """(What the gate says of committed ``rel``, changed or gone since the
    base, if anything; the new file (of ``texts``, the new code migrations'
    texts by path) holding its code, if it was renamed)."""
    before_bytes = show_bytes(change.repo, change.commit, rel)
    if before_bytes is None:
        return None, None
    before = code_text(before_bytes)
    kind = tool.kind(rel, committed=True)
    head = f"this {kind} migration was committed at {change.ref} and this change "
    shown = change.shown
    if rel in now:
        data = change.now_bytes(rel)
        if data is None or data == before_bytes:
            return None, None
        line = code_difference(before, code_text(data), tool.applied)
        if line is None:
            return None, None
        return Diagnostic(
            Location(shown(rel), line, 1),
            Severity.ERROR,
            f"{head}edits it: an applied migration must not change (every database "
            "that ran it keeps what it created, a new one runs the edited code; "
            f"{tool.recorded(rel)}): restore the file and write the change as a new "
            "migration (`dbnamelint migrate` writes renames)",
            EDITED_CODE,
        ), None
    moved = next(
        (n for n, t in texts.items() if code_difference(before, t, tool.applied) is None), None
    )
    note = tool.kept_rename(rel, moved) if moved is not None else None
    if moved is None:
        # renamed keeping what the tool records (goose: the version) and edited:
        # the applied migration's code changed, no new one (trial s40 navidrome)
        kept = next((n for n in sorted(texts) if tool.kept_rename(rel, n) is not None), None)
        line = code_difference(before, texts[kept], tool.applied) if kept else None
        if kept is not None and line is not None:
            return Diagnostic(
                Location(shown(kept), line, 1),
                Severity.ERROR,
                f"{head}renames it to {shown(kept)}, {tool.kept_rename(rel, kept)}, and "
                "edits it: an applied migration must not change (every database that ran "
                "it keeps what it created, a new one runs the edited code): restore the "
                "file and write the change as a new migration (`dbnamelint migrate` writes "
                "renames)",
                EDITED_CODE,
            ), kept
    if moved is not None and note is not None:
        message = f"{head}renames it to {shown(moved)}, {note}"
        return Diagnostic(Location(shown(rel), 1, 1), Severity.INFO, message, EDITED_CODE), moved
    action = "deletes it" if moved is None else f"renames it to {shown(moved)}"
    return Diagnostic(
        Location(shown(rel), 1, 1),
        Severity.ERROR,
        f"{head}{action}: {tool.still_applied}: restore the file and write any change as "
        "a new migration (`dbnamelint migrate` writes renames)",
        EDITED_CODE,
    ), moved


def _builders(tool: CodeTool, change: _Change, rel: str, text: str) -> list[Diagnostic]:
    """``DBN013`` for new code migration ``rel`` when its ``text`` builds DDL
    with a library's calls (:meth:`CodeTool.builder_calls`) no comment accepts:
    as unread as DDL in a string (trial s36 kestra: jOOQ's ``createTable``)."""
    calls = tool.builder_calls(text)
    if not calls or accepts_dynamic(text):
        return []
    count = len(calls)
    said = ", ".join(f"{call} on line {line}" for line, call in calls[:3])
    return [
        Diagnostic(
            Location(change.shown(rel), calls[0][0], 1),
            Severity.ERROR,
            f"this {tool.kind(rel, committed=False)} migration is new since {change.ref} and "
            f"builds DDL with {count} library call{'s' if count != 1 else ''} ({said}"
            f"{', ...' if count > 3 else ''}) that {tool.runner} runs but dbnamelint does not "
            "read: the names it creates are neither checked nor in the model, so the gate "
            "refuses it, as DDL in a string. Write the DDL in a .sql migration to have it "
            "checked, or check its names by hand and write "
            "`// dbnamelint: ignore[DBN013] <reason>` in the file to accept it",
            DYNAMIC_CODE,
        )
    ]


def _dynamic(tool: CodeTool, change: _Change, rel: str, text: str) -> list[Diagnostic]:
    """``DBN013`` for new code migration ``rel`` when string literals of its
    ``text`` hold DDL no comment accepts."""
    lines, accepted = ddl_literals(text, tool.tokens)
    if not lines or accepted:
        return []
    count = len(lines)
    return [
        Diagnostic(
            Location(change.shown(rel), lines[0], 1),
            Severity.ERROR,
            f"this {tool.kind(rel, committed=False)} migration is new since {change.ref} and "
            f"{count} of its string literals {'hold' if count != 1 else 'holds'} DDL (lines "
            f"{', '.join(str(n) for n in lines[:5])}{', ...' if count > 5 else ''}) "
            f"that {tool.runner} runs but dbnamelint does not read: the names it creates "
            "are neither checked nor in the model, so the gate refuses it. Write the "
            "DDL in a .sql migration to have it checked, or check its names by hand "
            "and write `// dbnamelint: ignore[DBN013] <reason>` in the file to accept it",
            DYNAMIC_CODE,
        )
    ]
