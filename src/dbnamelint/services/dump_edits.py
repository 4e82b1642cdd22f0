"""A schema dump whose DDL a change edits while it adds no migration.

In a project whose migrations are code (db-migrate's ``src/migrations/*.js``)
and whose model is a ``pg_dump --schema-only`` in ``paths:`` (what ``init``
advises there), the dump is what a database holds after the migrations ran.
Trial s32 unleash (finding 3): ``role_user`` renamed to ``role_users`` in
``db/schema.sql`` by ``sed``, then ``whitelist prune``, passed the hook, and
``burndown`` counted the table migrated, while no migration renames it and
every database keeps ``role_user`` (``drift --db`` shows it).

The gate (``check --base``, the hook) now says so: a dump the run reads (it
opens or ends as pg_dump, mysqldump or ``sqlite3 .dump`` write it:
:func:`~dbnamelint.impact.history.is_schema_dump`) whose statements the
change edits (comments, ``SET`` lines and pg_dump's ``\\restrict`` aside),
while the change adds or edits no file of the project's code migration
folders (those ``init`` finds: :func:`~.code_tools.migration_tools`), is a
``DBN008`` warning at the dump's first edited statement line, naming the
folder and the call its tool runs SQL with. A warning, not an error: the
migration may be in an earlier commit (a dump regenerated in a commit of its
own), which a hook sees as a change of the dump alone; ``check --base main``
over the whole branch sees both.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.gitutil import now_bytes, repository_root, run_git, show_bytes
from dbnamelint.impact.history import is_schema_dump
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile

#: The code of the warning: a committed file whose change is not checked
#: against what runs it (README's diagnostics table).
CODE = "DBN008"


def _statements(text: str) -> list[tuple[int, str]]:
    """(1-based line, stripped text) of the lines of dump ``text`` that
    carry DDL: not blank, not a comment, not pg_dump's session settings
    (``SET``, ``SELECT pg_catalog.set_config``) or psql meta-commands
    (pg_dump 15.14+'s ``\\restrict <key>``, which changes with every dump)."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        upper = stripped.upper()
        if (
            not stripped
            or stripped.startswith(("--", "\\", "/*!"))
            or upper.startswith(("SET ", "SELECT PG_CATALOG.SET_CONFIG"))
        ):
            continue
        out.append((number, stripped))
    return out


def _first_edit(before: str, now: str) -> int | None:
    """The line of ``now`` where its DDL first differs from ``before``'s,
    None when only comments, settings or layout changed."""
    old, new = _statements(before), _statements(now)
    matcher = difflib.SequenceMatcher(None, [t for _, t in old], [t for _, t in new], False)
    for tag, _a0, _a1, b0, _b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if b0 < len(new):
            return new[b0][0]
        return new[-1][0] if new else 1
    return None


def _looks_dumped(shown: str, real: str) -> bool:
    """Whether the working tree's file at ``real`` (shown as ``shown``) is a
    schema dump (:func:`~dbnamelint.impact.history.is_schema_dump`)."""
    try:
        with open(real, "rb") as handle:  # noqa: PTH123
            data = handle.read()
    except OSError:
        return False
    text = data.decode("utf-8", "replace")
    return is_schema_dump(Path(shown).as_posix(), text[:2000], text[-2000:])


def _untracked(repo: Path) -> list[str]:
    out = run_git(repo, "ls-files", "-z", "--others", "--exclude-standard")
    return [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]


def dumps_edited_alone(
    change: Sequence[str],
    read: Sequence[SourceFile],
    cwd: Path,
    commit: str,
    ref: str,
    *,
    staged: bool,
) -> list[Diagnostic]:
    """The ``DBN008`` warnings of the module docstring. ``change``: the
    files the change adds or edits, relative to ``cwd``
    (:func:`~.unchecked_ddl.changed_files`); ``read``: the files the run
    read; ``commit``, ``ref``: the base as git and as the user named it."""
    read_paths = {os.path.realpath(cwd / f.path) for f in read}
    # Dumps first, by the working tree's text (a dump's header stays when only
    # its statements are edited): git is asked about them alone, so a hook run
    # on plain migrations starts no git process here.
    candidates = [
        (shown, real)
        for shown in change
        if (real := os.path.realpath(cwd / shown)) in read_paths and _looks_dumped(shown, real)
    ]
    if not candidates:
        return []
    repo = repository_root(cwd)
    dumps: list[tuple[str, str, int]] = []  # (shown, repository path, line)
    for shown, real in candidates:
        rel = os.path.relpath(real, os.path.realpath(repo)).replace(os.sep, "/")
        data = now_bytes(repo, rel, staged)
        base = show_bytes(repo, commit, rel)
        if data is None or base is None:
            continue  # a dump the change adds: an adoption, not an edit
        text = data.decode("utf-8", "replace")
        if not is_schema_dump(rel, text[:2000], text[-2000:]):
            continue
        line = _first_edit(base.decode("utf-8", "replace"), text)
        if line is not None:
            dumps.append((Path(shown).as_posix(), rel, line))
    if not dumps:
        return []
    from dbnamelint.services.code_tools import migration_tools

    tools = migration_tools(repo)
    if not tools:
        return []
    touched = [
        os.path.relpath(os.path.realpath(cwd / p), os.path.realpath(repo)).replace(os.sep, "/")
        for p in change
    ]
    if not staged:  # a new migration not yet added is the change's too
        touched += _untracked(repo)
    if any(p.startswith(f"{t.folder}/") for p in touched for t in tools):
        return []
    where = "; ".join(f"{t.describe()}, SQL run by {t.runner}" for t in tools)
    return [
        Diagnostic(
            Location(shown, line, 1),
            Severity.WARNING,
            f"this schema dump's DDL changed since {ref}, but the change adds or edits no "
            f"migration in the project's migration folders ({where}): a dump is what a "
            "database holds after its migrations ran, so a dump edited by hand changes no "
            "database (drift --db shows the old names there), and whitelist prune and "
            "burndown take the names it no longer holds as renamed. Write the change as a "
            "new migration there, run it and regenerate the dump (if the migration is in an "
            f"earlier commit, check --base over both shows it with the dump)",
            CODE,
        )
        for shown, _rel, line in dumps
    ]
