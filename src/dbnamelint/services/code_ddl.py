"""The gate on DDL that new application code runs: a hand-rolled migration
runner's ``db.Exec(`ALTER TABLE account ADD COLUMN ...`)`` (shiori's
``newFuncMigration``), start-up ``cursor.execute("CREATE TABLE ...")``.

goose's, zdb's and Flyway's code migrations have a known shape
(:mod:`.code_gate`); these have none, so the gate reads what the change adds:
in each code file it adds or edits (a language
:func:`~dbnamelint.impact.languages.family` knows; not tests, not SQL, not a
goose/zdb/Flyway migration), the DDL strings
(:mod:`dbnamelint.code_ddl_text`) on lines the change added, whose text the file at
the base did not hold, are read with the SQL reader in the code's dialect,
replayed after the tree's migrations, and the names they create judged by
the configured rules and the whitelist as new migration DDL is: a bad name is
the rule's finding, located at the name in the code file.

A name the code builds when it runs (a hole of the string) is not judged:
one ``DBN013`` note at the string says so; so is a string that ends
before its statement does (``strings.Join`` of pieces, a builder). As these
strings are new since the base, the note is an error, as a new statement's
dynamic DDL is in a .sql file, unless an inline ``dbnamelint:
ignore[DBN013] <reason>`` comment at the statement accepts it
(:mod:`~dbnamelint.services.inline_accept`; trial s34 documenso: a table
rename by ``$executeRawUnsafe(`... RENAME TO "${newName}"`)`` passed).
A string a moved file (deleted and added) held is not new. What the reader cannot read
is its diagnostic (``DBN004``, ``DBN005``...) at the code file.

In a code migration (:func:`is_code_migration`) new since the base, DDL the
reader does not read is refused as the same text in a new .sql file is
(trial s30 listmonk): the ``DBN013`` warning on an ``EXECUTE`` of text a
``DO`` block builds, and the ``DBN012`` note on a statement running a
routine whose body holds DDL (one its strings or the tree's files define),
are errors unless a ``dbnamelint: ignore[<code>] <reason>`` comment in the
file accepts them. In any code, a ``CREATE TABLE IF NOT EXISTS`` of a table
the migrations made that gives names that table lacks is the ``DBN023``
error a .sql file's gets (a database without the table gets those names).
A code migration committed at the base that the change deletes, or from
which it deletes a DDL string, is ``DBN025`` (:func:`_removed_history`); so
is one it renames when its tool records it by file name (Laravel, Knex,
Django: :func:`_recorded_name`).

The dialect: the database the file's own name or folder names
(``mysql.go``, ``pg.go``, ``store_postgres/``,
:func:`~dbnamelint.impact.otherdb.database_of`), else SQLite for a Dart or
Rust file importing its driver (:func:`~dbnamelint.impact.codedialect.driver_family`:
ente's sqflite databases) or whose package's manifest depends on it alone
(:func:`~dbnamelint.impact.codedialect.package_family`), else the one family of the
schema files beside it (:func:`~dbnamelint.impact.codedialect.code_families`),
else a ``per_path`` entry's; with schema files of several databases (the
configured ``dialect:`` one of them), the one of those the strings' own text
shows (backticks: MySQL), else each of them, the configured one or the
tree's first first (never one the tree does not use); else the configured
one; the copy of the
schema replayed onto is the nearest read file of that family. A Django
migration is read in each database the project's settings name, and a
branch on the connection's vendor in that vendor's dialect alone
(:mod:`dbnamelint.django_vendor`); what one of those databases cannot read
is said, naming it (trial s30 healthchecks).
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint import flyway_code
from dbnamelint.code_builders import builder_kind
from dbnamelint.code_builders import shadow_text as builders_shadow
from dbnamelint.code_ddl_text import (
    DdlString,
    backward_spans,
    ddl_strings,
    for_database,
    in_hole,
    makes_ddl,
    runs_routine,
    sql_view,
    statement_head,
)
from dbnamelint.code_inputs import changed_input
from dbnamelint.config import Settings, drop_per_path_ignored
from dbnamelint.core.identity import ref_of
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import normalize_dialect, sniff_signal
from dbnamelint.django_vendor import Guard, allowed, guarded_families, vendor_guards
from dbnamelint.doctrine_schema import RENAME_TABLE_LOSES_ROWS, is_doctrine_migration
from dbnamelint.doctrine_schema import shadow_text as doctrine_shadow_text
from dbnamelint.findings import Finding
from dbnamelint.fixture_paths import is_test_file
from dbnamelint.frontends.sql.sources import (
    CODE_MIGRATION_CODE,
    SourcePlan,
    is_go_migration,
    reading_staged,
)
from dbnamelint.gitutil import (
    diff_statuses,
    now_bytes,
    read_ahead,
    relative_to_repo,
    repository_root,
    run_git,
    show_bytes,
)
from dbnamelint.go_format_ddl import format_ddl_strings, with_filled_formats
from dbnamelint.go_orm_builders import builder_calls as go_orm_calls
from dbnamelint.impact.gorm import orm_of
from dbnamelint.impact.languages import family
from dbnamelint.impact.migration_lists import may_hold_list
from dbnamelint.js_context_calls import context_calls
from dbnamelint.js_handoff import handed_off
from dbnamelint.jvm_ddl_builders import builder_calls
from dbnamelint.kysely_schema import is_js
from dbnamelint.kysely_schema import shadow_text as kysely_shadow
from dbnamelint.laravel_app_schema import app_shadow_text, is_laravel_app_code
from dbnamelint.laravel_schema import shadow_text
from dbnamelint.model import (
    Diagnostic,
    Event,
    EventOp,
    Location,
    ObjectKind,
    Schema,
    Severity,
    SourceFile,
)
from dbnamelint.positions import LineIndex
from dbnamelint.rails_app_schema import is_rails_app_code
from dbnamelint.rails_app_schema import schema_calls as rails_schema_calls
from dbnamelint.replay.engine import replay
from dbnamelint.replay.routine_runs import BODY_DDL
from dbnamelint.replay.routine_runs import CODE as CALL_CODE
from dbnamelint.replay.sequences import SEPARATE_DATABASES, lacking_names
from dbnamelint.rules.engine import run_rules
from dbnamelint.runner.cacheentry import FileFacts
from dbnamelint.runner.pipeline import read_file, with_routine_notes
from dbnamelint.services.code_text import (
    accepts,
    accepts_dynamic,
    code_text,
    dynamic_accept_at,
    is_comment,
)
from dbnamelint.services.flyway_code_gate import FLYWAY_CODE, jvm_tokens
from dbnamelint.services.go_code_gate import GO_MIGRATIONS, go_tokens
from dbnamelint.services.go_list_moves import moved_list, moved_note
from dbnamelint.services.inline_accept import ACCEPTED, accepted_at, comment_mark
from dbnamelint.services.js_edits import edited_js
from dbnamelint.services.lint import Evaluation, source_settings
from dbnamelint.services.rails_ruby_dump import DumpKinds, not_dumped_call, outside_dump
from dbnamelint.services.rails_unrecorded import moved_versions
from dbnamelint.services.sqlalchemy_heirs import mixin_heirs
from dbnamelint.sqlalchemy_models import shadow_text as models_shadow
from dbnamelint.suppressions import UNUSED_CODE
from dbnamelint.synapse_index_updates import shadow_text as synapse_index_shadow
from dbnamelint.synapse_index_updates import unread_calls as synapse_unread_index_updates
from dbnamelint.whitelist.apply import apply_whitelist

DYNAMIC_CODE = "DBN013"
#: An applied step of a Go migration list edited (as an edited migration file).
EDITED_STEP_CODE = "DBN025"
#: A new step of a list of versioned steps that sorts below a committed one.
OUT_OF_ORDER_CODE = "DBN016"
#: How the reader's error ends when the statement's text ran out
#: (:mod:`dbnamelint.frontends.sql.parsing`): in a code string, text the code
#: completes when it runs (``strings.Join``, a builder), not a whole statement.
_ENDS_EARLY = " before the end"
#: A Rails migration: ``db/migrate/<version>_x.rb`` (a secondary database:
#: ``db/<name>_migrate/``).
_RAILS_MIGRATION = lazy_compile(r"(?:^|/)db/(?:\w+_)?migrate/(?:[^/]+/)*\d+_\w+\.rb$")


def _candidate(rel: str, go_folders: Collection[str]) -> bool:
    """A code file whose DDL strings the gate reads; ``go_folders``: the
    folders whose Go migrations :mod:`.code_gate` judges (:func:`_go_judged`)."""
    folder, _, name = rel.rpartition("/")
    mapper = rel.lower().endswith(".xml")  # a MyBatis mapper's SQL (dbnamelint.mybatis_ddl)
    if (family(rel) in (None, "sql", "prose") and not mapper) or is_test_file(rel):
        return False
    if is_go_migration(name) and folder in go_folders:
        return False  # goose's and zdb's: code_gate judges them
    # Not Rails' db/migrate: what it makes is judged in the structure.sql dump,
    # which must list its version (rails_unrecorded, DBN032). A Flyway class is
    # left out in code_ddl_gate when code_gate judges it (_flyway_judged).
    return not _RAILS_MIGRATION.search(rel)


def _undumped_rails(rel: str, rails_dumped: Collection[str]) -> bool:
    """Whether ``rel`` is a Rails migration of an app no read dump holds
    (``rails_dumped``: :func:`_rails_dumped`): its calls are read here, and
    its deletion or rename is the gate's (trial s40: a ``git rm`` passed)."""
    return (
        _RAILS_MIGRATION.search(rel) is not None
        and not is_test_file(rel)
        and not any(rel.startswith(app) for app in rails_dumped)
    )


def _rails_dumped(current: Evaluation, cwd: Path, repo: Path) -> set[str]:
    """The repository folders of the Rails apps (``""`` the repository's
    root) a schema dump the run reads belongs to: their migrations' changes
    are the dump's to show (``DBN032`` when it lacks them; a folder no
    ``paths["db/migrate"]`` names holds no migration), so the gate reads
    Rails migrations' calls only in an app without one
    (:mod:`dbnamelint.code_builders`)."""
    from dbnamelint.services.rails_unrecorded import rails_migration_folders

    out: set[str] = set()
    for source in current.loaded.files:
        absolute = Path(os.path.normpath(cwd / source.path))
        if rails_migration_folders(absolute):
            rel = relative_to_repo(repo, absolute.parent.parent)
            if rel is not None:
                out.add("" if rel in ("", ".") else rel.rstrip("/") + "/")
    return out


def _rails_ruby_dumped(current: Evaluation, cwd: Path, repo: Path) -> dict[str, DumpKinds]:
    """The repository folders (as :func:`_rails_dumped`) of the Rails apps
    whose read dump is a ``db/schema.rb``, with what that Ruby dump holds
    (:func:`~dbnamelint.services.rails_ruby_dump.dump_kinds`): a new
    migration's views, functions, triggers... are judged in the migration, as
    the dump never shows them (trial s34 chatwoot s44)."""
    from dbnamelint.services.rails_ruby_dump import dump_kinds
    from dbnamelint.services.rails_unrecorded import rails_migration_folders

    out: dict[str, DumpKinds] = {}
    for source in current.loaded.files:
        absolute = Path(os.path.normpath(cwd / source.path))
        if not source.path.endswith(".rb") or not rails_migration_folders(absolute):
            continue
        rel = relative_to_repo(repo, absolute.parent.parent)
        if rel is None:
            continue
        try:
            text = absolute.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        key = "" if rel in ("", ".") else rel.rstrip("/") + "/"
        out.setdefault(key, dump_kinds(absolute.parent.parent, text))
    return out


def _go_judged(
    cwd: Path, repo: Path, diagnostics: Sequence[Diagnostic], base_notes: Collection[str] = ()
) -> set[str]:
    """The folders (repository paths) whose goose and zdb Go migrations
    :mod:`~dbnamelint.services.code_gate` judges: those of the run's and the
    base's ``DBN014`` notes. A Go file named like one elsewhere (an xormigrate
    or gormigrate step, ``migration/031_add_x.go``: no walk noted it) is
    application code here, its DDL strings and ORM calls judged (trial s39
    woodpecker: before, neither gate read it and its ``ALTER TABLE ... ADD
    COLUMN "BadCol"`` passed)."""
    noted = [d.location.path for d in diagnostics if d.code == CODE_MIGRATION_CODE]
    return _folders(cwd, repo, GO_MIGRATIONS.locations([*noted, *base_notes]))


def _folders(cwd: Path, repo: Path, groups: Sequence[Sequence[Path]]) -> set[str]:
    """The repository paths (``""``: the top) of the folders of ``groups``,
    shown relative to ``cwd``."""
    out: set[str] = set()
    for group in groups:
        for folder in group:
            rel = relative_to_repo(repo, Path(os.path.normpath(cwd / folder)))
            if rel is not None:
                out.add("" if rel == "." else rel)
    return out


def _flyway_judged(
    cwd: Path, repo: Path, diagnostics: Sequence[Diagnostic], base_notes: Collection[str] = ()
) -> set[str]:
    """The folders (repository paths) whose Flyway Java/Kotlin migrations
    :mod:`~dbnamelint.services.code_gate` judges: the classpath locations of
    the run's ``DBN014`` notes. A ``V<version>__<desc>`` class elsewhere (one
    no walk recognised: its superclass is in another module or a jar) is
    read here as application code, its DDL strings judged (trial s28 kestra:
    before, such a file was left to the code migrations' gate, which never
    saw it, and its ``ALTER TABLE ... ADD "retryCount"`` passed unread)."""
    noted = [d.location.path for d in diagnostics if d.code == CODE_MIGRATION_CODE]
    noted += base_notes  # the base's: a class the change deletes
    return _folders(cwd, repo, FLYWAY_CODE.locations(noted))


class CodeJudgement(Struct, frozen=True):
    """What :func:`code_ddl_gate` finds in the change's new code DDL."""

    #: New findings on the names it creates (the current config's rules).
    findings: list[Finding]
    #: The notes and reader diagnostics located in that code.
    said: list[Diagnostic]
    #: Findings the base's config raises (new or whitelisted, failing) on those
    #: names that the current config does not raise at all: its relaxation hides them.
    hidden: list[Finding]
    #: Where the whitelist entries stand that excuse a finding on those names:
    #: not stale, though no file of the tree makes the name (trial s31 immich:
    #: an entry added with the migration creating its table).
    excusing: frozenset[Location] = frozenset()


