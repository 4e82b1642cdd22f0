"""What an applied code migration's statements are built from: the values
its SQL strings and builder calls fill in (``${tableName}``, ``{table}``,
``$table``), followed through the file's assignments, so that an edit of a
constant that completes a statement is an edit of the statement.

Trial s35 (outline): ``const constraintName = "documents_last_modified_by_id_fkey"``
filled into ``ALTER TABLE ... ADD CONSTRAINT "${constraintName}"`` of a
committed migration, edited to ``"DocumentsLastModifiedByBadFK"``: the SQL
string was unchanged, so no ``DBN025``, yet every new database got the other
name. The rule is textual and strict: any change (outside whitespace and
comments) of an assignment, loop header or destructuring that gives a value
the forward code's SQL reads, directly or through other such names, is a
change of that SQL. ``down()`` is not followed (its strings are not read)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["changed_input"]

#: A statement the SQL of a string may be (holes are followed only there).
_SQL = lazy_compile(
    r"\b(?:create|alter|drop|rename|comment|insert|update|delete|grant|revoke|truncate)\b",
    re.IGNORECASE,
)
#: The holes of a template literal (JS/TS backticks): ``${expr}``.
_TEMPLATE_HOLE = lazy_compile(r"\$\{([^{}]*)\}")
#: The holes of a Python f-string or a C# interpolated string: ``{expr}``.
_BRACE_HOLE = lazy_compile(r"(?<!\{)\{([^{}]+)\}")
#: The holes of a PHP, Kotlin, Groovy, Dart, shell or Perl string:
#: ``$name``, ``${expr}``, ``{$expr}``.
_DOLLAR_HOLE = lazy_compile(r"\$\{([^{}]*)\}|\{\$([^{}]+)\}|\$([A-Za-z_]\w*)")
#: The holes of a Ruby or Elixir string: ``#{expr}``.
_HASH_HOLE = lazy_compile(r"#\{([^{}]*)\}")
_DOLLAR_SUFFIXES = (".php", ".kt", ".kts", ".groovy", ".dart", ".sh", ".bash", ".pl", ".pm")
_WORD = lazy_compile(r"[A-Za-z_$][\w$]*")
#: Words of an expression that are never a value of the file's.
_NOT_NAMES = frozenset(
    [
        "this",
        "self",
        "await",
        "new",
        "typeof",
        "of",
        "in",
        "true",
        "false",
        "null",
        "undefined",
        "None",
        "True",
        "False",
        "const",
        "let",
        "var",
        "return",
        "async",
        "function",
    ]
)
#: How far names are followed through assignments.
_DEPTH = 8


def changed_input(
    path: str, before: str, now: str, spans: Sequence[tuple[int, int]] = ()
) -> tuple[str, int, int] | None:
    """(A name, its line in ``now``, the 1-based line in ``before`` of a
    statement built from it) of code file ``path`` whose value an edit from
    ``before`` to ``now`` changes, when the forward SQL of ``before`` reads it;
    None when none changes. ``spans``: ``before``'s spans left out (its
    ``down()``)."""
    from dbnamelint.impact.sqlscope import string_literals

    roots: dict[str, int] = {}
    for start, end, opening in string_literals(path, before):
        if any(a <= start < b for a, b in spans):
            continue
        body = before[start:end]
        holes = _holes(path, opening)
        if holes is None or _SQL.search(body) is None:
            continue
        for hole in holes.finditer(body):
            expr = next(g for g in hole.groups() if g is not None)
            for word in _WORD.findall(expr):
                if word not in _NOT_NAMES:
                    roots.setdefault(word, before.count("\n", 0, start) + 1)
    seen: set[str] = set()
    todo = [(name, line, 0) for name, line in roots.items()]
    while todo:
        name, line, depth = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        was, is_now = _values(path, before, name), _values(path, now, name)
        if [v for v, _ in was] != [v for v, _ in is_now]:
            at = next(
                (a for (v, a) in is_now if v not in {w for w, _ in was}),
                is_now[0][1] if is_now else 1,
            )
            return name, at, line
        if depth < _DEPTH:
            for value, _ in was:
                todo += [(w, line, depth + 1) for w in _WORD.findall(value) if w not in seen]
    return None


def _holes(path: str, opening: str) -> re.Pattern[str] | None:
    """How a literal opened by ``opening`` in code file ``path`` marks what
    the code fills in; None for a literal that fills in nothing (a plain
    string: its ``{"a": 1}`` is JSON, not a hole)."""
    lower = path.lower()
    prefix = opening.rstrip("\"'`").lower()
    if opening.endswith("`") and not lower.endswith(".go"):
        return _TEMPLATE_HOLE
    if lower.endswith(".py") and "f" in prefix:
        return _BRACE_HOLE
    if lower.endswith(".cs") and "$" in prefix:
        return _BRACE_HOLE
    if lower.endswith(_DOLLAR_SUFFIXES) and not opening.startswith("'"):
        return _DOLLAR_HOLE
    if lower.endswith((".rb", ".ex", ".exs")) and not opening.startswith("'"):
        return _HASH_HOLE
    return None


def _values(path: str, text: str, name: str) -> list[tuple[str, int]]:
    """Each value the file gives ``name`` (its text, comments and whitespace
    out; its 1-based line): ``name = ...`` (``const``/``let``/``var``, a
    type annotation, Go's ``:=``, PHP's ``$name``), a destructuring that
    names it, a ``for`` loop over an expression."""
    n = re.escape(name)
    assign = (
        rf"(?<![\w$.])\$?{n}\s*(?::\s*[\w<>\[\]|, .]+?)?\s*(?::=|=(?![=>]))"
        rf"|(?:const|let|var)\s*[\[{{][^\]}}=]*(?<![\w$]){n}(?![\w$])[^\]}}=]*[\]}}]\s*=(?![=>])"
        rf"|\bfor\s*\(?\s*(?:const|let|var)?\s*(?:[\w$]+\s*,\s*)?{n}\s+(?:of|in|:=\s*range)\s"
    )
    out: list[tuple[str, int]] = []
    python = path.lower().endswith(".py")
    for m in re.finditer(assign, text):
        out.append((_expression(text, m.end(), python), text.count("\n", 0, m.start()) + 1))
    return out


def _expression(text: str, at: int, python: bool) -> str:
    """The expression from ``at`` to its statement's end (``;``, or a line
    end outside brackets; a ``for`` loop's ``)``), spaces collapsed and
    comments out."""
    depth = 0
    quote = ""
    out: list[str] = []
    i = at
    while i < len(text):
        c = text[i]
        if quote:
            out.append(c)
            if c == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 2
                continue
            if c == quote:
                quote = ""
            i += 1
            continue
        if c in "\"'`":
            quote = c
        elif text.startswith("//", i) or (python and c == "#"):
            i = text.find("\n", i)
            if i < 0:
                break
            continue
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = len(text) if close < 0 else close + 2
            continue
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (c == ";" or (c == "\n" and "".join(out).strip())):
            break
        out.append(c)
        i += 1
    return " ".join("".join(out).split())
