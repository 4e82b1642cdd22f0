"""The gate on sqitch's plan: a committed change or tag removed, moved, edited,
or one inserted before it (``DBN025``).

``sqitch.plan`` is sqitch's journal: ``sqitch deploy`` runs its changes in
order, and a database records each deployed change by its ID, the SHA1 of
its info, which names its ``parent``, the change before it in the plan
(sqitch manual, "sqitch-show": ``show change`` outputs the text of the ID;
App::Sqitch::Plan::Change ``id``). A deploy starts after the last change the
database recorded and stops with "Cannot find change <id> ... in
sqitch.plan" when the plan no longer holds it (sqitch discussion #801). So a
change inserted before a committed entry never runs on a database that
deployed past it and changes the IDs of every later change; a committed line
deleted or moved does the same to what follows it, and a deleted change
stays in every database that deployed it. Appending (a new change, a tag,
a reworked change named again after a tag: sqitch-rework) is how the plan
grows.

The ID is the SHA1 of the change's info: the ``%project`` (and ``%uri``)
pragma, its name, parent, planner name and email, planned date,
dependencies (``requires``, ``conflicts``) and note (App::Sqitch::Plan::Change
``info``/``id``); a tag's, of its project, name, change, planner, date and note
(App::Sqitch::Plan::Tag). So a committed line edited in one of these, its
order kept, loses a deployed change just the same (sqitch 1.3.1 on
PostgreSQL, trial s30: a change's note edited, ``sqitch deploy`` says "Cannot
find change <id> (posts @v1.0) in sqitch.plan"; a tag's note edited, it fails
on the registry's ``UNIQUE(project, tag)``, "duplicate key value violates
unique constraint tags_project_tag_key", as it logs the tag again). Blanks
between a line's fields, around its note, and ``#`` comment lines are not in
the info (the plan parser, App::Sqitch::Plan ``_parse``, trims them): no error.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import enclosing_sqitch_plan
from dbnamelint.gitutil import relative_to_repo, repository_root, show_bytes, staged_bytes
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile
from dbnamelint.services.edited_history import EDITED_MIGRATION_CODE, sqitch_rework_advice

#: A plan line's entry after its note is cut off: sqitch's pattern (App::Sqitch::
#: Plan ``_parse``): a tag's ``@`` or a change's old ``+``/``-`` operator, the
#: name, ``[dependencies]``, the UTC timestamp, ``planner name <email>``.
_ENTRY = lazy_compile(
    r"[ \t]*(?:@|[ \t]*[+-][ \t]*)?(?P<name>[^ \t:@#\\\[]+)[ \t]*"
    r"(?:\[(?P<deps>[^\]]+)\][ \t]*)?"
    r"(?:(?P<date>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)[ \t]*)?"
    r"(?:(?P<planner>[^<]+)[ \t]+<(?P<email>[^>]+)>)?"
)
_PRAGMA = lazy_compile(r"[ \t]*%[ \t]*(?P<name>[^ \t=]+)[ \t]*(?:=[ \t]*(?P<value>.*))?")
#: The pragmas every ID holds (Change and Tag ``info``: ``project``, ``uri``).
_ID_PRAGMAS = ("project", "uri")


def plan_entries(text: str) -> list[tuple[str, int]]:
    """The plan's changes and tags in order, each with its 1-based line: a change
    by its name, a tag as ``@name``. ``%`` pragmas, ``#`` comments and blank
    lines are not entries (sqitch manual, "sqitch-plan")."""
    out: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split("#", 1)[0].split(None, 1)
        word = words[0] if words else ""
        if word and word[0] != "%":
            out.append((word, number))
    return out


def _plans(files: Sequence[SourceFile], cwd: Path) -> list[Path]:
    """The plan files of the sqitch projects whose deploy scripts ``files`` hold."""
    found: dict[Path, None] = {}
    folders = {Path(os.path.normpath(cwd / f.path)).parent for f in files}
    for folder in sorted(folders):
        plan = enclosing_sqitch_plan(folder / "x.sql")
        if plan is not None:
            found.setdefault(plan[1], None)
    return list(found)


def plan_edits(
    files: Sequence[SourceFile], cwd: Path, commit: str, ref: str, *, staged: bool = False
) -> list[Diagnostic]:
    """One ``DBN025`` error per ``sqitch.plan`` (of the projects whose deploy
    scripts ``files`` hold) whose entries committed at ``commit`` are not, in
    order, the first entries now: located at the first line that differs.
    ``staged``: the plan is the index's (a pre-commit run), else the working
    tree's. Raises :class:`~dbnamelint.gitutil.GitError` when git fails."""
    plans = _plans(files, cwd)
    if not plans:
        return []
    repo = repository_root(cwd)
    out: list[Diagnostic] = []
    for plan in plans:
        rel = relative_to_repo(repo, plan)
        if rel is None:
            continue
        committed = show_bytes(repo, commit, rel)
        if committed is None:
            continue  # a new project: nothing deployed from this plan yet
        if staged:
            data = staged_bytes(repo, rel)
        else:
            try:
                data = plan.read_bytes()
            except OSError:
                data = None
        now_text = (data or b"").decode("utf-8", "replace")
        committed_text = committed.decode("utf-8", "replace")
        before = plan_entries(committed_text)
        now = plan_entries(now_text)
        found = _first_rewrite(before, now) or _first_edit(committed_text, now_text, before, now)
        if found is None:
            continue
        line, message = found
        shown = Path(os.path.relpath(plan, cwd)).as_posix()
        out.append(
            Diagnostic(
                Location(shown, line, 1),
                Severity.ERROR,
                f"sqitch.plan was committed at {ref} and this change {message}",
                EDITED_MIGRATION_CODE,
            )
        )
    return out


