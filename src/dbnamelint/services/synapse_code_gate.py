"""The gate on Synapse's Python deltas (``<store>/delta/<N>/x.py``): applied
and recorded as the SQL deltas beside them, never read as SQL (``DBN014``).

``prepare_database.py`` ``_upgrade_existing_database`` imports each ``.py``
file of a delta folder and runs its ``run_create`` (and ``run_upgrade``),
then records ``'<N>/<file name>'`` in ``applied_schema_deltas``, as it does
for ``.sql`` files; a recorded name never runs again. So, as for a SQL
delta (:mod:`dbnamelint.services.edited_history`,
:mod:`dbnamelint.services.late_migrations`; trial s38 synapse: each of these
passed the hook):

- ``DBN025``: a Python delta committed at the base whose code changed since
  (comments and layout aside), deleted, or renamed (the new name runs
  again);
- ``DBN016``: a Python delta new since the base in a folder below the
  highest committed ``delta/<M>/`` beside it: a database upgrades over the
  folders from its own schema version up, so one at ``M`` never runs it.

DDL in a new Python delta's strings is judged where a commit adds DDL
strings to any code file (:mod:`dbnamelint.services.code_ddl`).
"""

from __future__ import annotations

import io
import os
import tokenize
from collections.abc import Collection, Iterable
from pathlib import Path, PurePosixPath

from dbnamelint.core import readlog
from dbnamelint.gitutil import (
    diff_names,
    now_bytes,
    relative_to_repo,
    repository_root,
    run_git,
    show_bytes,
    tree_names,
)
from dbnamelint.migration_versions import DUPLICATE_VERSION_CODE
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.services.code_text import Token, code_difference, code_text
from dbnamelint.services.edited_history import EDITED_MIGRATION_CODE
from dbnamelint.synapse_layout import DELTA, FULL_SCHEMAS, history_part

#: Tokens that are neither code nor its logical layout.
_SKIPPED = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER})


def python_tokens(text: str) -> list[Token]:
    """What a Python file runs, as tokens with their lines: comments and
    blank or continued lines aside, indentation kept (it is code). Text that
    does not tokenize is compared line by line."""
    try:
        return [
            (t.string if t.type != tokenize.NEWLINE else "\n", t.start[0])
            for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.type not in _SKIPPED
        ]
    except (tokenize.TokenError, SyntaxError):
        return [(line, n) for n, line in enumerate(text.split("\n"), 1)]


def _roots(paths: Iterable[str], cwd: Path) -> list[Path]:
    """The folders holding Synapse's stores (``synapse/storage/schema``) of
    the files ``paths`` (as the run shows them)."""
    found: dict[Path, None] = {}
    for shown in paths:
        absolute = Path(os.path.normpath(cwd / shown))
        if history_part(absolute) is not None:
            found.setdefault(absolute.parents[3], None)
    return list(found)


def _delta(parts: tuple[str, ...]) -> int | None:
    """The version of ``<store>/delta/<N>/<file>`` (parts below the root), else None."""
    if len(parts) != 4 or parts[1] != DELTA:
        return None
    return int(parts[2]) if parts[2].isascii() and parts[2].isdigit() else None


def _is_python(name: str) -> bool:
    return name.endswith(".py")  # Synapse's own test: os.path.splitext(name)[1] == ".py"


def _listing(data: bytes, prefix: str) -> dict[str, int]:
    """The deltas (repository path -> version) of a NUL-separated git listing under ``prefix``."""
    out: dict[str, int] = {}
    for name in data.decode("utf-8", "surrogateescape").split("\0"):
        if not name.startswith(prefix):
            continue
        version = _delta(PurePosixPath(name[len(prefix) :]).parts)
        if version is not None:
            out[name] = version
    return out


def _on_disk(root: Path, rel: str) -> dict[str, int]:
    """The Python deltas in the working tree under ``root`` (repository path ``rel``)."""
    out: dict[str, int] = {}
    prefix = f"{rel}/" if rel not in ("", ".") else ""
    try:
        stores = [e for e in os.scandir(root) if e.is_dir()]
    except OSError:
        return out
    for store in stores:
        deltas = Path(store.path) / DELTA
        if not (deltas.is_dir() and (Path(store.path) / FULL_SCHEMAS).is_dir()):
            continue
        readlog.note_side(str(deltas))  # the run cache: a version folder added or deleted
        for folder in os.scandir(deltas):
            if not (folder.is_dir() and folder.name.isascii() and folder.name.isdigit()):
                continue
            readlog.note_side(folder.path)  # a delta added or deleted
            for entry in os.scandir(folder.path):
                if _is_python(entry.name) and entry.is_file():
                    out[f"{prefix}{store.name}/{DELTA}/{folder.name}/{entry.name}"] = int(
                        folder.name
                    )
    return out


