"""JavaScript/TypeScript string and template literals, templates nested in holes included.

A template's ``${...}`` hole is code: it may hold strings, braces and other
templates, which hold holes in turn (ECMAScript, "Template Literal Lexical
Components"). A regex for ```...``` ends the outer template at a nested one's
opening backtick, so the outer SQL after the hole was not read as SQL (trial
s43 formbricks: ``$queryRaw`INSERT ... unnest(${Prisma.sql`ARRAY[${ids}]`})
... ON CONFLICT ("key", "workspaceId")` ``). Here each literal ends at its own
closing quote whatever its holes hold, at any depth.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

#: File suffixes whose backtick strings are JavaScript's template literals.
SUFFIXES = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")

#: In code (or a hole): what may open a literal or comment, or a brace.
_CODE_STOP = lazy_compile(r"[\"'`{}]|//|/\*")
#: In a template: an escape, its closing backtick or a hole's opening.
_TEMPLATE_STOP = lazy_compile(r"\\.|`|\$\{", re.DOTALL)
#: A quoted string (one line; a backslash escapes) from its opening quote.
_QUOTED = lazy_compile(r"\"(?:\\.|[^\"\\\n])*\"?|'(?:\\.|[^'\\\n])*'?", re.DOTALL)


def literals(text: str) -> list[tuple[int, int]]:
    """(start, end) of each string and template literal of ``text``, quotes
    included, in order of opening: a template nested in another's hole comes
    after the outer one and lies inside it. An unclosed literal ends at the
    end of ``text``. Comments are skipped; regex literals are read as code."""
    out: list[tuple[int, int]] = []
    # Open contexts, innermost last, as [is_template, value]: a template
    # (value: its index in out) or a hole (value: its count of open braces).
    stack: list[list[int]] = []
    at, size = 0, len(text)
    while at < size:
        if stack and stack[-1][0]:
            found = _TEMPLATE_STOP.search(text, at)
            if found is None:
                break
            token = found.group()
            at = found.end()
            if token == "`":
                index = stack.pop()[1]
                out[index] = (out[index][0], at)
            elif token == "${":
                stack.append([0, 0])
            continue
        found = _CODE_STOP.search(text, at)
        if found is None:
            break
        token, at = found.group(), found.start()
        if token == "//":
            line_end = text.find("\n", at)
            at = size if line_end < 0 else line_end
        elif token == "/*":
            close = text.find("*/", at + 2)
            at = size if close < 0 else close + 2
        elif token in "\"'":
            quoted = _QUOTED.match(text, at)
            end = quoted.end() if quoted is not None else at + 1
            out.append((at, end))
            at = end
        elif token == "`":
            stack.append([1, len(out)])
            out.append((at, size))
            at += 1
        else:
            at += 1
            if stack:  # inside a hole: its braces, its closing one
                if token == "{":
                    stack[-1][1] += 1
                elif stack[-1][1]:
                    stack[-1][1] -= 1
                else:
                    stack.pop()
    return out
