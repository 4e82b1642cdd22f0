"""Python strings that are labels, never SQL (trial s38 paperless-ngx).

Django model fields and options carry prose: ``verbose_name="grant change
permissions to these groups"``, ``help_text="Do not consume documents
..."``, ``choices=[("skip", "Skip it")]``, ``_("Drop the archive")``. A
label starting with a statement's word (``GRANT``, ``DO``, ``DROP TABLE``)
was read as the statement it is not, in a migration's ``operations`` (the
model) and in application code (the gate): the ``CREATE TABLE`` the field
belongs to was cut short (DBN004/DBN001 at positions inside the call), the
tables after it were lost from the model, and a label became a table name
in the whitelist. Django writes such a text into no statement but as a
literal (``COMMENT ON ... IS '...'`` for ``db_comment``), so no name is
lost by passing over it.
"""

from __future__ import annotations

import ast

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["prose_spans"]

#: Keyword arguments, dict keys and assignments (``class Meta``) whose value
#: is a label or data: Django's ``Field``/``Meta`` options and form fields'.
PROSE_KEYS = frozenset(
    {
        "verbose_name",
        "verbose_name_plural",
        "help_text",
        "db_comment",
        "db_table_comment",
        "error_messages",
        "choices",
        "label",
    }
)

#: Django's translation functions: their arguments are messages.
_TRANSLATIONS = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ugettext",
        "ugettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "npgettext",
        "npgettext_lazy",
    }
)

#: A cheap test before parsing: the file names one of them at all.
_ANY = lazy_compile(
    r"\b(?:verbose_name|help_text|db_comment|db_table_comment|error_messages|choices|label"
    r"|u?n?p?gettext\w*|_)\b|Field\s*\("
)


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _offsets(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _at(text: str, starts: list[int], line: int, column: int) -> int:
    """The file offset of an ast position (column in UTF-8 bytes)."""
    row = text[starts[line - 1] : starts[line] - 1] if line < len(starts) else ""
    return starts[line - 1] + len(row.encode()[:column].decode("utf-8", "ignore"))


def prose_spans(text: str) -> list[tuple[int, int]]:
    """The spans (file offsets) of Python ``text`` holding labels: the value
    of a keyword argument, dict key or assignment named in
    :data:`PROSE_KEYS`, the arguments of a translation call (``_("...")``)
    and a ``...Field(...)``'s first positional argument (its
    ``verbose_name``); none when the file does not parse."""
    if _ANY.search(text) is None:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    values: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            values += [k.value for k in node.keywords if k.arg in PROSE_KEYS]
            name = _callee(node)
            if name in _TRANSLATIONS:
                values += node.args
            elif name.endswith("Field") and node.args:
                values.append(node.args[0])
        elif isinstance(node, ast.Dict):
            values += [
                v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value in PROSE_KEYS
            ]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in PROSE_KEYS for t in node.targets
        ):
            values.append(node.value)
    starts = _offsets(text)
    out: list[tuple[int, int]] = []
    for value in values:
        if value.end_lineno is None or value.end_col_offset is None:
            continue
        out.append(
            (
                _at(text, starts, value.lineno, value.col_offset),
                _at(text, starts, value.end_lineno, value.end_col_offset),
            )
        )
    return out
