"""Finding old names in a repository's files: a ``git grep`` pre-filter, then a regex.

``git grep -l -I -F -i`` lists, in C and in parallel, the tracked files
(honouring ``.gitignore``, skipping binaries) that contain any old name as a
substring; only those files are read in Python, where one regex built as a
trie of the names (:class:`_WordFinder`, its cost independent of their
number) finds whole identifiers and each hit is judged in context.
Outside a git repository ``git grep --no-index --exclude-standard`` walks
the directory with the same rules.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import subprocess
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for
from dbnamelint.dialects.names import dialect_from_folder_names
from dbnamelint.dialects.profile import DialectProfile
from dbnamelint.impact import (
    goconsts,
    goqu,
    gorm,
    gormconv,
    gosqlbuilder,
    gotablecalls,
    jooq,
    jpasql,
    jswrites,
    kysely,
    laravelquery,
    pgxcopy,
    pooltables,
    pop,
    qualified_strings,
    rustsql,
    sqlcolumns,
    squirrel,
)
from dbnamelint.impact.classify import (
    HIGH,
    PLAIN,
    TAIL,
    Confidence,
    classify,
    comment_start,
    reads_as_statement,
)
from dbnamelint.impact.configvalues import SUFFIXES as CONFIG_SUFFIXES
from dbnamelint.impact.configvalues import config_values
from dbnamelint.impact.datafiles import in_key, is_catalogue, is_data_file
from dbnamelint.impact.diesel import DieselFile, DieselSite
from dbnamelint.impact.docstrings import docstrings, paragraph, span_at
from dbnamelint.impact.ecto import SUFFIXES as ECTO_SUFFIXES
from dbnamelint.impact.ecto import EctoFile
from dbnamelint.impact.gotableparams import LABEL as TABLE_PARAMETER_LABEL
from dbnamelint.impact.gotableparams import table_parameter_arguments
from dbnamelint.impact.kysely import KyselyFile
from dbnamelint.impact.languages import family, hash_comments
from dbnamelint.impact.migration_lists import in_lists, migration_lists
from dbnamelint.impact.modpaths import go_import_blocks, go_std_packages, in_module_path
from dbnamelint.impact.mybatis import MapperFile
from dbnamelint.impact.mybatis import Site as MapperSite
from dbnamelint.impact.prisma import PrismaFile, Site
from dbnamelint.impact.prose import code_blocks, in_blocks
from dbnamelint.impact.sprintf import LABEL as SPRINTF_LABEL
from dbnamelint.impact.sprintf import shown_table_formats, sprintf_table_arguments
from dbnamelint.impact.sqlscope import (
    KEYWORD,
    LOCAL,
    QUALIFIER,
    ROW,
    SCHEMA,
    UNRESOLVED,
    SqlText,
    Verdict,
    WriteForm,
    block_comments,
)
from dbnamelint.impact.tablelists import table_list_items
from dbnamelint.impact.targets import Target
from dbnamelint.services.migrate.view_limits import misled_write, refused_write

#: A Go query builder's table call (classify's label for ``.From("t")`` too).
BUILDER_LABEL = "Go query builder"
#: A table Synapse's ``DatabasePool.simple_*`` helper call names.
POOL_LABEL = "DatabasePool.simple_* call"

_IDENT = r"[A-Za-z0-9_$\x80-\U0010ffff]"
_QUALIFIER = lazy_compile(
    r'(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|(' + _IDENT + r"+))\s*\.\s*$"
)
#: How far back a qualifier is looked for: longer than any database's
#: identifier (quoted, quotes doubled); searching a long line's whole head
#: would cost its length squared on a run of identifier characters.
_QUALIFIER_REACH = 600


def _qualifier_before(text: str) -> re.Match[str] | None:
    """The ``qualifier.`` that ``text`` ends with (its offsets are ``text``'s), or None."""
    if not text.rstrip().endswith("."):
        return None  # the regex needs the dot: no search over the line's head per name
    return _QUALIFIER.search(text, max(0, len(text) - _QUALIFIER_REACH))


def _unquoted(before: str) -> str:
    """The text before a name without the identifier quote opening it: ``"``,
    `````, ``[``, or ``\\"`` in a ``"..."`` literal (Go's ``sq.Eq{"flags.\\"key\\"": v}``)."""
    if before.endswith('.\\"'):
        return before[:-2]
    return before[:-1] if before[-1:] in '"`[' else before


class ScanError(Exception):
    """git is missing or refused the search; the CLI exits with 2."""


class Reference(Struct, frozen=True):
    """One use of an old name: where, how sure, and the line it is on.

    ``line`` and ``column`` are 1-based; ``column`` and ``end_column``
    (exclusive) count characters and span the bare name only, which is what
    a rewrite replaces.
    """

    path: str  # relative to the directory the search ran in, with "/"
    line: int
    column: int
    end_column: int
    text: str  # the whole line, without its line break
    name: str  # the old name as written here
    target: Target
    confidence: Confidence
    context: str  # "SQL", "Prisma @@map", "comment", "text", ...
    #: Other objects (their ``Target.name``) this same place may name: the
    #: context does not show which one, so totals count the place once.
    shared: tuple[str, ...] = ()
    #: Where the SQL statement holding the place starts (an offset in the
    #: file), None outside SQL: a patch renames a statement whole or not at all.
    statement: int | None = None
    #: The columns its statement's ``INSERT INTO t (...)`` lists that ``t`` has
    #: neither now nor under an earlier name (``password_encrypted`` once moved to
    #: another table): SQL written for another version of the schema.
    misfit: tuple[str, ...] = ()
    #: Why the database will refuse this statement once the old name is the
    #: compatibility view (:func:`refusal`): a SQLite upsert, a PostgreSQL
    #: MERGE into the table, TRUNCATE, PostgreSQL's COPY; "" for any other place.
    refused: str = ""
    #: :data:`DDL_IN_CODE` when the place is in a code file's SQL statement that
    #: changes the schema (:meth:`~dbnamelint.impact.sqlscope.SqlText.schema_change`):
    #: listed and counted, never patched; "" for any other place.
    ddl: str = ""
    #: The place is in a SQL string of a Go migration list
    #: (:mod:`~dbnamelint.impact.migration_lists`): a step a fresh install
    #: replays before the rename, history that keeps the old name.
    step: bool = False
    #: Why a plain place is a medium-confidence use (:func:`row_key`): a row read
    #: by the column's old name (``row["old_col"]``); "" for any other place.
    keyed: str = ""


#: A string (or Ruby symbol) that is a whole subscript of a row: a receiver
#: named as one (``row["c"]``, ``$r['c']``, ``record[:c]``, ``rows[0]["c"]``, as
#: rustsql's row reads) or a fetch's result (``cur.fetchone()["c"]``); a request's
#: or a config's ``$data['order']`` is no row.
_ROW_KEY_BEFORE = lazy_compile(
    r"(?:(?<![\w$])\$?(?i:r|rec|\w*row\w*|\w*record\w*)(?:\s*\[\s*\w+\s*\])?"
    r"|\bfetch\w*\s*\([^()]*\))\s*\[\s*(?:[\"']|:)$"
)
_ROW_KEY_AFTER = lazy_compile(r"[\"']?\s*\]")


def row_key(line: str, start: int, end: int, target: Target) -> str:
    """Why ``line[start:end]``, a column's old name, is a medium-confidence use:
    a subscript reading a row (a dict cursor's, PDO's, a driver's result map)
    by the column's name, whose key is the new name once the query reads the
    renamed column; "" when the place is no such read."""
    if target.kind != "column" or _ROW_KEY_BEFORE.search(line, 0, start) is None:
        return ""
    opened = line[start - 1]  # the quote, or ":" of a Ruby symbol
    closed = line[end : end + 1]
    quoted = opened in "\"'"
    if _ROW_KEY_AFTER.match(line, end) is None or (closed != opened if quoted else closed in "\"'"):
        return ""
    new = target.target or target.name
    old = line[start:end]
    return (
        f"a row read by the column's name: a query reading the renamed column gives the "
        f"key {new}, so rename this key with the query, or alias the column back in it "
        f"({new} AS {old}) until the code is changed"
    )


#: Why ``impact --diff`` leaves a code file's DDL as written: a migration step
#: replayed on a fresh install runs before the forward script renames the table.
DDL_IN_CODE = (
    "DDL in code runs as a migration step or at start-up: rename it by hand "
    "(a migration step must keep the old name; start-up DDL needs the new name "
    "once the forward script ran)"
)


def code_dialect(path: str | None, target: Target) -> str | None:
    """The dialect of the database the code at ``path`` talks to: the one a
    folder of its path is named for (memos' ``store/db/mysql/memo_share.go``
    beside ``store/db/sqlite/``: each driver's code runs on its own
    database), else ``target``'s (the dialect of the files holding it)."""
    if path is None:
        return target.dialect
    return dialect_from_folder_names(PurePosixPath(path).parts[:-1]) or target.dialect


def refusal(target: Target, form: str, path: str | None = None) -> str:
    """What to tell code that names ``target``'s old name in a statement of
    ``form`` (:meth:`~dbnamelint.impact.sqlscope.SqlText.write_form`) that its
    database refuses on the compatibility view ``migrate`` leaves under that
    name; "" when it takes it, or ``target`` is no table (no view stands for it).
    ``path``: the code file running the statement (:func:`code_dialect`)."""
    if target.kind != "table":
        return ""
    new = target.target or target.name
    when = "now" if target.renamed else "before the forward script runs"
    dialect = code_dialect(path, target)
    why = refused_write(dialect, form)
    if why is not None:
        return f"will fail on the compatibility view: {why}; write to the new name {new} {when}"
    wrong = misled_write(dialect, form)
    if wrong is None:
        return ""
    return (
        f"will answer wrongly on the compatibility view: {wrong}; "
        f"write to the new name {new} {when}"
    )


def _git(cwd: Path, args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"}
    }
    env["LC_ALL"] = "C"
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            env=env,
        )
    except FileNotFoundError:
        raise ScanError(
            "git is not installed or not on PATH (impact searches with git grep)"
        ) from None


