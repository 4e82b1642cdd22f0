"""The DDL of an Alembic revision's operations API, as the gate reads it.

A revision (``migrations/versions/<rev>_x.py``: ``revision =`` and
``down_revision =``) that writes ``op.create_table("UserPrefs",
sa.Column("themeName", sa.String(50)))`` holds no DDL string, yet
``alembic upgrade`` creates those names (trial s30 redash). Only its
``upgrade()`` function runs on upgrade (``downgrade()`` undoes it), so the
``op.<name>(...)`` and ``batch_op.<name>(...)`` calls of ``upgrade()`` are
turned into the SQL Alembic emits for them (``alembic upgrade --sql``,
offline mode; Alembic's ``ddl/impl.py`` ``DefaultImpl``: ``create_table``
runs ``CREATE TABLE`` then one ``CREATE INDEX`` per index of the table,
``add_column`` is ``ALTER TABLE t ADD COLUMN c type``, ``rename_table``
``ALTER TABLE a RENAME TO b``, ``alter_column(new_column_name=)``
``ALTER TABLE t RENAME c TO n``, ``create_index`` ``CREATE [UNIQUE] INDEX
n ON t (cols)``, ``create_unique_constraint``/``create_foreign_key``/
``create_check_constraint``/``create_primary_key`` ``ALTER TABLE t ADD
CONSTRAINT n ...``; a column's ``index=True`` is SQLAlchemy's default
naming convention ``ix_<table>_<column>``). ``schema=`` qualifies a
table; a named ``Enum`` of ``create_table`` is PostgreSQL's ``CREATE
TYPE``; a constraint named ``None`` takes the name of env.py's naming
convention (:func:`naming_convention`), else none (the database names it);
on MySQL the names are in backticks
(:func:`~dbnamelint.code_ddl_text.for_database`).

Each call becomes one :class:`~dbnamelint.code_ddl_text.DdlString` laid
over the call's own span of the file: every name the call writes as a
literal stands where the literal stands (a finding is located at the
Python call's line and column), the SQL's keywords in the text between
or, where that has no room, past the end of the line
(:func:`~dbnamelint.code_ddl_text.sql_view` lets such a line grow: no
line or column before it moves). So the code-migration gate reads, replays, judges and
compares them (``DBN025`` for an applied revision's edited or deleted
call) exactly as ``op.execute("...")`` strings. A name the code computes
(a variable, an f-string) is a hole, as ``%s`` in a string is: the
``DBN013`` note (an error in a revision new since the base).
"""

from __future__ import annotations

import ast
import bisect
import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from dbnamelint.alembic_parse import (
    OP_ASKS,
    op_parameters,
    parse_revision,
    renamed_function,
    unsure_op_uses,
)

#: A name SQLAlchemy writes unquoted (``IdentifierPreparer._requires_quotes``:
#: lower case, legal characters); any other is quoted, as ``"UserPrefs"``.
_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*\Z")
#: The calls of ``op``/``batch_op`` read here (any other in ``upgrade()`` is
#: :func:`unknown_calls`' when it may create names).
KNOWN = frozenset(
    {
        "create_table",
        "drop_table",
        "add_column",
        "drop_column",
        "rename_table",
        "alter_column",
        "create_index",
        "drop_index",
        "create_unique_constraint",
        "create_foreign_key",
        "create_check_constraint",
        "create_primary_key",
        "drop_constraint",
    }
)
#: Calls that make no name (run text, data, or nothing the schema keeps).
_HARMLESS = frozenset(
    {
        "execute",
        "get_bind",
        "get_context",
        "bulk_insert",
        "inline_literal",
        "f",
        "batch_alter_table",
        "implementation_for",
        "invoke",
        "run_async",
        "drop_table_comment",
        "create_table_comment",
    }
)
#: SQLAlchemy types as PostgreSQL's DDL compiler writes them.
_TYPES = {
    "Integer": "INTEGER",
    "INTEGER": "INTEGER",
    "BigInteger": "BIGINT",
    "BIGINT": "BIGINT",
    "SmallInteger": "SMALLINT",
    "String": "VARCHAR",
    "VARCHAR": "VARCHAR",
    "Unicode": "VARCHAR",
    "Text": "TEXT",
    "TEXT": "TEXT",
    "UnicodeText": "TEXT",
    "Boolean": "BOOLEAN",
    "BOOLEAN": "BOOLEAN",
    "DateTime": "TIMESTAMP",
    "TIMESTAMP": "TIMESTAMP",
    "Date": "DATE",
    "Time": "TIME",
    "Float": "FLOAT",
    "Numeric": "NUMERIC",
    "JSON": "JSON",
    "JSONB": "JSONB",
    "UUID": "UUID",
    "LargeBinary": "BYTEA",
    "Interval": "INTERVAL",
}


class Token(Struct, frozen=True):
    """One piece of the SQL: its text, and the file span of the literal (or
    expression) it stands for (None: a keyword); ``hole``: the code
    computes it."""

    text: str
    at: tuple[int, int] | None = None
    hole: bool = False


class OpCall(Struct, frozen=True):
    """One ``op.<name>(...)`` call of ``upgrade()``: its span and its SQL
    (``postgres``: a statement only PostgreSQL runs, ``CREATE TYPE``)."""

    name: str
    start: int
    end: int
    tokens: tuple[Token, ...]
    postgres: bool = False


def _offsets(text: str) -> list[int]:
    return [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]


