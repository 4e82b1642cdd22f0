"""``DBN025`` for an edit of an Ecto helper module applied migrations call (trial s40).

A project's migrations may make their tables through its own helpers: a
``lib/`` module importing Ecto's macros (``import Ecto.Migration``) whose
``create_audit_table/0`` runs ``create table(:audits) do ... end``, called by
``priv/repo/migrations/<version>_x.exs``. Ecto records a migration as applied
by its version (``schema_migrations``), so an edit of the helper changes what
a database built from now on gets while every database that ran the
migration keeps what the old helper made: the edit of applied history an edit
of the migration itself is (``DBN025``), as for an Alembic or Django
migration's shared module (:mod:`.applied_helpers`). The helper's builder
calls are compared as the SQL they run (:func:`dbnamelint.code_builders.shadow_text`):
an edit of comments or of code that makes nothing passes. A ``#
dbnamelint: ignore[DBN025] <reason>`` comment the change adds to the helper
accepts it (an info note).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.code_builders import is_ecto_migration_path, shadow_text
from dbnamelint.code_ddl_text import ddl_strings
from dbnamelint.gitutil import now_bytes, run_git, show_bytes
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.services.code_text import accepts, code_text

__all__ = ["ecto_helper_edits"]

CODE = "DBN025"
_ACCEPTED = ("dbn025", "migration-edited")
_IMPORTS_MACROS = re.compile(r"\bimport\s+Ecto\.Migration\b")
_MODULE = re.compile(r"^\s*defmodule\s+([A-Z][\w.]*)\s+do\b", re.MULTILINE)


def _ddl(rel: str, text: str) -> list[tuple[str, int]]:
    """(key, 1-based line) of each DDL string the module's builder calls run."""
    shadow = shadow_text(rel, text)[0]
    return [
        (s.key(), shadow.count("\n", 0, s.pieces[0][0] if s.pieces else 0) + 1)
        for s in ddl_strings(rel, shadow)
    ]


def _callers(repo: Path, commit: str, module: str, changed: set[str]) -> list[str]:
    """The Ecto migrations committed at ``commit`` (and not changed) that name ``module``."""
    listing = run_git(repo, "ls-tree", "-r", "-z", "--name-only", commit)
    named = re.compile(rf"(?<![\w.]){re.escape(module)}(?![\w])")
    out = []
    for rel in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not rel or rel in changed or not is_ecto_migration_path(rel):
            continue
        try:  # applied history, as the working tree has it (the change leaves it)
            text = (repo / rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if named.search(text):
            out.append(rel)
    return out


def ecto_helper_edits(
    repo: Path,
    cwd: Path,
    commit: str,
    ref: str,
    staged: bool,
    statuses: Sequence[tuple[str, str]],
) -> list[Diagnostic]:
    """``DBN025`` at each Elixir module importing Ecto's migration macros that
    the change edits so that its builder calls run other SQL, when a migration
    committed at the base names the module."""
    changed = {rel for _, rel in statuses}
    out: list[Diagnostic] = []
    for status, rel in statuses:
        if status != "M" or not rel.lower().endswith((".ex", ".exs")):
            continue
        if is_ecto_migration_path(rel):
            continue  # a migration: its own DBN025 (code_ddl.removed_history)
        now_data = now_bytes(repo, rel, staged)
        if now_data is None or not _IMPORTS_MACROS.search(now := code_text(now_data)):
            continue  # most edited Elixir files: no base read (a git process each)
        was_data = show_bytes(repo, commit, rel)
        if was_data is None:
            continue
        was = code_text(was_data)
        before, after = _ddl(rel, was), _ddl(rel, now)
        if sorted(k for k, _ in before) == sorted(k for k, _ in after):
            continue
        module = _MODULE.search(now) or _MODULE.search(was)
        if module is None:
            continue
        callers = _callers(repo, commit, module.group(1), changed)
        if not callers:
            continue
        kept = {k for k, _ in before}
        line = next((n for k, n in after if k not in kept), 1)
        shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
        first = Path(os.path.relpath(repo / callers[0], cwd)).as_posix()
        more = f" and {len(callers) - 1} more" if len(callers) > 1 else ""
        message = (
            f"this change edits the SQL the Ecto migration helpers of {module.group(1)} run, "
            f"which {first}{more} (committed at {ref}) call: Ecto records a migration as "
            "applied by its version, so every database that ran it keeps what the old "
            "helper made and only a new one runs the edited code: restore the helper and "
            "write the change as a new migration"
        )
        accepted = accepts(now, _ACCEPTED) and not accepts(was, _ACCEPTED)
        if accepted:
            out.append(
                Diagnostic(
                    Location(shown, line, 1),
                    Severity.INFO,
                    message + "; accepted by the `dbnamelint: ignore[DBN025]` comment the "
                    "change adds",
                    CODE,
                )
            )
            continue
        out.append(
            Diagnostic(
                Location(shown, line, 1),
                Severity.ERROR,
                message + " (or, reviewed by hand, accept it with a `# dbnamelint: "
                "ignore[DBN025] <reason>` comment in the module)",
                CODE,
            )
        )
    return out
