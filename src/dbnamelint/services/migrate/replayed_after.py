"""Files re-run after the migrations that still name a renamed table.

Lemmy's runner applies the pending Diesel migrations, then rebuilds its
``replaceable_schema`` (``utils.sql``, ``triggers.sql``: routines and
triggers over the migrations' tables) on every start. Such files are read
after the migrations (``paths``' order) and no migration tool names them:
they are no history, they run again right after the forward script. A
statement there naming the old table (``CREATE TRIGGER ... ON post_report``,
``CALL r.create_triggers('post_report', $$ ... (post_report).post_id ...)``)
then fails on the compatibility view ("post_report" is a view) and the
whole rebuild rolls back: the server does not start (trial s36 lemmy F4).
The plan's notes list each such statement, to edit in the same change; a
routine's arguments and body are not followed (what ``create_triggers``
does with its string), so those are named as to rename by hand.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.model import ObjectKind, Statement
from dbnamelint.services.migrate.layout import LayoutError, detect_for_migrate
from dbnamelint.services.migrate.plan import Note, Plan

#: Places listed per table before "and N more".
_SHOWN = 12
#: The suffixes of the code migrations :mod:`dbnamelint.code_migrations` knows.
_CODE_SUFFIXES = (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", ".php", ".py", ".cs")
#: Statements whose text the reader does not follow into: a routine call, dynamic SQL.
_UNFOLLOWED = re.compile(r"\s*(?:CALL|EXECUTE|DO)\b", re.IGNORECASE)


def reapplied_files(paths: Sequence[str], root: Path) -> frozenset[str]:
    """Of ``paths`` (replay order), those after the last file a migration
    tool names, none of which a tool names; none when no file is a tool's.
    A code migration (Knex, Laravel, Django...) is its tool's history, run
    once and recorded (Knex's ``knex_migrations``), never re-run: it ends
    the files re-run as a SQL migration does (trial s40 uptime-kuma F5)."""
    from dbnamelint.code_migrations import code_migration_kind

    later: list[str] = []
    for path in reversed(paths):
        found = Path(path)
        if path.lower().endswith(_CODE_SUFFIXES) and (
            code_migration_kind(path.replace("\\", "/"), _text(found, root)) is not None
        ):
            return frozenset(later)
        try:
            detect_for_migrate(found if found.is_absolute() else root / found)
        except LayoutError:
            later.append(path)
            continue
        return frozenset(later)
    return frozenset()


def _text(path: Path, root: Path) -> str:
    try:
        return (path if path.is_absolute() else root / path).read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w$])" + re.escape(name) + r"(?![\w$])", re.IGNORECASE)


def with_reapplied_uses(
    plan: Plan, statements: Sequence[Statement], reapplied: Collection[str]
) -> Plan:
    """``plan`` with a note per renamed table that statements of the
    ``reapplied`` files name (:func:`reapplied_files`): each place, by line."""
    if not reapplied:
        return plan
    notes = list(plan.notes)
    later = [s for s in statements if s.location.path in reapplied]
    for step in plan.steps:
        if step.kind is not ObjectKind.TABLE:
            continue
        pattern = _name_pattern(step.old)
        places: list[str] = []
        unfollowed = False
        for statement in later:
            routine = _UNFOLLOWED.match(statement.text) is not None
            lines: dict[int, str] = {}
            for found in pattern.finditer(statement.text):
                line = statement.location.line + statement.text.count("\n", 0, found.start())
                start = statement.text.rfind("\n", 0, found.start()) + 1
                end = statement.text.find("\n", found.end())
                shown = statement.text[start : end if end >= 0 else None].strip()
                lines.setdefault(line, shown if len(shown) <= 80 else shown[:77] + "...")
            unfollowed |= routine and bool(lines)
            places += [
                f"{statement.location.path}:{line} `{shown}`"
                + (" (a routine's argument or body: not followed)" if routine else "")
                for line, shown in lines.items()
            ]
        if not places:
            continue
        listed = "; ".join(places[:_SHOWN]) + (
            f"; and {len(places) - _SHOWN} more" if len(places) > _SHOWN else ""
        )
        notes.append(
            Note(
                f"table {step.old}: files replayed after the migrations that no migration "
                "tool names (its runner re-runs them after this forward script, as "
                "Lemmy's replaceable_schema) still name it; rename it there to "
                f"{step.new} in the same change, or they fail on the compatibility view "
                f"or the renamed table: {listed}"
                + (
                    "; what a routine does with its arguments and body is not read, so "
                    "rename those by hand (`dbnamelint check` does not see them)"
                    if unfollowed
                    else ""
                )
            )
        )
    if len(notes) == len(plan.notes):
        return plan
    return replace(plan, notes=tuple(notes))
