"""A JS/TS migration that hands its database handle (Sequelize's
``queryInterface``, Knex's ``knex``, Kysely's ``db``, TypeORM's
``queryRunner``, db-migrate's ``db``, node-pg-migrate's ``pgm``) to a
function this file does not define: the DDL that function runs is not read.

Trial s35 (outline): ``const { addAuditColumns } = require("@acme/sequelize-audit");
await addAuditColumns(queryInterface, Sequelize, "documents")`` and a project
helper ``addColumnIfMissing(queryInterface, "documents", "BadViaHelper", ...)``
passed the gate in silence, and the model missed the column the real run
made. Each such call is an unread call (:class:`~dbnamelint.laravel_schema.Unread`
with its why): ``check`` warns (``DBN013``), the gate refuses it in a new
migration unless a ``dbnamelint: ignore[DBN013] <reason>`` comment accepts it.
A function the file defines itself is read where it is defined (its calls
on the handle are the file's).

So is a migration a function defined elsewhere BUILDS (trial s39 ghost,
knex-migrator): ``module.exports = addTable('BadTable', {...})``,
``export default createRenameColumnMigration('posts', 'title', 'PostTitle')``
(a "migration factory" of the project's utils): the file has no ``up`` of
its own, the factory's does the DDL, unread (:func:`built_elsewhere`)."""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.kysely_schema import _UP, _args, _Tok, _tokens, down_spans
from dbnamelint.laravel_schema import Unread

__all__ = ["built_elsewhere", "handed_off"]

#: Words before ``(`` that are no call of a function defined elsewhere.
_KEYWORDS = frozenset(
    [
        "function",
        "if",
        "for",
        "while",
        "switch",
        "catch",
        "return",
        "await",
        "typeof",
        "new",
        "super",
        "async",
        "up",
        "down",
    ]
)
#: Kysely's methods running a built query or statement on the handle given.
_RUNS = frozenset({"execute", "executeTakeFirst", "executeTakeFirstOrThrow", "compile", "stream"})
#: Globals that take any value and run no DDL with it.
_GLOBALS = frozenset(
    [
        "console",
        "JSON",
        "Promise",
        "Object",
        "Array",
        "String",
        "Number",
        "Boolean",
        "Math",
        "Date",
        "Reflect",
        "Symbol",
        "setTimeout",
        "setImmediate",
        "require",
        "this",
        "module",
        "exports",
    ]
)


#: A string literal's text (after its quote) that starts a SQL statement.
_SQL = lazy_compile(r"\s*(?:create|alter|drop|rename|comment|grant)\b", re.IGNORECASE)

#: A handle's properties that name its database (Knex's ``client.dialect``,
#: ``client.driverName``; under ``config``: the options it was made with).
_NAME_WORDS = frozenset({"dialect", "driverName"})


