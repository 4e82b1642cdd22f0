"""The gate on sqitch's plan: a committed change or tag removed, moved, or one
inserted before it (``DBN025``).

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
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.frontends.sql.sources import enclosing_sqitch_plan
from dbnamelint.gitutil import relative_to_repo, repository_root, show_bytes, staged_bytes
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile
from dbnamelint.services.edited_history import EDITED_MIGRATION_CODE


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
        before = plan_entries(committed.decode("utf-8", "replace"))
        now = plan_entries(now_text)
        found = _first_rewrite(before, now)
        if found is None:
            continue
        line, what, effect = found
        shown = Path(os.path.relpath(plan, cwd)).as_posix()
        out.append(
            Diagnostic(
                Location(shown, line, 1),
                Severity.ERROR,
                f"sqitch.plan was committed at {ref} and this change {what}: sqitch deploys "
                "the plan in order and records each change by an ID made from the change "
                f"before it, so {effect}, and a database whose last deployed change comes "
                "after it no longer finds that change ('Cannot find change ... in "
                "sqitch.plan'); keep the "
                "committed lines in their order and add changes (or `sqitch rework` one) "
                "at the end",
                EDITED_MIGRATION_CODE,
            )
        )
    return out


def _first_rewrite(
    before: list[tuple[str, int]], now: list[tuple[str, int]]
) -> tuple[int, str, str] | None:
    """(line, what the change does, what that does to a deployed database) at
    the first committed entry that is not in its place now, else None (the
    committed entries are a prefix of now's)."""
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