def inside_repository(cwd: Path) -> bool:
    """Whether ``cwd`` is inside a git working tree."""
    done = _git(cwd, ["rev-parse", "--is-inside-work-tree"])
    return done.returncode == 0 and done.stdout.strip() == b"true"


def candidate_files(
    cwd: Path, words: Collection[str], pathspecs: Sequence[str] = (), *, untracked: bool = False
) -> list[str]:
    """Files (relative to ``cwd``) containing any word, case-insensitively.

    Tracked files in a repository (their working-tree content; with
    ``untracked`` also new files ``.gitignore`` does not exclude), else
    every file not ignored; binaries are skipped (``-I``) as git judges them.
    """
    if not words:
        return []
    # No -w: git grep -w tries each word apart and costs names x text (41 s for 450 names on
    # 4,000 files, against 1.7 s without it); a file holding a word only inside a longer
    # identifier is read for nothing, and the trie regex reads it fast.
    args = ["grep", "-l", "-z", "-I", "-F", "-i"]
    if not inside_repository(cwd):
        args += ["--no-index", "--exclude-standard"]
    elif untracked:
        args += ["--untracked", "--exclude-standard"]
    for word in sorted(words):
        args += ["-e", word]
    args += ["--", *pathspecs] if pathspecs else []
    done = _git(cwd, args)
    if done.returncode == 1 and not done.stderr.strip():
        return []  # no match
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScanError(message[-1] if message else "git grep failed")
    return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _may_be_cut(name: str, profile: DialectProfile) -> bool:
    """Whether a longer spelling of ``name`` (one more character, of up to 4
    UTF-8 bytes) would be cut back to it by a truncating ``profile``: code
    spelling such a longer identifier may name the object (the cut itself
    is checked per spelling, :meth:`DialectProfile.clip`)."""
    room = 4 if profile.identifier_unit == "bytes" else 1
    return profile.identifier_size(name) + room > profile.max_identifier