def handed_off(path: str, text: str) -> list[Unread]:
    """Each call of a JS/TS migration's forward code (not ``down()``) that
    passes its handle (``up``'s first parameter: :func:`dbnamelint.knexseq_schema._seq_receivers`),
    or a property of it (``queryInterface.sequelize``), to a function the
    file does not define: where the callee starts, its name, and why."""
    toks: list[_Tok] | None = None
    out: list[Unread] = []
    # the handles of the functions an exported factory call is given
    # (createNonTransactionalMigration(async (connection) => {...}): s39 ghost)
    given: set[str] = set()
    if "export" in text:  # module.exports / export default
        toks = _tokens(text)
        out += _exported(toks, _defined(toks), given)
    if _UP.search(text) is None and not given:
        return out
    from dbnamelint.knexseq_schema import _seq_receivers

    toks = _tokens(text) if toks is None else toks
    handles = _seq_receivers(toks) | given
    if not handles:
        return out
    local = _defined(toks)
    down = down_spans(path, text, up=bool(given))
    for k, tok in enumerate(toks):
        if tok.text != "(" or tok.kind != "p" or k == 0 or toks[k - 1].kind != "w":
            continue
        first = k - 1
        while first >= 2 and toks[first - 1].text in (".", "?.") and toks[first - 2].kind == "w":
            first -= 2
        head = toks[first].text
        if (
            head in handles
            or head in _GLOBALS
            or head in _KEYWORDS
            or (first == k - 1 and head in local)
            or (first and toks[first - 1].text == "function")
            # Kysely's sql`...`.execute(db): the template's SQL is read where written
            or (first >= 2 and toks[first - 1].text in (".", "?.") and toks[first - 2].kind == "s")
            or (toks[first].text in _RUNS and first >= 1 and toks[first - 1].text in (".", "?."))
            or any(a <= tok.start < b for a, b in down)
        ):
            continue
        args, after = _args(toks, k)
        if after < len(toks) and toks[after].text in ("{", "=>"):
            continue  # a definition's parameters, not a call
        handle = next((h for arg in args if (h := _handle(arg, handles)) is not None), None)
        if handle is None:
            continue
        callee = "".join(t.text for t in toks[first:k])
        out.append(
            Unread(
                toks[first].start,
                callee,
                f"it hands `{handle}` to {callee}(), which this file does not define (an "
                "imported package's or a project helper's): the DDL it runs there is not "
                "read, so a name it makes is neither checked nor in the model. Write that "
                "DDL in the migration itself, or check its names by hand",
            )
        )
    return out


def built_elsewhere(toks: list[_Tok], local: set[str]) -> list[Unread]:
    """Each call of a function the file does not define (``local``) that
    builds the migration the file exports (``module.exports = f(...)``,
    ``export default f(...)``, ``export = f(...)``; ``f`` given other such calls, as
    ``combine(addTable(...), addColumn(...))``: each of those): where the
    callee starts, its name, and why. A call given a function literal
    (``createTransactionalMigration(async function up(knex) {...})``) runs
    the file's own code, read there, and is none."""
    return _exported(toks, local, set())


def _exported(toks: list[_Tok], local: set[str], given: set[str]) -> list[Unread]:
    """:func:`built_elsewhere`, adding to ``given`` the first parameter of
    each function the exported call is given (its handle)."""
    out: list[Unread] = []
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.kind != "w":
            continue
        if (
            tok.text == "module"
            and i + 3 < n
            and toks[i + 1].text == "."
            and toks[i + 2].text == "exports"
            and toks[i + 3].text == "="
        ):
            at = i + 4
        elif tok.text == "export" and i + 1 < n and toks[i + 1].text in ("default", "="):
            at = i + 2  # export default f(...); TypeScript's export = f(...)
        else:
            continue
        _factories(toks, at, local, out, given)
    return out


def _factories(
    toks: list[_Tok], first: int, local: set[str], out: list[Unread], given: set[str]
) -> None:
    """:func:`_exported` for the expression starting at ``toks[first]``
    when it is a call ``a.b(...)``: nothing when it is no such call."""
    k = first
    if k < len(toks) and toks[k].text == "await":
        k += 1
        first = k
    if k >= len(toks) or toks[k].kind != "w":
        return
    while k + 2 < len(toks) and toks[k + 1].text in (".", "?.") and toks[k + 2].kind == "w":
        k += 2
    k += 1
    if k >= len(toks) or toks[k].text != "(":
        return
    head = toks[first].text
    if (first == k - 1 and head in local) or head in _GLOBALS or head in _KEYWORDS:
        return
    args, _ = _args(toks, k)
    if any(_has_function(arg) for arg in args):
        given.update(p for arg in args if (p := _first_param(arg)) is not None)
        return  # the file's own up/down, read there
    if any(t.kind == "s" and _SQL.match(t.text, 1) for arg in args for t in arg):
        return  # its SQL given as a string: read there (ddl_strings)
    calls = [arg for arg in args if arg[-1].text == ")" and arg[0].kind == "w"]
    if calls:
        for arg in calls:
            _factories(toks, toks.index(arg[0], first), local, out, given)
        return
    callee = "".join(t.text for t in toks[first:k])
    out.append(
        Unread(
            toks[first].start,
            callee,
            f"the migration is built by {callee}(), which this file does not define (an "
            "imported package's or a project helper's): the DDL it runs is not read, so a "
            "name it makes is neither checked nor in the model. Write that DDL in the "
            "migration itself (an up() with builder calls or raw SQL), or check its names "
            "by hand",
        )
    )


