"""Synapse's background index updates as the SQL they run.

``self.db_pool.updates.register_background_index_update(update_name,
index_name, table, columns, where_clause=None, unique=False, ...)`` in a
store's Python registers an index Synapse's background updater creates later
(``synapse/storage/background_updates.py``: ``CREATE [UNIQUE] INDEX
CONCURRENTLY <index_name> ON <table> (<columns>)`` on PostgreSQL, ``CREATE
[UNIQUE] INDEX IF NOT EXISTS ...`` on SQLite), once a delta inserts its row
into ``background_updates``. The index name is no SQL text, so a new one
passed the gate unread (trial s38 synapse: ``index_name="UsersBadIdx"``).
:func:`shadow_text` writes each such call whose names are literals as a
string of that ``CREATE INDEX`` over the call's arguments, the index name at
the column of its literal when the line leaves room, so the gate's reader of
DDL strings in code judges it as the same statement written in a string;
:func:`unread_calls` lists the calls whose names are not literals, which the
gate refuses as new DDL it cannot read (``DBN013``).
"""

from __future__ import annotations

import ast

from dbnamelint.laravel_schema import Unread
from dbnamelint.python_constants import line_starts

__all__ = ["shadow_text", "unread_calls"]

_METHOD = "register_background_index_update"
#: The positions of the arguments read: (update_name, index_name, table, columns,
#: where_clause, unique).
_INDEX_NAME, _TABLE, _COLUMNS, _UNIQUE = 1, 2, 3, 5


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _columns(node: ast.expr | None) -> list[str] | None:
    if not isinstance(node, (ast.List, ast.Tuple)) or not node.elts:
        return None
    out = [_text(e) for e in node.elts]
    return [c for c in out if c is not None] if None not in out else None


def _offset(starts: list[int], lines: list[str], line: int, col: int) -> int:
    """Character offset of ast's (1-based line, UTF-8 byte column)."""
    return starts[line - 1] + len(lines[line - 1].encode()[:col].decode("utf-8", "replace"))


def _statement(call: ast.Call) -> tuple[str, int] | None:
    """(the ``CREATE INDEX`` the call makes, where its index name starts in
    it), or None when a name is not a literal."""
    name = _text(_argument(call, _INDEX_NAME, "index_name"))
    table = _text(_argument(call, _TABLE, "table"))
    columns = _columns(_argument(call, _COLUMNS, "columns"))
    unique = _argument(call, _UNIQUE, "unique")
    if name is None or table is None or columns is None:
        return None
    head = (
        "CREATE UNIQUE INDEX "
        if isinstance(unique, ast.Constant) and unique.value
        else ("CREATE INDEX ")
    )
    sql = f"{head}{name} ON {table} ({', '.join(columns)})"
    if any(c in sql for c in '"\\\n'):
        return None
    return sql, len(head)


def shadow_text(text: str) -> str:
    """``text`` with the arguments of each readable
    ``register_background_index_update`` call replaced by a string of the
    ``CREATE INDEX`` it makes (line breaks kept); ``text`` itself without
    such a call or when it does not parse."""
    if _METHOD not in text:
        return text
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return text
    starts = line_starts(text)  # as ast counts lines (\r\n, \r or \n)
    lines = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    edits: list[tuple[int, int, str]] = []
    for node in _calls(tree):
        func = node.func
        if node.end_lineno is None or func.end_lineno is None or func.end_col_offset is None:
            continue
        found = _statement(node)
        name_node = _argument(node, _INDEX_NAME, "index_name")
        if found is None or name_node is None or node.end_col_offset is None:
            continue
        sql, name_at = found
        opening = text.find("(", _offset(starts, lines, func.end_lineno, func.end_col_offset))
        closing = _offset(starts, lines, node.end_lineno, node.end_col_offset) - 1
        if opening < 0 or closing <= opening:
            continue
        span = "".join(c if c == "\n" else " " for c in text[opening + 1 : closing])
        literal = _offset(starts, lines, name_node.lineno, name_node.col_offset)
        # the string's quote where the index name then falls on its literal's name
        at = literal + 1 - name_at - 1 - (opening + 1)
        line_start = text.rfind("\n", 0, literal) + 1
        if at < 0 or opening + 1 + at < line_start:
            at = 0
        end = span.find("\n", at)
        end = len(span) if end < 0 else end
        edits.append((opening + 1, closing, f'{span[:at]}"{sql}"{span[end:]}'))
    for start, stop, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[stop:]
    return text


def _calls(tree: ast.AST) -> list[ast.Call]:
    out: list[ast.Call] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called == _METHOD:
                out.append(node)
    return out


def unread_calls(text: str) -> list[Unread]:
    """Each ``register_background_index_update`` call of ``text`` whose index
    name, table or columns are not literals (:func:`shadow_text` leaves it
    as it is), at the call's start."""
    if _METHOD not in text:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    starts = line_starts(text)  # as ast counts lines (\r\n, \r or \n)
    lines = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    out: list[Unread] = []
    for call in _calls(tree):
        if _statement(call) is not None:
            continue
        # at the index name when given: the line a change to it touches
        at = _argument(call, _INDEX_NAME, "index_name") or call
        out.append(Unread(_offset(starts, lines, at.lineno, at.col_offset), _METHOD))
    return out
