"""The SQL of a Django index's ``condition=`` and ordered ``fields``, where it can be written.

A partial index (``Index(fields=["processed"], condition=Q(processed=None))``)
is ``CREATE INDEX ... WHERE "processed" IS NULL`` in the database
(``Index.create_sql`` -> ``_get_condition_sql``, the query compiler's WHERE),
and a field written ``"-created"`` is ``"created" DESC``. The model keeps a
SQLite index's definition as written to re-create it under its new name
(SQLite cannot rename an index), so a definition without them re-created
the index whole and plain (trial s41 healthchecks: ``api_flip_not_processed``
lost its ``WHERE`` forward and back). What cannot be written here (a lookup
other than equality and ``isnull``, an ``F()``, a boolean, ``expressions``,
``opclasses``) is :data:`UNREAD`, which the rename plan refuses to re-create.
"""

from __future__ import annotations

import ast

#: Stands in the definition of an index whose parts are not read: the SQLite
#: rename plan refuses to re-create such an index (it would lose them).
UNREAD = "/*dbnamelint: definition not read*/"


def _q_call(node: ast.expr) -> bool:
    func = node.func if isinstance(node, ast.Call) else None
    return (isinstance(func, ast.Name) and func.id == "Q") or (
        isinstance(func, ast.Attribute) and func.attr == "Q"
    )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lookup(key: str, value: ast.expr, columns: dict[str, str]) -> str | None:
    """``"col" = 'v'``, ``"col" IS NULL``... for one ``field[__lookup]=value``."""
    field, _, lookup = key.partition("__")
    column = _quoted(columns.get(field, field))
    if not isinstance(value, ast.Constant):
        return None
    v = value.value
    if lookup == "isnull" and isinstance(v, bool):
        return f"{column} IS {'' if v else 'NOT '}NULL"
    if lookup not in ("", "exact"):
        return None
    if v is None:
        return f"{column} IS NULL"
    if isinstance(v, str):
        return f"{column} = '" + v.replace("'", "''") + "'"
    if isinstance(v, int | float) and not isinstance(v, bool):
        return f"{column} = {v!r}"
    return None


def condition_sql(node: ast.expr | None, columns: dict[str, str]) -> str | None:
    """The SQL of the ``Q`` expression ``node`` (``Q(a=None)``, ``~Q(...)``,
    ``Q(_negated=True, ...)``, ``Q(("a", 1), b=2, _connector="OR")``, ``&``/``|``
    of them) on the columns ``columns`` maps field names to; None when any
    part is not one of those forms."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        inner = condition_sql(node.operand, columns)
        return None if inner is None else f"NOT ({inner})"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
        left, right = condition_sql(node.left, columns), condition_sql(node.right, columns)
        if left is None or right is None:
            return None
        return f"({left} {'AND' if isinstance(node.op, ast.BitAnd) else 'OR'} {right})"
    if not isinstance(node, ast.Call) or not _q_call(node):
        return None
    parts: list[str] = []
    negated, connector = False, "AND"
    for arg in node.args:
        if isinstance(arg, ast.Tuple) and len(arg.elts) == 2:
            key = arg.elts[0]
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return None
            part = _lookup(key.value, arg.elts[1], columns)
        else:
            part = condition_sql(arg, columns)
        if part is None:
            return None
        parts.append(part)
    for kw in node.keywords:
        if kw.arg == "_negated" and isinstance(kw.value, ast.Constant):
            negated = bool(kw.value.value)
        elif kw.arg == "_connector" and isinstance(kw.value, ast.Constant):
            if kw.value.value not in ("AND", "OR"):
                return None
            connector = str(kw.value.value)
        elif kw.arg is None or kw.arg.startswith("_"):
            return None
        else:
            part = _lookup(kw.arg, kw.value, columns)
            if part is None:
                return None
            parts.append(part)
    if not parts:
        return None
    body = f" {connector} ".join(parts)
    if negated:
        return f"NOT ({body})"
    return f"({body})" if len(parts) > 1 else body


def index_tail(call: ast.Call, columns: dict[str, str]) -> tuple[list[str], str]:
    """The column list's items of the index ``call`` (``"col"``, ``"col" DESC``
    for ``"-field"``) and what follows it (`` WHERE ...`` for its
    ``condition=``, :data:`UNREAD` for parts not read), as Django writes them."""
    fields = next((k.value for k in call.keywords if k.arg == "fields"), None)
    items: list[str] = []
    if isinstance(fields, ast.List | ast.Tuple):
        for e in fields.elts:
            if isinstance(e, ast.Constant) and isinstance(e.value, str):
                name = e.value.lstrip("-")
                desc = " DESC" if e.value.startswith("-") else ""
                items.append(_quoted(columns.get(name, name)) + desc)
    unread = bool(call.args) or any(
        k.arg in ("expressions", "opclasses") or k.arg is None for k in call.keywords
    )
    tail = ""
    condition = next((k.value for k in call.keywords if k.arg == "condition"), None)
    if condition is not None:
        where = condition_sql(condition, columns)
        if where is None:
            unread = True
        else:
            tail = f" WHERE {where}"
    return items, (f" {UNREAD}" if unread else "") + tail