def code_ddl_gate(
    current: Evaluation,
    cwd: Path,
    commit: str,
    ref: str,
    *,
    staged: bool = False,
    base_config: Settings | None = None,
    base_notes: Collection[str] = (),
) -> CodeJudgement:
    """The change's new code DDL judged: see the module docstring.
    ``commit``, ``ref``: the base as git and as the user named it;
    ``staged``: the change is the index (a pre-commit run), else the working
    tree; ``base_config``: the base's config when its policy differs from the
    current one's (a rule turned off, a ``per_path`` ignore, ``fail_on``
    raised...), whose rules judge the names too, for ``hidden``; ``base_notes``:
    the paths of the base run's ``DBN014`` notes (a Flyway class the change
    deletes is :mod:`.code_gate`'s).
    Raises :class:`~dbnamelint.gitutil.GitError` when git fails."""
    repo = repository_root(cwd)
    listing = diff_statuses(repo, commit, cached=staged).decode("utf-8", "surrogateescape")
    parts = listing.split("\0")
    if not staged:  # a new file not yet added is the change's too (git diff lists none)
        untracked = run_git(repo, "ls-files", "-z", "--others", "--exclude-standard")
        for name in untracked.decode("utf-8", "surrogateescape").split("\0"):
            if name:
                parts[-1:-1] = ["A", name]
    found: list[tuple[str, str, list[DdlString]]] = []  # (shown path, text, new strings)
    raws: dict[str, str] = {}  # shown path -> its code as written, where a builder was laid
    edited: dict[str, set[int]] = {}  # shown path -> starts of edited migration-list steps
    migrations: set[str] = set()  # shown paths of edited code migrations
    new_migrations: set[str] = set()  # shown paths of code migrations new since the base
    # A Go migration list named in paths: is read as migrations: the gate
    # judges its names as any file's; here only its edited steps (DBN025).
    read = {os.path.realpath(cwd / f.path): f for f in current.loaded.files}
    listed: list[_Read] = []
    # shown path -> the database a Django migration read into the model is read as there
    judged_in_model: dict[str, str] = {}
    flyway_folders = _flyway_judged(cwd, repo, current.loaded.diagnostics, base_notes)
    go_folders = _go_judged(cwd, repo, current.loaded.diagnostics, base_notes)
    mysql = _mysql(current)
    # Laravel Schema builder calls in new or edited lines, and Alembic
    # operations a new revision runs, that are not read
    unread: list[Diagnostic] = []
    applied: list[tuple[str, str, str | None]] = []  # (path, committed text, text now)
    added: list[str] = []  # code files new since the base
    # (shown path, base text, its DDL strings) of each applied code migration the
    # change edits or renames: a name its committed text wrote is not new
    bases: list[tuple[str, str, list[DdlString]]] = []
    # (path, text at the base, text now or None) of each Go file the change
    # edits or deletes that held a migration list at the base
    listed_before: list[tuple[str, str, str | None]] = []
    moves: list[tuple[str, str]] = []  # (deleted, added) Go list files git mv moved
    statuses = list(zip(parts[0:-1:2], parts[1::2], strict=False))
    # A deleted code file is a migration by its committed text (its path
    # alone cannot say: may_be_migration), read for all in one git process.
    rails_dumped = _rails_dumped(current, cwd, repo)
    gone = [
        r
        for s, r in statuses
        if s == "D" and (_candidate(r, go_folders) or _undumped_rails(r, rails_dumped))
    ]
    read_ahead(repo, commit, gone)
    gone_bytes = {r: data for r in gone if (data := show_bytes(repo, commit, r)) is not None}
    deleted = [r for r, data in gone_bytes.items() if is_migration_text(r, code_text(data))]
    moved: list[tuple[set[str], set[str]]] = []

    def moved_from() -> tuple[set[str], set[str]]:
        """(The DDL strings' keys, the lines) of the code files the change
        deletes, read once: what a file moved (git mv) holds is not new."""
        if not moved:
            keys: set[str] = set()
            lines: set[str] = set()
            for r, data in gone_bytes.items():
                keys |= {x.key() for x in ddl_strings(r, code_of(r, data, mysql))}
                lines |= {line.strip() for line in code_text(data).splitlines()}
            moved.append((keys, lines))
        return moved[0]

    rails_ruby = _rails_ruby_dumped(current, cwd, repo) if rails_dumped else {}
    # a Rails migration moved (its version deleted and added): not new
    rails_moved = moved_versions(parts) if rails_ruby else frozenset()
    for status, rel in statuses:
        if status not in ("A", "M", "D"):
            continue
        # a new migration of an app keeping db/schema.rb: what that dump
        # cannot show is judged here (the rest in the dump)
        ruby_kinds = (
            next((k for app, k in rails_ruby.items() if rel.startswith(app)), None)
            if status == "A"
            and _RAILS_MIGRATION.search(rel)
            and not is_test_file(rel)
            and rel.rpartition("/")[2].split("_", 1)[0] not in rails_moved
            else None
        )
        if (
            not _candidate(rel, go_folders)
            and ruby_kinds is None
            and not _undumped_rails(rel, rails_dumped)
        ):
            continue
        folder, _, name = rel.rpartition("/")
        if (
            name.lower().endswith(flyway_code.SUFFIXES)
            and flyway_code.is_class_name(name)
            and folder in flyway_folders
        ):
            continue  # a Flyway code migration: code_gate judges it
        now = now_bytes(repo, rel, staged)
        if (
            status != "A"
            and rel.lower().endswith(".go")
            and (now is None or may_hold_list(code_text(now)))
        ):
            # a Go migration list at the base: its steps by position or key (DBN025)
            list_bytes = show_bytes(repo, commit, rel)
            if list_bytes is not None and may_hold_list(code_text(list_bytes)):
                was = code_text(list_bytes)
                moved_to = None
                if now is None:  # git mv: the list's steps in an added file are no deletion
                    moved_to = moved_list(
                        rel, was, [r for s, r in statuses if s == "A"], _added_text(repo, staged)
                    )
                if moved_to is not None:
                    listed_before.append((moved_to[0], was, moved_to[1]))
                    moves.append((rel, moved_to[0]))
                else:
                    listed_before.append((rel, was, code_text(now) if now is not None else None))
        # The base's text: of a file that may be a migration (one git read a
        # file; not for every code file a large change edits), else of one
        # holding DDL strings now, read below.
        before = ""
        if status == "D" or (
            status == "M" and may_be_migration(rel, code_text(now) if now is not None else None)
        ):
            before_bytes = gone_bytes.get(rel) if status == "D" else show_bytes(repo, commit, rel)
            before = code_of(rel, before_bytes, mysql) if before_bytes is not None else ""
            if before_bytes is not None and is_migration_text(rel, code_text(before_bytes)):
                applied.append((rel, before, code_of(rel, now, mysql) if now is not None else None))
        if now is None:
            continue
        if status == "A":
            added.append(rel)
        # a SQLAlchemy mixin's columns are its models' in other modules (trial s41 redash)
        heirs = mixin_heirs(repo, rel, code_text(now), staged) if rel.endswith(".py") else {}
        text = code_of(rel, now, mysql, heirs)
        # A Laravel, Django or Alembic migration named in paths: is read into the
        # model (dbnamelint.code_migrations), which says what it does not read.
        in_model = os.path.realpath(repo / rel) in read
        # A migration's string that only runs a routine is read too: the
        # routine's body may hold DDL (DBN012, as in a .sql migration).
        migration = is_code_migration(rel, text)
        if not in_model:
            unread += _builder_unread(
                repo,
                cwd,
                rel,
                now,
                commit if status != "A" else None,
                ref,
                migration=migration,
                keep=None if ruby_kinds is None else partial(not_dumped_call, kinds=ruby_kinds),
                moved=(lambda: moved_from()[1]) if status == "A" else None,
            )
        if migration and rel.lower().endswith(".py") and not in_model:
            # a new or edited Django/Alembic migration Python's ast cannot
            # parse: nothing of it is read, a DBN004 error (the model's
            # reading says it of a file in paths:; trial s32 netbox A1)
            from dbnamelint.code_migrations import code_migration_kind, python_syntax_error

            shown_path = Path(os.path.relpath(repo / rel, cwd)).as_posix()
            broken = python_syntax_error(shown_path, text)
            if broken is not None:
                unread.append(broken)
            elif status == "A" and code_migration_kind(rel, text) == "django":
                unread += _django_unread(shown_path, rel, repo, text, ref)
        if status == "A" and migration and rel.lower().endswith(".py") and not in_model:
            shown_path = Path(os.path.relpath(repo / rel, cwd)).as_posix()
            unread += _unread_ops(shown_path, text, ref, str(repo / rel))
        if ruby_kinds is not None:
            # its functions too: a name the Ruby dump never holds
            strings = ddl_strings(rel, text, _migration_or_routine_sql)
            strings = [k for x in strings if (k := outside_dump(x, ruby_kinds)) is not None]
        else:
            strings = ddl_strings(rel, text, _migration_sql if migration else None)
        if rel.endswith(".py") and "(" in text:
            # a call of a Python helper its parameters complete, read bound (trial
            # s40 authelia H4c: rename_table(cur, "users", "BadUsers") passed)
            strings = sorted([*strings, *_python_calls(text, repo)], key=lambda s: s.start)
        if rel.lower().endswith((".ex", ".exs")) and builder_kind(rel, text) == "ecto":
            # a call of an Ecto helper its parameters name tables in, read bound (trial
            # s42 hexpm: create_stats_table(:PackageStats) passed)
            calls = _ecto_calls(text, repo, "mysql" if mysql else "postgres")
            strings = sorted([*strings, *calls], key=lambda s: s.start)
        if rel.endswith(".go"):
            # Sprintf(provider.sqlFmtRenameTable, t, "BannedIPs"): a committed format's DDL
            # and Sprintf(`CREATE TABLE %s ...`, "audit_log"): a literal format filled in
            # Calls of the package's DDL helpers anywhere in the file are read
            # bound: in a list's steps, a new step of its own file (trial s39
            # woodpecker: renameColumn(sess, "t", "a", "BadName") passed), the
            # functions a list names (Authelia's `27: {migrationSpecialUp27}`) and
            # application code (trial s40 authelia H4: a new call of a committed
            # helper running Sprintf(p.sqlFmtRenameTable, from, to) passed)
            if "(" in text:
                whole = [(0, len(text))]
                strings = _with_bound_calls(
                    rel, text, whole, strings, _go_package(repo, rel), (repo / rel).parent
                )
            else:
                strings = with_filled_formats(text, strings, _go_package(repo, rel))
            if orm_of(rel, text) == "xorm":
                strings = [replace(s, xorm=True) for s in strings]
        if not strings:
            continue
        if status == "M" and (not before or heirs):
            # (the committed mixin read with the same tables: its columns are not new)
            before_bytes = show_bytes(repo, commit, rel)
            before = code_of(rel, before_bytes, mysql, heirs) if before_bytes is not None else ""
        renamed_from = ""
        if status == "A" and migration and deleted:
            renamed_from = _renamed_from(repo, commit, rel, text, deleted, mysql)
        committed = before or renamed_from
        # Ecto and Rails know a migration by its version alone: one renamed
        # keeping it is the applied one, so an edit in the same change is an
        # edit (DBN025), not a new migration's DDL (trial confirm37 s28b)
        kept = renamed_from if renamed_from and _keeps_version(rel, deleted) else ""
        fresh = _added(rel, committed, text, strings, repo)
        if fresh and status == "A" and not committed:
            # a file moved (git mv: deleted and added): its strings are not new
            fresh = [s for s in fresh if s.key() not in moved_from()[0]]
        if fresh and committed and migration and is_code_migration(rel, committed):
            shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
            bases.append((shown, committed, ddl_strings(rel, committed, _migration_sql)))
        if fresh:
            shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
            edited[shown] = _edited_steps(rel, before or kept, text, fresh)
            was = before or kept
            if was and is_code_migration(rel, text) and is_code_migration(rel, was):
                migrations.add(shown)
            elif status == "A" and is_code_migration(rel, text):
                new_migrations.add(shown)
            modelled = read.get(os.path.realpath(repo / rel))
            if modelled is not None:
                listed.append(_Read(text, strings, shown))
                if rel.lower().endswith(".php") and code_text(now) != text:
                    raws[shown] = code_text(now)  # (a branch on the driver: _laravel_laid)
                kind = _model_engine(text, shown, modelled)
                if kind is not None and _beyond_model(cwd, shown, text, fresh, kind):
                    # a Django migration: what the model does not read (RunPython's
                    # strings), and its reading on the other databases its
                    # settings name, are judged here
                    found.append((shown, text, fresh))
                    judged_in_model[shown] = kind
            else:
                found.append((shown, text, fresh))
                raw = code_text(now)
                if raw != text:
                    raws[shown] = raw
    said = [
        _edited_step(r, at, ref, r.shown in migrations)
        for r in listed
        # (kept in ``edited``: _removed_history takes an edited string for one deleted else)
        for at in sorted(edited.get(r.shown, ()))
    ]
    said += removed_history(repo, cwd, commit, ref, staged, applied, added, edited, mysql)
    if any(rel.lower().endswith(".cs") for _, rel in statuses):
        # an applied EF Core migration re-timestamped: its [Migration] id replaced
        from dbnamelint.services.ef_ids import replaced_ef_ids

        said += replaced_ef_ids(repo, cwd, commit, ref, staged, statuses)
    # an applied Alembic/Django migration of paths: whose helper module the change edits
    if any(path.lower().endswith(".py") for _, path in statuses):
        # imported here: a change without Python files (most hook runs) needs none of it
        from dbnamelint.services.applied_helpers import applied_helper_edits

        said += applied_helper_edits(
            repo,
            cwd,
            commit,
            ref,
            staged,
            statuses,
            [str(cwd / f.path) for f in current.loaded.files],
        )
    if any(st == "M" and path.lower().endswith((".ex", ".exs")) for st, path in statuses):
        # an Ecto helper module applied migrations call, edited (trial s40)
        from dbnamelint.services.applied_ecto_helpers import ecto_helper_edits

        said += ecto_helper_edits(repo, cwd, commit, ref, staged, statuses)
    if any(st == "M" and path.lower().endswith(".php") for st, path in statuses):
        # the base class applied PHP migrations extend and run, edited (trial s39 wallabag)
        from dbnamelint.services.applied_php_bases import base_class_edits

        said += base_class_edits(
            repo,
            cwd,
            commit,
            ref,
            staged,
            statuses,
            [str(cwd / f.path) for f in current.loaded.files],
        )
    listed_before += _package_lists(repo, cwd, (commit, staged), current, statuses, listed_before)
    changed = {r: st for st, r in statuses}
    for rel, was, is_now in listed_before:
        shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
        # its helpers and constants in the package's other files, on both sides
        packages = package_pair(repo, commit, rel, changed, _added_text(repo, staged))
        history = list_history(rel, shown, was, is_now, ref, edited.get(shown, ()), packages)
        said += history
        for left, to in moves:
            if to == rel and not history:
                said.append(moved_note(_shown(repo, cwd, left), shown, ref))
    said += unread
    if not found:
        return CodeJudgement([], said, [])

    def base(shown: str) -> bytes | None:
        rel = relative_to_repo(repo, Path(os.path.normpath(cwd / shown)))
        return show_bytes(repo, commit, rel) if rel is not None else None

    edits = _Edits(ref, edited, migrations, new_migrations, base)
    judged = _judged(current, cwd, found, base_config, edits, judged_in_model, raws)
    if bases:
        # An applied migration edited or renamed is DBN025; the names its
        # committed text already wrote are legacy, not the change's (trial s31
        # immich: `users.createdAt`, which a later migration renamed to the
        # `user.createdAt` the whitelist holds, listed as new).
        old = {(f.code, ref_of(f.object)) for f in _judged(current, cwd, bases, None).findings}
        judged = replace(
            judged, findings=[f for f in judged.findings if (f.code, ref_of(f.object)) not in old]
        )
    # A Django migration the model reads and the gate judges too (its
    # RunSQL) has its edited steps said by both: once each (trial s32
    # netbox D: DBN025 twice at 0228_rack_group.py:23:18).
    out = list(dict.fromkeys([*said, *judged.said]))
    return replace(judged, said=[*out, *_unused_accepts(found, new_migrations, out)])


def _unused_accepts(
    found: Sequence[tuple[str, str, list[DdlString]]],
    new: Collection[str],
    said: Sequence[Diagnostic],
) -> list[Diagnostic]:
    """A ``DBN020`` warning at the ``ignore[DBN013]`` comment of each new code
    migration whose strings have holes but none of which builds a name (no
    ``DBN013`` said of the file): the comment accepts nothing, and would
    accept, unseen, a built name a later edit adds (trial s39 writefreely:
    written after the message when every hole was a column type)."""
    noted = {d.location.path for d in said if d.code == DYNAMIC_CODE}
    out: list[Diagnostic] = []
    for shown, text, fresh in found:
        if shown not in new or shown in noted or not any(s.holes for s in fresh):
            continue
        at = dynamic_accept_at(text)
        if at is None:
            continue
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        out.append(
            Diagnostic(
                Location(shown, line, column),
                Severity.WARNING,
                "unused suppression ignore[DBN013]: no statement of this file builds a name "
                "(its holes stand where a type or value goes), so its names are read and "
                "judged: remove the comment",
                UNUSED_CODE,
            )
        )
    return out


def _renamed_from(
    repo: Path, commit: str, rel: str, text: str, deleted: Sequence[str], mysql: bool
) -> str:
    """The committed text of the code migration that new file ``rel`` (text
    ``text``) renames: one of the change's ``deleted`` files in its folder
    whose committed text is at least half the same, as git's rename detection
    takes it (``git diff -M``: 50% similarity by default); else ``""``."""
    folder = rel.rpartition("/")[0]
    best, score = "", 0.5
    for gone in deleted:
        if gone.rpartition("/")[0] != folder:
            continue
        data = show_bytes(repo, commit, gone)
        if data is None:
            continue
        before = code_of(gone, data, mysql)
        ratio = difflib.SequenceMatcher(None, before, text, autojunk=False).ratio()
        if ratio >= score:
            best, score = before, ratio
    return best


#: A migration a tool knows by the version its name starts with (Ecto's
#: ``schema_migrations``, Rails' when no dump is read).
_VERSIONED = lazy_compile(r"^(?P<version>\d+)_\w+\.(?:exs|rb)$")


def _keeps_version(rel: str, deleted: Sequence[str]) -> bool:
    """Whether added ``rel`` is an Ecto or Rails migration with the version of
    one of the change's ``deleted`` files in its folder: the same migration."""
    folder, _, name = rel.rpartition("/")
    found = _VERSIONED.match(name)
    return found is not None and any(
        d.rpartition("/")[0] == folder
        and (other := _VERSIONED.match(d.rpartition("/")[2])) is not None
        and other.group("version") == found.group("version")
        for d in deleted
    )


def _mysql(current: Evaluation) -> bool:
    """Whether the tree's database is MySQL's family (Laravel's grammar quotes
    names with backticks there): the configured dialect's, else every read
    file's."""
    from dbnamelint.impact.otherdb import database_family

    dialect = current.settings.dialect
    if dialect is not None:
        return database_family(dialect) == "mysql"
    families = {database_family(f.dialect) for f in current.loaded.files}
    return families == {"mysql"}


def _edited_go_orm(rel: str, shown: str, before: str, now: str, ref: str) -> Diagnostic | None:
    """``DBN025`` at the first changed token of an applied Go migration that
    makes names with GORM's or xorm's schema calls
    (:func:`~dbnamelint.go_orm_builders.builder_calls`), Go comments and
    layout aside: its structs, tags and calls are the DDL it ran, and none
    is a string the gate compares (trial s38 gogs: ``v21.go``'s
    ``gorm:"index"`` made ``gorm:"index:IDX_Action_User"`` passed)."""
    if not rel.lower().endswith(".go") or not go_orm_calls(rel, before):
        return None
    was = [t for t in go_tokens(before) if not is_comment(t[0])]
    is_ = [t for t in go_tokens(now) if not is_comment(t[0])]
    at = next(
        (i for i, (a, b) in enumerate(zip(was, is_, strict=False)) if a[0] != b[0]),
        min(len(was), len(is_)),
    )
    if at == len(was) == len(is_):
        return None
    line = is_[at][1] if at < len(is_) else (is_[-1][1] if is_ else 1)
    calls = ", ".join(sorted({label for _line, label in go_orm_calls(rel, before)}))
    return Diagnostic(
        Location(shown, line, 1),
        Severity.ERROR,
        f"this code migration was committed at {ref} and this change edits its Go code, "
        f"from whose structs and tags its {calls} calls make the schema: an applied "
        "migration must not change (every database that ran it keeps what the old code made, "
        "one that has not run it yet gets the new): restore it and write the change as a new "
        "migration",
        EDITED_STEP_CODE,
    )


def code_of(
    rel: str, data: bytes, mysql: bool, heirs: Mapping[str, Sequence[str]] | None = None
) -> str:
    """Code file ``rel``'s text as the gate reads it: a Laravel migration's
    Schema builder calls in ``up()`` as the SQL they run
    (:func:`dbnamelint.laravel_schema.shadow_text`: ``DB::statement``
    strings, on the calls' lines). ``heirs``: a Python file's SQLAlchemy
    mixins' tables in other modules (:mod:`.sqlalchemy_heirs`)."""
    text = code_text(data)
    if is_js(rel):
        return kysely_shadow(rel, text, mysql=mysql)[0]
    if rel.lower().endswith(".go"):
        # GORM tags naming a column or an index: the DDL AutoMigrate runs (trial s38)
        from dbnamelint.go_orm_tags import shadow_text as gorm_tags_shadow

        return gorm_tags_shadow(rel, text, mysql=mysql)
    if rel.lower().endswith((".exs", ".ex", ".cs", ".rb")):
        # Ecto, EF Core and Rails migrations' builder calls (dbnamelint.code_builders)
        return builders_shadow(rel, text, "mysql" if mysql else "postgres")[0]
    if rel.lower().endswith(".py"):
        # Synapse's register_background_index_update: an index named outside SQL (trial s38)
        # and SQLAlchemy models, the schema create_all() makes (trial s40 CTFd)
        return models_shadow(synapse_index_shadow(text), heirs)
    if not rel.lower().endswith(".php"):
        return text
    if is_doctrine_migration(rel, text):
        return doctrine_shadow_text(rel, text, mysql=mysql)[0]
    if is_laravel_app_code(rel, text):
        # a controller's, a command's Schema::create: judged as a DDL string (trial s37 BookStack)
        return app_shadow_text(rel, text, mysql=mysql)[0]
    return shadow_text(rel, text, mysql=mysql)[0]


_FRAMEWORK_CALL = {
    "ecto": "Ecto migration call",
    "efcore": "EF Core MigrationBuilder call",
    "rails": "Rails migration call",
    "phinx": "Phinx Table API call",
}
_FRAMEWORK_RAW = {
    "ecto": "execute",
    "efcore": "migrationBuilder.Sql",
    "rails": "execute",
    "phinx": "$this->execute",
}