class Matcher:
    """Finds every target's old names as whole identifiers in a text."""

    def __init__(
        self,
        targets: Iterable[Target],
        tables: Iterable[str] = (),
        columns: Mapping[str, Collection[str]] | None = None,
        go_tables: Mapping[str, str | None] | None = None,
        live_columns: Mapping[str, Collection[str]] | None = None,
        gorm_naming: gormconv.Naming | None = None,
        go_orms: Mapping[str, str] | None = None,
        pop_module: Callable[[str], bool] | None = None,
        folder_tables: Mapping[str, Mapping[str, str | None]] | None = None,
        go_constants: Callable[[str, str], Mapping[str, str | None]] | None = None,
        go_table_parameters: Callable[[str, str], Mapping[str, Sequence[int]]] | None = None,
    ) -> None:
        """``tables``: every table and view name the schema knows (any case);
        ``t.col`` with ``t`` one of them and not the column's own table is
        another table's column, not a reference. ``columns``: each table's
        column names (keys and names any case): a bare ``col`` in a query level
        reading a table that has such a column is that table's. ``live_columns``:
        each table's column names as they are now (none of their earlier
        names): ``x.col`` with ``x`` not resolved is no sure use of a column
        another table has live under that name. ``go_tables``:
        per Go type with a ``TableName()`` method, the name it returns (None:
        unknown), for the models of GORM chains
        (:mod:`dbnamelint.impact.gormconv`), named by ``gorm_naming``
        otherwise; ``go_orms``: per folder, the ORM its Go files import (the
        label of a ``TableName()`` string of a file importing none,
        :func:`~dbnamelint.impact.gorm.label`); ``pop_module``: whether a Go
        file (its path) is of a module whose ``go.mod`` requires pop, whose
        query strings are then read (:mod:`dbnamelint.impact.pop`);
        ``folder_tables``: ``go_tables`` per folder (a Go package), whose own
        types a file of it names (``Session{}.TableName()``); ``go_constants``:
        per Go file (path, text), the strings its package's constants stand
        for (:mod:`dbnamelint.impact.goconsts`; the file's own are read
        anyway), a query builder's table when its table call is given one;
        ``go_table_parameters``: per Go file (path, text), its package's
        functions that splice a parameter into SQL as the table
        (:func:`~dbnamelint.impact.gotableparams.table_parameters`, per name
        the parameters' positions)."""
        self._tables = frozenset(t.casefold() for t in tables)
        self._columns: dict[str, frozenset[str]] = {}
        for table, names in (columns or {}).items():
            key = table.casefold()
            self._columns[key] = self._columns.get(key, frozenset()) | {n.casefold() for n in names}
        #: Per column name (folded), the tables (folded) that have it now.
        self._live: dict[str, frozenset[str]] = {}
        for table, names in (live_columns or {}).items():
            for name in names:
                key = name.casefold()
                self._live[key] = self._live.get(key, frozenset()) | {table.casefold()}
        self._go_tables = dict(go_tables or {})
        self._gorm_naming = gorm_naming
        self._go_orms = dict(go_orms or {})
        self._pop_module = pop_module
        self._folder_tables = {k: dict(v) for k, v in (folder_tables or {}).items()}
        self._go_constants = go_constants
        self._go_table_parameters = go_table_parameters
        by_word: dict[str, list[tuple[Target, str, str]]] = {}
        #: Names a truncating dialect (PostgreSQL) cut, or would cut: code
        #: spelling any longer identifier with their first bytes names them.
        prefixes: set[str] = set()
        self._cutters: dict[int, DialectProfile] = {}
        for target in targets:
            stored = target.stored or target.old_names
            profile = profile_for(target.dialect)
            for old, kept in zip(target.old_names, stored, strict=True):
                words = {
                    old.casefold(),
                    kept.casefold(),
                }  # kept: a whitelist entry spelled otherwise
                if profile.truncates:
                    for name in (old, kept):
                        if _may_be_cut(name, profile):
                            cut = profile.clip(name).casefold()
                            prefixes.add(cut)
                            words.add(cut)
                            self._cutters[profile.max_identifier] = profile
                for word in sorted(words):
                    by_word.setdefault(word, []).append((target, old, kept))
        self._by_word = by_word
        #: Per (spelling, quoted): whether it names any candidate (:meth:`_may_refer`).
        self._named: dict[tuple[str, bool], bool] = {}
        #: Per spelling: whether it is any candidate's name as a bind parameter.
        self._bindable: dict[str, bool] = {}
        #: Per (spelling, quoted): whether every object it may name is a column
        #: renamed to one new name, and no other table has a column so named.
        self._alike: dict[tuple[str, bool], bool] = {}
        self._words = _WordFinder(by_word, prefixes)

    @property
    def words(self) -> frozenset[str]:
        """The folded old names searched for."""
        return frozenset(self._by_word)

    def references(self, path: str, text: str) -> Iterator[Reference]:
        """Every reference in ``text`` (a file's content), in order.

        A ``.prisma`` file is read as Prisma's mapping says
        (:mod:`dbnamelint.impact.prisma`); one place in the text that may
        name several objects yields one reference per object, each listing
        the others in ``shared``.
        """
        starts = [0]
        starts += [m.end() for m in re.finditer("\n", text)]
        prisma = PrismaFile.parse(text) if path.lower().endswith(".prisma") else None
        diesel: DieselFile | EctoFile | None = None
        if path.lower().endswith(".rs"):
            diesel = DieselFile.parse(text)
        elif path.lower().endswith(ECTO_SUFFIXES):
            diesel = EctoFile.parse(text)  # Ecto schemas and string sources, judged alike
        sql: SqlText | None = None
        hashes = hash_comments(path)
        blocks = code_blocks(path, text) if family(path) == "prose" else None
        code = family(path) in _CODE_FAMILIES
        markup = path.lower().endswith(_MARKUP_SUFFIXES)
        mapper = MapperFile.parse(path, text)
        mapper_tables: frozenset[str] = frozenset()
        listed: frozenset[int] | None = None  # starts of table-name list items
        pasted: frozenset[int] = frozenset()  # starts of Sprintf's table arguments
        #: Starts of the strings a call passes as a Go helper's table parameter.
        handed: frozenset[int] = frozenset()
        #: Per start of a table name a builder's table call takes (``sb.From("t x")``,
        #: Synapse's ``simple_select_list("t", ...)``), its label.
        built_tables: dict[int, str] = {}
        #: Per start of such a name, the form of the statement the call runs
        #: (pgx's CopyFrom: a COPY; ``simple_upsert``: an upsert).
        call_forms: dict[int, WriteForm] = {}
        shown: list[tuple[int, int]] = []  # Sprintf formats whose table the file shows
        #: Per end, the start of each string a Go TableName() method returns.
        returned: dict[int, int] = {}
        returned_label = ""  # their context label, by the ORM the file imports
        imports: list[tuple[int, int]] | None = None  # Go import blocks
        packages: frozenset[str] | None = None  # Go standard packages, by the file's names
        data = is_data_file(path)
        catalogue = is_catalogue(path)
        configured = path.lower().endswith(CONFIG_SUFFIXES)  # outside its values: a key
        settings = config_values(path, text)
        clauses: list[gormconv.Clause] = []  # GORM's and squirrel's chains' SQL strings
        entity_sql: set[int] = set()  # starts of JPA entities' @SQLRestriction strings
        unknown: set[tuple[int, int]] = set()  # pop's query strings whose model is not known
        documented: list[tuple[int, int]] = []  # Python docstrings
        commented: list[tuple[int, int]] = []  # /* ... */ comments
        steps: list[tuple[int, int]] = []  # Go migration lists' literals
        builder: KyselyFile | None = None  # Kysely's strings, read once a name is found
        built = False
        row_sites: dict[int, str] = {}  # Rust row reads' and FromRow fields' columns
        jooq_columns: dict[int, str] = {}  # jOOQ's field("c"), name("c")
        jooq_owners: dict[int, str] = {}  # jOOQ's name("t", "c"): t
        laravel_ddl: set[int] = set()  # Laravel's Schema::create('t'): DDL in code
        fields: dict[int, frozenset[str]] = {}  # per FromRow field, its struct's fields
        #: Per statement start, what :meth:`_foreign` found (None: nothing).
        readings: dict[int, tuple[str, tuple[str, ...]] | None] = {}
        connects: bool | None = None  # the file opens a database connection itself
        reads_id: bool | None = None  # the file reads an INSERT's new row id
        reads_count = False  # the file reads how many rows a write changed (with reads_id)
        for at, stop in self._words.spans(text):
            written = text[at:stop]
            if imports is None:
                imports = go_import_blocks(path, text)
            if any(lo <= at < hi for lo, hi in imports):
                continue  # an imported package's path or name
            line_index = bisect.bisect_right(starts, at) - 1
            line_start = starts[line_index]
            line_end = text.find("\n", line_start)
            line = text[line_start : len(text) if line_end < 0 else line_end].rstrip("\r")
            start, end = at - line_start, stop - line_start
            site = prisma.site(line_index, start) if prisma is not None else None
            macro = diesel.site(line_index, start) if diesel is not None else None
            if site is None and macro is None and in_module_path(line, start, end, code=code):
                continue  # a URL, a module path or an import: no table's name
            if not built:
                builder, built = KyselyFile.parse(path, text), True
            kysely_site = builder.site(at, stop) if builder is not None else None
            if not self._may_refer(line, start, end, written, site, macro, kysely_site is not None):
                continue  # spelled as no candidate is named (tenant for the quoted "Tenant")
            if sql is None:
                clauses = gormconv.clauses(path, text, self._go_tables, self._gorm_naming)
                constants = self._constants(path, text)
                clauses += squirrel.clauses(path, text, constants)
                clauses += goqu.clauses(path, text, constants)
                reading = gosqlbuilder.read(path, text, constants)
                clauses += reading.clauses
                items = [*reading.tables, *squirrel.table_sites(path, text)]
                items += goqu.table_sites(path, text)
                copied = pgxcopy.copy_sites(path, text)
                pooled = pooltables.table_sites(path, text)
                call_forms = {t.start: "copy" for t in copied}
                call_forms.update({t.start: t.form for t in pooled if t.form is not None})
                call_forms.update(squirrel.write_forms(path, text))
                call_forms.update(goqu.write_forms(path, text))
                call_forms.update(jswrites.write_forms(path, text))
                built_tables = {t.start: BUILDER_LABEL for t in (*items, *copied)}
                built_tables.update({t.start: POOL_LABEL for t in pooled})
                jooq_tables, jooq_columns, jooq_owners = jooq.sites(path, text)
                built_tables.update(dict.fromkeys(jooq_tables, jooq.TABLE_LABEL))
                laravel = laravelquery.read(path, text, self._columns)
                built_tables.update(laravel.tables)
                # Laravel's Schema::hasColumn('t', 'c'): a column of t, read as jOOQ's.
                jooq_columns = {**jooq_columns, **laravel.columns}
                jooq_owners = {**jooq_owners, **laravel.column_tables}
                laravel_ddl = laravel.ddl
                clauses += kysely.sql_templates(path, text)
                clauses += rustsql.clauses(path, text)
                row_sites = rustsql.column_sites(path, text)
                fields = rustsql.from_row_fields(path, text)
                own = self._folder_tables.get(path.rpartition("/")[0], {})
                go_tables = {**self._go_tables, **own} if own else self._go_tables
                if self._pop_code(path, text):
                    found = pop.clauses(path, text, go_tables)
                    unknown |= {(c.start, c.end) for c in found if not c.tables}
                    clauses += found
                clauses += gotablecalls.clauses(path, text, go_tables)
                restrictions = jpasql.restriction_clauses(path, text)
                entity_sql = {c.start for c in restrictions}
                clauses += restrictions
                sql = SqlText.parse(path, text, forced={c.start for c in clauses})
                if mapper is not None:
                    mapper_tables = sql.all_tables()
                listed = (
                    frozenset(a for a, _ in table_list_items(text, self._tables))
                    if code
                    else frozenset()
                )
                returned = {b: a for a, b in gorm.table_name_literals(path, text)}
                returned_label = gorm.label(path, text, self._go_orms) if returned else ""
                pasted = frozenset(a for a, _ in sprintf_table_arguments(path, text))
                helpers = (
                    self._go_table_parameters(path, text)
                    if self._go_table_parameters is not None and path.lower().endswith(".go")
                    else None
                )
                handed = frozenset(a for a, _ in table_parameter_arguments(path, text, helpers))
                shown = shown_table_formats(path, text)
                packages = go_std_packages(path, text)
                documented = docstrings(path, text)
                commented = block_comments(path, text)
                steps = migration_lists(path, text)
            previous = text[starts[line_index - 1] : line_start] if line_index else ""
            setting = settings.at(at)
            tables_here = sql.tables_at(at)
            covering = [c for c in clauses if c.start <= at < c.end]
            clause = covering[0] if covering else None
            for each in covering:  # its table is the chain's model
                tables_here = (tables_here or frozenset()) | each.tables
            alias = _alias_of(sql, text, line_start, start)
            # %q.col with the verb filled by a model's TableName(): that table's column.
            alias = next((c.qualifier for c in covering if c.qualifier), None) or alias
            if alias is None and any(c.aliases for c in covering):
                alias = _chain_alias(sql, text, line_start, start, covering)
            # A builder chain's string sits at the top level of the statement its
            # table calls (.From, .Join; a GORM model's table) make.
            chained = frozenset[str]().union(*(c.tables for c in covering))
            levels = _column_levels(sql, text, line_start, start, at, chained)
            doc = span_at(documented, at) if documented else None
            # A docstring is prose unless its paragraph is a whole SQL statement.
            prose_doc = doc is not None and not reads_as_statement(paragraph(text, doc, at))
            comment = bool(commented) and span_at(commented, at) is not None
            if prose_doc or comment:
                tables_here, alias, levels = None, None, None
            for point in mapper.included(at) if mapper is not None else ():
                # <include refid>: the fragment's FROM is this statement's.
                tables_here = (tables_here or frozenset()) | (sql.tables_at(point) or frozenset())
                alias = alias or _alias_of(sql, text, line_start, start, at=point)
            verdict = None if prose_doc or comment else sql.verdict(at, written)
            if (
                verdict is None
                and blocks is None
                and not (prose_doc or comment)
                and sql.statement_start(at) is None
                and sqlcolumns.bound_by_as(line[:start])
            ):
                # Read line by line (a data file's value): AS binds the name, as a statement would.
                verdict = LOCAL
            if verdict == UNRESOLVED and clause is not None and written.casefold() in clause.tables:
                verdict = QUALIFIER  # the chain names it: .From("store").Join("t ON ... store.id")
            context = _Context(
                verdict=verdict,
                table_position=not (prose_doc or comment) and sql.table_position(at, written),
                statement_tables=tables_here,
                own_table=tables_here is not None and sql.own_table(at),
                # An entity's table is known, never filled in at run time.
                literal_tables=(sql.literal_tables(at) if tables_here else frozenset())
                | frozenset[str]().union(*(c.tables for c in covering if c.start in entity_sql)),
                column_levels=None if mapper is not None and mapper.included(at) else levels,
                alias_of=alias,
                hash_comments=hashes,
                continues_chain=previous.rstrip().endswith("."),
                prose=blocks is not None and not in_blocks(blocks, at),
                docstring=prose_doc,
                comment=comment,
                previous_tail=previous.rstrip()[-40:],
                previous_text=text[max(0, line_start - TAIL) : line_start] if code else "",
                code=code,
                markup=markup,
                mapper_site=mapper.site(at) if mapper is not None else None,
                mapper_tables=mapper_tables,
                table_list=listed is not None
                and at in listed
                and text[stop : stop + 1] in "\"'`"
                and not (prose_doc or comment),
                table_argument=at in pasted and text[stop : stop + 1] in '"`',
                table_parameter=at in handed and text[stop : stop + 1] in '"`',
                builder_table=built_tables.get(at, ""),
                table_name_method=returned_label
                if stop in returned and _SCHEMA_HEAD.fullmatch(text, returned[stop], at) is not None
                else "",
                packages=packages or frozenset(),
                suffix=path.rpartition("/")[2].lower(),
                data=data,
                catalogue=catalogue,
                key=data and setting is None and (configured or in_key(path, line, start, end)),
                setting=setting,
                sql_string=clause is not None,
                sql_column=not (prose_doc or comment)
                and sql.column_position(at)
                and not any(a <= at < b for a, b in shown),
                builder_quoted=any(c.quoted for c in covering),
                text_string=tables_here is None and sql.in_literal(at),
                model_unknown=not tables_here
                and any((c.start, c.end) in unknown for c in covering),
                kysely=None if prose_doc or comment else kysely_site,
                template_argument=sql.template_argument(at, stop),
                row_column=""
                if prose_doc or comment
                else row_sites.get(at, "") or jooq_columns.get(at, ""),
                row_table=jooq_owners.get(at, ""),
                result_alias=bool(row_sites)
                and verdict == LOCAL
                and rustsql.result_alias(line, start, written),
            )
            hits = self._judge(line, start, end, written, site, macro, context)
            statement = None if prose_doc or comment else sql.statement_start(at)
            if connects is None:
                connects = _CONNECTS.search(text) is not None
            if connects and any(h.confidence == HIGH for h in hits):
                reserved = profile_for(hits[0].target.dialect).reserved_words
                foreign = (
                    self._foreign(sql, at, readings, reserved)
                    if statement is not None
                    else self._foreign_struct(
                        sql, context.row_column, fields.get(at), readings, reserved
                    )
                )
                if foreign is not None:
                    hits = [_elsewhere(h, *foreign) for h in hits]
            misfit = self._misfit(sql, at) if statement is not None and hits else ()
            form: str | None = sql.write_form(at) if statement is not None and hits else None
            if at in call_forms and hits:
                form = call_forms[at]
            if form == "insert" and sql.returns_later(at):
                form = "insert-returning"  # its column list is the code's: unknown
            if form in ("insert", "update", "delete"):
                if reads_id is None:
                    reads_id = _READS_INSERT_ID.search(text) is not None
                    reads_count = _READS_CHANGES.search(text) is not None
                form = (
                    "insert-id"
                    if form == "insert" and reads_id
                    else "write-count"
                    if reads_count
                    else None
                )
            # A code file's DDL is a migration step or start-up set-up: no patch renames it.
            step = bool(steps) and statement is not None and in_lists(steps, at)
            ddl = (
                code and not step and statement is not None and bool(hits) and sql.schema_change(at)
            ) or (bool(hits) and at in laravel_ddl)  # Schema::create('t', ...)
            names = [h.target.name for h in hits]
            for i, hit in enumerate(hits):
                yield Reference(
                    path,
                    line_index + 1,
                    start + 1,
                    end + 1,
                    line,
                    written,
                    hit.target,
                    hit.confidence,
                    hit.context,
                    tuple(names[:i] + names[i + 1 :]),
                    statement,
                    misfit,
                    refusal(hit.target, form, path) if form is not None else "",
                    DDL_IN_CODE if ddl else "",
                    step,
                    row_key(line, start, end, hit.target)
                    if code and hit.confidence != HIGH and not step
                    else "",
                )

    def _constants(self, path: str, text: str) -> dict[str, str | None]:
        """The strings the constants of a Go file's package stand for, when it
        imports a query builder that may be given one as its table."""
        if not path.lower().endswith(".go") or not (
            squirrel.imports_squirrel(path, text)
            or goqu.package_names(path, text)
            or gosqlbuilder.package_names(path, text)
        ):
            return {}
        own = goconsts.string_constants(text)
        package = self._go_constants(path, text) if self._go_constants is not None else {}
        return goconsts.merged([own, package])

    def _foreign(
        self,
        sql: SqlText,
        at: int,
        seen: dict[int, tuple[str, tuple[str, ...]] | None],
        reserved: frozenset[str],
    ) -> tuple[str, tuple[str, ...]] | None:
        """(table, columns it never had) when the statement around ``at`` reads
        one table of the schema, at one query level, and names two columns or
        more that table has had neither now nor before a rename (``reserved``:
        the dialect's reserved words, SQL's own): the statement cannot run on
        it, so in a file opening a connection of its own (the caller's
        :data:`_CONNECTS`) it reads a table of that name in another database
        (an importer reading another program's SQLite file); else None. A
        schema that lists only some columns (an example's) makes no such file."""
        start = sql.statement_start(at)
        if start is None:
            return None
        if start not in seen:
            seen[start] = None
            reads = sql.statement_reads(at)
            if reads is not None and len(reads[0]) == 1:
                (table,) = reads[0]
                known = self._columns.get(table)
                if known is not None:
                    missing = tuple(sorted(reads[1] - known - _NOT_COLUMNS - reserved))
                    if len(missing) >= 2:
                        seen[start] = (table, missing)
        return seen[start]

    def _foreign_struct(
        self,
        sql: SqlText,
        label: str,
        names: frozenset[str] | None,
        seen: dict[int, tuple[str, tuple[str, ...]] | None],
        reserved: frozenset[str],
    ) -> tuple[str, tuple[str, ...]] | None:
        """For a FromRow field (``label``) of a struct of fields ``names``: the
        :meth:`_foreign` reading of a statement of the file whose missing
        columns are two or more of the struct's fields (it maps that
        statement's rows), else None."""
        if label != rustsql.FIELD_LABEL or not names:
            return None
        for start in sql.statement_starts():
            found = self._foreign(sql, start, seen, reserved)
            if found is not None and len(names & set(found[1])) >= 2:
                return found
        return None

    def _pop_code(self, path: str, text: str) -> bool:
        """Whether the Go file ``text`` uses pop: it imports it, or its module requires it."""
        if not path.lower().endswith(".go"):
            return False
        return pop.imports_pop(path, text) or (
            self._pop_module is not None and self._pop_module(path)
        )

    def _misfit(self, sql: SqlText, at: int) -> tuple[str, ...]:
        """The columns the statement around ``at`` inserts that its table (one the
        schema knows) has neither now nor before a rename."""
        missing: set[str] = set()
        for table, columns in sql.inserts(at):
            known = self._columns.get(table)
            if known is not None:
                missing.update(c for c in columns if c not in known)
        return tuple(sorted(missing))

    def _candidates(self, written: str) -> list[tuple[Target, str, str]]:
        """(target, old name, stored name) of each object ``written`` may name."""
        candidates = self._by_word.get(written.casefold(), [])
        for _, profile in sorted(self._cutters.items()):
            if candidates:
                break
            candidates = self._by_word.get(profile.clip(written).casefold(), [])
        return candidates

    def _may_refer(
        self,
        line: str,
        start: int,
        end: int,
        written: str,
        site: Site | None,
        macro: DieselSite | None,
        builder_string: bool = False,
    ) -> bool:
        """Whether :meth:`_judge` may find a hit here, from the spelling and quotes
        alone: each hit needs :func:`_refers` or a bind parameter's exact name. Most
        places are a word no object is named so (in PostgreSQL ``tenant`` does not
        name the quoted ``"Tenant"``), and need no SQL statement or context read.
        ``builder_string``: a Kysely string, whose names Kysely quotes."""
        before = line[max(0, start - 1) : start]  # as _judge's before[-1:]
        quoted = site is not None or macro is not None or builder_string or before in "\"'`["
        # Remembered per spelling: a column many tables share has a candidate per table.
        if (written, quoted) not in self._named:
            self._named[written, quoted] = any(
                _refers(written, quoted, old, stored, target.dialect)
                for target, old, stored in self._candidates(written)
            )
        if self._named[written, quoted]:
            return True
        if written not in self._bindable:
            folded = written.casefold()
            self._bindable[written] = any(
                folded == old.casefold() for _, old, _ in self._candidates(written)
            )
        return (
            self._bindable[written]
            and site is None
            and macro is None
            and bind_parameter(line, start, end, in_sql=True)
        )

    def _judge(
        self,
        line: str,
        start: int,
        end: int,
        written: str,
        site: Site | None,
        macro: DieselSite | None = None,
        context: _Context | None = None,
    ) -> list[_Hit]:
        context = context or _Context()
        verdict = context.verdict
        candidates = self._candidates(written)
        if verdict == LOCAL and context.result_alias:
            # Renamed with its column: the row reads that take the name are renamed too.
            return [
                _Hit(target, HIGH, rustsql.ALIAS_LABEL)
                for target, old, stored in candidates
                if target.kind == "column"
                and _refers(written, False, old, stored, target.dialect)
                and self._renamed_alike(written, False)
            ]
        if verdict in (LOCAL, KEYWORD) and site is None and macro is None:
            return []  # a name the SQL statement binds itself (CTE, alias), or SQL's own word
        before = line[:start]
        quote = before[-1:] if before[-1:] in '"`[' else ""
        qualifier_match = _qualifier_before(_unquoted(before))
        qualifier = (
            next((g for g in qualifier_match.groups() if g), None) if qualifier_match else None
        )
        written_qualifier = qualifier
        if context.alias_of is not None:
            qualifier = context.alias_of  # x.col where x is an alias of table t: t.col
        # The reference spans the qualifier, if any, but not the quote around it.
        span_start = qualifier_match.start() if qualifier_match else start
        # Prisma, Diesel and Kysely send every name quoted: a word there is the stored name.
        quoted = (
            site is not None
            or macro is not None
            or context.kysely is not None
            or context.builder_quoted
            or before[-1:] in "\"'`["
        )
        hits: list[_Hit] = []
        if site is not None and before.endswith("@"):
            return hits  # a Prisma attribute (@updatedAt), not a name
        bind = (
            site is None
            and macro is None
            and bind_parameter(line, start, end, in_sql=context.statement_tables is not None)
        )
        #: classify's answer per (column, on_table, by_table): the candidates of one
        #: place (a column name many tables share) differ only in those.
        judged: dict[tuple[str, bool, bool, bool], tuple[Confidence, str]] = {}
        for target, old, stored in candidates:
            if bind:
                if _refers(written, quoted, old, stored, target.dialect) and (
                    self._qualified_column_string(line, span_start, end, written, target, context)
                ):
                    # no parameter's name: a JavaScript template's ${f('t.col')} is code
                    hits.append(_Hit(target, HIGH, qualified_strings.LABEL))
                    continue
                # A parameter's name is no SQL identifier: the catalog's folding does not
                # apply (sqlx's :unitPrice binds the db tag unitPrice, spelled exactly).
                if written.casefold() == old.casefold():
                    hits.append(_Hit(target, PLAIN, "bind parameter"))
                continue
            if not _refers(written, quoted, old, stored, target.dialect):
                continue
            if not quoted and context.statement_tables is not None and _reserved(written, target):
                continue  # PostgreSQL's bare USER is CURRENT_USER: a keyword names no table
            if context.table_list and target.kind in _TABLE_KINDS:
                hits.append(_Hit(target, HIGH, "table-name list"))
                continue
            if context.template_argument and target.kind in _TABLE_KINDS and qualifier is None:
                hits.append(_Hit(target, HIGH, TEMPLATE_ARGUMENT_LABEL))
                continue
            if context.table_argument and target.kind in _TABLE_KINDS:
                hits.append(_Hit(target, HIGH, SPRINTF_LABEL))
                continue
            if context.table_parameter and target.kind in _TABLE_KINDS:
                hits.append(_Hit(target, HIGH, TABLE_PARAMETER_LABEL))
                continue
            if context.builder_table:
                if target.kind in _TABLE_KINDS and (
                    qualifier is None or _folded_in(qualifier, target.schemas)
                ):
                    hits.append(_Hit(target, HIGH, context.builder_table))
                continue  # a table call's string names a table, no column
            if (
                context.table_name_method
                and target.kind in _TABLE_KINDS
                and (qualifier is None or _folded_in(qualifier, target.schemas))
            ):
                hits.append(_Hit(target, HIGH, context.table_name_method))
                continue
            if context.mapper_site == "markup":
                hits.append(_Hit(target, PLAIN, "XML markup"))
                continue
            if context.mapper_site == "column":
                if target.attached:  # <result column="x">: a column of the mapper's tables
                    mapped = any(t.casefold() in context.mapper_tables for t in target.tables)
                    label = "MyBatis result column"
                    hits.append(_Hit(target, HIGH if mapped else PLAIN, label, on_table=mapped))
                continue
            if context.kysely is not None:
                builder_hit = _kysely_hit(target, context.kysely, qualifier)
                if builder_hit is not False:
                    if builder_hit is not None:
                        hits.append(builder_hit)
                    continue
            if macro is not None:
                diesel_hit = _diesel_hit(target, macro)
                if diesel_hit is not None:
                    hits.append(diesel_hit)
                continue
            if site is not None:
                hit = _prisma_hit(target, site)
                if hit is not False:
                    if hit is not None:
                        hits.append(hit)
                    continue
            if context.row_column:
                if context.row_table and context.row_table.casefold() in self._tables:
                    if target.kind == "column" and _folded_in(context.row_table, target.tables):
                        hits.append(_Hit(target, HIGH, context.row_column, by_table=True))
                    continue  # that table's column, no other's
                if target.kind == "column":
                    # No table in sight: sure only when the name is one column's, renamed alike.
                    alike = self._renamed_alike(written, quoted)
                    label = context.row_column + ("" if alike else rustsql.OTHER_TABLES)
                    hits.append(_Hit(target, HIGH if alike else PLAIN, label))
                continue
            if verdict == SCHEMA and target.kind != "schema":
                continue  # schema.table: the schema's name, not this object
            if (
                context.own_table
                and target.kind == "column"
                and qualifier is None
                and not any(context.column_levels or ())
            ):
                # a bare column at a level naming no table but the code's own
                # working table (CREATE TABLE ${t} in the file): not the schema's
                continue
            if (
                context.table_position
                and target.kind in _TABLE_KINDS
                and (qualifier is None or _folded_in(qualifier, target.schemas))
            ):
                # In a table position of its statement, maybe lines after the keyword.
                hits.append(_Hit(target, HIGH, "SQL"))
                continue
            if verdict == QUALIFIER and target.kind in _TABLE_KINDS:
                hits.append(_Hit(target, HIGH, "SQL (table qualifier)"))
                continue
            if verdict == ROW and target.kind in _TABLE_KINDS:
                if any(
                    written.casefold() in self._columns.get(table, ())
                    for table in context.statement_tables or ()
                ):
                    # a column of a table the statement reads: PostgreSQL takes
                    # the column before the whole row (sum(revenue) FROM revenue)
                    continue
                hits.append(_Hit(target, HIGH, "SQL (whole-row reference)"))
                continue
            if verdict == UNRESOLVED and target.kind in _TABLE_KINDS:
                hits.append(_Hit(target, PLAIN, UNRESOLVED_QUALIFIER))
                continue
            # The table named on the line, or in the statement (which may span lines).
            in_statement = context.statement_tables is not None and not _folded(
                target.tables
            ).isdisjoint(context.statement_tables)
            by_table = qualifier is not None and _folded_in(qualifier, target.tables)
            owner = (
                None
                if by_table or not target.attached or not context.column_levels
                else self._owner(target, written, context.column_levels)
            )
            if owner is None and target.attached and qualifier and context.column_levels:
                owner = False  # a CTE's or subquery's column, and its body reads no such table
            if owner is False:
                continue  # the query level reads another table with this column
            if owner:
                in_statement = True
            on_table = bool(target.tables) and (
                in_statement or (owner is None and _mentions(line, target.tables))
            )
            if target.attached and not by_table and (qualifier or "").casefold() in self._tables:
                continue  # another table's column of the same name (event_data.created_at)
            if target.attached and not by_table and context.alias_of is not None:
                continue  # x.col where x is an alias of another table (one the schema lacks)
            if (
                context.sql_column
                and not context.model_unknown
                and qualifier is None
                and owner is None
                and not on_table
                and self._unseen_table(context.statement_tables, context.literal_tables)
                and self._renamed_alike(written, quoted)
                and not (quote == '"' and profile_for(target.dialect).quote_open != '"')
            ):
                # SELECT `primary` FROM %s: whichever table fills it in, the column is
                # renamed to the same new name, so the place is that name's.
                hits.append(_Hit(target, HIGH, TABLE_UNSEEN))
                continue
            if (
                qualifier is not None
                and not target.attached
                and not _folded_in(qualifier, target.schemas)
            ):
                continue  # another schema's object, or an attribute (self.messages)
            key = (target.kind, target.attached, on_table, by_table)
            if key not in judged:
                judged[key] = classify(
                    line,
                    span_start,
                    end,
                    column=target.attached,
                    table_on_line=on_table,
                    qualified_by_table=by_table,
                    hash_comments=context.hash_comments,
                    continues_chain=context.continues_chain,
                    prose=context.prose,
                    docstring=context.docstring,
                    comment=context.comment,
                    in_sql=context.statement_tables is not None,
                    previous_tail=context.previous_tail,
                    code=context.code,
                    markup=context.markup,
                    previous_text=context.previous_text,
                    kind=target.kind,
                    packages=context.packages,
                    data=context.data,
                    catalogue=context.catalogue,
                    key=context.key,
                    setting=context.setting,
                    sql_string=context.sql_string,
                    text_string=context.text_string,
                    suffix=context.suffix,
                )
            confidence, label = judged[key]
            if confidence == PLAIN and self._qualified_column_string(
                line, span_start, end, written, target, context
            ):
                confidence, label = HIGH, qualified_strings.LABEL
            if (
                confidence == HIGH
                and target.kind == "column"
                and written_qualifier is not None
                and context.alias_of is None
                and context.column_levels is None
                and not by_table
                and written_qualifier.casefold() not in self._tables
                and not self._live.get(written.casefold(), frozenset()) <= _folded(target.tables)
            ):
                # x.col, x bound to no table this reading sees (an alias declared in
                # another string), and another table has col now: it may be that one.
                confidence, label = PLAIN, UNRESOLVED_COLUMN_QUALIFIER
            if context.model_unknown and target.attached and (confidence, label) == (PLAIN, "text"):
                label = pop.MODEL_UNKNOWN  # a note asks to check it by hand
            hits.append(_Hit(target, confidence, label, by_table, on_table))
        return _attributed(hits)

    def _qualified_column_string(
        self, line: str, start: int, end: int, written: str, target: Target, context: _Context
    ) -> bool:
        """Whether ``line[start:end]`` (``written``, of ``target``) is the table or
        the column of a code string literal that is one ``table.column`` of the
        schema, spliced into a SQL statement reading that table (an argument
        inside its ``${...}``), outside comments, data files and translation
        keys (:mod:`~dbnamelint.impact.qualified_strings`). Elsewhere such a
        string is as often an object path (lodash's ``get(row, 't.id')``) or a
        value, and stays what it reads as."""
        if (
            not context.statement_tables
            or context.prose
            or context.docstring
            or context.comment
            or context.data
            or context.key
            or start >= comment_start(line, hash_comments=context.hash_comments)
        ):
            return False
        found = qualified_strings.innermost(line, start, end, self._columns)
        if found is None or qualified_strings.translation_key(line[: found[0]]):
            return False
        _, table, column = found
        if table.casefold() not in context.statement_tables:
            return False  # spliced into a statement reading another table, or none
        if target.kind in _TABLE_KINDS:
            return table.casefold() == written.casefold()
        return target.kind == "column" and column.casefold() == written.casefold()

    def _unseen_table(
        self, tables: frozenset[str] | None, literal: frozenset[str] = frozenset()
    ) -> bool:
        """Whether a SQL statement reading ``tables`` (None: no statement) may read
        a table this reading does not see: it names none (a fragment, ``FROM ?``,
        ``FROM " + t``) or one the schema does not know that is no ``literal``
        name (``FROM %s``)."""
        if tables is None:
            return False
        # A table named literally (UPDATE `Consumer`) the schema lacks is another
        # database's: its columns are its own, not filled in at run time.
        return not tables or not tables - literal <= self._tables

    def renamed_alike(self, written: str) -> bool:
        """Whether every table with a column ``written`` (as a quoted name
        spells it) renames it to one new name: the place is that name's
        whichever table the code means."""
        return self._renamed_alike(written, True)

    def _renamed_alike(self, written: str, quoted: bool) -> bool:
        """Whether every object ``written`` may name is a column given one new
        name, and every table the schema knows with a column of that name is one
        of theirs: the name is that column's whichever table the code means."""
        key = (written, quoted)
        if key not in self._alike:
            named = [
                target
                for target, old, stored in self._candidates(written)
                if _refers(written, quoted, old, stored, target.dialect)
            ]
            owners = frozenset[str]().union(*(_folded(t.tables) for t in named))
            folded = written.casefold()
            holders = {t for t, names in self._columns.items() if folded in names}
            self._alike[key] = (
                bool(named)
                and all(t.kind == "column" and t.target for t in named)
                and len({t.target for t in named}) == 1
                and holders <= owners
            )
        return self._alike[key]

    def _owner(
        self, target: Target, written: str, levels: tuple[frozenset[str], ...]
    ) -> bool | None:
        """Whether the column ``written`` is ``target``'s, reading ``levels``
        (:meth:`SqlText.column_levels`) as PostgreSQL does: the innermost level
        with a table that has such a column decides. True: ``target``'s table
        is there (and has the name now, or no other table there has it);
        False: only other tables are, or ``target``'s renamed its column and
        another table there has one of that name now; None: no level decides
        (a table the schema does not know)."""
        own = _folded(target.tables)
        name = written.casefold()
        live = self._live.get(name, frozenset())
        for level in levels:
            if not own.isdisjoint(level):
                # Renamed already, the name is another table's of this level now.
                return not (live & level and not live & own & level)
            if any(name in self._columns.get(table, ()) for table in level):
                return False
        return None


