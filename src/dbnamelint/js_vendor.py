"""Which database a branch of a JavaScript/TypeScript migration runs on.

A Knex migration of an app that runs on several databases branches on the
client (directus' ``20201105B-change-webhook-url-type.ts``: ``if
(knex.client instanceof Client_Oracledb) { await oracleAlterUrl(knex,
'CLOB'); return; }``, the helper running ``ALTER TABLE ... MODIFY "url" NOT
NULL``, which PostgreSQL refuses). Read as one text, every branch was the
folder's: the Oracle helper's SQL was a ``DBN004`` error in a PostgreSQL
folder and its ``url__temp`` rename in the model (trial s38 directus).
:func:`js_vendor_guards` gives the spans of such branches with the databases
they run on, as :func:`dbnamelint.django_vendor.vendor_guards` does for
Python, so that the model reads a branch only as its database and the gate
reads it in that database's dialect.

A test of the client is (Knex 3.1 ``lib/client.js``: ``client.config.client``
is the name given to ``knex({client})``, ``client.dialect`` and
``client.driverName`` the dialect's own words; directus' helpers
``getDatabaseClient(knex)`` and ``helpers.schema.isOneOfClients([...])``):

- ``<x>.client instanceof Client_X`` (a class of ``knex/lib/dialects/*``);
- ``<e> === 'pg'`` (``==``, ``!==``, ``!=``), ``['mysql', 'mysql2'].includes(<e>)``
  where ``<e>`` reads ``.client``, ``.dialect`` or ``.driverName``, calls
  ``get...Client(...)``/``get...Dialect(...)``, or is a constant holding one;
- ``<h>.isOneOfClients(['mysql'])``;
- a constant holding such a test (``const isMysql = helper.isOneOfClients(['mysql'])``),
  ``!``, ``&&`` and ``||`` of them.

The ``else`` of a test runs on the other databases, and so does the rest of a
block after ``if (<test>) { ...; return; }``. A function of the file called
only inside branches runs only where they do (the Oracle helper above).
A database word not known here keeps the branch read everywhere, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.django_vendor import Guard, other_databases
from dbnamelint.kysely_schema import _Tok, _tokens

__all__ = ["js_vendor_guards", "other_databases"]

#: Knex's client names (``knex({client: ...})``, ``client.dialect``,
#: ``client.driverName``), directus' ``getDatabaseClient`` words and the
#: database family each is (CockroachDB and Redshift kept apart from
#: PostgreSQL: a branch for them does not run on PostgreSQL).
CLIENTS = {
    "pg": "postgres",
    "pgnative": "postgres",
    "postgres": "postgres",
    "postgresql": "postgres",
    "cockroachdb": "cockroachdb",
    "redshift": "redshift",
    "mysql": "mysql",
    "mysql2": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "better-sqlite3": "sqlite",
    "oracle": "oracle",
    "oracledb": "oracle",
    "mssql": "tsql",
}
#: Knex's dialect classes (``lib/dialects/*/index.js``) and their family.
CLASSES = {
    "client_pg": "postgres",
    "client_pgnative": "postgres",
    "client_cockroachdb": "cockroachdb",
    "client_redshift": "redshift",
    "client_mysql": "mysql",
    "client_mysql2": "mysql",
    "client_sqlite3": "sqlite",
    "client_bettersqlite3": "sqlite",
    "client_oracle": "oracle",
    "client_oracledb": "oracle",
    "client_mssql": "tsql",
}
_CLIENT_WORDS = frozenset({"client", "dialect", "driverName"})
_HINTS = ("client", "dialect", "driverName", "Client_", "isOneOfClients")

_Test = tuple[frozenset[str] | None, frozenset[str]]


def js_vendor_guards(text: str) -> list[Guard]:
    """The spans of JS/TS ``text`` that run on some databases only (see the
    module docstring); empty when it tests no client."""
    if not any(hint in text for hint in _HINTS):
        return []
    toks = _tokens(text)
    closing = _closings(toks)
    scope = _Scope(text, toks)
    opener: list[int] | None = None
    out: list[Guard] = []
    for i, tok in enumerate(toks):
        if tok.kind != "w" or tok.text != "if" or not _is(toks, i + 1, "("):
            continue
        end = closing.get(i + 1)
        if end is None:
            continue
        test = scope.test(toks[i + 2 : end])
        if test is None:
            continue
        only, never = test
        opposite: _Test = (None, only) if only is not None else (never, frozenset())
        body_end = _statement_end(toks, end + 1, closing)
        if body_end is None:
            continue
        out.append(_guard(toks, end + 1, body_end, test))
        if _is(toks, body_end + 1, "else"):
            else_end = _statement_end(toks, body_end + 2, closing)
            if else_end is not None:
                out.append(_guard(toks, body_end + 2, else_end, opposite))
        elif _leaves(toks, end + 1, body_end, closing):
            # if (!isPostgres) { return; }  -> the rest of the block runs on PostgreSQL
            if opener is None:
                opener = _openers(toks, closing)
            rest = _block_end(opener, i, closing)
            if rest is not None and rest > body_end + 1:
                out.append(_guard(toks, body_end + 1, rest - 1, opposite))
    return out + _helper_guards(toks, closing, out) if out else out


def _guard(toks: list[_Tok], first: int, last: int, test: _Test) -> Guard:
    return Guard(toks[first].start, toks[last].end, test[0], test[1])


def _is(toks: Sequence[_Tok], at: int, text: str) -> bool:
    return at < len(toks) and toks[at].text == text and toks[at].kind in ("p", "w")


def _closings(toks: list[_Tok]) -> dict[int, int]:
    """Each opening bracket's index -> its closing one's."""
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[int] = []
    out: dict[int, int] = {}
    for i, tok in enumerate(toks):
        if tok.kind != "p":
            continue
        if tok.text in "([{":
            stack.append(i)
        elif tok.text in pairs:
            while stack and toks[stack[-1]].text != pairs[tok.text]:
                stack.pop()
            if stack:
                out[stack.pop()] = i
    return out


def _statement_end(toks: list[_Tok], at: int, closing: dict[int, int]) -> int | None:
    """The index of the last token of the statement starting at ``toks[at]``
    (a ``{...}`` block, an ``if`` with its ``else``, or up to its ``;``)."""
    if at >= len(toks):
        return None
    if _is(toks, at, "{"):
        return closing.get(at)
    if _is(toks, at, "if") and _is(toks, at + 1, "("):
        end = closing.get(at + 1)
        body = None if end is None else _statement_end(toks, end + 1, closing)
        if body is not None and _is(toks, body + 1, "else"):
            return _statement_end(toks, body + 2, closing)
        return body
    i = at
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "p" and tok.text in "([{" and i in closing:
            i = closing[i] + 1
            continue
        if tok.kind == "p" and tok.text == ";":
            return i
        if tok.kind == "p" and tok.text == "}":
            return i - 1
        i += 1
    return len(toks) - 1


def _leaves(toks: list[_Tok], first: int, last: int, closing: dict[int, int]) -> bool:
    """Whether the statement ``toks[first..last]`` always leaves its function:
    it is, or its block ends with, a ``return`` or ``throw``."""
    if _is(toks, first, "{"):
        i = first + 1
        final = None
        while i < last:
            end = _statement_end(toks, i, closing)
            if end is None or end < i:
                return False
            final, i = i, end + 1
        return final is not None and _leaves(toks, final, last - 1, closing)
    return toks[first].kind == "w" and toks[first].text in ("return", "throw")


def _block_end(opener: list[int], at: int, closing: dict[int, int]) -> int | None:
    """The index of the ``}`` closing the innermost block holding ``toks[at]``
    (``opener``: each token's innermost open bracket, :func:`_openers`)."""
    return closing.get(opener[at])


def _openers(toks: list[_Tok], closing: dict[int, int]) -> list[int]:
    """Each token's innermost enclosing ``{`` (its index; -1 outside any)."""
    out: list[int] = []
    stack: list[int] = []
    ends: dict[int, int] = {}
    for i, tok in enumerate(toks):
        while stack and ends.get(stack[-1], -1) < i:
            stack.pop()
        out.append(stack[-1] if stack else -1)
        if tok.kind == "p" and tok.text == "{" and i in closing:
            stack.append(i)
            ends[i] = closing[i]
    return out


class _Scope:
    """The file's constants that hold a client (``const client =
    getDatabaseClient(knex)``) or a test of one (``const isMysql = ...``)."""

    def __init__(self, text: str, toks: list[_Tok]) -> None:
        self.clients: set[str] = set()
        self.tests: dict[str, _Test] = {}
        for i, tok in enumerate(toks):
            if not (tok.kind == "w" and tok.text in ("const", "let", "var")):
                continue
            if not (i + 2 < len(toks) and toks[i + 1].kind == "w" and _is(toks, i + 2, "=")):
                continue
            if _is(toks, i + 3, "="):
                continue
            value = _until_end(text, toks, i + 3)
            name = toks[i + 1].text
            test = self.test(value)
            if test is not None:
                self.tests[name] = test
            elif self._client(value):
                self.clients.add(name)

    def _client(self, toks: Sequence[_Tok]) -> bool:
        """Whether ``toks`` read the client's name (see the module docstring)."""
        for i, tok in enumerate(toks):
            if tok.kind != "w":
                continue
            if tok.text in _CLIENT_WORDS and i > 0 and toks[i - 1].text in (".", "?."):
                return True
            low = tok.text.lower()
            if (
                low.startswith("get")
                and low.endswith(("client", "dialect"))
                and _is(toks, i + 1, "(")
            ):
                return True
            if tok.text in self.clients and len(toks) == 1:
                return True
        return False

    def test(self, toks: Sequence[_Tok]) -> _Test | None:
        """(the only databases, the databases never) the condition ``toks``
        keeps, or None when it tests no client."""
        toks = _unwrapped(list(toks))
        if not toks:
            return None
        for op in ("||", "&&"):
            parts = _split(toks, op)
            if len(parts) > 1:
                found = [self.test(p) for p in parts]
                if op == "&&":
                    # the first part naming databases narrows the branch to them
                    return next((f for f in found if f is not None and f[0] is not None), None)
                if all(f is not None and f[0] is not None for f in found):
                    return frozenset().union(*(f[0] for f in found if f and f[0])), frozenset()
                return None
        if _is(toks, 0, "!") and not _is(toks, 1, "="):
            inner = self.test(toks[1:])
            if inner is None or inner[0] is None:
                return None
            return None, inner[0]
        if len(toks) == 1 and toks[0].text in self.tests:
            return self.tests[toks[0].text]
        return self._comparison(toks)

    def _comparison(self, toks: list[_Tok]) -> _Test | None:
        texts = [t.text for t in toks]
        if "instanceof" in texts:
            at = texts.index("instanceof")
            if at + 2 == len(toks) and self._client(toks[:at]):
                family = CLASSES.get(toks[at + 1].text.lower())
                return None if family is None else (frozenset({family}), frozenset())
            return None
        if texts[-3:-1] == ["isOneOfClients", "("] or "isOneOfClients" in texts:
            at = texts.index("isOneOfClients")
            if _is(toks, at + 1, "("):
                families = _families(toks[at + 2 :])
                return None if families is None else (families, frozenset())
            return None
        if "includes" in texts:
            at = texts.index("includes")
            called = at >= 1 and texts[at - 1] == "." and _is(toks, at + 1, "(")
            if called and (
                self._client(toks[at + 2 : -1])
                or (at + 3 < len(toks) and toks[at + 2].text in self.clients)
            ):
                families = _families(toks[:at])
                return None if families is None else (families, frozenset())
            return None
        for i in range(1, len(toks) - 1):
            if toks[i].text != "=" or toks[i + 1].text != "=":
                continue
            negated = toks[i - 1].text == "!"
            left = toks[: i - 1] if negated else toks[:i]
            right_at = i + 3 if _is(toks, i + 2, "=") else i + 2
            right = toks[right_at:]
            if left and left[-1].text in "=<>":
                return None
            literal, other = (right, left) if len(right) == 1 else (left, right)
            if len(literal) != 1 or literal[0].kind != "s":
                return None
            if not (self._client(other) or (len(other) == 1 and other[0].text in self.clients)):
                return None
            family = CLIENTS.get(literal[0].text[1:-1].lower())
            if family is None:
                return None
            kept = frozenset({family})
            return (None, kept) if negated else (kept, frozenset())
        return None


def _families(toks: Sequence[_Tok]) -> frozenset[str] | None:
    """The families of the string literals of ``['mysql', 'mysql2']`` (up to
    its ``]``); None when one is not a client's name or none is written."""
    out: set[str] = set()
    for tok in toks:
        if tok.kind == "s":
            family = CLIENTS.get(tok.text[1:-1].lower())
            if family is None:
                return None
            out.add(family)
        elif tok.text == "]":
            break
    return frozenset(out) if out else None


def _unwrapped(toks: list[_Tok]) -> list[_Tok]:
    """``toks`` without parentheses around the whole, and an ``await``."""
    while toks and toks[0].text == "await":
        toks = toks[1:]
    while len(toks) >= 2 and toks[0].text == "(" and _closings(toks).get(0) == len(toks) - 1:
        toks = toks[1:-1]
    return toks


def _split(toks: list[_Tok], op: str) -> list[list[_Tok]]:
    """``toks`` split at ``&&``/``||`` outside brackets."""
    parts: list[list[_Tok]] = [[]]
    depth = 0
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "p" and tok.text in "([{":
            depth += 1
        elif tok.kind == "p" and tok.text in ")]}":
            depth -= 1
        if (
            depth == 0
            and tok.text == op[0]
            and i + 1 < len(toks)
            and toks[i + 1].text == op[1]
            and toks[i + 1].start == tok.end
        ):
            parts.append([])
            i += 2
            continue
        parts[-1].append(tok)
        i += 1
    return parts if all(parts) else [toks]


def _until_end(text: str, toks: list[_Tok], at: int) -> list[_Tok]:
    """The tokens of an initialiser from ``toks[at]`` to its ``;`` or line end."""
    out: list[_Tok] = []
    depth = 0
    for tok in toks[at:]:
        if depth == 0 and tok.text in (";", ",", ")", "}"):
            break
        if out and depth == 0 and "\n" in text[out[-1].end : tok.start]:
            break
        if tok.kind == "p" and tok.text in "([{":
            depth += 1
        elif tok.kind == "p" and tok.text in ")]}":
            depth -= 1
        out.append(tok)
    return out


def _helper_guards(toks: list[_Tok], closing: dict[int, int], guards: list[Guard]) -> list[Guard]:
    """Guards for the bodies of the file's functions called only inside ``guards``."""
    functions = _functions(toks, closing)
    uses: dict[str, list[int]] = {}
    for i, tok in enumerate(toks):
        if tok.kind == "w" and tok.text in functions:
            uses.setdefault(tok.text, []).append(i)
    found: list[Guard] = []
    done: set[str] = set()
    for _ in range(3):  # a helper called from a helper, a few levels
        added = False
        every = guards + found
        for name, (first, last) in functions.items():
            if name in done:
                continue
            sites = [
                i
                for i in uses.get(name, ())
                if not first <= i <= last
                and not (i > 0 and toks[i - 1].text in ("function", ".", "const", "let", "var"))
            ]
            if not sites or any(not _is(toks, i + 1, "(") for i in sites):
                continue  # never called, or passed around as a value
            tests = [_site_test(every, toks[i].start) for i in sites]
            if any(t is None for t in tests):
                continue
            onlys = [t[0] for t in tests if t is not None]
            nevers = [t[1] for t in tests if t is not None]
            if all(o is not None for o in onlys):
                test: _Test = (frozenset().union(*(o for o in onlys if o)), frozenset())
            elif all(o is None for o in onlys):
                test = (None, frozenset.intersection(*nevers))
            else:
                continue
            found.append(_guard(toks, first, last, test))
            done.add(name)
            added = True
        if not added:
            break
    return found


def _site_test(guards: Sequence[Guard], at: int) -> _Test | None:
    """Where the code at offset ``at`` runs, or None when no guard holds it."""
    holding = [g for g in guards if g.start <= at < g.end]
    if not holding:
        return None
    only: frozenset[str] | None = None
    for g in holding:
        if g.only is not None:
            only = g.only if only is None else only & g.only
    never = frozenset().union(*(g.never for g in holding))
    if only is not None:
        return only - never, frozenset()
    return (None, never) if never else None


def _functions(toks: list[_Tok], closing: dict[int, int]) -> dict[str, tuple[int, int]]:
    """The file's named functions: name -> (index of the body's ``{``, of its ``}``)."""
    out: dict[str, tuple[int, int]] = {}
    for i, tok in enumerate(toks):
        name: str | None = None
        at = -1
        declared = tok.text == "function" and tok.kind == "w" and i + 2 < len(toks)
        if declared and toks[i + 1].kind == "w" and _is(toks, i + 2, "("):
            name, at = toks[i + 1].text, i + 2
        elif (
            tok.text in ("const", "let")
            and tok.kind == "w"
            and i + 3 < len(toks)
            and toks[i + 1].kind == "w"
            and _is(toks, i + 2, "=")
        ):
            j = i + 3
            if _is(toks, j, "async"):
                j += 1
            if _is(toks, j, "function"):
                j += 1
            if _is(toks, j, "("):
                name, at = toks[i + 1].text, j
        if name is None or at not in closing:
            continue
        j = closing[at] + 1
        # a return type (`: Promise<void>`) or an arrow before the body
        while j < len(toks) and not _is(toks, j, "{") and toks[j].text != ";":
            j = closing[j] + 1 if _is(toks, j, "(") and j in closing else j + 1
        if j < len(toks) and _is(toks, j, "{") and j in closing:
            out.setdefault(name, (j, closing[j]))
    return out