def _builder_unread(
    repo: Path,
    cwd: Path,
    rel: str,
    data: bytes,
    commit: str | None,
    ref: str,
    *,
    migration: bool = False,
    keep: Callable[[str], bool] | None = None,
    moved: Callable[[], set[str]] | None = None,
) -> list[Diagnostic]:
    """A ``DBN013`` warning at each builder call of code file ``rel`` (its
    bytes now ``data``: a Laravel migration's Schema builder, a Doctrine
    migration's Schema API, a Kysely, Knex or Sequelize schema call) that its
    reader does not read, on a line the change added since ``commit`` (None:
    a new file): it may make a name no rule checks. In a code migration
    (``migration``: new since the base, or one the change edits) it is an
    error, as the same call in a migration named in ``paths:`` is (the model's
    ``DBN013`` warning on a statement new since the base:
    :func:`~dbnamelint.services.gate.new_dynamic_ddl`),
    unless a ``dbnamelint: ignore[DBN013] <reason>`` comment in the file
    accepts it, as for a new code migration's other unread DDL
    (:func:`_refused_unread`); then an info note. In application code it is
    an error too, unless an inline comment at the call accepts it
    (:func:`_refused_app_call`); ``moved``: the lines of the files the
    change deletes, whose calls a file moved there holds are not new."""
    kysely = is_js(rel)
    lower = rel.lower()
    if lower.endswith((".java", ".kt", ".go")):
        return _jvm_builder_unread(repo, cwd, rel, data, commit, ref, moved=moved)
    # Synapse's background index updates in a store's Python (trial s38)
    synapse = lower.endswith(".py") and not migration
    if not lower.endswith((".php", ".exs", ".ex", ".cs", ".rb", ".rake")) and not (
        kysely or synapse
    ):
        return []
    text = code_text(data)
    framework = None if synapse else builder_kind(rel, text)
    # Active Record's schema calls in the app's own Ruby (a job, a rake task):
    # names made at run time that no dump records (trial s37 lobsters Ge)
    ruby_app = framework is None and not migration and is_rails_app_code(rel)
    if (
        not lower.endswith(".php")
        and not (kysely or synapse)
        and framework is None
        and not ruby_app
    ):
        return []
    doctrine = (
        not (kysely or synapse)
        and not ruby_app
        and framework is None
        and is_doctrine_migration(rel, text)
    )
    # an Ecto, EF Core, Rails or Phinx migration (dbnamelint.code_builders) is one
    migration = migration or framework is not None
    helper_at: set[int] = set()
    if synapse:
        unread = synapse_unread_index_updates(text)
    elif ruby_app:
        unread = rails_schema_calls(text, rel)
    elif framework is not None:
        _, unread = builders_shadow(rel, text)
    elif kysely:
        _, unread = kysely_shadow(rel, text)
        if migration:  # the handle passed to a function defined elsewhere (trial s35)
            unread += handed_off(rel, text)
            # a schema helper up() takes from its context object (trial s39 n8n)
            helpers = context_calls(rel, text)
            unread += helpers
            helper_at = {call.start for call in helpers}
    else:
        _, unread = (
            doctrine_shadow_text
            if doctrine
            else app_shadow_text
            if not migration and is_laravel_app_code(rel, text)
            else shadow_text
        )(rel, text)
    if keep is not None:  # (a Rails migration beside db/schema.rb: what it cannot show)
        unread = [call for call in unread if keep(call.call)]
    if not unread:
        return []
    added: set[int] | None = None
    before_bytes = show_bytes(repo, commit, rel) if commit is not None else None
    before = code_text(before_bytes) if before_bytes is not None else ""
    if before:
        matcher = difflib.SequenceMatcher(
            None, before.splitlines(), text.splitlines(), autojunk=False
        )
        added = {
            b
            for tag, _a0, _a1, b0, b1 in matcher.get_opcodes()
            if tag in ("replace", "insert")
            for b in range(b0, b1)
        }
    shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
    read = _Read(text, [], shown)
    out: list[Diagnostic] = []
    accepted = migration and accepts(text, _ACCEPTED_BY[DYNAMIC_CODE])
    if kysely:  # TypeORM's reader (and Knex's, which it builds on) only for JS/TS code
        from dbnamelint.typeorm_schema import is_typeorm_migration

        typeorm = is_typeorm_migration(text)
    else:
        typeorm = False
    for call in unread:
        line = text.count("\n", 0, call.start)
        # an edit inside a multi-line call's arguments edits the call
        last = text.count("\n", 0, call.end) if call.end > call.start else line
        if added is not None and added.isdisjoint(range(line, last + 1)):
            continue
        new = "is new" if added is None or line in added else "is edited"
        what, raw = (
            ("migration schema helper call", "a SQL string the runner runs")
            if call.start in helper_at
            else (
                "Synapse background index update",
                "a SQL delta (CREATE INDEX in delta/<SCHEMA_VERSION>/)",
            )
            if synapse
            else ("TypeORM QueryRunner call", "queryRunner.query")
            if typeorm
            else (
                "Kysely/Knex/Sequelize/db-migrate/node-pg-migrate schema builder call",
                "a sql`...` template, knex.raw, queryInterface.sequelize.query, db.runSql "
                "or pgm.sql",
            )
            if kysely
            else (_FRAMEWORK_CALL[framework], _FRAMEWORK_RAW[framework])
            if framework is not None
            else (
                "Active Record schema call in application code",
                "a Rails migration (db/migrate/), whose dump the gate reads",
            )
            if ruby_app
            else ("Doctrine Schema API call", "$this->addSql")
            if doctrine
            else ("Laravel Schema builder call", "DB::statement")
        )
        if call.why:
            out.append(
                Diagnostic(
                    read.location(call.start),
                    Severity.WARNING,
                    f"this {what} ({call.call}) {new} since {ref}: {call.why}",
                    DYNAMIC_CODE,
                )
            )
            continue
        out.append(
            Diagnostic(
                read.location(call.start),
                Severity.WARNING,
                f"this {what} ({call.call}) {new} since {ref} and "
                "dbnamelint does not read it (a name from a variable or a constant, or a call "
                "it does not know): a name it makes is neither checked nor in the model. "
                "Write the DDL with the calls the gate reads, names as literals (see the "
                f"docs/diagnostics.md), or in {raw}, or check "
                "its names by hand",
                DYNAMIC_CODE,
            )
        )
    if not migration:
        # application code (a repository class): a call the change adds that may
        # make a name no rule checks is refused as a .sql file's dynamic DDL is,
        # unless a comment at the call accepts it (trial s34 documenso); not one
        # of a file the change moves (``moved``: the lines of the files it deletes)
        lines = text.split("\n")
        gone = moved() if moved is not None else set()
        return [
            _refused_app_call(d, ref, lines)
            if lines[d.location.line - 1].strip() not in gone
            else d
            for d in out
        ]
    # Doctrine's renameTable is read (as the CREATE and DROP DBAL runs): its
    # warning stays a warning, as in paths: (gate.unread_ddl)
    return [
        d if RENAME_TABLE_LOSES_ROWS in d.message else _refused_builder_call(d, ref, accepted)
        for d in out
    ]


#: Whose names a builder call makes (by whether the file is Go).
_UNREAD_WHY = {
    False: "of jOOQ's and Exposed's DDL calls",
    True: "GORM and xorm make from Go structs and tags, or a query builder from its calls",
}


def _jvm_builder_unread(
    repo: Path,
    cwd: Path,
    rel: str,
    data: bytes,
    commit: str | None,
    ref: str,
    *,
    moved: Callable[[], set[str]] | None = None,
) -> list[Diagnostic]:
    """``DBN013`` errors at each jOOQ or Exposed DDL call
    (:func:`~dbnamelint.jvm_ddl_builders.builder_calls`) on a line of Java or
    Kotlin code file ``rel``, or GORM or xorm schema call
    (:func:`~dbnamelint.go_orm_builders.builder_calls`) of a Go one, that
    the change added since ``commit`` (None: a new file), unless an inline
    comment at the call accepts it: dbnamelint reads none of them, so the
    names they make are not checked (trial s36 kestra:
    ``context.alterTable("flows").renameTo("FlowsRenamed")`` in a repository
    class passed; trial s38 gogs: ``db.AutoMigrate(&BadThing{})``). A Flyway
    class the code migrations' gate judges never gets here
    (:func:`_flyway_judged`); its ``DBN013`` is that gate's."""
    text = code_text(data)
    go = rel.lower().endswith(".go")
    # GORM's and xorm's schema calls make names from Go structs (trial s38 gogs)
    calls = go_orm_calls(rel, text) if go else builder_calls(text, jvm_tokens(text))
    if not calls:
        return []
    lines = text.split("\n")
    before_bytes = show_bytes(repo, commit, rel) if commit is not None else None
    added: set[int] | None = None
    if before_bytes is not None:
        # lines compared without their layout: a call re-indented is not new
        matcher = difflib.SequenceMatcher(
            None,
            [" ".join(x.split()) for x in code_text(before_bytes).splitlines()],
            [" ".join(x.split()) for x in text.splitlines()],
            autojunk=False,
        )
        added = {
            b + 1
            for tag, _a0, _a1, b0, b1 in matcher.get_opcodes()
            if tag in ("replace", "insert")
            for b in range(b0, b1)
        }
    gone = moved() if moved is not None else set()
    shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
    out: list[Diagnostic] = []
    for line, call in calls:
        if (added is not None and line not in added) or lines[line - 1].strip() in gone:
            continue
        out.append(
            _refused_app_call(
                Diagnostic(
                    Location(shown, line, 1),
                    Severity.WARNING,
                    f"this {call} call is new since {ref} and builds DDL that dbnamelint does "
                    f"not read (the names {_UNREAD_WHY[go]} are in no SQL "
                    "text): a name it makes is neither checked nor in the model. Write the "
                    "DDL in a .sql migration to have it checked, or check its names by hand",
                    DYNAMIC_CODE,
                ),
                ref,
                lines,
            )
        )
    return out


def _refused_app_call(d: Diagnostic, ref: str, lines: list[str]) -> Diagnostic:
    """Warning ``d`` on an unread builder call a change since ``ref`` adds to
    application code (its ``lines``): the gate's error, or, accepted by an
    inline ``dbnamelint: ignore[DBN013] <reason>`` comment at the call
    (:func:`~dbnamelint.services.inline_accept.accepted_at`), an info note."""
    at = d.location.line - 1
    if accepted_at(lines, at, at):
        return replace(d, severity=Severity.INFO, message=d.message + ACCEPTED)
    mark = comment_mark(d.location.path)
    return replace(
        d,
        severity=Severity.ERROR,
        message=f"{d.message}; the gate refuses it: its names cannot be checked. Check "
        f"them by hand and write `{mark} dbnamelint: ignore[DBN013] <reason>` on the line "
        "above the statement to accept it",
    )


def _refused_builder_call(d: Diagnostic, ref: str, accepted: bool) -> Diagnostic:
    """Warning ``d`` on an unread builder call a change since ``ref`` adds to
    a code migration: the gate's error, or, ``accepted`` by the file's ``dbnamelint:
    ignore[DBN013] <reason>`` comment, an info note saying so."""
    if accepted:
        return replace(
            d,
            severity=Severity.INFO,
            message=f"{d.message}; accepted by the file's `dbnamelint: ignore[DBN013]` comment",
        )
    return replace(
        d,
        severity=Severity.ERROR,
        message=f"{d.message}; it is in a code migration, so the gate refuses it: its names "
        "cannot be checked. Check them by hand and write `dbnamelint: ignore[DBN013] "
        "<reason>` in a comment of the file (on the line above the call) to accept it",
    )


def may_be_migration(rel: str, text: str | None = None) -> bool:
    """Whether code file ``rel`` (repository path) may be one migration of a
    tool, asked before its committed text is read: by its path alone (a
    migrations folder, an Alembic ``versions/`` revision named by its id, a
    step script's name) or, given its ``text`` (as written, now or at the
    base), by what that text is (:func:`is_migration_text`). A path does not
    always tell: Alembic's ``file_template`` names a revision freely and its
    ``script_location`` is any folder (trial s34 mealie:
    ``alembic/versions/2022-08-13-17.07.07_089bfa50d0ed_x.py`` deleted
    passed), as Kysely's, TypeORM's or Knex's migration folder is."""
    from dbnamelint.impact.history import in_migration_folder, is_migration
    from dbnamelint.impact.migration_code import is_alembic_revision

    if rel.lower().endswith(".xml"):
        # a MyBatis mapper's statements are application code, never a migration;
        # a Liquibase changelog's deletion is the SQL side's DBN025 (not twice)
        return False
    if in_migration_folder(rel) or is_alembic_revision(rel) or is_migration(rel):
        return True
    return text is not None and is_migration_text(rel, text)


def is_migration_text(rel: str, text: str) -> bool:
    """Whether code file ``rel`` holding ``text`` (as written) is one
    migration of a tool, applied history once committed: as the gate takes
    one (:func:`is_code_migration`: an Alembic revision by its ``revision =``
    and ``down_revision =`` wherever it lies) or as the model reads one
    (:func:`~dbnamelint.code_migrations.code_migration_kind`: a Knex, Kysely,
    Sequelize, TypeORM, db-migrate, node-pg-migrate or Laravel migration by
    its text, in any folder)."""
    from dbnamelint.code_migrations import code_migration_kind

    if rel.lower().endswith(".xml"):  # see may_be_migration
        return False
    return is_code_migration(rel, text) or code_migration_kind(rel, text) is not None


def _django_unread(shown: str, rel: str, repo: Path, text: str, ref: str) -> list[Diagnostic]:
    """What a new Django migration outside the model does that is not read
    (:func:`dbnamelint.django_names.implicit_sql`'s unread: an index class
    not known, an operation built in a comprehension, a name no literal), a
    ``DBN013`` error: the gate cannot check its names (trial s32 netbox A2, A5).
    So is a ``RunSQL`` (or a subclass's, the migration's own or imported
    from the project) of SQL given as no literal (``RunSQL(open(...).read())``),
    as the model's reading says it (:func:`dbnamelint.code_migrations._built_sql`)."""
    from dbnamelint.code_migrations import _built_sql
    from dbnamelint.django_names import implicit_sql, runpython_unread

    read = _Read(text, (), shown)
    out = []
    for at, runner in _built_sql("django", text, None, str(repo / rel), names=True):
        note = Diagnostic(
            read.location(at),
            Severity.WARNING,
            f"{runner} runs SQL the code builds or reads when it runs: it is not read, and "
            "what it makes or changes is not in the model",
            DYNAMIC_CODE,
        )
        out.append(note if accepts_dynamic(text) else _refused(note, ref))
    for at, what in runpython_unread(text, str(repo / rel)):
        note = Diagnostic(
            read.location(at),
            Severity.WARNING,
            f"{what} is not read: what it makes is not in the model",
            DYNAMIC_CODE,
        )
        out.append(note if accepts_dynamic(text) else _refused(note, ref))
    for start, _end, _sql, unread in implicit_sql(str(repo / rel), text):
        for what in unread:
            note = Diagnostic(
                read.location(start),
                Severity.WARNING,
                f"{what} is not read: what Django makes or changes for it is not in the model",
                DYNAMIC_CODE,
            )
            out.append(note if accepts_dynamic(text) else _refused(note, ref))
    return out


def _unread_ops(shown: str, text: str, ref: str, path: str | None = None) -> list[Diagnostic]:
    """The ``DBN013`` error at each call of a new Alembic revision's
    ``upgrade()`` on ``op``/``batch_op`` that :mod:`dbnamelint.alembic_ops`
    does not read and that may create names (``op.create_exclude_constraint``,
    ``op.create_sequence`` of an extension...), as the same call in a revision
    named in ``paths:`` is (:mod:`dbnamelint.code_migrations`' ``DBN013``
    warning, new since the base: refused); before, a ``DBN014`` warning the
    gate passed. A ``# dbnamelint: ignore[DBN013] <reason>`` comment in the
    file accepts it (then an info note). So is a call of a function of
    another module of the project (``path``: the revision's) that runs
    ``op`` calls: they are not read as the revision's
    (:func:`~dbnamelint.alembic_ops.imported_helper_calls`)."""
    from dbnamelint.alembic_ops import op_calls, unread_calls

    _calls, unknown = op_calls(text)
    read = _Read(text, (), shown)
    accepted = accepts(text, _ACCEPTED_BY[DYNAMIC_CODE])
    # a function of another module of the project that runs op calls
    # a function of another module of the project that runs op calls, a
    # Core object created on the connection not read
    helpers = [
        _refused_builder_call(
            Diagnostic(read.location(at), Severity.WARNING, what, DYNAMIC_CODE),
            ref,
            accepted,
        )
        for at, what in unread_calls(text, path)
    ]
    return helpers + [
        _refused_builder_call(
            Diagnostic(
                read.location(at),
                Severity.WARNING,
                f"op.{name}() in this new Alembic revision is not read: names it creates are "
                "not checked and are not in the model (read: create_table, add_column, "
                "create_index, rename_table, alter_column(new_column_name=), "
                "create_unique_constraint, create_foreign_key, create_check_constraint, "
                "create_primary_key, op.execute of SQL). Check its names by hand",
                DYNAMIC_CODE,
            ),
            ref,
            accepted,
        )
        for at, name in unknown
    ]


def _migration_sql(sql: str) -> bool:
    """A code migration's string the gate reads: DDL, or a routine run."""
    return makes_ddl(sql) or runs_routine(sql)


#: A statement creating a routine (``CREATE OR REPLACE FUNCTION "f"() ...``).
_CREATES_ROUTINE = lazy_compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE|AGGREGATE)\s", re.I | re.M
)


def _migration_or_routine_sql(sql: str) -> bool:
    """:func:`_migration_sql`, or a string creating a routine: a Rails
    migration's function, which its ``db/schema.rb`` never holds."""
    return _migration_sql(sql) or _CREATES_ROUTINE.search(sql) is not None


def _squashed_away(
    rel: str,
    before: str,
    applied: Sequence[tuple[str, str, str | None]],
    added: Sequence[str],
    repo: Path,
    staged: bool,
    mysql: bool,
) -> bool:
    """Whether the deleted Django migration ``rel`` is one a squashed migration
    in its folder ``replaces`` (at the base or now): deleting the replaced files
    is the manual's last step of a squash ("Squashing migrations"), and every
    database that ran them has the squashed one recorded as applied too."""
    from dbnamelint.django_ops import migration_replaces
    from dbnamelint.django_vendor import is_django_migration

    if not is_django_migration(rel, before):
        return False
    folder, name = rel.rpartition("/")[0], rel.rpartition("/")[2].removesuffix(".py")
    texts = [t for r, b, n in applied if r.rpartition("/")[0] == folder for t in (b, n) if t]
    for path in added:
        if path.rpartition("/")[0] == folder and (data := now_bytes(repo, path, staged)):
            texts.append(code_of(path, data, mysql))
    return any(replaced == name for text in texts for _, replaced in migration_replaces(text))