class _WordFinder:
    """Finds words as whole identifiers, at a cost that does not grow with their number.

    The words (case-folded) are compiled into one regex shaped as a trie
    (``legacy_(?:a|b(?:c)?)``), so the engine follows one branch per
    character instead of trying every word at every position, and the regex
    opens with a literal character class, so it skips ahead in C to the next
    character that can start a word. Semantics are those of
    ``(?<!IDENT)(?:w1|w2|...)(?!IDENT)`` with the words longest first and
    case ignored: at each position the longest word that is a whole
    identifier there, scanning on after it; a string literal's escape
    (``\\n``, ``\\t``, ``\\r``) ends the identifier before (``\\nSELECT``).
    The text is case-folded once when folding keeps every character one
    character (the common case); else the regex runs with ``re.IGNORECASE``
    on the text as written.
    """

    def __init__(self, words: Iterable[str], prefixes: Collection[str] = ()) -> None:
        """``prefixes`` (case-folded, among ``words``): words also found as the
        start of a longer identifier (a name the database cuts to its limit)."""
        folded = sorted({w.casefold() for w in words if w})
        body = _trie(folded, prefixes) if folded else r"(?!x)x"
        tail = rf"(?!{_IDENT})"
        self._folded = re.compile(rf"(?:{body}){tail}")
        self._ignoring_case = re.compile(rf"(?:{body}){tail}", re.IGNORECASE)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) offsets of each word found in ``text``, in order."""
        folded = text.casefold()
        if len(folded) == len(text):
            haystack, regex = folded, self._folded
        else:
            haystack, regex = text, self._ignoring_case
        pos = 0
        while True:
            found = regex.search(haystack, pos)
            if found is None:
                return
            at = found.start()
            if at and text[at - 1] == "\\" and text[at] in "nrt":
                # The letter of an escape (``\n``), not a word: one may start after it.
                pos = at + 1
                continue
            if at and _IDENT_CHAR.match(haystack, at - 1) and not _after_escape(text, at):
                # Inside an identifier: no word can start before that identifier ends.
                run = _IDENT_RUN.match(haystack, at)
                pos = run.end() if run is not None else at + 1
                continue
            yield at, found.end()
            pos = found.end()


def _after_escape(text: str, at: int) -> bool:
    """Whether ``text[at]`` follows an escape ``\\n``, ``\\t`` or ``\\r``."""
    return at >= 2 and text[at - 1] in "nrt" and text[at - 2] == "\\"


#: A trie node's mark (not one character, so no name's): a prefix word ends here.
_ANY_TAIL = "<any identifier tail>"


def _trie(words: Sequence[str], prefixes: Collection[str] = ()) -> str:
    """A regex matching any of ``words`` (sorted), longest first at each branch;
    a word of ``prefixes`` also with any identifier characters after it."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_ANY_TAIL if word in prefixes else ""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.items() if len(char) == 1]
        if _ANY_TAIL in node:
            branches.append(f"{_IDENT}*")
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