def python_delta_gate(
    paths: Collection[str], cwd: Path, commit: str, ref: str, *, staged: bool = False
) -> list[Diagnostic]:
    """``DBN025`` and ``DBN016`` for the Python deltas of the Synapse schema
    folders holding ``paths`` (the files the run or the base read, as the run
    shows them): see the module docstring. ``commit``, ``ref``: the base, as
    git and as the user named it; ``staged``: the change is the index (a
    pre-commit run), else the working tree. Raises
    :class:`~dbnamelint.gitutil.GitError` when git fails."""
    roots = _roots(paths, cwd)
    if not roots:
        return []
    repo = repository_root(cwd)
    names = tree_names(repo, commit)
    changed = set(filter(None, os.fsdecode(diff_names(repo, commit, cached=staged)).split("\0")))
    out: list[Diagnostic] = []
    for root in roots:
        rel = relative_to_repo(repo, root)
        if rel is None:
            continue
        prefix = f"{rel}/" if rel != "." else ""
        committed = _listing(names, prefix)
        if not committed:
            continue  # a new schema folder: nothing applied from it yet
        if staged:
            index = run_git(repo, "ls-files", "-z", "--", prefix or ".", index=True)
            now = {p: v for p, v in _listing(index, prefix).items() if _is_python(p)}
        else:
            now = _on_disk(root, rel)
        out += _judged(repo, cwd, commit, ref, staged, committed, now, changed)
    return out


def _judged(
    repo: Path,
    cwd: Path,
    commit: str,
    ref: str,
    staged: bool,
    committed: dict[str, int],
    now: dict[str, int],
    changed: set[str],
) -> list[Diagnostic]:
    def shown(rel: str) -> str:
        return Path(os.path.relpath(repo / rel, cwd)).as_posix()

    out: list[Diagnostic] = []
    added = {p: v for p, v in now.items() if p not in committed}
    texts = {p: code_text(data) for p in added if (data := now_bytes(repo, p, staged)) is not None}
    renamed: set[str] = set()
    for rel in sorted(p for p in committed if _is_python(p)):
        if rel in now and rel not in changed:
            continue
        before_bytes = show_bytes(repo, commit, rel)
        if before_bytes is None:
            continue
        before = code_text(before_bytes)
        version = committed[rel]
        head = f"this Synapse Python delta was committed at {ref} and this change "
        if rel in now:
            data = now_bytes(repo, rel, staged)
            if data is None or data == before_bytes:
                continue
            line = code_difference(before, code_text(data), python_tokens)
            if line is None:
                continue  # comments or layout only: what runs is the same
            message = (
                f"{head}edits it: an applied migration must not change (every database that "
                "ran it keeps what it created, a new one runs the edited code; Synapse records "
                f"each applied delta by its name, '{version}/{Path(rel).name}', in "
                "applied_schema_deltas and never runs it again (prepare_database.py "
                "_upgrade_existing_database): the edited code runs only on databases that "
                "never ran the committed one): restore the file and write the change as a new "
                "delta (`dbnamelint migrate` writes renames)"
            )
            out.append(
                Diagnostic(
                    Location(shown(rel), line, 1), Severity.ERROR, message, EDITED_MIGRATION_CODE
                )
            )
            continue
        moved = next(
            (p for p, t in texts.items() if code_difference(before, t, python_tokens) is None),
            None,
        )
        if moved is not None:
            renamed.add(moved)
            action = (
                f"renames it to {shown(moved)}: Synapse records each applied delta by its "
                f"name, '{version}/{Path(rel).name}', in applied_schema_deltas, so the new "
                f"name '{added[moved]}/{Path(moved).name}' counts as never applied and runs "
                f"again where the database's schema version is {added[moved]} or below"
            )
        else:
            action = (
                "deletes it: Synapse still has it applied (its name in applied_schema_deltas): "
                "every database that ran it keeps what it created"
            )
        out.append(
            Diagnostic(
                Location(shown(rel), 1, 1),
                Severity.ERROR,
                f"{head}{action}; restore the file and write any change as a new delta "
                "(`dbnamelint migrate` writes renames)",
                EDITED_MIGRATION_CODE,
            )
        )
    kept = {p: v for p, v in committed.items() if p in now or not _is_python(p)}
    if not kept:
        return out
    top = max(kept.values())
    where = min(p for p, v in kept.items() if v == top)
    for rel, version in sorted(added.items()):
        if version >= top or rel in renamed:
            continue
        out.append(
            Diagnostic(
                Location(shown(rel), 1, 1),
                Severity.ERROR,
                f"this Synapse Python delta is new since {ref} in delta/{version}, below "
                f"delta/{top} ({shown(where)}, already committed): Synapse upgrades a database "
                "over the delta folders from its own schema version up to SCHEMA_VERSION "
                "(prepare_database.py _upgrade_existing_database), so every database already at "
                f"version {top} or above never runs it, while a new one does; move it to the "
                "delta folder of the current SCHEMA_VERSION (or a new one above it)",
                DUPLICATE_VERSION_CODE,
            )
        )
    return out