class _Pos:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = _offsets(text)
        self.lines = text.split("\n")

    def at(self, line: int, col: int) -> int:
        """The character offset of ast's (1-based line, UTF-8 byte column)."""
        prefix = self.lines[line - 1].encode("utf-8")[:col].decode("utf-8", "replace")
        return self.starts[line - 1] + len(prefix)

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.at(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.at(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end


@functools.cache
def _reserved() -> frozenset[str]:
    """The reserved words of the databases Alembic revisions run on here."""
    from dbnamelint.dialects.profile import profile_for

    families = ("postgres", "mysql", "sqlite")
    return frozenset().union(*(profile_for(d).reserved_words for d in families))


def _quoted(name: str) -> str:
    # SQLAlchemy quotes a reserved word too (IdentifierPreparer._requires_quotes):
    # unquoted, a column "check" read as a CHECK constraint, MySQL's "key" as an
    # index (trial s40 CTFd: config.key), ADD COLUMN "constraint" as DBN004
    if _PLAIN.match(name) and name not in _reserved():
        return name
    return '"' + name.replace('"', '""') + '"'


class _Builder:
    """The tokens of one call; ``convention``: the naming convention of the
    revision's ``target_metadata`` (:func:`naming_convention`)."""

    def __init__(self, pos: _Pos, convention: dict[str, str] | None = None) -> None:
        self.pos = pos
        self.convention = convention or {}
        self.tokens: list[Token] = []
        #: Statements to run before this one (``CREATE TYPE`` of a named ``Enum``).
        self.before: list[list[Token]] = []

    def kw(self, text: str) -> None:
        self.tokens.append(Token(text))

    def table(self, schema: ast.AST | None, node: ast.AST | None, anchored: bool = True) -> None:
        """A table name, ``"Other". "UserPrefs"`` when ``schema=`` names its
        schema (SQLAlchemy writes ``"Other"."UserPrefs"``; the name stays at its literal)."""
        owner = _str(schema)
        if owner is not None:
            self.kw(_quoted(owner) + ".")
        self.name(node, anchored=anchored)

    def constraint(
        self, kind: str, node: ast.AST | None, values: dict[str, str], keyword: str = "CONSTRAINT"
    ) -> None:
        """``CONSTRAINT <name>`` of a constraint (``kind``: ``fk``, ``uq``,
        ``ck``, ``pk``, ``ix``) named ``node``: the naming convention's name
        when it has one for ``kind`` and the name is ``None`` or the
        convention uses ``%(constraint_name)s`` (SQLAlchemy's
        ``sql/naming.py`` ``_constraint_name_for_table``; ``op.f()`` keeps
        its literal); else the literal; else nothing (``None``: the
        database names it, as ``ALTER TABLE t ADD FOREIGN KEY(...)``)."""
        template = self.convention.get(kind)
        marked = _unwrapped(node) is not node
        given = _str(node)
        unnamed = node is None or (isinstance(node, ast.Constant) and node.value is None)
        if template is not None and not marked and (unnamed or "%(constraint_name)" in template):
            if unnamed and "%(constraint_name)" in template:
                return  # SQLAlchemy refuses it; the database names it
            name = _render(template, {**values, "constraint_name": given or ""})
            if name is not None:
                if keyword:
                    self.kw(keyword)
                self.kw(_quoted(name))
                return
        if unnamed:
            return
        if keyword:
            self.kw(keyword)
        self.name(node)

    def name(self, node: ast.AST | None, anchored: bool = True, fallback: str = "x") -> None:
        """A name the call gives as ``node``: a literal, else a hole."""
        node = _unwrapped(node)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            span = self.pos.span(node) if anchored else None
            self.tokens.append(Token(_quoted(node.value), span))
            return
        if node is None:
            self.tokens.append(Token(_quoted(fallback)))
            return
        span = self.pos.span(node)
        if span[1] - span[0] <= 0 or "\n" in self.pos.text[span[0] : span[1]]:
            self.tokens.append(Token(_quoted(fallback)))
            return
        self.tokens.append(Token("x" * (span[1] - span[0]), span, hole=True))


def _render(template: str, values: dict[str, str]) -> str | None:
    """A naming convention's ``template`` filled (``%(table_name)s``...); None
    when it names a token not known here."""
    out = []
    at = 0
    for found in re.finditer(r"%\((\w+)\)s", template):
        key = found.group(1)
        if key not in values:
            return None
        out += [template[at : found.start()], values[key]]
        at = found.end()
    out.append(template[at:])
    return "".join(out)


def _values(
    table: str,
    columns: Sequence[str],
    schema: str | None = None,
    referred: str = "",
    referred_columns: Sequence[str] = (),
) -> dict[str, str]:
    """The tokens of a naming convention for a constraint of ``table`` on
    ``columns`` (SQLAlchemy ``sql/naming.py`` ``ConventionDict``:
    ``column_0_label`` is the column's label, ``<table>_<column>``, the
    schema first when it has one; ``column_0N_name`` all names joined,
    ``column_0_N_name`` joined by ``_``)."""
    label_table = f"{schema.replace('.', '_')}_{table}" if schema else table
    out = {"table_name": table, "referred_table_name": referred}
    for prefix, names, owner in (
        ("column", columns, label_table),
        ("referred_column", referred_columns, referred),
    ):
        if not names:
            continue
        for kind in ("name", "key"):
            out[f"{prefix}_0_{kind}"] = names[0]
            out[f"{prefix}_0N_{kind}"] = "".join(names)
            out[f"{prefix}_0_N_{kind}"] = "_".join(names)
        out[f"{prefix}_0_label"] = f"{owner}_{names[0]}"
        out[f"{prefix}_0N_label"] = "".join(f"{owner}_{n}" for n in names)
        out[f"{prefix}_0_N_label"] = "_".join(f"{owner}_{n}" for n in names)
    return out


def _strs(node: ast.AST | None) -> list[str]:
    items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node] if node else []
    return [v for v in (_str(i) for i in items) if v is not None]


#: Naming convention keys given as SQLAlchemy classes.
_CONVENTION_KEYS = {
    "Index": "ix",
    "UniqueConstraint": "uq",
    "CheckConstraint": "ck",
    "ForeignKeyConstraint": "fk",
    "PrimaryKeyConstraint": "pk",
}


def _convention_of(tree: ast.Module) -> dict[str, str] | None:
    """The ``naming_convention=`` of a ``MetaData(...)`` in ``tree``: a dict
    literal, or a module-level name assigned one."""
    assigned: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned[target.id] = node.value
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        value = _kw(call, "naming_convention")
        if isinstance(value, ast.Name):
            value = assigned.get(value.id)
        if not isinstance(value, ast.Dict):
            continue
        out = {}
        for key, item in zip(value.keys, value.values, strict=False):
            name = (
                _str(key)
                if isinstance(key, ast.Constant)
                else _CONVENTION_KEYS.get(_callee(key) if key is not None else "")
            )
            template = _str(item)
            if name and template is not None:
                out[name] = template
        return out
    return None


def naming_convention(path: str) -> dict[str, str]:
    """The naming convention Alembic names a ``None``-named constraint by: that
    of the ``target_metadata`` its ``env.py`` gives ``context.configure``
    (Alembic ``operations/schemaobj.py``: ``metadata()`` copies
    ``target_metadata.naming_convention``), read from ``env.py`` (the
    folder above ``versions/``) or a module it imports from this tree
    (``from app.models import db``: ``app/models.py``,
    ``app/models/__init__.py``, ``app/models/db.py``), else SQLAlchemy's
    default (``ix_%(column_0_label)s`` only)."""
    from pathlib import Path

    default = {"ix": "ix_%(column_0_label)s"}
    env = Path(path).parent.parent / "env.py"
    try:
        tree = ast.parse(env.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return default
    found = _convention_of(tree)
    if found is None:
        roots = [env.parent, *list(env.parent.parents)[:4]]
        modules = []
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                base = node.module.replace(".", "/")
                modules += [base, *(f"{base}/{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                modules += [a.name.replace(".", "/") for a in node.names]
        for module in modules:
            for root in roots:
                for candidate in (root / f"{module}.py", root / module / "__init__.py"):
                    try:
                        found = _convention_of(
                            ast.parse(candidate.read_text(encoding="utf-8", errors="replace"))
                        )
                    except (OSError, SyntaxError, ValueError):
                        continue
                    if found is not None:
                        return {**default, **found}
        return default
    return {**default, **found}


def _unwrapped(node: ast.AST | None) -> ast.AST | None:
    """``op.f("ix_users_email")`` (``batch_op.f``) as its literal: Alembic's
    ``f()`` marks a name the naming convention must not change, and
    autogenerate writes every index name so (Alembic docs, "op.f"); the name
    is the literal's."""
    if (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and not node.keywords
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr == "f")
            or (isinstance(node.func, ast.Name) and node.func.id == "f")
        )
    ):
        return node.args[0]
    return node


def _str(node: ast.AST | None) -> str | None:
    node = _unwrapped(node)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _kw(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _arg(call: ast.Call, index: int, name: str) -> ast.AST | None:
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return _kw(call, name)


def _callee(node: ast.AST) -> str:
    """``sa.Column`` -> ``Column``; ``Column`` -> ``Column``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _type(node: ast.AST | None) -> str:
    """A column's SQL type as the dialect writes it (``String(50)``: ``VARCHAR(50)``)."""
    if node is None:
        return "INTEGER"
    base = _callee(node)
    sql = _TYPES.get(base, base.upper() or "TEXT")
    if isinstance(node, ast.Call) and base in ("String", "VARCHAR", "Unicode"):
        size = node.args[0] if node.args else _kw(node, "length")
        if isinstance(size, ast.Constant) and isinstance(size.value, int):
            sql += f"({size.value})"
    if isinstance(node, ast.Call) and base in ("Numeric",) and node.args:
        parts = [str(a.value) for a in node.args if isinstance(a, ast.Constant)]
        if parts:
            sql += f"({','.join(parts)})"
    if base == "DateTime" and isinstance(node, ast.Call):
        timezone = _kw(node, "timezone") or (node.args[0] if node.args else None)
        if isinstance(timezone, ast.Constant) and timezone.value is True:
            sql = "TIMESTAMP WITH TIME ZONE"
    return sql


_SERIAL = {"INTEGER": "SERIAL", "BIGINT": "BIGSERIAL", "SMALLINT": "SMALLSERIAL"}
#: A ``Column``'s positional schema items (``sqlalchemy.schema``): never its type.
_COLUMN_ITEMS = frozenset(
    {"ForeignKey", "CheckConstraint", "Sequence", "Computed", "Identity", "FetchedValue"}
)


def _false(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _names(b: _Builder, node: ast.AST | None) -> None:
    """A list of column names: ``["a", "b"]`` (each anchored)."""
    items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node] if node else []
    b.kw("(")
    for i, item in enumerate(items):
        if i:
            b.kw(",")
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            b.name(item, anchored=False)  # a name it refers to: not one it creates
        else:
            b.kw("x")  # an expression index (sa.text(...)): no name
    b.kw(")")


def _enum(b: _Builder, kind: ast.AST | None) -> str | None:
    """A named ``Enum`` type's SQL name, its ``CREATE TYPE`` queued in
    ``b.before`` (PostgreSQL: ``CREATE TYPE "PrefStatus" AS ENUM ('a', 'b')``
    before ``CREATE TABLE``, as SQLAlchemy's table-create event runs it;
    ``postgresql.ENUM(..., create_type=False)`` creates none). MySQL writes
    ``ENUM('a','b')`` inline and SQLite ``VARCHAR``: no type object."""
    if not isinstance(kind, ast.Call) or _callee(kind) not in ("Enum", "ENUM"):
        return None
    name = _kw(kind, "name")
    if name is None and kind.args and not isinstance(kind.args[0], ast.Constant):
        # Enum(PyEnumClass): the class's name lowercased (SQLAlchemy sqltypes.Enum)
        cls = _callee(kind.args[0])
        if not cls:
            return None
        name = ast.Constant(cls.lower())
    if _str(name) is None:
        return None
    if _false(_kw(kind, "create_type")):
        return _quoted(_str(name) or "")
    values = [v for v in (_str(a) for a in kind.args) if v is not None]
    tb = _Builder(b.pos, b.convention)
    tb.kw("CREATE TYPE")
    tb.name(name, anchored=_kw(kind, "name") is not None)
    listed = ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "'x'"
    tb.kw(f"AS ENUM ({listed})")
    b.before.append(tb.tokens)
    return _quoted(_str(name) or "")


def _column(
    b: _Builder,
    col: ast.Call,
    table: str,
    after: list[ast.Call],
    serial: bool = False,
    schema: str | None = None,
    create: bool = True,
) -> str | None:
    """A ``Column(name, type, ...)`` as its SQL; returns its name when it is
    part of the primary key (``primary_key=True``). ``after``: its
    ``index=True`` work for later. ``create``: of ``create_table`` (a
    named ``Enum``'s type is created then only: Alembic's ``add_column``
    creates none)."""
    b.name(col.args[0] if col.args else _kw(col, "name"))
    name = _str(col.args[0]) if col.args else None
    kind: ast.AST | None = (
        col.args[1] if len(col.args) > 1 and _callee(col.args[1]) not in _COLUMN_ITEMS else None
    )
    kind = kind or _kw(col, "type_")
    sql_type = _enum(b, kind) if create else None
    if sql_type is None:
        sql_type = _type(kind)
        enum = _str(_kw(kind, "name")) if isinstance(kind, ast.Call) else None
        if enum and kind is not None and _callee(kind) in ("Enum", "ENUM"):
            sql_type = _quoted(enum)  # the type Alembic's create_table made
    if serial and sql_type in _SERIAL and not _false(_kw(col, "autoincrement")):
        # SQLAlchemy: the one integer primary key column autoincrements, SERIAL
        # on PostgreSQL (alembic upgrade --sql: "id SERIAL NOT NULL")
        sql_type = _SERIAL[sql_type]
    # SERIAL keeps a blank after it: room for SQLite's "INTEGER", the rowid
    # alias SQLAlchemy writes there (code_ddl_text.for_database keeps lengths)
    b.kw(sql_type + " " if sql_type == "SERIAL" else sql_type)
    fks = [
        a
        for a in col.args[1:]
        if isinstance(a, ast.Call)
        and _callee(a) == "ForeignKey"
        and not (create and _true(_kw(a, "use_alter")))  # as create_table's use_alter key
    ]
    nullable = _kw(col, "nullable")
    if isinstance(nullable, ast.Constant) and nullable.value is False:
        b.kw("NOT NULL")
    indexed = _true(_kw(col, "index"))
    if _true(_kw(col, "unique")) and not indexed:  # index=True, unique=True: a unique index
        b.constraint("uq", None, _values(table, [name or "x"], schema), keyword="CONSTRAINT")
        b.kw("UNIQUE")
    for fk in fks:
        target = _str(fk.args[0]) if fk.args else None
        if target and "." in target:
            ref_table, _, ref_col = target.rpartition(".")
            values = _values(table, [name or "x"], schema, ref_table.rpartition(".")[2], [ref_col])
            b.constraint("fk", _kw(fk, "name"), values)
            ref = ".".join(_quoted(p) for p in ref_table.split("."))
            b.kw(f"REFERENCES {ref} ({_quoted(ref_col)})")
    for check in col.args[1:]:
        # Column("n", Integer, CheckConstraint("n > 0", name=...)): SQLAlchemy's
        # CreateColumn and Alembic's add_column write it after the column
        # (`n INTEGER CONSTRAINT ck CHECK (n > 0)`; unnamed, PostgreSQL's
        # <table>_<column>_check); a check given no literal text still makes one
        if isinstance(check, ast.Call) and _callee(check) == "CheckConstraint":
            b.constraint("ck", _kw(check, "name"), _values(table, [], schema))
            cond = _str(check.args[0] if check.args else _kw(check, "sqltext"))
            b.kw(f"CHECK ({cond or 'true'})")
    if indexed:
        after.append(col)
    return name if _true(_kw(col, "primary_key")) else None


def _constraint(b: _Builder, con: ast.Call, table: str, schema: str | None) -> None:
    """A table constraint of ``create_table`` (named by ``name=``, else by the
    naming convention, else by the database)."""
    kind = _callee(con)
    cols = [a for a in con.args if isinstance(a, ast.Constant)]
    names = [v for v in (_str(c) for c in cols) if v is not None]
    key = _CONVENTION_KEYS.get(kind, "")
    if kind == "ForeignKeyConstraint":
        local = con.args[0] if con.args else None
        remote = con.args[1] if len(con.args) > 1 else None
        targets = [t or "" for t in (_str(i) for i in _items(remote))]
        ref = targets[0].rpartition(".")[0] if targets and "." in targets[0] else ""
        values = _values(
            table,
            _strs(local),
            schema,
            ref.rpartition(".")[2],
            [t.rpartition(".")[2] for t in targets],
        )
        b.constraint(key, _kw(con, "name"), values)
        b.kw("FOREIGN KEY")
        _names(b, local)
        if targets and all("." in t for t in targets):
            cols_sql = ", ".join(_quoted(t.rpartition(".")[2]) for t in targets)
            ref_sql = ".".join(_quoted(p) for p in ref.split("."))
            b.kw(f"REFERENCES {ref_sql} ({cols_sql})")
        return
    b.constraint(key, _kw(con, "name"), _values(table, names, schema))
    if kind == "PrimaryKeyConstraint":
        b.kw("PRIMARY KEY")
    elif kind == "UniqueConstraint":
        b.kw("UNIQUE")
    elif kind == "CheckConstraint":
        cond = _str(con.args[0]) if con.args else None
        b.kw(f"CHECK ({cond or 'true'})")
        return
    b.kw("(")
    for i, c in enumerate(cols):
        if i:
            b.kw(",")
        b.name(c, anchored=False)
    b.kw(")")


def unwritten_items(call: ast.Call) -> list[ast.expr]:
    """The columns and constraints of a ``create_table`` call (``call``'s
    arguments after the table name) not written as a call in it: a
    ``*COLUMNS`` list, a name bound to a ``Column``. Not read (the table
    would be made without them, silently: trial s40 CTFd G2)."""
    return [a for a in call.args[1:] if not isinstance(a, ast.Call)]


def _items(node: ast.AST | None) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, (ast.List, ast.Tuple)) else []


def _qualified(schema: str | None, name: str) -> str:
    return (_quoted(schema) + "." if schema else "") + _quoted(name)


def _create_table(b: _Builder, call: ast.Call, pos: _Pos) -> list[list[Token]]:
    table_node = _arg(call, 0, "table_name")
    table = _str(table_node) or "x"
    schema_node = _kw(call, "schema")
    schema = _str(schema_node)
    b.kw("CREATE TABLE")
    b.table(schema_node, table_node)
    b.kw("(")
    primary: list[str] = []
    keys = {
        _str(a.args[0]) if a.args else None
        for a in call.args[1:]
        if isinstance(a, ast.Call) and _callee(a) == "Column" and _true(_kw(a, "primary_key"))
    }
    for a in call.args[1:]:  # PrimaryKeyConstraint("id"): the same key
        if isinstance(a, ast.Call) and _callee(a) == "PrimaryKeyConstraint":
            keys |= {_str(c) for c in a.args}
    indexes: list[ast.Call] = []
    col_indexes: list[ast.Call] = []
    first = True
    for item in call.args[1:]:
        if not isinstance(item, ast.Call):
            continue
        kind = _callee(item)
        if kind == "Index":
            indexes.append(item)
            continue
        if kind == "ForeignKeyConstraint" and _true(_kw(item, "use_alter")):
            # CreateTable leaves a use_alter key out where the database has ALTER
            # (SQLAlchemy's create_table_constraints), and op.create_table adds
            # no ALTER after it: PostgreSQL never gets it (trial s34 mealie)
            continue
        if not first:
            b.kw(",")
        first = False
        if kind == "Column":
            name = _str(item.args[0]) if item.args else None
            serial = len(keys) == 1 and name in keys
            key = _column(b, item, table, col_indexes, serial=serial, schema=schema)
            if key is not None:
                primary.append(key)
        else:
            _constraint(b, item, table, schema)
    if primary:
        b.kw(",")
        b.constraint("pk", None, _values(table, primary, schema))
        b.kw("PRIMARY KEY (" + ", ".join(_quoted(p) for p in primary) + ")")
        # (SQLAlchemy writes it so; one column's "PRIMARY KEY" makes the same
        # constraint, <table>_pkey on PostgreSQL)
    b.kw(")")
    more: list[list[Token]] = [*b.before]
    b.before.clear()
    on = _qualified(schema, table)
    for index in indexes:  # DefaultImpl.create_table: CREATE INDEX after the table
        ib = _Builder(pos, b.convention)
        ib.kw("CREATE UNIQUE INDEX" if _true(_kw(index, "unique")) else "CREATE INDEX")
        columns = index.args[1:]
        ib.constraint(
            "ix",
            index.args[0] if index.args else _kw(index, "name"),
            _values(table, [v for v in (_str(c) for c in columns) if v], schema),
            keyword="",
        )
        ib.kw(f"ON {on}")
        ib.kw("(")
        for i, col in enumerate(columns):
            if i:
                ib.kw(",")
            ib.name(col, anchored=False)
        ib.kw(")")
        more.append(ib.tokens)
    for col in col_indexes:  # Column(index=True): naming convention ix_<table>_<column>
        name = _str(col.args[0]) if col.args else None
        ib = _Builder(pos, b.convention)
        ib.kw("CREATE UNIQUE INDEX" if _true(_kw(col, "unique")) else "CREATE INDEX")
        ib.constraint("ix", None, _values(table, [name or "x"], schema), keyword="")
        ib.kw(f"ON {on} ({_quoted(name or 'x')})")
        more.append(ib.tokens)
    return more


def _op_tokens(
    op: str,
    call: ast.Call,
    table: ast.AST | None,
    pos: _Pos,
    convention: dict[str, str] | None = None,
    batch_schema: ast.AST | None = None,
) -> list[list[Token]]:
    """The statements (token lists) of ``op`` called as ``call``; ``table``:
    the ``batch_alter_table`` table of a ``batch_op`` call (its first
    argument is then not the table), ``batch_schema`` its ``schema=``.
    A table is qualified by the call's ``schema=`` (``source_schema=``,
    ``referent_schema=`` of ``create_foreign_key``), as Alembic writes it."""
    b = _Builder(pos, convention)
    shift = 0 if table is None else -1  # batch_op.add_column(col): no table argument
    schema_node = batch_schema if table is not None else _kw(call, "schema")
    schema = _str(schema_node)

    def arg(index: int, name: str) -> ast.AST | None:
        if table is not None and name in ("table_name", "source_table", "source"):
            return None
        return _arg(call, index + shift, name)

    def owner(index: int, name: str) -> str:
        return _str(table if table is not None else _arg(call, index, name)) or "x"

    def table_name(index: int, name: str, anchored: bool = False, key: str = "schema") -> None:
        given = schema_node if key == "schema" or table is not None else _kw(call, key)
        if table is not None:
            b.table(given, table, anchored=False)
        else:
            b.table(given, _arg(call, index, name), anchored=anchored)

    more: list[list[Token]] = []
    if op == "create_table" and table is None:
        more = _create_table(b, call, pos)
    elif op == "drop_table" and table is None:
        b.kw("DROP TABLE")
        b.table(schema_node, _arg(call, 0, "table_name"))
    elif op == "add_column":
        b.kw("ALTER TABLE")
        table_name(0, "table_name", anchored=True)
        b.kw("ADD")
        col = arg(1, "column")
        if isinstance(col, ast.Call) and _callee(col) == "Column":
            index: list[ast.Call] = []
            on = owner(0, "table_name")
            _column(b, col, on, index, schema=schema, create=False)
            # Alembic's add_column creates the column's indexes after it
            # (AddColumnOp: operations.impl.create_index for each of t.indexes)
            name = _str(col.args[0]) if col.args else None
            if index and name:
                ib = _Builder(pos, convention)
                ib.kw("CREATE UNIQUE INDEX" if _true(_kw(col, "unique")) else "CREATE INDEX")
                ib.constraint("ix", None, _values(on, [name], schema), keyword="")
                ib.kw(f"ON {_qualified(schema, on)} ({_quoted(name)})")
                more.append(ib.tokens)
        else:
            return []
    elif op == "drop_column":
        b.kw("ALTER TABLE")
        table_name(0, "table_name")
        b.kw("DROP COLUMN")
        b.name(arg(1, "column_name"))
    elif op == "rename_table" and table is None:
        b.kw("ALTER TABLE")
        b.table(schema_node, _arg(call, 0, "old_table_name"), anchored=False)
        b.kw("RENAME TO")
        b.name(_arg(call, 1, "new_table_name"))
    elif op == "alter_column":
        new = _kw(call, "new_column_name")
        if new is None:
            return []  # a type, nullability or default: no name
        b.kw("ALTER TABLE")
        table_name(0, "table_name")
        # PostgreSQL's "RENAME c TO n", MySQL's "CHANGE c n type": the same
        # rename, written as the three databases all read it
        b.kw("RENAME COLUMN")
        b.name(arg(1, "column_name"), anchored=False)
        b.kw("TO")
        b.name(new)
    elif op == "create_index":
        b.kw("CREATE UNIQUE INDEX" if _true(_kw(call, "unique")) else "CREATE INDEX")
        columns = arg(2, "columns")
        b.constraint(
            "ix",
            _arg(call, 0, "index_name"),
            _values(owner(1, "table_name"), _strs(columns), schema),
            keyword="",
        )
        b.kw("ON")
        table_name(1, "table_name")
        _names(b, columns)
    elif op == "drop_index":
        b.kw("DROP INDEX")
        if schema:
            b.kw(_quoted(schema) + ".")
        b.name(_arg(call, 0, "index_name"))
    elif op in ("create_unique_constraint", "create_primary_key", "create_check_constraint"):
        b.kw("ALTER TABLE")
        table_name(1, "table_name", anchored=False)
        b.kw("ADD")
        key = {"create_unique_constraint": "uq", "create_primary_key": "pk"}.get(op, "ck")
        columns = arg(2, "columns") if op != "create_check_constraint" else None
        b.constraint(
            key,
            _arg(call, 0, "constraint_name"),
            _values(owner(1, "table_name"), _strs(columns), schema),
        )
        if op == "create_check_constraint":
            cond = _str(arg(2, "condition"))
            b.kw(f"CHECK ({cond or 'true'})")
        else:
            b.kw("UNIQUE" if op == "create_unique_constraint" else "PRIMARY KEY")
            _names(b, columns)
    elif op == "create_foreign_key":
        b.kw("ALTER TABLE")
        table_name(1, "source_table", anchored=False, key="source_schema")
        b.kw("ADD")
        ref = _arg(call, 2 + shift, "referent_table")
        local = _arg(call, 3 + shift, "local_cols")
        remote = _arg(call, 4 + shift, "remote_cols")
        b.constraint(
            "fk",
            _arg(call, 0, "constraint_name"),
            _values(
                owner(1, "source_table"),
                _strs(local),
                _str(_kw(call, "source_schema")) if table is None else schema,
                _str(ref) or "",
                _strs(remote),
            ),
        )
        b.kw("FOREIGN KEY")
        _names(b, local)
        b.kw("REFERENCES")
        b.table(_kw(call, "referent_schema"), ref, anchored=False)
        _names(b, remote)
    elif op == "drop_constraint":
        b.kw("ALTER TABLE")
        table_name(1, "table_name", anchored=False)
        b.kw("DROP CONSTRAINT")
        b.name(_arg(call, 0, "constraint_name"))
    else:
        return []
    return [*b.before, b.tokens, *more]


def _upgrade(tree: ast.Module) -> ast.FunctionDef | None:
    return next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None
    )


_Function = ast.FunctionDef | ast.AsyncFunctionDef
#: How many functions deep the calls of ``upgrade()`` are followed.
_MAX_CALLED = 64


def upgrade_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """``upgrade()`` and the revision's own module-level functions it calls,
    and those they call, transitively, each once (a cycle of calls ends):
    Alembic runs them as ``upgrade()``'s own (trial s34 mealie:
    ``setup_postgres_trigrams()``'s ``op.execute("CREATE INDEX ...")``); the
    methods of the revision's classes they call too
    (:func:`~dbnamelint.alembic_methods.called_methods`). Empty without
    ``upgrade()``."""
    return _upgrade_reach(tree)[0]


def method_unread(tree: ast.Module) -> list[ast.expr]:
    """Each use of a class of the revision whose methods run ``op`` calls
    that :func:`upgrade_functions` does not follow (in what ``upgrade()``
    runs, or at module level): the ``DBN013`` note."""
    return _upgrade_reach(tree)[1]


def _upgrade_reach(tree: ast.Module) -> tuple[list[ast.FunctionDef], list[ast.expr]]:
    """(:func:`upgrade_functions`, :func:`method_unread`)."""
    from dbnamelint.alembic_methods import Classes, called_methods

    upgrade = _upgrade(tree)
    if upgrade is None:
        return [], []
    # (an async def called without an event loop runs nothing)
    own = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name != "downgrade"}
    classes = Classes(tree, lambda f: _runs_ops_deep(f, own))  # (empty: no class)
    owners = {
        id(s): c.name for c in classes.classes.values() for s in c.body if isinstance(s, _Function)
    }
    out = [upgrade]
    seen = {id(upgrade)}
    queue = [upgrade]
    unread: list[ast.expr] = []
    if classes.classes:
        top = [s for s in tree.body if not isinstance(s, _Function | ast.ClassDef)]
        unread += called_methods(top, None, classes)[1]
    while queue and len(out) < _MAX_CALLED:
        current = queue.pop(0)
        called = [
            own[node.func.id]
            for node in ast.walk(current)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in own
        ]
        if classes.classes:
            methods, missed = called_methods(current, owners.get(id(current)), classes)
            called += methods
            unread += [u for u in missed if all(u is not v for v in unread)]
        for found in called:
            if id(found) not in seen:
                seen.add(id(found))
                out.append(found)
                queue.append(found)
    return out, unread