_IDENT_CHAR = lazy_compile(_IDENT)
_IDENT_RUN = lazy_compile(_IDENT + "+")


class _Context(Struct, frozen=True):
    """What the file around a name says: its SQL statement, language and prose."""

    verdict: Verdict | None = None  # what the SQL statement binds the name to
    #: In a table position of its SQL statement (``TRUNCATE TABLE a,\n b``).
    table_position: bool = False
    #: The tables (folded) the name's SQL statement reads or writes; None outside SQL.
    statement_tables: frozenset[str] | None = None
    #: Those the statement names literally (:meth:`SqlText.literal_tables`).
    literal_tables: frozenset[str] = frozenset()
    #: The statement's filled-in tables are working tables the file creates
    #: itself (:meth:`SqlText.own_table`).
    own_table: bool = False
    #: The tables whose column the name may be, per query level, innermost
    #: first (:meth:`SqlText.column_levels`); None: decide by ``statement_tables``.
    column_levels: tuple[frozenset[str], ...] | None = None
    alias_of: str | None = None  # the table the name's qualifier is an alias of
    hash_comments: bool = True  # "#" opens a comment in this language
    continues_chain: bool = False  # the previous line ends with "." (a method chain)
    prose: bool = False  # documentation English, outside a code block
    #: In a Python docstring whose paragraph reads as no SQL statement.
    docstring: bool = False
    comment: bool = False  # in a /* ... */ comment
    #: The end of the previous line (``INSERT INTO`` with the table on this one).
    previous_tail: str = ""
    previous_text: str = ""  # the file's text before the line (TAIL characters), in code
    code: bool = False  # a programming language whose string literals are known
    markup: bool = False  # JSX: text outside strings and braces is the page's text
    #: In a MyBatis mapper: whether the name is in SQL text, a result column
    #: attribute or other markup; None in any other file.
    mapper_site: MapperSite | None = None
    mapper_tables: frozenset[str] = frozenset()  # the tables the mapper's SQL names (folded)
    table_list: bool = False  # the whole string of a table-name list (tenantScopedTables)
    table_argument: bool = False  # a Sprintf argument its format puts after FROM
    #: A call's string argument its Go function splices into SQL as the table.
    table_parameter: bool = False
    #: The table name of a builder's table call (``sb.JoinWithOption(o, "t x", ...)``,
    #: Synapse's ``simple_insert("t", ...)``): its label; "" elsewhere.
    builder_table: str = ""
    #: Where a Go ``TableName()`` method returns the string (or its ``schema.``
    #: tail): its label, by the ORM the file imports; "" elsewhere.
    table_name_method: str = ""
    packages: frozenset[str] = frozenset()  # names of Go standard packages the file imports
    data: bool = False  # a data file (JSON, YAML...): its strings are values
    catalogue: bool = False  # a message catalogue: UI text
    key: bool = False  # in a data file's mapping key
    #: The whole unquoted value (a YAML scalar, a ``.properties``/``.ini`` entry's) the name is in.
    setting: str | None = None
    sql_string: bool = False  # a string that is SQL whatever it reads as (GORM's Where)
    #: In a column position of its SQL statement (``SELECT a, `name` FROM %s``),
    #: not of a ``Sprintf`` format whose table the file shows (:func:`shown_table_formats`).
    sql_column: bool = False
    #: In a builder's string whose names it quotes (goqu's ``C("c")``).
    builder_quoted: bool = False
    text_string: bool = False  # in a string literal of the code that is no SQL statement
    suffix: str = ""  # the file's name, lower case: the language of a builder's call
    #: In a pop query's string whose model (its table) the code does not show.
    model_unknown: bool = False
    #: A table or reference string of a Kysely query (:mod:`dbnamelint.impact.kysely`).
    kysely: kysely.Site | None = None
    #: The whole of a string a SQL template's function call passes (``{{replica "t" "i"}}``).
    template_argument: bool = False
    #: A column a Rust row read or FromRow field names, no table in sight: its label.
    row_column: str = ""
    #: The table qualifying such a column (jOOQ's ``name("t", "c")``), "" for none.
    row_table: str = ""
    #: A select item's alias spelled as its column, in a file reading rows by name.
    result_alias: bool = False


