"""SQLAlchemy declarative models as the DDL ``create_all()`` runs for them.

A project whose database is made by ``metadata.create_all()`` from its
models (CTFd on SQLite: ``db.create_all()`` in ``create_app``; Flask apps
without migrations) has its table and column names in classes, not in SQL:
``__tablename__ = "TeamInvites"`` and ``inviteCode = db.Column(...)`` passed
the gate unread (trial s40 CTFd). :func:`shadow_text` writes a model's
``__tablename__`` literal as a string of the ``CREATE TABLE`` it makes, and
each of its ``Column``/``mapped_column`` assignments as a string of the
``ALTER TABLE ... ADD COLUMN`` naming that column (SQLAlchemy's name: the
call's first literal, else its ``name=``, else the attribute's name); a
``Table("name", metadata, ...)`` alike, and the named ``Index``,
``UniqueConstraint``, ``CheckConstraint`` and ``PrimaryKeyConstraint`` of
either (``__table_args__``, a ``Table``'s arguments) as the statement
making them, each on its own lines, so the gate's reader of DDL strings in code judges the names
a change adds, as GORM's tags are (:mod:`dbnamelint.go_orm_tags`). Names
are quoted as SQLAlchemy quotes them (any not lower case).

A mixin kept in a module of its own (redash's ``TimestampMixin`` in
``models/mixins.py``, ``GFKBase`` in ``models/base.py``) gives its columns to
models in other modules: :func:`mixins` names such classes,
:func:`heir_tables` finds the tables of a module's models inheriting them, and
``shadow_text(text, heirs)`` writes their columns as those tables' (trial s41
redash: ``deletedAt = Column(...)`` added to the mixin passed the gate).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Mapping, Sequence

from dbnamelint.python_constants import line_starts

__all__ = ["heir_tables", "mixins", "shadow_text"]

_COLUMN_CALLS = frozenset({"Column", "mapped_column"})
#: A table's items that may carry a name, and the constraint each makes.
_NAMED_ITEMS = {
    "Index": "",
    "UniqueConstraint": "UNIQUE (x)",
    "CheckConstraint": "",
    "PrimaryKeyConstraint": "PRIMARY KEY (x)",
    "ForeignKeyConstraint": "",
}
#: A column's own items that may carry a constraint's name (``ForeignKey("users.id",
#: name="fk_x")``, ``CheckConstraint("x > 0", name="ck_x")``): trial s41 redash.
_COLUMN_ITEMS = frozenset({"ForeignKey", "CheckConstraint"})
_PLAIN = re.compile(r"[a-z_][a-z0-9_]*\Z")
#: A name that a single-quoted Python string holds as it is.
_WRITABLE = re.compile(r"[^'\\\n\r\"]+\Z")


def _callee(node: ast.expr) -> str:
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _sql_name(name: str) -> str:
    return name if _PLAIN.match(name) else f'"{name}"'


def _references(target: ast.expr | None) -> str:
    """``REFERENCES users (id)`` for a foreign key's literal target
    ``"users.id"`` (a ``ForeignKey``'s first argument, the first of a
    ``ForeignKeyConstraint``'s list), else a placeholder table's."""
    if isinstance(target, ast.List | ast.Tuple) and target.elts:
        target = target.elts[0]
    spelled = _literal(target)
    table, _, column = (spelled or "").rpartition(".")
    if table and column and _WRITABLE.match(table) and _WRITABLE.match(column):
        return f"REFERENCES {_sql_name(table)} ({_sql_name(column)})"
    return "REFERENCES x (x)"


def _constraint_sql(table: str, node: ast.Call, column: str = "x") -> str | None:
    """The ``ADD CONSTRAINT`` a named foreign key or check makes on ``table``
    (of ``column`` for a column's own): None when it has no literal name."""
    name = next((_literal(k.value) for k in node.keywords if k.arg == "name"), None)
    if name is None or not _WRITABLE.match(name):
        return None
    kind = _callee(node)
    if kind == "CheckConstraint":
        body = "CHECK (x > 0)"
    elif kind == "ForeignKey":
        body = (
            f"FOREIGN KEY ({_sql_name(column)}) {_references(node.args[0] if node.args else None)}"
        )
    else:  # ForeignKeyConstraint(columns, targets, name=...)
        body = f"FOREIGN KEY (x) {_references(node.args[1] if len(node.args) > 1 else None)}"
    return f"ALTER TABLE {_sql_name(table)} ADD CONSTRAINT {_sql_name(name)} {body}"


def _column_name(target: str, call: ast.Call) -> str | None:
    """SQLAlchemy's column name: the call's first argument when it is a
    literal, else its ``name=``, else the attribute it is assigned to."""
    if call.args and _literal(call.args[0]) is not None:
        return _literal(call.args[0])
    for kw in call.keywords:
        if kw.arg == "name":
            return _literal(kw.value)
    return target


def _mapped(annotation: ast.expr) -> bool:
    """``Mapped[...]`` (``sqlalchemy.orm.Mapped``), not ``ClassVar[...]``."""
    return isinstance(annotation, ast.Subscript) and (
        (isinstance(annotation.value, ast.Name) and annotation.value.id == "Mapped")
        or (isinstance(annotation.value, ast.Attribute) and annotation.value.attr == "Mapped")
    )


def _model(cls: ast.ClassDef) -> tuple[str, ast.Constant] | None:
    """The class's ``__tablename__`` literal, or None."""
    for stmt in cls.body:
        targets = (
            stmt.targets
            if isinstance(stmt, ast.Assign)
            else [stmt.target]
            if isinstance(stmt, ast.AnnAssign)
            else []
        )
        value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
        if any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in targets):
            name = _literal(value)
            if name is not None and isinstance(value, ast.Constant):
                return name, value
    return None


#: Flask-SQLAlchemy 3's ``camel_to_snake_case`` (``flask_sqlalchemy/model.py``):
#: the table a ``db.Model`` subclass without ``__tablename__`` gets.
_FLASK_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
#: What keeps Flask-SQLAlchemy from naming a model's table itself.
_OWN_TABLE = frozenset({"__tablename__", "__table__", "__abstract__"})


def _flask_table(cls: ast.ClassDef) -> tuple[str, ast.expr] | None:
    """``(table, base)`` for a class with Flask-SQLAlchemy's ``db.Model``
    (or ``Model``) among its bases and no ``__tablename__``, ``__table__``
    or ``__abstract__`` of its own: the table Flask-SQLAlchemy names after
    the class (``QueryTag`` -> ``query_tag``; 2.x keeps a trailing run of
    capitals as written, ``UserABC`` -> ``userABC``, 3.x makes ``user_abc``:
    3.x's is taken), and the base, where it is laid."""
    base = next(
        (
            b
            for b in cls.bases
            if (isinstance(b, ast.Attribute) and b.attr == "Model")
            or (isinstance(b, ast.Name) and b.id == "Model")
        ),
        None,
    )
    if base is None:
        return None
    for stmt in cls.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else []
        if isinstance(stmt, ast.AnnAssign):
            targets = [stmt.target]
        if any(isinstance(t, ast.Name) and t.id in _OWN_TABLE for t in targets):
            return None
    return _FLASK_SNAKE.sub(r"_\1", cls.name).lower().lstrip("_"), base


def _base_name(base: ast.expr) -> str | None:
    """A class base's name: ``TimestampMixin``, ``mixins.TimestampMixin``."""
    if isinstance(base, ast.Name):
        return base.id
    return base.attr if isinstance(base, ast.Attribute) else None


def _tables(
    classes: list[ast.ClassDef],
    by_name: dict[str, ast.ClassDef],
    heirs: Mapping[str, Sequence[str]] | None = None,
) -> dict[ast.ClassDef, list[str]]:
    """The tables each class's columns go to: its own ``__tablename__``; else
    its model base's in the file (single-table inheritance: CTFd's
    ``class Admins(Users)``); else the one Flask-SQLAlchemy names after a
    ``db.Model`` subclass (:func:`_flask_table`); else, a mixin, those of the
    file's classes that inherit it (``class Team(TimestampMixin, db.Model)``),
    else those ``heirs`` gives it (models of other modules: :func:`heir_tables`)."""

    def own(cls: ast.ClassDef, seen: frozenset[str] = frozenset()) -> str | None:
        found = _model(cls)
        if found is not None:
            return found[0] if _WRITABLE.match(found[0]) else None
        for base in cls.bases:
            name = base.id if isinstance(base, ast.Name) else None
            if name in by_name and name not in seen:
                table = own(by_name[name], seen | {cls.name})
                if table is not None:
                    return table
        auto = _flask_table(cls)
        return auto[0] if auto is not None else None

    def bases(cls: ast.ClassDef, seen: frozenset[str] = frozenset()) -> set[str]:
        out: set[str] = set()
        for base in cls.bases:
            if isinstance(base, ast.Name) and base.id in by_name and base.id not in seen:
                out |= {base.id} | bases(by_name[base.id], seen | {cls.name})
        return out

    out: dict[ast.ClassDef, list[str]] = {}
    for cls in classes:
        table = own(cls)
        if table is not None:
            out[cls] = [table]
    for cls in classes:
        if cls in out:
            continue
        found = [
            t
            for c, ts in out.items()
            if (_model(c) or _flask_table(c)) and cls.name in bases(c)
            for t in ts
        ]
        if not found and heirs:
            found = [t for t in heirs.get(cls.name, ()) if _WRITABLE.match(t)]
        if found:
            out[cls] = list(dict.fromkeys(found))
    return out


def _parsed(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _makes_columns(cls: ast.ClassDef) -> bool:
    """Whether the class assigns a ``Column``/``mapped_column`` (or annotates
    a ``Mapped[...]``) in its body."""
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and _mapped(stmt.annotation):
            return True
        value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Call) and _callee(value) in _COLUMN_CALLS:
            return True
    return False


def mixins(text: str) -> list[str]:
    """The names of Python file ``text``'s classes that make columns but get
    no table in the file (no ``__tablename__``, no model of the file
    inheriting them): mixins whose models live in other modules. [] when
    the file does not parse."""
    if "Column" not in text and "Mapped" not in text:
        return []
    tree = _parsed(text)
    if tree is None:
        return []
    classes = [c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)]
    tabled = _tables(classes, {c.name: c for c in classes})
    return [c.name for c in classes if c not in tabled and _makes_columns(c)]


