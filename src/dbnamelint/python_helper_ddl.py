"""A call of a Python helper whose DDL its parameters complete, read bound.

Trial s40 authelia H4c: a committed ``def rename_table(cur, old, new):
cur.execute(f"ALTER TABLE {old} RENAME TO {new}")`` was one ``DBN013`` note
where it stands (its names unknown), so a change adding ``rename_table(cur,
"users", "BadUsers")`` added no DDL string and passed the gate. Here each
call of a module-level function of the file, or of one the file imports by
name from a module of the project (``from app.db import rename_table``:
``app/db.py`` or ``app/db/__init__.py`` from the repository root), whose
body's DDL its parameters complete, is read as the statements the body makes
with each parameter bound to the call's argument (a string literal,
positional or by keyword): the body is read as a module whose constants are
the bound parameters (:mod:`dbnamelint.python_constants` computes its
f-strings, ``+`` and ``%``). Laid at the call, they are judged there; an
argument that is no literal leaves the statement built at run time (the
``DBN013`` note at the call, the gate's refusal when new). One level: a
helper calling a helper is not followed. Python's ``ast`` only; a file it
cannot parse has no helper calls.
"""

from __future__ import annotations

import ast
import json
import textwrap
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from dbnamelint.code_ddl_text import DdlString, ddl_strings, laid_string, makes_ddl
from dbnamelint.core.lazyre import lazy_compile

__all__ = ["python_helper_calls"]

#: A word of DDL: a body without one completes none.
_DDL_WORD = lazy_compile(r"(?i)\b(?:CREATE|ALTER|DROP|RENAME)\b")


class _Helper:
    """A module-level function whose DDL its parameters complete."""

    def __init__(self, params: tuple[str, ...], body: str) -> None:
        self.params = params
        self.body = body


def _parsed(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _statements(body: str, bound: dict[str, str]) -> list[DdlString]:
    """The DDL statements ``body`` makes with ``bound`` parameters as constants."""
    head = "".join(
        f"{name} = {json.dumps(value, ensure_ascii=False)}\n" for name, value in bound.items()
    )
    return [s for s in ddl_strings("helper.py", head + body) if makes_ddl(s.text)]


@lru_cache(maxsize=16)
def _helpers(text: str) -> dict[str, _Helper]:
    """The module-level functions of ``text`` whose DDL their parameters complete."""
    tree = _parsed(text)
    if tree is None:
        return {}
    lines = text.splitlines(keepends=True)
    out: dict[str, _Helper] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.body:
            continue
        params = tuple(a.arg for a in [*node.args.posonlyargs, *node.args.args])
        end = node.end_lineno or node.body[-1].lineno
        body = textwrap.dedent("".join(lines[node.body[0].lineno - 1 : end]))
        if not params or not _DDL_WORD.search(body):
            continue
        holed = sum(1 for s in _statements(body, {}) if s.holes)
        dummies = {p: f"p{i}" for i, p in enumerate(params)}
        if holed > sum(1 for s in _statements(body, dummies) if s.holes):
            out[node.name] = _Helper(params, body)
    return out


def _imported(tree: ast.Module, root: Path, read: Callable[[Path], str | None]) -> dict[str, str]:
    """Each name ``tree`` imports from a module of the project -> its module's text."""
    out: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        base = root.joinpath(*node.module.split("."))
        text = read(base.with_suffix(".py"))
        if text is None:
            text = read(base / "__init__.py")
        if text is None:
            continue
        for alias in node.names:
            out[alias.asname or alias.name] = text + "\0" + alias.name
    return out


def python_helper_calls(
    text: str, root: Path, read: Callable[[Path], str | None]
) -> list[DdlString]:
    """The statements each call in ``text`` of a helper of the file, or of
    one imported by name from a module of the project under ``root``
    (``read``: a file's text, None when absent), makes, laid at the call."""
    tree = _parsed(text)
    if tree is None or "(" not in text:
        return []
    own = _helpers(text)
    found: dict[str, _Helper] = dict(own)
    for local, held in _imported(tree, root, read).items():
        module, _, name = held.rpartition("\0")
        helper = _helpers(module).get(name)
        if helper is not None:
            found.setdefault(local, helper)
    if not found:
        return []
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    out: list[DdlString] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in found
            and node.end_lineno is not None
            and node.end_col_offset is not None
        ):
            continue
        helper = found[node.func.id]
        given: dict[str, ast.expr] = dict(zip(helper.params, node.args, strict=False))
        given.update({k.arg: k.value for k in node.keywords if k.arg in helper.params})
        bound = {
            p: e.value
            for p, e in given.items()
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        }
        statements = _statements(helper.body, bound)
        if not statements:
            continue
        start = starts[node.lineno - 1] + node.col_offset
        end = starts[node.end_lineno - 1] + node.end_col_offset
        known = [s.text for s in statements if not s.holes]
        unknown = [s.text for s in statements if s.holes]
        if known:
            out.append(laid_string(text, start, "; ".join(known), end, known=True))
        if unknown:
            out.append(laid_string(text, start, "; ".join(unknown), end, known=False))
    return out