#: What may stand before a table's name in a string that is only the name: ``schema.``.
_SCHEMA_HEAD = lazy_compile(r"(?:[A-Za-z_]\w*\.)?")

#: Families whose string literals :mod:`dbnamelint.impact.sqlscope` reads.
_CODE_FAMILIES = frozenset({"c", "rs", "py", "hash", "php", "lisp"})
#: Files whose code holds markup (JSX): ``<Text>Update task</Text>`` is UI text.
_MARKUP_SUFFIXES = (".tsx", ".jsx")

#: A MyBatis/iBatis parameter around a name: ``#{name}``, ``${name}``,
#: ``#{user.name,jdbcType=VARCHAR}`` (MyBatis, "Mapper XML Files", Parameters);
#: the name is the Java parameter's or property's, never a column.
_PLACEHOLDER_OPEN = lazy_compile(r"[#$]\{[^{}]*$")
_PLACEHOLDER_CLOSE = lazy_compile(r"[^{}]*\}")
#: A named bind parameter in SQL: ``:name`` (JDBC/JPA, SQLAlchemy ``text()``,
#: PDO, sqlx ``Named``), ``@name`` (SQL Server, Dapper, MySQL user variables).
_BIND_PREFIX = lazy_compile(r"(?:(?<![:\w])[:@]|@@)$")