def heir_tables(text: str, names: Collection[str]) -> dict[str, list[str]]:
    """For each class name of ``names`` (mixins of another module), the
    tables of Python file ``text``'s models inheriting it, directly or
    through a class of the file (``class Query(TimestampMixin, db.Model)``,
    ``mixins.TimestampMixin``), as ``__tablename__`` names them. A class is
    matched by name: a base imported under another name is not followed."""
    if "__tablename__" not in text:
        return {}
    tree = _parsed(text)
    if tree is None:
        return {}
    classes = [c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)]
    by_name = {c.name: c for c in classes}

    def outside(cls: ast.ClassDef, seen: frozenset[str] = frozenset()) -> set[str]:
        found: set[str] = set()
        for base in cls.bases:
            name = _base_name(base)
            if name is not None and name in names:
                found.add(name)
            if name in by_name and name not in seen:
                found |= outside(by_name[name], seen | {cls.name})
        return found

    out: dict[str, list[str]] = {}
    for cls, tables in _tables(classes, by_name).items():
        if _model(cls) is None and _flask_table(cls) is None:
            continue
        for name in sorted(outside(cls)):
            out.setdefault(name, []).extend(tables)
    return out


def shadow_text(text: str, heirs: Mapping[str, Sequence[str]] | None = None) -> str:
    """``text`` with each model's ``__tablename__`` literal and column calls
    written as the DDL strings they make (line breaks kept); ``heirs``: the
    tables of other modules' models inheriting a mixin of the file, by its
    name (:func:`heir_tables`). ``text`` itself when it holds no model (nor
    such a mixin) or does not parse."""
    if "__tablename__" not in text and "Model" not in text and not heirs:
        return text
    tree = _parsed(text)
    if tree is None:
        return text
    starts = line_starts(text)  # as ast counts lines (\r\n, \r or \n)
    lines = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + len(lines[line - 1].encode()[:col].decode("utf-8", "replace"))

    edits: list[tuple[int, int, str]] = []

    def put(node: ast.expr, sql: str) -> None:
        if node.end_lineno is None or node.end_col_offset is None:
            return
        start = offset(node.lineno, node.col_offset)
        end = offset(node.end_lineno, node.end_col_offset)
        rest = "".join(c if c == "\n" else " " for c in text[start:end])
        first = rest.find("\n")
        edits.append((start, end, f"'{sql}'" + ("" if first < 0 else rest[first:])))

    def items(table: str, nodes: list[ast.expr]) -> None:
        """A table's named indexes and constraints (``__table_args__``, a
        ``Table``'s arguments), each at its call."""
        for node in nodes:
            if not isinstance(node, ast.Call) or _callee(node) not in _NAMED_ITEMS:
                continue
            kind = _callee(node)
            name = _literal(node.args[0]) if kind == "Index" and node.args else None
            name = name or next((_literal(k.value) for k in node.keywords if k.arg == "name"), None)
            if name is None or not _WRITABLE.match(name):
                continue
            on = _sql_name(table)
            if kind == "Index":
                put(node, f"CREATE INDEX {_sql_name(name)} ON {on} (x)")
            elif kind in ("CheckConstraint", "ForeignKeyConstraint"):
                sql = _constraint_sql(table, node)
                if sql is not None:
                    put(node, sql)
            else:
                body = _NAMED_ITEMS[kind]
                put(node, f"ALTER TABLE {on} ADD CONSTRAINT {_sql_name(name)} {body}")

    def column_sql(tables: Sequence[str], column: str, call: ast.Call | None) -> str:
        """The statements a column makes on each of ``tables``: the column,
        then the constraints its named ``ForeignKey``/``CheckConstraint`` make."""
        out = []
        for table in tables:
            out.append(f"ALTER TABLE {_sql_name(table)} ADD COLUMN {_sql_name(column)} int")
            for item in call.args if call is not None else []:
                if isinstance(item, ast.Call) and _callee(item) in _COLUMN_ITEMS:
                    sql = _constraint_sql(table, item, column)
                    if sql is not None:
                        out.append(sql)
        return "; ".join(out)

    for node in ast.walk(tree):
        # Table("name", metadata, Column("c", ...), Index(...)): an association table
        if not isinstance(node, ast.Call) or _callee(node) != "Table" or len(node.args) < 2:
            continue
        table_name = _literal(node.args[0])
        if table_name is None or not _WRITABLE.match(table_name):
            continue
        put(node.args[0], f"CREATE TABLE {_sql_name(table_name)} (x int)")
        # (Flask-SQLAlchemy's db.Table("name", Column(...)) takes no metadata:
        # its columns start at the second argument; trial s41)
        for item in node.args[1:]:
            if isinstance(item, ast.Call) and _callee(item) in _COLUMN_CALLS and item.args:
                column = _literal(item.args[0])
                if column is not None and _WRITABLE.match(column):
                    put(item, column_sql([table_name], column, item))
        items(table_name, node.args[1:])
    classes = [c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)]
    by_name = {c.name: c for c in classes}
    for cls, tables in _tables(classes, by_name, heirs).items():
        found = _model(cls)
        if found is not None:
            put(found[1], f"CREATE TABLE {_sql_name(found[0])} (x int)")
        auto = _flask_table(cls) if found is None else None
        if auto is not None and tables == [auto[0]]:
            # Flask-SQLAlchemy's own name for the class's table, at its db.Model base
            put(auto[1], f"CREATE TABLE {_sql_name(auto[0])} (x int)")
            found = (auto[0], ast.Constant(auto[0]))
        for stmt in cls.body:
            if (
                found is not None
                and isinstance(stmt, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "__table_args__" for t in stmt.targets)
                and isinstance(stmt.value, ast.Tuple | ast.List)
            ):
                items(found[0], list(stmt.value.elts))
        for stmt in cls.body:
            made: ast.expr | None = None
            named: str | None = None
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                target, value = stmt.target, stmt.value
            elif isinstance(stmt, ast.AnnAssign) and _mapped(stmt.annotation):
                # `inviteCode: Mapped[str]`: SQLAlchemy 2 makes the column from the annotation
                if isinstance(stmt.target, ast.Name):
                    made, named = stmt.annotation, stmt.target.id
                target, value = stmt.target, None
            else:
                continue
            if (
                isinstance(target, ast.Name)
                and isinstance(value, ast.Call)
                and _callee(value) in _COLUMN_CALLS
            ):
                made, named = value, _column_name(target.id, value)
            if made is None or named is None or not _WRITABLE.match(named):
                continue
            put(made, column_sql(tables, named, made if isinstance(made, ast.Call) else None))
    for start, stop, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[stop:]
    return text
