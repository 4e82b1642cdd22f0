"""A Rails migration a change adds while ``db/structure.sql`` does not record
it (``DBN032``): the gate judged a schema the migration does not make.

dbnamelint reads Rails' dump, never the Ruby migrations. ``bin/rails
db:migrate`` (with ``config.active_record.schema_format = :sql``) runs the new
migration and rewrites ``db/structure.sql``, whose last statement lists every
applied version: ``INSERT INTO "schema_migrations" (version) VALUES
('20261203130000'), ...;`` (PostgreSQL and SQLite; MySQL's dump writes the same
statement with backquotes, older Rails one ``INSERT`` per version). A new
``db/migrate/<version>_x.rb`` whose version that list lacks was not migrated
into the dump the gate read, so whatever DDL it holds escaped every rule.

A Rails app that keeps ``db/schema.rb`` (``schema_format`` ``:ruby``, the
default) is read through it (:mod:`dbnamelint.frontends.rails`): the dumper
records only the latest version there, ``ActiveRecord::Schema[7.1].define(version:
2024_05_01_120000)`` (``SchemaDumper#define_arglist``), so a migration whose
version is newer was not migrated into it; Rails 8.1 may instead list every
version after ``__END__`` (``load_schema_migrations``), read as the list above.

A database other than the primary (``config/database.yml``'s ``queue:``)
dumps to ``db/<name>_schema.rb`` (``_structure.sql``) and keeps its
migrations where its ``migrations_paths:`` says (Rails 8: ``db/queue_migrate``).

Not checked: a dump without that list (not one Rails wrote), and a database
that shares ``db/migrate`` with the primary (no ``migrations_paths:``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.ecto_baseline import loading_alias
from dbnamelint.frontends.sql.sources import SourceError, decode_bytes, read_bytes
from dbnamelint.gitutil import (
    GitError,
    diff_statuses,
    relative_to_repo,
    repository_root,
    run_git,
    show_bytes,
)
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile
from dbnamelint.rails_dump import (
    ECTO_MIGRATION_NAME,
    MIGRATION_NAME,
    is_ecto_dump,
    is_rails_dump,
    is_schema_rb,
    recorded_versions,
    without_versions,
)
from dbnamelint.services.code_text import accepts
from dbnamelint.services.lint import UNCHECKED_DDL_CODE
from dbnamelint.services.rails_made import (
    Made,
    dump_names,
    holds,
    identifier_in,
    made_by_migrations,
    shown,
)

#: What a migration's ``# dbnamelint: ignore[...] <reason>`` names to accept its DBN032.
_ACCEPTED = frozenset({"dbn032", "ddl-file-not-checked"})
#: The migration's class line: where the message points.
_CLASS = lazy_compile(r"^[ \t]*class\s+\w+\s*<\s*ActiveRecord::Migration", re.MULTILINE)


def unrecorded_rails_migrations(
    files: Sequence[SourceFile], cwd: Path, commit: str, *, staged: bool
) -> list[Diagnostic]:
    """One ``DBN032`` error per ``db/migrate/<version>_x.rb`` added since
    ``commit`` (the index's additions when ``staged``, a commit being made;
    else the working tree's) beside a ``db/structure.sql`` of ``files`` (read
    as the run reads it: the staged copy in a hook) whose ``schema_migrations``
    list (when it has one) lacks its version; located at its ``class ... <
    ActiveRecord::Migration`` line, else line 1. Raises
    :class:`~dbnamelint.gitutil.GitError` when git fails."""
    dumps: dict[str, SourceFile] = {}
    ecto: set[str] = set()  # the folders of Ecto's migrations
    repo = repository_root(cwd)
    for source in files:
        absolute = Path(os.path.normpath(cwd / source.path))
        posix = absolute.as_posix()
        if is_ecto_dump(posix):
            rel = relative_to_repo(repo, absolute.parent / "migrations")
            if rel is not None:
                dumps.setdefault(rel + "/", source)
                ecto.add(rel)
            continue
        for folder in rails_migration_folders(absolute):
            rel = relative_to_repo(repo, absolute.parent.parent / folder)
            if rel is not None:
                dumps.setdefault(rel + "/", source)
    if not dumps:
        return []
    fields = diff_statuses(repo, commit, cached=staged).decode("utf-8", "surrogateescape")
    parts = fields.split("\0")
    added = [rel for s, rel in zip(parts[0:-1:2], parts[1::2], strict=False) if s == "A"]
    # a migration moved (`git mv db/migrate/x.rb db/migrate/extra/`): its version
    # ran already, and Rails finds it where it is now
    moved = moved_versions(parts)
    out: list[Diagnostic] = []
    versions: dict[str, _Recorded | None] = {}
    unchanged: dict[str, bool] = {}  # per dump: its schema the same as at the base
    dump_texts: dict[str, str | None] = {}
    # what every migration the change adds takes away again (a later one may drop
    # or rename what an earlier one makes: the dump then rightly lacks it)
    undone: set[str] = set()
    # per folder: the Rails migrations the change adds there, in the order they run
    runs: dict[str, list[tuple[str, str]]] = {}
    for rel in sorted(added, key=lambda r: r.rpartition("/")[2]):
        owner = _migration_folder(rel.rpartition("/")[0], dumps, ecto)
        if owner is not None and owner not in ecto and rel.endswith(".rb"):
            text = _added_text(repo, rel, staged=staged)
            undone |= _undone_names(text)
            if MIGRATION_NAME.match(rel.rpartition("/")[2]) and not _moved(rel, moved):
                runs.setdefault(owner, []).append((rel, text))
    made: dict[str, dict[str, list[tuple[Made, int]]]] = {}  # per folder, read once
    for rel in sorted(added):
        folder, _, name = rel.rpartition("/")
        folder = _migration_folder(folder, dumps, ecto) or folder
        dump = dumps.get(folder + "/")
        match = (ECTO_MIGRATION_NAME if folder in ecto else MIGRATION_NAME).match(name)
        if dump is None or match is None or match.group("version") in moved:
            continue
        if folder not in versions:
            versions[folder] = _versions_of(dump, cwd)
        known = versions[folder]
        # No list at all: not a dump Rails wrote (or trimmed by hand); nothing to compare.
        if not known:
            continue
        text = _added_text(repo, rel, staged=staged)
        tool = "Ecto" if folder in ecto else "Rails"
        found = (_MODULE if folder in ecto else _CLASS).search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        column = 1
        shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
        version = match.group("version")
        # the version's own check is a fact db:migrate never fails; what the
        # dump shows is inferred, so a reviewed comment in the migration may
        # accept it (an ALTER TABLE the dumper does not write, ENABLE ROW LEVEL
        # SECURITY; trial s34 chatwoot s23c: not honoured)
        acceptable = True
        if not known.holds(version) and folder in ecto and _baseline(repo, folder, staged=staged):
            # `mix ecto.load` then `mix ecto.migrate`: the dump is a baseline the
            # migration runs on top of, never regenerated for it; its calls are
            # judged as where there is no dump (trial s42 hexpm)
            continue
        if not known.holds(version):
            acceptable = False
            where = (
                f"newer than the version {known.latest} that {dump.path}'s define(version:) records"
                if known.latest is not None
                else f"not in {dump.path}'s schema_migrations list"
            )
            message = (
                f"this {tool} migration's version {version} is {where}, so the schema checked "
                "is not the one it makes and its DDL was not read"
            )
        elif _changes_dump(text, folder in ecto, dump, cwd) and (
            unchanged[folder]
            if folder in unchanged
            else unchanged.setdefault(folder, _schema_unchanged(dump, cwd, repo, commit))
        ):
            # Its version listed by hand (trial s28 chatwoot): the dump says it ran,
            # yet holds nothing it makes.
            said = (
                f"'s define(version: {known.latest}) covers"
                if known.latest is not None
                else " lists"
            )
            message = (
                f"{dump.path}{said} this {tool} migration's version {version}, but the schema "
                "it dumps is the same as at the base, while the migration changes the schema: "
                + (
                    "its version was added to the list by hand"
                    if known.latest is None
                    else "the dump was not regenerated by db:migrate after it"
                )
                + ", and its DDL was not read"
            )
        elif (
            folder not in ecto
            and (
                missing := _missing_names(
                    (
                        made[folder]
                        if folder in made
                        else made.setdefault(
                            folder, made_by_migrations(runs.get(folder, []), dump.dialect)
                        )
                    ).get(rel, []),
                    dump_texts[folder]
                    if folder in dump_texts
                    else dump_texts.setdefault(folder, _dump_text(dump, cwd)),
                    undone,
                    dump if dump.path.endswith(".rb") else None,
                )
            )[0]
        ):
            # at the call that made the first name the dump lacks
            if missing[1]:
                line = missing[1]
                row = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
                column = len(row) - len(row.lstrip()) + 1
            said = (
                f"'s define(version: {known.latest}) covers"
                if known.latest is not None
                else " lists"
            )
            message = (
                f"{dump.path}{said} this {tool} migration's version {version}, but holds no "
                f"{missing[0]} that the migration makes: it was not migrated into the dump "
                "(another migration's regenerated dump, or a version typed in by hand), and "
                "its DDL was not read"
            )
        else:
            continue
        if acceptable and accepts(text, _ACCEPTED):
            out.append(
                Diagnostic(
                    Location(shown, line, column),
                    Severity.INFO,
                    f"{message}; accepted by the migration's `dbnamelint: ignore[DBN032]` comment",
                    UNCHECKED_DDL_CODE,
                )
            )
            continue
        out.append(
            Diagnostic(
                Location(shown, line, column),
                Severity.ERROR,
                f"{message}: "
                + (
                    "run `mix ecto.migrate` and `mix ecto.dump` and commit the regenerated "
                    if folder in ecto
                    else "run `bin/rails db:migrate` and commit the regenerated "
                    if dump.path.endswith(".rb")
                    else "run `bin/rails db:migrate` (with "
                    "`config.active_record.schema_format = :sql`) and commit the regenerated "
                )
                + dump.path,
                UNCHECKED_DDL_CODE,
            )
        )
    return out


def _baseline(repo: Path, folder: str, *, staged: bool) -> bool:
    """Whether the Ecto app of migration folder ``folder`` (repository
    relative, ``priv/<repo>/migrations``) loads its dump before migrating, by
    its ``mix.exs`` aliases (:func:`~dbnamelint.ecto_baseline.loading_alias`;
    the staged copy in a hook)."""
    parts = PurePosixPath(folder).parts
    if len(parts) < 3:
        return False
    app = PurePosixPath(*parts[:-3]) if len(parts) > 3 else PurePosixPath()
    text = _added_text(repo, (app / "mix.exs").as_posix(), staged=staged)
    return loading_alias(text, parts[-2]) is not None


def moved_versions(parts: Sequence[str]) -> frozenset[str]:
    """The versions of the Rails (and Ecto) migrations ``parts`` (``git diff
    --name-status -z`` fields) both deletes and adds: a migration moved, not a
    new one."""

    def versions(status: str) -> set[str]:
        names = [
            rel.rpartition("/")[2]
            for s, rel in zip(parts[0:-1:2], parts[1::2], strict=False)
            if s == status
        ]
        # (Ecto's too: it knows a migration by its version, as Rails does)
        return {
            m.group("version")
            for name in names
            if (m := MIGRATION_NAME.match(name) or ECTO_MIGRATION_NAME.match(name)) is not None
        }

    return frozenset(versions("A") & versions("D"))


def _migration_folder(folder: str, dumps: dict[str, SourceFile], ecto: set[str]) -> str | None:
    """The migration folder of ``dumps`` a file of repository folder ``folder``
    belongs to: that folder, or for Rails one it is under (``db/migrate/extra/``:
    ``MigrationContext#migration_files`` globs ``<path>/**/[0-9]*_*.rb``, so
    Rails runs it; trial s34 chatwoot s17); None when none."""
    if folder + "/" in dumps:
        return folder
    at = folder
    while "/" in at:
        at = at.rpartition("/")[0]
        if at + "/" in dumps:
            return None if at in ecto else at
    return None


def rails_migration_folders(dump: Path) -> list[str]:
    """The migration folders (relative to the app) whose migrations Rails
    dumps into ``dump``: for ``db/schema.rb`` or ``db/structure.sql``,
    ``db/migrate`` and the folders the app's Ruby adds to it
    (:func:`~dbnamelint.frontends.rails.app.migration_folders`: mastodon's
    ``db/post_migrate``); for ``db/<name>_schema.rb`` (``_structure.sql``),
    ``config/database.yml``'s ``migrations_paths:`` of that section (a list
    of folders, or one); none for any other file, or for such a database
    sharing ``db/migrate`` (no ``migrations_paths:``)."""
    from dbnamelint.frontends.rails.app import migration_folders, migrations_paths

    name = dump.name
    posix = dump.as_posix()
    if dump.parent.name != "db":
        return []
    if name in ("schema.rb", "structure.sql"):
        if is_rails_dump(posix) or (is_schema_rb(posix) and name == "schema.rb"):
            return migration_folders(dump.parent.parent)
        return []
    for tail in ("_schema.rb", "_structure.sql"):
        if name.endswith(tail) and name[: -len(tail)].isidentifier():
            return migrations_paths(dump.parent.parent, name[: -len(tail)]) or []
    return []


def _changes_dump(text: str, ecto: bool, dump: SourceFile, cwd: Path) -> bool:
    """Whether migration ``text`` changes what ``dump`` shows: any schema
    statement for ``structure.sql`` (it holds every object); for
    ``db/schema.rb`` only what the Ruby dumper writes (a migration making only
    a view or a function leaves it as it was but for the version, trial s34
    chatwoot s23b: refused with advice it could not follow)."""
    if ecto:
        return _ECTO_CALL.search(text) is not None
    if not dump.path.endswith(".rb"):
        return _SCHEMA_CALL.search(text) is not None
    from dbnamelint.services.rails_ruby_dump import dump_kinds, dump_shows

    absolute = Path(os.path.normpath(cwd / dump.path))
    return dump_shows(text, dump_kinds(absolute.parent.parent, _dump_text(dump, cwd) or ""))


#: An Ecto migration's module line: where the message points.
_MODULE = lazy_compile(r"^[ \t]*use\s+Ecto\.Migration", re.MULTILINE)
#: What in an Ecto migration changes the schema (``Ecto.Migration``: create,
#: alter, drop and rename of tables and indexes, ``add``/``remove``/``modify``
#: in an ``alter``, and ``execute`` of text holding DDL words).
_ECTO_CALL = lazy_compile(
    r"\b(?:create|create_if_not_exists|alter|drop|drop_if_exists|rename)\s*\(?\s*"
    r"(?:table|index|unique_index|constraint)\b"
    r"|\b(?:add|add_if_not_exists|remove|remove_if_exists|modify)\s*\(?\s*:"
    r"|\bexecute\b[^\n]*(?:\n[^\n]*){0,20}?\b(?i:create|alter|drop|rename)\b"
)
#: What in a Rails migration changes the schema: the schema statements of
#: ``ActiveRecord::ConnectionAdapters::SchemaStatements`` (and ``change_table``'s
#: block), and ``execute`` of text holding DDL words.
_SCHEMA_CALL = lazy_compile(
    r"\b(?:create_table|drop_table|rename_table|create_join_table|drop_join_table|change_table"
    r"|add_column|remove_column|remove_columns|rename_column|change_column|add_index"
    r"|remove_index|rename_index|add_reference|add_belongs_to|remove_reference"
    r"|add_foreign_key|remove_foreign_key|add_timestamps|add_check_constraint"
    r"|create_enum|create_view|create_function|create_trigger"
    r"|create_virtual_table|drop_virtual_table)\b"
    r"|\bexecute\b[^\n]*(?:\n[^\n]*){0,20}?\b(?i:create|alter|drop|rename)\b"
)


#: A name in a migration's call: a symbol or a string.
_NAME = r"""(?::(?P<{0}>\w+)|["'](?P<{0}q>[^"'\n]+)["'])"""
#: What takes a name away again: ``drop_table``, ``remove_column(s)``, and a
#: rename's old name, in any migration the change adds.
_UNDOES = lazy_compile(
    r"^[ \t]*(?:drop_table|drop_virtual_table|rename_table)\s*\(?\s*"
    + _NAME.format("t")
    + r"|^[ \t]*(?:remove_columns?|rename_column)\s*\(?\s*"
    + _NAME.format("a")
    + r"\s*,\s*"
    + _NAME.format("c")
    # `remove_index :t, name: "x"`, a change_table block's `t.remove :c`/`t.remove_index`
    + r"|^[ \t]*(?:remove_index\b|\w+\.remove_index\b)[^\n]*?\bname:\s*"
    + _NAME.format("i")
    + r"|^[ \t]*\w+\.remove\s*\(?\s*"
    + _NAME.format("r"),
    re.MULTILINE,
)


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) or match.group(name + "q")


def _undone_names(text: str) -> set[str]:
    """The tables and columns ``text``'s migration drops, removes or renames away."""
    out: set[str] = set()
    for found in _UNDOES.finditer(text):
        for name in ("t", "c", "i", "r"):
            value = _group(found, name)
            if value:
                out.add(value)
    return out