def _runs_ops_deep(function: _Function, own: dict[str, ast.FunctionDef]) -> bool:
    """Whether ``function`` or a module-level function of the revision it
    calls, transitively, runs ``op`` calls (:func:`_runs_ops`)."""
    seen = {id(function)}
    queue: list[_Function] = [function]
    while queue:
        current = queue.pop(0)
        if _runs_ops(current):
            return True
        for node in ast.walk(current):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                found = own.get(node.func.id)
                if found is not None and id(found) not in seen:
                    seen.add(id(found))
                    queue.append(found)
    return False


def _runs_ops(function: _Function) -> bool:
    """Whether ``function`` calls ``op.<x>(...)`` that may make names (not
    ``op.get_bind()``, ``op.get_context()``... that ask), also indirectly
    (``getattr(op, "x")(...)``, an alias, an undecidable use)."""
    aliases = op_aliases(function)
    return any(
        (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name)
            and n.func.value.id == "op"
            and n.func.attr not in _ASKS
        )
        or (isinstance(n, ast.Call) and _indirect(n, aliases) not in (None, *_ASKS))
        for n in ast.walk(function)
    ) or bool(indirect_unread([function], ast.Module([], [])))


#: ``op`` calls that only ask (the connection, the dialect, a literal).
_ASKS = OP_ASKS