def _has_function(arg: list[_Tok]) -> bool:
    """Whether argument ``arg`` holds a function the file writes: a
    ``function``, an arrow, or a method (``{ async up(knex) {...} }``,
    ``up(db): Promise<void> {``)."""
    for m, t in enumerate(arg):
        if t.text in ("function", "=>"):
            return True
        if t.kind == "w" and m + 1 < len(arg) and arg[m + 1].text == "(":
            _, after = _args(arg, m + 1)
            if after < len(arg) and arg[after].text in ("{", ":"):
                return True
    return False


def _first_param(arg: list[_Tok]) -> str | None:
    """The first parameter of function literal ``arg`` (``async (knex) =>``,
    ``knex =>``, ``async function up(knex) {``), else None."""
    i = 1 if arg[0].text == "async" else 0
    if i < len(arg) and arg[i].text == "function":
        i += 2 if i + 1 < len(arg) and arg[i + 1].kind == "w" else 1
    if i + 1 < len(arg) and arg[i].kind == "w" and arg[i + 1].text == "=>":
        return arg[i].text
    if (
        i + 2 < len(arg)
        and arg[i].text == "("
        and arg[i + 1].kind == "w"
        and arg[i + 2].text in (",", ")", ":", "=")
    ):
        return arg[i + 1].text
    return None


def _handle(arg: list[_Tok], handles: set[str]) -> str | None:
    """The argument's text when it is a handle or a property of one
    (``queryInterface``, ``queryInterface.sequelize``), or the handle an
    object literal argument holds as a value (sequelize-replace-enum-postgres's
    ``replaceEnum({ queryInterface, tableName, ... })``), else None."""
    if arg and arg[0].text == "{":
        for m in range(1, len(arg) - 1):
            tok = arg[m]
            if (
                tok.kind == "w"
                and tok.text in handles
                and arg[m - 1].text in ("{", ",", ":")
                and arg[m + 1].text in (",", "}")
            ):
                return tok.text
        return None
    if not arg or arg[0].kind != "w" or arg[0].text not in handles:
        return None
    rest = arg[1:]
    if len(rest) % 2 or any(
        (t.text not in (".", "?.")) if i % 2 == 0 else t.kind != "w" for i, t in enumerate(rest)
    ):
        return None
    words = [t.text for t in rest[1::2]]
    if "config" in words or (words and words[-1] in _NAME_WORDS):
        # knex.client.config.client, knex.client.dialect: the database's name,
        # a string that runs nothing (a branch on it, trial s38 directus)
        return None
    return "".join(t.text for t in arg)


def _defined(toks: list[_Tok]) -> set[str]:
    """The functions the file defines: ``function name(``, ``const name =
    async (...) =>`` / ``function``, a method ``name(...) {``."""
    out: set[str] = set()
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.kind != "w":
            continue
        if i and toks[i - 1].text == "function":
            out.add(tok.text)
        elif (
            i + 1 < n
            and toks[i + 1].text == "="
            and i
            and toks[i - 1].text in ("const", "let", "var")
        ):
            j = i + 2
            if j < n and toks[j].text == "async":
                j += 1
            if j < n and (
                toks[j].text in ("function", "(")
                or (toks[j].kind == "w" and j + 1 < n and toks[j + 1].text == "=>")
            ):
                out.add(tok.text)
        elif i + 1 < n and toks[i + 1].text == "(":
            _, after = _args(toks, i + 1)
            if after < n and toks[after].text in ("{", ":"):
                out.add(tok.text)  # a method (a TS return type after ``:``)
    return out
