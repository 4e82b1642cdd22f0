"""SQLAlchemy Core objects an Alembic revision creates on its connection.

A revision may create schema objects through SQLAlchemy rather than ``op``
(trial s34 mealie, ``38514b39a824``: ``authMethod.create(op.get_bind())``
of ``sa.Enum("BASIC", "LDAP", name="authmethod")``); SQLAlchemy emits the
DDL on Alembic's connection, inside the revision's transaction:

- ``<Enum>.create(bind)``: ``CREATE TYPE "name" AS ENUM (...)`` on
  PostgreSQL (``SchemaType.create``; another database has no type object);
- ``<Table>.create(bind)``: ``CREATE TABLE`` and one ``CREATE INDEX`` per
  ``Index`` of the table (``Table.create`` runs ``SchemaGenerator``, as
  ``op.create_table`` does);
- ``<Index>.create(bind)``: ``CREATE INDEX "name" ON table (cols)``;
- ``<Sequence>.create(bind)``: ``CREATE SEQUENCE "name"`` on PostgreSQL
  (SQLite's and MySQL's dialects have no sequences: nothing);
- ``<MetaData>.create_all(bind)``: each ``Table`` of that metadata, with its indexes.

``bind`` is ``op.get_bind()`` (or a name bound to it, ``op.get_context().bind``).
The object is the call's receiver written in place (``sa.Index("ix",
t.c.a).create(bind)``) or a name the revision binds to one, at module level
or in the function. Each becomes the statements :mod:`dbnamelint.alembic_ops`
builds for ``op.create_table`` / ``op.create_index``, laid at the object's
constructor (its names at their literals). An object not built so (an
imported table, ``Base.metadata.create_all(bind)``, a name the code
computes) is returned as not read: the ``DBN013`` note, an error in a new
revision.
"""

from __future__ import annotations

import ast

from dbnamelint.alembic_ops import (
    OpCall,
    Token,
    _Builder,
    _callee,
    _enum,
    _op_tokens,
    _Pos,
    _str,
    unwritten_items,
)

#: What creates: the methods of a Core object run on a connection.
_CREATES = frozenset({"create", "create_all"})


def _is_bind(node: ast.AST | None, binds: set[str]) -> bool:
    """Whether ``node`` is Alembic's connection: ``op.get_bind()``,
    ``op.get_context().bind``, or a name bound to one."""
    if isinstance(node, ast.Call):
        return _callee(node) == "get_bind"
    if isinstance(node, ast.Attribute):
        return node.attr in ("bind", "connection")
    return isinstance(node, ast.Name) and node.id in binds


def _bindings(nodes: list[ast.stmt]) -> dict[str, ast.Call]:
    """Each name bound to a constructor call by an assignment in ``nodes``
    (walked): ``t = sa.Table(...)``; the last binding wins."""
    out: dict[str, ast.Call] = {}
    for stmt in nodes:
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)
            ):
                out[node.targets[0].id] = node.value
    return out


def _column_of(node: ast.AST, tables: dict[str, ast.Call]) -> tuple[ast.Call, ast.expr] | None:
    """(the ``Table`` call, the column name as a located literal) of
    ``t.c.name`` / ``t.c["name"]`` / ``t.columns.name``."""
    if isinstance(node, ast.Attribute):
        owner, column = node.value, ast.Constant(node.attr)
        ast.copy_location(column, node)
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        owner, column = node.value, node.slice
    else:
        return None
    if not (isinstance(owner, ast.Attribute) and owner.attr in ("c", "columns")):
        return None
    if not isinstance(owner.value, ast.Name) or owner.value.id not in tables:
        return None
    return tables[owner.value.id], column


def _index_call(index: ast.Call, tables: dict[str, ast.Call]) -> ast.Call | None:
    """``sa.Index("ix", t.c.a, t.c.b, unique=)`` as ``op.create_index("ix",
    "<t's name>", ["a", "b"], unique=)``; None when a column is no ``t.c.x``
    of a table the revision builds."""
    if not index.args:
        return None
    columns = [_column_of(a, tables) for a in index.args[1:]]
    if not columns or any(c is None for c in columns):
        return None
    owners = {id(c[0]) for c in columns if c is not None}
    if len(owners) != 1 or columns[0] is None:
        return None
    table = columns[0][0]
    if not table.args:
        return None
    names = ast.List([c[1] for c in columns if c is not None], ast.Load())
    call = ast.Call(ast.Name("create_index", ast.Load()), [index.args[0], table.args[0], names], [])
    call.keywords = [k for k in index.keywords if k.arg == "unique"]
    schema = next((k for k in table.keywords if k.arg == "schema"), None)
    if schema is not None:
        call.keywords.append(schema)
    return ast.copy_location(call, index)