def removed_history(
    repo: Path,
    cwd: Path,
    commit: str,
    ref: str,
    staged: bool,
    applied: Sequence[tuple[str, str, str | None]],
    added: Sequence[str],
    edited: dict[str, set[int]],
    mysql: bool = False,
) -> list[Diagnostic]:
    """``DBN025`` for each code migration committed at the base (``applied``:
    path, text then, text now or None when gone; :func:`is_code_migration`,
    what the SQL side counts as applied: committed at the base) that the
    change deletes, or from which it deletes a DDL string (trial s30
    listmonk: the ``ALTER TABLE campaigns ADD COLUMN ... attribs`` statement
    taken out of ``v6.0.0.go``; ``git rm v0.4.0.go``): every database that
    ran it keeps what it made, one that runs it now does not get it, as for
    a deleted statement or file of a SQL migration
    (:func:`~dbnamelint.services.edited_history.deleted_migrations`). A file
    git pairs as renamed (``--find-renames``), or whose DDL strings a file new
    in the change all holds, is moved, not deleted (its code still runs),
    unless its tool records it by a file name that changed
    (:func:`_renamed_by_name`); an edited string is the fresh string's
    ``DBN025`` (``edited``)."""
    from dbnamelint.services.edited_history import gone_names

    out: list[Diagnostic] = []
    moved: dict[str, str | None] | None = None
    added_keys: list[tuple[str, set[str]]] | None = None
    for rel, before, now in applied:
        shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
        head = f"this code migration was committed at {ref} and this change "
        old = ddl_strings(rel, before)
        if now is None:
            if moved is None:
                gone = [r for r, _, n in applied if n is None]
                moved = gone_names(repo, commit, staged, gone)
            keys = {string.key() for string in old}
            target = moved.get(rel)
            if target is None and keys:
                if added_keys is None:
                    added_keys = [
                        (a, {string.key() for string in ddl_strings(a, code_of(a, data, mysql))})
                        for a in added
                        if (data := now_bytes(repo, a, staged)) is not None
                    ]
                target = next((a for a, k in added_keys if keys <= k), None)
            if target is None and _squashed_away(rel, before, applied, added, repo, staged, mysql):
                continue
            if target is not None:
                into = Path(os.path.relpath(repo / target, cwd)).as_posix()
                data = now_bytes(repo, target, staged)
                moved_text = code_of(target, data, mysql) if data is not None else None
                renamed = _renamed_by_name(rel, before, target, into, ref, moved_text)
                if renamed is not None:
                    out.append(
                        Diagnostic(Location(shown, 1, 1), Severity.ERROR, renamed, EDITED_STEP_CODE)
                    )
                continue
            out.append(
                Diagnostic(
                    Location(shown, 1, 1),
                    Severity.ERROR,
                    f"{head}deletes it: the migration tool still has it applied (every "
                    "database that ran it keeps what it created, while one that has not run "
                    "it yet never gets it): restore the file and write a new migration that "
                    "drops what it created",
                    EDITED_STEP_CODE,
                )
            )
            continue
        version = _doctrine_version_changed(rel, before, now, ref)
        if version is not None:
            at, message = version
            line = now.count("\n", 0, at) + 1
            out.append(
                Diagnostic(Location(shown, line, 1), Severity.ERROR, message, EDITED_STEP_CODE)
            )
        if edited.get(shown):
            continue  # an edited string: its DBN025 says so
        now_strings = ddl_strings(rel, now)
        kept = {string.key() for string in now_strings}
        lost = [string for string in old if string.key() not in kept]
        if not lost:
            laravel = _edited_code(rel, shown, before, now, ref)
            if laravel:  # Laravel's whole forward code compared: covers the inputs
                out += laravel
                continue
            alembic = _edited_alembic(rel, shown, before, now, ref)
            if alembic is not None:  # all of an Alembic revision's forward code compared
                out.append(alembic)
                continue
            go_orm = _edited_go_orm(rel, shown, before, now, ref)
            if go_orm is not None:  # all of a GORM/xorm migration's code compared
                out.append(go_orm)
                continue
            js = edited_js(
                rel,
                shown,
                before,
                now,
                ref,
                accepts(now, _EDIT_ACCEPTED) and not accepts(before, _EDIT_ACCEPTED),
            )
            if js is not None:  # all of a JS/TS migration's forward code compared (s39)
                out.append(js)
                continue
            # its strings as written kept, what fills them in edited (Sequelize
            # `const constraintName = "..."` of an applied migration)
            changed = changed_input(rel, before, now, backward_spans(rel, before))
            if changed is not None:
                name, at, used = changed
                out.append(
                    Diagnostic(
                        Location(shown, at, 1),
                        Severity.ERROR,
                        f"{head}edits `{name}`, which the SQL at line {used} at {ref} is built "
                        "from: the statement it runs changed, and an applied migration must "
                        "not change (every database that ran it keeps what the old one made, "
                        "one that has not run it yet gets the new one): restore it and write "
                        "the change as a new migration",
                        EDITED_STEP_CODE,
                    )
                )
            continue
        at = _deleted_at(lost[0], [s.text for s in now_strings])
        line = _line_now(before, now, before.count("\n", 0, at))
        statement = " ".join(_deleted_text(lost[0], at).split())
        rewritten = _first_changed_line(lost[0], before, now)
        if rewritten is not None and rewritten > before.count("\n", 0, at):
            # a Knex chain (alterTable(...).createTable(...)) is one string: the line
            # the change touched, not the chain's first (trial s40 uptime-kuma F9)
            at = sum(len(x) for x in before.splitlines(keepends=True)[:rewritten])
            line = _line_now(before, now, rewritten)
            statement = " ".join(_deleted_text(lost[0], at).split())
        out.append(
            Diagnostic(
                Location(shown, line, 1),
                Severity.ERROR,
                f"{head}deletes DDL from it ({statement[:60]}{'...' * (len(statement) > 60)}"
                f", line {before.count(chr(10), 0, at) + 1} at {ref}): an applied "
                "migration must not change (every database that ran it keeps what it made, "
                "one that has not run it yet never gets it): restore it and write the change "
                "as a new migration",
                EDITED_STEP_CODE,
            )
        )
    return out


#: An acceptance of an edit of an applied code migration (DBN025).
_EDIT_ACCEPTED = ("dbn025", "migration-edited")


def _edited_code(rel: str, shown: str, before: str, now: str, ref: str) -> list[Diagnostic]:
    """``DBN025`` for an applied Laravel or Doctrine migration whose forward code
    (:func:`dbnamelint.laravel_schema.forward_code`) the change edits where
    no DDL string or builder call the gate reads changed: a loop's body, the
    array it runs over, a ``sprintf``'s arguments (trial s35 firefly-iii),
    as any change of a goose Go migration's code is. Accepted (an info note)
    by a ``// dbnamelint: ignore[DBN025] <reason>`` comment the change adds
    to the file, for an edit reviewed by hand (one that only fixes a fresh
    install, say)."""
    from dbnamelint.laravel_schema import forward_code

    was, is_now = forward_code(rel, before), forward_code(rel, now)
    if was is None or is_now is None:
        return []
    old, new = [t for t, _ in was], [t for t, _ in is_now]
    if old == new:
        return _unrun_edit(rel, shown, before, now, ref)
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    if at is None:
        at = min(len(old), len(new))
    offset = is_now[min(at, len(is_now) - 1)][1] if is_now else 0
    line = now.count("\n", 0, offset) + 1
    accepted = accepts(now, _EDIT_ACCEPTED) and not accepts(before, _EDIT_ACCEPTED)
    tool, recorded = _php_tool(rel, now)
    message = (
        f"this {tool} migration was committed at {ref} and this change edits its up() "
        f"code (first at line {line}, in code dbnamelint may not read as DDL: a loop, "
        f"the data it runs over, a computed name): {recorded}, so every database that "
        "ran it keeps what it made and only a new one runs the edited code: restore it "
        "and write the change as a new migration"
    )
    if accepted:
        return [
            Diagnostic(
                Location(shown, line, 1),
                Severity.INFO,
                message + "; accepted by the `dbnamelint: ignore[DBN025]` comment the change adds",
                EDITED_STEP_CODE,
            )
        ]
    return [
        Diagnostic(
            Location(shown, line, 1),
            Severity.ERROR,
            message + " (or, reviewed by hand, accept it with a `// dbnamelint: "
            "ignore[DBN025] <reason>` comment in the file)",
            EDITED_STEP_CODE,
        )
    ]


def _php_tool(rel: str, text: str) -> tuple[str, str]:
    """The tool running PHP migration ``text`` (Laravel, else Doctrine) and how
    it records one as applied."""
    from dbnamelint.laravel_schema import is_laravel_migration

    if is_laravel_migration(rel, text):
        return "Laravel", "Laravel records it as applied by its file name"
    return "Doctrine", "doctrine/migrations records it as applied by its version (its class)"


def _unrun_edit(rel: str, shown: str, before: str, now: str, ref: str) -> list[Diagnostic]:
    """An info ``DBN025`` note for an applied Laravel migration whose only
    edit lies after an unconditional ``return;`` of ``up()`` (or a method it
    calls), which never runs (s38 G3); [] for none."""
    from dbnamelint.laravel_schema import forward_code

    was, is_now = forward_code(rel, before, unrun=True), forward_code(rel, now, unrun=True)
    if was is None or is_now is None or [t for t, _ in was] == [t for t, _ in is_now]:
        return []
    old, new = [t for t, _ in was], [t for t, _ in is_now]
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    at = min(len(old), len(new)) if at is None else at
    offset = is_now[min(at, len(is_now) - 1)][1] if is_now else 0
    return [
        Diagnostic(
            Location(shown, now.count("\n", 0, offset) + 1, 1),
            Severity.INFO,
            f"this {_php_tool(rel, now)[0]} migration was committed at {ref} and this "
            "change edits only code "
            "after an unconditional return; in up(), which never runs: nothing any database "
            "ran changed (the edit is dead code)",
            EDITED_STEP_CODE,
        )
    ]


def _edited_alembic(rel: str, shown: str, before: str, now: str, ref: str) -> Diagnostic | None:
    """``DBN025`` for an applied Alembic revision whose forward code
    (:func:`dbnamelint.alembic_forward.first_edit`) the change edits where no
    DDL string the gate reads changed: its ``revision`` id or
    ``down_revision`` (history itself), or ``upgrade()``'s code, such as a
    call of an imported helper (trial s36 superset). Accepted (an info note)
    by a ``# dbnamelint: ignore[DBN025] <reason>`` comment the change adds."""
    from dbnamelint.alembic_forward import first_edit
    from dbnamelint.code_migrations import code_migration_kind
    from dbnamelint.impact.migration_code import is_alembic_revision

    django = code_migration_kind(rel, before) == "django" == code_migration_kind(rel, now)
    if not django and not (is_alembic_revision(rel, before) and is_alembic_revision(rel, now)):
        return None
    edit = first_edit(before, now, django)
    if edit is None:
        unrun = first_edit(before, now, django, unrun=True)
        if unrun is None:
            return None
        # only code after an unconditional return/raise changed (s38 G3)
        tool = "Django migration" if django else "Alembic revision"
        return Diagnostic(
            Location(shown, unrun[0], 1),
            Severity.INFO,
            f"this {tool} was committed at {ref} and this change edits only code after an "
            "unconditional return or raise, which never runs: nothing any database ran "
            "changed (the edit is dead code)",
            EDITED_STEP_CODE,
        )
    line, history = edit
    if django:
        # (session 37 D1: a RunPython function's body, a constant it reads)
        what = (
            f"edits code it runs forward (first at line {line}, in code dbnamelint may not "
            "read as DDL: RunPython code, a helper's call, a computed name): Django records "
            "it as applied by its app and name, so every database that ran it keeps what it "
            "made and only a new one runs the edited code"
        )
    elif history == "revision":
        what = (
            "edits its `revision` id, which alembic_version records for every database "
            'that ran it (Alembic then fails there: "Can\'t locate revision") and which '
            "the next revision's down_revision names"
        )
    elif history:
        what = (
            f"edits its `{history}`, its place in history: a database built from now on "
            "may run it in another order than the ones that ran it"
        )
    else:
        what = (
            f"edits its upgrade code (first at line {line}, in code dbnamelint may not read "
            "as DDL: a helper's call, a loop, a computed name): Alembic records it as "
            "applied by its revision id, so every database that ran it keeps what it made "
            "and only a new one runs the edited code"
        )
    tool = "Django migration" if django else "Alembic revision"
    message = (
        f"this {tool} was committed at {ref} and this change {what}: restore it "
        f"and write the change as a new {'migration' if django else 'revision'}"
    )
    if accepts(now, _EDIT_ACCEPTED) and not accepts(before, _EDIT_ACCEPTED):
        return Diagnostic(
            Location(shown, line, 1),
            Severity.INFO,
            message + "; accepted by the `dbnamelint: ignore[DBN025]` comment the change adds",
            EDITED_STEP_CODE,
        )
    return Diagnostic(
        Location(shown, line, 1),
        Severity.ERROR,
        message + " (or, reviewed by hand, accept it with a `# dbnamelint: ignore[DBN025] "
        "<reason>` comment in the file)",
        EDITED_STEP_CODE,
    )


def _deleted_at(string: DdlString, now: Sequence[str]) -> int:
    """The file offset of the line of ``string`` (a DDL string of the base)
    where the text the change took out of it starts: against the most like
    string of ``now``, the first span it deletes or replaces (trial s34
    listmonk: the deleted ``ALTER TABLE users ADD COLUMN ... twofa_key``,
    not the ``DO $$`` block that starts the string). The string's start when
    its text is not its file text (escapes, pieces) or no string is like it."""
    (a, b), text = string.pieces[0], string.text
    if len(string.pieces) != 1 or b - a != len(text) or not now:
        return string.start
    like = max(now, key=lambda t: difflib.SequenceMatcher(None, text, t, autojunk=False).ratio())
    matcher = difflib.SequenceMatcher(None, text, like, autojunk=False)
    for tag, i0, _i1, _j0, _j1 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            return a + text.rfind("\n", 0, i0) + 1
    return string.start


def _first_changed_line(string: DdlString, before: str, now: str) -> int | None:
    """The 0-based line of ``before`` in ``string``'s span (a DDL string of
    the base) that the change first rewrote or took out, compared line by
    line, where a character diff of a builder chain's SQL (laid out at its
    names' places) may pair a renamed name with another's letters; else None."""
    first, last = before.count("\n", 0, string.start), before.count("\n", 0, string.end)
    matcher = difflib.SequenceMatcher(None, before.splitlines(), now.splitlines(), autojunk=False)
    for tag, a0, a1, _b0, _b1 in matcher.get_opcodes():
        if tag in ("delete", "replace") and a0 <= last and a1 > first:
            return max(a0, first)
    return None


def _deleted_text(string: DdlString, at: int) -> str:
    """``string``'s text from file offset ``at`` (:func:`_deleted_at`) on."""
    return string.text[max(at - string.start, 0) :]


def _package_lists(
    repo: Path,
    cwd: Path,
    base: tuple[str, bool],
    current: Evaluation,
    statuses: Sequence[tuple[str, str]],
    listed: Sequence[tuple[str, str, str | None]],
) -> list[tuple[str, str, str | None]]:
    """(path, text at the base, text now) of each Go migration list the
    model reads that the change leaves as it was while it edits another
    ``.go`` file of its package: a helper or constant an applied step takes
    from there changes what the step runs (``DBN025``). ``base``: the base
    commit, and whether the change is the index."""
    commit, staged = base
    folders = {
        r.rpartition("/")[0]
        for st, r in statuses
        if r.endswith(".go") and not r.endswith("_test.go") and st in ("A", "M", "D")
    }
    if not folders:
        return []
    changed = {r for _, r in statuses}
    done = {r for r, _, _ in listed}
    out: list[tuple[str, str, str | None]] = []
    for source in current.loaded.files:
        if not source.path.lower().endswith(".go"):
            continue
        rel = relative_to_repo(repo, Path(os.path.realpath(cwd / source.path)))
        if rel is None or rel in changed or rel in done or rel.rpartition("/")[0] not in folders:
            continue
        was = show_bytes(repo, commit, rel)
        if was is None or not may_hold_list(code_text(was)):
            continue
        now = now_bytes(repo, rel, staged)
        out.append((rel, code_text(was), code_text(now) if now is not None else None))
    return out


def package_pair(
    repo: Path,
    commit: str,
    rel: str,
    changed: dict[str, str],
    now_of: Callable[[str], str | None],
) -> tuple[Callable[[], str], Callable[[], str]]:
    """The text of the other ``.go`` files (tests aside) of the package of
    ``rel`` at ``commit`` and now, each read when called: those ``changed``
    (path -> git status) read by ``now_of``, the rest as committed."""
    from dbnamelint.gitutil import tree_names

    folder = rel.rpartition("/")[0]
    prefix = folder + "/" if folder else ""
    held: dict[str, list[str]] = {}

    def committed() -> list[str]:
        if "names" not in held:
            names = tree_names(repo, commit).decode("utf-8", "surrogateescape").split("\0")
            held["names"] = [
                n
                for n in names
                if n.startswith(prefix)
                and "/" not in n[len(prefix) :]
                and n.endswith(".go")
                and not n.endswith("_test.go")
                and n != rel
            ]
            read_ahead(repo, commit, held["names"])
        return held["names"]

    def before() -> str:
        texts = [show_bytes(repo, commit, n) for n in committed()]
        return "\n".join(code_text(t) for t in texts if t is not None)

    def now() -> str:
        added = [
            r
            for r, st in changed.items()
            if st == "A" and r.startswith(prefix) and "/" not in r[len(prefix) :]
            and r.endswith(".go") and not r.endswith("_test.go") and r != rel
        ]  # fmt: skip
        texts: list[str] = []
        for name in sorted({*committed(), *added}):
            if name not in changed:
                data = show_bytes(repo, commit, name)
                texts.append(code_text(data) if data is not None else "")
            elif changed[name] != "D":
                texts.append(now_of(name) or "")
        return "\n".join(texts)

    return before, now