def imported_helper_calls(text: str, path: str | None) -> list[tuple[int, str, str]]:
    """(offset, callee as written, its file) for each call in ``upgrade()``
    or a function of the revision it runs (:func:`upgrade_functions`) of a
    function imported from a module of the project that, itself or through
    the project's functions it calls (transitively, each once), runs
    ``op`` calls: Alembic runs them in the revision's upgrade, but their
    calls lie in another file and are not read (the callers say so:
    ``DBN013``). Resolved as a Django migration's ``RunPython`` code is
    (:func:`~dbnamelint.django_imports.resolve`)."""
    if path is None or "import" not in text:
        return []
    from dbnamelint.django_imports import resolve

    try:
        tree = parse_revision(text)
    except (SyntaxError, ValueError):
        return []
    here = Path(path)
    pos = _Pos(text)
    out: list[tuple[int, str, str]] = []
    for function in upgrade_functions(tree):
        for node in ast.walk(function):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Name | ast.Attribute
            ):
                continue
            found = resolve(here, tree, node.func)
            if found is None or found[0] == here:
                continue
            if isinstance(found[2], ast.FunctionDef | ast.AsyncFunctionDef) and _reaches_ops(
                found[2], found[0], found[1]
            ):
                # relative to the revision's folder: what a file says must not
                # depend on where it is read (the per-file cache is keyed by its
                # text; the gate reads the base from a temporary folder, trial
                # s36 superset: every committed call was "new since the base")
                shown = Path(os.path.relpath(found[0], here.parent)).as_posix()
                out.append((pos.span(node)[0], ast.unparse(node.func), shown))
    out.sort()
    return out


