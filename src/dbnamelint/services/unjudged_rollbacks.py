"""``DBN033``: a rollback the change adds or edits that makes a name no rule judged.

A rollback (golang-migrate's ``003_x.down.sql``, Diesel's ``down.sql``,
Flyway's ``U3__x.sql``, a file in a ``rollbacks/`` folder, sqitch's
``revert/``) is never replayed: it restores the names its migration
changed, legacy ones included, by design, so neither the rules nor the
gate's ``DBN032`` judge it. But a rollback can make a name nothing else
ever made (``CREATE TABLE "BadName"`` in a ``.down.sql``), and a database
rolled back then holds it. The gate says so, once per file, at the first
statement new since the base that makes (creates, or renames to) a name no
migration the run read names (makes, renames or drops): a warning, not an
error, because a rollback that re-creates what its migration dropped, under
the old name, is the rollback doing its job, and the names the forward
files wrote are the only ones the gate can tell it from. A rollback that
only drops or renames back gets no note.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.config import Settings
from dbnamelint.core import readlog
from dbnamelint.core.diagnostics import DiagnosticSelection, DirectiveSpan
from dbnamelint.diagnostic_filter import filter_diagnostics
from dbnamelint.findings import CheckResult
from dbnamelint.frontends.sql.parsing.dynamic import snippet
from dbnamelint.frontends.sql.sources import (
    ROLLBACK_DIRS,
    SourcePlan,
    is_down_migration,
    is_sqitch_revert_or_verify,
    read_source,
    reading_staged,
)
from dbnamelint.gitutil import relative_to_repo, repository_root, show_bytes, staged_bytes
from dbnamelint.migration_text import prepare_text
from dbnamelint.model import (
    EXCHANGE_SCRATCH,
    Diagnostic,
    Event,
    EventOp,
    Location,
    Severity,
    SourceFile,
)
from dbnamelint.runner.pipeline import Loaded, read_file, split_statements
from dbnamelint.services.lint import ROLLBACK_NOT_JUDGED_CODE, source_settings


class _Making(Struct, frozen=True):
    """One statement of a rollback that makes names."""

    location: Location
    key: str  # the statement's text, spaces collapsed: compared with the base's copy
    names: tuple[tuple[str, bool], ...]  # (name as written, quoted)


def is_rollback(path: Path) -> bool:
    """Whether ``path`` (relative to the current folder, so the folders above
    it say nothing) is a rollback a forward replay never applies: a
    rollback's name, a file in a rollback folder, a sqitch revert script."""
    if is_down_migration(path.name):
        return True
    if any(part.lower() in ROLLBACK_DIRS for part in path.parent.parts):
        return True
    return is_sqitch_revert_or_verify(path) and "revert" in path.parent.parts


def _made(events: Iterable[Event]) -> Iterable[tuple[str, bool]]:
    """(name, quoted) of each name ``events`` create or rename to."""
    for event in events:
        if event.op is EventOp.CREATE and event.name is not None:
            yield event.name, event.quoted
        elif event.op is EventOp.RENAME and event.new_name not in (None, EXCHANGE_SCRATCH):
            assert event.new_name is not None
            yield event.new_name, event.new_name != event.new_name.lower()


def _making(
    source: SourceFile, data: bytes | None
) -> tuple[list[_Making], tuple[DirectiveSpan, ...]]:
    """The statements of ``data`` (read as ``source``) that make names, and
    its statements' directives."""
    if not data:
        return [], ()
    real = os.path.realpath(source.path)
    with reading_staged((), {real: data}):
        facts = read_file(source, None, None)
        text = read_source(facts.source)
    if isinstance(text, Diagnostic):
        return [], ()
    text, _notes = prepare_text(text, source.path, facts.source.dialect, facts.source.goose)
    statements, _split = split_statements(text, facts.source)
    out = []
    for statement in statements:
        end = statement.offset + len(statement.text)
        names = tuple(_made(e for e in facts.events if statement.offset <= e.statement < end))
        if names:
            key = " ".join(statement.text.split())
            out.append(_Making(statement.location, key, names))
    return out, facts.directives