def _first_rewrite(
    before: list[tuple[str, int]], now: list[tuple[str, int]]
) -> tuple[int, str] | None:
    """(line, what the change does and what that does to a deployed database) at
    the first committed entry that is not in its place now, else None (the
    committed entries are a prefix of now's)."""
    found = _first_displaced(before, now)
    if found is None:
        return None
    line, what, effect = found
    return line, (
        f"{what}: sqitch deploys the plan in order and records each change by an ID made "
        f"from the change before it, so {effect}, and a database whose last deployed change "
        "comes after it no longer finds that change ('Cannot find change ... in "
        "sqitch.plan'); keep the committed lines in their order and add new changes and "
        f"tags at the end; {sqitch_rework_advice()}"
    )


def _first_displaced(
    before: list[tuple[str, int]], now: list[tuple[str, int]]
) -> tuple[int, str, str] | None:
    """(line, what the change does, what that does to a deployed database) at
    the first committed entry that is not in its place now, else None."""
    last = now[-1][1] if now else 1
    had = Counter(name for name, _ in before)
    has = Counter(name for name, _ in now)
    for at, (name, _line) in enumerate(before):
        if at < len(now) and now[at][0] == name:
            continue
        kind = "tag" if name.startswith("@") else "change"
        gone = "every database that deployed it keeps what it made"
        if at >= len(now):
            return last, f"removes its {kind} {name} (after this line)", gone
        new, line = now[at]
        if has[name] < had[name]:
            return line, f"removes its {kind} {name} (before this line)", gone
        if has[new] > had[new]:
            added = "tag" if new.startswith("@") else "change"
            return (
                line,
                f"inserts the {added} {new} before its {kind} {name}",
                "a database that deployed past it never runs it",
            )
        return (
            line,
            f"moves its {kind} {name} (from here)",
            "a database runs it again or never, by where it stopped",
        )
    return None


#: The fields of a change's info, as :func:`_info` gives them, for the message.
_FIELDS = ("name", "requires", "conflicts", "planned date", "planner", "planner email", "note")