def unread_calls(text: str, path: str | None) -> list[tuple[int, str]]:
    """(offset, what the ``DBN013`` note says) of each call ``upgrade()``
    runs whose names are not read, beyond unknown ``op`` calls: a project
    function of another module running ``op`` calls
    (:func:`imported_helper_calls`), a SQLAlchemy Core object created on
    Alembic's connection that is not built in the revision
    (:func:`~dbnamelint.alembic_core.core_calls`). ``path``: the revision's."""
    from dbnamelint.alembic_core import core_calls

    out = [(at, helper_unread(c, where)) for at, c, where in imported_helper_calls(text, path)]
    try:
        tree = parse_revision(text)
    except (SyntaxError, ValueError):
        return out
    pos = _Pos(text)
    functions = upgrade_functions(tree)
    out += [(pos.span(u)[0], indirect_message(u)) for u in indirect_unread(functions, tree)]
    # a class of the revision whose methods run op, used so it is not followed
    from dbnamelint.alembic_methods import method_message

    out += [(pos.span(u)[0], method_message(u)) for u in method_unread(tree)]
    # a name that may be op (`ops` imported so and bound otherwise too, a
    # helper's parameter some calls pass op): in what upgrade() runs (s38 G1)
    runs = {f.name for f in functions}
    out += [
        (pos.span(u)[0], unsure_message(u))
        for u, top in unsure_op_uses(tree)
        if top is None or top in runs
    ]
    module = op_aliases(tree)
    for function in functions:
        for call, op, _batch in _calls(function, module):
            if op == "create_table":
                out += [(pos.span(a)[0], _item_message(a, pos)) for a in unwritten_items(call)]
    _core, unread = core_calls(tree, functions, pos)
    out += [
        (
            at,
            f"{call} creates a SQLAlchemy object on Alembic's connection that is not built "
            "in this revision with literal names (an imported table, Base.metadata, a "
            "computed name): names it creates are not checked and are not in the model. "
            "Build the object in the revision (sa.Table/sa.Index/sa.Enum with literal names) "
            "or use op.create_table/op.create_index, or check its names by hand",
        )
        for at, call in unread
    ]
    return sorted(out)


