"""A Go migration list read as the SQL its runner applies, for ``paths:``.

miniflux and dex keep their whole schema in one Go file: a migration list
(:mod:`dbnamelint.impact.migration_lists`: ``var migrations =
[...]func(tx *sql.Tx) error{...}``, ``[]migration{{stmts: []string{...}}}``)
whose steps their own runner applies once each, in order. A ``.go`` file
named in ``paths:`` (or on the command line) that holds one is read as a
migration file: the SQL of every string literal inside a list that starts
a statement (``CREATE``, ``ALTER``, ``DROP``, ``INSERT``..., after comments),
in file order, which is the order the steps run in. Everything else (the Go
code, a time zone name, an error message) is blank, so a name is located
at its own line and column of the ``.go`` file (the text has the file's
length: :func:`~dbnamelint.code_ddl_text.sql_view`).

A string the code completes when it runs (``fmt.Sprintf("ALTER TABLE %s
...", t)``, ``"CREATE TABLE " + name``) is not read: its names are not
known. A ``DBN013`` note at it says so, as for dynamic DDL in SQL: a warning
when its text holds ``CREATE``, ``ALTER``, ``DROP`` or ``RENAME`` (the gate
refuses a new one), unless a ``// dbnamelint: ignore[DBN013] <reason>``
comment on its line or the lines right above accepts it (then an info note).
One the package's string constants and literals complete (``"CREATE TABLE
" + tbl``, ``fmt.Sprintf(fmtMake, "audit_log")``) is the statement it makes
(:mod:`dbnamelint.go_format_ddl`), laid where it starts (session 34; the
constants of the package's other files too since session 35). A step's
call of a package helper its arguments complete is read bound, at the call
(:mod:`dbnamelint.go_helper_ddl`).
Only a formatting call fills in a ``%`` verb: ``LIKE '%abc%'`` in a string
``tx.Exec`` runs is SQL (:func:`~dbnamelint.code_ddl_text.go_formatted`).
A string's statements end where the string does (a ``;`` is added there);
one whose first statement is not one the reader knows (``MERGE``,
``REFRESH MATERIALIZED VIEW``, ``BEGIN``) is read for the statements after
it. An error's or a log line's text (``fmt.Errorf("alter table feeds:
%w", err)``, ``errors.New(...)``) is not SQL. DDL outside the lists in the
list's own file (a ``const`` a step runs, a helper function a step calls)
is read too, after the list's strings before it, where it stands in the
file: it runs as a step does.
A ``// dbnamelint: ignore[DBN105] <reason>`` comment line above a step's
string is the directive of the statement below it, as in a .sql file.
Steps the runner picks by driver at run time (``if driver == "postgres"``)
are all read, in file order: name them by their dialect's file instead
when they differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dbnamelint.code_ddl_text import (
    DdlString,
    ddl_strings,
    makes_ddl,
    runs_statements,
    sql_view,
    statement_head,
)
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.migration_lists import in_lists, migration_lists
from dbnamelint.model import Diagnostic, Location, ObjectKind, SchemaObject, Severity
from dbnamelint.positions import LineIndex

DYNAMIC_CODE = "DBN013"
#: A string that starts a SQL statement (after blanks and comments).
_STATEMENT = lazy_compile(
    r"\s*(?:--[^\n]*(?:\n|\Z)\s*|/\*.*?\*/\s*)*"
    r"(?:CREATE|ALTER|DROP|RENAME|COMMENT|INSERT|UPDATE|DELETE|GRANT|REVOKE|TRUNCATE|"
    r"SELECT|WITH|SET|DO|PRAGMA|REPLACE|CALL|REINDEX|ANALYZE|VACUUM|LOCK)\b",
    re.IGNORECASE | re.DOTALL,
)


#: What makes a dynamic statement's note a warning (DBN013's rule).
_DDL_WORD = lazy_compile(r"\b(?:CREATE|ALTER|DROP|RENAME)\b", re.IGNORECASE)


def is_go_file(path: str) -> bool:
    """Whether ``path`` names a Go source file (any case)."""
    return path.lower().endswith(".go")


def holds_migration_list(path: str, text: str) -> bool:
    """Whether the Go file ``text`` at ``path`` holds a migration list."""
    return bool(migration_lists(path, text))


def _statement(sql: str) -> bool:
    """Whether a string is SQL a step runs: one starting with a statement's
    word, or running one after a ``;`` whatever its first statement is
    (:func:`~dbnamelint.code_ddl_text.runs_statements`)."""
    return _STATEMENT.match(sql) is not None or runs_statements(sql)


#: A call opening right before a quoted string: ``New(``.
_CALL_BEFORE = lazy_compile(r"\w\(\s*\Z")
#: The rest of a step's call after its first quoted argument: a function
#: named, the call closed (``", supportLikes)``).
_LABEL_AFTER = lazy_compile(r'"\s*,\s*(?:\w+\.)?\w+\s*\)')


def _label(text: str, string: DdlString) -> bool:
    """Whether ``string`` is a step's label, not its SQL: the quoted first
    argument of a call whose only other one names the step's function
    (WriteFreely's ``New("update post indexes", addLikeIndex)``: read as an
    UPDATE, the step appended at the end was a false DBN025, trial s39)."""
    a = string.pieces[0][0] if string.pieces else string.start
    return (
        len(string.pieces) == 1
        and text[a - 1 : a] == '"'
        and _CALL_BEFORE.search(text, max(0, a - 80), a - 1) is not None
        and _LABEL_AFTER.match(text, string.pieces[0][1]) is not None
    )


def list_strings(path: str, text: str) -> list[DdlString]:
    """The SQL strings of the migration lists of Go file ``text``, in file
    order, and the DDL strings outside them (see the module docstring); a
    step's label (:func:`_label`) is none."""
    lists = migration_lists(path, text)
    if not lists:
        return []
    return [
        s
        for s in ddl_strings(path, text, _statement)
        if (in_lists(lists, s.start) or makes_ddl(s.text)) and not _label(text, s)
    ]