def list_history(
    rel: str,
    shown: str,
    before: str,
    now: str | None,
    ref: str,
    edited: Collection[int],
    packages: tuple[Callable[[], str], Callable[[], str]] | None = None,
) -> list[Diagnostic]:
    """``DBN025`` for each step of a Go migration list committed at the base
    (``before``) that ``now`` (None: the file deleted) no longer holds at its
    position: removed, moved, rewritten, or pushed down by a step inserted
    before it. miniflux's runner applies ``migrations[version]`` for each
    version above the count ``schema_version`` holds (``internal/database/
    database.go``), dex's likewise: a database that ran the list runs only
    the steps past its count, so a step moved or inserted in the middle is
    never run there, or runs twice (trial s33 miniflux: a step inserted
    before the last one, then ``pq: column "language" of relation "feeds"
    already exists``), and one removed or rewritten leaves what it made
    (trial s33: ``CREATE TABLE acme_cache`` replaced by ``SELECT 1``, then
    ``whitelist prune`` dropped its entry). A step is its SQL strings (their
    text, blanks collapsed): Go code, comments and layout may change. A step
    the change edits whose ``DBN025`` the edited string says already
    (``edited``: offsets in ``now``) is not said twice; steps appended at the
    list's end are new. ``packages``: the text of the package's other
    ``.go`` files at the base and now, where a step's helpers and constants
    may live (session 36); the list's file alone when not given."""
    from dbnamelint.go_list_sql import list_strings
    from dbnamelint.impact.migration_lists import list_steps, migration_lists

    lists_before = migration_lists(rel, before)
    if not lists_before:
        return []
    head = f"this step of a Go migration list was committed at {ref} as step"
    tail = (
        "the list's runner applies its steps by position (a database runs only those past "
        "the count it recorded), so every database that ran it keeps what it made and "
        "skips or re-runs the steps that moved, while a new one runs the list as it is "
        "now: restore the list as it was and add the change as a new step at its end"
    )
    if now is None:
        return [
            Diagnostic(
                Location(shown, 1, 1),
                Severity.ERROR,
                f"this Go migration list was committed at {ref} and this change deletes it: "
                + tail,
                EDITED_STEP_CODE,
            )
        ]
    lists_now = migration_lists(rel, now)
    # a step's call of a helper of the list's file its arguments complete is
    # the SQL the call makes (dbnamelint.go_helper_ddl): an applied step's
    # argument edited is an edit (the package read alike on both sides), and so
    # is one of a helper or constant in another file of the package (session 36)
    old_package = (lambda: before + "\n" + packages[0]()) if packages else (lambda: before)
    new_package = (lambda: now + "\n" + packages[1]()) if packages else (lambda: now)
    old_strings = _with_bound_calls(
        rel, before, lists_before, list_strings(rel, before), old_package
    )
    new_strings = _with_bound_calls(rel, now, lists_now, list_strings(rel, now), new_package)
    index = LineIndex(now)
    out: list[Diagnostic] = []
    for n, span in enumerate(lists_before):
        steps_before = list_steps(before, span)
        steps_now = list_steps(now, lists_now[n]) if n < len(lists_now) else []
        keys_before = _step_keys(before, steps_before, old_strings)
        keys_now = _step_keys(now, steps_now, new_strings)
        if keys_before is not None and keys_now is not None:
            out += _keyed_history(
                shown, index, (before, steps_before, keys_before, old_strings),
                (now, steps_now, keys_now, new_strings), head, tail, edited,
            )  # fmt: skip
            out += _inserted_below(shown, index, (before, steps_before), (now, steps_now), ref)
            continue
        out += _positional_history(
            shown, index, (steps_before, old_strings), (steps_now, new_strings), ref, edited,
            lists_now[n][1] - 1 if n < len(lists_now) else 0, (before, now),
        )  # fmt: skip
    return out


#: What a positional list's runner does, for the messages of :func:`_positional_history`.
_BY_POSITION = (
    "the list's runner applies its steps by position (a database runs only those past "
    "the count it recorded)"
)


def _positional_history(
    shown: str,
    index: LineIndex,
    before: tuple[Sequence[tuple[int, int]], Sequence[DdlString]],
    now: tuple[Sequence[tuple[int, int]], Sequence[DdlString]],
    ref: str,
    edited: Collection[int],
    end: int,
    index_texts: tuple[str, str],
) -> list[Diagnostic]:
    """:func:`list_history` for a list applied by position: one ``DBN025``
    per thing the change did (:func:`~dbnamelint.services.list_positions.
    position_changes`): a run of steps inserted before a committed one, at
    the first of them, with the line to move them to; a run deleted, where
    it stood; a step moved or rewritten, at it. The committed steps only
    pushed along are counted in that one message, not each reported (trial
    confirm35 B2: one step inserted before step 4 of miniflux's list gave
    129 errors, each naming the step that used to stand there). ``end``:
    the offset of the list's closing brace now; ``index_texts``: the file's
    text at the base and now."""
    from dbnamelint.services.list_positions import Deleted, Inserted, Moved, position_changes

    steps_before, old_strings = before
    steps_now, new_strings = now
    text_before, text_now = index_texts
    was = [_step_identity(text_before, span, old_strings) for span in steps_before]
    has = [_step_identity(text_now, span, new_strings) for span in steps_now]
    total = len(steps_before)
    last_line = index.line_col(steps_now[-1][1] - 1)[0] if steps_now else 1
    out: list[Diagnostic] = []
    for change in position_changes(was, has):
        if isinstance(change, Inserted):
            at = steps_now[change.now][0]
            one = change.count == 1
            these = "this step" if one else f"these {change.count} steps"
            message = (
                f"{these} of a Go migration list {'is' if one else 'are'} new since {ref} and "
                f"{'stands' if one else 'stand'} before committed step {change.before + 1} of "
                f"{total} ({_shown_step(was[change.before])}): {_BY_POSITION}, so "
                f"{_steps(change.shifted)} committed after {'it' if one else 'them'} "
                f"{'shifts' if change.shifted == 1 else 'shift'} "
                f"{'one position' if one else f'{change.count} positions'} down: a database "
                f"that ran the list never runs {these} and runs an applied step again, while "
                f"a new one runs the list as it is now: move {these} to the list's end, after "
                f"its last step (line {last_line})"
            )
        elif isinstance(change, Deleted):
            at = steps_now[change.now][0] if change.now < len(steps_now) else max(end, 0)
            first, count = change.step, change.count
            what = (
                f"step {first + 1} ({_shown_step(was[first])})"
                if count == 1
                else f"steps {first + 1} to {first + count} ({_shown_step(was[first])}...)"
            )
            moved_up = (
                f"; {_steps(change.shifted)} committed after {'it' if count == 1 else 'them'} "
                f"{'shifts' if change.shifted == 1 else 'shift'} {count} "
                f"position{'s' * (count != 1)} up"
                if change.shifted
                else ""
            )
            message = (
                f"this Go migration list was committed at {ref} with {what} here, and this "
                f"change deletes {'it' if count == 1 else 'them'} (the list has "
                f"{_steps(len(steps_now))} now, {total} at {ref}): {_BY_POSITION}, so every "
                f"database that ran {'it' if count == 1 else 'them'} keeps what "
                f"{'it' if count == 1 else 'they'} made{moved_up}, and one that ran part of "
                "the list skips or re-runs the steps that moved: restore the list as it was "
                "and add the change as a new step at its end"
            )
        else:
            c, d = steps_now[change.now]
            if isinstance(change, Moved):
                what = f"moves it to position {change.now + 1}"
            elif any(c <= o < d for o in edited):
                continue  # the edited string's DBN025
            else:
                what = "removes or rewrites its SQL"
            at = c
            message = (
                f"this step of a Go migration list was committed at {ref} as step "
                f"{change.step + 1} ({_shown_step(was[change.step])}), and this change "
                f"{what}: {_BY_POSITION}, so every database that ran it keeps what it made "
                "and skips or re-runs the steps that moved, while a new one runs the list as "
                "it is now: restore the list as it was and add the change as a new step at "
                "its end"
            )
        line, column = index.line_col(at)
        out.append(
            Diagnostic(Location(shown, line, column), Severity.ERROR, message, EDITED_STEP_CODE)
        )
    return out


#: A Go identifier, maybe qualified (``migrations.addLikes``).
_GO_NAME = lazy_compile(r"[A-Za-z_][\w.]*")


def _step_identity(
    text: str, span: tuple[int, int], strings: Sequence[DdlString]
) -> tuple[str, ...]:
    """What tells a positional list's step from the others: its SQL strings;
    for a step with none that names its function (WriteFreely's
    ``New("support likes", supportLikes)``: every step read "no SQL", so one
    inserted in the middle matched, trial s39), the names it calls, its
    label's words left out (a label edited is no edit of what runs)."""
    a, b = span
    keys = tuple(s.key() for s in strings if a <= s.start < b)
    code = text[a:b]
    if keys or "func" in code:
        return keys
    bare = _GO_ANY_STRING.sub("", _GO_COMMENT.sub("", code))
    names = _GO_NAME.findall(bare)
    return (f"runs {' '.join(names[1:] or names)}",) if names else ()


def _steps(count: int) -> str:
    """``count`` steps, in the singular for one."""
    return f"{count} step{'s' * (count != 1)}"