def _item_message(item: ast.expr, pos: _Pos) -> str:
    start, end = pos.span(item)
    shown = pos.text[start:end].split("\n")[0]
    return (
        f"op.create_table() is given {shown}, a column or constraint not written as a call "
        "in it: it is not read, so names it creates are not checked and are not in the "
        "model. Write each Column()/constraint in the create_table call, or check its "
        "names by hand"
    )


def helper_unread(callee: str, where: str) -> str:
    """What a ``DBN013`` note says of a call of ``callee``, a function of
    the project in file ``where`` that runs ``op`` calls
    (:func:`imported_helper_calls`)."""
    return (
        f"{callee}() runs Alembic operations written in {where} (from this revision's "
        "folder), which are not read as "
        "this revision's: names they create are not checked and are not in the model. "
        "Write the operations in the revision (upgrade() or a function of its own file), "
        "or check their names by hand"
    )


def _reaches_ops(function: _Function, file: Path, module: ast.Module) -> bool:
    """Whether ``function`` (of ``file``, parsed as ``module``) or a function
    of the project it calls, transitively (each once), runs ``op`` calls."""
    from dbnamelint.django_imports import resolve

    seen = {(str(file), function.lineno)}
    queue = [(function, file, module)]
    while queue and len(seen) <= _MAX_CALLED:
        current, at, tree = queue.pop(0)
        # a helper module's `from alembic import op as ops` too (on a copy:
        # the parsed module is shared with other readers)
        if _runs_ops(current) or _runs_ops(renamed_function(tree, current)):
            return True
        for node in ast.walk(current):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Name | ast.Attribute
            ):
                continue
            found = resolve(at, tree, node.func)
            if found is None or not isinstance(found[2], ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            key = (str(found[0]), found[2].lineno)
            if key not in seen:
                seen.add(key)
                queue.append((found[2], found[0], found[1]))
    return False


_Batch = tuple[ast.AST, ast.AST | None]


def _op_attribute(node: ast.AST | None) -> str | None:
    """The operation ``node`` names on ``op`` as written: ``op.create_table``
    or ``getattr(op, "create_table")`` (a literal name); else None."""
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "op"
    ):
        return node.attr
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) == 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "op"
    ):
        return _str(node.args[1])
    return None


def op_aliases(scope: ast.AST) -> dict[str, str]:
    """The names ``scope`` (a function, or the module's top level) binds once,
    by a plain assignment, to an operation of ``op`` (``fn = op.create_table``,
    ``fn = getattr(op, "create_table")``): name -> operation. A name bound
    more than once, or otherwise too (a loop, a ``with``, an argument), is not
    decidable: left out (session 37 F4)."""
    bound: dict[str, list[ast.AST | None]] = {}
    body = scope.body if isinstance(scope, ast.Module) else [scope]
    for top in body:
        if isinstance(scope, ast.Module) and isinstance(top, _Function | ast.ClassDef):
            continue  # the module's own bindings only
        for node in ast.walk(top):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        bound.setdefault(target.id, []).append(
                            node.value if len(node.targets) == 1 else None
                        )
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.setdefault(node.id, []).extend([None, None])
            elif isinstance(node, ast.arg):
                bound.setdefault(node.arg, []).extend([None, None])
    # an Assign's target is a Store Name too: each counted twice, once as None
    out: dict[str, str] = {}
    for name, values in bound.items():
        written = [v for v in values if v is not None]
        if len(written) == 1 and len(values) == 3:
            operation = _op_attribute(written[0])
            if operation is not None:
                out[name] = operation
    return out


def _indirect(call: ast.Call, aliases: dict[str, str]) -> str | None:
    """The operation a call runs on ``op`` other than as ``op.x(...)``:
    ``getattr(op, "x")(...)`` or ``fn(...)`` of an alias (:func:`op_aliases`)."""
    if isinstance(call.func, ast.Call):
        return _op_attribute(call.func)
    if isinstance(call.func, ast.Name):
        return aliases.get(call.func.id)
    return None


