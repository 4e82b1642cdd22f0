"""``DBN032``: a SQL file the gate does not read that a change gives new DDL.

The gate (``check --base``, the pre-commit hook) reads the configured tree.
A SQL file elsewhere — in a folder outside ``paths``, left out by
``exclude``, or in a rollback folder without being the rollback of a
migration the run read — is only a ``DBN008`` warning, since queries and
fixtures beside the schema are common. But a migration tool pointed at such
a folder makes what the file holds, and no rule ever read its names (trial
s20 hasura-auth: a new ``go/migrations/extra/00001_a.up.sql`` creating
``auth.session`` passed the hook and ``check --base`` in silence). So a
file the change adds or edits there that holds DDL its copy at the base did
not hold is an error, as new dynamic DDL (``DBN013``) is. Left as the
warning: a file the base's config already excluded (a reviewed choice; an
``exclude`` or ``paths`` change in the same change is no such choice), and
a file whose new DDL ``-- dbnamelint: ignore[DBN032] <reason>`` accepts.

DDL is what the reader makes of the file, not a pattern over its text: a
statement that creates, renames or drops an object the reader models
(table, column, index, constraint, view, sequence, type, function, schema,
trigger, ...), an ``ALTER TABLE`` action, a ``CREATE``/``ALTER``/``DROP``/
``RENAME`` statement the reader could not read, or one holding dynamic DDL
(``DBN013``) or a ``CALL`` of a procedure running DDL (``DBN012``).
Comments and string literals of queries do not count, nor do roles,
extensions and settings (``CREATE ROLE``, ``ALTER SYSTEM``): no rule
checks their names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.config import Settings
from dbnamelint.core import readlog
from dbnamelint.core.diagnostics import DiagnosticSelection, DirectiveSpan
from dbnamelint.diagnostic_filter import filter_diagnostics
from dbnamelint.findings import CheckResult
from dbnamelint.frontends.liquibase.reader import read_as
from dbnamelint.frontends.liquibase.tree import ChangeSet, Node
from dbnamelint.frontends.liquibase.tree import changesets as changelog_changesets
from dbnamelint.frontends.sql.parsing.dynamic import head_word, snippet
from dbnamelint.frontends.sql.sources import (
    LIQUIBASE_OTHER_DBMS_FILE,
    LIQUIBASE_UNINCLUDED,
    OTHER_DBMS_END,
    SourcePlan,
    read_source,
    reading_staged,
)
from dbnamelint.gitutil import (
    diff_statuses,
    relative_to_repo,
    repository_root,
    show_bytes,
    staged_bytes,
)
from dbnamelint.liquibase_sql import (
    CHANGELOG_SUFFIXES,
    dbms_matches,
    is_changelog_text,
    is_formatted_sql,
    liquibase_dbms,
    read_head,
)
from dbnamelint.liquibase_sql import changesets as sql_changesets
from dbnamelint.migration_text import prepare_text
from dbnamelint.model import Diagnostic, Event, EventOp, Location, Severity, SourceFile
from dbnamelint.replay.branch_tests import ARM_SKIPPED
from dbnamelint.replay.branch_tests import SKIPPED_CODE as ARM_SKIPPED_CODE
from dbnamelint.replay.liquibase_guards import GUARD_SKIPPED, SKIPPED_CODE
from dbnamelint.runner.pipeline import Loaded, read_file, split_statements, with_routine_notes
from dbnamelint.services.lint import (
    UNCHECKED_DDL_CODE,
    UnreadFile,
    source_settings,
    unread_note,
    unread_sql_files,
)
from dbnamelint.services.other_dbms_ranges import GATE_DATABASES, other_dbms_ranges
from dbnamelint.services.sqlc_schema import names_schema, parse_config, sqlc_schema_config
from dbnamelint.synapse_layout import pending_delta

#: Statement heads that make, change or drop schema objects.
_DDL_HEADS = frozenset({"CREATE", "ALTER", "DROP", "RENAME"})


class DdlStatement(Struct, frozen=True):
    """One statement of a file that changes the schema, as the reader reads it."""

    location: Location  # the statement's first character
    #: The statement's text, spaces collapsed: what the base's copy is compared by.
    key: str
    #: The statement's [start, end) offsets in the file's text.
    span: tuple[int, int] = (0, 0)
    #: The line of its last character (its first is ``location.line``).
    last_line: int = 0
    #: A Liquibase changeset of an XML/YAML/JSON changelog: its events are
    #: those located on its lines (their offsets are the generated SQL's).
    by_lines: bool = False

    def holds(self, event: Event) -> bool:
        """Whether ``event`` (of the file's read) comes from this statement."""
        if self.by_lines:
            return self.location.line <= event.location.line <= self.last_line
        return self.span[0] <= event.statement < self.span[1]


class UnreadDdl(Struct, frozen=True):
    """A file the run does not read, by a reviewed choice (the base's config
    excluded it), whose change adds DDL: the names it makes are judged
    (:mod:`.unread_judge`) instead of refused."""

    source: SourceFile  # its path as shown
    data: bytes  # its text as the change has it
    fresh: tuple[DdlStatement, ...]  # the statements its base copy did not hold
    #: Liquibase's database it is read for when its dialect is not that one's (H2)
    dbms: str | None = None


def changed_files(cwd: Path, ref: str, *, staged: bool) -> tuple[str, ...]:
    """The files a change adds or modifies since ``ref`` and still holds, as
    paths relative to ``cwd`` (absolute outside it): the index's changes
    when ``staged`` (a commit), else the working tree's (``git diff
    --name-status REF``; untracked files are no part of it). Raises
    :class:`~dbnamelint.gitutil.GitError`."""
    repo = repository_root(cwd)
    fields = diff_statuses(repo, ref, cached=staged).decode("utf-8", "surrogateescape")
    parts = fields.split("\0")
    top = cwd.resolve()
    out: list[str] = []
    for status, rel in zip(parts[0:-1:2], parts[1::2], strict=False):
        path = repo / rel
        if status == "D" or not path.is_file():
            continue
        try:
            out.append(path.relative_to(top).as_posix())
        except ValueError:
            out.append(path.as_posix())
    return tuple(out)


def ddl_statements(
    source: SourceFile, data: bytes, unread: Callable[[Diagnostic], bool]
) -> tuple[list[DdlStatement], tuple[DirectiveSpan, ...]]:
    """The DDL statements of ``data`` read as the file ``source`` (its
    dialect, its path for locations), and its statements' directives.

    ``unread`` tells a diagnostic of DDL the reader saw and did not read
    (the gate's ``DBN013`` warning, a ``CALL``'s ``DBN012`` note on a body
    holding DDL): the statement it is in counts. Undecodable bytes hold none.
    """
    real = os.path.realpath(source.path)
    with reading_staged((), {real: data}):
        facts = read_file(source, None, None)
        text = read_source(facts.source)
    if isinstance(text, Diagnostic):
        return [], ()
    if source.path.lower().endswith(CHANGELOG_SUFFIXES) and is_changelog_text(text[:16_384]):
        sets = changelog_changesets(text, Path(source.path).suffix)
        if sets is not None:
            said = (*facts.split_diagnostics, *facts.parse_diagnostics)
            lines = [d.location.line for d in said if unread(d)]
            lines += [e.location.line for e in facts.events]
            return _changeset_statements(text, sets, lines, source.path), facts.directives
    text, _notes = prepare_text(text, source.path, facts.source.dialect, facts.source.goose)
    statements, _split = split_statements(text, facts.source)
    made = {e.statement for e in facts.events if e.op is not EventOp.USE}
    used = {e.statement for e in facts.events if e.op is EventOp.USE}
    # the DBN012 notes of the file's own routines (others' are not read here)
    parsed = with_routine_notes([(facts.source, facts.parse_diagnostics, facts.routine_steps)])
    said = (*facts.split_diagnostics, *parsed)
    hidden = [d.location.line for d in said if unread(d)]
    refused = [d.location.line for d in said if d.severity is Severity.ERROR]
    out: list[DdlStatement] = []
    for statement in statements:
        end = statement.offset + len(statement.text)
        first = statement.location.line
        last = first + statement.text.count("\n")
        ddl = head_word(statement.text) in _DDL_HEADS

        def within(offsets: set[int], start: int = statement.offset, stop: int = end) -> bool:
            return any(start <= at < stop for at in offsets)

        def on(lines: list[int], top: int = first, bottom: int = last) -> bool:
            return any(top <= line <= bottom for line in lines)

        # A name made, renamed or dropped; an ALTER TABLE action (a USE of the
        # table); dynamic DDL; DDL the reader could not read. Not: a role, an
        # extension, a setting (no name a rule checks), a query, an INSERT.
        if within(made) or (ddl and (within(used) or on(refused))) or on(hidden):
            out.append(
                DdlStatement(
                    statement.location,
                    " ".join(statement.text.split()),
                    (statement.offset, end),
                    last,
                )
            )
    return out, facts.directives


def _shape(node: Node) -> tuple[object, ...]:
    """What an element says, where it is written aside."""
    return (
        node.tag,
        tuple(sorted(node.attrs.items())),
        " ".join(node.text.split()),
        tuple(_shape(child) for child in node.children),
    )


def _changeset_statements(
    text: str, sets: Sequence[ChangeSet], lines: Sequence[int], path: str
) -> list[DdlStatement]:
    """The changesets of a Liquibase XML/YAML/JSON changelog ``text`` that
    make, change or drop a name (an event, or a diagnostic of DDL not read,
    on one of ``lines`` within them) as statements: each from its
    ``changeSet`` line to the line before the next one, keyed by its id,
    author and what its changes say (layout aside). Liquibase runs a
    changelog changeset by changeset, keyed by id, author and file (the
    manual, "changeset"): a change adding one to a file the gate does not read
    adds that one only (trial s33 openmrs: the whole file was one statement,
    and every legacy name of the file was judged as new)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    total = text.count("\n") + 1
    out: list[DdlStatement] = []
    for number, found in enumerate(sets):
        first = found.node.line
        last = sets[number + 1].node.line - 1 if number + 1 < len(sets) else total
        if not any(first <= line <= last for line in lines):
            continue
        head = found.node
        shapes = [_shape(change) for change in found.changes]
        key = repr((head.attrs.get("id", ""), head.attrs.get("author", ""), *shapes))
        span = (starts[min(first - 1, len(starts) - 1)], starts[min(last, len(starts) - 1)])
        location = Location(path, first, found.node.column)
        out.append(DdlStatement(location, key, span, last, by_lines=True))
    return out


def unchecked_ddl(
    files: Sequence[str],
    loaded: Loaded,
    settings: Settings,
    tree: Sequence[str],
    *,
    cwd: Path,
    base_commit: str,
    ref: str,
    base_config: Settings | None,
    adopting: bool = False,
    staged: bool,
    unread: Callable[[Diagnostic], bool],
    named: bool = False,
) -> tuple[list[Diagnostic], list[Diagnostic], list[UnreadDdl]]:
    """(``DBN032`` errors, ``DBN008`` notes, files whose new DDL is judged)
    for ``files`` (those the change adds or edits: :func:`changed_files`)
    that the run did not read.

    A file whose statements hold DDL (:func:`ddl_statements`) its copy at
    ``base_commit`` did not hold gets the error, at the first such
    statement, unless ``base_config`` (the base's own config over this
    tree) already excluded it, or the change adopts dbnamelint
    (``adopting``: its config is the baseline) and its ``exclude`` leaves the
    file out (then the names its new statements make are judged instead:
    listed third, see :mod:`.unread_judge`; trial s22 temporal's table
    appended to the excluded full ``schema.sql`` passed in silence), or a
    ``-- dbnamelint: ignore[DBN032] <reason>`` on that statement accepts it;
    every other one its ``DBN008`` note. ``staged``:
    the file's text is the index's (a commit), else the working tree's (a
    side input of the run cache). ``named``: ``tree`` is the paths named on
    the command line (``check --base main db/``), which judges the change
    all the same: a file outside them is unread. Raises
    :class:`~dbnamelint.gitutil.GitError`.
    """
    repo = repository_root(cwd)
    plan = SourcePlan.build(source_settings(settings))
    before_plan = SourcePlan.build(source_settings(base_config)) if base_config else None
    errors: list[Diagnostic] = []
    notes: list[Diagnostic] = []
    judged: list[UnreadDdl] = []
    for found in unread_sql_files(files, loaded, settings, tree, named=named):
        path = Path(os.path.normpath(cwd / found.name))
        rel = relative_to_repo(repo, path)
        # (a rollback of a read migration undoes what was checked; a migration tool
        # runs it only going down; sqlc's schema copy feeds the code generator only)
        if (
            found.severity is not Severity.WARNING
            or found.undoes
            or rel is None
            or _sqlc_schema(path, repo, base_commit)
        ):
            notes.append(unread_note(found))
            continue
        # Excluded by a reviewed choice: its new names are judged, not refused.
        chosen = (
            (before_plan is not None and before_plan.is_excluded(path))
            or (adopting and found.place == "excluded")
            or (
                found.place == "never-run"  # judged as an excluded file's: no tool runs it
            )
        )
        source = replace(plan.source_for(path), path=found.name)
        before, now, fresh, directives = _fresh_ddl(
            source, path, rel, repo, base_commit, staged, unread
        )
        if not fresh or chosen:
            notes.append(unread_note(found, judged=bool(fresh)))
            if fresh:
                judged.append(UnreadDdl(source, now or b"", tuple(fresh)))
            continue
        error = Diagnostic(
            fresh[0].location,
            Severity.ERROR,
            _message(found, fresh, ref, new_file=before is None, named=named),
            UNCHECKED_DDL_CODE,
        )
        accepted = not filter_diagnostics(
            CheckResult(findings=(), diagnostics=(error,)),
            DiagnosticSelection(show_info=True),
            directives,
        ).diagnostics
        if accepted:
            notes.append(unread_note(found))
        else:
            errors.append(error)
    # A Synapse delta above SCHEMA_VERSION is read by no run until the version
    # is raised (DBN007), but every database runs it then: its new names are
    # judged now, not first at the commit raising the version (trial s23 synapse).
    for name in files:
        path = Path(os.path.normpath(cwd / name))
        rel = relative_to_repo(repo, path)
        if rel is None or not path.is_file() or not pending_delta(path):
            continue
        source = replace(plan.source_for(path), path=name)
        _before, now, fresh, _directives = _fresh_ddl(
            source, path, rel, repo, base_commit, staged, unread
        )
        if fresh:
            judged.append(UnreadDdl(source, now or b"", tuple(fresh)))
    judged += other_dbms_ddl(files, loaded, plan, cwd, base_commit, staged=staged, unread=unread)
    judged += guard_skipped_ddl(files, loaded, cwd, base_commit, staged=staged, unread=unread)
    return errors, notes, judged


def guard_skipped_ddl(
    files: Sequence[str],
    loaded: Loaded,
    cwd: Path,
    base_commit: str,
    *,
    staged: bool,
    unread: Callable[[Diagnostic], bool],
) -> list[UnreadDdl]:
    """The Liquibase changesets ``files`` gain that replay skipped because
    their schema ``preConditions`` fail on the schema the files build
    (``DBN007``, :data:`~dbnamelint.replay.liquibase_guards.GUARD_SKIPPED`):
    their names are judged as new DDL. Such guards exist because databases
    reach a changeset in different states (OpenMRS's upgrades from 1.9.x
    and from a 2.x snapshot): one where the guard holds runs the changeset."""
    skipped: dict[str, list[int]] = {}
    arms: dict[str, list[int]] = {}
    for d in loaded.diagnostics:
        if d.code == SKIPPED_CODE and d.message.startswith(GUARD_SKIPPED):
            skipped.setdefault(os.path.realpath(d.location.path), []).append(d.location.line)
        elif d.code == ARM_SKIPPED_CODE and d.message.startswith(ARM_SKIPPED):
            arms.setdefault(os.path.realpath(d.location.path), []).append(d.location.line)
    if not skipped and not arms:
        return []
    read = {os.path.realpath(f.path): f for f in loaded.files}
    repo = repository_root(cwd)
    out: list[UnreadDdl] = []
    for name in files:
        path = Path(os.path.normpath(cwd / name))
        real = os.path.realpath(path)
        source, lines = read.get(real), skipped.get(real, [])
        rel = relative_to_repo(repo, path)
        if source is None or not (lines or real in arms) or rel is None:
            continue
        _before, now, fresh, _directives = _fresh_ddl(
            source, path, rel, repo, base_commit, staged, unread
        )
        if real in arms:  # a DO block's skipped IF arm: the statement holding it
            held = [
                s for s in fresh if any(s.location.line <= n <= s.last_line for n in arms[real])
            ]
            if held:
                out.append(UnreadDdl(source, now or b"", tuple(held)))
            if not lines:
                continue
        text = (now or b"").decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n")
        if is_formatted_sql(text):  # --preconditions of formatted SQL
            heads = [text.count("\n", 0, c.start) + 1 for c in sql_changesets(text)]
        else:
            heads = [c.node.line for c in changelog_changesets(text, path.suffix) or ()]
        ranges = []
        for number, first in enumerate(heads):
            last = heads[number + 1] - 1 if number + 1 < len(heads) else text.count("\n") + 1
            if any(first <= line <= last for line in lines):
                ranges.append((first, last))
        kept = [s for s in fresh if any(a <= s.location.line <= b for a, b in ranges)]
        if kept:
            out.append(UnreadDdl(source, now or b"", tuple(kept)))
    return out


def other_dbms_ddl(
    files: Sequence[str],
    loaded: Loaded,
    plan: SourcePlan,
    cwd: Path,
    base_commit: str,
    *,
    staged: bool,
    unread: Callable[[Diagnostic], bool],
) -> list[UnreadDdl]:
    """The Liquibase changesets ``files`` (those the change adds or edits) gain
    that the run leaves out for their ``dbms`` (``dbms="postgresql"`` in a
    ``dialect: mysql`` tree, ``DBN007``), read as each database they name
    runs them: their names are judged as new DDL (:mod:`.unread_judge`).
    The files are those the run read, the changelogs no changelog
    includes (an application runs them by name, ``DBN007``), and the SQL
    files a changelog runs only under another ``dbms`` (a ``sqlFile``'s own
    or its changeset's, ``DBN007``: all their new DDL, trial s40 traccar).

    One tree has one dialect, but Liquibase runs a changelog on each database
    a project supports, each changeset where its ``dbms`` allows
    (``DatabaseList.definitionMatches``; on MariaDB ``dbms="mariadb"`` runs
    and ``dbms="mysql"`` does not: Liquibase 4.28.1 on MariaDB 10.11, trial
    s33 openmrs), so a bad name in the PostgreSQL-only changeset of an
    OpenMRS changelog passed the gate unread. Only what the change adds is
    judged (each changeset by its text, as :func:`ddl_statements` keys it).
    """
    read = {os.path.realpath(f.path): f for f in loaded.files}
    unincluded = {
        os.path.realpath(d.location.path)
        for d in loaded.diagnostics
        if d.code == "DBN007" and d.message.startswith(LIQUIBASE_UNINCLUDED)
    }
    elsewhere = {
        os.path.realpath(d.location.path): d.message[len(LIQUIBASE_OTHER_DBMS_FILE) :]
        .split(OTHER_DBMS_END)[0]
        .strip()
        for d in loaded.diagnostics
        if d.code == "DBN007" and d.message.startswith(LIQUIBASE_OTHER_DBMS_FILE)
    }
    repo = repository_root(cwd)
    out: list[UnreadDdl] = []
    for name in files:
        path = Path(os.path.normpath(cwd / name))
        real = os.path.realpath(path)
        source = read.get(real)
        if source is None and real in unincluded:
            source = replace(plan.source_for(path), path=name)
        rel = relative_to_repo(repo, path)
        if source is None and real in elsewhere and rel is not None:
            source = replace(plan.source_for(path), path=name)
            for dialect in _dialects_of(elsewhere[real], source.dialect or "postgres"):
                other = replace(source, dialect=dialect)
                _before, now, fresh, _directives = _fresh_ddl(
                    other, path, rel, repo, base_commit, staged, unread
                )
                if fresh:
                    out.append(UnreadDdl(other, now or b"", tuple(fresh)))
            continue
        if source is None or rel is None:
            continue
        if not name.lower().endswith((*CHANGELOG_SUFFIXES, ".sql")):
            continue
        here = liquibase_dbms(source.dialect or "postgres")
        if here is None:
            continue
        head = read_head(str(path))
        if not (is_changelog_text(head) or is_formatted_sql(head)):
            # not Liquibase's (the hook's working tree is the staged one: pre-commit
            # sets unstaged changes aside), so no blob is asked of git for it
            continue
        data = staged_bytes(repo, rel) if staged else _file_bytes(path)
        text = (data or b"").decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n")
        sets = other_dbms_ranges(text, path.suffix, here)
        for short, grammar in GATE_DATABASES.items():
            if short == here:
                continue
            mine = [(a, b) for a, b, where in sets if short in where]
            if not mine:
                continue
            other = replace(source, dialect=grammar or source.dialect)
            # its dbms filters where no dialect of ours is that database (H2, EDB)
            as_dbms = None if liquibase_dbms(other.dialect or "") == short else short
            with read_as(as_dbms):
                _before, now, fresh, _directives = _fresh_ddl(
                    other, path, rel, repo, base_commit, staged, unread
                )
            kept = [k for s in fresh for a, b in mine if (k := _within(s, a, b)) is not None]
            if kept:
                out.append(UnreadDdl(other, now or b"", tuple(kept), as_dbms))
    return out


def _dialects_of(dbms: str, dialect: str) -> list[str]:
    """The dialects of the databases Liquibase's ``dbms`` runs on, but ``dialect``'s."""
    here = liquibase_dbms(dialect)
    found = {
        d or dialect
        for short, d in GATE_DATABASES.items()
        if short != here and dbms_matches(dbms, short)
    }
    return sorted(found)


def _within(statement: DdlStatement, first: int, last: int) -> DdlStatement | None:
    """The part of ``statement`` on lines ``first``..``last``, or None: a
    formatted-SQL statement there whole; of a changelog's changeset, the lines
    they share (a change's own ``dbms``: only that change is read as the other
    database runs it, the changeset's other changes being judged already)."""
    if not statement.by_lines:
        return statement if first <= statement.location.line <= last else None
    top, bottom = max(first, statement.location.line), min(last, statement.last_line)
    if top > bottom:
        return None
    if top == statement.location.line:
        return replace(statement, last_line=bottom)
    return replace(statement, location=Location(statement.location.path, top, 1), last_line=bottom)


def _fresh_ddl(
    source: SourceFile,
    path: Path,
    rel: str,
    repo: Path,
    base_commit: str,
    staged: bool,
    unread: Callable[[Diagnostic], bool],
) -> tuple[bytes | None, bytes | None, list[DdlStatement], tuple[DirectiveSpan, ...]]:
    """(the file's bytes at the base, its bytes now, the DDL statements of now
    its base copy did not hold, now's inline directives) for the changed
    file ``path`` (``rel`` in ``repo``)."""
    before = show_bytes(repo, base_commit, rel)
    had = (
        {s.key for s in ddl_statements(source, before, unread)[0]} if before is not None else set()
    )
    # Read last, so the run cache's log keeps the digest of these bytes.
    if staged:
        now = staged_bytes(repo, rel)
    else:
        readlog.note_side(str(path))  # the run cache: the file edited again
        now = _file_bytes(path)
    statements, directives = ddl_statements(source, now or b"", unread)
    return before, now, [s for s in statements if s.key not in had], directives


def _sqlc_schema(path: Path, repo: Path, base_commit: str) -> bool:
    """Whether ``path`` is sqlc's schema copy, read by the code generator and
    run by no migration tool (river's ``internal/dbsqlc/schema.sql``): a sqlc
    config names it now, and did at the base (one the change adds or edits
    to name a migration does not excuse it)."""
    config = sqlc_schema_config(path, repo)
    rel = relative_to_repo(repo, config) if config is not None else None
    if config is None or rel is None:
        return False
    before = show_bytes(repo, base_commit, rel)
    return before is not None and names_schema(
        parse_config(config.name, before), config.parent, path
    )


def _file_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _message(
    found: UnreadFile, fresh: Sequence[DdlStatement], ref: str, *, new_file: bool, named: bool
) -> str:
    """What the error says: what the file holds, why it is not read, what to do."""
    more = len(fresh) - 1
    also = f" and {more} more DDL statement{'s' if more > 1 else ''}" if more else ""
    since = f"the file is new since {ref}" if new_file else f"new or changed since {ref}"
    head = f"SQL file not checked holds new DDL (`{snippet(fresh[0].key)}`{also}; {since}): "
    unread = "so no rule reads the names it makes when a migration tool runs it"
    accept = (
        "if it is not a migration, write `-- dbnamelint: ignore[DBN032] <reason>` before "
        "this statement"
    )
    if found.place == "excluded":
        where = (
            f"the config's `exclude` leaves it out, which the config at {ref} did not, "
            f"{unread}, and the gate refuses it: take it out of `exclude` to check it with "
            f"the schema, or, {accept} (or `exclude` it in a change of its own)"
        )
    elif found.place == "rollback":
        folder = found.folder
        where = (
            f"it is in a rollback folder (`{folder}/`), which a walk leaves out, and is the "
            "rollback of no migration the run read beside it (none has its file name or its "
            f"leading version), {unread}, and the gate refuses it: if it is a migration, "
            "move it out of the folder; if it is a rollback, name it after its migration "
            f"(`{folder}/002-x.sql` for `002-x.sql`); or, {accept}"
        )
    elif found.place == "included":
        where = (
            f"{found.reason}, {unread}, and the gate refuses it: name it in `paths` "
            f"(`{found.name}`, or a glob such as `lib/**/*.sql.inc`) to check it with the "
            f"schema, or write its DDL in the including file; or, {accept}"
        )
    elif named:
        where = (
            f"{found.reason}, {unread}, and the gate refuses it: name its folder there too "
            "(or add it to the config's `paths` and name no path) to check it with the "
            f"schema, or, {accept}"
        )
    else:
        where = (
            f"{found.reason}, {unread}, and the gate refuses it: add its folder to `paths` "
            "(and to a `databases:` entry if it runs on a database of its own) to check it "
            f"with the schema, or, {accept}"
        )
    return head + where