#: A Go string literal (interpreted; a raw one is a step's SQL).
_GO_STRING = lazy_compile(r'"(?:[^"\\\n]|\\.)*"')
#: Any Go string literal, raw or interpreted.
_GO_ANY_STRING = lazy_compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`')
#: A Go comment.
_GO_COMMENT = lazy_compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)


def _python_calls(text: str, repo: Path) -> list[DdlString]:
    """:func:`dbnamelint.python_helper_ddl.python_helper_calls` of ``text``, the
    project's modules read from the working tree under ``repo``."""
    from dbnamelint.python_helper_ddl import python_helper_calls

    def read(path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        except OSError:
            return None

    return python_helper_calls(text, repo, read)


def _ecto_calls(text: str, repo: Path, family: str) -> list[DdlString]:
    """:func:`dbnamelint.ecto_helper_ddl.ecto_helper_calls` of ``text``, the
    project's modules read from the working tree under ``repo``."""
    from dbnamelint.ecto_helper_ddl import ecto_helper_calls

    def read(path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        except OSError:
            return None

    return ecto_helper_calls(text, repo, read, family)


def _imported_calls(
    rel: str, text: str, package: Callable[[], str], folder: Path | None
) -> list[DdlString]:
    """The statements ``text``'s calls of the module's other packages' DDL
    helpers make (``schemautil.RenameTable(ctx, tx, t, "CrossPkg")``: trial
    s40 authelia, :func:`dbnamelint.go_helper_ddl.qualified_helper_calls`)."""
    if folder is None or "." not in text:
        return []
    from dbnamelint.go_helper_ddl import qualified_helper_calls
    from dbnamelint.go_imports import imported_folders, package_files
    from dbnamelint.go_list_sql import _statement

    imported: dict[str, str] = {}
    for alias, other in imported_folders(folder / Path(rel).name, text).items():
        if other == folder:
            continue
        texts = []
        for path in package_files(other):
            try:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
        imported[alias] = "\n".join(texts)
    if not imported:
        return []
    return qualified_helper_calls(rel, text, package(), imported, _statement)


def _with_bound_calls(
    rel: str,
    text: str,
    lists: list[tuple[int, int]],
    strings: list[DdlString],
    package: Callable[[], str],
    folder: Path | None = None,
) -> list[DdlString]:
    """``strings`` with the statements each list step's Sprintf of a
    package constant and helper call makes, bound
    (:func:`dbnamelint.go_helper_ddl.helper_calls`; ``package``: the text of
    the package, ``text`` first), the helpers' own strings left out."""
    from dbnamelint.go_helper_ddl import helper_calls
    from dbnamelint.go_list_sql import _statement

    held: list[str] = []

    def pkg() -> str:
        if not held:
            # ``text`` first: a helper of this file is found there, its span in it
            held.append(text + "\n" + package())
        return held[0]

    strings = with_filled_formats(text, strings, pkg)
    if "(" not in text:
        return strings
    called, spans = helper_calls(rel, text, lists, pkg(), _statement)
    called += _imported_calls(rel, text, pkg, folder)
    if not called:
        return strings
    kept = [s for s in strings if not any(a <= s.start < b for a, b in spans)]
    return sorted([*kept, *called], key=lambda s: s.start)


def _step_keys(
    text: str, steps: Sequence[tuple[int, int]], strings: Sequence[DdlString]
) -> list[str] | None:
    """Each step's own key when every step of a list names itself by the
    strings before its SQL and its code (photoprism's ``{ID: "20211121-...",
    ...}``, shiori's ``newFuncMigration("0.1.0", "0.2.0", func...)``: runners
    that record a step by that name or version, not its position), one key
    per step, all different (strings holding blanks, labels in words, left
    out); else None (miniflux's, dex's and WriteFreely's lists: positional)."""
    if not steps:
        return None
    keys: list[str] = []
    for a, b in steps:
        first_sql = min((s.start - 1 for s in strings if a <= s.start < b), default=b)
        code = text.find("func", a, b)
        stop = min(first_sql, code if code >= 0 else b)
        # a label in words (WriteFreely's `New("support post likes", fn)`) is
        # no name a runner records: its list is positional (trial s39)
        found = [m.group() for m in _GO_STRING.finditer(text, a, stop)]
        named = [f for f in found if not any(c.isspace() for c in f)]
        if not named:
            return None
        keys.append(" ".join(named))
    return keys if len(set(keys)) == len(keys) else None


def _step_content(text: str, span: tuple[int, int], strings: Sequence[DdlString]) -> list[str]:
    """What a step runs: its SQL strings, and the function a versioned step
    names (listmonk's ``{"v6.1.0", migrations.V6_1_0}``: another function
    under the same version is another step)."""
    from dbnamelint.impact.migration_lists import step_function

    a, b = span
    function = step_function(text, span)
    return [s.key() for s in strings if a <= s.start < b] + ([function] if function else [])


def _keyed_history(
    shown: str,
    index: LineIndex,
    before: tuple[str, Sequence[tuple[int, int]], Sequence[str], Sequence[DdlString]],
    now: tuple[str, Sequence[tuple[int, int]], Sequence[str], Sequence[DdlString]],
    head: str,
    tail: str,
    edited: Collection[int],
) -> list[Diagnostic]:
    """:func:`list_history` for a list whose steps have keys
    (:func:`_step_keys`): a step is matched by its key, so one inserted
    anywhere is new; a step whose key is gone, or whose SQL (or the function
    it names) changed, is the edit."""
    from dbnamelint.impact.migration_lists import step_function

    text_before, steps_before, keys_before, old_strings = before
    text_now, steps_now, keys_now, new_strings = now
    where = dict(zip(keys_now, steps_now, strict=True))
    out: list[Diagnostic] = []
    for n, (key, span_before) in enumerate(zip(keys_before, steps_before, strict=True)):
        was = _step_content(text_before, span_before, old_strings)
        span = where.get(key)
        if span is not None:
            c, d = span
            if _step_content(text_now, span, new_strings) == was or any(
                c <= at < d for at in edited
            ):
                continue
        # a deleted step: where it stood, before the next committed step still there
        after = next((where[k] for k in keys_before[n + 1 :] if k in where), None)
        at = span or after or (steps_now[-1] if steps_now else None)
        line, column = index.line_col(at[0]) if at is not None else (1, 1)
        what = (
            "deletes it"
            if span is None
            else "removes or rewrites its SQL"
            if len(was) != 1 or was[0] != step_function(text_before, span_before)
            else "makes it run another function"
        )
        out.append(
            Diagnostic(
                Location(shown, line, column),
                Severity.ERROR,
                f"{head.replace(' as step', '')} as {key} ({_shown_step(was)}), and this "
                f"change {what}: every database that ran it keeps what it made, a new one "
                "runs the step as it is now: restore it and add the change as a new step",
                EDITED_STEP_CODE,
            )
        )
    return out


def _inserted_below(
    shown: str,
    index: LineIndex,
    before: tuple[str, Sequence[tuple[int, int]]],
    now: tuple[str, Sequence[tuple[int, int]]],
    ref: str,
) -> list[Diagnostic]:
    """``DBN016`` at each new step of a list of versioned steps whose version
    sorts below the highest version committed at the base: listmonk's runner
    (``getPendingMigrations``) runs the steps above the last version a
    database recorded, so one slotted below it never runs there, while a new
    database runs it (trial s34: ``{"v6.1.5", ...}`` before the applied
    ``v6.2.0``)."""
    from dbnamelint.impact.migration_lists import step_version, version_key

    text_before, steps_before = before
    text_now, steps_now = now
    versions = [step_version(text_before, span) for span in steps_before]
    if not versions or None in versions:
        return []
    committed = {v for v in versions if v is not None}
    highest = max(committed, key=version_key)
    out: list[Diagnostic] = []
    for span in steps_now:
        version = step_version(text_now, span)
        if version is None or version in committed:
            continue
        if version_key(version) < version_key(highest):
            line, column = index.line_col(span[0])
            out.append(
                Diagnostic(
                    Location(shown, line, column),
                    Severity.ERROR,
                    f"this step's version {version} is new since {ref} and sorts below "
                    f"{highest}, committed there: a runner of versioned steps runs those "
                    f"above the last version a database recorded, so one at {highest} "
                    f"never runs it, while a new one does: give it a version above {highest}",
                    OUT_OF_ORDER_CODE,
                )
            )
    return out


def _shown_step(keys: Sequence[str]) -> str:
    """A step's SQL as a message shows it: its first string, cut."""
    if not keys:
        return "no SQL"
    first = keys[0]
    return first[:60] + "..." * (len(first) > 60 or len(keys) > 1)


def _line_now(before: str, now: str, index: int) -> int:
    """The 1-based line of ``now`` where line ``index`` (0-based) of
    ``before`` was, or the nearest line after it."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), now.splitlines(), autojunk=False)
    last = max(len(now.splitlines()) - 1, 0)
    for _tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if a0 <= index < a1:
            return min(b0 + (index - a0 if b1 - b0 == a1 - a0 else 0), last) + 1
    return 1


def _shown(repo: Path, cwd: Path, rel: str) -> str:
    return Path(os.path.relpath(repo / rel, cwd)).as_posix()


def _added_text(repo: Path, staged: bool) -> Callable[[str], str | None]:
    """An added file's text as the change has it (:func:`_now_bytes`)."""

    def read(rel: str) -> str | None:
        data = now_bytes(repo, rel, staged)
        return code_text(data) if data is not None else None

    return read


def _go_package(repo: Path, rel: str) -> Callable[[], str]:
    """The text of the Go package of ``rel`` (its folder's ``.go`` files in
    the working tree, tests aside), read when called."""

    def read() -> str:
        folder = (repo / rel).parent
        texts = []
        for path in sorted(folder.glob("*.go")):
            if not path.name.endswith("_test.go"):
                try:
                    texts.append(path.read_text(encoding="utf-8", errors="replace"))
                except OSError:
                    continue
        return "\n".join(texts)

    return read


def _added(
    rel: str, before: str, now: str, strings: list[DdlString], repo: Path | None = None
) -> list[DdlString]:
    """The ``strings`` of ``now`` on lines the change added (against
    ``before``) whose text ``before`` did not hold (a string moved is not new)."""
    old = ddl_strings(rel, before)
    old_keys = {s.key() for s in old}
    if repo is not None and rel.endswith(".go") and before:
        old_keys |= {s.key() for s in format_ddl_strings(before, _go_package(repo, rel), old)}
    old_lines, new_lines = before.splitlines(), now.splitlines()
    added: set[int] = set()  # 0-based line indexes of now
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, _a0, _a1, b0, b1 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            added.update(range(b0, b1))
    out: list[DdlString] = []
    for string in strings:
        first = now.count("\n", 0, string.start)
        last = first + now.count("\n", string.start, string.end)
        if any(line in added for line in range(first, last + 1)) and string.key() not in old_keys:
            out.append(string)
    if out and repo is not None and rel.endswith(".py") and "(" in before:
        made = {s.key() for s in _python_calls(before, repo)}  # moved: not new
        out = [s for s in out if s.key() not in made]
    if out and repo is not None and rel.endswith(".go") and "(" in before:
        # a helper's call the base made already (moved) is not new
        from dbnamelint.go_helper_ddl import helper_calls
        from dbnamelint.go_list_sql import _statement

        whole = before + "\n" + _go_package(repo, rel)()
        calls, _spans = helper_calls(rel, before, [(0, len(before))], whole, _statement)
        made = {s.key() for s in calls}
        out = [s for s in out if s.key() not in made]
    return out


#: Knex's, Sequelize's (Umzug's), db-migrate's and node-pg-migrate's ``up``.
_JS_UP = lazy_compile(
    r"\bexports\.up\s*=|\bmodule\.exports\s*=\s*\{\s*(?:async\s+)?up\b"
    r"|\bexport\s+(?:async\s+)?function\s+up\s*\(|\bexport\s+(?:const|let|var)\s+up\b"
)
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
#: A Kysely migration: it imports Kysely (``from 'kysely'``, ``Kysely<any>``).
_KYSELY = lazy_compile(r"""\bfrom\s+['"]kysely['"]|\brequire\(\s*['"]kysely['"]|\bKysely<""")
#: An Ecto migration (``use Ecto.Migration``) and a Rails one (``< ActiveRecord::Migration``).
_ECTO_USE = lazy_compile(r"\buse\s+Ecto\.Migration\b")
_RAILS_CLASS = lazy_compile(r"<\s*ActiveRecord::Migration\b")


def _recorded_name(rel: str, text: str) -> tuple[str, str] | None:
    """(What the tool of code migration ``rel`` holding ``text`` records an
    applied migration by, the name it records for ``rel``) when that record
    is the file's name or the version it starts with, else None (a version
    or id written in the file: goose, Alembic's ``revision``, TypeORM's class,
    Phinx's version).

    - Laravel: the ``migrations`` table's ``migration`` column holds
      ``Migrator::getMigrationName``: ``str_replace('.php', '',
      basename($path))`` (illuminate/database ``Migrations/Migrator.php``);
    - Kysely: ``kysely_migration.name``, the file's name without its
      extension (``FileMigrationProvider``: ``fileName.substring(0,
      fileName.lastIndexOf('.'))``);
    - Knex (``knex_migrations.name``), Sequelize/Umzug (``SequelizeMeta.name``),
      db-migrate and node-pg-migrate: the file's name;
    - Django: ``django_migrations`` (app, name), the name the module's,
      the app the package holding its ``migrations`` folder;
    - Ecto and Rails: ``schema_migrations.version``, the number the file's
      name starts with (ecto_sql ``Ecto.Migrator``'s ``extract_migration_info``;
      ActiveRecord's ``MigrationFilenameRegexp``): a ``git mv`` to a new
      timestamp runs the migration again (trial s40 papercups).
    """
    from dbnamelint.django_vendor import is_django_migration
    from dbnamelint.laravel_schema import is_laravel_migration

    folder, _, name = rel.rpartition("/")
    lowered = name.lower()
    head = text[:20_000]
    if lowered.endswith(".php") and is_laravel_migration(rel, text):
        return (
            "Laravel records an applied migration by its file name (the migrations table's "
            "migration column: the name without .php)",
            name[:-4],
        )
    if lowered.endswith(_JS_SUFFIXES) and _JS_UP.search(head) and _KYSELY.search(head):
        return (
            "Kysely records an applied migration by its file name without the extension "
            "(the kysely_migration table's name; FileMigrationProvider)",
            name[: name.rfind(".")],
        )
    if lowered.endswith(_JS_SUFFIXES) and _JS_UP.search(head):
        return (
            "the tool (Knex's knex_migrations, Sequelize's SequelizeMeta, db-migrate, "
            "node-pg-migrate) records an applied migration by its file name",
            name,
        )
    if is_django_migration(rel, text):
        app = folder.rpartition("/")[0].rpartition("/")[2]
        return (
            "Django records an applied migration by its app and module name (django_migrations)",
            f"{app}.{name[:-3]}",
        )
    version = _VERSIONED.match(name)
    if version is not None and lowered.endswith(".exs") and _ECTO_USE.search(head):
        # Ecto.Migrator's extract_migration_info: Integer.parse of the file's name
        return (
            "Ecto records an applied migration by the version its file name starts with "
            "(schema_migrations.version)",
            str(int(version.group("version"))),
        )
    if version is not None and lowered.endswith(".rb") and _RAILS_CLASS.search(head):
        # ActiveRecord::Migration::MigrationFilenameRegexp's version, to_i
        return (
            "Rails records an applied migration by the version its file name starts with "
            "(schema_migrations.version)",
            str(int(version.group("version"))),
        )
    return None


def _doctrine_version_changed(
    rel: str, before: str, now: str | None, ref: str, shown: str | None = None
) -> tuple[int, str] | None:
    """(Offset in ``now`` of its class's name, the ``DBN025`` message) when
    committed Doctrine migration ``rel`` (its text ``before``), now ``now``
    (at ``shown`` when moved there), is recorded under another version:
    doctrine/migrations records an applied one by its class's full name, not
    its file's (trial s39 wallabag: ``git mv`` of a migration with its class
    renamed passed the gate); None when it keeps it (a file moved, its class
    kept, is the same migration)."""
    if now is None or not rel.lower().endswith(".php"):
        return None  # (before the import: a hook run without PHP never loads it)
    from dbnamelint.doctrine_schema import is_doctrine_migration, version_of

    if not is_doctrine_migration(rel, before):
        return None
    was, is_now = version_of(before), version_of(now)
    if was is None or (is_now is not None and is_now[0] == was[0]):
        return None
    new = "no class" if is_now is None else is_now[0]
    where = f"renames it to {shown} and " if shown is not None else ""
    return (
        0 if is_now is None else is_now[1],
        f"this code migration was committed at {ref} and this change {where}records it "
        f"under another version, {new} (was {was[0]}): doctrine/migrations records an "
        "applied migration by its class's full name (doctrine_migration_versions), so every "
        "database that ran it finds no record of the new version and runs it again (what "
        "it creates exists there: the run fails, or makes it twice), while the old version "
        "is listed as executed but unavailable: restore the class's name and write any "
        "change as a new migration",
    )


def _renamed_by_name(
    rel: str, before: str, moved: str, shown: str, ref: str, moved_text: str | None = None
) -> str | None:
    """The ``DBN025`` message when committed code migration ``rel`` (its text
    ``before``), moved to ``moved``, is no longer the applied one to its
    tool (``shown``: ``moved`` as the run shows paths): the tool records
    migrations by file name (:func:`_recorded_name`)
    and the name changed (trial s30 firefly-iii: ``git mv`` of a Laravel
    migration to a 2026 name; every database ran it again, PostgreSQL said
    ``column "archived_at" of relation ... already exists``). Else None: the
    code still runs as the applied one (a version kept, a runner's list).
    A Doctrine migration is recorded by its class (``moved_text``'s):
    :func:`_doctrine_version_changed`."""
    doctrine = _doctrine_version_changed(rel, before, moved_text, ref, shown)
    if doctrine is not None:
        return doctrine[1]
    recorded = _recorded_name(rel, before)
    if recorded is None:
        return None
    how, old_name = recorded
    new_name = _recorded_name(moved, before)
    if new_name is not None and new_name[1] == old_name:
        return None
    if how.startswith("Kysely"):
        # Migrator#ensureNoMissingMigrations (migration/migrator.js): an executed
        # migration missing from the files is an error, nothing runs
        return (
            f"this code migration was committed at {ref} and this change renames it to "
            f"{shown}: {how}, so on every database that ran it the migrator finds the old "
            f'name missing and refuses to run ("corrupted migrations: previously executed '
            f'migration {old_name} is missing"): restore the name and write any change '
            "as a new migration"
        )
    return (
        f"this code migration was committed at {ref} and this change renames it to "
        f"{shown}: {how}, so every database that ran it finds no record of the new "
        "name and runs it again (what it creates exists there: the run fails, or makes it "
        "twice), while the old name's record stays: restore the name and write any change "
        "as a new migration"
    )


def is_code_migration(rel: str, text: str) -> bool:
    """Whether code file ``rel`` (repository path) holding ``text`` is one
    migration of a tool, applied history (:func:`dbnamelint.impact.history.is_migration`:
    a Django or Alembic revision, a Knex or TypeORM migration, a hand-rolled
    runner's ``migrations/zz_migration.0001_x.go``)."""
    from dbnamelint.impact.history import is_migration
    from dbnamelint.impact.migration_code import CODE_HEAD_CHARS

    return is_migration(rel, text[:CODE_HEAD_CHARS])


def _edited_steps(rel: str, before: str, now: str, fresh: list[DdlString]) -> set[int]:
    """Starts of the ``fresh`` strings of ``now`` that are edits of a step of
    a Go migration list (:mod:`~dbnamelint.impact.migration_lists`) the base
    held: inside a list now, and like (difflib ratio 0.6 or more) a string of
    a list at the base that ``now`` no longer holds. A step appended is none.
    In a code migration the base held (:func:`is_code_migration`), every
    fresh string is an edit: the migration has run, a string added to it never will."""
    from dbnamelint.impact.migration_lists import migration_lists

    if before and is_code_migration(rel, now) and is_code_migration(rel, before):
        if is_js(rel):  # a builder chain is one string: said where it was edited
            return {_first_new_line(before, now, string) for string in fresh}
        return {string.start for string in fresh}
    lists_now = migration_lists(rel, now)
    lists_before = migration_lists(rel, before)
    if not lists_now or not lists_before:
        return set()
    kept = {s.key() for s in ddl_strings(rel, now)}
    gone = [
        s.key()
        for s in ddl_strings(rel, before)
        if s.key() not in kept and any(a <= s.start < b for a, b in lists_before)
    ]
    if not gone:
        return set()
    new_steps = _new_steps(rel, before, now, lists_before, lists_now)
    out: set[int] = set()
    for string in fresh:
        if not any(a <= string.start < b for a, b in lists_now):
            continue
        if any(a <= string.start < b for a, b in new_steps):
            continue  # a step the change adds: new DDL, whatever string went elsewhere
        key = string.key()
        if any(difflib.SequenceMatcher(None, old, key).ratio() >= 0.6 for old in gone):
            out.add(string.start)
    return out


def _first_new_line(before: str, now: str, string: DdlString) -> int:
    """The offset in ``now`` of the first line of ``string`` (a DDL string of
    ``now``) the change rewrote or added, compared with ``before`` line by
    line; the string's start when none is. A Knex chain
    (``alterTable(...).createTable(...)``) is one string: its edit is said at
    the line changed, not at the chain's first (trial s40 uptime-kuma F9)."""
    first, last = now.count("\n", 0, string.start), now.count("\n", 0, string.end)
    lines = now.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, before.splitlines(), now.splitlines(), autojunk=False)
    for tag, _a0, _a1, b0, b1 in matcher.get_opcodes():
        if tag in ("replace", "insert") and b0 <= last and b1 > first:
            line = max(b0, first)
            return string.start if line == first else sum(len(x) for x in lines[:line])
    return string.start


def _new_steps(
    rel: str,
    before: str,
    now: str,
    lists_before: list[tuple[int, int]],
    lists_now: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """The spans of ``now``'s steps that a list applied by position gains
    (inserted or appended: :func:`~dbnamelint.services.list_positions.
    position_changes`), each list aligned with its committed one as
    :func:`list_history` aligns them. A string there is new DDL, not an
    edit of a like string the change took out of another step (before, a
    step inserted mid-list whose ``CREATE TABLE`` was like a rewritten
    step's was called an edit of it)."""
    from dbnamelint.go_list_sql import list_strings
    from dbnamelint.impact.migration_lists import list_steps
    from dbnamelint.services.list_positions import new_steps

    # the list file's own helpers bind the steps' strings here: aligning the
    # steps needs their text, not what other files of the package add
    old_strings = _with_bound_calls(
        rel, before, lists_before, list_strings(rel, before), lambda: before
    )
    new_strings = _with_bound_calls(rel, now, lists_now, list_strings(rel, now), lambda: now)
    out: list[tuple[int, int]] = []
    for span_before, span_now in zip(lists_before, lists_now, strict=False):
        steps_before = list_steps(before, span_before)
        steps_now = list_steps(now, span_now)
        keyed = _step_keys(before, steps_before, old_strings) is not None
        if keyed and _step_keys(now, steps_now, new_strings) is not None:
            continue  # matched by key (:func:`_keyed_history`)
        was = [tuple(s.key() for s in old_strings if a <= s.start < b) for a, b in steps_before]
        has = [tuple(s.key() for s in new_strings if a <= s.start < b) for a, b in steps_now]
        out += [steps_now[j] for j in new_steps(was, has)]
    return out


class _Edits:
    """The base as the user named it, each code file's edited migration-list
    steps, and which of those files are code migrations (not lists)."""

    def __init__(
        self,
        ref: str,
        steps: dict[str, set[int]],
        migrations: set[str],
        new_migrations: set[str] | None = None,
        base: Callable[[str], bytes | None] | None = None,
    ) -> None:
        self.ref = ref
        self.steps = steps
        self.migrations = migrations
        #: Shown paths of code migrations new since the base.
        self.new_migrations = new_migrations or set()
        #: The bytes of a file (shown path) at the base; None: not there.
        self.base = base


#: A DBN023 message's head, up to the advice for migration folders.
_CLASH_HEAD = lazy_compile(r"^(.*? stands(?: \(IF NOT EXISTS: [^)]*\))?): ")
#: Where the standing table of a ``DBN023`` warning got its name (its file).
_STOOD_AT = lazy_compile(r" while the one at (.+):\d+:\d+ stands")
#: The table a ``DBN023`` warning names first.
_CLASH_NAME = lazy_compile(r"^table '([^']*)'(?: \(and \d+ more\))?")


def _is_dump(path: Path) -> bool:
    """Whether the SQL file at ``path`` is a dump a tool wrote from a database
    (:func:`~dbnamelint.impact.history.schema_dump_marker`: pg_dump's,
    mysqldump's or ``sqlite3 .dump``'s header, Rails' ``structure.sql``,
    dbmate's tail)."""
    from dbnamelint.impact.history import is_schema_dump

    try:
        with path.open("rb") as file:
            head = file.read(2048).decode("utf-8", "replace")
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - 256))
            tail = file.read().decode("utf-8", "replace")
    except OSError:
        return False
    return is_schema_dump(path.as_posix(), head, tail)


def _refused_added(note: Diagnostic, ref: str, read: _Read) -> Diagnostic:
    """A ``DBN013`` note on a name the code builds (or a statement the code
    completes), in a string a change since ``ref`` adds to code that is no
    new migration: an error, as for a statement a .sql file gains, unless an
    inline ``dbnamelint: ignore[DBN013] <reason>`` comment at the statement
    accepts it (:func:`~dbnamelint.services.inline_accept.inline_accepted`:
    one comment in a file must not accept what later changes add to it)."""
    string = read.string_at(note.location)
    # the code as written, where a builder's calls were laid over it as SQL
    # (the same lines): its comments and its calls' lines
    lines = (read.raw or read.text).split("\n")
    if len(lines) != len(read.starts):
        lines = read.text.split("\n")
    if string is not None and accepted_at(
        lines, read.text.count("\n", 0, string.start), read.text.count("\n", 0, string.end)
    ):
        return replace(note, message=note.message + ACCEPTED)
    mark = comment_mark(read.shown)
    return replace(
        note,
        severity=Severity.ERROR,
        message=f"{note.message}; new since {ref}, so the gate refuses it: its names cannot "
        f"be checked. Check them by hand and write `{mark} dbnamelint: ignore[DBN013] "
        "<reason>` on the line above the statement to accept it",
    )


def _refused(note: Diagnostic, ref: str) -> Diagnostic:
    """A ``DBN013`` note on a name the code builds, in a code migration new
    since ``ref``: an error, as for a goose Go migration's unread DDL."""
    return replace(
        note,
        severity=Severity.ERROR,
        message=f"{note.message}; this code migration is new since {ref}, so the gate "
        "refuses a name it does not check: check its names by hand and write "
        "`dbnamelint: ignore[DBN013] <reason>` in a comment of the file to accept it",
    )


#: The names a file's ``dbnamelint: ignore[...] <reason>`` comment accepts an
#: unread statement (``DBN013``, ``DBN012``) or a skipped definition (``DBN023``) by.
_ACCEPTED_BY = {
    DYNAMIC_CODE: frozenset({"dbn013", "dynamic-ddl-not-read", "prepared-statement-not-read"}),
    CALL_CODE: frozenset({"dbn012", "procedure-call-not-read"}),
    SEPARATE_DATABASES: frozenset({"dbn023", "separate-databases"}),
}


def _unread(d: Diagnostic) -> bool:
    """Whether reader diagnostic ``d`` is DDL the reader did not read: a
    ``DBN013`` warning (EXECUTE of text built when a DO block runs), or a
    ``DBN012`` note on a statement running a routine whose body holds DDL
    (as the gate's ``unread_ddl`` says of a .sql file's)."""
    if d.code == DYNAMIC_CODE:
        return d.severity is Severity.WARNING
    return d.code == CALL_CODE and BODY_DDL in d.message


def _refused_unread(d: Diagnostic, ref: str, text: str) -> Diagnostic:
    """Unread DDL ``d`` in a code migration new since ``ref`` (file ``text``):
    an error, as the same statement in a new .sql file is, unless a
    ``dbnamelint: ignore[<code>] <reason>`` comment in the file accepts it."""
    if accepts(text, _ACCEPTED_BY[d.code]):
        return d
    return replace(
        d,
        severity=Severity.ERROR,
        message=f"{d.message}; this code migration is new since {ref}, so the gate refuses "
        "it: its names cannot be checked. Check them by hand and write `dbnamelint: "
        f"ignore[{d.code}] <reason>` in a comment of the file to accept it",
    )


def _refused_lacking(d: Diagnostic, ref: str, read: _Read) -> Diagnostic:
    """The note on a skipped definition in new code (:func:`lacking_names`)
    as the gate's error on the same statement in a new .sql file, unless a
    ``dbnamelint: ignore[DBN023] <reason>`` comment in the file accepts it."""
    if accepts(read.text, _ACCEPTED_BY[SEPARATE_DATABASES]):
        return d
    return replace(
        d,
        severity=Severity.ERROR,
        message=f"{d.message}; new since {ref}, so the gate refuses it: a database without "
        "the table (one this code upgrades) gets those names, which no rule checks. Write "
        "the definition the table has, or the change as an ALTER TABLE (its names are "
        "checked), or check the names by hand and write `dbnamelint: ignore[DBN023] "
        "<reason>` in a comment of the file to accept it",
    )


def ddl_routines(current: Evaluation) -> frozenset[str]:
    """The keys (last name part, unquoted, lower case, as
    :mod:`~dbnamelint.replay.routine_runs` keys them) of the routines the
    tree's files define whose body holds DDL, or calls one that does."""
    routines: dict[str, tuple[bool, tuple[str, ...]]] = {}
    for file in current.loaded.files:
        for step in read_file(file, None, None).routine_steps:
            if step.op == "routine":
                routines[step.key] = (step.ddl is not None, tuple(k for k, _ in step.calls))
    found = {key for key, (ddl, _) in routines.items() if ddl}
    grown = True
    while grown:  # through the routines a routine calls
        more = {k for k, (_, calls) in routines.items() if k not in found and found & set(calls)}
        found |= more
        grown = bool(more)
    return frozenset(found)