def indirect_unread(functions: Sequence[_Function], tree: ast.Module) -> list[ast.expr]:
    """Each use of ``op`` in ``functions`` whose operation is not decidable
    (session 37 F4): ``getattr(op, name)`` of a computed name, an operation
    kept in a dict or list (``{"t": op.create_table}``), passed on, or bound to
    a name bound more than once, ``op`` itself passed or bound. Calls
    ``op.x(...)``, ``getattr(op, "x")(...)`` and simple aliases are read
    (:func:`_calls`); operations that only ask (``op.get_bind``) are none."""
    module = op_aliases(tree)
    takes_op = op_parameters(tree)
    out: list[ast.expr] = []
    # the module's own statements run too (`HOLDER = {"op": op}` at top level)
    top = [s for s in tree.body if not isinstance(s, _Function | ast.ClassDef)]
    scopes: list[ast.AST] = [*functions, *top]
    for function in scopes:
        aliases = {**module, **(op_aliases(function) if isinstance(function, _Function) else {})}
        parents: dict[int, ast.AST] = {}
        for node in ast.walk(function):
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
        for node in ast.walk(function):
            if not (isinstance(node, ast.Name) and node.id == "op"):
                continue
            if not isinstance(node.ctx, ast.Load):
                continue
            parent = parents.get(id(node))
            use: ast.expr = node
            operation: str | None = None
            if isinstance(parent, ast.Attribute):
                use, operation = parent, parent.attr
            elif (
                isinstance(parent, ast.Call)
                and isinstance(parent.func, ast.Name)
                and parent.func.id == "getattr"
                and parent.args[:1] == [node]
            ):
                use, operation = parent, _str(parent.args[1]) if len(parent.args) > 1 else None
                if operation is None:
                    out.append(parent)
                    continue
            if operation is not None and (operation in _ASKS or operation.startswith("drop_")):
                continue  # asks, or drops: makes no name
            holder = parents.get(id(use))
            if isinstance(holder, ast.Call) and holder.func is use:
                continue  # called in place: read
            call = parents.get(id(holder)) if isinstance(holder, ast.keyword) else holder
            if _passed_to_reader(use, call, takes_op, tree):
                continue  # make(op) of def make(o): read as op (op_named)
            if (
                operation is not None
                and isinstance(holder, ast.Assign)
                and len(holder.targets) == 1
                and isinstance(holder.targets[0], ast.Name)
                and aliases.get(holder.targets[0].id) == operation
            ):
                continue  # a simple alias: its calls are read
            if isinstance(holder, ast.Attribute | ast.withitem):
                continue  # op.x.y: no call of op; a with item is a call (batch)
            out.append(use)
    return out


def _passed_to_reader(
    use: ast.expr, holder: ast.AST | None, takes_op: dict[str, set[str]], tree: ast.Module
) -> bool:
    """Whether ``use`` is an argument of a call of the revision's own
    function, at a parameter every call passes ``op`` (:func:`op_parameters`)."""
    if not (
        isinstance(holder, ast.Call)
        and isinstance(holder.func, ast.Name)
        and holder.func.id in takes_op
    ):
        return False
    function = next(f for f in tree.body if isinstance(f, _Function) and f.name == holder.func.id)
    params = [p.arg for p in (*function.args.posonlyargs, *function.args.args)]
    for param, arg in zip(params, holder.args, strict=False):
        if arg is use:
            return param in takes_op[holder.func.id]
    return any(k.value is use and k.arg in takes_op[holder.func.id] for k in holder.keywords)


def indirect_message(use: ast.expr) -> str:
    """What a ``DBN013`` note says of an undecidable use of ``op`` (:func:`indirect_unread`)."""
    return (
        f"{ast.unparse(use)} uses Alembic's op indirectly (a computed operation name, an "
        "operation kept in a dict or passed on, a name bound more than once): the operation "
        "it runs is not read, so names it creates are not checked and are not in the model. "
        "Call op.<operation>(...) directly, or check its names by hand"
    )


def unsure_message(use: ast.expr) -> str:
    """What a ``DBN013`` note says of a use of a name that may be Alembic's
    ``op`` (:func:`~dbnamelint.alembic_parse.unsure_op_uses`)."""
    return (
        f"{ast.unparse(use)} may be Alembic's op (the name is bound to it and otherwise too, "
        "or passed op by some calls only): the operation it runs is not read, so names it "
        "creates are not checked and are not in the model. Bind op under one name only and "
        "call op.<operation>(...) directly, or check its names by hand"
    )


def _receiver(call: ast.Call, batches: dict[str, _Batch]) -> tuple[str, _Batch | None] | None:
    """``("op", None)`` for ``op.x(...)``, ``(alias, (table, schema))`` for a
    ``batch_alter_table(table, schema=) as alias`` block's ``alias.x(...)``."""
    func = call.func
    if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
        return None
    if func.value.id == "op":
        return "op", None
    if func.value.id in batches:
        return func.value.id, batches[func.value.id]
    return None


def _calls(
    upgrade: ast.FunctionDef, module: dict[str, str] | None = None
) -> list[tuple[ast.Call, str, _Batch | None]]:
    """The ``op``/``batch_op`` calls of ``upgrade()`` in order: (call, op,
    batch table and schema). A ``batch_alter_table(...) as alias`` binds the
    alias in its own block only (autogenerate writes one block per table,
    all ``as batch_op``: a name bound for the whole function gave every call
    the last block's table); a nested block's binding hides the outer one."""
    out: list[tuple[ast.Call, str, _Batch | None]] = []
    aliases = {**(module or {}), **op_aliases(upgrade)}
    # an explicit stack: a long ``"a" + "b" + ...`` nests deeper than recursion may
    stack: list[tuple[ast.AST, dict[str, _Batch]]] = [(upgrade, {})]
    while stack:
        node, batches = stack.pop()
        if isinstance(node, ast.With | ast.AsyncWith):
            inner = dict(batches)
            for item in node.items:
                stack.append((item.context_expr, inner.copy()))
                alias = item.optional_vars
                if not isinstance(alias, ast.Name):
                    continue
                ctx = item.context_expr
                table = (
                    _arg(ctx, 0, "table_name")
                    if isinstance(ctx, ast.Call) and _callee(ctx) == "batch_alter_table"
                    else None
                )
                if table is not None and isinstance(ctx, ast.Call):
                    inner[alias.id] = (table, _kw(ctx, "schema"))
                else:  # the name now holds something else
                    inner.pop(alias.id, None)
            stack.extend((stmt, inner) for stmt in node.body)
            continue
        if isinstance(node, ast.Call):
            receiver = _receiver(node, batches)
            if receiver is not None:
                assert isinstance(node.func, ast.Attribute)
                out.append((node, node.func.attr, receiver[1]))
            else:
                # getattr(op, "create_table")(...), fn(...) of fn = op.create_table
                operation = _indirect(node, aliases)
                if operation is not None:
                    direct = ast.Call(
                        ast.Attribute(ast.Name("op", ast.Load()), operation, ast.Load()),
                        node.args,
                        node.keywords,
                    )
                    out.append((ast.copy_location(direct, node), operation, None))
        stack.extend((child, batches) for child in ast.iter_child_nodes(node))
    out.sort(key=lambda c: (c[0].lineno, c[0].col_offset))
    return out


def op_calls(
    text: str, convention: dict[str, str] | None = None
) -> tuple[list[OpCall], list[tuple[int, str]]]:
    """The calls of ``upgrade()`` and of the revision's functions it runs
    (:func:`upgrade_functions`) read (see the module docstring), and the
    unknown ones that may create names: (offset, name); ``convention``:
    :func:`naming_convention`'s."""
    try:
        tree = parse_revision(text)
    except (SyntaxError, ValueError):
        return [], []
    # upgrade() and the revision's functions it runs (make_indexes())
    module = op_aliases(tree)
    found = [c for function in upgrade_functions(tree) for c in _calls(function, module)]
    found.sort(key=lambda c: (c[0].lineno, c[0].col_offset))
    pos = _Pos(text)
    out: list[OpCall] = []
    unknown: list[tuple[int, str]] = []
    for call, op, batch in found:
        start, end = pos.span(call)
        table, schema = batch if batch is not None else (None, None)
        if op in KNOWN:
            for tokens in _op_tokens(op, call, table, pos, convention, schema):
                only_pg = bool(tokens) and tokens[0].text == "CREATE TYPE"
                out.append(OpCall(op, start, end, tuple(tokens), only_pg))
        elif op not in _HARMLESS and not op.startswith(("drop_", "get_")):
            unknown.append((start, op))
    # SQLAlchemy Core objects created on op.get_bind() (dbnamelint.alembic_core)
    from dbnamelint.alembic_core import core_calls

    core, _unread = core_calls(tree, upgrade_functions(tree), pos, convention)
    if core:
        out = sorted([*out, *core], key=lambda c: c.start)  # (stable: a call's statements stay)
    return out, unknown