def go_list_text(
    path: str, text: str, package: Callable[[], str] | None = None
) -> tuple[str, list[Diagnostic]]:
    """``text`` (a Go file at ``path``, as shown) as the SQL its migration
    lists run, of ``text``'s length, and a ``DBN013`` note at each string
    the code completes (not read). ``package``: the text of the file's
    package (``text`` first, then its folder's other ``.go`` files), read
    when needed; ``text`` alone when not given."""
    from dbnamelint.code_migrations import ACCEPTED, _accepted
    from dbnamelint.go_format_ddl import with_filled_formats
    from dbnamelint.go_helper_ddl import helper_calls, too_deep

    held: list[str] = []

    def pkg() -> str:
        if not held:
            held.append(package() if package is not None else text)
        return held[0]

    # a step the package's constants complete (`"CREATE TABLE " + tbl`,
    # `fmt.Sprintf(fmtMake, "audit_log")`, the const in any file of the
    # package: trial confirm35 G3) is the statement it makes
    strings = with_filled_formats(text, list_strings(path, text), pkg)
    spans: list[tuple[int, int]] = []
    if "(" in text:
        # a step calling a helper its arguments complete: read bound, at the call
        called, spans = helper_calls(path, text, migration_lists(path, text), pkg(), _statement)
        if called:
            strings = [s for s in strings if not any(a <= s.start < b for a, b in spans)]
            strings = sorted([*strings, *called], key=lambda s: s.start)
    index = LineIndex(text)
    lines = text.split("\n")
    directive_lines = _without_helper_acceptance(lines, text, spans) if spans else lines
    notes = []
    for string in strings:
        if not string.holes:
            continue
        a, b = string.holes[0]
        built = " ".join(text[a:b].split())[:60]
        head = statement_head(string.text)
        line, column = index.line_col(string.start)
        deep = too_deep(string.text)
        message = (
            f"this step's SQL ({head}) is completed when the code runs ({built})"
            f"{f'; {deep}' if deep else ''}: "
            "it is not read, and the names it makes or changes are not in the model"
        )
        # DBN013's rule: a warning when the text may create, alter, drop or
        # rename (README, "Dynamic DDL (DBN013)"): the gate refuses a new one
        severity = Severity.WARNING if _DDL_WORD.search(string.text) else Severity.INFO
        if severity is Severity.WARNING and _accepted(lines, line):
            severity, message = Severity.INFO, message + ACCEPTED
        notes.append(Diagnostic(Location(path, line, column), severity, message, DYNAMIC_CODE))
    from dbnamelint.code_migrations import _with_directives

    # a `// dbnamelint: ignore[DBN105] <reason>` line above a step's string is
    # its statement's directive, as in a .sql file (trial s33 M4: ignored)
    view = sql_view(text, [s for s in strings if not s.holes])
    return _with_directives(view, directive_lines), notes


#: A ``// dbnamelint: ignore[DBN013] ...`` comment naming DBN013 alone.
_DBN013_ONLY = lazy_compile(r"//\s*dbnamelint\s*:\s*ignore\[\s*DBN013\s*\]", re.IGNORECASE)


def _without_helper_acceptance(
    lines: list[str], text: str, spans: list[tuple[int, int]]
) -> list[str]:
    """``lines`` with each ``ignore[DBN013]`` comment in a helper its calls
    read bound (``spans``: their bodies) or right above it blanked: its
    calls are read, so it accepts nothing, and it is no SQL directive (not
    an unused one, ``DBN020``, failing a run that passed before)."""
    out = list(lines)
    for start, end in spans:
        first = text.count("\n", 0, start)
        last = text.count("\n", 0, end)
        above = first - 1
        while above >= 0 and lines[above].lstrip().startswith("//"):
            above -= 1
        for i in range(above + 1, last + 1):
            if _DBN013_ONLY.search(out[i]):
                out[i] = _DBN013_ONLY.sub(lambda m: " " * len(m.group()), out[i])
    return out


#: Version tables a Go migration list's own runner keeps (miniflux's
#: ``schema_version``: its first step creates it and ``database.go`` reads,
#: truncates and writes it by name around every step): renaming one breaks
#: the runner, and its compatibility view cannot be truncated.
RUNNER_TABLES = frozenset({"schema_version", "schema_versions", "schema_migrations", "migrations"})


def is_runner_object(obj: SchemaObject) -> bool:
    """Whether ``obj`` is a :data:`RUNNER_TABLES` table a Go migration list
    creates (its ``.go`` file), or a column, index or constraint of one: the
    runner's names, not the project's to rename. The same name created by a
    SQL file is linted as any."""
    table = obj.name if obj.kind is ObjectKind.TABLE else obj.table
    if table is None or table.casefold() not in RUNNER_TABLES:
        return False
    return obj.source.path.lower().endswith(".go")
