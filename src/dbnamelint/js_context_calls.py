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
#: Names the tools' readers read calls on (the runner, umzug's context, Knex's
#: and Kysely's ``schema``, Sequelize's ``sequelize``): never a helper here.
_READ = frozenset({"queryRunner", "context", "schema", "sequelize"})
_DECLARE = frozenset({"const", "let", "var"})


def context_calls(path: str, text: str) -> list[Unread]:
    """Each call in a JS/TS migration's forward code (not ``down()``) of a
    schema helper ``up`` takes from its context object (see the module
    docstring): where the call starts, what it calls, and why. A helper is
    reached by a name bound from ``up``'s first parameter (destructured in
    the signature or in the body: ``const { schemaBuilder } = context``), as
    a function or as a method (``schemaBuilder.createTable(``), or through
    a property of the parameter (``context.schemaBuilder.createTable(``,
    ``context.queryRunner.addColumn(``: no reader reads a runner reached so)."""
    if _UP.search(text) is None:
        return []
    toks = _tokens(text)
    params, bound = _context_names(toks)
    if not params and not bound:
        return []
    down = down_spans(path, text)
    out: list[Unread] = []
    n = len(toks)
    for k, tok in enumerate(toks):
        if tok.kind != "w" or k + 1 >= n or toks[k + 1].text != "(":
            continue
        if not _SCHEMA_VERB.fullmatch(tok.text) or (k and toks[k - 1].text == "function"):
            continue
        first = k  # the chain's head: context.schemaBuilder.createTable
        while first >= 2 and toks[first - 1].text in (".", "?.") and toks[first - 2].kind == "w":
            first -= 2
        if first and toks[first - 1].text in (".", "?."):
            continue  # a property of something else: this.x, f().x
        words = [t.text for t in toks[first : k + 1 : 2]]
        if not _helper(words, params, bound):
            continue
        if any(a <= tok.start < b for a, b in down):
            continue
        _, after = _args(toks, k + 1)
        if after < n and toks[after].text in ("{", "=>"):
            continue  # a definition's parameters, not a call
        callee = ".".join(words)
        out.append(
            Unread(
                toks[first].start,
                callee,
                f"{callee}() is a schema helper the migration runner hands `up` in its "
                "context object (the project's own DSL, not a tool dbnamelint reads): the DDL "
                "it runs is not read, so a name it makes is neither checked nor in the model. "
                "Write that DDL as a SQL string the runner runs, or check its names by hand",
                _chain_end(toks, after),
            )
        )
    return out


def _helper(words: list[str], params: set[str], bound: set[str]) -> bool:
    """Whether the call ``words`` (``a.b.createTable``) reaches a schema
    helper from ``up``'s context (see :func:`context_calls`)."""
    head, via = words[0], words[1:-1]
    if any(w in _READ for w in (head, *via)) and not (head in params and via):
        return False  # a reader's own handle (queryRunner.x, knex.schema.x)
    if head in bound:
        return True
    # the parameter itself: its own calls are the readers' (Sequelize's qi.addColumn)
    return head in params and bool(via) and not any(w in _READ - {"queryRunner"} for w in via)


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


def _context_names(toks: list[_Tok]) -> tuple[set[str], set[str]]:
    """(``up``'s first parameter when it is a name; the names bound by
    destructuring it, in the signature, ``up({ queryRunner, schemaBuilder: {
    createTable } }: Ctx)``, or in the body from it or from a name so bound,
    ``const { createTable } = context.schemaBuilder``; a key renamed, ``{ a:
    b }``, binds b)."""
    params: set[str] = set()
    bound: set[str] = set()
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
        if param[0].kind == "w":
            params.add(param[0].text)
        elif param[0].text == "{":
            bound |= _pattern_names(param)
    for _ in range(2):  # a name bound from one bound before it
        for i, tok in enumerate(toks[:-1]):
            if tok.text not in _DECLARE or toks[i + 1].text != "{":
                continue
            _, after = _args(toks, i + 1)
            if (
                after + 1 < n
                and toks[after].text == "="
                and toks[after + 1].text in (params | bound)
            ):
                bound |= _pattern_names(toks[i + 1 : after])
    return params, bound


def _pattern_names(pattern: list[_Tok]) -> set[str]:
    """The names a destructuring ``pattern`` (from its ``{``) binds, but one
    a reader's handle is renamed to (umzug's ``{ context: qi }``: Sequelize's)."""
    out: set[str] = set()
    depth = 0
    for m, t in enumerate(pattern):
        if t.kind == "p" and t.text in "{[":
            depth += 1
        elif t.kind == "p" and t.text in "}]":
            depth -= 1
            if depth == 0:
                break  # the pattern ends; a type annotation may follow
        elif (
            t.kind == "w"
            and m + 1 < len(pattern)
            and pattern[m - 1].text in ("{", ",", ":", "[")
            and pattern[m + 1].text in (",", "}", "=", "]")
            and not (pattern[m - 1].text == ":" and pattern[m - 2].text in _READ)
        ):
            out.add(t.text)
    return out