class _Lines:
    """The view being written, line by line: a line may grow past the
    file's line end (what does not fit between two names goes there), so
    every name keeps the line and column of its literal."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = _offsets(text)
        self.ends = [*(s - 1 for s in self.starts[1:]), len(text)]
        self.lines: list[list[str]] = [
            [" "] * (e - s) for s, e in zip(self.starts, self.ends, strict=True)
        ]

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def free(self, line: int, col: int, length: int, stop: int | None) -> bool:
        """Whether ``length`` characters from ``col`` of ``line`` stay
        blank and before column ``stop`` (an anchored name's)."""
        row = self.lines[line]
        if stop is not None and col + length > stop - 1:
            return False
        return all(c == " " for c in row[col : col + length])

    def put(self, line: int, col: int, word: str) -> None:
        row = self.lines[line]
        if len(row) < col + len(word):
            row.extend(" " * (col + len(word) - len(row)))
        row[col : col + len(word)] = list(word)

    def span(self, a: tuple[int, int], b: tuple[int, int]) -> str:
        """The view's text from ``a`` to ``b`` (line, column), lines joined by ``\\n``."""
        if a[0] == b[0]:
            return "".join(self.lines[a[0]][a[1] : b[1]])
        parts = ["".join(self.lines[a[0]][a[1] :])]
        parts += ["".join(self.lines[i]) for i in range(a[0] + 1, b[0])]
        parts.append("".join(self.lines[b[0]][: b[1]]))
        return "\n".join(parts)


def layout(
    text: str,
    floor: int,
    statements: Sequence[Sequence[Token]],
    view: _Lines,
    *,
    whole: bool = False,
) -> list[tuple[int, int, str, tuple[int, int]]] | None:
    """``statements`` laid over ``view`` from offset ``floor`` on (see
    :class:`_Lines`): each (start offset, end offset: where its ``;``
    stands, or the end of the line it stands past, its SQL, and the 0-based
    line and column it starts at: past the line's end, where the start
    offset stops). A name stands
    at its literal; the SQL before a statement's first name on that name's
    line just before it when it fits there, else at the end of the line
    before; the rest just after what precedes it. A name whose literal the
    SQL before it has passed stands after that SQL instead. ``whole``: the
    statements as one (the first's start, the last's end, all their SQL
    with the ``;`` between), so a statement laid past a line's end after
    another (``create_table``'s ``CREATE INDEX``) keeps its place there."""
    line, col = view.where(floor)
    first_begin: tuple[int, int] | None = None
    if floor >= view.ends[line]:
        col = max(col, len(view.lines[line]))  # past what an earlier statement wrote there
    row = view.lines[line]
    while col < len(row) and row[col] != " ":
        col += 1  # past the ';' of the statement before (no name anchors this one)
    out: list[tuple[int, int, str, tuple[int, int]]] = []
    for statement in statements:
        first = next((k for k, t in enumerate(statement) if t.at is not None), None)
        begin: tuple[int, int] | None = None
        if first is not None:
            anchor = statement[first].at
            assert anchor is not None
            a_line, a_col = view.where(anchor[0])
            lead = " ".join(t.text for t in statement[:first])
            if (a_line, a_col) > (line, col) and lead:
                if (
                    a_line > line
                    and a_col - 1 - len(lead) >= 0
                    and view.free(a_line, a_col - 1 - len(lead), len(lead), a_col)
                ):
                    line, col = a_line, a_col - 1 - len(lead)
                elif a_line > line:
                    prev = a_line - 1
                    line, col = prev, max(len(view.lines[prev]) + 1, col if prev == line else 0)
        for token in statement:
            word = token.text
            gap = 1 if begin is not None or out else 0
            if token.at is not None:
                t_line, t_col = view.where(token.at[0])
                end_line = view.where(min(token.at[0] + len(word), len(text)))[0]
                if (t_line, t_col) >= (line, col + gap) and end_line == t_line:
                    if begin is None:
                        begin = (t_line, t_col)
                    view.put(t_line, t_col, word)
                    line, col = t_line, t_col + len(word)
                    continue
            at = col + gap
            if begin is None:
                begin = (line, at)
            view.put(line, at, word)
            col = at + len(word)
        if begin is None:
            return None
        semi = (line, col)
        if first_begin is None:
            first_begin = begin
        view.put(line, col, ";")
        col += 1
        start = view.starts[begin[0]] + min(begin[1], view.ends[begin[0]] - view.starts[begin[0]])
        end = view.starts[semi[0]] + min(semi[1], view.ends[semi[0]] - view.starts[semi[0]])
        out.append((start, end, view.span(begin, semi), begin))
    if whole and len(out) > 1 and first_begin is not None:
        return [(out[0][0], out[-1][1], view.span(first_begin, semi), first_begin)]
    return out


def op_strings(
    text: str, others: Sequence[int] = (), path: str | None = None
) -> list[tuple[int, int, str, tuple[tuple[int, int], ...], bool, tuple[int, int]]]:
    """The statements of :func:`op_calls` laid over the file (:func:`layout`):
    (start, end, SQL, hole spans, PostgreSQL only, 0-based line and column
    of its start) each; ``end`` is where the statement's ``;`` stands (or
    the end of the line it stands past; the line and column then say where
    past it). ``others``: where the file's DDL strings start
    (``op.execute("...")``'s): a call after one is laid out after that
    string's line; ``path``: the revision's (its ``env.py`` gives the naming
    convention). PostgreSQL only: a statement only PostgreSQL runs
    (``CREATE TYPE``)."""
    convention = naming_convention(path) if path is not None else None
    calls, _unknown = op_calls(text, convention)
    if not calls:
        return []
    view = _Lines(text)
    out: list[tuple[int, int, str, tuple[tuple[int, int], ...], bool, tuple[int, int]]] = []
    floor = 0
    # One call's statements (create_table's CREATE TABLE and CREATE INDEX) laid as one
    grouped: list[list[OpCall]] = []
    for call in calls:
        last = grouped[-1][0] if grouped else None
        if last is not None and (last.start, last.end, last.postgres) == (
            call.start,
            call.end,
            call.postgres,
        ):
            grouped[-1].append(call)
        else:
            grouped.append([call])
    for group in grouped:
        call = group[0]
        before = [s for s in others if floor <= s <= call.start]
        if before:
            floor = max(floor, _string_end(text, max(before)))
        statements = [
            [
                Token(t.text, (t.at[0] + 1, t.at[1]), t.hole)
                if t.at is not None and not t.hole and not t.text.startswith('"')
                else t
                for t in one.tokens
            ]
            for one in group
        ]
        if all(t.at is None for one in group for t in one.tokens):
            # No name written as a literal (op.create_foreign_key(None, ...)):
            # the statement stands at the call, not past the line before
            floor = max(floor, call.start)
        laid = layout(text, floor, statements, view, whole=True)
        if laid is None:
            continue
        holes = tuple(t.at for one in group for t in one.tokens if t.hole and t.at is not None)
        for start, end, sql, begin in laid:
            out.append((start, end, sql, holes, call.postgres, begin))
            floor = end
    return out


def _string_end(text: str, start: int) -> int:
    """The end of the line of the DDL string starting at ``start``."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end
