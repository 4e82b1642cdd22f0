"""The tables Synapse's ``DatabasePool.simple_*`` query helpers name.

Synapse (github.com/element-hq/synapse, ``synapse/storage/database.py``)
builds its simple statements from a table name and dicts of columns:
``self.db_pool.simple_select_list("pusher_throttle", {"pusher": id}, [...])``,
``simple_upsert("t", keyvalues, values)``, ``simple_insert_txn(txn, "t",
values)``. The helper's ``table`` parameter is its first, after ``txn`` in
the ``*_txn`` ones (``txn`` first, static or not), or ``table="t"``. The
table is in no SQL string, so it was plain text there. Only a whole string
literal is taken (a variable's table is not known); reads Python source
with :mod:`ast`, in files that call such a helper.
"""

from __future__ import annotations

import ast

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.buildertables import TableItem, table_items
from dbnamelint.impact.sqlscope import WriteForm

#: ``DatabasePool``'s helpers taking a ``table`` (Synapse 1.x): the verb
#: group, then the variant (``_one``, ``_many``, ``_txn``...).
_HELPER = lazy_compile(
    r"simple_(?P<verb>select|insert|upsert|update|delete)"
    r"(?:_one_onecol|_onecol|_one|_list_paginate|_list|_many_batch|_many|_returning)?"
    r"(?P<txn>_txn(?:_emulated|_native_upsert)?)?"
)
_FORMS: dict[str, WriteForm] = {
    "insert": "insert",
    "upsert": "upsert",
    "update": "update",
    "delete": "delete",
}


class PoolTable(TableItem, frozen=True):
    """A table a helper call names, with the form of the statement it runs
    (None: a SELECT)."""

    form: WriteForm | None = None


def table_sites(path: str, text: str) -> list[PoolTable]:
    """The table each ``simple_*`` helper call of ``text`` (a Python file)
    names in a string literal: where its name is in the file, folded, with
    the statement's form (``simple_upsert_txn_emulated`` locks, reads and
    writes: no upsert). Empty for a file Python cannot parse."""
    if not path.lower().endswith(".py") or ".simple_" not in text:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    starts = [0]
    starts += [i + 1 for i, c in enumerate(text) if c == "\n"]
    out: list[PoolTable] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        helper = _HELPER.fullmatch(node.func.attr)
        if helper is None:
            continue
        position = 1 if helper.group("txn") else 0
        given = [k.value for k in node.keywords if k.arg == "table"]
        argument = (
            given[0] if given else (node.args[position] if len(node.args) > position else None)
        )
        span = _literal_span(text, starts, argument)
        if span is None:
            continue
        verb, txn = helper.group("verb"), helper.group("txn") or ""
        form = None if txn.endswith("_emulated") else _FORMS.get(verb)
        out += [
            PoolTable(item.start, item.end, item.name, None, form)
            for item in table_items(text, *span, listed=False, aliased=False)
        ]
    return out


def _literal_span(text: str, starts: list[int], node: ast.expr | None) -> tuple[int, int] | None:
    """(start, end) of the content of ``node`` when it is one plain one-line
    string literal (no prefix, no concatenation), else None."""
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return None
    if node.end_lineno != node.lineno or node.end_col_offset is None:
        return None
    line_start = starts[node.lineno - 1]
    line_end = text.find("\n", line_start)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    a = line_start + _char_column(line, node.col_offset)
    b = line_start + _char_column(line, node.end_col_offset)
    source = text[a:b]
    if len(source) < 2 or source[0] not in "\"'" or source[-1] != source[0]:
        return None
    if source[1:-1] != node.value:
        return None  # escapes, or two literals side by side
    return a + 1, b - 1


def _char_column(line: str, byte_offset: int) -> int:
    """``ast``'s UTF-8 byte offset in ``line`` as a character offset."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))