def bind_parameter(line: str, start: int, end: int, *, in_sql: bool) -> bool:
    """Whether ``line[start:end]`` is a parameter's name, not a column or table:
    inside ``#{...}``/``${...}``, or after ``:`` (not ``::``) or ``@`` in SQL."""
    if _PLACEHOLDER_OPEN.search(line, max(0, start - TAIL), start) and _PLACEHOLDER_CLOSE.match(
        line[end : end + TAIL]
    ):
        return True
    return in_sql and bool(_BIND_PREFIX.search(line, max(0, start - 2), start))


def _alias_of(
    sql: SqlText, text: str, line_start: int, start: int, *, at: int | None = None
) -> str | None:
    """The table that the qualifier before the name at ``start`` (in its line)
    is an alias of, per its SQL statement (``FROM t x ... x.col``), or None;
    ``at``: read the alias in the statement at that offset instead (a MyBatis
    fragment the name's statement includes)."""
    before = text[line_start : line_start + start]
    found = _qualifier_before(_unquoted(before))
    if found is None:
        return None
    group = next(g for g in range(1, 5) if found.group(g))
    where = line_start + found.start(group) if at is None else at
    return sql.alias_table(where, found.group(group))


def _chain_alias(
    sql: SqlText, text: str, line_start: int, start: int, covering: Sequence[gormconv.Clause]
) -> str | None:
    """The table that the qualifier before the name at ``start`` stands for by
    the aliases of the query builder chain whose string holds it
    (``.Select("x.col").From("t x")``): squirrel joins the strings into one
    statement. None when its own string binds it (a subquery's alias), when
    no call of the chain declares it, or when the chain declares it twice."""
    before = text[line_start : line_start + start]
    found = _qualifier_before(_unquoted(before))
    if found is None:
        return None
    group = next(g for g in range(1, 5) if found.group(g))
    name = found.group(group)
    if sql.verdict(line_start + found.start(group), name) not in (UNRESOLVED, None):
        return None
    folded = name.casefold()
    for clause in covering:
        table = dict(clause.aliases).get(folded)
        if table is not None:
            return table or None
    return None


def _column_levels(
    sql: SqlText,
    text: str,
    line_start: int,
    start: int,
    at: int,
    outer: frozenset[str] = frozenset(),
) -> tuple[frozenset[str], ...] | None:
    """:meth:`SqlText.column_levels` of the name at offset ``at`` (``start`` in its
    line), read through the qualifier before it on the line, if any; ``outer``:
    the tables of the level around the name's SQL string (a builder chain's)."""
    before = text[line_start : line_start + start]
    found = _qualifier_before(_unquoted(before))
    if found is None:
        levels = sql.column_levels(at)
        return (*levels, outer) if levels is not None and outer else levels
    group = next(g for g in range(1, 5) if found.group(g))
    return sql.column_levels(at, found.group(group), line_start + found.start(group))


class _Hit(Struct, frozen=True):
    target: Target
    confidence: Confidence
    context: str
    by_table: bool = False  # qualified by one of the target's tables (t.col)
    on_table: bool = False  # one of the target's tables is named on the line


#: Code reading the id the database gave the row an INSERT made: Go's
#: ``LastInsertId()``, Python DB-API's ``lastrowid``, SQLite's
#: ``last_insert_rowid()`` (rusqlite, sqlx, SQL), better-sqlite3's
#: ``lastInsertRowid``, node-sqlite3's ``this.lastID``, PDO's ``lastInsertId()``,
#: Ruby's ``last_insert_row_id``, JDBC's ``getGeneratedKeys()``.
_READS_INSERT_ID = lazy_compile(
    r"\b(?:LastInsertId|lastrowid|last_insert_rowid|lastInsertRowid|lastID"
    r"|lastInsertId|last_insert_row_id|getGeneratedKeys|insertId)\b"
)

#: Code reading how many rows a statement changed: Go's ``RowsAffected()``,
#: sqlx's ``rows_affected()``, Python DB-API's ``rowcount``, PDO's and JDBC's
#: ``rowCount``/``getUpdateCount``, mysql2's ``affectedRows``, SQLite's
#: ``changes()``/``sqlite3_changes``, better-sqlite3's and node-sqlite3's ``.changes``,
#: Kysely's ``numDeletedRows``/``numUpdatedRows``/``numInsertedOrUpdatedRows``.
_READS_CHANGES = lazy_compile(
    r"\b(?:RowsAffected|rows_affected|rowcount|rowCount|getUpdateCount|affectedRows"
    r"|affected_rows|sqlite3_changes|changes\s*\(\s*\)|numDeletedRows|numUpdatedRows"
    r"|numInsertedOrUpdatedRows|numAffectedRows|numChangedRows)|\.changes\b"
)

