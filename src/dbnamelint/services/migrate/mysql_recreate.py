"""Rename a MySQL/MariaDB foreign key or CHECK by re-adding the server's own definition.

Neither server renames these constraints in place (no ``RENAME
CONSTRAINT``), and the model does not hold a constraint's whole definition
(referenced schema and columns, ON DELETE/UPDATE rules, the CHECK
expression as the server keeps it). So the script asks the server when it
runs: one statement reads the definition from ``information_schema`` into
the user variable ``@dbnamelint_ddl`` as the text of ::

    ALTER TABLE t DROP FOREIGN KEY old, ADD CONSTRAINT new FOREIGN KEY (a, b)
      REFERENCES s.p (x, y) ON DELETE ... ON UPDATE ...
    ALTER TABLE t DROP CONSTRAINT old, ADD CONSTRAINT new CHECK (...) [NOT ENFORCED]

and ``PREPARE``/``EXECUTE`` run it (both servers prepare ALTER TABLE at top
level: MySQL manual "SQL Syntax Permitted in Prepared Statements", MariaDB
"PREPARE Statement"). One ALTER drops and re-adds, so the constraint is
never missing in between.

Every name in the text we write is quoted (backticks doubled) inside a
string literal (quotes and backslashes doubled); every name the server
adds is quoted the same way by the server (``CONCAT('`', REPLACE(name,
'`', '``'), '`')``). The rules (``CASCADE``, ``SET NULL``...) are the
server's own words. A constraint the catalog does not hold leaves the text
``SELECT `dbnamelint: no ..., nothing renamed```, which fails (unknown
column) with that message, so the script stops there and changes nothing:
``SIGNAL`` cannot be prepared (MySQL manual "Restrictions on Condition
Handling").

Portability, MySQL 8 and MariaDB 10.2+ (run on MariaDB 10.11 in the tests):

* ``CHECK_CONSTRAINTS`` has ``TABLE_NAME`` on MariaDB (check names are per
  table there) but not on MySQL (per schema): the table's row is found in
  ``TABLE_CONSTRAINTS`` and joined with ``NATURAL JOIN``, which matches on
  every column the two share, so on each server on exactly what names one
  check.
* MySQL's ``TABLE_CONSTRAINTS.ENFORCED`` (MariaDB has none): a ``NATURAL
  JOIN`` with a one-row table ``ENFORCED = 'YES'`` keeps the check's row on
  MySQL only if it is enforced and always on MariaDB (no shared column: a
  cross join), so ``NOT ENFORCED`` is written back exactly when MySQL had it.
* ``GROUP_CONCAT`` stops at ``group_concat_max_len`` bytes (1024 by
  default); :data:`GROUP_CONCAT_LIMIT` raises the session's limit first so a
  16-column key of long names is never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dbnamelint.model import ConstraintType

#: Run once before the first foreign key is re-created (a limit only raised).
GROUP_CONCAT_LIMIT = (
    "SET SESSION group_concat_max_len = GREATEST(@@SESSION.group_concat_max_len, 1048576);"
)

_VARIABLE = "@dbnamelint_ddl"
_PREPARED = "dbnamelint_ddl"


def mysql_literal(text: str) -> str:
    """``text`` as a MySQL string literal: quotes and backslashes doubled.

    With ``NO_BACKSLASH_ESCAPES`` a doubled backslash stays two, so a name
    holding one no longer matches the catalog and the script stops (the
    missing-constraint error); nothing in a name can end the literal either way.
    """
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _server_quoted(expression: str) -> str:
    """SQL that quotes the name ``expression`` yields as MySQL does (backticks doubled)."""
    return f"CONCAT('`', REPLACE({expression}, '`', '``'), '`')"


def _column_list(column: str) -> str:
    return f"GROUP_CONCAT({_server_quoted(column)} ORDER BY k.ORDINAL_POSITION SEPARATOR ', ')"


def recreate_statements(
    constraint_type: ConstraintType | None,
    schema: str | None,
    table: str,
    old: str,
    new: str,
    quote: Callable[[str], str],
) -> list[str]:
    """The statements that rename constraint ``old`` of ``table`` to ``new``.

    ``constraint_type``: FOREIGN_KEY or CHECK (anything else raises
    ``ValueError``); ``schema``: the table's schema as the model holds it
    (None: the connection's database); ``quote``: the dialect's identifier
    quoting. Four statements: build the ALTER text, PREPARE, EXECUTE,
    DEALLOCATE. The rollback is the same call with ``old`` and ``new`` swapped.
    """
    owner = f"{quote(schema)}.{quote(table)}" if schema else quote(table)
    in_schema = mysql_literal(schema) if schema else "DATABASE()"
    lit = mysql_literal
    if constraint_type is ConstraintType.FOREIGN_KEY:
        head = (
            f"ALTER TABLE {owner} DROP FOREIGN KEY {quote(old)}, "
            f"ADD CONSTRAINT {quote(new)} FOREIGN KEY ("
        )
        text = (
            f"CONCAT({lit(head)}, {_column_list('k.COLUMN_NAME')}, ') REFERENCES ', "
            f"{_server_quoted('MAX(k.REFERENCED_TABLE_SCHEMA)')}, '.', "
            f"{_server_quoted('MAX(k.REFERENCED_TABLE_NAME)')}, ' (', "
            f"{_column_list('k.REFERENCED_COLUMN_NAME')}, ') ON DELETE ', MAX(r.DELETE_RULE), "
            "' ON UPDATE ', MAX(r.UPDATE_RULE))"
        )
        source = (
            "FROM information_schema.KEY_COLUMN_USAGE k "
            "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
            "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME "
            "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
            f"WHERE k.TABLE_SCHEMA = {in_schema} AND k.TABLE_NAME = {lit(table)} "
            f"AND k.CONSTRAINT_NAME = {lit(old)} AND k.REFERENCED_TABLE_NAME IS NOT NULL"
        )
        what = "foreign key"
    elif constraint_type is ConstraintType.CHECK:
        head = (
            f"ALTER TABLE {owner} DROP CONSTRAINT {quote(old)}, ADD CONSTRAINT {quote(new)} CHECK ("
        )

        def this_check(alias: str) -> str:
            return (
                f"{alias}TABLE_SCHEMA = {in_schema} AND {alias}TABLE_NAME = {lit(table)} "
                f"AND {alias}CONSTRAINT_NAME = {lit(old)} AND {alias}CONSTRAINT_TYPE = 'CHECK'"
            )

        enforced = (
            "IF(EXISTS(SELECT 1 FROM (SELECT 'YES' AS ENFORCED) e "
            "NATURAL JOIN information_schema.TABLE_CONSTRAINTS x "
            f"WHERE {this_check('x.')}), '', ' NOT ENFORCED')"
        )
        text = f"CONCAT({lit(head)}, MAX(c.CHECK_CLAUSE), ')', {enforced})"
        source = (
            "FROM (SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME "
            f"FROM information_schema.TABLE_CONSTRAINTS WHERE {this_check('')}) t "
            "NATURAL JOIN information_schema.CHECK_CONSTRAINTS c"
        )
        what = "check constraint"
    else:
        raise ValueError(f"only foreign keys and checks are re-created, not {constraint_type}")
    missing = "SELECT " + quote(f"dbnamelint: no {what} {old} on table {table}, nothing renamed")
    return [
        f"SET {_VARIABLE} = (SELECT COALESCE({text}, {lit(missing)}) {source});",
        f"PREPARE {_PREPARED} FROM {_VARIABLE};",
        f"EXECUTE {_PREPARED};",
        f"DEALLOCATE PREPARE {_PREPARED};",
    ]


#: Where the catalog lists each kind of name a script renames (view, name column).
_CATALOG = {
    "index": ("STATISTICS", "INDEX_NAME"),
    "constraint": ("TABLE_CONSTRAINTS", "CONSTRAINT_NAME"),
    "column": ("COLUMNS", "COLUMN_NAME"),
    "table": ("TABLES", "TABLE_NAME"),  # the tracking table (name and table alike)
}
#: The start of every text a script prepares only to stop with a message;
#: the reader knows from it that the prepared text runs no DDL.
STOP_MARK = "SELECT `dbnamelint: "
#: How much of an unknown column's name the server quotes in its error:
#: ``Unknown column '%-.192s'`` (ER_BAD_FIELD_ERROR in MySQL's and MariaDB's
#: message files, errmsg-utf8.txt).
MESSAGE_NAME_LIMIT = 192


def guard_statements(
    wanted: Sequence[tuple[str, str | None, str, str]], *, forward: bool = True
) -> list[str]:
    """Statements that stop the script before anything changes when a name is missing.

    ``wanted``: (``index``, ``constraint``, ``column``, ``table``: the
    tracking table, its name as both table and name, or ``renamed``: a
    table the script renames, its name before the script as table and its
    name after as name; schema or None for the connection's database;
    table; name) as the catalog holds them when the script starts. One
    statement looks every name up in ``information_schema`` (STATISTICS,
    TABLE_CONSTRAINTS, COLUMNS, TABLES; a renamed table must not be a
    ``VIEW``: after the forward script its old name is the compatibility
    view) and builds ``DO 0`` when all are there, else ``SELECT
    `dbnamelint: 2 not found, nothing renamed: index i on table t; ...```
    (for a renamed table whose other name is the table, ``forward``:
    ``table t (n is the table: the forward script ran already)``, else
    ``... the forward script has not run, or was rolled back``), which fails at the
    PREPARE (unknown column) with that message: DDL commits as it runs on
    MySQL and MariaDB, so a RENAME INDEX of an index a procedure dropped
    must not fail after the tables were renamed. Needs
    :data:`GROUP_CONCAT_LIMIT` first for long lists.
    """
    lit = mysql_literal
    rows = " UNION ALL ".join(
        f"SELECT {lit(kind)} AS k, {lit(schema) if schema else 'DATABASE()'} AS s, "
        f"{lit(table)} AS t, {lit(name)} AS n, {i} AS o"
        for i, (kind, schema, table, name) in enumerate(wanted)
    )
    found = " OR ".join(
        f"(w.k = {lit(kind)} AND EXISTS (SELECT 1 FROM information_schema.{view} x "
        f"WHERE x.TABLE_SCHEMA = w.s AND x.TABLE_NAME = w.t AND x.{column} = w.n))"
        for kind, (view, column) in _CATALOG.items()
    )
    # A table the script renames, not a view: information_schema.TABLES lists
    # views too, and the compatibility view takes the old name (a table is a
    # BASE TABLE, or on MariaDB SYSTEM VERSIONED).
    found += (
        " OR (w.k = 'renamed' AND EXISTS (SELECT 1 FROM information_schema.TABLES x "
        "WHERE x.TABLE_SCHEMA = w.s AND x.TABLE_NAME = w.t AND x.TABLE_TYPE <> 'VIEW'))"
    )
    state = (
        "the forward script ran already"
        if forward
        else "the forward script has not run, or was rolled back"
    )
    ran = (
        "EXISTS (SELECT 1 FROM information_schema.TABLES x WHERE x.TABLE_SCHEMA = w.s "
        "AND x.TABLE_NAME = w.n AND x.TABLE_TYPE <> 'VIEW')"
    )
    listed = (
        "GROUP_CONCAT(CASE WHEN w.k = 'table' THEN CONCAT('table ', w.n) "
        f"WHEN w.k = 'renamed' AND {ran} "
        f"THEN CONCAT('table ', w.t, ' (', w.n, {lit(' is the table: ' + state + ')')}) "
        "WHEN w.k = 'renamed' THEN CONCAT('table ', w.t) "
        "ELSE CONCAT(w.k, ' ', w.n, ' on table ', w.t) END ORDER BY w.o SEPARATOR '; ')"
    )
    # The name leads with how many are missing, and the server quotes at most
    # MESSAGE_NAME_LIMIT characters of it: a longer list is cut here, before
    # its backticks are doubled (a cut through a doubled one would end the
    # name), and ends with "...".
    tail = "CONCAT(g.c, ' not found, nothing renamed: ')"
    room = f"{MESSAGE_NAME_LIMIT - len(STOP_MARK.removeprefix('SELECT `'))} - CHAR_LENGTH({tail})"
    shown = f"IF(CHAR_LENGTH(g.l) <= {room}, g.l, CONCAT(LEFT(g.l, {room} - 3), '...'))"
    text = (
        f"COALESCE(CONCAT({lit(STOP_MARK)}, REPLACE(CONCAT({tail}, {shown}), '`', '``'), '`'), "
        "'DO 0')"
    )
    missing = f"SELECT {listed} AS l, COUNT(*) AS c FROM ({rows}) w WHERE NOT ({found})"
    return [
        f"SET {_VARIABLE} = (SELECT {text} FROM ({missing}) g);",
        f"PREPARE {_PREPARED} FROM {_VARIABLE};",
        f"EXECUTE {_PREPARED};",
        f"DEALLOCATE PREPARE {_PREPARED};",
    ]
