"""SQLite compatibility views over tables that code migrations alter.

A SQLite compatibility view is read-only: its INSTEAD OF triggers write the
renamed table, listing the columns the model knows. Columns a code migration
adds (WriteFreely's ``migrations/v2.go``: ``ALTER TABLE appcontent ADD COLUMN
title ...`` in Go) are not in the model, so an insert or update through the
view silently drops them (trial s39 writefreely: ``INSERT OR REPLACE INTO
appcontent (id, title, ...)`` stored title NULL). Here the code migration
folders' DDL strings are read for statements that alter, create or rename
to a table the plan puts a view over, so the plan can name them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.services.migrate.plan import Note, Plan

#: A statement that changes a table's columns: ALTER TABLE t, CREATE TABLE t,
#: ... RENAME TO t (the SQLite rebuild's last step); group ``t`` the name.
_TOUCHES = lazy_compile(
    r"\b(?:ALTER\s+TABLE(?:\s+IF\s+EXISTS)?(?:\s+ONLY)?|CREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?"
    r"|RENAME\s+TO)\s+[`\"\[]?(?P<t>\w+)[`\"\]]?",
    re.IGNORECASE,
)


def code_altered(root: Path, tables: Collection[str]) -> dict[str, list[str]]:
    """Each of ``tables`` (case-insensitive) that a code migration under
    ``root`` alters, creates or renames to, with those files (relative,
    ``/``-separated, in path order)."""
    if not tables:
        return {}
    from dbnamelint.code_ddl_text import ddl_strings
    from dbnamelint.fixture_paths import is_test_file
    from dbnamelint.services.code_schema import code_migration_folders

    wanted = {t.casefold(): t for t in tables}
    out: dict[str, list[str]] = {}
    for folder, _count in code_migration_folders(root):
        base = root / folder
        for path in sorted(p for p in base.iterdir() if p.is_file()):
            rel = path.relative_to(root).as_posix()
            if is_test_file(rel):
                # a test's fixture, never run as a migration (goose skips
                # `_test.go`, and go build leaves it out): trial s40 navidrome
                continue
            try:
                text = path.read_text("utf-8", "replace")
            except OSError:
                continue
            for string in ddl_strings(rel, text):
                for found in _TOUCHES.finditer(string.text):
                    table = wanted.get(found.group("t").casefold())
                    if table is not None and rel not in out.get(table, []):
                        out.setdefault(table, []).append(rel)
    return out


#: What each note :func:`with_code_altered` adds says (found again by the command).
_MARK = "code migrations this plan does not read change table"


def with_code_altered(plan: Plan, root: Path) -> Plan:
    """``plan`` (SQLite, with compatibility views) with a note for each view
    over a table that a code migration under ``root`` changes."""
    if not plan.views:
        return plan
    found = code_altered(root, [v.old for v in plan.views])
    notes = [
        Note(code_altered_message(v.old, v.columns, found[v.old]))
        for v in plan.views
        if v.old in found
    ]
    return replace(plan, notes=(*plan.notes, *notes)) if notes else plan


def code_altered_notes(plan: Plan) -> list[str]:
    """The messages of ``plan``'s notes :func:`with_code_altered` added."""
    return [n.message for n in plan.notes if _MARK in n.message]


def code_altered_message(view: str, columns: Collection[str], files: Collection[str]) -> str:
    """Why compatibility view ``view``'s triggers may lose columns ``files`` add."""
    shown = ", ".join(list(files)[:3]) + (", ..." if len(files) > 3 else "")
    listed = ", ".join(columns)
    return (
        f"compatibility view {view!r}: {_MARK} {view!r} ({shown}): its INSTEAD OF "
        f"triggers write only the columns the model knows ({listed}), so an insert or "
        "update through the view silently drops a column those migrations added "
        "(stored NULL or its default): compare with the database "
        "(`dbnamelint drift --db URL`) and add the missing columns to the triggers' "
        "column lists, or add that DDL to the SQL migrations first"
    )