def _missing_names(
    made: list[tuple[Made, int]], dump: str | None, undone: set[str], ruby: SourceFile | None
) -> tuple[str, int]:
    """The names of ``made`` (what one new migration makes that is still
    there after the change's migrations ran: :func:`~.rails_made.made_by_migrations`)
    that the dump's text ``dump`` holds nowhere, unless a migration of the
    change takes it away again (``undone``: a ``remove_column``, whose call
    runs no SQL the reader writes), said as ``table "x"``, ``column "t"."c"``,
    ``index or constraint "t"."i"``, with the line of the first (the call
    that made it, where the finding is); "" when the dump holds all (a dump
    ``db:migrate`` wrote does), or cannot be read. A ``db/schema.rb`` (``ruby``)
    is read, each name looked for as what it is, on its table; in a
    structure.sql, the name is looked for as an identifier.

    Never a false error on a dump ``db:migrate`` wrote, and a migration the
    dump was not migrated past is caught when what it makes is new (trial
    s30 mastodon S9b: a second migration's regenerated schema.rb carried the
    first one's version; confirm37 P2: an ``add_index`` left out of a dump
    updated for the migration's ``add_column``)."""
    if dump is None or not made:
        return "", 0
    names = dump_names(dump, ruby) if ruby is not None else None
    ordered = sorted(made, key=lambda x: x[1])
    lacking = [
        m
        for m, _ in ordered
        if m.name not in undone
        and m.table not in undone
        and not (holds(names, m) if names is not None else identifier_in(dump, m.name))
    ]
    tables = {m.name for m in lacking if m.kind == "table"}
    # a table the dump lacks lacks its columns and indexes too: said once
    missing = [shown(m) for m in lacking if m.table not in tables]
    first = next((at for m, at in ordered if lacking and m is lacking[0]), 0)
    if len(missing) > 3:
        return ", ".join(missing[:3]) + f" and {len(missing) - 3} more", first
    return ", ".join(missing), first