class _Known:
    """The names the forward files wrote (made, renamed away, dropped: a
    rollback renames ``migrate``'s constraints back to the implicit names the
    forward migration wrote as it renamed them), quoted ones exactly, others folded."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.exact: set[str] = set()
        self.folded: set[str] = set()
        for event in events:
            for name in (event.name, event.new_name):
                if name is not None:
                    self.exact.add(name)
                    self.folded.add(name.lower())

    def knows(self, name: str, quoted: bool) -> bool:
        return name in self.exact or (not quoted and name.lower() in self.folded)


def unjudged_rollbacks(
    files: Sequence[str],
    loaded: Loaded,
    settings: Settings,
    *,
    cwd: Path,
    base_commit: str,
    ref: str,
    staged: bool,
    skip: Iterable[str] = (),
) -> list[Diagnostic]:
    """A ``DBN033`` warning for each of ``files`` (the change's, as
    :func:`~dbnamelint.services.unchecked_ddl.changed_files` lists them)
    that is a rollback the run did not read and that holds a statement new
    since ``base_commit`` making a name no event of ``loaded`` names, at the
    first such statement. ``skip``: paths already refused (``DBN032``).
    ``staged``: the text is the index's, else the working tree's (a side
    input of the run cache). Raises :class:`~dbnamelint.gitutil.GitError`."""
    repo = repository_root(cwd)
    plan = SourcePlan.build(source_settings(settings))
    read = {os.path.realpath(f.path) for f in (*loaded.files, *loaded.history)}
    refused = set(skip)
    known: _Known | None = None  # built for the first rollback: most changes have none
    out: list[Diagnostic] = []
    for name in files:
        path = Path(os.path.normpath(cwd / name))
        if name in refused or os.path.realpath(path) in read or not is_rollback(Path(name)):
            continue
        if not path.name.lower().endswith(".sql"):
            continue
        rel = relative_to_repo(repo, path)
        if rel is None:
            continue
        source = replace(plan.source_for(path), path=name)
        before = show_bytes(repo, base_commit, rel)
        had = {m.key for m in _making(source, before)[0]}
        if staged:
            now = staged_bytes(repo, rel)
        else:
            readlog.note_side(str(path))  # the run cache: the file edited again
            now = _file_bytes(path)
        making, directives = _making(source, now)
        if known is None:
            known = _Known(loaded.events)
        fresh = [
            (m, [n for n, quoted in m.names if not known.knows(n, quoted)])
            for m in making
            if m.key not in had
        ]
        fresh = [(m, new) for m, new in fresh if new]
        if not fresh:
            continue
        note = _note(name, fresh, ref, new_file=before is None)
        # `-- dbnamelint: ignore[DBN033] <reason>` on the statement: checked by hand
        kept = filter_diagnostics(
            CheckResult(findings=(), diagnostics=(note,)),
            DiagnosticSelection(show_info=True),
            directives,
        ).diagnostics
        out.extend(kept)
    return out


def _file_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _note(
    name: str, fresh: Sequence[tuple[_Making, list[str]]], ref: str, *, new_file: bool
) -> Diagnostic:
    first, names = fresh[0]
    more = len(fresh) - 1
    also = f" and {more} more such statement{'s' if more > 1 else ''}" if more else ""
    since = f"the file is new since {ref}" if new_file else f"new or changed since {ref}"
    shown = ", ".join(f"'{n}'" for n in dict.fromkeys(names))
    return Diagnostic(
        first.location,
        Severity.WARNING,
        f"rollback not checked: `{snippet(first.key)}`{also} ({since}) makes {shown}, a name "
        "no migration the run read names; a rollback is never replayed, so no rule judged "
        "it, and the gate does not refuse it (a rollback restores the names its migration "
        "changed, legacy ones included): check its names by hand, and move DDL that does "
        f"not undo its migration into a forward migration (`dbnamelint check {name}` checks "
        "it alone)",
        ROLLBACK_NOT_JUDGED_CODE,
    )
