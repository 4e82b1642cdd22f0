"""Schema helpers a JS/TS migration's ``up`` is handed in its context object.

Trial s39 (n8n): the runner calls ``up({ queryRunner, tablePrefix,
schemaBuilder })``, and a migration takes the project's schema DSL from it,
``async up({ schemaBuilder: { createTable, column } }) { await
createTable('BadThing').withColumns(column('Id')...) }``, or
``addColumns('workflow_entity', [column('BadColumn')])``. No reader knows
such a helper (it is the project's own), the file holds no DDL string, and a
new migration made of those calls passed the gate in silence. Each call of a
function bound from ``up``'s destructured first parameter whose name says it
makes, adds, renames or changes a schema object (``create*``, ``add*``,
``rename*``, ``alter*``, ``change*``) is an unread call
(:class:`~dbnamelint.laravel_schema.Unread` with its why): ``check`` warns
(``DBN013``), the gate refuses it in a new migration unless a ``dbnamelint:
ignore[DBN013] <reason>`` comment accepts it. The runner handles the readers
know (``queryRunner``, ``context``) are read where they are called; a
function the file defines itself is read where it is defined.
"""

from __future__ import annotations

import re

from dbnamelint.kysely_schema import _UP, _args, _Tok, _tokens, down_spans
from dbnamelint.laravel_schema import Unread

__all__ = ["context_calls"]

#: A helper's name that says it makes or changes a schema object.
_SCHEMA_VERB = re.compile(r"(?:create|add|rename|alter|change)(?:[A-Z_$][\w$]*)?")
#: Bindings read where they are called (the runner itself, umzug's context).
_HANDLES = frozenset({"queryRunner", "context"})


def context_calls(path: str, text: str) -> list[Unread]:
    """Each call in a JS/TS migration's forward code (not ``down()``) of a
    schema helper ``up`` takes from its context object (see the module
    docstring): where the call starts, its name, and why."""
    if _UP.search(text) is None:
        return []
    toks = _tokens(text)
    bound = _context_bindings(toks)
    helpers = {name for name in bound if _SCHEMA_VERB.fullmatch(name) and name not in _HANDLES}
    if not helpers:
        return []
    down = down_spans(path, text)
    out: list[Unread] = []
    for k, tok in enumerate(toks):
        if tok.kind != "w" or tok.text not in helpers or k + 1 >= len(toks):
            continue
        if toks[k + 1].text != "(" or (k and toks[k - 1].text in (".", "?.", "function")):
            continue
        if any(a <= tok.start < b for a, b in down):
            continue
        _, after = _args(toks, k + 1)
        if after < len(toks) and toks[after].text in ("{", "=>"):
            continue  # a definition's parameters, not a call
        out.append(
            Unread(
                tok.start,
                tok.text,
                f"{tok.text}() is a schema helper the migration runner hands `up` in its "
                "context object (the project's own DSL, not a tool dbnamelint reads): the DDL "
                "it runs is not read, so a name it makes is neither checked nor in the model. "
                "Write that DDL as a SQL string the runner runs, or check its names by hand",
                _chain_end(toks, after),
            )
        )
    return out


def _chain_end(toks: list[_Tok], at: int) -> int:
    """The offset where the call chain going on at ``toks[at]`` ends:
    ``createTable(t).withColumns(column('a'), ...).withTimestamps.withIndexOn('a')``."""
    end = toks[at - 1].end
    n = len(toks)
    while at + 1 < n and toks[at].text in (".", "?.") and toks[at + 1].kind == "w":
        at += 2
        if at < n and toks[at].text == "(":
            _, at = _args(toks, at)
        end = toks[at - 1].end
    return end


def _context_bindings(toks: list[_Tok]) -> set[str]:
    """The names bound by destructuring the first parameter of each ``up``
    (``up({ queryRunner, schemaBuilder: { createTable, column } }: Ctx)``:
    queryRunner, createTable, column; a key renamed, ``{ a: b }``, binds b)."""
    out: set[str] = set()
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.text != "up" or tok.kind != "w" or (i and toks[i - 1].text in (".", "?.")):
            continue
        k = i + 1
        while k < n and toks[k].text in (":", "=", "async", "function"):
            k += 1
        if k >= n or toks[k].text != "(":
            continue
        args, after = _args(toks, k)
        if not args or after >= n or toks[after].text not in ("{", "=>", ":"):
            continue
        param = args[0]
        if param[0].text != "{":
            continue
        depth = 0
        for m, t in enumerate(param):
            if t.kind == "p" and t.text in "{[":
                depth += 1
            elif t.kind == "p" and t.text in "}]":
                depth -= 1
                if depth == 0:
                    break  # the pattern ends; a type annotation may follow
            elif (
                t.kind == "w"
                and m + 1 < len(param)
                and param[m - 1].text in ("{", ",", ":", "[")
                and param[m + 1].text in (",", "}", "=", "]")
            ):
                out.add(t.text)
    return out
