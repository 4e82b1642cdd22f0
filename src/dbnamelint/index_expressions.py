"""One spelling of an index expression, whoever wrote it: the files or the catalog.

``drift`` pairs an index renamed in the database with the files' one by
what it indexes; for ``lower(code)`` that is the expression. PostgreSQL
prints an index's expression (``pg_get_indexdef(index, column, true)``)
otherwise than it was written: ``COALESCE(code, ''::text)`` for
``coalesce(code,'')``, ``(a + b)`` for ``((a+b)::int)``, ``(a::bigint)``
for ``cast(a as bigint)``, ``(code ~~ 'a%'::text)`` for ``(code like
'a%')``, without the element's opclass, collation and order. :func:`normalised`
reduces both to one form: the expression alone (what follows its closing
parenthesis dropped), casts dropped (``::type``, ``CAST(x AS type)``),
parentheses and spacing dropped, keywords and unquoted names in lower case,
``~~``/``~~*`` as ``like``/``ilike``. Two expressions that differ only in
those read the same; two that differ otherwise (``lower(code)``,
``lower(cname)``) never do. It is a pairing key, never SQL.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

_TOKEN = lazy_compile(
    r"\s+|(?P<string>[eEnN]?'(?:''|[^'])*')|(?P<quoted>\"(?:\"\"|[^\"])*\")"
    r"|(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)|(?P<word>[^\W\d]\w*)"
    r"|(?P<cast>::)|(?P<op>[-+*/<>=~!@#%^&|`?]+)|(?P<punct>.)"
)
#: Words of a type name after ``::`` or ``AS`` (``character varying``,
#: ``timestamp with time zone``, ``double precision``).
_TYPE_WORDS = frozenset({"varying", "precision", "with", "without", "time", "zone"})
_OPERATORS = {"~~": "like", "~~*": "ilike", "!~~": "not like", "!~~*": "not ilike"}


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue  # white space
        raw = m.group()
        if kind == "quoted":
            out.append(("word", raw[1:-1].replace('""', '"')))
        elif kind == "word":
            out.append(("word", raw.casefold()))
        elif kind == "op":
            out.append(("word", _OPERATORS[raw]) if raw in _OPERATORS else ("op", raw))
        else:
            out.append((kind, raw))
    return out


def _end(toks: list[tuple[str, str]], i: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``i`` (or the last token)."""
    depth = 0
    for k in range(i, len(toks)):
        if toks[k] == ("punct", "("):
            depth += 1
        elif toks[k] == ("punct", ")"):
            depth -= 1
            if depth == 0:
                return k
    return len(toks) - 1


def _skip_type(toks: list[tuple[str, str]], i: int) -> int:
    """Index after the type name starting at ``i`` (words, ``(n)``, ``[]``)."""
    if i < len(toks) and toks[i][0] == "word":
        i += 1
        while i < len(toks):
            if toks[i][0] == "word" and toks[i][1] in _TYPE_WORDS:
                i += 1
            elif toks[i] == ("punct", "(") and i + 1 < len(toks) and toks[i + 1][0] == "number":
                i = _end(toks, i) + 1
            elif toks[i] == ("punct", "[") and i + 1 < len(toks) and toks[i + 1] == ("punct", "]"):
                i += 2
            elif toks[i] == ("punct", "."):
                i += 2  # a schema-qualified type
            else:
                break
    return i


def _strip(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok == ("cast", "::"):
            i = _skip_type(toks, i + 1)
            continue
        if tok == ("word", "cast") and i + 1 < len(toks) and toks[i + 1] == ("punct", "("):
            close = _end(toks, i + 1)
            inner = toks[i + 2 : close]
            depth, at = 0, None
            for k, t in enumerate(inner):
                depth += t == ("punct", "(")
                depth -= t == ("punct", ")")
                if depth == 0 and t == ("word", "as"):
                    at = k
                    break
            out += _strip(inner[:at] if at is not None else inner)
            i = close + 1
            continue
        if tok not in (("punct", "("), ("punct", ")")):
            out.append(tok)
        i += 1
    return out


def normalised(expression: str) -> str:
    """The pairing form of one index element's expression (see the module)."""
    toks = _tokens(expression)
    if not toks:
        return ""
    # The expression ends with its closing parenthesis: f(x) or (x); what follows
    # is the element's collation, operator class and order.
    first = next((k for k, t in enumerate(toks) if t == ("punct", "(")), None)
    if first is not None and all(t[0] == "word" or t == ("punct", ".") for t in toks[:first]):
        toks = toks[: _end(toks, first) + 1]
    return " ".join(text for _, text in _strip(toks))