def _table_call(table: ast.Call) -> ast.Call | None:
    """``sa.Table("t", meta, *columns, schema=)`` as ``op.create_table("t", *columns, schema=)``."""
    if len(table.args) < 2:
        return None
    call = ast.Call(
        ast.Name("create_table", ast.Load()), [table.args[0], *table.args[2:]], table.keywords
    )
    return ast.copy_location(call, table)


def core_calls(
    tree: ast.Module,
    functions: list[ast.FunctionDef],
    pos: _Pos,
    convention: dict[str, str] | None = None,
) -> tuple[list[OpCall], list[tuple[int, str]]]:
    """The Core objects ``functions`` (``upgrade()`` and what it runs)
    create on Alembic's connection, as :class:`~dbnamelint.alembic_ops.OpCall`
    statements laid at each object's constructor; and (offset, call as
    written) of each such call whose object is not read (see the module
    docstring)."""
    module_level = [s for s in tree.body if not isinstance(s, ast.FunctionDef)]
    module = _bindings(module_level)
    out: list[OpCall] = []
    unread: list[tuple[int, str]] = []
    done: set[int] = set()

    def add(name: str, ctor: ast.Call, statements: list[list[Token]], only_pg: bool) -> None:
        start, end = pos.span(ctor)
        out.extend(OpCall(name, start, end, tuple(t), only_pg) for t in statements if t)

    def table(ctor: ast.Call, scope: dict[str, ast.Call]) -> bool:
        call = _table_call(ctor)
        if call is None or _str(call.args[0]) is None or unwritten_items(call):
            return False
        if id(ctor) in done:
            return True
        done.add(id(ctor))
        add("create_table", ctor, _op_tokens("create_table", call, None, pos, convention), False)
        # the table's Index objects (sa.Index("ix", t.c.a) anywhere): Table.create makes them
        mine = {n: c for n, c in scope.items() if c is ctor}  # (its names)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) == "Index" and id(node) not in done:
                made = _index_call(node, mine)
                if made is not None:
                    done.add(id(node))
                    add("create_index", node, _op_tokens("create_index", made, None, pos), False)
        return True

    for function in functions:
        scope = {**module, **_bindings(function.body)}
        binds = {
            name
            for name, value in scope.items()
            if _callee(value) == "get_bind" or _is_bind(value, set())
        }
        for node in ast.walk(function):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _CREATES
            ):
                continue
            given = (
                node.args[0]
                if node.args
                else next((k.value for k in node.keywords if k.arg == "bind"), None)
            )
            if not _is_bind(given, binds):
                continue
            receiver = node.func.value
            ctor = receiver if isinstance(receiver, ast.Call) else None
            if isinstance(receiver, ast.Name):
                ctor = scope.get(receiver.id)
            kind = _callee(ctor) if ctor is not None else ""
            read = False
            if ctor is not None and node.func.attr == "create_all" and kind == "MetaData":
                assert isinstance(receiver, ast.Name)
                # every Table of that metadata, bound to a name or not
                # (`sa.Table("t", meta, ...)` as a statement: trial s40 CTFd G3)
                of_meta = [
                    c
                    for where in (*module_level, function)
                    for c in ast.walk(where)
                    if isinstance(c, ast.Call)
                    and _callee(c) == "Table"
                    and len(c.args) > 1
                    and isinstance(c.args[1], ast.Name)
                    and c.args[1].id == receiver.id
                ]
                read = all(table(c, scope) for c in {id(c): c for c in of_meta}.values())
            elif ctor is not None and node.func.attr == "create":
                if kind in ("Enum", "ENUM"):
                    b = _Builder(pos, convention)
                    read = _enum(b, ctor) is not None
                    if read and id(ctor) not in done:
                        done.add(id(ctor))
                        add("create_type", ctor, b.before, True)
                elif kind == "Table":
                    read = table(ctor, scope)
                elif kind == "Index":
                    built = {n: c for n, c in scope.items() if _callee(c) == "Table"}
                    made = _index_call(ctor, built)
                    read = made is not None and _str(ctor.args[0]) is not None
                    if read and made is not None and id(ctor) not in done:
                        done.add(id(ctor))
                        add(
                            "create_index", ctor, _op_tokens("create_index", made, None, pos), False
                        )
                elif kind == "Sequence" and _str(ctor.args[0] if ctor.args else None) is not None:
                    read = True
                    if id(ctor) not in done:
                        done.add(id(ctor))
                        b = _Builder(pos, convention)
                        b.kw("CREATE SEQUENCE")
                        b.name(ctor.args[0])
                        # (SQLite and MySQL have none: Sequence.create does nothing there)
                        add("create_sequence", ctor, [b.tokens], True)
            if not read:
                start, end = pos.span(node)
                unread.append((start, pos.text[start:end].split("\n")[0]))
    return out, unread