def _routine_runs(current: Evaluation, facts: FileFacts) -> list[Diagnostic]:
    """A code file's parse diagnostics with the ``DBN012`` notes on its
    statements running a routine whose body holds DDL: one its strings define,
    or one the tree's files (``current``) define before it (replay order, the
    same catalog: :func:`~dbnamelint.runner.pipeline.with_routine_notes`)."""
    if not facts.routine_steps:
        return list(facts.parse_diagnostics)
    source = facts.source
    prior = []
    for file in current.loaded.files:
        if file.catalog != source.catalog:
            continue
        read = read_file(file, None, None)
        if read.routine_steps:
            prior.append((read.source, (), read.routine_steps))
    mine = (source, facts.parse_diagnostics, facts.routine_steps)
    return [d for d in with_routine_notes([*prior, mine]) if d.location.path == source.path]


def _edited_step(read: _Read, at: int, ref: str, migration: bool = False) -> Diagnostic:
    """``DBN025`` at the edited step of a Go migration list starting at ``at``
    (``migration``: at a DDL string of an edited code migration)."""
    if migration:
        message = (
            f"this code migration was committed at {ref} and this change edits its DDL: "
            "an applied migration must not change (every database that ran it keeps what "
            "it created and never runs it again, a new one runs the edited code): restore "
            "it and write the change as a new migration"
        )
    else:
        message = (
            f"this step of a Go migration list was committed at {ref} and this change edits "
            "it: an applied migration must not change (every database that ran it keeps what "
            "it created, a new one runs the edited step): restore the step and add the change "
            "as a new step at the list's end"
        )
    return Diagnostic(read.location(at), Severity.ERROR, message, EDITED_STEP_CODE)


def _in_code(
    diagnostic: Diagnostic,
    read: _Read,
    edits: _Edits | None,
    cwd: Path | None = None,
    stale: Callable[[str], list[str]] | None = None,
) -> Diagnostic | None:
    """A replay diagnostic located in code, with advice that fits code: a
    table created again (``DBN023``, whose advice is for migration folders)
    by an edited step of a Go migration list is said by that step's
    ``DBN025`` (None); so is one whose standing table a schema dump holds
    that the dump gained in the change (None: the dump was regenerated after
    the new migration ran, and copies its table: trial s31 immich, the
    README's own advice of a dump in ``paths``); by other code, and where
    the dump held the table at the base already (``stale``: the tables of
    the file that the dump at the base made, a database the migrations built
    has it before this migration runs), its CREATE TABLE fails where the
    migrations ran."""
    head = _CLASH_HEAD.match(diagnostic.message)
    if diagnostic.code != SEPARATE_DATABASES or head is None:
        return diagnostic
    string = read.string_at(diagnostic.location)
    steps = edits.steps.get(diagnostic.location.path, set()) if edits is not None else set()
    if string is not None and string.start in steps:
        return None
    said = head.group(1)
    stood = _STOOD_AT.search(said)
    if stood is not None and cwd is not None and _is_dump(cwd / stood.group(1)):
        had = stale(stood.group(1)) if stale is not None else []
        if not had:
            return None
        named = _CLASH_NAME.match(said)
        if named is None or named.group(1) not in had:
            more = f" (and {len(had) - 1} more)" if len(had) > 1 else ""
            said = f"table '{had[0]}'{more}" + said[named.end() if named else 0 :]
        ref = edits.ref if edits is not None else "the base"
        said += (
            f" (the dump held it at {ref} already: a database the migrations built "
            "has it before this migration runs)"
        )
    if "(IF NOT EXISTS:" in said:
        # IF NOT EXISTS written already (listmonk's upgrades repeat schema.sql's
        # table so): advising it was wrong (trial s30). What is true: a database
        # the schema built skips the statement, one upgraded from before it
        # gets the code's definition, whose names are checked nowhere else.
        return replace(
            diagnostic,
            message=f"{said}: a database the schema built skips this code's "
            "CREATE TABLE IF NOT EXISTS, and one upgraded from before it gets this "
            "definition, whose names are not checked here: keep it the same as the "
            "schema's (columns and names), or make the table in one place",
        )
    return replace(
        diagnostic,
        message=f"{said}: this code's CREATE TABLE fails on a database the "
        "migrations built (write IF NOT EXISTS, or leave the table to the migrations)",
    )


def _model_engine(text: str, shown: str, source: SourceFile) -> str | None:
    """The database family the model reads a Django migration in (``shown``,
    holding ``text``, read as ``source``), or None for another file.

    The model reads its operations (``RunSQL`` included) in that database
    alone, and not the functions ``RunPython`` runs: the gate reads their
    strings (``schema_editor.execute("CREATE TABLE ...")``, a branch on the
    connection's vendor) in the model's database, and the migration's
    strings in each other database its settings name (:func:`_sources`):
    ``manage.py migrate`` runs it on whichever the project runs on, whatever
    ``dialect:`` says, as for a migration outside ``paths`` (confirmation s32:
    ``RunSQL("CREATE TABLE PingArchives ...")`` in a migrations folder of
    ``paths:`` passed as PostgreSQL, the first database the settings name,
    which folds it, while SQLite, which they name too, keeps it)."""
    from dbnamelint.django_vendor import is_django_migration
    from dbnamelint.impact.migration_code import is_alembic_revision
    from dbnamelint.impact.otherdb import database_family

    if is_js(shown) or shown.lower().endswith(".php"):
        # a Knex migration's branches on the client, a Doctrine one's on the
        # platform: those for another database (sessions 38, 39)
        return database_family(source.dialect) if code_guards(shown, text) else None
    if not shown.endswith(".py"):
        return None
    if not is_django_migration(shown, text) and not (
        is_alembic_revision(shown, text) and vendor_guards(text)
    ):
        return None  # (an Alembic revision: its branches for another database, below)
    return database_family(source.dialect)


def _laravel_laid(
    shown: str, raw: str | None, kind: str, read: tuple[str, Sequence[DdlString]]
) -> tuple[str, list[DdlString]] | None:
    """Laravel migration ``raw``'s builder calls laid as the SQL Laravel's
    grammar writes on ``kind`` (``mysql``: backticks, ``AUTO_INCREMENT``;
    else double quotes), and of its DDL strings those on the lines of
    ``read``'s (its text as the tree's dialect lays it, and the change's
    new strings there); None for another file. The gate
    reads a branch on the driver in the dialect of the database taking it
    (trial s42 koel: a SQLite branch laid in MySQL's SQL was a DBN004)."""
    from dbnamelint.laravel_schema import is_laravel_migration
    from dbnamelint.laravel_schema import shadow_text as laravel_shadow

    if raw is None or not is_laravel_migration(shown, raw):
        return None
    text = laravel_shadow(shown, raw, mysql=kind == "mysql")[0]
    was = LineIndex(read[0])
    lines = {was.line_col(s.start)[0] for s in read[1]}
    index = LineIndex(text)
    laid = ddl_strings(shown, text, _migration_sql)
    return text, [s for s in laid if index.line_col(s.start)[0] in lines]


def code_guards(shown: str, text: str) -> list[Guard]:
    """The branches of code file ``shown`` (``text``) on the database: a
    Python one's on the connection's vendor or SQLAlchemy's dialect, a
    JS/TS one's on the Knex client (:mod:`dbnamelint.js_vendor`), a Doctrine
    migration's on the platform (:mod:`dbnamelint.php_platforms`), a Laravel
    one's on the driver (:mod:`dbnamelint.laravel_drivers`), a Go
    one's on the driver (:mod:`dbnamelint.go_vendor`)."""
    if shown.endswith(".py"):
        return vendor_guards(text)
    if is_js(shown):
        from dbnamelint.js_vendor import js_vendor_guards

        return js_vendor_guards(text)
    if shown.lower().endswith(".php") and "getDriverName" in text:
        # a Laravel migration's branches on the driver (trial s42 koel)
        from dbnamelint.laravel_drivers import driver_guards
        from dbnamelint.laravel_schema import is_laravel_migration

        if is_laravel_migration(shown, text):
            return driver_guards(text)
    if shown.lower().endswith(".php") and "instanceof" in text:
        # a Doctrine migration's branches on the platform (trial s39 wallabag)
        from dbnamelint.doctrine_schema import is_doctrine_migration
        from dbnamelint.php_platforms import platform_guards

        return platform_guards(text) if is_doctrine_migration(shown, text) else []
    if shown.lower().endswith(".go"):
        # a branch on the driver (trial s39 writefreely's v9.go)
        from dbnamelint.go_vendor import go_vendor_guards

        return go_vendor_guards(text)
    return []


def _django_model(shown: str, text: str) -> bool:
    from dbnamelint.django_vendor import is_django_migration

    return is_django_migration(shown, text)


def _beyond_model(cwd: Path, shown: str, text: str, fresh: Sequence[DdlString], kind: str) -> bool:
    """Whether the gate has more to judge in the ``fresh`` strings of Django
    migration ``shown`` (``text``) than the model read as ``kind``
    (:func:`_model_engine`): a string its operations do not hold, or another
    database its settings name. Else the replay of the tree is spared."""
    from dbnamelint.code_migrations import operations_spans

    if not _django_model(shown, text):
        # an Alembic revision: the strings of its branches for another database,
        # which the model leaves out (session 37 F7)
        guards = code_guards(shown, text)
        return any(not allowed(guards, s.start, kind) for s in fresh)
    if any(e != kind for e in _django_engines(cwd, shown)):
        return True
    spans = operations_spans(text)
    return any(not s.django and not any(a <= s.start < b for a, b in spans) for s in fresh)


def _dump_had(
    current: Evaluation, cwd: Path, edits: _Edits | None, dump: str, made: Sequence[Event]
) -> list[str]:
    """The names of the tables of ``made`` (new code's ``CREATE TABLE``
    events) that the schema dump ``dump`` (a read file, as shown) made at the
    base already, compared as its dialect compares names: a dump is of a
    database the migrations built (pg_dump, mysqldump, Rails' ``db:schema:dump``),
    so one holding the table before this change says a database has it
    before the new migration runs, which then fails; a dump that gained it in
    the change was regenerated after the migration ran (trial s31 immich)."""
    if edits is None or edits.base is None or not made:
        return []
    source = next((f for f in current.loaded.files if f.path == dump), None)
    data = edits.base(dump) if source is not None else None
    if source is None or data is None:
        return []
    from dbnamelint.replay.namespace import Namespace

    with reading_staged((), {os.path.realpath(cwd / dump): data}):
        facts = read_file(source, None, None)
    names = Namespace(source.dialect)
    had = {
        names.key(e.name, e.quoted, ObjectKind.TABLE)
        for e in facts.events
        if e.op is EventOp.CREATE and e.kind is ObjectKind.TABLE and e.name is not None
    }
    had -= _dropped_since_dump(cwd / dump, made, names)
    return list(
        dict.fromkeys(
            e.name
            for e in made
            if e.name is not None and names.key(e.name, e.quoted, ObjectKind.TABLE) in had
        )
    )


def _dropped_since_dump(dump: Path, made: Sequence[Event], names: _Keys) -> set[str]:
    """The keys of the tables an Ecto dump's unlisted migrations running
    before the one making ``made`` drop or rename away
    (:func:`~dbnamelint.ecto_baseline.dropped_before`, the working tree's
    migrations); empty for another dump or code file."""
    from dbnamelint.ecto_baseline import dropped_before
    from dbnamelint.rails_dump import ECTO_MIGRATION_NAME, is_ecto_dump

    found = ECTO_MIGRATION_NAME.match(Path(made[0].location.path).name) if made else None
    if found is None or not is_ecto_dump(dump.as_posix()):
        return set()
    return {
        names.key(name, name != name.lower(), ObjectKind.TABLE)
        for name in dropped_before(dump, found.group("version"))
    }


class _Keys(Protocol):
    """How a dialect compares names (:class:`~dbnamelint.replay.namespace.Namespace`)."""

    def key(self, name: str, quoted: bool, kind: ObjectKind | None = None) -> str: ...


def _sources(
    current: Evaluation, cwd: Path, shown: str, sql: str = "", text: str = ""
) -> list[SourceFile]:
    """The :class:`SourceFile` values code file ``shown`` is read as (see the
    module docstring), the one whose reading errors count first; ``sql``: its
    DDL strings' text, which tells the dialect when nothing else does;
    ``text``: the file's code, whose driver import tells it first.

    When nothing tells which of the tree's several databases runs the code,
    each of them is one (trial s25 kratos: ``CREATE TABLE webhookDeliveries``
    passed as PostgreSQL, which folds it, while MySQL and SQLite keep it so)."""
    # Here, not at the top: impact's scanners cost a hook run that finds no DDL string.
    from dbnamelint.impact.codedialect import code_families, driver_family, package_family
    from dbnamelint.impact.otherdb import database_family, database_of

    settings = current.settings
    plan = SourcePlan.build(source_settings(settings), cwd)
    source = plan.source_for(Path(os.path.normpath(cwd / shown)))
    files = current.loaded.files
    wanted = database_of(shown)
    if wanted is None and shown.lower().endswith((".dart", ".rs")):
        # the driver it imports, else its package's: ente's mobile sqflite
        # databases are not the server's PostgreSQL (trial s43)
        wanted = driver_family(text, shown) or package_family(shown, partial(_read_in, cwd))
    if wanted is None:
        engines = _django_engines(cwd, shown)
        if engines:
            # Django runs the migration on each database its settings name,
            # whatever the tree's SQL files or `dialect:` say (trial s30 healthchecks).
            return [_source_of(source, files, kind, shown) for kind in engines]
    if wanted is None:
        families = code_families((f.path, f.dialect) for f in files)(shown)
        if families is not None and len(families) == 1:
            wanted = next(iter(families))
    if wanted is None and settings.dialect is None:
        catalogs = {(f.dialect, f.database) for f in files}
        if len(catalogs) == 1:
            dialect, database = next(iter(catalogs))
            return [replace(source, dialect=dialect, database=database, dialect_guessed=False)]
    others: list[str] = []
    if wanted is None and settings.dialect is None and source.dialect_guessed and files:
        # Nothing says which of the tree's databases runs it: the one its own text
        # shows (`backticks`: MySQL), else each of them, the tree's first first;
        # never one it does not use.
        kinds = list(dict.fromkeys(database_family(f.dialect) for f in files))
        told = sniff_signal(sql, lambda d: database_family(d) in kinds) if sql else None
        wanted = database_family(told) if told is not None else kinds[0]
        others = kinds[1:] if told is None else []
    elif wanted is None and settings.dialect is not None and files:
        # `dialect:` is the default of files that do not say theirs; the tree's
        # files of other databases (a per_path entry, a suffix, a folder) say
        # the project runs those too, and the code may run on any of them:
        # each is one, the configured first, unless the text shows one or a
        # per_path entry names the code file's own.
        configured = database_family(settings.dialect)
        kinds = list(dict.fromkeys([configured, *(database_family(f.dialect) for f in files)]))
        if len(kinds) > 1 and not _dialect_overridden(plan, cwd / shown):
            told = sniff_signal(sql, lambda d: database_family(d) in kinds) if sql else None
            wanted = database_family(told) if told is not None else configured
            others = [k for k in kinds if k != wanted] if told is None else []
    if wanted is None:
        return [replace(source, dialect_guessed=False)]
    return [_source_of(source, files, kind, shown) for kind in (wanted, *others)]