def _moved(rel: str, moved: frozenset[str]) -> bool:
    found = MIGRATION_NAME.match(rel.rpartition("/")[2])
    return found is not None and found.group("version") in moved


def _dump_text(dump: SourceFile, cwd: Path) -> str | None:
    try:
        return decode_bytes(read_bytes(dump, cwd), dump.path)
    except SourceError:
        return None


def _schema_unchanged(dump: SourceFile, cwd: Path, repo: Path, commit: str) -> bool:
    """Whether ``dump``'s schema (its text without the version list, blank and
    comment lines: :func:`~dbnamelint.rails_dump.without_versions`) is the
    same now as at ``commit``; False when either cannot be read."""
    rel = relative_to_repo(repo, Path(os.path.normpath(cwd / dump.path)))
    before = show_bytes(repo, commit, rel) if rel is not None else None
    if before is None:
        return False
    try:
        now = decode_bytes(read_bytes(dump, cwd), dump.path)
    except SourceError:
        return False
    then = before.decode("utf-8", "replace")
    if dump.path.endswith(".rb"):
        return _rb_without_versions(then) == _rb_without_versions(now)
    return without_versions(then) == without_versions(now)


#: schema.rb's ``define(version: 2024_05_01_120000)`` and Rails 8.1's ``__END__`` list.
_RB_VERSION = lazy_compile(r"define\s*\(\s*version:\s*[\d_]+\s*\)")
_RB_END = lazy_compile(r"^__END__\n.*", re.MULTILINE | re.DOTALL)