def _info(line: str, project: str) -> tuple[str | tuple[str, ...] | None, ...]:
    """What of a plan line goes into its change's or tag's ID (see the module's
    docstring), blanks aside: the note is what follows the line's first ``#``,
    trimmed; a dependency on ``<project>:x`` of the plan's own project is ``x``
    (App::Sqitch::Plan::Depend ``as_string``), in order. A line
    sqitch's pattern does not read is its words."""
    body, _, note = line.partition("#")
    found = _ENTRY.fullmatch(body.rstrip(" \t"))
    if found is None:
        return (" ".join(body.split()), None, None, None, None, None, note.strip())
    requires: list[str] = []
    conflicts: list[str] = []
    for word in (found["deps"] or "").split():
        into = conflicts if word.startswith("!") else requires
        dependency = word.removeprefix("!")
        own = dependency.startswith(f"{project}:")
        into.append(dependency[len(project) + 1 :] if own else dependency)
    return (
        found["name"],
        tuple(requires),
        tuple(conflicts),
        found["date"],
        found["planner"],
        found["email"],
        note.strip(),
    )


def _pragmas(lines: list[str]) -> dict[str, tuple[str, int]]:
    """The plan's ``%project`` and ``%uri`` values, each with its 1-based line."""
    out: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines, start=1):
        found = _PRAGMA.fullmatch(line.partition("#")[0].rstrip(" \t"))
        if found is not None and found["name"] in _ID_PRAGMAS:
            out.setdefault(found["name"], ((found["value"] or "").strip(), number))
    return out


def _first_edit(
    before_text: str,
    now_text: str,
    before: list[tuple[str, int]],
    now: list[tuple[str, int]],
) -> tuple[int, str] | None:
    """(line, what the change does and what that does to a deployed database) at
    the first ``%project``/``%uri`` pragma or committed entry (in its place, see
    :func:`_first_rewrite`) whose ID's text differs now, else None."""
    old_lines, new_lines = before_text.splitlines(), now_text.splitlines()
    old_pragmas, new_pragmas = _pragmas(old_lines), _pragmas(new_lines)
    for name in _ID_PRAGMAS:
        old = old_pragmas.get(name, ("", 0))[0]
        new, line = new_pragmas.get(name, ("", 1))
        if old != new:
            return line, (
                f"edits its %{name} pragma: every change's ID holds the project's name and "
                "URI, so every database deployed from this plan no longer finds its last "
                "change ('Cannot find change ... in sqitch.plan'); restore the pragma"
            )
    project = old_pragmas.get("project", ("", 0))[0]
    for (name, old_line), (_, new_line) in zip(before, now, strict=False):
        old_info = _info(old_lines[old_line - 1], project)
        new_info = _info(new_lines[new_line - 1], project)
        if old_info == new_info:
            continue
        fields = " and ".join(
            field for field, a, b in zip(_FIELDS, old_info, new_info, strict=True) if a != b
        )
        restore = "restore the committed line (blanks and `#` comment lines are free to edit)"
        if name.startswith("@"):
            return new_line, (
                f"edits its tag {name} ({fields}): sqitch records a deployed tag by its ID, "
                "the SHA1 of its project, name, change, planner, date and note, so a deploy "
                "to a database whose last deployed change carries the tag logs it again and "
                "fails on the registry's UNIQUE(project, tag) ('duplicate key value violates "
                f"unique constraint'); {restore}, and add new tags at the end"
            )
        return new_line, (
            f"edits its change {name} ({fields}): sqitch records a deployed change by its "
            "ID, the SHA1 of its project, name, parent, planner, date, dependencies and "
            "note, and the ID of each change after it holds it, so a database that deployed "
            "it no longer finds its last change ('Cannot find change ... in sqitch.plan'); "
            f"{restore}; {sqitch_rework_advice(name, now)} (`sqitch rework {name} -r "
            "<dependency>` for a new dependency), or add a new change at the end"
        )
    return None