#: A call opening a database connection or pool: sqlx's ``SqlitePool::connect(``,
#: ``PgPool::connect_with(``, rusqlite's ``Connection::open(``; Python's
#: ``sqlite3.connect(``, ``psycopg.connect(``, ``create_engine(``; Go's
#: ``sql.Open(``, ``sqlx.Connect(``, ``pgx.Connect(``, ``pgxpool.New(``;
#: Node's ``new Database(`` (better-sqlite3), ``mysql.createConnection(``.
_CONNECTS = lazy_compile(
    r"\b(?:\w*(?:Pool|Connection|Conn|ConnectOptions)\s*::\s*(?:connect|open)\w*"
    r"|(?:sqlite3|psycopg2?|pymysql|MySQLdb|sql|sqlx|pgx|pgxpool|mysql|mysql2|pg)\s*\.\s*"
    r"(?:connect|Open|Connect|New|createConnection|createPool)"
    r"|create_engine|new\s+(?:sqlite3\.)?Database|new\s+(?:pg\.)?(?:Client|Pool))\s*\("
)

#: Words a column position may hold that are no table's declared column: SQL's
#: niladic functions and the implicit row ids (SQLite's rowid, PostgreSQL's system columns).
_NOT_COLUMNS = frozenset(
    {
        "current_timestamp",
        "current_date",
        "current_time",
        "current_user",
        "session_user",
        "localtime",
        "localtimestamp",
        "null",
        "true",
        "false",
        "rowid",
        "_rowid_",
        "oid",
        "ctid",
        "xmin",
        "xmax",
        "tableoid",
        "excluded",
    }
)

#: Context of a place in SQL (or a FromRow struct mapping it) that names
#: columns its table never had: another database's table of that name.
FOREIGN_LABEL = "SQL of another database? (names columns {table} never had: {missing})"


def _elsewhere(hit: _Hit, table: str, missing: tuple[str, ...]) -> _Hit:
    """``hit`` made plain when it is ``table`` or one of its columns (:meth:`_foreign`)."""
    target = hit.target
    names = target.tables if target.attached else (target.name, *target.old_names)
    if hit.confidence != HIGH or table not in _folded(names):
        return hit
    shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
    label = FOREIGN_LABEL.format(table=table, missing=shown)
    return _Hit(hit.target, PLAIN, label, hit.by_table, hit.on_table)


def _attributed(hits: list[_Hit]) -> list[_Hit]:
    """The hits the context attributes the place to.

    Of the table-attached candidates (columns...), those whose table
    qualifies the name win; else those whose table the line names; else
    all stay, and the place is shared among them (counted once).
    """
    attached = [h for h in hits if h.target.attached]
    for by_table in (True, False):
        chosen = [h for h in attached if (h.by_table if by_table else h.on_table)]
        if chosen:
            return [h for h in hits if not h.target.attached or h in chosen]
    return hits


#: Context of a table's name passed whole to a SQL template's function (``{{replica "t" "i"}}``).
TEMPLATE_ARGUMENT_LABEL = "SQL template function argument"

#: Context of ``t.col`` in SQL whose statement does not show what ``t`` is.
UNRESOLVED_QUALIFIER = "SQL qualifier, no table of that name in the statement"

#: Context of ``x.col`` in SQL where ``x`` is bound to no table in sight and
#: another table has a column ``col`` now: which table's it is, is not known.
UNRESOLVED_COLUMN_QUALIFIER = "SQL qualifier of no table in sight, column of another table too"

#: Context of a column in a SQL statement whose table is filled in at run time
#: (``SELECT `primary` FROM %s``), every table with such a column renaming it alike.
TABLE_UNSEEN = "SQL (table filled in at run time; every table's column renamed alike)"

#: Kinds a ``t.col`` qualifier can name.
_TABLE_KINDS = frozenset({"table", "view", "materialized_view"})

#: Database object kinds a Prisma declaration can name.
_PRISMA_KINDS = {
    "table": frozenset({"table"}),
    "view": frozenset({"view", "materialized_view"}),
    "type": frozenset({"type"}),
    "column": frozenset({"column"}),
}
_PRISMA_LABELS = {
    "table": "Prisma model",
    "view": "Prisma view",
    "type": "Prisma enum",
    "column": "Prisma field",
}


def _prisma_hit(target: Target, site: Site) -> _Hit | Literal[False] | None:
    """How a Prisma site settles ``target``: a hit, None (no reference), or
    False (undecided: judge the text as in any file)."""
    if site.client_name:
        return None
    if site.declares is not None:
        if target.kind not in _PRISMA_KINDS[site.declares]:
            return None
        if site.declares == "column" and not _folded_in(site.table or "", target.tables):
            return None
        return _Hit(target, HIGH, _PRISMA_LABELS[site.declares], by_table=True)
    if site.block == "enum" and target.kind != "type":
        return None  # enum values and @@map name no table or column
    if target.attached and site.block in ("model", "view"):
        if site.table is None:
            return False  # references: [...] of a model this file does not declare
        if not _folded_in(site.table, target.tables):
            return None  # another table's column of the same name
        return False
    return False


def _diesel_hit(target: Target, site: DieselSite) -> _Hit | None:
    """The hit a Diesel macro's word makes for ``target``, or None."""
    if site.client_name:
        return None
    kinds = _PRISMA_KINDS["column"] if site.declares == "column" else _DIESEL_TABLE_KINDS
    if target.kind not in kinds:
        return None
    if site.declares == "column" and not _folded_in(site.table, target.tables):
        return None
    if site.schema is not None and not _folded_in(site.schema, target.schemas):
        return None
    return _Hit(target, HIGH, site.label, by_table=True)


def _kysely_hit(
    target: Target, site: kysely.Site, qualifier: str | None
) -> _Hit | Literal[False] | None:
    """How a Kysely string settles ``target``: a hit, None (no reference: the
    string names another kind of object, or another table's column), or False
    (a column whose alias this reading cannot resolve: judged as any text)."""
    if site.part == "table":
        if target.kind in _TABLE_KINDS and (
            qualifier is None or _folded_in(qualifier, target.schemas)
        ):
            return _Hit(target, HIGH, site.label)
        return None
    if not target.attached:
        return None
    if site.table is None:
        return False
    if _folded_in(site.table, target.tables):
        return _Hit(target, HIGH, site.label, by_table=True)
    return None


#: What a Diesel ``table!`` can declare (Diesel maps views with it too).
_DIESEL_TABLE_KINDS = frozenset({"table", "view", "materialized_view"})


@functools.lru_cache(maxsize=4096)  # asked per candidate of each place: the same few words
def _refers(written: str, quoted: bool, old: str, stored: str, dialect: str | None) -> bool:
    """Whether ``written`` in code names the object stored as ``stored``.

    Compared as the catalog compares names (:meth:`DialectProfile.key`):
    quoted (after ``"``, ``'``, a backtick or ``[``), the spelling must give
    the stored name exactly; bare, it is folded first (PostgreSQL:
    ``post``, ``POST`` and ``"post"`` all name ``post``; ``"User"`` is
    reached only quoted). A bare spelling must also be the old name as
    written, in all-lower or in all-upper case: mixed-case words in code
    are the language's own (``class Post``).
    """
    profile = profile_for(dialect)
    key = profile.key(stored, True)
    if quoted and profile.key(written, True) == key:
        return True
    if profile.truncates:  # compared as the database keeps them: cut to its limit
        written, old, stored = profile.clip(written), profile.clip(old), profile.clip(stored)
    if written not in {old, stored, old.lower(), old.upper()}:
        return False
    return profile.key(written, False) == key


def _reserved(written: str, target: Target) -> bool:
    """Whether ``written`` is a reserved word of ``target``'s dialect: SQL reads it
    bare as the keyword, so only quoted does it name an object."""
    return written.casefold() in profile_for(target.dialect).reserved_words


def _folded_in(name: str, names: tuple[str, ...]) -> bool:
    return name.casefold() in _folded(names)


@functools.lru_cache(maxsize=4096)  # a target's tables or schemas, asked per place
def _folded(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(n.casefold() for n in names)


def _mentions(line: str, names: tuple[str, ...]) -> bool:
    """Whether ``line`` holds any of ``names`` as a whole identifier, case ignored."""
    words = _line_words(line)
    return any(
        n.casefold() in words if _IDENT_RUN.fullmatch(n.casefold()) else _word_in(n, line)
        for n in names
    )


@functools.lru_cache(maxsize=64)  # asked per candidate of each place on the line
def _line_words(line: str) -> frozenset[str]:
    """The line's identifiers (case-folded): a name made of identifier
    characters is a whole identifier there exactly when it is one of them."""
    return frozenset(_IDENT_RUN.findall(line.casefold()))


def _word_in(name: str, line: str) -> bool:
    """``name`` (holding other characters: ``"my table"``) as a whole identifier."""
    found = re.search(rf"(?<!{_IDENT}){re.escape(name.casefold())}(?!{_IDENT})", line.casefold())
    return found is not None
