"""The one-way pipeline: files -> statements -> events -> schema.

Commands call these functions instead of wiring the layers themselves, so
the order of the layers is written down exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint import zdb_layout
from dbnamelint.core.diagnostics import DirectiveSpan, directive_span
from dbnamelint.core.gcpause import collector_paused
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import (
    Family,
    dialect_from_suffix,
    dump_dialect,
    normalize_dialect,
    profile_for,
    section_dialects,
    sniff_dialect,
    sniff_signal,
)
from dbnamelint.flyway_baselines import (
    baseline_version,
    configured_instances,
    left_out,
    shown,
    versioned_version,
)
from dbnamelint.frontends.sql.client_follow import included_texts
from dbnamelint.frontends.sql.client_include import is_placeholder
from dbnamelint.frontends.sql.sources import (
    MISSING_CODE,
    SourceSettings,
    compile_module_pattern,
    discover,
    read_source,
    read_source_notes,
    sniffed_text,
)
from dbnamelint.liquibase_sql import CHANGELOG_SUFFIXES, is_changelog_text, is_formatted_sql
from dbnamelint.migration_text import (
    may_have_schema_placeholders,
    prepare_text,
    with_schema_placeholders,
)
from dbnamelint.migration_versions import duplicate_versions
from dbnamelint.model import (
    Diagnostic,
    Event,
    Location,
    ParseResult,
    RoutineStep,
    Schema,
    Severity,
    SourceFile,
    Statement,
)
from dbnamelint.rails_dump import is_schema_rb
from dbnamelint.renamed_paths import with_rename_hints
from dbnamelint.replay.engine import replay
from dbnamelint.runner import readcache, reads
from dbnamelint.runner.cacheentry import FileFacts
from dbnamelint.runner.cross_calls import read_earlier_calls
from dbnamelint.runner.progress import reading_progress
from dbnamelint.runner.readcache import FileCache

if TYPE_CHECKING:
    from dbnamelint.frontends.generated_sql import GeneratedRead


class Loaded(Struct, frozen=True):
    """What reading a tree produced: events in file order, the model, and
    every diagnostic from every layer (sources, splitting, parsing, replay)."""

    files: tuple[SourceFile, ...]
    statements: int
    events: tuple[Event, ...]
    schema: Schema
    diagnostics: tuple[Diagnostic, ...]
    #: Statements with ``dbnamelint:`` comments, for suppressing diagnostics.
    directives: tuple[DirectiveSpan, ...] = ()
    #: Migrations found but not replayed because a new database skips them
    #: (Flyway versioned migrations a baseline migration stands for): still
    #: the history of older databases, which the gate guards (DBN025, DBN016).
    history: tuple[SourceFile, ...] = ()
    #: Config ``flyway_locations``: each Flyway instance's folders (absolute).
    flyway_locations: tuple[tuple[str, ...], ...] = ()
    #: Files client includes (\\i, source, .read) of the files read pull in, read in place
    #: (:mod:`dbnamelint.frontends.sql.client_follow`): read, though not on their
    #: own; each with the path of the file read whose include (or a file it
    #: includes) names it.
    included: tuple[tuple[str, SourceFile], ...] = ()


def cut(loaded: Loaded, keep: Callable[[SourceFile], bool]) -> Loaded:
    """``loaded`` as if only the files ``keep`` accepts had been read: one
    separate database of the tree (``--database``) or one dialect copy.

    Every per-file field is cut the same way, so the callers cannot drift
    apart: files, history, events and objects (by their source file), and
    diagnostics and directives located in a file left out (another part's
    notes, unread statements and suppressions are its own run's to say).
    Diagnostics located nowhere in the tree (a config's) stay. ``statements``
    stays the count read, which no caller shows for a cut tree.
    """
    gone = {f.path for f in (*loaded.files, *loaded.history) if not keep(f)}
    schema = loaded.schema
    return replace(
        loaded,
        files=tuple(f for f in loaded.files if keep(f)),
        history=tuple(f for f in loaded.history if keep(f)),
        included=tuple(pair for pair in loaded.included if keep(pair[1])),
        events=tuple(e for e in loaded.events if keep(e.source)),
        diagnostics=tuple(d for d in loaded.diagnostics if d.location.path not in gone),
        directives=tuple(d for d in loaded.directives if d.start.path not in gone),
        schema=replace(
            schema,
            objects=tuple(o for o in schema.objects if keep(o.source)),
            files=tuple(f for f in schema.files if keep(f)),
            diagnostics=tuple(d for d in schema.diagnostics if d.location.path not in gone),
        ),
    )


def read_statements(
    files: Sequence[SourceFile], root: Path | None = None
) -> tuple[list[Statement], list[Diagnostic]]:
    """Decode and split every file, in order; Rails' ``db/schema.rb`` as the
    SQL ``db:schema:load`` runs for it (located at its lines)."""
    statements: list[Statement] = []
    diagnostics: list[Diagnostic] = []
    for found in files:
        text = read_source(found, root)
        if isinstance(text, Diagnostic):
            diagnostics.append(text)
            continue
        if is_schema_rb(found.path):
            # the SQL db:schema:load runs, not the Ruby split at its semicolons
            from dbnamelint.frontends.rails.reader import schema_rb_statements

            statements.extend(schema_rb_statements(text, found))
            continue
        source = found
        if found.dialect_guessed:
            shows = sniffed_text(found, root, text)
            source = replace(found, dialect=sniff_dialect(shows, found.dialect))
        text, notes = prepare_text(text, source.path, source.dialect, source.goose)
        diagnostics.extend(read_source_notes(found, root))
        diagnostics.extend(notes)
        stmts, diags = split_statements(text, source)
        if found.path.lower().endswith(".go"):
            from dbnamelint.frontends.sql.client_follow import follow, go_step_notes

            # a Go migration list's file steps: their statements where they run
            # (migrate rebuilds a SQLite table from the CREATE TABLE a step's file holds)
            steps = go_step_notes(source, root)
            if steps:
                followed, kept, _files = follow(stmts, (*diags, *steps), source, root)
                stmts, diags = tuple(followed), tuple(kept)
        statements.extend(stmts)
        diagnostics.extend(diags)
    return statements, diagnostics


def split_statements(
    text: str, source: SourceFile
) -> tuple[tuple[Statement, ...], tuple[Diagnostic, ...]]:
    """:func:`dbnamelint.frontends.sql.splitting.split_statements`, imported on first use
    (a run served by the cache never splits)."""
    from dbnamelint.frontends.sql.splitting import split_statements as split

    return split(text, source)


def _parse(statements: Sequence[Statement], cache: FileCache | None = None) -> ParseResult:
    # Imported here: a run whose files all come from the cache never
    # tokenizes anything. With a cache, sqlglot's tokenizers are rebuilt
    # from snapshots kept in it instead of importing all of sqlglot.
    from dbnamelint.frontends.sql.parsing import parse_statements

    return parse_statements(statements, cache)


def _model(
    files: tuple[SourceFile, ...],
    statements: Sequence[Statement],
    diagnostics: Sequence[Diagnostic],
) -> Loaded:
    """Parse and replay split statements: the one place the later layers are chained."""
    parsed = _parse(statements)
    return _replayed(
        files,
        parsed.statements,
        parsed.events,
        diagnostics,
        with_routine_notes(
            [
                (parsed.routine_steps[0][0], parsed.diagnostics, ()),
                *((source, (), steps) for source, steps in parsed.routine_steps),
            ]
        )
        if parsed.routine_steps
        else parsed.diagnostics,
        _directives(statements),
    )


def with_routine_notes(
    files: Sequence[tuple[SourceFile, Sequence[Diagnostic], Sequence[RoutineStep]]],
) -> list[Diagnostic]:
    """The files' parse diagnostics, in order, each file's followed by its
    DBN012 notes on the routines it runs, worked out over every file
    (:func:`dbnamelint.replay.routine_runs.routine_notes`); a CALL's plain
    "not read" note gives way to one saying the body holds DDL."""
    from dbnamelint.replay.routine_runs import CODE, routine_notes

    notes, calls = routine_notes(
        [
            (source.catalog, profile_for(source.dialect).family is Family.POSTGRES, steps)
            for source, _, steps in files
        ]
    )
    out: list[Diagnostic] = []
    for (_, diagnostics, _), added in zip(files, notes, strict=True):
        out.extend(
            d
            for d in diagnostics
            if not (
                calls and d.code == CODE and d.location in calls and d.message.startswith("CALL ")
            )
        )
        out.extend(added)
    return out


def _directives(statements: Sequence[Statement]) -> tuple[DirectiveSpan, ...]:
    spans = (directive_span(s) for s in statements if s.comments)
    return tuple(span for span in spans if span is not None)


def _replayed(
    files: tuple[SourceFile, ...],
    statements: int,
    events: tuple[Event, ...],
    read_diagnostics: Sequence[Diagnostic],
    parse_diagnostics: Sequence[Diagnostic],
    directives: tuple[DirectiveSpan, ...],
) -> Loaded:
    schema = replay(events)
    # A file shared by the dialects of a tree is read once per dialect: the
    # same diagnostic at the same place is one problem, reported once.
    all_diags = tuple(dict.fromkeys((*read_diagnostics, *parse_diagnostics, *schema.diagnostics)))
    return Loaded(
        files=files,
        statements=statements,
        events=events,
        schema=replace(schema, files=files, diagnostics=all_diags),
        diagnostics=all_diags,
        directives=directives,
    )


def read_file(found: SourceFile, root: Path | None, cache: FileCache | None) -> FileFacts:
    """Everything the front end learns from one file, from ``cache`` when it has it.

    Splitting and parsing a file depend only on its text and its
    :class:`SourceFile`, so the result can be reused whenever both are the
    same (see :mod:`dbnamelint.runner.readcache`).
    """
    text = read_source(found, root)
    if isinstance(text, Diagnostic):
        return FileFacts(found, 0, (), (text,), (), (), not found.dialect_guessed)
    if found.path.lower().endswith(CHANGELOG_SUFFIXES) and is_changelog_text(text[:16_384]):
        return _changelog_facts(found, text)
    if is_schema_rb(found.path):
        return _schema_rb_facts(found, text)
    # The files its client's includes (psql's \\i, mysql's source, sqlite3's
    # .read) are read with it (client_follow): the reading
    # is served from the cache or this run's memo only while they are as they
    # were, and only for this path (an include is relative to it, and the
    # included files' statements are located at their own paths).
    includes = included_texts(text, found, root)
    # what shows a guessed file's database: a code migration's SQL but its
    # branches on the database (sniffed_text), which the SQL read may hold alike
    shows = sniffed_text(found, root, text) if found.dialect_guessed else text
    memo = not includes and shows == text
    if memo and (kept := reads.recall(found, text)) is not None:
        return kept
    # A Go migration list's notes (DBN013 at a built step) are not in its SQL text.
    go_notes = read_source_notes(found, root)
    keyed = f"{text}\0{go_notes!r}" if go_notes else text
    if includes:
        keyed = "\0".join((keyed, "client includes", found.path, *includes))
    if shows != text:
        keyed = "\0".join((keyed, "sniffed", shows))
    key = cache.key(found, keyed) if cache is not None else ""
    if cache is not None and (hit := cache.get(key, found.path)) is not None:
        if memo:
            reads.remember(found, text, hit)
        return hit
    source = found
    shown = True
    dumped = False
    sectioned = False
    steps_dialect = _go_steps_dialect(found, root) if includes and found.dialect_guessed else None
    if steps_dialect is not None:
        # a Go list's file steps name theirs (shiori's `postgres/0001_initial`)
        source = replace(found, dialect=steps_dialect)
    elif found.dialect_guessed:
        signal = sniff_signal(shows)
        shown = signal is not None
        dumped = shown and dump_dialect(text) is not None
        sectioned = len(section_dialects(shows)) > 1
        source = replace(found, dialect=signal or found.dialect)
    original = text
    text, notes = prepare_text(text, source.path, source.dialect, source.goose)
    notes = [*go_notes, *notes]
    stmts, split_diags = split_statements(text, source)
    followed: tuple[SourceFile, ...] = ()
    if includes:
        from dbnamelint.frontends.sql.client_follow import follow, go_step_notes

        # a Go migration list's file steps are read where they stand, as includes
        steps = go_step_notes(source, root)
        all_stmts, all_diags, files = follow(stmts, (*split_diags, *steps), source, root)
        stmts, split_diags, followed = tuple(all_stmts), tuple(all_diags), tuple(files)
    if "\\" in text:
        # a psql script: what its transactions undo is no part of the model
        from dbnamelint.frontends.sql.psql_session import session_statements

        in_session, undone = session_statements(text, source, stmts)
        if undone:
            stmts, split_diags = tuple(in_session), (*split_diags, *undone)
    parsed = _parse(stmts, cache)
    placeholders = notes or may_have_schema_placeholders(original)
    events = with_schema_placeholders(parsed.events, original) if placeholders else parsed.events
    if is_formatted_sql(original):
        # a changeset's --preconditions: replay evaluates them (its guard on its events)
        from dbnamelint.frontends.liquibase.formatted import guard_events

        events, guard_notes = guard_events(tuple(events), original, source.path, source.dialect)
        notes = [*notes, *guard_notes]
    if _dumped_names(source, original):
        from dbnamelint.default_names import database_chosen

        events = database_chosen(events, source.dialect)
    facts = FileFacts(
        source,
        parsed.statements,
        tuple(events),
        (*notes, *split_diags),
        parsed.diagnostics,
        _directives(stmts),
        shown,
        dumped,
        parsed.routine_steps[0][1] if parsed.routine_steps else (),
        followed,
        sectioned,
    )
    if cache is not None:
        cache.put(key, facts, keyed)
    if memo:
        reads.remember(found, text, facts)
    return facts


def _go_steps_dialect(found: SourceFile, root: Path | None) -> str | None:
    """The dialect the paths of Go list file ``found``'s file steps name
    (their first that names one), or None."""
    from dbnamelint.dialects.names import dialect_from_path_words
    from dbnamelint.frontends.sql.client_follow import go_file_steps

    for step in go_file_steps(found, root):
        named = dialect_from_path_words(step.target.split("/"))
        if named is not None:
            return named
    return None


def _dumped_names(source: SourceFile, text: str) -> bool:
    """Whether ``text`` is a dump a tool wrote from a PostgreSQL, MySQL or
    MariaDB catalog, which writes every index's and constraint's name, those
    the database chose too: its header names the database, or it is Rails'
    ``structure.sql`` (pg_dump's or mysqldump's output without the header).
    Not ``sqlite3 .dump``: it writes each table's text as it was created."""
    if dump_dialect(text) is not None:
        return True
    family = profile_for(source.dialect).implicit_names
    return source.path.lower().endswith("structure.sql") and family in (
        Family.POSTGRES,
        Family.MYSQL,
    )


def _changelog_facts(found: SourceFile, text: str) -> FileFacts:
    """A Liquibase changelog's change types read into events
    (:mod:`dbnamelint.frontends.liquibase`); not cached (cheap to read)."""
    from dbnamelint.frontends.liquibase.reader import read_changelog

    read = read_changelog(text, Path(found.path).suffix, found)
    if read is None:  # not well-formed: the walk's DBN917 note says so
        return FileFacts(found, 0, (), (), (), (), True)
    return _generated_facts(found, read)


def _schema_rb_facts(found: SourceFile, text: str) -> FileFacts:
    """Rails' ``db/schema.rb`` read into events (:mod:`dbnamelint.frontends.rails`);
    not cached (cheap to read)."""
    from dbnamelint.frontends.rails.reader import read_schema_rb

    return _generated_facts(found, read_schema_rb(text, found))


def _generated_facts(found: SourceFile, read: GeneratedRead) -> FileFacts:
    """The facts of a file read as generated SQL (:mod:`dbnamelint.frontends.generated_sql`)."""
    return FileFacts(
        found,
        read.statements,
        read.events,
        (),
        read.diagnostics,
        (),
        True,
        routine_steps=read.routine_steps,
    )


def load_files(
    files: Sequence[SourceFile], root: Path | None = None, cache: FileCache | None = None
) -> Loaded:
    """Read the given files (already discovered and ordered) into a model.

    Diagnostics come in layer order, as if each layer ran over every file in
    turn: reading and splitting, then parsing, then replay. ``cache``
    defaults to the process's (:func:`dbnamelint.runner.readcache.active`).
    """
    cache = cache if cache is not None else readcache.active()
    with collector_paused():
        facts: list[FileFacts] = []
        with reading_progress(len(files)) as advance:
            for found in files:
                facts.append(read_file(found, root, cache))
                advance()
        for i, dialect in _folder_dialects(files, facts).items():
            # Not sniffed again: the folder's dialect overrides the file's own signal.
            settled = replace(files[i], dialect=dialect, dialect_guessed=not facts[i].shown)
            facts[i] = read_file(settled, root, cache)
        if cache is not None:
            cache.flush()
        facts = _judge_includes(_once(facts, root), root)
        facts = read_earlier_calls(facts, root)
        events = tuple(e for f in facts for e in f.events)
        # The files as read: a file whose dialect was a guess carries the one
        # its text showed (what -v reports and copies are chosen by).
        loaded = _replayed(
            tuple(f.source for f in facts),
            sum(f.statements for f in facts),
            events,
            [d for f in facts for d in f.split_diagnostics],
            with_routine_notes([(f.source, f.parse_diagnostics, f.routine_steps) for f in facts])
            if any(f.routine_steps for f in facts)
            else [d for f in facts for d in f.parse_diagnostics],
            tuple(span for f in facts for span in f.directives),
        )
        included = tuple((f.source.path, i) for f in facts for i in f.included)
        return replace(loaded, included=included) if included else loaded


def _once(facts: list[FileFacts], root: Path | None) -> list[FileFacts]:
    """``facts`` without the files another file read includes: the client runs an
    included file where the include is (:mod:`dbnamelint.frontends.sql.client_follow`),
    so a file the walk also takes on its own (a ``lib/x.sql`` under ``paths``)
    is read there only, not replayed twice; a ``DBN007`` info note at its
    first line says so. In walk order: a file an earlier kept file includes
    is left out, and so is one a later kept file includes (of two files that
    include each other, the first one walked is kept)."""
    if not any(f.included for f in facts):
        return facts
    base = str(root) if root is not None else None
    real = [_real(f.source.path, base) for f in facts]
    left_out: dict[str, str] = {}  # real path -> the file that includes it
    for fact, path in zip(facts, real, strict=True):
        if path in left_out:
            continue
        for inc in fact.included:
            other = _real(inc.path, base)
            if other != path:
                left_out.setdefault(other, fact.source.path)
    kept = []
    for fact, path in zip(facts, real, strict=True):
        by = left_out.get(path)
        if by is None:
            kept.append(fact)
            continue
        said = (
            # a Go migration list's file step (dbnamelint.go_list_files)
            f"{fact.source.path} is read where a step of the Go migration list in {by} "
            "names it (its runner runs the file at that step), not on its own as well"
            if by.lower().endswith(".go")
            else f"{fact.source.path} is read where {by} includes it ({_client_name(fact)} "
            "runs an included file at its include), not on its own as well"
        )
        note = Diagnostic(Location(fact.source.path, 1, 1), Severity.INFO, said, NOT_REPLAYED_CODE)
        kept.append(
            FileFacts(
                fact.source,
                0,
                (),
                (note,),
                (),
                (),
                fact.shown,
                fact.dumped,
                sectioned=fact.sectioned,
            )
        )
    return kept


def _client_name(fact: FileFacts) -> str:
    from dbnamelint.frontends.sql.client_follow import client_for

    client = client_for(fact.source.dialect)
    return client.name if client is not None else "the client"


#: The walk's note on a SQL-like file it does not read (``sources.NOT_READ_CODE``).
_NOT_READ_CODE = "DBN015"
#: The code of a walked file read only where a client include of another file runs it.
NOT_REPLAYED_CODE = "DBN007"


#: The code of a client include's note (``frontends.sql.client_include.CODE``).
INCLUDE_CODE = "DBN013"


def _judge_includes(facts: list[FileFacts], root: Path | None) -> list[FileFacts]:
    """Each client include's note (``\\i``, ``source``, ``.read`` ...) said as the run's files
    make it (:func:`dbnamelint.frontends.sql.client_include.judge`): after the
    cache, as it depends on other files than the one read."""
    if not any(
        d.code == INCLUDE_CODE and is_placeholder(d.message)
        for f in facts
        for d in f.split_diagnostics
    ):
        return facts
    from dbnamelint.frontends.sql.client_include import judge

    base = str(root) if root is not None else None
    read = frozenset(_real(f.source.path, base) for f in facts)
    return [
        replace(f, split_diagnostics=judge(f.split_diagnostics, f.source, read, base))
        for f in facts
    ]


def _real(path: str, root: str | None) -> str:
    from dbnamelint.frontends.sql.client_include import absolute

    return absolute(path, root)


def _folder_dialects(files: Sequence[SourceFile], facts: Sequence[FileFacts]) -> dict[int, str]:
    """Files to read again in their folder's dialect: index -> dialect.

    One migration folder is run by one tool against one database, so its
    files whose dialect is a guess (no config, suffix or folder word) are one
    dialect: the one most of them show by a construct of their text. A file
    that showed none (a plain ``CREATE INDEX``: pi-hole's ``gravity_copy.sql``
    beside the SQLite ``gravity.db.sql``) or showed a minority's (a
    PostgreSQL ``$$`` among SQLite files) takes it, but for a dump whose
    header names its database (:attr:`FileFacts.dumped`). A tie leaves the folder
    as it is. A folder where a suffix or the config names a dialect
    settles only files that showed none, and only when its files show one
    dialect: a suffix alone (``b.sql.sqlite``) marks one dialect's variant
    of a shared tree (Synapse, kratos), and a plain file beside it is shared.
    A folder with a file whose comments head a section per database
    (:attr:`FileFacts.sectioned`: umami's ``scripts/data-migrations``, a
    ``-- PostgreSQL`` and a ``-- MySQL`` section in each script) holds
    several dialects: each file keeps what its own text shows, and a new
    PostgreSQL-only file is not read as MySQL for the backticks of the
    MySQL sections beside it (closing confirmation s36).
    Cheap: what each file showed was recorded when it was read
    (:attr:`FileFacts.shown`); only the files settled are read again.
    """
    from dbnamelint.dialects.names import inside_title_word

    named: dict[str, set[str]] = {}  # folder -> dialects its files are named
    votes: dict[str, dict[str, int]] = {}  # folder -> dialect -> files whose text shows it
    mixed: set[str] = set()  # folders with a file of one section per database
    for fact in facts:
        folder, _, name = fact.source.path.rpartition("/")
        if fact.sectioned:
            mixed.add(folder)
        if not fact.shown:
            continue
        if not fact.source.dialect_guessed and inside_title_word(name) == fact.source.dialect:
            # a word inside its title (patch-add-sqlserver-monitor.sql among
            # SQLite patches): a description, neither a name nor a vote; the
            # folder's majority settles it (trial s40 uptime-kuma F3)
            continue
        if fact.source.dialect_guessed:
            tally = votes.setdefault(folder, {})
            tally[fact.source.dialect] = tally.get(fact.source.dialect, 0) + 1
        else:
            named.setdefault(folder, set()).add(fact.source.dialect)
    settled: dict[str, str] = {}
    for folder, tally in votes.items():
        if folder in mixed:
            continue
        most = max(tally.values())
        leaders = [d for d, n in tally.items() if n == most]
        # named files: only when they and every shown file agree
        agreed = folder not in named or (len(tally) == 1 and named[folder] == set(tally))
        if len(leaders) == 1 and agreed:
            settled[folder] = leaders[0]
    out: dict[int, str] = {}
    for i, fact in enumerate(facts):
        dialect = settled.get(fact.source.path.rpartition("/")[0])
        # A named file of a settled folder is already of its dialect; a
        # dump's header names its database outright.
        if dialect is not None and fact.source.dialect != dialect and not fact.dumped:
            out[i] = dialect
    return out


def spread_shared_files(files: Sequence[SourceFile]) -> tuple[SourceFile, ...]:
    """Files of a several-dialect tree without a dialect of their own, once per dialect.

    Synapse keeps ``x.sql`` (every database) beside ``y.sql.postgres`` and
    ``y.sql.sqlite``; kratos ``x.up.sql`` beside ``x.postgres.up.sql``. When
    file suffixes name two or more dialects, a file whose dialect is only a
    guess runs on each of them, in place, so every dialect's replay sees it
    (a rename in a shared delta renames the SQLite copy too).

    pop (and Ory's popx) name files ``<version>_<name>[.<dialect>][.autocommit].<up|down>.sql``
    and run, per version, the dialect's own file instead of the generic one
    (popx ``Migrations.sortAndFilter``: keyed by version alone, so the names
    and the ``.autocommit`` flag need not agree). zgo.at/zdb's ``db/migrate``
    likewise: ``<name>-sqlite.sql`` instead of ``<name>.sql`` or
    ``<name>.gotxt`` on SQLite (``Migrate.Schema`` takes the first of them),
    and its shared files run on every database whatever the config's
    ``dialect:`` says (:mod:`dbnamelint.zdb_layout`). Other layouts pair a
    generic file with the dialect files named as it is but for the dialect
    word (Synapse's ``x.sql.postgres`` pairs with no ``x.sql``: both run).
    """
    own = [
        f
        for f in files
        if dialect_from_suffix(Path(f.path).name, (".sql", ".ddl"))
        or zdb_layout.dash_dialect(f.path)
    ]
    suffixed = sorted({f.dialect for f in own})
    if len(suffixed) < 2:
        return tuple(files)
    replaced: set[tuple[str, str]] = set()
    for found in own:
        version = _pop_version(found.path) or _zdb_migration(found.path)
        if version is not None:
            replaced.add((version, found.dialect))
        elif not _is_dialect_word(found.path.rpartition(".")[2]):
            # Synapse's x.sql.postgres does not replace x.sql: prepare_database applies both.
            replaced.add((_without_dialect(found.path), found.dialect))
    owned = {f.path for f in own}
    out: list[SourceFile] = []
    for found in files:
        zdb = _zdb_migration(found.path)
        if found.dialect_guessed or (zdb and not zdb_layout.dash_dialect(found.path)):
            key = _pop_version(found.path) or zdb or found.path
            out.extend(
                replace(found, dialect=d, dialect_guessed=False)
                for d in suffixed
                if (key, d) not in replaced
            )
        elif found.path not in owned and (_pop_version(found.path), found.dialect) in replaced:
            # A generic pop file the config or --dialect gave a dialect to: that
            # dialect's own file of the version runs instead (trial s24 keto:
            # the cockroach-syntax generic file was read as PostgreSQL too).
            continue
        else:
            out.append(found)
    return tuple(out)


#: pop's migration file name (popx match.go: version, name, an optional
#: dialect, an optional ``.autocommit``, the direction).
_POP_NAME = lazy_compile(
    r"(?P<version>\d+)_[^.]+(?:\.(?P<dialect>[a-z0-9]+))?(?:\.autocommit)?\.(?P<way>up|down)"
    r"\.(?:sql|fizz)"
)


def _pop_version(path: str) -> str | None:
    """``folder/version.direction`` of a pop migration file name, else None.

    A generic file (no dialect, or only ``.autocommit``) and a dialect file
    with the same key are one migration: pop runs one of them per database.
    """
    folder, _, name = path.rpartition("/")
    match = _POP_NAME.fullmatch(name)
    if match is None:
        return None
    word = match.group("dialect")
    if word is not None and word != "autocommit" and not _is_dialect_word(word):
        return None
    return f"{folder}/{match.group('version')}.{match.group('way')}"


def _zdb_migration(path: str) -> str:
    """``folder/name`` of a zdb migration file (:func:`dbnamelint.zdb_layout.migration_name`:
    ``x-sqlite.sql``, ``x.sql`` and ``x.gotxt`` are all migration ``x``), else ``""``."""
    name = zdb_layout.migration_name(path)
    return f"{path.rpartition('/')[0]}/{name}" if name is not None else ""


def _without_dialect(path: str) -> str:
    """``path`` with the dialect word taken out of its file name."""
    folder, _, name = path.rpartition("/")
    parts = [part for part in name.split(".") if not _is_dialect_word(part)]
    return f"{folder}/{'.'.join(parts)}" if folder else ".".join(parts)


def _is_dialect_word(word: str) -> bool:
    try:
        normalize_dialect(word)
    except ValueError:
        return False
    return True


def load_paths(paths: Sequence[str], settings: SourceSettings) -> Loaded:
    """Discover files under ``paths`` and read them into a model.

    Flyway versioned migrations a later baseline migration stands for are
    not replayed (a new database skips them: :func:`left_out`); they are
    read on their own to compare the baseline with them and to give its
    objects their history (:mod:`dbnamelint.baseline_history`).
    """
    with configured_instances(settings.flyway_locations):
        found, diagnostics = discover(paths, settings)
        if diagnostics:  # a missing path git shows renamed says where it went
            diagnostics = with_rename_hints(diagnostics, MISSING_CODE)
        skipped = left_out([f.path for f in found])
        everything = spread_shared_files(found)
        files = (
            spread_shared_files([f for f in found if f.path not in skipped])
            if skipped
            else everything
        )
        loaded = load_files(files, settings.root)
        checks: tuple[Diagnostic, ...] = ()
        if skipped:
            loaded, checks = _with_baselines(loaded, found, skipped, settings.root)
        if loaded.included:
            # The walk's "not read" note (DBN015: x.sql.inc is no SQL name to it)
            # is wrong of a file a client include reads in place (client_follow).
            followed = {_real(f.path, str(settings.root)) for _, f in loaded.included}
            diagnostics = tuple(
                d
                for d in diagnostics
                if not (
                    d.code == _NOT_READ_CODE
                    and _real(d.location.path, str(settings.root)) in followed
                )
            )
        all_diags = (
            *diagnostics,
            *duplicate_versions(everything),
            *checks,
            *loaded.diagnostics,
        )
    return replace(
        loaded,
        diagnostics=all_diags,
        schema=replace(loaded.schema, diagnostics=all_diags),
        history=tuple(f for f in found if f.path in skipped),
        flyway_locations=settings.flyway_locations,
    )


def _with_baselines(
    loaded: Loaded, found: Sequence[SourceFile], skipped: Mapping[str, str], root: Path | None
) -> tuple[Loaded, tuple[Diagnostic, ...]]:
    """``loaded`` with each baseline migration's objects given the history of
    the versioned migrations it stands for, and ``DBN026`` for each object the
    two disagree on. Those migrations are read alone (their own diagnostics
    are history: no file of theirs may change) and replayed in their order."""
    from dbnamelint.baseline_history import differences, with_history

    cache = readcache.active()
    schema = loaded.schema
    out: list[Diagnostic] = []
    for baseline in dict.fromkeys(skipped.values()):
        versions = [
            f
            for f in found
            if skipped.get(f.path) == baseline and versioned_version(_name(f.path)) is not None
        ]
        if not versions:
            continue  # only older baselines left out
        events = [e for f in versions for e in read_file(f, root, cache).events]
        history = replay(events)
        made = replay(e for e in loaded.events if e.source.path == baseline)
        top = shown(baseline_version(_name(baseline)) or ())
        out += differences(baseline, top, [f.path for f in versions], made, history)
        schema = with_history(schema, baseline, history)
    if cache is not None:
        cache.flush()
    return replace(loaded, schema=schema), tuple(out)


def _name(path: str) -> str:
    return path.replace("\\", "/").rpartition("/")[2]


def schema_from_sql(
    sql: str,
    *,
    path: str = "schema.sql",
    dialect: str = "postgres",
    module_pattern: str = "module-{module}/",
    module: str | None = None,
) -> Schema:
    """Build the model of one SQL text, as if it were the file ``path``.

    Tests and fixtures use this: no file system, same layers as a real run.
    """
    if module is None:
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        found = compile_module_pattern(module_pattern).search(folder)
        module = found.group("module") if found else None
    source = SourceFile(path, dialect, module)
    with collector_paused():
        original = sql
        sql, notes = prepare_text(sql, path, dialect)
        statements, diagnostics = split_statements(sql, source)
        if not notes and not may_have_schema_placeholders(original):
            return _model((source,), statements, [*notes, *diagnostics]).schema
        parsed = _parse(statements)
        return _replayed(
            (source,),
            parsed.statements,
            tuple(with_schema_placeholders(parsed.events, original)),
            [*notes, *diagnostics],
            parsed.diagnostics,
            _directives(statements),
        ).schema