def _rb_without_versions(text: str) -> str:
    """``db/schema.rb`` without the versions it records, blank and comment lines."""
    kept = _RB_END.sub("", _RB_VERSION.sub("define()", text))
    return "\n".join(
        line.rstrip()
        for line in kept.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


class _Recorded:
    """The versions a dump records: a list (``structure.sql``, Rails 8.1's
    ``__END__``), or only the ``latest`` (schema.rb's ``define(version:)``),
    every version up to which counts as migrated."""

    def __init__(self, listed: frozenset[str], latest: str | None) -> None:
        self.listed = listed
        self.latest = latest

    def __bool__(self) -> bool:
        return bool(self.listed) or self.latest is not None

    def holds(self, version: str) -> bool:
        if self.latest is not None:
            return int(version) <= int(self.latest)
        return version in self.listed


def _versions_of(dump: SourceFile, cwd: Path) -> _Recorded | None:
    try:
        text = decode_bytes(read_bytes(dump, cwd), dump.path)
    except SourceError:
        return None  # the run says it could not read the dump
    if dump.path.endswith(".rb"):
        from dbnamelint.frontends.rails.reader import listed_versions, recorded_version

        listed = listed_versions(text)
        if listed is not None:
            return _Recorded(listed, None)
        latest = recorded_version(text)
        return _Recorded(frozenset(), latest if latest and latest.isdigit() else None)
    return _Recorded(recorded_versions(text), None)


def _added_text(repo: Path, rel: str, *, staged: bool) -> str:
    # the run cache keys `--base` by which files changed, not by their bytes:
    # another edit of the migration must judge it again
    readlog.note_side(str(repo / rel))
    try:
        staged_copy = run_git(repo, "show", f":{rel}", index=True) if staged else None
        data = staged_copy if staged_copy is not None else (repo / rel).read_bytes()
    except (GitError, OSError):
        return ""
    return data.decode("utf-8", "replace")


#: The gate's note on a changed file it does not read (``DBN008``).
_NOT_READ_CODE = "DBN008"


def unread_rails_dumps(
    change: Sequence[str],
    read: Sequence[SourceFile],
    base_files: frozenset[str],
    cwd: Path,
    commit: str,
    ref: str,
    *,
    staged: bool,
    dialect: str | None,
    skip: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """What the gate says of a Rails app's schema dumps the run does not read
    (trial s30 mastodon):

    - ``DBN032`` for a dump the change adds or edits (``change``, relative to
      ``cwd``; a path of ``skip`` has its own) that the run did not read
      (``read``) while it holds DDL its copy at ``commit`` did not: a
      ``db/<name>_schema.rb`` of a database no ``databases:`` entry reads (its
      ``DBN007`` note said only "not replayed"), a ``db/schema.rb`` after the
      app's ``schema_format`` became ``:sql``, a dump ``exclude`` leaves out;
    - ``DBN032`` for each migration the change adds to the app's migration
      folders when the run read a dump of the app at the base (``base_files``)
      and reads none now: nothing compares it with a dump;
    - a ``DBN008`` warning on a dump the base read that the run no longer
      reads, when neither of the above says so (the whole schema is dropped).
    """
    repo = repository_root(cwd)
    now_read = {os.path.realpath(cwd / f.path) for f in read}
    was_read = {os.path.realpath(cwd / f) for f in base_files}
    out: list[Diagnostic] = []
    said: set[str] = set()
    for name in change:
        path = Path(os.path.normpath(cwd / name))
        real = os.path.realpath(path)
        app = _rails_app(path)
        if app is None or real in now_read or name in skip:
            continue
        rel = relative_to_repo(repo, path)
        if rel is None:
            continue
        before = show_bytes(repo, commit, rel)
        try:
            now = run_git(repo, "show", f":{rel}", index=True) if staged else path.read_bytes()
        except (GitError, OSError):
            continue
        fresh = _fresh_dump_ddl(path, before, now, dialect)
        if not fresh:
            continue
        line, shown_ddl, more = fresh
        also = f" and {more} more" if more else ""
        since = f"the file is new since {ref}" if before is None else f"new since {ref}"
        out.append(
            Diagnostic(
                Location(name, line, 1),
                Severity.ERROR,
                f"Rails schema dump not read holds new DDL (`{shown_ddl}`{also}; {since}): "
                f"{_why_unread(path, app, real in was_read, ref)}",
                UNCHECKED_DDL_CODE,
            )
        )
        said.add(real)
    # migrations added to an app whose dump the base read and the run reads no more
    lost = {
        _rails_app(Path(p))
        for p in was_read
        if p not in now_read and Path(p).is_file() and _rails_app(Path(p)) is not None
    }
    reading = {_rails_app(Path(p)) for p in now_read}
    fields = diff_statuses(repo, commit, cached=staged).decode("utf-8", "surrogateescape")
    parts = fields.split("\0")
    added = [rel for s, rel in zip(parts[0:-1:2], parts[1::2], strict=False) if s == "A"]
    for app in sorted(a for a in lost - reading if a is not None):
        folders = [app / f for f in migration_folders_of(app)]
        for rel in sorted(added):
            path = repo / rel
            if (
                not any(f == path.parent or f in path.parents for f in folders)
                or MIGRATION_NAME.match(path.name) is None
            ):
                continue
            text = _added_text(repo, rel, staged=staged)
            found = _CLASS.search(text)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            dumps = ", ".join(
                sorted(
                    Path(os.path.relpath(p, cwd)).as_posix()
                    for p in was_read
                    if _rails_app(Path(p)) == app
                )
            )
            out.append(
                Diagnostic(
                    Location(Path(os.path.relpath(path, cwd)).as_posix(), line, 1),
                    Severity.ERROR,
                    f"this Rails migration is new, while the run reads no schema dump of its "
                    f"app ({dumps}, read at {ref}, is not read now"
                    f"{_format_said(app)}), so its DDL was not read: run `bin/rails "
                    "db:migrate` and commit the dump Rails writes, and have the run read it",
                    UNCHECKED_DDL_CODE,
                )
            )
    for real in sorted(was_read - now_read - said):
        path = Path(real)
        app = _rails_app(path)
        if app is None or not path.is_file() or app in reading:
            continue
        out.append(
            Diagnostic(
                Location(Path(os.path.relpath(path, cwd)).as_posix(), 1, 1),
                Severity.WARNING,
                f"this Rails schema dump was read at {ref} and is not read now"
                f"{_format_said(app)}: no rule checks the app's schema any more",
                _NOT_READ_CODE,
            )
        )
    return out


def migration_folders_of(app: Path) -> list[str]:
    from dbnamelint.frontends.rails.app import migration_folders

    return migration_folders(app)


def _rails_app(path: Path) -> Path | None:
    """The app of ``path`` when it is a Rails dump (``db/schema.rb``,
    ``db/<name>_schema.rb``, ``db/structure.sql``, ``db/<name>_structure.sql``)
    beside a ``config/database.yml`` or ``config/application.rb``."""
    posix = path.as_posix()
    name = path.name
    dump = is_schema_rb(posix) or (
        path.parent.name == "db"
        and (
            name == "structure.sql"
            or (name.endswith("_structure.sql") and name[:-14].isidentifier())
        )
    )
    if not dump:
        return None
    from dbnamelint.frontends.rails.app import database_yml

    app = path.parent.parent
    if database_yml(app) is not None or (app / "config" / "application.rb").is_file():
        return app
    return None


def _format_said(app: Path) -> str:
    from dbnamelint.frontends.rails.app import schema_format

    found = schema_format(app)
    if found == "sql" and not (app / "db" / "structure.sql").is_file():
        return (
            ": the app's `schema_format` is `:sql`, so Rails keeps db/structure.sql, which "
            "is not there"
        )
    if found is not None:
        return f": the app's `schema_format` is `:{found}`"
    return ""


def _why_unread(path: Path, app: Path, was_read: bool, ref: str) -> str:
    """Why the run does not read the dump ``path`` of ``app``, and what to do."""
    from dbnamelint.frontends.rails.app import schema_format

    name = path.name
    unread = "so no rule reads the names it makes, and the gate refuses it"
    if name not in ("schema.rb", "structure.sql"):
        database = name.rsplit("_", 1)[0]
        return (
            f"it is the dump of the Rails database `{database}`, which no `databases:` entry "
            f"of the config reads, {unread}: add `{database}: "
            f"[{Path(os.path.relpath(path, app)).as_posix()}]` to the config's `databases:` "
            "(docs/reading.md: Several separate databases in one tree; "
            "`dbnamelint init` writes such "
            "entries)"
        )
    found = schema_format(app)
    other = "structure.sql" if name == "schema.rb" else "schema.rb"
    if found is not None and (found == "sql") != (name == "structure.sql"):
        read = f", which the run read at {ref}" if was_read else ""
        return (
            f"the app's `schema_format` is `:{found}`, so `bin/rails db:migrate` no longer "
            f"rewrites {name}{read}, and the run reads db/{other} in its place, {unread}: "
            f"restore `schema_format`, or commit the db/{other} `bin/rails db:migrate` writes "
            "with this change in it"
        )
    return (
        f"the run does not read it (outside `paths`, or left out by `exclude`), {unread}: "
        "name it in `paths` (out of `exclude`) to check it with the schema"
    )


def _fresh_dump_ddl(
    path: Path, before: bytes | None, now: bytes, dialect: str | None
) -> tuple[int, str, int] | None:
    """(the line of the first, its text, how many more) of the DDL statements
    of the dump ``now`` that ``before`` did not hold, or None: for schema.rb
    the names its calls make (and its unread statements holding DDL), for
    structure.sql its DDL statements (:func:`~.unchecked_ddl.ddl_statements`)."""
    if path.name.endswith(".rb"):
        had = _rb_made(before.decode("utf-8", "replace"), path, dialect) if before else {}
        made = _rb_made(now.decode("utf-8", "replace"), path, dialect)
        fresh = [(line, text) for key, (line, text) in made.items() if key not in had]
    else:
        from dbnamelint.services.unchecked_ddl import ddl_statements

        source = SourceFile(str(path), dialect or "postgres", None)
        old = {s.key for s in ddl_statements(source, before, _no_unread)[0]} if before else set()
        fresh = [
            (s.location.line, s.key[:80])
            for s in ddl_statements(source, now, _no_unread)[0]
            if s.key not in old
        ]
    if not fresh:
        return None
    fresh.sort(key=lambda f: f[0])  # by line, in the order read (a table before its columns)
    return fresh[0][0], fresh[0][1], len(fresh) - 1


def _no_unread(_d: Diagnostic) -> bool:
    return False


def _rb_made(text: str, path: Path, dialect: str | None) -> dict[tuple[str, ...], tuple[int, str]]:
    """What schema.rb ``text`` makes, by (kind, table, name): the line and a
    text to show; its unread statements holding DDL by their note."""
    from dbnamelint.frontends.rails.app import adapter_dialect
    from dbnamelint.frontends.rails.reader import RUNS_DDL, read_schema_rb
    from dbnamelint.model import EventOp

    source = SourceFile(str(path), adapter_dialect(path) or dialect or "postgres", None)
    got = read_schema_rb(text, source)
    out: dict[tuple[str, ...], tuple[int, str]] = {}
    for event in got.events:
        if event.op is EventOp.USE or event.name is None:
            continue
        table = event.table.name if event.table is not None else ""
        key = (event.op.value, event.kind.value, str(table), event.name)
        shown = f"{event.kind.value} {table + '.' if table else ''}{event.name}"
        out.setdefault(key, (event.location.line, shown))
    for d in got.diagnostics:
        if RUNS_DDL in d.message:
            out.setdefault(("unread", d.message), (d.location.line, d.message.split(":")[0]))
    return out