def _read_in(cwd: Path, path: str) -> str | None:
    """The text of the file at ``path`` (relative to ``cwd``), or None."""
    try:
        return (cwd / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _dialect_overridden(plan: SourcePlan, path: Path) -> bool:
    """Whether a ``per_path`` entry naming a dialect covers the file at ``path``."""
    rel = plan.relative_to_root(Path(os.path.normpath(path)))
    return rel is not None and any(o.dialect and o.glob.matches(rel) for o in plan.overrides)


def _django_engines(cwd: Path, shown: str) -> tuple[str, ...]:
    """The database families the Django settings of migration ``shown`` name
    (:func:`~dbnamelint.django_vendor.settings_families`), or none when
    ``shown`` is no Django migration."""
    from dbnamelint.django_vendor import is_django_migration, settings_families

    path = cwd / shown
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    if not is_django_migration(shown, head):
        return ()
    root = repository_root(cwd) or cwd
    return settings_families(path, root)


def _source_of(
    source: SourceFile, files: Sequence[SourceFile], kind: str, shown: str
) -> SourceFile:
    """``source`` read as database family ``kind``: as the nearest read file
    of that family (its dialect and catalog), else in ``kind``'s own dialect."""
    from dbnamelint.impact.otherdb import database_family

    same = [f for f in files if database_family(f.dialect) == kind]
    if same:
        near = max(same, key=lambda f: _shared_folders(f.path, shown))
        return replace(source, dialect=near.dialect, database=near.database, dialect_guessed=False)
    try:
        dialect = normalize_dialect(kind)
    except ValueError:
        return replace(source, dialect_guessed=False)
    return replace(source, dialect=dialect, dialect_guessed=False)


def _refused_reading(facts: FileFacts) -> bool:
    """Whether reading a code file's strings as one database's SQL met an error."""
    return any(
        d.severity is Severity.ERROR for d in (*facts.split_diagnostics, *facts.parse_diagnostics)
    )


def _shared_folders(a: str, b: str) -> int:
    """How many leading folders paths ``a`` and ``b`` share."""
    count = 0
    for x, y in zip(a.split("/")[:-1], b.split("/")[:-1], strict=False):
        if x != y:
            break
        count += 1
    return count


def _judged(
    current: Evaluation,
    cwd: Path,
    found: list[tuple[str, str, list[DdlString]]],
    base_config: Settings | None,
    edits: _Edits | None = None,
    in_model: Mapping[str, str] | None = None,
    raws: Mapping[str, str] | None = None,
) -> CodeJudgement:
    """Read, replay and judge the new DDL strings of each code file of ``found``;
    ``in_model``: the Django migrations of them read into the model, each
    with the database family it is read as there (:func:`_model_engine`):
    in that family, only the strings the model does not read. ``raws``: a
    file's code as written where a builder's calls were laid over it as SQL,
    for the notes' wording."""
    in_model = in_model or {}
    model_said: set[Diagnostic] | None = None
    settings = current.settings
    events: list[Event] = []
    said: list[Diagnostic] = []
    shown_paths: set[str] = set()
    reads: dict[str, _Read] = {}
    views: dict[str, str] = {}  # shown path -> the SQL view of its DDL strings
    for shown, text, strings in found:
        view = views[shown] = sql_view(text, strings)
        real = os.path.realpath(cwd / shown)
        # Here, not at the top: impact's scanners cost a hook run that finds no DDL string.
        from dbnamelint.impact.otherdb import database_family

        sources = _sources(current, cwd, shown, view, text)
        engines = _django_engines(cwd, shown) if shown.endswith(".py") else ()
        guards = code_guards(shown, text)
        kinds = [database_family(source.dialect) for source in sources]
        modelled = in_model.get(shown)
        model_reads: list[tuple[int, int]] = []
        # an Alembic revision the model reads: all but its branches for other databases
        alembic = modelled is not None and not _django_model(shown, text)
        if modelled is not None:
            from dbnamelint.code_migrations import operations_spans

            # the model reads its operations as that database (RunSQL's strings)
            model_reads = [] if alembic else operations_spans(text)
            if modelled not in kinds:
                sources.insert(0, _source_of(sources[0], current.loaded.files, modelled, shown))
                kinds.insert(0, modelled)
        for guard in guards:
            # A branch for a database none of the sources is: read in its own dialect.
            for kind in sorted(guard.only or ()):
                # (not one the Django settings leave out: that branch never runs)
                if kind not in kinds and not (engines and kind not in engines):
                    sources.append(_source_of(sources[0], current.loaded.files, kind, shown))
                    kinds.append(kind)
        readings = []
        strict: list[tuple[FileFacts, str]] = []
        for source, kind in zip(sources, kinds, strict=True):
            laid = (
                _laravel_laid(shown, (raws or {}).get(shown), kind, (text, strings))
                if guards
                else None
            )
            # (a Laravel migration's builder calls laid as this database's SQL)
            here, here_strings = laid or (text, strings)
            here_guards = code_guards(shown, here) if laid else guards
            # A branch testing the connection's vendor runs on that database alone.
            mine = (
                [s for s in here_strings if allowed(here_guards, s.start, kind)]
                if here_guards
                else here_strings
            )
            if alembic:
                # read by the model, but what a branch for this other database holds
                mine = [
                    s
                    for s in mine
                    if kind != modelled and kind in (guarded_families(here_guards, s.start) or ())
                ]
            elif kind == modelled:
                mine = [
                    s
                    for s in mine
                    if not s.django and not any(a <= s.start < b for a, b in model_reads)
                ]
            if not mine:
                continue
            seen = view if mine is strings else sql_view(here, mine)
            # A Django or Alembic operation's names are quoted as that database's backend does.
            if any(s.django or s.laid or s.xorm for s in mine):
                seen = sql_view(here, for_database(mine, kind))
            with reading_staged((), {real: seen.encode("utf-8")}):
                facts = read_file(source, None, None)
            readings.append(facts)
            if engines and kind in engines:
                why = (
                    f"Django runs this migration on each database its settings name "
                    f"({', '.join(engines)})"
                )
                strict.append((facts, why))
            elif guards:
                strict.append((facts, "a branch on the connection's vendor runs it there"))
        if not readings:
            continue
        # Several of the tree's databases may run the code: each one's names are
        # judged; what one reader refuses is said only when none reads it (the
        # code may run that text on the others alone), unless that database
        # surely runs it: Django's settings name it, or a vendor branch holds it.
        clean = [r for r in readings if not _refused_reading(r)]
        facts = clean[0] if clean else readings[0]
        also = [r for r in readings if r is not facts]
        read = reads[shown] = _Read(text, strings, shown, (raws or {}).get(shown))
        for other in also:
            events += [read.shown_table(e) for e in other.events if not read.built_name(e)]
        diagnostics = (*facts.split_diagnostics, *_routine_runs(current, facts))
        for other, why in strict:
            if other is facts:
                continue
            for d in (*other.split_diagnostics, *other.parse_diagnostics):
                string = read.string_at(d.location)
                if d.severity is not Severity.ERROR or string is None:
                    continue
                if not engines and guarded_families(guards, string.start) is None:
                    continue  # not in a branch for it: the code may run it elsewhere
                message = f"{d.message} (read as {other.source.dialect}: {why})"
                diagnostics = (*diagnostics, replace(d, message=message))
        dynamic = read.dynamic(facts.events, diagnostics)
        # A built statement's names written in the string are judged (trial s22
        # temporal: `CREATE TABLE %s ("camelCol" int)`); a name a hole makes is not.
        events += [read.shown_table(e) for e in facts.events if not read.built_name(e)]
        own = [
            d
            for d in diagnostics
            if read.string_at(d.location) not in dynamic or read.written_error(d)
        ]
        if modelled is not None:
            # what the model's reading says already (a note on what is not read)
            if model_said is None:
                model_said = set(current.loaded.diagnostics)
            own = [d for d in own if d not in model_said]
        if edits is not None and shown in edits.new_migrations:
            # DDL the reader does not read (EXECUTE in a DO block, a routine
            # whose body holds DDL run): refused as in a new .sql file
            own = [_refused_unread(d, edits.ref, text) if _unread(d) else d for d in own]
        said += own
        notes = [
            read.note(string)
            for string in dynamic
            # (a string the model reads has the model's note)
            if not (string.django or any(a <= string.start < b for a, b in model_reads))
        ]
        if notes and edits is not None and shown in edits.new_migrations:
            # built names in a new migration: unchecked, so refused unless accepted
            notes = notes if accepts_dynamic(text) else [_refused(n, edits.ref) for n in notes]
        elif notes and edits is not None:
            # built names the change adds to any other code (application code,
            # an edited migration): refused as a .sql file's dynamic DDL is, unless
            # a comment at the statement accepts it (trial s34 documenso:
            # `$executeRawUnsafe(`ALTER TABLE "Recipient" RENAME TO "${newName}"`)`
            # passed the hook and check --base as an info note)
            notes = [_refused_added(n, edits.ref, read) for n in notes]
        said += notes
        shown_paths.add(shown)
    schema = replay((*current.loaded.events, *events))
    if views:
        # migrate's own compatibility view in a code migration's forward SQL
        # (its COMMENT ON VIEW marker), beside a dump regenerated after it:
        # linked to its table as in a .sql file, so its name and the old
        # column names it shows are not judged (trial s32 outline: the
        # README's phase path in a Sequelize migration failed the hook).
        from dbnamelint.core.view_marker import MARKER
        from dbnamelint.dumped_views import with_dumped_views

        marked = {path: sql for path, sql in views.items() if MARKER in sql}
        if marked:
            schema = with_dumped_views(schema, {}, cwd, marked)
    if edits is not None:
        for shown, starts in edits.steps.items():
            edited = reads.get(shown)
            if edited is None:
                # no DDL string of it is judged here (a Django migration the model
                # reads): its edit is the model's DBN025 (trial s36 netbox: a KeyError
                # when the change also added DDL to other code)
                continue
            migration = shown in edits.migrations
            said += [_edited_step(edited, at, edits.ref, migration) for at in sorted(starts)]
    made: dict[str, list[Event]] = {}  # code file -> the tables it creates
    for event in events:
        if event.op is EventOp.CREATE and event.kind is ObjectKind.TABLE:
            made.setdefault(event.location.path, []).append(event)

    def stale(path: str) -> Callable[[str], list[str]]:
        """The tables code file ``path`` makes that a dump held at the base."""
        return lambda dump: _dump_had(current, cwd, edits, dump, made.get(path, []))

    in_code = [
        _in_code(d, reads[d.location.path], edits, cwd, stale(d.location.path))
        for d in schema.diagnostics
        if d.location.path in shown_paths
        and d.severity is not Severity.INFO
        and not any(r.hides(d) for r in reads.values())
    ]
    said += [d for d in in_code if d is not None]
    # A CREATE TABLE IF NOT EXISTS of a table the migrations made, naming what
    # that table lacks: a database without the table (one upgraded through
    # this code) gets those names unchecked. Refused as in a .sql file.
    said += [
        _refused_lacking(d, edits.ref if edits is not None else "the base", reads[d.location.path])
        for d in schema.diagnostics
        if d.location.path in shown_paths and lacking_names(d)
    ]
    judged = _judged_by(settings, schema, current, cwd, shown_paths, list(reads.values()))
    hidden: list[Finding] = []
    if base_config is not None:
        # As hidden_by_config does for SQL files: what the base's config fails
        # on and the current one does not raise loud enough to fail.
        raised = {_key(f) for f in judged if f.severity.at_least(settings.fail_on)}
        hidden = [
            f
            for f in _judged_by(
                base_config, schema, current, cwd, shown_paths, list(reads.values())
            )
            if (f.is_new or f.whitelisted)
            and f.severity.at_least(base_config.fail_on)
            and _key(f) not in raised
        ]
    # The same rule on the same name the tree's files give already (a migration
    # committed with the regenerated schema dump in `paths`: trial s31 immich)
    # is one finding, said where the tree's file says it. A name spelt
    # otherwise is another name a database gets: another driver's branch
    # (trial s42 koel F6: SQLite's renameColumn('cover', 'CoverUrl') beside
    # MySQL's RENAME COLUMN cover TO coverUrl, one column to MySQL's
    # case-blind names) was told already by the model's coverUrl.
    told = {(f.code, ref_of(f.object), f.object.name) for f in current.raw_findings}
    return CodeJudgement(
        [
            _as_written(f, reads)
            for f in judged
            if f.is_new and (f.code, ref_of(f.object), f.object.name) not in told
        ],
        list(dict.fromkeys(said)),
        [_as_written(f, reads) for f in hidden],
        excusing=_excusing(current, [f for f in judged if f.whitelisted]),
    )


def _excusing(current: Evaluation, excused: Sequence[Finding]) -> frozenset[Location]:
    """The locations of the whitelist entries excusing one of ``excused``
    (findings on names code makes): applied to those names alone, an entry
    not stale excuses one of them (as :func:`~dbnamelint.services.transient.judge_transient`)."""
    if not excused:
        return frozenset()
    whitelist = current.whitelist
    applied = apply_whitelist(
        excused,
        Schema(objects=tuple(f.object for f in excused)),
        whitelist,
        active_rules=current.settings.active_rules,
    )
    stale = {s.location for s in applied.stale}
    return frozenset(e.location for e in whitelist.entries if e.location not in stale)


def _judged_by(
    settings: Settings,
    schema: Schema,
    current: Evaluation,
    cwd: Path,
    paths: set[str],
    reads: Sequence[_Read],
) -> tuple[Finding, ...]:
    """The findings ``settings``' rules make in the code files ``paths`` (not
    on a name a hole of ``reads`` makes), less its ``per_path`` ignores,
    through the current whitelist."""
    ctx = settings.rule_context(schema)
    raw = [
        f
        for f in run_rules(schema, settings.rules, ctx)
        if f.location.path in paths and not any(r.in_hole(f.location) for r in reads)
    ]
    # No inline suppression: one added since the base would be growth (DBN908)
    # that no base run can see here.
    findings = drop_per_path_ignored(raw, settings, cwd)
    applied = apply_whitelist(
        findings, schema, current.whitelist, active_rules=settings.active_rules, complete=False
    )
    return applied.findings


def _as_written(finding: Finding, reads: Mapping[str, _Read]) -> Finding:
    """``finding`` placed where its code file as written holds its name
    (:meth:`_Read.as_written`)."""
    read = reads.get(finding.location.path)
    if read is None:
        return finding
    where = read.as_written(finding.location, finding.object.name)
    if where == finding.location:
        return finding
    return replace(finding, object=replace(finding.object, location=where))


def _key(finding: Finding) -> tuple[str, Location]:
    """One finding of either config's run over the same replayed schema."""
    return finding.code, finding.location


#: A ``${expr}`` hole as a builder's shadow writes a name the code computes.
_LAID_HOLE = lazy_compile(r"\$\{(.+)\}")
#: A statement that could not be read (the parser stopped in it).
_UNREADABLE = frozenset({"DBN004"})


def _width(name: str, quoted: bool) -> int:
    """How much of the string a name read at its location spans: its quotes
    only when quoted. A hole right after an unquoted name (`ADD COLUMN
    likeCount ` + db.typeInt()`: the type built) is no part of the name
    (trial s39 writefreely: every such column was an unjudged DBN013)."""
    return len(name) + (2 if quoted else 0)


class _Read:
    """One code file's DDL strings as read: where each is, which a hole names."""

    def __init__(
        self, text: str, strings: Sequence[DdlString], shown: str, raw: str | None = None
    ) -> None:
        self.text = text
        #: The code as written, where a builder's calls were laid over it as SQL.
        self.raw = raw
        self.strings = strings
        self.shown = shown
        self.starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]

    def _raw_line(self, offset: int) -> str:
        """The code as written's line of ``offset`` of :attr:`text` (a
        builder's SQL is laid over the call keeping the file's lines)."""
        line = bisect.bisect_right(self.starts, offset)
        lines = (self.raw or "").splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def as_written(self, location: Location, name: str) -> Location:
        """``location`` of ``name`` in this file's SQL view, moved to where the
        code as written holds the name. A builder's or a struct tag's SQL laid
        over a line is longer than the code it stands for, so the name may sit
        past the line's end (a GORM tag's ``column:lineTotal`` was reported at
        column 64 of a 48-character line: guides s40). The name's first spelling
        as a whole word in the written line (its opening quote when it has one),
        case-insensitively if need be; else the line's first character when
        the column is past its end; else ``location`` itself."""
        if location.path != self.shown:
            return location
        offset = self.offset(location)
        if self.raw is None:
            # a helper's statement laid at its call stands where the call is
            # (trial s40 authelia: `special.go:13:54`, the literal at 60); a
            # string as written keeps its place (a Rust `\u{22}` escape's)
            string = self.string_at(location)
            if string is None or not string.laid:
                return location
            line = self.text[self.starts[location.line - 1] :].split("\n", 1)[0]
        else:
            line = self._raw_line(offset)
        at = location.column - 1
        if name and name in (line[at : at + len(name)], line[at + 1 : at + 1 + len(name)]):
            return location
        word = re.compile(rf"(?<![\w$]){re.escape(name)}(?!\w)") if name else None
        found = word.search(line) if word is not None else None
        if found is None and word is not None:
            found = re.compile(word.pattern, re.IGNORECASE).search(line)
        if found is not None:
            start = found.start()
            if start and line[start - 1] in "'\"`":
                start -= 1
            return Location(self.shown, location.line, start + 1)
        if at < len(line):
            return location
        return Location(self.shown, location.line, len(line) - len(line.lstrip()) + 1)

    def offset(self, location: Location) -> int:
        line = min(max(location.line, 1), len(self.starts))
        return self.starts[line - 1] + max(location.column, 1) - 1

    def location(self, offset: int) -> Location:
        line = bisect.bisect_right(self.starts, offset)
        return Location(self.shown, line, offset - self.starts[line - 1] + 1)

    def string_at(self, location: Location) -> DdlString | None:
        """The string whose SQL holds ``location``."""
        at = self.offset(location)
        return next((s for s in self.strings if s.start <= at <= s.end), None)

    def dynamic(
        self, events: Sequence[Event], diagnostics: Sequence[Diagnostic]
    ) -> dict[DdlString, None]:
        """The strings a hole of which makes a name, or with a hole and a
        statement the reader could not read (a hole it cannot parse)."""
        out: dict[DdlString, None] = {}
        for event in events:
            for name, where, quoted in (
                (event.name, event.location, event.quoted),
                (event.new_name, event.new_location, event.new_quoted),
            ):
                string = self.string_at(where) if name is not None and where is not None else None
                if string is not None and name is not None and where is not None:
                    at = self.offset(where)
                    if in_hole(string, at, at + _width(name, quoted)):
                        out[string] = None
        for d in diagnostics:
            string = self.string_at(d.location)
            if string is None or d.severity is Severity.INFO:
                continue
            if string.holes or _ENDS_EARLY in d.message:
                out[string] = None
        return out

    def built_name(self, event: Event) -> bool:
        """Whether a hole of its string makes a name ``event`` creates or renames to.
        Not the old name of a rename: ``ALTER INDEX IDX_${tablePrefix}x RENAME TO
        "BadIdx"`` makes a name written in full (trial s39 n8n: it was dropped
        with the event, unjudged once the prefix's DBN013 was accepted)."""
        renamed = event.new_name is not None
        for name, where, quoted in (
            ((event.new_name, event.new_location, event.new_quoted),)
            if renamed
            else ((event.name, event.location, event.quoted),)
        ):
            string = self.string_at(where) if name is not None and where is not None else None
            if string is not None and name is not None and where is not None:
                at = self.offset(where)
                if in_hole(string, at, at + _width(name, quoted)):
                    return True
        return False

    def shown_table(self, event: Event) -> Event:
        """``event`` with a table a hole names (``xx`` in the SQL read) named
        as the code writes the hole (``%s``), so a finding says
        ``column "%s.camelCol"``."""
        table = event.table
        string = self.string_at(event.location)
        if table is None or string is None or not table.name.startswith("x"):
            return event
        for a, b in string.holes:
            built = self.text[a:b].strip(" \t\"'`+.")  # `" + name + "`: name
            if not built or "\n" in built:
                continue
            if b - a == len(table.name) and not table.name.strip("x"):
                return replace(event, table=replace(table, name=built, quoted=True))
            # a prefix hole, `${tablePrefix}webhook_entity`: shown as the code
            # writes it, not as the reader's xxx...webhook_entity (trial s39 n8n)
            rest = table.name[b - a :]
            written = self.text[b : b + len(rest)]
            if table.name[: b - a].strip("x") or not rest or written.lower() != rest.lower():
                continue
            shown = built if built.startswith(("${", "{")) else "{" + built + "}"
            return replace(event, table=replace(table, name=shown + written, quoted=True))
        return event

    def in_hole(self, location: Location) -> bool:
        """Whether ``location`` (of this file) is in a hole of one of its strings."""
        if location.path != self.shown:
            return False
        string = self.string_at(location)
        at = self.offset(location)
        return string is not None and in_hole(string, at, at + 1)

    def in_dynamic(self, location: Location) -> bool:
        """Whether ``location`` (of this file) is in a string with a hole."""
        if location.path != self.shown:
            return False
        string = self.string_at(location)
        return string is not None and bool(string.holes)

    def written_error(self, d: Diagnostic) -> bool:
        """Whether ``d`` is a statement that could not be read (``DBN004``)
        at a place before the first hole of the string it is in: the written
        text alone stopped the reading there, whatever the code puts in the
        hole (a MySQL string's backtick read as PostgreSQL; trial s39 n8n's
        ``'CREATE TABLE `' + tablePrefix + 'x` ...'`` passed once its DBN013
        was accepted, its names unread)."""
        string = self.string_at(d.location) if d.location.path == self.shown else None
        return (
            d.code in _UNREADABLE
            and string is not None
            and bool(string.holes)
            and self.offset(d.location) < string.holes[0][0]
        )

    def hides(self, d: Diagnostic) -> bool:
        """Whether the reading's diagnostic ``d`` is in a string with a hole,
        where what the code puts there may be its cause (not
        :meth:`written_error`)."""
        return self.in_dynamic(d.location) and not self.written_error(d)

    def note(self, string: DdlString) -> Diagnostic:
        """The ``DBN013`` note on a string whose names the code builds."""
        head = statement_head(string.text)
        if string.holes:
            a, b = string.holes[0]
            built = " ".join(self.text[a:b].split())[:60]
            laid = _LAID_HOLE.fullmatch(built)
            if laid is not None and self.raw is not None and built not in self._raw_line(a):
                # a builder call's argument laid as a template's hole: shown as
                # the code writes it (trial s32 outline: `${tableName}` for
                # createTable(tableName, ...), no template literal in the code)
                built = laid.group(1)
            message = (
                f"this string's DDL ({head}) is completed when the code runs ({built}): "
                "a name it builds is not checked and is not in the model. Write the name "
                "in the string to have it checked"
            )
        else:
            message = (
                f"this string's DDL ({head}) ends before its statement does, so the code "
                "completes it when it runs (joined to other strings, or a builder): the "
                "names it adds are not checked and are not in the model. Write the whole "
                "statement in one string to have it checked"
            )
        return Diagnostic(self.location(string.start), Severity.INFO, message, DYNAMIC_CODE)
