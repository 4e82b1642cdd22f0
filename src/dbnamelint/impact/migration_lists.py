"""Go migration lists: slice literals of SQL a program applies as migration steps.

dex keeps its migrations in code, ``var migrations = []migration{{stmts:
[]string{`create table password (...)`, `update password set ...`}}}``, and
applies each step once, in order: a fresh install replays them all before the
step that renames a table, so every string of the list (its DML too) must keep
the old name, as a migration file does. A list is recognised by its name or its
element type: a Go slice or array literal (``[]T{``, ``[...]T{``, ``[3]T{``)
assigned to, or keyed by, an identifier holding ``migrat`` (``migrations``,
``schemaMigrations``, ``Migrations:``), or whose element type holds it
(``[]migration{``, ``[]*migrate.Migration{``), or a value of a slice type
named so (photoprism's ``var DialectMySQL = Migrations{...}``). A named list's elements may be
functions (miniflux: ``var migrations = [...]func(tx *sql.Tx) error{func(tx
*sql.Tx) (err error) {sql := `CREATE TABLE ...`; ...}, ...}``). A list of start-up DDL under
another name (``var schema = []string{...}``) is not one: it needs the new name.
A slice of versioned steps is one too, whatever its name (listmonk's ``var
migList = []migFunc{{"v0.4.0", migrations.V0_4_0}, ...}``: trial s34): every
element a struct literal holding a version string (``"v6.1.0"``, ``"1.2"``)
then a function, and a function of it running DDL (a ``func`` literal or a
function of the file whose strings hold ``CREATE``, ``ALTER``, ``DROP`` or
``RENAME``, or one of a package named for migrations, ``migrations.V6_0_0``,
which the text alone cannot read). Reads text only.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_braces import block_end
from dbnamelint.go_calls import GO_STRING

#: A slice or array literal's opening brace, named or typed as migrations.
_OPENING = lazy_compile(
    r"(?:\b(?P<name>\w*[Mm][Ii][Gg][Rr][Aa][Tt]\w*)\s*(?::=|=|:)\s*"
    r"\[(?:\d*|\.\.\.)\](?:\*?[\w.]+|func\s*\([^()]*\)\s*(?:\([^()]*\)|\*?[\w.]+)?)\s*\{"
    r"|\[(?:\d*|\.\.\.)\]\*?(?:\w+\.)?\w*[Mm]igrat\w*\s*\{"
    # a slice type of its own named so (photoprism's generated
    # ``var DialectMySQL = Migrations{{ID: ..., Statements: []string{...}}}``)
    r"|(?::=|=)\s*(?:\w+\.)?\w*[Mm]igrations\s*\{)"
)


#: A slice literal whose first element is a struct literal starting with a
#: version string (``[]migFunc{{"v0.4.0", ...``, ``{version: "1.2", ...``).
_VERSIONED_OPENING = lazy_compile(
    r'\[\]\*?(?:\w+\.)?\w+\s*\{(?=\s*(?://[^\n]*\n\s*)*\{\s*(?:\w+\s*:\s*)?"v?\d+\.\d)'
)
#: A versioned step: ``{"v6.1.0", migrations.V6_1_0}`` (fields keyed or not;
#: more fields after the function allowed), its version and function.
_VERSIONED_STEP = lazy_compile(
    r'\{\s*(?:\w+\s*:\s*)?"(?P<version>v?\d+(?:\.\d+)+(?:[-+][\w.-]*)?)"\s*,\s*'
    r"(?:\w+\s*:\s*)?(?:(?P<literal>func\b)|(?:(?P<package>\w+)\.)?(?P<function>\w+)\s*[,}])",
    re.DOTALL,
)
#: What a string of a step's function holds when it runs DDL.
_DDL = lazy_compile(r"\b(?:CREATE|ALTER|DROP|RENAME)\b", re.IGNORECASE)


def may_hold_list(text: str) -> bool:
    """Whether Go ``text`` may hold a migration list: a cheap test before
    :func:`migration_lists` (``igrat``, or a versioned step's opening)."""
    return "igrat" in text.lower() or _VERSIONED_OPENING.search(text) is not None


def migration_lists(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each Go migration list literal in ``text``
    (from its ``{`` to past its ``}``; to the end of the text when unclosed),
    in order, none inside another; [] for a file that is not Go."""
    if not path.lower().endswith(".go"):
        return []
    out: list[tuple[int, int]] = []
    if "igrat" in text.lower():
        at = 0
        while True:
            found = _OPENING.search(text, at)
            if found is None:
                break
            start = found.end() - 1
            end = block_end(text, start)
            out.append((start, end))
            at = end
    for found in _VERSIONED_OPENING.finditer(text):
        start = found.end() - 1
        if in_lists(out, start):
            continue
        span = (start, block_end(text, start))
        if _versioned(text, span):
            out.append(span)
    return sorted(out)


#: Blanks and Go comments before a step.
_LEADING = lazy_compile(r"(?:\s|//[^\n]*|/\*.*?\*/)*", re.DOTALL)


def _versioned_step(text: str, span: tuple[int, int]) -> re.Match[str] | None:
    """The versioned step at ``span``, comments before it skipped, or None."""
    a, b = span
    lead = _LEADING.match(text, a, b)
    return _VERSIONED_STEP.match(text, lead.end() if lead else a, b)


def _versioned(text: str, span: tuple[int, int]) -> bool:
    """Whether the slice literal at ``span`` is a list of versioned steps
    (see the module docstring) one of whose functions runs DDL."""
    runs_ddl = False
    for a, b in list_steps(text, span):
        step = _versioned_step(text, (a, b))
        if step is None:
            return False
        if runs_ddl:
            continue
        if step.group("literal"):
            runs_ddl = _holds_ddl(text[a:b])
        elif step.group("package"):
            runs_ddl = "migrat" in step.group("package").lower()
        else:
            runs_ddl = _holds_ddl(_function_body(text, step.group("function")))
    return runs_ddl


def _holds_ddl(code: str) -> bool:
    """Whether a string literal of Go ``code`` holds a DDL word."""
    return any(_DDL.search(m.group()) for m in GO_STRING.finditer(code))


def _function_body(text: str, name: str) -> str:
    """The text of Go function ``name``'s body in ``text`` ("" when it is not there)."""
    found = re.search(rf"^func\s+{re.escape(name)}\s*\(", text, re.MULTILINE)
    if found is None:
        return ""
    brace = text.find("{", found.end())
    return text[brace : block_end(text, brace)] if brace >= 0 else ""


def step_version(text: str, span: tuple[int, int]) -> str | None:
    """The version of the versioned step at ``span`` (``v6.1.0``), or None."""
    step = _versioned_step(text, span)
    return step.group("version") if step is not None else None


def step_function(text: str, span: tuple[int, int]) -> str | None:
    """The function a versioned step at ``span`` names (``migrations.V6_1_0``),
    or None (a ``func`` literal, or not a versioned step)."""
    step = _versioned_step(text, span)
    if step is None or step.group("literal"):
        return None
    package = step.group("package")
    return f"{package}.{step.group('function')}" if package else step.group("function")


def version_key(version: str) -> tuple[int, ...]:
    """A dotted version's numbers, to order by (``v6.1.0`` -> (6, 1, 0))."""
    numbers = re.match(r"v?(\d+(?:\.\d+)*)", version)
    return tuple(int(n) for n in numbers.group(1).split(".")) if numbers else ()


def in_lists(lists: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls inside one of ``lists``."""
    return any(a <= offset < b for a, b in lists)


def list_steps(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """(start, end) offsets of each element (step) of the list literal at
    ``span`` (:func:`migration_lists`), in order: the text between its
    top-level commas, blanks trimmed (a trailing comma's empty element
    dropped; comments before it too); Go strings, runes and comments skipped."""
    start, end = span
    out: list[tuple[int, int]] = []
    depth = 0
    i = start + 1
    stop = end - 1 if end > start and text[end - 1 : end] == "}" else end
    piece = i

    def close(at: int) -> None:
        # the comment ending the line before (`// V1 -> V2`) is no part of
        # the step, and a comment after the last comma is no step (trial s39
        # writefreely: it counted as one, so every count was one too high)
        lead = _LEADING.match(text, piece, at)
        a, b = (lead.end() if lead else piece), at
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))

    while i < stop:
        char = text[i]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif char == "," and depth == 0:
            close(i)
            piece = i + 1
        elif char == "`":
            found = text.find("`", i + 1)
            i = stop if found < 0 else found
        elif char in "\"'":
            i += 1
            while i < stop and text[i] != char and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
        elif text.startswith("//", i):
            found = text.find("\n", i)
            i = stop if found < 0 else found
            continue
        elif text.startswith("/*", i):
            found = text.find("*/", i + 2)
            i = stop if found < 0 else found + 1
        i += 1
    close(stop)
    return out
