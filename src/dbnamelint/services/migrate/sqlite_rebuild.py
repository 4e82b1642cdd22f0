"""Rename SQLite constraints by rebuilding their table (there is no RENAME CONSTRAINT).

SQLite keeps a constraint's name only in its table's ``CREATE TABLE`` text
(``sqlite_master.sql``) and no ``ALTER TABLE`` form changes it, so the
migration rebuilds the table as "Making Other Kinds Of Table Schema
Changes" (sqlite.org/lang_altertable.html, section 7) describes: a new
table ``new_X`` made from X's own definition with the constraint names
replaced token by token (every other byte kept), the rows copied, X
dropped, ``new_X`` renamed to X, and X's indexes and triggers made again
from their own text.

Where the text comes from: the tree's SQLite statements are replayed, in
the order ``check`` replays them, into an in-memory SQLite database
(``CREATE``/``ALTER``/``DROP`` only; a statement SQLite refuses is passed
over), and ``sqlite_master`` then holds each table's definition exactly as a
database built from the files holds it, ``ALTER TABLE ... RENAME`` and
``ADD COLUMN`` edits included. A constraint whose name the definition does
not write (or a table the replay does not hold) is not renamed, and the
plan says so.

The scripts run the rebuilds before the phase's renames (forward) and
after undoing them (rollback), so the text rebuilt is always the one read
here. Around the rename of ``new_X`` to X ``legacy_alter_table`` is ON:
otherwise SQLite 3.26+ checks every view and trigger when it renames, and a
view or another table's trigger naming X (dropped a statement before)
stops it ("error in view v: no such table: main.X"); in legacy mode they
are left as they are and name X again once it is back.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for
from dbnamelint.frontends.sql.parsing.spans import create_table_spans, replace_spans
from dbnamelint.model import ObjectKind, Statement
from dbnamelint.services.migrate.plan import Note, Plan, Rebuild, Step

_LEADING = lazy_compile(r"(?:\s|--[^\n]*(?:\n|\Z)|/\*.*?(?:\*/|\Z))*", re.DOTALL)
_HEAD = lazy_compile(r"[A-Za-z]+")
#: Statements replayed into the scratch database: the ones that shape the schema.
_SCHEMA_HEADS = frozenset({"CREATE", "ALTER", "DROP"})
_ROWID_NAMES = frozenset({"rowid", "oid", "_rowid_"})

#: The temporary table whose CHECKs stop a script (SQLite has no RAISE outside triggers).
GUARD_TABLE = "dbnamelint_rebuild"
FOREIGN_KEYS_ON = (
    "dbnamelint: foreign_keys is ON inside a transaction, so DROP TABLE would delete "
    "rows first; run this script with PRAGMA foreign_keys=OFF outside a transaction"
)
FOREIGN_KEY_VIOLATIONS = "dbnamelint: PRAGMA foreign_key_check finds violations after the rebuild"
FOREIGN_KEY_VIOLATIONS_BEFORE = (
    "dbnamelint: the database already has foreign-key violations (PRAGMA foreign_key_check) "
    "before the rebuild; fix them first"
)


def _head(text: str) -> str:
    match = _HEAD.match(text, _LEADING.match(text).end())  # type: ignore[union-attr]
    return match.group(0).upper() if match else ""


def scratch_database(statements: Sequence[Statement]) -> sqlite3.Connection:
    """An in-memory SQLite database built from the SQLite ``statements``'
    schema statements (``CREATE``, ``ALTER``, ``DROP``), in order.

    A statement SQLite refuses (a template placeholder, a module this build
    lacks) is passed over: what it would have made is then missing, and the
    caller checks the definitions it reads against the model's names.
    """
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        if profile_for(statement.source.dialect).family is not Family.SQLITE:
            continue
        if _head(statement.text) not in _SCHEMA_HEADS:
            continue
        try:
            connection.executescript(statement.text)
        except (sqlite3.Error, ValueError):
            continue
    return connection


def _is_main(schema: str | None) -> bool:
    return schema is None or schema.casefold() == "main"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class _Scratch:
    """Reads definitions from the scratch database."""

    def __init__(self, connection: sqlite3.Connection, quote: Callable[[str], str]) -> None:
        self.db = connection
        self.quote = quote
        self.names = {
            str(row[0]).casefold() for row in self.db.execute("SELECT name FROM sqlite_master")
        }

    def rebuild(
        self, schema: str | None, table: str, renames: Sequence[Step]
    ) -> tuple[Rebuild | None, list[Step], str | None]:
        """The rebuild of ``table`` renaming ``renames``' constraints, the steps
        it covers, and why any step is left out (None: none is)."""
        row = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
            (table,),
        ).fetchone()
        if row is None or row[1] is None:
            return None, [], "the table is not in a database built from the files"
        stored, sql = str(row[0]), str(row[1])
        spans = create_table_spans(sql, "sqlite")
        if spans is None:
            return None, [], "its definition is not a CREATE TABLE with a column list"
        scratch = self._scratch_name(stored)
        new_edits = {(spans.table.start, spans.table.end): self.quote(scratch)}
        # "X"."col" in a CHECK: new_X refuses it ("no such column: X.col"), and
        # after the rename under legacy_alter_table it would name new_X: bare
        new_edits.update(dict.fromkeys(spans.qualifiers, ""))
        old_edits = dict(new_edits)
        covered: list[Step] = []
        missing: list[str] = []
        for step in renames:
            found = [s for s in spans.constraints if s.name.casefold() == step.old.casefold()]
            if not found:
                missing.append(step.old)
                continue
            covered.append(step)
            for span in found:
                new_edits[(span.start, span.end)] = self.quote(step.new)
        why = (
            f"its definition writes no constraint named {', '.join(map(repr, missing))}"
            if missing
            else None
        )
        if not covered:
            return None, [], why
        columns, rowid = self._columns(stored)
        rows = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name = ? COLLATE NOCASE "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid",
            (stored,),
        ).fetchall()
        attached = tuple(str(r[1]).rstrip().rstrip(";") + ";" for r in rows)
        shape = tuple(
            (str(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4]))
            for r in self.db.execute(
                'SELECT name, type, "notnull", pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid',
                (stored,),
            )
        )
        rebuild = Rebuild(
            schema,
            stored,
            replace_spans(sql, old_edits),
            replace_spans(sql, new_edits),
            scratch,
            columns,
            rowid,
            spans.autoincrement,
            attached,
            shape,
            tuple(str(r[0]) for r in rows),
        )
        return rebuild, covered, why

    def _scratch_name(self, table: str) -> str:
        """``new_<table>`` as the SQLite manual names it, made free if taken."""
        name, n = f"new_{table}", 1
        while name.casefold() in self.names:
            n += 1
            name = f"new_{table}_{n}"
        self.names.add(name.casefold())
        return name

    def _columns(self, table: str) -> tuple[tuple[str, ...], bool]:
        """The stored columns (not generated ones) and whether the rowid is copied too."""
        rows = self.db.execute(
            "SELECT name, type, pk, hidden FROM pragma_table_xinfo(?)", (table,)
        ).fetchall()
        columns = tuple(str(r[0]) for r in rows if r[3] == 0)
        pks = [r for r in rows if r[2]]
        alias = len(pks) == 1 and str(pks[0][1]).upper() == "INTEGER"
        try:
            self.db.execute(f"SELECT rowid FROM {self.quote(table)} LIMIT 0")
            has_rowid = True
        except sqlite3.Error:  # WITHOUT ROWID
            has_rowid = False
        named_rowid = any(str(r[0]).casefold() in _ROWID_NAMES for r in rows)
        return columns, has_rowid and not alias and not named_rowid


def with_rebuilds(
    plan: Plan, statements: Sequence[Statement], approximate: Mapping[str, str] | None = None
) -> Plan:
    """``plan`` with a :class:`~.plan.Rebuild` for each SQLite table whose
    constraints it renames; a constraint the rebuild cannot rename (not in
    the definition a database built from ``statements`` holds) leaves the
    plan with a note instead of its step. ``approximate``: per table name
    (folded), the file that made it when that is no SQL file (an Alembic
    revision, a Django migration): its definition in a database is what the
    framework wrote (``id INTEGER NOT NULL``, its defaults), which the
    statements read from the file only approximate, so it is not rebuilt
    (the rebuild's guard would stop on every such database). Other plans are
    returned as they are.
    """
    profile = profile_for(plan.dialect)
    wanted = [
        s
        for s in plan.steps
        if s.kind is ObjectKind.CONSTRAINT and s.recreate and profile.family is Family.SQLITE
    ]
    if not wanted:
        return plan
    old_table = {(s.schema, s.new.casefold()): s.old for s in plan.tables}
    by_table: dict[tuple[str | None, str], list[Step]] = {}
    for step in wanted:
        table = old_table.get((step.schema, (step.table or "").casefold()), step.table or "")
        by_table.setdefault((step.schema, table), []).append(step)
    scratch = _Scratch(scratch_database(statements), profile.quote)
    rebuilds: list[Rebuild] = []
    dropped: set[int] = set()
    notes = list(plan.notes)
    for (schema, table), steps in by_table.items():
        rebuild: Rebuild | None = None
        covered: list[Step] = []
        why: str | None = f"it is in the attached database {schema!r}"
        made_by = (approximate or {}).get(table.casefold())
        if made_by is not None:
            why = (
                f"{made_by} made it, whose framework writes its definition (NOT NULL, "
                "defaults) as dbnamelint reads only approximately: rename the constraint by "
                "hand, re-creating the table as the SQLite manual's section 7 says"
            )
        elif _is_main(schema):
            rebuild, covered, why = scratch.rebuild(schema, table, steps)
        if rebuild is not None:
            rebuilds.append(rebuild)
            names = ", ".join(f"{s.old!r} -> {s.new!r}" for s in covered)
            notes.append(
                Note(
                    f"SQLite cannot rename a constraint: table {table!r} is rebuilt to rename "
                    f"{names} (new table from its own definition with only those names changed, "
                    "rows copied, old table dropped, new one renamed, its indexes and triggers "
                    "made again; sqlite.org/lang_altertable.html section 7); the script stops "
                    "before any rebuild if the table in the database has columns, indexes or "
                    "triggers other than the files' (a Go migration's ALTER TABLE): they would "
                    "be lost with their data (the sqlite3 shell goes on after an error unless "
                    "run with -bail)"
                )
            )
        for step in steps:
            if step not in covered:
                dropped.add(id(step))
                notes.append(
                    Note(
                        f"sqlite cannot rename constraint {step.old!r} on {table!r} and the table "
                        f"is not rebuilt for it ({why}): not renamed (wanted {step.new!r})"
                    )
                )
    steps_left = tuple(s for s in plan.steps if id(s) not in dropped)
    return replace(plan, steps=steps_left, notes=tuple(notes), rebuilds=tuple(rebuilds))


def rebuild_statements(rebuild: Rebuild, forward: bool, quote: Callable[[str], str]) -> list[str]:
    """The statements of one rebuild: to the new constraint names (``forward``)
    or back to the old ones. Needs ``PRAGMA foreign_keys=OFF`` (see
    :func:`check_statements`)."""
    table, scratch = quote(rebuild.table), quote(rebuild.scratch)
    names = [quote(c) for c in rebuild.columns]
    if rebuild.rowid:
        names.insert(0, "rowid")
    listed = ", ".join(names)
    out = [
        (rebuild.after if forward else rebuild.before) + ";",
        f"INSERT INTO {scratch} ({listed}) SELECT {listed} FROM {table};",
    ]
    if rebuild.autoincrement:
        # DROP TABLE deletes X's sqlite_sequence row and RENAME renames new_X's:
        # X's row, moved to new_X, keeps its counter (not max(rowid)).
        out += [
            f"DELETE FROM sqlite_sequence WHERE name = {_literal(rebuild.scratch)};",
            f"UPDATE sqlite_sequence SET name = {_literal(rebuild.scratch)} "
            f"WHERE name = {_literal(rebuild.table)};",
        ]
    out += [
        f"DROP TABLE {table};",
        "PRAGMA legacy_alter_table=ON;",
        f"ALTER TABLE {scratch} RENAME TO {table};",
        "PRAGMA legacy_alter_table=OFF;",
        *rebuild.attached,
    ]
    return out


def _shape_message(rebuild: Rebuild) -> str:
    """The CHECK name that stops a script whose table is not the files' one."""
    columns = [c[0] for c in rebuild.shape]
    more = f" and {len(columns) - 12} more" if len(columns) > 12 else ""
    listed = ", ".join(columns[:12]) + more
    attached = ", ".join(rebuild.attached_names) or "none"
    return (
        f"dbnamelint: table {rebuild.table} in the database is not the one the migration "
        f"files define (columns {listed}; indexes and triggers: {attached}), so rebuilding it "
        "would drop what the files do not show, with its data (a column a Go migration "
        "added); stopped before the rebuild: compare with SELECT * FROM "
        f"pragma_table_xinfo({_literal(rebuild.table)}) or dbnamelint drift --db URL, add "
        "the missing DDL to the SQL migrations and run dbnamelint migrate again"
    )


def _shape_mismatches(rebuild: Rebuild, quote: Callable[[str], str]) -> str:
    """An expression counting how the live table differs from ``rebuild.shape``
    and ``rebuild.attached_names``: columns (name, declared type, NOT NULL,
    primary key, generated) it has and the files do not, or lacks; indexes
    and triggers on it (those with a text: not a constraint's autoindex)
    likewise. Names compare as SQLite compares them (ASCII case folded)."""
    table = _literal(rebuild.table)
    match = (
        " OR ".join(
            f"({quote('name')} = {_literal(name)} COLLATE NOCASE AND {quote('type')} = "
            f"{_literal(kind)} COLLATE NOCASE AND {quote('notnull')} = {notnull} AND "
            f"{quote('pk')} = {pk} AND {quote('hidden')} = {hidden})"
            for name, kind, notnull, pk, hidden in rebuild.shape
        )
        or "0"
    )
    columns = f"FROM pragma_table_xinfo({table})"
    parts = [
        f"(SELECT count(*) {columns} WHERE NOT ({match}))",
        f"({len(rebuild.shape)} - (SELECT count(*) {columns} WHERE {match}))",
    ]
    attached = (
        "FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
        f"AND tbl_name = {table} COLLATE NOCASE"
    )
    if rebuild.attached_names:
        names = ", ".join(_literal(n) for n in rebuild.attached_names)
        parts += [
            f"(SELECT count(*) {attached} AND name COLLATE NOCASE NOT IN ({names}))",
            f"({len(rebuild.attached_names)} - (SELECT count(*) {attached} "
            f"AND name COLLATE NOCASE IN ({names})))",
        ]
    else:
        parts.append(f"(SELECT count(*) {attached})")
    return " + ".join(parts)


def _ran_message(rebuild: Rebuild) -> str:
    """The CHECK name that stops a forward script run a second time."""
    return (
        f"dbnamelint: {rebuild.table} is a view in the database: the forward script ran "
        "already (its compatibility view stands under the old name); nothing was changed"
    )


def check_statements(
    quote: Callable[[str], str],
    end: bool,
    rebuilds: Sequence[Rebuild] = (),
    *,
    forward: bool = False,
) -> list[str]:
    """The checks around a script's rebuilds.

    At the start (``end=False``): a temporary table whose CHECKs carry the
    messages, and a row that stops the script when ``foreign_keys`` is still
    ON (``PRAGMA foreign_keys=OFF`` does nothing inside a transaction, as a
    migration tool's own; DROP TABLE would then delete the rows first and
    cascade), and a row that stops it when ``PRAGMA foreign_key_check``
    finds violations already (an orphan the sqlite3 shell, foreign keys off
    by default, let in), so that the end's check blames only the rebuild;
    then a row per rebuilt table of ``rebuilds`` that stops it when the
    table in the database has other columns, indexes or triggers than the
    files' (the rebuild copies only the files' columns and makes only their
    indexes and triggers again: a column a Go migration added would be lost
    with its data). In a ``forward`` script a row per rebuilt table comes
    first that stops it when the table's name is a view already: the script
    ran, and its compatibility view stands under the old name (the shape
    check would blame the view's triggers). At the end: ``PRAGMA foreign_key_check`` (as its
    table-valued function) stops the script when it finds a violation, and
    the table is dropped.
    """
    guard = quote(GUARD_TABLE)  # a temporary table is found first by its name alone
    if end:
        return [
            f"INSERT INTO {guard} SELECT 'foreign_key_check', count(*) "
            "FROM pragma_foreign_key_check;",
            f"DROP TABLE {guard};",
        ]
    ran = rebuilds if forward else ()
    shapes = "".join(
        f", CONSTRAINT {quote(_ran_message(r))} "
        f"CHECK ({quote('check')} <> 'ran {n}' OR {quote('n')} = 0)"
        for n, r in enumerate(ran, 1)
    ) + "".join(
        f", CONSTRAINT {quote(_shape_message(r))} "
        f"CHECK ({quote('check')} <> 'table {n}' OR {quote('n')} = 0)"
        for n, r in enumerate(rebuilds, 1)
    )
    return [
        f"CREATE TEMP TABLE {quote(GUARD_TABLE)} ({quote('check')} TEXT, {quote('n')} INTEGER, "
        f"CONSTRAINT {quote(FOREIGN_KEYS_ON)} CHECK ({quote('check')} <> 'foreign_keys' "
        f"OR {quote('n')} = 0), CONSTRAINT {quote(FOREIGN_KEY_VIOLATIONS)} "
        f"CHECK ({quote('check')} <> 'foreign_key_check' OR {quote('n')} = 0), "
        f"CONSTRAINT {quote(FOREIGN_KEY_VIOLATIONS_BEFORE)} "
        f"CHECK ({quote('check')} <> 'foreign_key_check_before' OR {quote('n')} = 0){shapes});",
        f"INSERT INTO {guard} SELECT 'foreign_keys', foreign_keys FROM pragma_foreign_keys;",
        f"INSERT INTO {guard} SELECT 'foreign_key_check_before', count(*) "
        "FROM pragma_foreign_key_check;",
        *(
            f"INSERT INTO {guard} SELECT 'ran {n}', count(*) FROM sqlite_master "
            f"WHERE type = 'view' AND name = {_literal(r.table)} COLLATE NOCASE;"
            for n, r in enumerate(ran, 1)
        ),
        *(
            f"INSERT INTO {guard} SELECT 'table {n}', {_shape_mismatches(r, quote)};"
            for n, r in enumerate(rebuilds, 1)
        ),
    ]
